"""What both Markdown readers share: front matter, the nesting limit and the citation test for links.

Kept apart from markdown.py, which picks a reader, so that neither reader imports
the module that imports it (no import circle).
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
    fields = simple_front_matter(content)
    if fields is None:
        fields = _yaml_front_matter(content)
    for key, text, start, end in fields:
        if key.lower() not in FRONT_MATTER_FIELDS or not text.strip():
            continue
        offsets = align(text, doc.source, body_start + start, body_start + end)
        if offsets is None:
            continue
        block = Block(text=text, offsets=offsets, kind="title" if key == "title" else "field")
        doc.blocks.append(mask_urls(block))


# Front matter as most sites write it: `key: plain text` lines, comments and blank lines.
# Such a mapping reads the same by YAML's rules and by this expression; anything else
# (quotes, lists, nesting, continuation lines, `: ` or ` #` inside a value, characters YAML
# refuses) is left to PyYAML, which is then imported (about 0.05 CPU s a run).
_SIMPLE_LINE = re.compile(r"(?:#[^\n]*|[ ]*|([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+([^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*?))?[ ]*)")
# Its Unicode ranges cost re.compile 3 ms: compiled (from the regex cache) only for a page with front matter.
_SIMPLE_CHARS = r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"


def simple_front_matter(content: str) -> list[tuple[str, str, int, int]] | None:
    """(key, value, start, end) of each field, with offsets into `content`, when the front
    matter is only `key: plain scalar` lines; None when YAML has to read it."""
    from claimlint import regexcache

    if regexcache.compile(_SIMPLE_CHARS).search(content):
        return None
    out = []
    pos = 0
    for line in content.split("\n"):
        m = _SIMPLE_LINE.fullmatch(line)
        if m is None:
            return None
        value = m.group(2)
        if value is not None:
            if ": " in value or " #" in value or value.endswith(":"):
                return None
            out.append((m.group(1), value, pos + m.start(2), pos + m.end(2)))
        elif m.group(1) is not None:
            out.append((m.group(1), "", pos + m.end(1), pos + m.end(1)))
        pos += len(line) + 1
    return out


def _yaml_front_matter(content: str) -> list[tuple[str, str, int, int]]:
    import yaml

    try:
        node = yaml.compose(content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        return []  # malformed front matter holds no published text we can trust
    if not isinstance(node, yaml.MappingNode):
        return []
    out = []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            out.append((str(key.value), str(value.value), value.start_mark.index, value.end_mark.index))
    return out


def add_unescaped_pipes(builder, source: str, content: str, pos: int) -> int | None:
    """Add a GFM table cell's text, in which markdown-it unescaped `\\|` to `|`, to `builder`,
    mapped back to the source pipe by pipe from `pos`. The source position after it, or
    None (and nothing added) when the text does not fit the source there."""
    steps = []
    for i, piece in enumerate(content.split("|")):
        if i:
            if source.startswith("\\|", pos):
                steps.append(("|", pos, pos + 2))
                pos += 2
            elif source.startswith("|", pos):
                steps.append(("|", pos, None))
                pos += 1
            else:
                return None
        if not source.startswith(piece, pos):
            return None
        steps.append((piece, pos, None))
        pos += len(piece)
    for text, at, end in steps:
        if end is None:
            builder.add(text, at)
        else:
            builder.add_mapped(text, at, end)
    return pos
