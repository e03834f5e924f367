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


def read_input(path: str, stdin_format: str | None = None) -> tuple[str, bytes, str]:
    """(display path, bytes, format) of a path or '-'."""
    if path == "-":
        return "-", sys.stdin.buffer.read(), stdin_format or "markdown"
    with open(path, "rb") as fh:
        return path, fh.read(), format_for(path, default="text")


def lint_file(linter: Linter, path: str, stdin_format: str | None = None):
    """Findings and decoded source of one file; raises OSError or DecodeError."""
    display, data, fmt = read_input(path, stdin_format)
    doc = load(display if display != "-" else "<stdin>", data, fmt)
    if display == "-":
        doc.path = "-"
    return linter.lint(doc), doc.source


def run(linter: Linter, files: list[str], stdin_format: str | None = None, keep_sources: bool = False) -> RunResult:
    result = RunResult()
    for path in files:
        try:
            findings, source = lint_file(linter, path, stdin_format)
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
        if keep_sources:
            result.sources[path] = source
    return result
