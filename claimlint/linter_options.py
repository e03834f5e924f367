"""The linter options that `crawl` and `scan` share, and building a linter from them.

One place for the click options and for turning configuration and rule errors
into exit-2 messages, so the commands cannot drift apart.
"""
from __future__ import annotations

import sys

import click


def fail(message: str):
    """A usage or configuration error: exit 2, as the JSON contract says."""
    click.echo(f"claimlint: {message}", err=True)
    sys.exit(2)


def linter_options(command):
    """--rules, --config, --select, --ignore, --no-builtin-rules, --fail-on and --exit-zero."""
    for option in reversed((
        click.option("--rules", "extra_rules", multiple=True, type=click.Path(),
                     help="Extra rule file or folder (repeatable)."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use."),
        click.option("--select", multiple=True, help="Only these rule ids, codes or categories (comma-separated)."),
        click.option("--ignore", multiple=True, help="Skip these rule ids, codes or categories (comma-separated)."),
        click.option("--no-builtin-rules", is_flag=True, help="Use only the rules given with --rules or in configuration."),
        click.option("--fail-on", type=click.Choice(("error", "warning", "info")), default=None,
                     help="Lowest severity that makes the run fail (default: warning, or the configuration's)."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings."),
    )):
        command = option(command)
    return command


def build_linter(config_path, extra_rules, select, ignore, no_builtin_rules):
    """claimlint.Linter.from_options, with its errors as exit-2 messages."""
    from claimlint.api import ConfigError, Linter, RuleError

    try:
        return Linter.from_options(config=config_path, rules=extra_rules, select=select, ignore=ignore,
                                   builtin_rules=not no_builtin_rules)
    except ConfigError as exc:
        fail(str(exc))
    except RuleError as exc:
        fail("invalid rules:\n" + "\n".join(f"  {p}" for p in exc.problems))
