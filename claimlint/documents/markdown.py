"""Markdown reading (CommonMark + GFM tables, footnotes, YAML front matter, MDX).

Two readers build the same prose blocks: markdown_rs.py from markdown-it-pyrs (the
Rust port of markdown-it, whose syntax tree has a source range for every inline
node), used when it is installed, and markdown_py.py from markdown-it-py's token
stream, the reference it is tested against and the fallback on a platform without
a markdown-it-pyrs wheel. This module picks the reader and holds what both share:
front matter, the citation test for links, block kinds and MDX masking.
"""
from __future__ import annotations

import re

from claimlint.documents.align import align
from claimlint.documents.model import Block, Document
from claimlint.documents.urls import mask_urls
from claimlint.positions import LineIndex

FRONT_MATTER_FIELDS = ("title", "description", "summary", "excerpt", "subtitle")
# markdown-it's CommonMark preset stops parsing, silently, below 20 levels of nesting
# (a claim in a list 20 deep vanished). Deeper nesting is parsed up to MAX_NESTING
# (well within Python's recursion limit), and beyond it the file is an error, not a pass.
MAX_NESTING = 256


def nesting_error():
    from claimlint.documents.decode import DecodeError

    return DecodeError(f"nests Markdown {MAX_NESTING} levels deep or more; it cannot be checked")


def _is_citation_href(href: str) -> bool:
    h = href.strip().lower()
    return h.startswith(("http://", "https://", "doi:")) or "doi.org" in h


def front_matter(doc: Document, closing: int, index: LineIndex) -> None:
    """Blocks of the published fields of YAML front matter whose closing fence is line `closing` (0-based)."""
    # The YAML is read from the source itself, not from the token: markdown-it turns CRLF
    # into LF in token.content, so its marks would be offsets into a different text.
    body_start = index.starts[1] if len(index.starts) > 1 else 0
    body_end = index.starts[closing] if closing < len(index.starts) else len(doc.source)
    content = doc.source[body_start:max(body_start, body_end)]
    import yaml  # only a page with front matter needs it

    try:
        node = yaml.compose(content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return  # malformed front matter holds no published text we can trust
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or str(key.value).lower() not in FRONT_MATTER_FIELDS:
            continue
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            continue
        start = body_start + value.start_mark.index
        end = body_start + value.end_mark.index
        offsets = align(str(value.value), doc.source, start, end)
        if offsets is None:
            continue
        block = Block(text=str(value.value), offsets=offsets, kind="title" if key.value == "title" else "field")
        doc.blocks.append(mask_urls(block))


def _fast_reader():
    import os

    if os.environ.get("CLAIMLINT_MARKDOWN_READER") == "py":  # the reference reader, for comparisons
        return None
    try:
        from claimlint.documents import markdown_rs
    except ImportError:  # no markdown-it-pyrs wheel for this platform
        return None
    return markdown_rs


def parse_markdown(path: str, source: str, fmt: str = "markdown") -> Document:
    reader = _fast_reader()
    if reader is None:
        from claimlint.documents import markdown_py as reader
    return reader.parse_markdown(path, source, fmt)


_MDX_ESM = re.compile(r"^(?:import|export)\b.*$", re.M)


def mask_mdx(source: str) -> str:
    """Blank out MDX import/export lines and {expressions}, keeping offsets."""
    chars = list(source)
    in_fence = False
    pos = 0
    for line in source.splitlines(keepends=True):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and _MDX_ESM.match(line):
            for k in range(pos, pos + len(line.rstrip("\r\n"))):
                chars[k] = " "
        pos += len(line)
    # Mask {...} expressions outside fences and code spans.
    depth = 0
    start = 0
    in_fence = False
    line_start = True
    i = 0
    while i < len(source):
        if line_start and source.startswith(("```", "~~~"), i + (len(source[i:]) - len(source[i:].lstrip(" ")))):
            in_fence = not in_fence
        c = source[i]
        line_start = c == "\n"
        if not in_fence:
            if c == "{":
                if depth == 0:
                    start = i
                depth += 1
            elif c == "}" and depth:
                depth -= 1
                if depth == 0:
                    for k in range(start, i + 1):
                        if chars[k] not in "\r\n":
                            chars[k] = " "
        i += 1
    return "".join(chars)


def parse_mdx(path: str, source: str) -> Document:
    doc = parse_markdown(path, mask_mdx(source), fmt="mdx")
    doc.source = source
    return doc
