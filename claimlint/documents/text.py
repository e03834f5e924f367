"""Plain-text reader: paragraphs, headings and bulleted lists without markup.

Web copy pasted as text loses its markup, so structure is recovered from the
lines: a short line without final punctuation is a heading, a line starting
with a bullet or number is a list item, and a line ending in ':' introduces
the list that follows it (so "It CANNOT:" negates its items).
"""
from __future__ import annotations

import re

from claimlint.documents.model import Block, Document, ProseBuilder
from claimlint.documents.urls import mask_urls

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
BULLET = re.compile(r"[ \t]*(?:[-*+•·▪‣◦●○■□➢➤✓✔]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=[ \t]))[ \t]+")
_TERMINAL = re.compile(r"""[.!?:;…]["'”’)\]]*$""")
_HEADING_MAX_WORDS = 14


def _lines(source: str):
    """Yield (start, end) of each line's content, without its line break."""
    for m in _LINE.finditer(source):
        if m.start() == m.end():
            break
        line = m.group().rstrip("\r\n")
        yield m.start(), m.start() + len(line)


def _continues(prev: str, line: str, in_item: bool) -> bool:
    """Whether `line` continues the paragraph (or list item) whose last line is `prev`.

    Web copy pasted as text has one paragraph per line, often without final
    punctuation, so only clear signs join lines: the new line starts in
    lower case, or the previous one ends mid-phrase (comma, hyphen, 'and').
    A list item continues on an indented line.
    """
    if _TERMINAL.search(prev):
        return False
    if in_item and line[:1] in " \t" and line.strip():
        return True
    first = line.lstrip()[:1]
    if first.islower() or first in ",;)":
        return True
    return bool(re.search(r"(?:[,\-–—(]|\b(?:and|or|the|a|an|of|to|with|for|in))$", prev))


def is_heading_like(text: str) -> bool:
    """A short line without sentence punctuation at its end reads as a heading."""
    t = text.strip()
    if not t or len(t.split()) > _HEADING_MAX_WORDS:
        return False
    return not re.search(r"""[.!:;,]["'”’)]*$""", t)


def parse_text(path: str, source: str, join_lines: bool = True) -> Document:
    doc = Document(path=path, source=source, format="text")
    paragraphs: list[tuple[list[tuple[int, int]], bool]] = []  # (line spans, is list item)
    current: list[tuple[int, int]] = []
    current_is_item = False
    for start, end in _lines(source):
        content = source[start:end]
        if not content.strip():
            if current:
                paragraphs.append((current, current_is_item))
            current, current_is_item = [], False
            continue
        bullet = BULLET.match(content)
        if bullet:
            if current:
                paragraphs.append((current, current_is_item))
            current, current_is_item = [(start + bullet.end(), end)], True
            continue
        if current and join_lines and _continues(source[current[-1][0]:current[-1][1]].rstrip(), content, current_is_item):
            current.append((start, end))
            continue
        if current:
            paragraphs.append((current, current_is_item))
        current, current_is_item = [(start, end)], False
    if current:
        paragraphs.append((current, current_is_item))

    lead: Block | None = None
    for spans, is_item in paragraphs:
        builder = ProseBuilder()
        for i, (a, b) in enumerate(spans):
            line = source[a:b]
            stripped_left = len(line) - len(line.lstrip())
            if i:
                builder.space(a - 1)
            builder.add(line[stripped_left:].rstrip(), a + stripped_left)
        text = builder.text()
        if is_item:
            kind = "list_item"
        elif len(spans) == 1 and is_heading_like(text):
            kind = "heading"
        else:
            kind = "paragraph"
        block = builder.build(kind, lead_in=lead if is_item else None)
        if block is None:
            continue
        doc.blocks.append(mask_urls(block))
        if not is_item:
            lead = block if block.text.rstrip().endswith(":") else None
    return doc
