"""Blocks as spaCy sees them: huge blocks cut at sentence ends, tokens as a token view.

spaCy's Doc of a 20 MB block costs gigabytes, so a block is given to it in
chunks of about CHUNK characters, cut after a sentence end. Each Doc's
tokens are read once into a TokenView (patterns.tokens), which every
pattern, lexicon and context then reads instead of spaCy's tokens.
"""
from __future__ import annotations

import re

from claimlint.documents.model import Block
from claimlint.patterns.tokens import TRANSPARENT, TokenView

CHUNK = 100_000  # characters of prose given to spaCy at once: bounds memory on huge blocks
_SENTENCE_END = re.compile(r"[.!?]\s+")


def chunks(block: Block) -> list[Block]:
    """Split a huge block at sentence ends so no spaCy Doc holds more than ~CHUNK characters."""
    if len(block.text) <= CHUNK:
        return [block]
    out, start = [], 0
    text = block.text
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = max((m.end() for m in _SENTENCE_END.finditer(text[start + CHUNK // 2:end])), default=None)
            end = start + CHUNK // 2 + cut if cut else end
        out.append(Block(text=text[start:end], offsets=block.offsets[start:end], kind=block.kind, lead_in=block.lead_in,
                         links=[(a - start, b - start) for a, b in block.links if a >= start and b <= end],
                         footnote_refs=[(a - start, b - start, lab) for a, b, lab in block.footnote_refs if start <= a < end],
                         ends={i - start: e for i, e in block.ends.items() if start <= i < end}))
        start = end
    return out


def token_view(doc, lexicons) -> TokenView:
    """The attributes patterns read, taken from a spaCy Doc once."""
    rows = [(t.text, t.norm_, t.like_num, t.is_space) for t in doc]
    return TokenView(
        norms=[n.replace("’", "'").replace("‘", "'") if "’" in n or "‘" in n else n for _, n, _, _ in rows],
        nums=[r[2] for r in rows],
        transparent=[sp or text in TRANSPARENT for text, _, _, sp in rows],
        lexicons=lexicons,
        texts=[r[0] for r in rows],
    )
