"""Align a decoded string with the source text it came from.

YAML scalars and HTML attribute values are decoded (quotes, escapes, folded
lines, entities); `align` recovers, for each decoded character, the source
offset it came from so positions stay exact.
"""
from __future__ import annotations


def align(value: str, source: str, start: int, end: int) -> list[int] | None:
    """Source offsets for each character of `value` inside source[start:end].

    Characters match exactly, decoded whitespace matches any source
    whitespace, and source characters with no counterpart (quotes, escape
    backslashes, indentation) are skipped. Returns None when `value` cannot
    be found in order.
    """
    offsets: list[int] = []
    j = start
    for ch in value:
        while j < end:
            s = source[j]
            if s == ch or (ch.isspace() and s.isspace()):
                offsets.append(j)
                j += 1
                break
            j += 1
        else:
            return None
    return offsets
