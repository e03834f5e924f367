"""Does a sentence identify its source? Finds: cited.

A link, a footnote marker whose note exists (a Markdown footnote, or a
number in the page's own plain-text reference list: "...Use Disorder1." over
"1https://..."), and the citation patterns of the rule pack (DOI, PMID,
author-year, journal with year, agency with year) count. A footnote marker
with no footnote does not. A pattern may satisfy only some categories: a journal and a year locate a statistic well enough,
but without authors they do not identify the study an evidence claim
invokes ("a 2021 study in the Journal of X found"). A short block right
next to a bibliographic entry (a claim and then its reference, or a
reference and then its quoted result) is cited by that entry.
"""
from __future__ import annotations

import re

from claimlint.documents.model import Block, Document
from claimlint.ruleset.regex import RegexSet

NEEDS = frozenset({"cited"})

# A page's own numbered reference list, as copied or scraped pages keep it in plain text: "1https://...",
# "[2] Smith J, Jones K. Title. Journal. 2019", "3. Smith J, ... 2020". Its numbers are the notes a marker
# in the text may point to, as a Markdown footnote's label is.
_REFERENCE_LINE = re.compile(
    r"^[ \t]*\[?(\d{1,3})\]?[.)]?[ \t]*(?:https?://|www\.)"
    r"|^[ \t]*\[(\d{1,3})\][ \t]+\S[^\n]{0,300}?\b(?:19|20)\d{2}\b"
    r"|^[ \t]*(\d{1,3})\.[ \t]+[A-Z][A-Za-z'’\-]+,?[ \t]+(?:[A-Z]\.?[ \t]?){1,3}[,.][^\n]{0,300}?\b(?:19|20)\d{2}\b",
    re.M)
# Markers that point into such a list or to a footnote: "[1]", a superscript, or a number glued to the end of a word or a
# sentence ("Use Disorder1.", "drug use.15"). A glued number counts after three lower-case letters only,
# so "vitamin D3" and "B12" are never markers.
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_MARKER = re.compile(r"\[(\d{1,3})\]|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})|(?<=[a-z]{3})(\d{1,3})(?=[.,;:!?)\]]|\s|$)|(?<=[.!?])(\d{1,3})(?=\s|$)")

# A bibliographic entry: "Arns, M., De Ritter, D. (2009). Title. Journal" or a
# title followed by a list of three or more full personal names.
_APA_AUTHORS = re.compile(r"^\s*(?:[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?,\s(?:[A-Z]\.\s?){1,3},?\s(?:&\s|and\s)?){1,12}.{0,40}?\((?:19|20)\d{2}[a-z]?\)")
_NAME_LIST = re.compile(r"(?:\b[A-Z][a-z]+\s(?:[A-Z]\.?\s){0,2}[A-Z][a-z'’\-]+,\s){2,}[A-Z][a-z]+\s(?:[A-Z]\.?\s){0,2}[A-Z][a-z'’\-]+\s*$")
_PAPER_WORDS = re.compile(r"\b(?:study|trial|analysis|meta-analysis|review|efficacy|effectiveness|effects?|randomi[sz]ed|outcomes?|evaluation|cohort)\b", re.I)
_NEAR_REFERENCE_MAX = 600  # characters: only a short claim or quote borrows its neighbour's reference


def is_cited(document: Document, block: Block, start: int, end: int, patterns,
             category: str | None = None, scope: dict | None = None, unless: dict | None = None) -> str | None:
    """The kind of citation found in block.text[start:end] that satisfies `category`, or None."""
    for a, b in block.links:
        if a < end and start < b:
            return "link"
    for a, _end, label in block.footnote_refs:
        if start <= a <= end and label in document.footnotes:
            return "footnote"
    if category in (None, "unsourced-stat", "vague-source") and next_to_reference(document, block):
        return "adjacent reference"  # it locates the evidence; it does not substantiate a ranking
    text = block.text[start:end]
    if listed_marker(document, text):
        return "footnote"
    for name, rx in patterns:
        if category is not None and scope and name in scope and category not in scope[name]:
            continue
        if counts_as(rx, (unless or {}).get(name), text):
            return name
    return None


def reference_labels(document: Document) -> frozenset[str]:
    """The labels a marker may point to: the page's footnotes and the numbers of its own reference
    list (found once per document)."""
    labels = getattr(document, "_reference_labels", None)
    if labels is None:
        listed = (next(g for g in m.groups() if g) for m in _REFERENCE_LINE.finditer(document.source))
        labels = document._reference_labels = frozenset(document.footnotes).union(listed)
    return labels


def listed_marker(document: Document, text: str) -> bool:
    """Does `text` hold a marker ("[1]", "¹", "...disorder1.") whose note the page has?"""
    labels = reference_labels(document)
    if not labels:
        return False
    return any(next(g for g in m.groups() if g).translate(_SUPERSCRIPTS) in labels for m in _MARKER.finditer(text))


def counts_as(rx, unless, text: str) -> bool:
    """Does `rx` match somewhere that no match of `unless` overlaps?"""
    if unless is None:
        return rx.search(text) is not None
    voids = [m.span() for m in unless.finditer(text)]
    return any(not any(a < m.end() and m.start() < b for a, b in voids) for m in rx.finditer(text))


def is_reference_entry(text: str) -> bool:
    """Does this block read like a bibliography entry (authors and year, or a title and its authors)?"""
    text = text.strip()
    if len(text) >= 1200:
        return False
    if _APA_AUTHORS.match(text):
        return True
    names = _NAME_LIST.search(text)
    return bool(names and _PAPER_WORDS.search(text[:names.start()]))


def next_to_reference(document: Document, block: Block) -> bool:
    """Is `block` a short claim or quote directly before or after a reference entry?"""
    if len(block.text) > _NEAR_REFERENCE_MAX:
        return False
    blocks = document.blocks
    # Built once per document: where each block sits, and which blocks are references (the
    # block itself too: each of its sentences and categories asks again).
    index = getattr(document, "_reference_index", None)
    if index is None:
        index = ({id(b): i for i, b in enumerate(blocks)}, {})
        document._reference_index = index
    positions, is_ref = index
    i = positions.get(id(block))
    if i is None:
        return False  # a part of a long block (judge.sentences.chunks): no neighbour to borrow from
    if i not in is_ref:
        is_ref[i] = is_reference_entry(block.text)
    if is_ref[i]:
        return False
    for j in (i - 1, i + 1):
        if 0 <= j < len(blocks):
            if j not in is_ref:
                is_ref[j] = is_reference_entry(blocks[j].text)
            if is_ref[j]:
                return True
    return False


def find(hit, sentence) -> set[str]:
    """Cited when the sentence identifies a source the hit's category accepts (an abstract is
    the source of its own results)."""
    category = hit.rule.category
    cited = sentence.memo.setdefault("cited", {})  # per category
    if sentence.self_cited:
        cited[category] = True
    if category not in cited:
        rs = sentence.linter.ruleset
        s, e = sentence.span.start_char, sentence.span.end_char
        # The patterns the sentence could match at all, asked once a sentence (not once a
        # category): the others lack a literal they need, so counts_as would say no to them.
        patterns = sentence.memo.get("citable")
        if patterns is None:
            patterns = sentence.memo["citable"] = _citation_set(rs.citations).candidates(sentence.block.text[s:e])
        cited[category] = is_cited(sentence.document, sentence.block, s, e,
                                   patterns, category, rs.citation_scope, rs.citation_unless) is not None
    return {"cited"} if cited[category] else set()


_last_set: tuple = ((), RegexSet(()))


def _citation_set(patterns: list) -> RegexSet:
    """The pack's citation patterns as one RegexSet of (name, regex), for the last pack asked."""
    global _last_set
    if _last_set[0] is not patterns:
        _last_set = (patterns, RegexSet((rx, (name, rx)) for name, rx in patterns))
    return _last_set[1]
