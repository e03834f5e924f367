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
from claimlint.engine import Linter, dedupe_findings
from claimlint.findings import Finding
from claimlint.positions import LineIndex


def _key(document: Document, block: Block) -> tuple:
    base = block.offsets[0]
    relative = array("q", (o - base for o in block.offsets)).tobytes()
    covered = document.source[base:block.offsets[-1] + 1]
    lead = block.lead_in.text if block.lead_in is not None else None
    return (block.text, block.kind, relative, covered, tuple(block.links), tuple(block.footnote_refs), lead,
            frozenset(document.footnotes), document.format)


def _page_context(probe: Document, fmt: str) -> bool:
    """Whether context reaches a block from elsewhere on the page (extended list lead-ins, a
    heading's section, a research abstract, a paragraph that looks back on slogans): then
    blocks cannot be linted alone."""
    from claimlint.judge.contexts.lead_in import extend_lead_ins, looked_back_blocks, research_abstract_blocks

    before = [b.lead_in for b in probe.blocks]
    sections = extend_lead_ins(probe.blocks, plain_text=fmt == "text")
    if sections or any(b.lead_in is not lead for b, lead in zip(probe.blocks, before)):
        return True
    return bool(research_abstract_blocks(probe.blocks)) or bool(looked_back_blocks(probe.blocks))


class BlockCache:
    """Raw findings of recently seen blocks, for one linter (bounded, least recently used first out)."""

    def __init__(self, linter: Linter, size: int = 20_000) -> None:
        self.linter = linter
        self.size = size
        self.entries: OrderedDict[tuple, list[Finding]] = OrderedDict()

    def lint(self, document: Document, fresh_copy=None) -> list[Finding]:
        """What `self.linter.lint(document)` returns, re-linting only blocks not seen before.

        `fresh_copy()` parses the page again, for probing page-level context without
        touching `document`; without it, or when the page has such context, the whole
        page is linted (and nothing cached)."""
        blocks = [b for b in document.blocks if len(b.text) and len(b.offsets)]
        if document.format == "docx" or len(blocks) != len(document.blocks) or fresh_copy is None \
                or _page_context(fresh_copy(), document.format):
            return self.linter.lint(document)
        keys = [_key(document, b) for b in blocks]
        first: dict[tuple, Block] = {}  # a repeated paragraph is linted once
        for b, k in zip(blocks, keys):
            if k not in self.entries:
                first.setdefault(k, b)
        missing = [(b, k) for k, b in first.items()]
        fresh: dict[tuple, list[Finding]] = {}
        if len(missing) > 8:  # a new page: lint it whole and attribute the findings to their blocks
            groups = [(list(blocks), dict(zip(map(id, blocks), keys)))]
        else:  # an edit: each changed block alone, so no neighbour lends it context it lacks on the page
            groups = [([b], {id(b): k}) for b, k in missing]
        for group, key_of in groups:
            found = self.linter.lint(dataclasses.replace(document, blocks=group), dedupe=False)
            spans = sorted((b.offsets[0], b.offsets[-1] + 1, key_of[id(b)]) for b in group)
            starts = [s for s, _, _ in spans]
            for _, _, k in spans:
                fresh.setdefault(k, [])
            owner = {}  # key -> the base of its first block in the group: a repeated block counts once
            for b in group:
                owner.setdefault(key_of[id(b)], b.offsets[0])
            for f in found:
                i = bisect_right(starts, f.start) - 1
                if i < 0 or not (spans[i][0] <= f.start < spans[i][1]):
                    return self.linter.lint(document)  # a finding outside its block: trust the whole page
                base, k = spans[i][0], spans[i][2]
                if owner[k] == base:
                    fresh[k].append(dataclasses.replace(f, start=f.start - base, end=f.end - base))
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
        return dedupe_findings(out)
