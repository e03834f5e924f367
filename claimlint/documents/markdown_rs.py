"""The fast Markdown reader: markdown-it-pyrs's syntax tree.

markdown-it-pyrs (the Rust port of markdown-it) parses about ten times faster than
markdown-it-py and gives every node a source range, so inline text is placed where
the parser found it instead of being searched for with a moving cursor. The ranges
are UTF-8 byte offsets and are sometimes wider than the text (trailing spaces, a
hard break): a text is placed at its range only when the source there starts with
it, and is otherwise found from the cursor as markdown_py.py does. The blocks, their
kinds, lead-ins, links, footnote references and entity ends are the same as the
reference reader's (tests/test_markdown_readers.py compares them).

The walk of the tree runs in the compiled core when it is built
(`_cmatch.markdown_blocks`, one call a page: the same blocks from the same rules,
each node attribute read once); the Python walk here (`_Reader`) is its reference
and fallback, and takes the pages the compiled walk leaves to it (a table cell's
`\\|`, a source with lone surrogates).
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right

import markdown_it_pyrs

from claimlint.documents.markdown_common import MAX_NESTING, add_unescaped_pipes, _is_citation_href, front_matter
from claimlint.documents.model import Block, Document, ProseBuilder
from claimlint.documents.urls import mask_urls
from claimlint.patterns.native import load_core
from claimlint.positions import LINE_BREAK, LineIndex

_md = None
# markdown-it-pyrs has no nesting limit and overflows its stack on very deep
# containers (100,000 '>'). Container depth needs a long run of markers and
# indentation at the start of some line: a page with one is left to the reference
# reader, which stops at MAX_NESTING with a clear error. (That is r"^[...]{128}" with re.M,
# written as a match at the start and a search from each "\n": `re` finds a literal first
# character quickly, where a leading "^" is tried at every character of the page.)
_MARKERS = r"[ \t>*+\-0-9.)]{%d}" % (MAX_NESTING // 2)
_DEEP_FIRST = re.compile(_MARKERS)
_DEEP = re.compile("\n" + _MARKERS)
_CONTAINERS = {"heading": "heading", "lheading": "heading", "list_item": "list_item", "tcell": "table_cell",
               "blockquote": "quote", "footnote_def": "footnote"}
_LISTS = {"bullet_list", "ordered_list"}
_SKIPPED = {"fence", "code_block", "hr", "definition", "footnote_ref_anchor"}
_DESCEND = {"table", "thead", "tbody", "trow", "footnote_container", "root"}
_INLINE_CONTAINERS = {"em", "strong", "strikethrough"}
# Nodes that are blocks of their own, not inline content of the prose around them.
_BLOCKS = frozenset(_CONTAINERS) | _LISTS | _SKIPPED | _DESCEND | {"paragraph", "html_block", "front_matter"}


def _parser():
    global _md
    if _md is None:
        _md = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(["table", "strikethrough", "front_matter",
                                                                      "footnote"])
    return _md


def too_deep(source: str) -> bool:
    """Could this page nest containers deeper than markdown-it-pyrs can safely parse?"""
    return _DEEP_FIRST.match(source) is not None or _DEEP.search(source) is not None


class _Chars:
    """UTF-8 byte offset -> character offset in the source, in O(log n) per call."""

    STEP = 1024

    def __init__(self, source: str) -> None:
        self.identity = source.isascii()
        if self.identity:
            return
        self.data = source.encode("utf-8", "surrogatepass")
        self.byte_starts = array("q")
        self.ascii = []
        b = 0
        for k in range(0, len(source), self.STEP):
            piece = source[k:k + self.STEP]
            self.byte_starts.append(b)
            self.ascii.append(piece.isascii())
            b += len(piece.encode("utf-8", "surrogatepass"))

    def __call__(self, byte: int) -> int:
        if self.identity:
            return byte
        k = bisect_right(self.byte_starts, byte) - 1
        start = self.byte_starts[k]
        if self.ascii[k]:
            return k * self.STEP + byte - start
        # "ignore": a range that starts inside a character (after a tab in a list item) is
        # floored to that character; the text is then placed only where the source holds it.
        return k * self.STEP + len(self.data[start:byte].decode("utf-8", "ignore"))


class _Reader:
    def __init__(self, path: str, source: str, fmt: str) -> None:
        self.source = source
        self.doc = Document(path=path, source=source, format=fmt)
        self.index = LineIndex(source)
        self.chars = _Chars(source)
        self.kinds: list[str] = []
        self.leads: list[Block | None] = []
        self.last_block: Block | None = None

    def span(self, node, srcmap=None) -> tuple[int, int]:
        """A node's character range (`srcmap`: its srcmap, when the caller has read it: every
        read of a node's attribute asks markdown-it-pyrs to build it again)."""
        a, b = srcmap or node.srcmap
        return self.chars(a), self.chars(b)

    def line_start(self, offset: int) -> int:
        return self.index.starts[bisect_right(self.index.starts, offset) - 1]

    def next_line(self, offset: int) -> int:
        """The start of the line after the one holding `offset` (or the end of the source)."""
        line = bisect_right(self.index.starts, offset)
        return self.index.starts[line] if line < len(self.index.starts) else len(self.source)

    def block(self, node) -> None:
        name = node.name
        if name in _SKIPPED:
            return
        if name == "front_matter":
            if node.srcmap:
                end = self.span(node)[1]
                front_matter(self.doc, bisect_right(self.index.starts, max(end - 1, 0)) - 1, self.index)
            return
        if name == "html_block":
            if node.srcmap:
                from claimlint.documents.html import parse_html_fragment

                a, b = self.span(node)
                for block in parse_html_fragment(self.doc, self.line_start(a), self.next_line(max(a, b - 1))):
                    self.doc.blocks.append(block)
                    self.last_block = block
            return
        if name in _LISTS:
            last = self.last_block
            self.leads.append(last if last is not None and last.text.endswith(":") else None)
            self.children(node)
            self.leads.pop()
            return
        kind = _CONTAINERS.get(name)
        if kind is not None:
            self.kinds.append(kind)
            if name == "footnote_def":
                self.doc.footnotes.add(str(node.meta.get("label", "")))
            self.children(node)
            self.kinds.pop()
            return
        self.children(node)  # paragraph, table parts, the footnote container, anything new

    def children(self, node) -> None:
        group: list = []
        for child in node.children:
            if child.name in _BLOCKS:
                if group:
                    self.prose(group)
                    group = []
                self.block(child)
            else:
                group.append(child)
        if group:
            self.prose(group)

    def prose(self, nodes: list) -> None:
        """One block of prose from a run of inline nodes (a paragraph, a heading, a cell)."""
        spans = [sm for sm in (n.srcmap for n in nodes) if sm]
        if not spans:
            return
        start = self.line_start(self.chars(spans[0][0]))
        end = self.next_line(max(start, self.chars(spans[-1][1]) - 1))
        walker = _InlineWalker(self, start, end)
        walker.walk(nodes)
        kind = self.kinds[-1] if self.kinds else "paragraph"
        lead = self.leads[-1] if self.leads and kind == "list_item" else None
        block = walker.builder.build(kind, lead_in=lead)
        if block is not None:
            block = mask_urls(block)
            self.doc.blocks.append(block)
            if kind != "list_item":
                self.last_block = block


class _InlineWalker:
    """Inline nodes -> prose characters mapped to the source (the rules of markdown_py._InlineWalker)."""

    def __init__(self, reader: _Reader, start: int, end: int) -> None:
        self.reader = reader
        self.source = reader.source
        self.cursor = start
        self.end = end
        self.builder = ProseBuilder()

    def place(self, text: str, at: int) -> int:
        """Where `text` is: at its node's start when the source holds it there, else searched for."""
        if self.source.startswith(text, at):
            return at
        return self.source.find(text, self.cursor, self.end) if text else self.cursor

    def walk(self, nodes) -> None:
        # An explicit stack: emphasis can nest thousands deep ("*****...a...*****").
        stack = [("nodes", iter(nodes), None)]
        b = self.builder
        while stack:
            what, it, data = stack[-1]
            node = next(it, None)
            if node is None:
                stack.pop()
                if what == "link":
                    start, end = data
                    if start is not None:
                        b.links.append((start, max(start + 1, len(b))))
                    self.cursor = max(self.cursor, end)
                continue
            name = node.name
            srcmap = node.srcmap
            a, e = self.reader.span(node, srcmap) if srcmap else (self.cursor, self.cursor)
            if name == "text":
                self.text(node.meta.get("content", ""), a)
            elif name == "text_special":
                markup = node.meta.get("markup", "")
                at = self.place(markup, a)
                if at >= 0:
                    b.add_mapped(node.meta.get("content", ""), at, at + len(markup))
                    self.cursor = at + len(markup)
            elif name in ("softbreak", "hardbreak"):
                at = self.source.find("\n", a, e) if e > a else -1
                if at < 0:
                    at = self.source.find("\n", self.cursor, self.end)
                if at < 0:
                    at = self.cursor
                b.space(at)
                self.cursor = at + 1 if at < self.end else at
            elif name == "code_inline":
                b.space(a)
                self.cursor = e
            elif name == "html_inline":
                content = node.meta.get("content", "")
                at = self.place(content, a)
                if at < 0:
                    continue
                if content.startswith("<!--"):
                    self.reader.doc.comments.append((at, at + len(content), content))
                if re.match(r"<br\b", content, re.I):
                    b.space(at)
                self.cursor = at + len(content)
            elif name == "autolink":
                b.space(self.cursor)
                b.links.append((len(b) - 1, len(b)))
                self.cursor = e
            elif name == "link":
                href = str(node.meta.get("url", ""))
                if href.startswith("#"):
                    b.footnote_refs.append((len(b), len(b), href[1:]))
                self.cursor = a + 1
                stack.append(("link", iter(node.children), (len(b) if _is_citation_href(href) else None, e)))
            elif name == "image":
                b.space(a)
                self.cursor = max(e, a + 2)
            elif name == "footnote_ref":
                b.space(a)
                b.footnote_refs.append((len(b) - 1, len(b), str(node.meta.get("label", ""))))
                self.cursor = e
            elif name in _INLINE_CONTAINERS:
                stack.append(("nodes", iter(node.children), None))
            # anything else (a footnote's back-reference anchor) holds no prose

    def text(self, content: str, a: int) -> None:
        if not content:
            return
        if "|" in content and not self.source.startswith(content, a):
            if self.pipes(content, a):
                return
        at = self.place(content, a)
        if at < 0:
            return  # never emit text whose position is unknown
        self.builder.add(content, at)
        self.cursor = at + len(content)

    def pipes(self, content: str, a: int) -> bool:
        """A GFM table cell's text with `\\|` unescaped to `|` (see add_unescaped_pipes)."""
        first = content.split("|", 1)[0]
        pos = a if self.source.startswith(first, a) else self.source.find(first, self.cursor, self.end)
        if pos < 0:
            return False
        end = add_unescaped_pipes(self.builder, self.source, content, pos)
        if end is None:
            return False
        self.cursor = end
        return True


def _tree(source: str):
    """The syntax tree, or None where markdown-it-pyrs panics (it does on some odd inline
    markup, such as backticks inside link labels). Rust prints a panic to file descriptor 2,
    so that is pointed at /dev/null for the parse: the page is read again by the reference
    reader, and the user should not see a Rust backtrace."""
    import os

    saved = os.dup(2)
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        try:
            return _parser().tree(source)
        except BaseException as e:  # pyo3's PanicException derives from BaseException
            if type(e).__name__ != "PanicException":
                raise
            return None
    finally:
        os.dup2(saved, 2)
        os.close(saved)


_COMMENT = re.compile(r"<!--([\s\S]*?)-->")


def _has_dashed_comment(source: str) -> bool:
    """An HTML comment with "--" inside, as in claimlint's own suppression comments
    ("<!-- claimlint-disable-line cure-claim -- reason -->"). markdown-it-pyrs follows the
    older CommonMark rule that such a comment is text, so its prose and the suppression
    would be lost; markdown-it-py follows CommonMark 0.31 and reads it as a comment."""
    return "<!--" in source and any("--" in m.group(1) for m in _COMMENT.finditer(source))


def _compiled_walk(path: str, source: str, fmt: str, tree) -> Document | None:
    """The Document from the compiled core's walk of `tree`, or None where there is no compiled
    core or it leaves the page to the Python walk."""
    core = load_core()
    walk = getattr(core, "markdown_blocks", None)  # (None too for a core built before it had the walk)
    if walk is None:
        return None
    doc = Document(path=path, source=source, format=fmt)

    def on_front_matter(end: int) -> None:
        # The lines up to the one after the front matter's end are all front_matter reads:
        # indexing only them gives it the same line starts as the whole source's LineIndex.
        brk = LINE_BREAK.search(source, end)
        index = LineIndex(source[:brk.end() if brk else len(source)])
        front_matter(doc, bisect_right(index.starts, max(end - 1, 0)) - 1, index)

    def on_html_block(start: int, end: int) -> list[Block]:
        from claimlint.documents.html import parse_html_fragment

        return parse_html_fragment(doc, start, end)

    hooks = (Block, array, mask_urls, _is_citation_href, on_front_matter, on_html_block)
    return doc if walk(tree, source, doc, hooks) else None


def parse_markdown(path: str, source: str, fmt: str = "markdown", compiled: bool = True) -> Document:
    """The page's Document (`compiled=False`: walked in Python, for comparisons)."""
    tree = None if too_deep(source) or _has_dashed_comment(source) else _tree(source)
    if tree is None:
        from claimlint.documents import markdown_py

        return markdown_py.parse_markdown(path, source, fmt)
    doc = _compiled_walk(path, source, fmt, tree) if compiled else None
    if doc is not None:
        return doc
    reader = _Reader(path, source, fmt)
    reader.block(tree)
    return reader.doc
