"""The `claimlint scan` command line."""
from __future__ import annotations

import sys

import click

from claimlint.extras import install_hint
from claimlint.linter_options import build_linter, fail, linter_options

ENGINES = ("local", "spark", "dask")
EXTRA = {"spark": ("pyspark", "spark"), "dask": ("distributed", "dask")}


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True,
              help="Where to run: this machine, a Spark cluster or a Dask cluster.")
@click.option("--master", metavar="URL",
              help="Spark master (local[2], spark://host:7077, yarn) or Dask scheduler (tcp://host:8786).")
@click.option("-o", "--output", "output", metavar="FILE",
              help="findings.parquet (one row per finding) or findings.jsonl; default: JSON Lines on standard output.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="local: worker processes; dask without --master: local workers.")
@click.option("--partitions", type=click.IntRange(min=1), default=None, help="spark: number of tasks (default: 4 per core).")
@linter_options
def scan(paths, engine, master, output, jobs, partitions, extra_rules, config_path, select, ignore, no_builtin_rules,
         fail_on, exit_zero):
    """Lint files, folders and WARC/WET files at scale: on this machine, or on a
    Spark or Dask cluster. Findings are the same as `claimlint check`'s."""
    import importlib.util

    from claimlint.discovery import discover
    from claimlint.findings import at_least
    from claimlint.scan.output import OutputError, check_target, kind_of, write, write_jsonl
    from claimlint.scan.rows import to_finding

    try:
        kind = kind_of(output)
        if kind != "stdout":
            check_target(output, engine)
    except OutputError as exc:
        fail(str(exc))
    if kind == "parquet" and importlib.util.find_spec("pyarrow") is None:
        fail(f"Parquet output needs pyarrow: {install_hint('parquet')}")
    if engine in EXTRA and importlib.util.find_spec(EXTRA[engine][0]) is None:
        fail(f"--engine {engine} needs {EXTRA[engine][0]}: {install_hint(EXTRA[engine][1])}")
    if master and engine == "local":
        fail("--master needs --engine spark or --engine dask")
    if "-" in paths:
        fail("scan reads files, folders and archives, not standard input (use check)")

    linter = build_linter(config_path, extra_rules, select, ignore, no_builtin_rules)
    cfg = linter.config
    found = discover(list(paths), cfg.exclude, cfg.root)
    errors = list(found.errors)
    counts = None
    rows: list[dict] | None
    if engine == "local":
        from claimlint.scan.local import scan_local

        stream = None
        if kind == "stdout":
            def stream(batch):
                write_jsonl(batch, sys.stdout)
                sys.stdout.flush()
        rows, errs, pages = scan_local(linter, found.files, jobs=jobs, on_rows=stream)
        if kind == "stdout":
            kind = "done"
    elif engine == "spark":
        from claimlint.scan.spark import EngineError, scan_spark

        try:
            rows, errs, pages = scan_spark(linter, found.files, master=master,
                                           output=output if kind == "parquet" else None, partitions=partitions)
        except EngineError as exc:
            fail(str(exc))
        if kind == "parquet":
            counts, rows, kind = rows, None, "done"
    else:
        from claimlint.scan.dask import scan_dask

        try:
            rows, errs, pages = scan_dask(linter, found.files, master=master, jobs=jobs)
        except OSError as exc:
            fail(f"Dask scheduler {master}: {exc}")
    errors += errs
    if rows is not None:
        rows.sort(key=lambda r: (r["path"], r["line"], r["column"], r["end_line"], r["end_column"], r["rule"]))
    if kind == "stdout":
        write_jsonl(rows, sys.stdout)
    elif kind != "done":
        try:
            write(rows, output)
        except OSError as exc:
            fail(f"{output}: cannot write: {exc.strerror or exc}")
    if counts is None:
        counts = {}
        for r in rows or []:
            counts[r["severity"]] = counts.get(r["severity"], 0) + 1
    total = sum(counts.values())
    click.echo(f"claimlint: {total} finding{'s' if total != 1 else ''} in {pages} page{'s' if pages != 1 else ''} "
               f"({engine})" + (f", written to {output}" if output else ""), err=True)
    for e in errors:
        click.echo(f"claimlint: {e}", err=True)
    if errors:
        sys.exit(2)
    threshold = fail_on or cfg.fail_on or "warning"
    failing = any(at_least(sev, threshold) for sev, n in counts.items() if n)
    sys.exit(1 if failing and not exit_zero else 0)


__all__ = ["scan", "build_linter", "to_finding"]
