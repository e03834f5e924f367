"""Findings in a compact form for the trip from a forked worker back to the parent.

A worker's findings are pickled to reach the parent process. Pickled as Finding
objects, each one is a class reference, a dict of 21 named fields and its values,
rebuilt field by field on the other side: on 65,000 findings that cost the parent
about three times what plain tuples do. `pack` sends what the findings of a file
share (their path and their rule's id, code, category and fix) once, in a table,
and each finding as one tuple of the rest; `unpack` makes the same Finding objects
again (every field equal, in the same order).
"""
from __future__ import annotations

from claimlint.findings import Finding


def pack(findings: list[Finding]) -> tuple[list[tuple], list[tuple]]:
    """(shared, rows): the distinct (path, rule, code, category, fix) of the findings, and
    for each finding its index in them and its other fields."""
    shared: dict[tuple, int] = {}
    rows = []
    for f in findings:
        key = (f.path, f.rule, f.code, f.category, f.fix)
        i = shared.get(key)
        if i is None:
            i = shared[key] = len(shared)
        rows.append((i, f.line, f.column, f.end_line, f.end_column, f.severity, f.message, f.text, f.suggestions,
                     f.start, f.end, f.sentence, f.contexts, f.plain, f.paragraph, f.paragraph_line, f.record))
    return list(shared), rows


def unpack(packed: tuple[list[tuple], list[tuple]]) -> list[Finding]:
    """The findings `pack` was given."""
    shared, rows = packed
    out = []
    for i, line, column, end_line, end_column, severity, message, text, suggestions, start, end, sentence, \
            contexts, plain, paragraph, paragraph_line, record in rows:
        path, rule, code, category, fix = shared[i]
        out.append(Finding(path, line, column, end_line, end_column, rule, code, category, severity, message, text,
                           suggestions, start, end, sentence, fix, contexts, plain, paragraph, paragraph_line, record))
    return out
