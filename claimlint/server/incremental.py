"""Re-lint only the blocks a keystroke changed.

In an editor most of a page is the same from one change to the next, and
matching every block again is most of the linter's work. A block's raw
findings depend only on the block itself (its prose, its map to the
source and the source text it covers, its links, footnote references and
list lead-in) and on the page's footnote labels; so they are cached per
block, relative to where the block starts, and moved to the block's new
place when it reappears. Blocks not in the cache are linted together in
one call of the ordinary `Linter.lint`, on a document holding just them,
and the union is de-duplicated as a whole page would be: the result is the
one `lint` gives for the whole page.
"""
from __future__ import annotations

import dataclasses
from array import array
from bisect import bisect_right
from collections import OrderedDict

from claimlint.documents.model import Block, Document
from claimlint.engine import Linter, _dedupe
from claimlint.findings import Finding
from claimlint.positions import LineIndex


def _key(document: Document, block: Block) -> tuple:
    base = block.offsets[0]
    relative = array("q", (o - base for o in block.offsets)).tobytes()
    covered = document.source[base:block.offsets[-1] + 1]
    lead = block.lead_in.text if block.lead_in is not None else None
    return (block.text, block.kind, relative, covered, tuple(block.links), tuple(block.footnote_refs), lead,
            frozenset(document.footnotes), document.format)


class BlockCache:
    """Raw findings of recently seen blocks, for one linter (bounded, least recently used first out)."""

    def __init__(self, linter: Linter, size: int = 20_000) -> None:
        self.linter = linter
        self.size = size
        self.entries: OrderedDict[tuple, list[Finding]] = OrderedDict()

    def lint(self, document: Document) -> list[Finding]:
        """What `self.linter.lint(document)` returns, re-linting only blocks not seen before."""
        blocks = [b for b in document.blocks if len(b.text) and len(b.offsets)]
        if document.format == "docx" or len(blocks) != len(document.blocks):
            return self.linter.lint(document)
        keys = [_key(document, b) for b in blocks]
        first: dict[tuple, Block] = {}  # a repeated paragraph is linted once
        for b, k in zip(blocks, keys):
            if k not in self.entries:
                first.setdefault(k, b)
        missing = [(b, k) for k, b in first.items()]
        fresh: dict[tuple, list[Finding]] = {}
        if missing:
            sub = dataclasses.replace(document, blocks=[b for b, _ in missing])
            found = self.linter.lint(sub, dedupe=False)
            spans = sorted((b.offsets[0], b.offsets[-1] + 1, k) for b, k in missing)
            starts = [s for s, _, _ in spans]
            fresh = {k: [] for _, k in missing}
            for f in found:
                i = bisect_right(starts, f.start) - 1
                if i < 0 or not (spans[i][0] <= f.start < spans[i][1]):
                    return self.linter.lint(document)  # a finding outside its block: trust the whole page
                base = spans[i][0]
                fresh[spans[i][2]].append(dataclasses.replace(f, start=f.start - base, end=f.end - base))
        index = LineIndex(document.source)
        out: list[Finding] = []
        for block, key in zip(blocks, keys):
            relative = fresh.get(key)
            if relative is None:
                relative = self.entries[key]
                self.entries.move_to_end(key)
            else:
                self.entries[key] = relative
            base = block.offsets[0]
            for f in relative:
                (line, col), (end_line, end_col) = index.position(f.start + base), index.position(f.end + base)
                out.append(dataclasses.replace(f, path=document.path, start=f.start + base, end=f.end + base,
                                               line=line, column=col, end_line=end_line, end_column=end_col,
                                               suggestions=list(f.suggestions), contexts=list(f.contexts)))
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return _dedupe(out)
