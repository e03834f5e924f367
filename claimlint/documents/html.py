"""HTML reader built on the standard library's tolerant `html.parser`.

Every parser event carries its source position, so text maps back exactly.
Scripts, styles, code and other non-prose elements are skipped; block-level
elements end a block; <a href> text is kept and remembered as a source for
citations; the page <title> and <meta name="description"> are linted too.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from claimlint.documents.align import align
from claimlint.documents.model import Block, Document, ProseBuilder
from claimlint.documents.urls import mask_urls

SKIP = {"script", "style", "pre", "code", "template", "noscript", "svg", "math", "textarea",
        "select", "iframe", "object", "kbd", "samp", "var"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dd", "dt", "blockquote",
         "section", "article", "header", "footer", "title", "figcaption", "caption", "summary",
         "details", "main", "aside", "nav", "ul", "ol", "dl", "table", "tr", "thead", "tbody", "tfoot",
         "hr", "body", "html", "form", "fieldset", "legend", "address", "figure", "label", "button", "option"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "area", "base", "col", "embed", "source", "track", "param"}
KIND = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
        "li": "list_item", "td": "table_cell", "th": "table_cell", "blockquote": "quote", "title": "title",
        "dt": "heading"}


class _Reader(HTMLParser):
    def __init__(self, doc: Document, base: int, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.doc = doc
        self.base = base
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.skip_depth = 0
        self.skip_tag: list[str] = []
        self.builder = ProseBuilder()
        self.kinds: list[str] = []
        self.blocks: list[Block] = []
        self.lead_stack: list[Block | None] = []
        self.link_stack: list[int | None] = []
        self.ids: set[str] = set()
        self.in_title = False

    def _source_offset(self) -> int:
        line, col = self.getpos()
        return self.base + self.line_starts[line - 1] + col

    def flush(self) -> None:
        kind = self.kinds[-1] if self.kinds else "paragraph"
        lead = self.lead_stack[-1] if self.lead_stack and kind == "list_item" else None
        block = self.builder.build(kind, lead_in=lead)
        self.builder = ProseBuilder()
        self.link_stack = [None for _ in self.link_stack]
        if block is not None:
            self.blocks.append(mask_urls(block))

    def handle_starttag(self, tag, attrs):
        attrs_d = {k: (v or "") for k, v in attrs}
        if "id" in attrs_d:
            self.ids.add(attrs_d["id"])
        if self.skip_depth:
            if tag == self.skip_tag[-1] and tag not in VOID:
                self.skip_depth += 1
            return
        if tag == "meta" and attrs_d.get("name", "").lower() in ("description", "og:description") or (
            tag == "meta" and attrs_d.get("property", "").lower() == "og:description"
        ):
            self._attribute_block(attrs_d.get("content", ""), "field")
            return
        if tag == "title":
            self.flush()
            self.kinds.append("title")
            self.in_title = True
            return
        if tag in SKIP:
            self.flush() if tag == "pre" else self.builder.space(self._source_offset())
            self.skip_depth = 1
            self.skip_tag.append(tag)
            return
        if tag in ("br", "img", "wbr"):
            self.builder.space(self._source_offset())
            return
        if tag in BLOCK:
            self.flush()
            if tag in ("ul", "ol"):
                last = self.blocks[-1] if self.blocks else None
                self.lead_stack.append(last if last is not None and last.text.endswith(":") else None)
            if tag not in VOID:
                self.kinds.append(KIND.get(tag, "paragraph"))
            return
        if tag == "a":
            href = attrs_d.get("href", "").strip().lower()
            cites = href.startswith(("http://", "https://", "doi:")) or "doi.org" in href
            self.link_stack.append(len(self.builder) if cites else None)
            if href.startswith("#"):
                self.builder.footnote_refs.append((len(self.builder), len(self.builder), href[1:]))

    def handle_startendtag(self, tag, attrs):
        if tag == "br" and not self.skip_depth:
            self.builder.space(self._source_offset())
        elif tag == "meta" and not self.skip_depth:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.skip_depth:
            if self.skip_tag and tag == self.skip_tag[-1]:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag.pop()
            return
        if tag == "title" and self.in_title:
            self.flush()
            self.in_title = False
            if self.kinds:
                self.kinds.pop()
            return
        if tag in BLOCK:
            self.flush()
            if tag in ("ul", "ol") and self.lead_stack:
                self.lead_stack.pop()
            if self.kinds and tag not in VOID:
                self.kinds.pop()
            return
        if tag == "a" and self.link_stack:
            start = self.link_stack.pop()
            if start is not None:
                self.builder.links.append((start, max(start + 1, len(self.builder))))

    def handle_data(self, data):
        if self.skip_depth:
            return
        self.builder.add(data, self._source_offset())

    def _reference_end(self, start: int, length: int) -> int:
        """Source end of a character reference of `length` characters before its optional ';'."""
        end = start + length
        return end + 1 if self.doc.source.startswith(";", end) else end

    def handle_entityref(self, name):
        if self.skip_depth:
            return
        start = self._source_offset()
        self.builder.add_mapped(html.unescape(f"&{name};"), start, self._reference_end(start, len(name) + 1))

    def handle_charref(self, name):
        if self.skip_depth:
            return
        start = self._source_offset()
        self.builder.add_mapped(html.unescape(f"&#{name};"), start, self._reference_end(start, len(name) + 2))

    def handle_comment(self, data):
        start = self._source_offset()
        self.doc.comments.append((start, start + len(data) + 7, f"<!--{data}-->"))

    def _attribute_block(self, value: str, kind: str) -> None:
        if not value.strip():
            return
        start = self._source_offset()
        raw = self.get_starttag_text() or ""
        m = re.search(r"""content\s*=\s*(["']?)""", raw, re.I)
        if not m:
            return
        offsets = align(html.unescape(value), self.doc.source, start + m.end(), start + len(raw))
        if offsets is not None:
            self.blocks.append(mask_urls(Block(text=html.unescape(value), offsets=offsets, kind=kind)))


def _run(doc: Document, start: int, end: int) -> list[Block]:
    text = doc.source[start:end]
    reader = _Reader(doc, start, text)
    reader.feed(text)
    reader.close()
    reader.flush()
    doc.footnotes |= reader.ids
    return reader.blocks


def parse_html_fragment(doc: Document, start: int, end: int) -> list[Block]:
    """Blocks of an HTML fragment embedded in another document (Markdown)."""
    return _run(doc, start, end)


def parse_html(path: str, source: str) -> Document:
    doc = Document(path=path, source=source, format="html")
    doc.blocks = _run(doc, 0, len(source))
    return doc
