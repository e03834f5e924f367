"""Markdown reading (CommonMark + GFM tables, footnotes, YAML front matter, MDX).

Two readers build the same prose blocks: markdown_rs.py from markdown-it-pyrs (the
Rust port of markdown-it, whose syntax tree has a source range for every inline
node), used when it is installed, and markdown_py.py from markdown-it-py's token
stream, the reference it is tested against and the fallback on a platform without
a markdown-it-pyrs wheel. This module picks the reader and masks MDX; what both readers share (front matter,
the nesting limit, the citation test for links) is in markdown_common.py.
"""
from __future__ import annotations

import re

from claimlint.documents.model import Document


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
