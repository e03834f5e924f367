"""Does a sentence identify its source?

A link, a footnote marker whose note exists, and the citation patterns of
the rule pack (DOI, PMID, author-year, journal with year, agency with year)
count. A footnote marker with no footnote does not. A pattern may satisfy
only some categories: a journal and a year locate a statistic well enough,
but without authors they do not identify the study an evidence claim
invokes ("a 2021 study in the Journal of X found").
"""
from __future__ import annotations

import re

from claimlint.documents.model import Block, Document

_BRACKET_REF = re.compile(r"\[(\d{1,3})\]")


def is_cited(document: Document, block: Block, start: int, end: int, patterns,
             category: str | None = None, scope: dict | None = None, unless: dict | None = None) -> str | None:
    """The kind of citation found in block.text[start:end] that satisfies `category`, or None."""
    for a, b in block.links:
        if a < end and start < b:
            return "link"
    for a, _end, label in block.footnote_refs:
        if start <= a <= end and label in document.footnotes:
            return "footnote"
    text = block.text[start:end]
    for m in _BRACKET_REF.finditer(text):
        if m.group(1) in document.footnotes:
            return "footnote"
    for name, rx in patterns:
        if category is not None and scope and name in scope and category not in scope[name]:
            continue
        if _counts(rx, (unless or {}).get(name), text):
            return name
    return None


def _counts(rx, unless, text: str) -> bool:
    """Does `rx` match somewhere that no match of `unless` overlaps?"""
    if unless is None:
        return rx.search(text) is not None
    voids = [m.span() for m in unless.finditer(text)]
    return any(not any(a < m.end() and m.start() < b for a, b in voids) for m in rx.finditer(text))
