"""Does a sentence identify its source?

A link, a footnote marker whose note exists, and the citation patterns of
the rule pack (DOI, PMID, author-year, journal with year, agency with year)
count. A footnote marker with no footnote does not.
"""
from __future__ import annotations

import re

from claimlint.documents.model import Block, Document

_BRACKET_REF = re.compile(r"\[(\d{1,3})\]")


def is_cited(document: Document, block: Block, start: int, end: int, patterns) -> str | None:
    """The kind of citation found in block.text[start:end], or None."""
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
        if rx.search(text):
            return name
    return None
