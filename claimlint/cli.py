"""The command line: check, rules, rule, eval, strength, server."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from claimlint.version import __version__
from claimlint.output import FORMATS as REPORT_FORMATS

FAIL_LEVELS = ("error", "warning", "info")


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out += [x.strip() for x in v.split(",") if x.strip()]
    return out


def _load(config_path, extra_rules, no_builtin=False):
    """Configuration and rule set, or exit 2 with the file and line at fault."""
    from claimlint.config import ConfigError, load_config
    from claimlint.ruleset import RuleError, load_ruleset

    try:
        cfg = load_config(Path(config_path) if config_path else None)
    except ConfigError as exc:
        click.echo(f"claimlint: {_safe(exc)}", err=True)
        sys.exit(2)
    try:
        ruleset = load_ruleset(list(cfg.rules) + [Path(p) for p in extra_rules],
                               builtin=cfg.builtin_rules and not no_builtin)
    except RuleError as exc:
        click.echo("claimlint: invalid rules:", err=True)
        for p in exc.problems:
            click.echo(f"  {_safe(p)}", err=True)
        sys.exit(2)
    return cfg, ruleset


def _require_learned() -> None:
    """The learned claim-strength engine was asked for: exit 2 with the fix if it cannot run."""
    from claimlint.learned import LearnedUnavailable, require

    try:
        require()
    except LearnedUnavailable as exc:
        click.echo(f"claimlint: {exc}", err=True)
        sys.exit(2)


class _Commands(click.Group):
    """The command group, with the commands that live in their own packages imported only
    when named (or listed by --help): `claimlint check` never pays for the crawler's imports."""

    LAZY = {"scan": "claimlint.scan.command", "crawl": "claimlint.crawl.command"}

    def list_commands(self, ctx) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.LAZY))

    def get_command(self, ctx, name: str):
        if name in self.LAZY and name not in self.commands:
            import importlib

            self.add_command(getattr(importlib.import_module(self.LAZY[name]), name))
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimlint")
def main() -> None:
    """claimlint finds overclaims in health marketing copy, explains why each
    is a problem, and proposes a compliant rewording."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS),
              default="text", show_default=True,
              help="Output format (concise: one line per finding; jsonl: one JSON finding a line, streamed).")
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), help="Extra rule file or folder (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--select", multiple=True, help="Only these rule ids, codes or categories (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule ids, codes or categories (comma-separated).")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=None,
              help="Lowest severity that makes the run fail (default: warning, or the configuration's).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--no-builtin-rules", is_flag=True, help="Use only the rules given with --rules or in configuration.")
@click.option("--force-exclude", is_flag=True, help="Apply configured excludes to files named on the command line too.")
@click.option("--stdin-format", type=click.Choice(["markdown", "html", "text", "mdx"]), default=None,
              help="Format of standard input (default: from --stdin-filename's extension, else markdown).")
@click.option("--stdin-filename", metavar="PATH",
              help="The name to report standard input under (and to take its format and excludes from).")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip files that git ignores (default: on, or the configuration's respect-gitignore).")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary, notes or progress.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has, instead of the findings.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Report only findings not in this baseline.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="Record today's findings in this file (and exit 0).")
@click.option("--changed-since", "changed_since", metavar="REF", help="Lint only files changed since this git ref.")
@click.option("--require-reason", is_flag=True, default=None, help="Suppression comments must give a reason after '--'.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write cached findings (the rules stay cached).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the rewordings instead of the report; write nothing.")
@click.option("--fix", is_flag=True, help="Apply the safe rewordings to the files.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply rewordings that change what the page claims.")
@click.option("--progress/--no-progress", default=None,
              help="A progress bar on standard error (default: when it is a terminal and there are 20 files or more).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Worker processes (1: this process only; default or 0: as many as pay off).")
def check(paths, fmt, output_path, extra_rules, config_path, select, ignore, fail_on, exit_zero, no_builtin_rules,
          force_exclude, stdin_format, stdin_filename, respect_gitignore, quiet, statistics, baseline_path,
          write_baseline_path, changed_since, require_reason, no_cache, show_diff, fix, unsafe_fixes, progress, jobs):
    """Lint files, folders (recursively; the current folder when none is given) or - for standard input."""
    from claimlint.config import ConfigError, validate_names
    from claimlint.discovery import discover, excluded_path
    from claimlint.engine import Linter, Selection
    from claimlint.findings import at_least
    from claimlint.output import render
    from claimlint.runner import run

    if no_cache:
        from claimlint import cache

        cache.disable_findings()
    cfg, ruleset = _load(config_path, extra_rules, no_builtin_rules)
    if not cfg.cache:
        from claimlint import cache

        cache.disable_findings()
    selected, ignored = _split(select) or cfg.select, cfg.ignore + _split(ignore)
    known = {r.id for r in ruleset.rules} | {r.code for r in ruleset.rules}
    try:
        validate_names(selected, known, "--select" if select else (lambda n: cfg.where("select", n)))
        validate_names(ignored, known, lambda n: "--ignore" if n in _split(ignore) else cfg.where("ignore", n))
        validate_names(list(cfg.severity), known, lambda n: cfg.where("severity", n))
    except ConfigError as exc:
        click.echo(f"claimlint: {_safe(exc)}", err=True)
        sys.exit(2)

    if not paths:
        # As ruff and Vale do: no path means the current folder; standard input only when asked for.
        paths = ("-",) if stdin_filename else (".",)
    if stdin_filename and "-" in paths:
        from claimlint.documents import format_for

        stdin_format = stdin_format or format_for(stdin_filename, default="markdown")
    if respect_gitignore is None:
        respect_gitignore = cfg.respect_gitignore
    found = discover(list(paths), cfg.exclude, cfg.root, force_exclude=force_exclude,
                     respect_gitignore=respect_gitignore)
    if stdin_filename and force_exclude and "-" in found.files \
            and excluded_path(stdin_filename, cfg.exclude, cfg.root, respect_gitignore):
        found.files.remove("-")  # an editor piping an excluded file: nothing to report
    for option, target in (("-o/--output", output_path), ("--write-baseline", write_baseline_path)):
        if target:
            problem = _output_problem(target, found.files)
            if problem:
                click.echo(f"claimlint: {option} {_safe(target)}: {problem}", err=True)
                sys.exit(2)
    if changed_since:
        from claimlint.gitdiff import GitError, changed_files

        try:
            changed = changed_files(changed_since)
        except GitError as exc:
            click.echo(f"claimlint: {_safe(exc)}", err=True)
            sys.exit(2)
        found.files = [f for f in found.files if f == "-" or Path(f).resolve() in changed]
    if fix and not show_diff and "-" in found.files:
        click.echo("claimlint: standard input cannot be fixed in place; use --diff to see the rewordings", err=True)
        sys.exit(2)
    if fix and not show_diff:
        from claimlint.documents import is_archive

        archives = [f for f in found.files if f != "-" and is_archive(f)]
        if archives:
            click.echo(f"claimlint: {archives[0]}: a web archive cannot be fixed in place; use --diff to see the rewordings",
                       err=True)
            sys.exit(2)
    if cfg.strength_engine == "learned":
        _require_learned()
    linter = Linter(ruleset, Selection(tuple(selected), tuple(ignored), cfg.severity), cfg.strength_engine)
    if progress is None:
        progress = sys.stderr.isatty() and len(found.files) >= 20 and not quiet
    stream = None
    if fmt == "jsonl" and not (output_path or fix or show_diff or baseline_path or write_baseline_path or statistics
                                or stdin_filename):
        from claimlint.output.jsonl import finding_line

        def stream(findings):  # large runs: each file's findings as soon as it is linted
            for f in findings:
                click.echo(finding_line(f))
    result = run(linter, found.files, stdin_format, keep_sources=fmt in ("text", "html") or fix or show_diff,
                 require_reason=cfg.require_reason if require_reason is None else require_reason, progress=progress,
                 jobs=jobs, on_findings=stream)
    if fix or show_diff:
        _fix_or_diff(result, fix, show_diff, unsafe_fixes, quiet, linter,
                     cfg.require_reason if require_reason is None else require_reason, stdin_name=stdin_filename)
        if fix and not show_diff:
            # Report what is left after fixing, as ruff does.
            fix_errors = result.errors
            result = run(linter, [p for p in found.files], stdin_format, keep_sources=fmt in ("text", "html"),
                         require_reason=cfg.require_reason if require_reason is None else require_reason)
            result.errors = fix_errors + [e for e in result.errors if e not in fix_errors]
    result.errors = found.errors + result.errors
    if stdin_filename:
        _rename_stdin(result, stdin_filename)
    from claimlint import cache

    cache.prune()  # keep the cache folder within its bound

    if write_baseline_path:
        from claimlint.baseline import write_baseline

        try:
            write_baseline(write_baseline_path, result.findings)
        except OSError as exc:
            click.echo(f"claimlint: cannot write baseline {_safe(write_baseline_path)}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        click.echo(f"claimlint: wrote {len(result.findings)} findings to {write_baseline_path}", err=True)
    elif baseline_path:
        from claimlint.baseline import BaselineError, filter_new, load_baseline

        try:
            result.findings, result.baselined = filter_new(result.findings, load_baseline(baseline_path))
        except BaselineError as exc:
            click.echo(f"claimlint: {_safe(exc)}", err=True)
            sys.exit(2)

    if show_diff:
        failing = any(at_least(f.severity, fail_on or cfg.fail_on or "warning") for f in result.findings)
        sys.exit(2 if result.errors else (1 if failing and not exit_zero else 0))
    if statistics:
        from claimlint.output.text import render_statistics

        report = render_statistics(result, ruleset)
    else:
        # A web archive stands for the pages linted in it.
        files = [p for f in found.files for p in result.records.get(f, [f])]
        files = [stdin_filename if stdin_filename and f == "-" else f for f in files]
        report = render(fmt, result, ruleset, files=files, **({"quiet": quiet} if fmt in ("text", "concise") else {}))
    if stream is not None:
        pass  # already printed, file by file
    elif output_path:
        from claimlint.fileio import atomic_write_text

        try:
            atomic_write_text(Path(output_path), report + "\n")
        except OSError as exc:
            click.echo(f"claimlint: cannot write the report to {_safe(output_path)}: {exc.strerror or exc}", err=True)
            sys.exit(2)
    elif report:
        from claimlint.output.text import use_color

        # click strips colour codes from output that is not a terminal; FORCE_COLOR asked for them.
        click.echo(report, color=True if fmt in ("text", "concise") and use_color() else None)
    for note in getattr(found, "notes", ()):
        click.echo(f"claimlint: {_safe(note)}", err=True)
    for err in result.errors:
        click.echo(f"claimlint: {_safe(err)}", err=True)
    if result.errors:
        sys.exit(2)
    if write_baseline_path:
        sys.exit(0)
    threshold = fail_on or cfg.fail_on or "warning"
    failing = any(at_least(f.severity, threshold) for f in result.findings)
    sys.exit(1 if failing and not exit_zero else 0)


def _rename_stdin(result, name: str) -> None:
    """Report standard input under --stdin-filename, everywhere a path appears."""
    for f in result.findings:
        if f.path == "-":
            f.path = name
    for table in (result.sources, result.formats, result.digests):
        if "-" in table:
            table[name] = table.pop("-")
    for sup in result.suppressions:
        if sup.get("path") == "-":
            sup["path"] = name
    result.errors = [name + e[1:] if e.startswith("-: ") else e for e in result.errors]


def _safe(text) -> str:
    """File names and page text on standard error, with control characters made visible."""
    from claimlint.terminal import printable

    return printable(str(text))


def _output_problem(target: str, inputs: list[str]) -> str | None:
    """Why a report or baseline cannot go to `target`: one of the inputs, or a missing folder."""
    import os

    out = Path(target)
    for f in inputs:
        if f == "-":
            continue
        try:
            if out.exists() and os.path.samefile(out, f):
                return f"is one of the files being checked ({f}); the report would overwrite it"
        except OSError:
            pass
        if out.resolve() == Path(f).resolve():
            return f"is one of the files being checked ({f}); the report would overwrite it"
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        return f"folder {parent} does not exist"
    if out.is_dir():
        return "is a folder"
    return None


def _fix_or_diff(result, fix: bool, show_diff: bool, unsafe: bool, quiet: bool = False, linter=None,
                 require_reason: bool = False, stdin_name: str | None = None) -> None:
    """Print diffs and/or write fixes; problems go to result.errors. Standard input's diff
    is headed with its --stdin-filename, as its findings are, so `patch` can apply it."""
    from collections import defaultdict

    from claimlint import fixing
    from claimlint.output.text import color_diff, use_color

    colour = show_diff and use_color()

    by_file = defaultdict(list)
    for f in result.findings:
        by_file[f.path].append(f)
    fixed_count = 0
    for path, findings in by_file.items():
        source = result.sources.get(path)
        if source is None:
            continue
        edits = fixing.plan(source, findings, unsafe)
        if not edits:
            continue
        if path == "-" or result.formats.get(path) == "docx" or path not in result.digests:  # stdin, Word, web archive
            if fix:
                result.errors.append(f"{path}: cannot be fixed in place (standard input or a Word draft); use --diff")
            if not show_diff:
                continue
        fmt = result.formats.get(path, "markdown")
        if linter is not None and fmt != "docx":
            # Until nothing is left to apply, so that a second --fix changes nothing.
            after, count = fixing.converge(linter, path, fmt, source, findings, unsafe, require_reason)
        else:
            after, count = fixing.apply(source, edits), len(edits)
        if show_diff:
            patch = fixing.diff(stdin_name if path == "-" and stdin_name else path, source, after)
            click.echo(color_diff(patch) if colour else patch, nl=False, color=colour or None)
            continue
        try:
            fixing.write_fixed(path, result.digests[path], after, *result.encodings.get(path, ("utf-8", b"")))
            fixed_count += count
        except fixing.FixError as exc:
            result.errors.append(str(exc))
    if fix and not show_diff and not quiet:
        click.echo(f"claimlint: applied {fixed_count} rewording{'s' if fixed_count != 1 else ''}"
                   + ("" if unsafe else " (safe only; --unsafe-fixes applies medical rewordings too)"), err=True)


@main.group("cache")
def cache_group():
    """Manage the on-disk cache (see `claimlint cache dir`)."""


@cache_group.command("clean")
def cache_clean():
    """Remove every cached rule pack, compiled matcher and findings entry."""
    from claimlint import cache

    n, total = cache.clean()
    click.echo(f"claimlint: removed {n} cache entr{'y' if n == 1 else 'ies'} ({total / 1e6:.1f} MB) from {cache.cache_dir()}")


@cache_group.command("dir")
def cache_dir_cmd():
    """Print the cache folder, its size and its bound."""
    from claimlint import cache

    n, total = cache.size()
    click.echo(f"{cache.cache_dir()}\n{n} entries, {total / 1e6:.1f} MB (bound {cache.max_bytes() / 1e6:.0f} MB, "
               "CLAIMLINT_CACHE_MAX_MB)")


@main.group(invoke_without_command=True)
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.pass_context
def rules(ctx, extra_rules, config_path):
    """List the rules (and, with `test`, run their examples)."""
    ctx.ensure_object(dict)
    ctx.obj["extra_rules"] = extra_rules
    ctx.obj["config_path"] = config_path
    if ctx.invoked_subcommand is None:
        _, ruleset = _load(config_path, extra_rules)
        width = max(len(r.id) for r in ruleset.rules)
        for r in sorted(ruleset.rules, key=lambda r: r.code):
            click.echo(f"{r.code}  {r.id:<{width}}  {r.category:<19} {r.severity:<7}  {r.message}")


@rules.command("test")
@click.argument("rule_ids", nargs=-1)
@click.option("--rules", "test_rules", multiple=True, type=click.Path(),
              help="Test the rules in this file or folder (repeatable); the built-in lexicons stay available.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.pass_context
def rules_test(ctx, rule_ids, test_rules, config_path):
    """Run every rule's embedded flag/pass examples, and every citation pattern's examples; fail if any misbehaves.

    With --rules, only the rules and citation patterns in those files are tested."""
    from claimlint.examples import run_examples

    extra = tuple(ctx.obj.get("extra_rules", ())) + tuple(test_rules)
    _, ruleset = _load(config_path or ctx.obj.get("config_path"), extra)
    only = set(rule_ids) or None
    if test_rules:
        mine = _rule_ids_in(ruleset, test_rules)
        only = (only & mine) if only else mine
        if not only:
            click.echo(f"claimlint: no rules in {', '.join(test_rules)}", err=True)
            sys.exit(2)
    count, failures = run_examples(ruleset, only, citation_roots=test_rules)
    for f in failures:
        click.echo(f"FAIL {f}")
    click.echo(f"{count - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


def _rule_ids_in(ruleset, paths) -> set[str]:
    """Ids of the rules defined in these files or folders."""
    roots = [Path(p).resolve() for p in paths]
    return {r.id for r in ruleset.rules
            if any(Path(r.path).resolve() == root or root in Path(r.path).resolve().parents for root in roots)}


@main.command()
@click.argument("rule_id")
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
def rule(rule_id, extra_rules, config_path):
    """Explain one rule: what it flags, why, an example, what to write instead."""
    from claimlint.ruledoc import render_rule

    _, ruleset = _load(config_path, extra_rules)
    r = ruleset.rule(rule_id)
    if r is None:
        from rapidfuzz import process

        best = process.extractOne(rule_id, [x.id for x in ruleset.rules] + [x.code for x in ruleset.rules])
        hint = f" Did you mean '{best[0]}'?" if best and best[1] >= 60 else ""
        click.echo(f"claimlint: no rule '{rule_id}'.{hint} Run `claimlint rules` to list them.", err=True)
        sys.exit(2)
    click.echo(render_rule(r, ruleset))


@main.command()
@click.option("--stdio", is_flag=True, help="Talk LSP over standard input and output (the default and only transport).")
def server(stdio):
    """Run the language server for editors (LSP over standard input and output)."""
    from claimlint import server as lsp

    if not lsp.available():
        click.echo(f"claimlint: {lsp.INSTALL_HINT}", err=True)
        sys.exit(2)
    if sys.stdin.isatty():
        click.echo("claimlint server: speaking LSP on standard input and output; an editor starts it "
                   "(see 'In the editor' in the README). Ctrl+D ends it.", err=True)
    lsp.serve()


@main.command("eval")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False))
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--min-f1", type=float, default=None, help="Exit 1 when the micro-averaged category F1 is below this.")
@click.option("-v", "--verbose", is_flag=True, help="List every missed and every wrong finding.")
def eval_cmd(labels, extra_rules, config_path, min_f1, verbose):
    """Score the rules on a labeled corpus: precision, recall and F1 by category."""
    from claimlint.engine import Linter, Selection
    from claimlint.evaluate import LabelsError, evaluate, report

    cfg, ruleset = _load(config_path, extra_rules)
    linter = Linter(ruleset, Selection(tuple(cfg.select), tuple(cfg.ignore), cfg.severity))
    try:
        score = evaluate(Path(labels), linter)
    except LabelsError as exc:
        click.echo(f"claimlint: {_safe(exc)}", err=True)
        sys.exit(2)
    click.echo(report(score, verbose))
    if min_f1 is not None and score.micro()[2] < min_f1:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--rules", "extra_rules", multiple=True, type=click.Path(), help="Extra rule file or folder.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Configuration file to use.")
@click.option("--stdin-format", type=click.Choice(["markdown", "html", "text", "mdx"]), default=None)
@click.option("--engine", type=click.Choice(["rules", "rules+linear", "learned"]), default=None,
              help="rules (cue patterns only; the default, or the configuration's strength-engine), rules+linear "
                   "(the rules, and a linear model where they find no cue) or learned (a fine-tuned transformer "
                   "that defers to the rules' cues where it is unsure; the 'strength' extra).")
def strength(paths, fmt, extra_rules, config_path, stdin_format, engine):
    """Classify how strongly each sentence claims cause and effect:
    causal, conditional, correlational or none."""
    import json

    from claimlint.discovery import discover
    from claimlint.documents import DecodeError, load
    from claimlint.engine import Linter
    from claimlint.positions import LineIndex
    from claimlint.runner import read_input
    from claimlint.strength import StrengthAnalyser

    cfg, ruleset = _load(config_path, extra_rules)
    found = discover(list(paths) or ["."], cfg.exclude, cfg.root, respect_gitignore=cfg.respect_gitignore)
    engine = engine or cfg.strength_engine
    if engine == "learned":
        _require_learned()
    analyser = StrengthAnalyser(Linter(ruleset, strength_engine=engine), engine)
    errors = list(found.errors)
    rows = []
    for path in found.files:
        try:
            display, data, file_fmt = read_input(path, stdin_format)
            document = load(display, data, file_fmt)
        except (OSError, DecodeError) as exc:
            errors.append(f"{path}: {getattr(exc, 'strerror', None) or exc}")
            continue
        index = LineIndex(document.source)
        for block, sent, result in analyser.analyse(document):
            text = sent.text
            lead = len(text) - len(text.lstrip())
            ca, cb = sent.start_char + lead, sent.start_char + len(text.rstrip())
            a, b = block.source_span(ca, cb)
            (line, col), (end_line, end_col) = index.position(a), index.position(b)
            rows.append({"path": path, "line": line, "column": col, "end_line": end_line, "end_column": end_col,
                         "text": document.source[a:b], "strength": result.strength, "cue": result.cue})
    if fmt == "json":
        click.echo(json.dumps({"version": 1, "sentences": rows}, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            click.echo(f"{r['path']}:{r['line']}:{r['column']}: {r['strength']:<13} {' '.join(r['text'].split())}")
    for err in errors:
        click.echo(f"claimlint: {err}", err=True)
    sys.exit(2 if errors else 0)


if __name__ == "__main__":  # pragma: no cover
    main()


def run() -> None:
    """The process entry point (the `claimlint` script and `python -m claimlint`).

    Runs the command, flushes standard output and error, then ends the process with
    `os._exit`: every report and cache file has been written by then, and tearing the
    interpreter down with a loaded spaCy pipeline costs about half a second that a
    linter's user waits for. The exit code is the command's (0, 1 or 2, as the
    contract says). Commands that start a Spark or Dask cluster exit the ordinary way,
    so their shutdown hooks stop the workers. Tests call `main` through click's
    CliRunner, which never gets here.
    """
    from claimlint.gcpause import one_shot

    one_shot()  # the rule caches, once loaded, live until the process ends
    try:
        main()
        code = 0
    except SystemExit as stop:
        code = stop.code
    if any(name in sys.modules for name in ("pyspark", "distributed", "pygls")):
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)  # as sys.exit("message") does
        code = 1
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe (| head): the output went as far as it could
    os._exit(code)
