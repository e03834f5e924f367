"""The linter's public names, where the rest of claimlint imports them from.

The judging pipeline itself lives in claimlint.judge (one module a step,
see its docstring); this facade keeps `from claimlint.engine import
Linter, Selection, dedupe_findings` working for the commands, the API, the
server and the scanners.
"""
from __future__ import annotations

from claimlint.judge.linter import Linter
from claimlint.judge.selection import Selection

__all__ = ["Linter", "Selection", "dedupe_findings"]


def __getattr__(name: str):
    # Building findings (judge.reporting, with rewording agreement and suggestions) is imported
    # only by a run that has one, or that asks for dedupe_findings.
    if name == "dedupe_findings":
        from claimlint.judge.reporting import dedupe_findings

        return dedupe_findings
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
