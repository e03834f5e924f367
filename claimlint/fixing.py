"""Apply rewordings to files: `--diff` shows them, `--fix` writes them.

As in ruff, a rule says whether its rewording is safe to apply unattended
(`fix: safe`: it adds a citation placeholder and changes no meaning),
unsafe (`fix: unsafe`: a medical rewording that changes what the page
claims; applied only with --unsafe-fixes) or not automatic (`fix: none`).
A fix is applied only when the flagged words are plain text (markup inside
them would be lost), never twice (a second --fix changes nothing), and only
to a file that has not changed since it was read; files are written
atomically, keeping their permissions.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from claimlint.findings import Finding
from claimlint.rewrite import apply_rewording


class FixError(Exception):
    pass


@dataclass
class Edit:
    start: int
    end: int
    replacement: str
    finding: Finding


def plan(source: str, findings: list[Finding], unsafe: bool) -> list[Edit]:
    """Non-overlapping edits for the fixable findings of one file."""
    edits: list[Edit] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if not f.suggestions or f.fix == "none" or (f.fix == "unsafe" and not unsafe):
            continue
        if not f.plain:
            continue  # markup inside the flagged words: leave it to a person
        replacement = f.suggestions[0]
        if replacement and source.startswith(replacement, f.start):
            continue  # already applied ("65.8% [add the citation]" is not extended again)
        if edits and f.start < edits[-1].end:
            continue
        if _PLACEHOLDER.search(replacement) and _sentence_has_placeholder(source, edits, f):
            # One sentence needs one citation, not "In one study [cite it], researchers found [name the study]".
            replacement = " ".join(_PLACEHOLDER.sub("", replacement).split())
            if replacement == source[f.start:f.end]:
                continue
        edits.append(Edit(f.start, f.end, replacement, f))
    return edits


_PLACEHOLDER = re.compile(r"\s*\[[^\]]*(?:cite|citation|source|name the study)[^\]]*\]", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")


def _sentence_has_placeholder(source: str, edits: list[Edit], f: Finding) -> bool:
    """Whether an earlier edit already adds a citation placeholder to f's sentence."""
    for e in reversed(edits):
        if _SENTENCE_END.search(source, e.end, f.start) or e.finding.sentence != f.sentence:
            return False
        if _PLACEHOLDER.search(e.replacement):
            return True
    return False


def apply(source: str, edits: list[Edit]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        source = apply_rewording(source, e.start, e.end, e.replacement)
    return source


def diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def write_fixed(path: str, expected_digest: str, fixed: str) -> None:
    """Write `fixed` to `path` if the file still holds what was linted."""
    from claimlint.fileio import atomic_write_bytes

    p = Path(path)
    try:
        current = p.read_bytes()
    except OSError as exc:
        raise FixError(f"{path}: cannot re-read before fixing: {exc.strerror}") from None
    if hashlib.sha256(current).hexdigest() != expected_digest:
        raise FixError(f"{path}: changed since it was read; not fixed (run claimlint again)")
    bom = b"\xef\xbb\xbf" if current.startswith(b"\xef\xbb\xbf") else b""
    atomic_write_bytes(p, bom + fixed.encode("utf-8"))
