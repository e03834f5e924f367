"""Apply a rewording to text: the one place that edits a user's words.

Used by the rule examples (`fixed:`), `--diff` and `--fix`. An empty
rewording deletes the flagged words together with one neighbouring space,
and a sentence that loses its first word keeps its capital letter.
"""
from __future__ import annotations


def apply_rewording(text: str, start: int, end: int, replacement: str) -> str:
    """`text` with text[start:end] replaced by `replacement`."""
    if replacement:
        return text[:start] + replacement + text[end:]
    before, after = text[:start], text[end:]
    if after.startswith(" ") and (not before or before.endswith((" ", "\n", "\t", "(", "\"", "“"))):
        after = after[1:]
    elif before.endswith(" ") and (not after or after[:1] in " .,;:!?)"):
        before = before[:-1]
    removed = text[start:end]
    if removed[:1].isupper() and after[:1].islower():
        after = after[:1].upper() + after[1:]
    return before + after
