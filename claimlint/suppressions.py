"""Inline suppressions in Markdown, HTML and text, with an audit trail.

    <!-- claimlint-disable-next-line cure-claim -- approved by legal, ticket 123 -->
    <!-- claimlint-disable-line proof -- quoting the FTC complaint -->
    <!-- claimlint-disable unsourced-stat -- figures from the annual report -->
    ...
    <!-- claimlint-enable unsourced-stat -->

In MDX, where HTML comments do not compile, the same words go in an MDX
comment: `{/* claimlint-disable-line cure -- quoting the complaint */}`.

Names are rule ids, codes or categories; none means every rule. The text
after `--` is the reason, which reviewers need and `--require-reason`
demands. Only real comments count (not ones inside code), and every
suppression that silences nothing is reported, as is one whose reason is
still the placeholder an editor's quick fix inserted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimlint.documents.model import Document
from claimlint.findings import Finding
from claimlint.positions import LineIndex

COMMENT = re.compile(r"<!--\s*claimlint-(disable-next-line|disable-line|disable|enable)\b(.*?)-->", re.S)
MDX_COMMENT = re.compile(r"\{/\*\s*claimlint-(disable-next-line|disable-line|disable|enable)\b(.*?)\*/\}", re.S)
PLACEHOLDER_REASON = "TODO: say why this claim is acceptable"


def comment(fmt: str, kind: str, names: list[str], reason: str = PLACEHOLDER_REASON) -> str:
    """A suppression comment in the syntax of the document format (kind: disable-line, disable-next-line...)."""
    body = f"claimlint-{kind} {' '.join(names)} -- {reason}"
    return f"{{/* {body} */}}" if fmt == "mdx" else f"<!-- {body} -->"


@dataclass
class Suppression:
    kind: str  # next-line | line | block
    names: tuple[str, ...]
    reason: str
    line: int
    column: int
    start: int  # source offsets the suppression covers
    end: int
    used: int = 0
    problems: list[str] = field(default_factory=list)
    comment: tuple[int, int] = (0, 0)  # source offsets of the comment itself

    def covers(self, f: Finding, index: LineIndex) -> bool:
        if self.names and not ({f.rule, f.code, f.category} & set(self.names)):
            return False
        return self.start <= f.start < self.end

    def to_json(self, path: str) -> dict:
        return {"path": path, "line": self.line, "column": self.column, "kind": self.kind,
                "rules": list(self.names), "reason": self.reason, "used": self.used, "problems": self.problems}


def _comments(document: Document) -> list[tuple[int, int, str]]:
    if document.format == "text":
        return [(m.start(), m.end(), m.group(0)) for m in COMMENT.finditer(document.source)]
    found = [(a, b, text) for a, b, text in document.comments if "claimlint-" in text]
    if document.format == "mdx" and "{/*" in document.source:
        from claimlint.documents.markdown import mask_mdx

        masked = mask_mdx(document.source)  # blanks MDX expressions, but not code fences
        found += [(m.start(), m.end(), m.group(0)) for m in MDX_COMMENT.finditer(document.source)
                  if not masked[m.start():m.end()].strip()]
    return found


def parse_suppressions(document: Document, known: set[str]) -> list[Suppression]:
    index = LineIndex(document.source)
    out: list[Suppression] = []
    open_blocks: list[Suppression] = []
    for a, b, text in sorted(_comments(document)):
        m = COMMENT.search(text) or MDX_COMMENT.search(text)
        if not m:
            continue
        kind, rest = m.group(1), m.group(2).strip()
        names_part, _, reason = rest.partition("--")
        names = tuple(n.strip() for n in re.split(r"[\s,]+", names_part) if n.strip())
        line, col = index.position(a)
        problems = [f"unknown rule or category '{n}'" for n in names if n not in known and n.upper() not in known]
        reason = reason.strip()
        if reason == PLACEHOLDER_REASON:
            problems.append("the reason is still a placeholder: write why this claim is acceptable")
            reason = ""  # not a reason: --require-reason does not accept it
        names = tuple(n.upper() if n.upper() in known and n not in known else n for n in names)
        if kind == "enable":
            for blk in reversed(open_blocks):
                if not names or set(names) & set(blk.names) or not blk.names:
                    blk.end = a
                    open_blocks.remove(blk)
                    break
            continue
        end_line = index.position(b)[0]
        if kind == "disable-next-line":
            target = end_line + 1
            while target <= len(index.starts) and not index.line_text(target).strip():
                target += 1
            start = index.starts[target - 1] if target <= len(index.starts) else len(document.source)
            stop = index.starts[target] if target < len(index.starts) else len(document.source)
            s = Suppression("next-line", names, reason.strip(), line, col, start, stop, problems=problems)
        elif kind == "disable-line":
            s = Suppression("line", names, reason.strip(), line, col, index.starts[line - 1],
                            index.starts[line] if line < len(index.starts) else len(document.source), problems=problems)
        else:
            s = Suppression("block", names, reason.strip(), line, col, b, len(document.source), problems=problems)
            open_blocks.append(s)
        s.comment = (a, b)
        out.append(s)
    return out


def apply_suppressions(findings: list[Finding], suppressions: list[Suppression], index: LineIndex,
                       require_reason: bool = False) -> list[Finding]:
    """Drop suppressed findings; count uses. Without a reason, under
    --require-reason, a suppression suppresses nothing."""
    kept = []
    for f in findings:
        hit = None
        for s in suppressions:
            if require_reason and not s.reason:
                continue
            if s.covers(f, index):
                hit = s
                break
        if hit is None:
            kept.append(f)
        else:
            hit.used += 1
    if require_reason:
        for s in suppressions:
            if not s.reason and "has no reason (--require-reason)" not in s.problems:
                s.problems.append("has no reason (--require-reason): write one after '--'")
    for s in suppressions:
        if not s.used and not s.problems:
            s.problems.append("suppresses nothing")
    return kept
