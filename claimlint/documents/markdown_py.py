"""The reference Markdown reader: markdown-it-py's token stream.

markdown-it-py gives block tokens with line ranges but inline tokens without
columns, so each inline token is located in the block's source slice with a
moving cursor: text is found verbatim, escapes and entities map to their
markup, links, images, code spans and inline HTML are stepped over. HTML
blocks are handed to the HTML reader at their offset. markdown_rs.py gives the
same blocks faster; this reader is its reference in the tests and the fallback
where markdown-it-pyrs has no wheel.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from claimlint.documents.markdown_common import MAX_NESTING, add_unescaped_pipes, _is_citation_href, front_matter, nesting_error
from claimlint.documents.model import Block, Document, ProseBuilder
from claimlint.documents.urls import mask_urls
from claimlint.positions import LineIndex

_md: MarkdownIt | None = None


def _parser() -> MarkdownIt:
    global _md
    if _md is None:
        _md = (
            MarkdownIt("commonmark")
            .enable("table")
            .enable("strikethrough")
            .use(front_matter_plugin)
            .use(footnote_plugin)
            .disable("text_join")
        )
        _md.options["maxNesting"] = MAX_NESTING
    return _md


def _skip_bracketed(source: str, pos: int, open_ch: str, close_ch: str) -> int:
    """Offset just past the bracket group starting at `pos` (which holds open_ch)."""
    depth = 0
    i = pos
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return pos


class _InlineWalker:
    """Turns one inline token's children into a prose block."""

    def __init__(self, source: str, start: int, end: int, doc: Document) -> None:
        self.source = source
        self.cursor = start
        self.end = end
        self.doc = doc
        self.builder = ProseBuilder()
        self.link_start: list[int | None] = []
        self.in_autolink = False

    def find(self, needle: str) -> int:
        if not needle:
            return self.cursor
        at = self.source.find(needle, self.cursor, self.end)
        return at

    def _add_unescaped_pipes(self, content: str) -> None:
        first = content.split("|", 1)[0]
        at = self.find(first) if first else self.cursor
        if at >= 0:
            end = add_unescaped_pipes(self.builder, self.source, content, at)
            if end is not None:
                self.cursor = end

    def walk(self, children) -> None:
        b = self.builder
        for tok in children:
            t = tok.type
            if t == "text":
                if self.in_autolink:
                    continue  # the URL itself: searching for it could jump to a later copy and drop the prose between
                at = self.find(tok.content)
                if at < 0 and "|" in tok.content:
                    self._add_unescaped_pipes(tok.content)
                    continue
                if at < 0:
                    continue  # never emit text whose position is unknown
                b.add(tok.content, at)
                self.cursor = at + len(tok.content)
            elif t == "text_special":
                at = self.find(tok.markup)
                if at < 0:
                    continue
                b.add_mapped(tok.content, at, at + len(tok.markup))
                self.cursor = at + len(tok.markup)
            elif t in ("softbreak", "hardbreak"):
                at = self.source.find("\n", self.cursor, self.end)
                if at < 0:
                    at = self.cursor
                b.space(at)
                self.cursor = at + 1 if at < self.end else at
            elif t == "code_inline":
                at = self.find(tok.markup)
                if at < 0:
                    continue
                close = self.source.find(tok.markup, at + len(tok.markup) + len(tok.content.strip()) - 1, self.end)
                b.space(at)
                self.cursor = close + len(tok.markup) if close >= 0 else at + len(tok.markup)
            elif t == "html_inline":
                at = self.find(tok.content)
                if at < 0:
                    continue
                if tok.content.startswith("<!--"):
                    self.doc.comments.append((at, at + len(tok.content), tok.content))
                if re.match(r"<br\b", tok.content, re.I):
                    b.space(at)
                self.cursor = at + len(tok.content)
            elif t == "link_open":
                if tok.markup == "autolink" or tok.markup == "linkify":
                    # The link text is the URL itself: skip it, keep it as a source.
                    at = self.source.find(">", self.cursor, self.end)
                    b.space(self.cursor)
                    b.links.append((len(b) - 1, len(b)))
                    self.cursor = at + 1 if at >= 0 else self.cursor
                    self.link_start.append(None)
                    self.in_autolink = True
                else:
                    at = self.find("[")
                    if at >= 0:
                        self.cursor = at + 1
                    href = str(tok.attrs.get("href", ""))
                    if href.startswith("#"):
                        b.footnote_refs.append((len(b), len(b), href[1:]))
                    self.link_start.append(len(b) if _is_citation_href(href) else None)
            elif t == "link_close":
                start = self.link_start.pop() if self.link_start else None
                if start is not None:
                    b.links.append((start, max(start + 1, len(b))))
                if tok.markup in ("autolink", "linkify"):
                    self.in_autolink = False
                    continue
                close = self.source.find("]", self.cursor, self.end)
                if close < 0:
                    continue
                self.cursor = close + 1
                if self.source.startswith("(", self.cursor):
                    self.cursor = _skip_bracketed(self.source, self.cursor, "(", ")")
                elif self.source.startswith("[", self.cursor):
                    self.cursor = _skip_bracketed(self.source, self.cursor, "[", "]")
            elif t == "image":
                at = self.find("![")
                if at < 0:
                    continue
                close = _skip_bracketed(self.source, at + 1, "[", "]")
                if self.source.startswith("(", close):
                    close = _skip_bracketed(self.source, close, "(", ")")
                elif self.source.startswith("[", close):
                    close = _skip_bracketed(self.source, close, "[", "]")
                b.space(at)
                self.cursor = max(close, at + 2)
            elif t == "footnote_ref":
                label = str(tok.meta.get("label", ""))
                marker = f"[^{label}]"
                at = self.find(marker)
                if at < 0:
                    continue
                b.space(at)
                b.footnote_refs.append((len(b) - 1, len(b), label))
                self.cursor = at + len(marker)
            # emphasis, strong, strikethrough open/close: their markup is skipped
            # by the next find(); nothing is emitted.


def parse_markdown(path: str, source: str, fmt: str = "markdown") -> Document:
    from claimlint.documents.html import parse_html_fragment

    doc = Document(path=path, source=source, format=fmt)
    index = LineIndex(source)
    tokens = _parser().parse(source)
    if tokens and max(t.level for t in tokens) >= MAX_NESTING - 1:
        raise nesting_error()
    lead_stack: list[Block | None] = []
    kind_stack: list[str] = []
    last_block: Block | None = None
    row_cursor: dict[int, int] = {}

    def line_offset(line: int) -> int:
        return index.starts[line] if line < len(index.starts) else len(source)

    for tok in tokens:
        t = tok.type
        if t == "front_matter":
            front_matter(doc, tok.map[1] - 1 if tok.map else 1, index)
        elif t in ("bullet_list_open", "ordered_list_open"):
            lead = last_block if last_block is not None and last_block.text.endswith(":") else None
            lead_stack.append(lead)
        elif t in ("bullet_list_close", "ordered_list_close"):
            if lead_stack:
                lead_stack.pop()
        elif t in ("heading_open", "list_item_open", "th_open", "td_open", "blockquote_open", "footnote_open"):
            kind_stack.append(
                {"heading_open": "heading", "list_item_open": "list_item", "th_open": "table_cell",
                 "td_open": "table_cell", "blockquote_open": "quote", "footnote_open": "footnote"}[t]
            )
            if t == "footnote_open":
                doc.footnotes.add(str(tok.meta.get("label", "")))
        elif t in ("heading_close", "list_item_close", "th_close", "td_close", "blockquote_close", "footnote_close"):
            if kind_stack:
                kind_stack.pop()
        elif t == "html_block" and tok.map:
            start = line_offset(tok.map[0])
            end = line_offset(tok.map[1])
            for block in parse_html_fragment(doc, start, end):
                doc.blocks.append(block)
                last_block = block
        elif t == "inline" and tok.map:
            start = line_offset(tok.map[0])
            end = line_offset(tok.map[1])
            if kind_stack and kind_stack[-1] == "table_cell":
                start = max(start, row_cursor.get(tok.map[0], start))
            walker = _InlineWalker(source, start, end, doc)
            walker.walk(tok.children or [])
            if kind_stack and kind_stack[-1] == "table_cell":
                row_cursor[tok.map[0]] = walker.cursor
            kind = kind_stack[-1] if kind_stack else "paragraph"
            lead = lead_stack[-1] if lead_stack and kind == "list_item" else None
            block = walker.builder.build(kind, lead_in=lead)
            if block is not None:
                block = mask_urls(block)
                doc.blocks.append(block)
                if kind != "list_item":
                    last_block = block
    return doc


