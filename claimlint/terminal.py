"""Neutralise control characters before text from pages reaches a terminal.

Pages and file names are written by others: an escape sequence in them,
printed raw, can move the cursor, rewrite earlier lines, retitle the window
or (OSC 52) write the user's clipboard; bidirectional overrides can make a
line read differently from what it holds. Every such character is replaced
by one visible character (a Unicode control picture such as ␛ for C0
controls, ␡ for DEL, � for C1 controls and bidirectional controls), so the
excerpt keeps its width and the caret under it still points at the claim.
"""
from __future__ import annotations

import re

from claimlint.positions import LINE_BREAK

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _picture(m: re.Match) -> str:
    c = ord(m.group())
    if c < 0x20:
        return chr(0x2400 + c)
    if c == 0x7F:
        return "\u2421"
    return "\ufffd"


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with every terminal control character (but tab, and newlines if asked) made visible."""
    if not keep_newlines:
        text = text.replace("\n", "\u2424").replace("\r", "\u240d")
    else:
        text = text.replace("\r", "\u240d")
    return _UNSAFE.sub(_picture, text)


# What printable() changes when newlines are not kept: a text without any is left as it is.
_CHANGED = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def safe_view(result, sources: dict[str, str] | None):
    """A copy of a run's result and sources with everything from pages made printable.

    Sources keep their lines (LF, CRLF and lone CR become LF, as positions count them),
    so line numbers and carets are unchanged.
    """
    import copy
    from dataclasses import replace

    view = copy.copy(result)
    # Only findings that hold such a character are copied (a run may report tens of thousands).
    unsafe = _CHANGED.search
    view.findings = [replace(f, path=printable(f.path), text=printable(f.text), message=printable(f.message),
                             suggestions=[printable(s) for s in f.suggestions])
                     if unsafe(f.path) or unsafe(f.text) or unsafe(f.message) or any(map(unsafe, f.suggestions)) else f
                     for f in result.findings]
    view.suppressions = [{**s, "path": printable(str(s.get("path", ""))),
                          "rules": [printable(str(r)) for r in s.get("rules", [])],
                          "problems": [printable(str(p)) for p in s.get("problems", [])]} for s in result.suppressions]
    safe_sources = {printable(k): _printable_lines(v) for k, v in (sources or {}).items()}
    return view, safe_sources


def _printable_lines(text: str) -> str:
    """`text` with its line breaks made LF and every other control character made visible:
    what printable() gives each line, joined by LF, in two passes over the whole text
    instead of two calls a line (a 10 MB site has 145,000 lines)."""
    if "\r" in text:
        text = LINE_BREAK.sub("\n", text)
    return _UNSAFE.sub(_picture, text)  # LF is not in _UNSAFE; no CR is left
