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


def read_input(path: str, stdin_format: str | None = None) -> tuple[str, bytes, str]:
    """(display path, bytes, format) of a path or '-'."""
    if path == "-":
        return "-", sys.stdin.buffer.read(), stdin_format or "markdown"
    with open(path, "rb") as fh:
        return path, fh.read(), format_for(path, default="text")


def lint_file(linter: Linter, path: str, stdin_format: str | None = None, require_reason: bool = False):
    """Findings, decoded source and suppressions of one file; raises OSError or DecodeError."""
    from claimlint.positions import LineIndex
    from claimlint.suppressions import apply_suppressions, parse_suppressions

    display, data, fmt = read_input(path, stdin_format)
    doc = load(display if display != "-" else "<stdin>", data, fmt)
    if display == "-":
        doc.path = "-"
    findings = linter.lint(doc)
    suppressions = parse_suppressions(doc, linter.known_names)
    if suppressions:
        findings = apply_suppressions(findings, suppressions, LineIndex(doc.source), require_reason)
    return findings, doc.source, [s.to_json(path) for s in suppressions]


def run(linter: Linter, files: list[str], stdin_format: str | None = None, keep_sources: bool = False,
        require_reason: bool = False) -> RunResult:
    result = RunResult()
    for path in files:
        try:
            findings, source, suppressions = lint_file(linter, path, stdin_format, require_reason)
        except DecodeError as exc:
            result.errors.append(f"{path}: {exc}")
            continue
        except IsADirectoryError:
            result.errors.append(f"{path}: is a directory")
            continue
        except OSError as exc:
            result.errors.append(f"{path}: cannot read: {exc.strerror or exc}")
            continue
        except RecursionError:
            result.errors.append(f"{path}: too deeply nested to parse")
            continue
        except Exception as exc:  # a bug must not hide the other files' findings
            result.errors.append(f"{path}: internal error while linting ({type(exc).__name__}: {exc}); please report it")
            continue
        result.files += 1
        result.findings.extend(findings)
        result.suppressions.extend(suppressions)
        if keep_sources:
            result.sources[path] = source
    return result
