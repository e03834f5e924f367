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
        if replacement and (source.startswith(replacement, f.start) or source.endswith(replacement, 0, f.end)):
            # already applied: "65.8% [add the citation]" is not extended again, nor "help treat"
            # (which still claims where a "Yes" answers it) made "help help treat"
            continue
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
    """Whether f's sentence already has a citation placeholder: in the text (an earlier round of
    `converge` added it) or from an earlier edit of this round."""
    if _PLACEHOLDER.search(f.sentence):
        return True
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


ROUNDS = 5


def converge(linter, path: str, fmt: str, source: str, findings: list[Finding], unsafe: bool,
             require_reason: bool = False) -> tuple[str, int]:
    """Apply the fixes, lint the result and apply again, until nothing is left to apply.

    One rewording can uncover another (two overlapping hits of one rule keep
    only the longer, "a rapid effecta rapid effect"), so a single pass is not
    idempotent; as ruff does, fixes are applied until a fixed point, at most
    ROUNDS times. Returns the text and the number of rewordings applied.
    """
    from claimlint.documents import parse
    from claimlint.positions import LineIndex
    from claimlint.suppressions import apply_suppressions, parse_suppressions

    total = 0
    for _ in range(ROUNDS):
        edits = plan(source, findings, unsafe)
        if not edits:
            break
        after = apply(source, edits)
        if after == source:
            break
        total += len(edits)
        source = after
        doc = parse(path, source, fmt)
        findings = linter.lint(doc)
        suppressions = parse_suppressions(doc, linter.known_names)
        if suppressions:
            findings = apply_suppressions(findings, suppressions, LineIndex(doc.source), require_reason)
    return source, total


def diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def write_fixed(path: str, expected_digest: str, fixed: str, encoding: str = "utf-8", bom: bytes = b"") -> None:
    """Write `fixed` to `path`, in the file's own encoding and byte-order mark, if the file
    still holds what was linted; links, owner and permissions are kept, read-only files left alone."""
    from claimlint.fileio import ReadOnlyFile, rewrite_file

    p = Path(path)
    try:
        current = p.read_bytes()
    except OSError as exc:
        raise FixError(f"{path}: cannot re-read before fixing: {exc.strerror}") from None
    if hashlib.sha256(current).hexdigest() != expected_digest:
        raise FixError(f"{path}: changed since it was read; not fixed (run claimlint again)")
    try:
        data = bom + fixed.encode(encoding)
    except UnicodeEncodeError as exc:
        raise FixError(f"{path}: the rewording {exc.object[exc.start:exc.end]!r} cannot be written in the file's "
                       f"encoding ({encoding}); not fixed") from None
    try:
        rewrite_file(p, data)
    except ReadOnlyFile:
        raise FixError(f"{path}: is read-only; not fixed (make it writable to fix it)") from None
    except OSError as exc:
        raise FixError(f"{path}: cannot write the fix: {exc.strerror or exc}") from None
