"""Run a check: read each file, lint it, and collect findings and file errors.

A file that cannot be read or decoded is reported and the rest are still
checked; the run then exits 2, because a run that could not check
everything must never pass.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field

from claimlint.documents import DecodeError, format_for, load
from claimlint.engine import Linter
from claimlint.findings import Finding


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: int = 0
    sources: dict[str, str] = field(default_factory=dict)
    suppressions: list[dict] = field(default_factory=list)
    baselined: int = 0
    digests: dict[str, str] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    records: dict[str, list[str]] = field(default_factory=dict)  # web archive -> the pages linted in it
    encodings: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (codec, byte-order mark)


def read_input(path: str, stdin_format: str | None = None) -> tuple[str, bytes, str]:
    """(display path, bytes, format) of a path or '-'."""
    if path == "-":
        return "-", sys.stdin.buffer.read(), stdin_format or "markdown"
    with open(path, "rb") as fh:
        return path, fh.read(), format_for(path, default="text")


def lint_file(linter: Linter, path: str, stdin_format: str | None = None, require_reason: bool = False,
              keep_sources: bool = True):
    """Findings, decoded source and suppressions of one file; raises OSError or DecodeError."""
    from claimlint.positions import LineIndex
    from claimlint.suppressions import apply_suppressions, parse_suppressions

    from claimlint import cache
    from claimlint.documents import is_archive

    if path != "-" and is_archive(path):
        from claimlint.api import lint_archive

        return lint_archive(linter, path, require_reason, keep_sources)  # a big archive's pages are not all kept
    display, data, fmt = read_input(path, stdin_format)
    doc = load(display if display != "-" else "<stdin>", data, fmt)
    if display == "-":
        doc.path = "-"
    key = cache.findings_key(data, fmt, doc.path, linter.settings_key) if cache.findings_enabled() else None
    findings = cache.get_findings(key) if key else None
    if findings is None:
        findings = linter.lint(doc)
        if key:
            cache.put_findings(key, findings)
    suppressions = parse_suppressions(doc, linter.known_names)
    if suppressions:
        findings = apply_suppressions(findings, suppressions, LineIndex(doc.source), require_reason)
    import hashlib

    meta = {"digest": hashlib.sha256(data).hexdigest(), "format": fmt, "encoding": (doc.encoding, doc.bom)}
    return findings, doc.source, [s.to_json(path) for s in suppressions], meta


_worker: dict = {}


def _lint_in_worker(path: str):
    """Runs in a forked worker, which inherited the loaded linter; its findings travel to the
    parent packed (wire.py), the parent unpacks them (_outcomes)."""
    try:
        outcome = _outcome(_worker["linter"], path, _worker["stdin_format"], _worker["require_reason"],
                           _worker["keep_sources"])
    except KeyboardInterrupt:
        return path, ("error", "interrupted")
    if outcome[0] == "ok":
        from claimlint.wire import pack

        outcome = ("ok", pack(outcome[1]), *outcome[2:])
    return path, outcome


def _outcome(linter, path, stdin_format, require_reason, keep_sources=True):
    try:
        findings, source, suppressions, meta = lint_file(linter, path, stdin_format, require_reason, keep_sources)
    except DecodeError as exc:
        return ("error", f"{path}: {exc}")
    except IsADirectoryError:
        return ("error", f"{path}: is a directory")
    except OSError as exc:
        return ("error", f"{path}: cannot read: {exc.strerror or exc}")
    except RecursionError:
        return ("error", f"{path}: too deeply nested to parse")
    except Exception as exc:  # a bug must not hide the other files' findings
        return ("error", f"{path}: internal error while linting ({type(exc).__name__}: {exc}); please report it")
    return ("ok", findings, source, suppressions, meta)


def can_fork() -> bool:
    """Worker processes are possible: fork exists and this is not a daemonic process
    (a multiprocessing, Dask or Spark worker may not have children)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon


def _parallel(files: list[str], jobs: int | None = None) -> int:
    """How many worker processes: `jobs` when given, else as many as pay off
    (many files or much text); one wherever forking is impossible."""
    import os

    if "-" in files or len(files) < 2 or not can_fork():
        return 1
    if jobs is not None and jobs > 0:
        return min(jobs, len(files))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cpus < 2 or len(files) < 4:
        return 1
    total = 0
    for f in files:
        try:
            total += os.path.getsize(f)
        except OSError:
            pass
    return min(cpus, len(files)) if total > 300_000 else 1


def _outcomes(linter, files, stdin_format, require_reason, jobs=None, keep_sources=True):
    workers = _parallel(files, jobs)
    pool = None
    if workers > 1:
        import multiprocessing

        linter.prepare_for_workers()  # load and build once what forked workers inherit
        _worker.update(linter=linter, stdin_format=stdin_format, require_reason=require_reason, keep_sources=keep_sources)
        try:
            pool = multiprocessing.get_context("fork").Pool(workers)
        except (OSError, AssertionError, ValueError):
            pool = None  # no processes to be had (sandbox, limits): lint in this one
    if pool is None:
        for path in files:
            yield path, _outcome(linter, path, stdin_format, require_reason, keep_sources)
        return
    from claimlint.wire import unpack

    with pool:
        for path, outcome in pool.imap(_lint_in_worker, files, chunksize=max(1, len(files) // (workers * 8))):
            if outcome[0] == "ok":
                outcome = ("ok", unpack(outcome[1]), *outcome[2:])
            yield path, outcome


def _with_progress(outcomes, total: int):
    """A progress bar on standard error while files are linted."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("claimlint"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                  TimeElapsedColumn(), console=console, transient=console.is_terminal) as bar:
        task = bar.add_task("lint", total=total)
        for item in outcomes:
            bar.advance(task)
            yield item


def run(linter: Linter, files: list[str], stdin_format: str | None = None, keep_sources: bool = False,
        require_reason: bool = False, progress: bool = False, jobs: int | None = None,
        on_findings=None) -> RunResult:
    """Lint every file; `jobs` worker processes (None or 0: as many as pay off, 1: this
    process only); `on_findings` is called with each file's findings as they come."""
    result = RunResult()
    outcomes = _outcomes(linter, files, stdin_format, require_reason, jobs, keep_sources)
    if progress:
        outcomes = _with_progress(outcomes, len(files))
    for path, outcome in outcomes:
        if outcome[0] == "error":
            result.errors.append(outcome[1])
            continue
        _, findings, source, suppressions, meta = outcome
        if on_findings is not None:
            on_findings(findings)
        result.findings.extend(findings)
        result.suppressions.extend(suppressions)
        if "records" in meta:  # a web archive: one page per record, never fixed in place
            result.files += len(meta["records"])
            result.records[path] = meta["records"]
            result.formats.update(meta["formats"])
            result.errors.extend(meta["errors"])
            if keep_sources:
                result.sources.update(source)
            continue
        result.files += 1
        result.digests[path] = meta["digest"]
        result.formats[path] = meta["format"]
        result.encodings[path] = meta.get("encoding", ("utf-8", b""))
        if keep_sources:
            result.sources[path] = source
    return result
