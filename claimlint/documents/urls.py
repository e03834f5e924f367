"""Remove URLs and e-mail addresses from prose, keeping them as citation evidence.

A URL is never prose, but a URL next to a statistic is a source, so the span
it occupied is recorded in `Block.links`.
"""
from __future__ import annotations

import re

from array import array

from claimlint.documents.model import Block

URL = re.compile(
    r"""(?:\bhttps?://|\bwww\.)[^\s<>"'()\[\]]+[^\s<>"'()\[\].,;:!?]"""
    r"""|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b""",
    re.IGNORECASE,
)


# Every match of URL holds "://", "www." (in any case) or "@": a text with none of them is not
# searched (the address alternative tries a run of word characters at every word boundary).
_WWW = re.compile(r"www\.", re.IGNORECASE)


def could_hold_url(text: str) -> bool:
    """False when URL cannot match anywhere in `text`."""
    return "@" in text or "://" in text or _WWW.search(text) is not None


def mask_urls(block: Block) -> Block:
    """Replace each URL or address in the block's prose by one space."""
    if not could_hold_url(block.text):
        return block
    matches = list(URL.finditer(block.text))
    if not matches:
        return block
    text: list[str] = []
    offsets = array("I")
    new_links: list[tuple[int, int]] = []
    cursor = 0
    remap = {}
    for m in matches:
        for i in range(cursor, m.start()):
            remap[i] = len(text)
            text.append(block.text[i])
            offsets.append(block.offsets[i])
        new_links.append((len(text), len(text) + 1))
        remap[m.start()] = len(text)
        text.append(" ")
        offsets.append(block.offsets[m.start()])
        cursor = m.end()
    for i in range(cursor, len(block.text)):
        remap[i] = len(text)
        text.append(block.text[i])
        offsets.append(block.offsets[i])
    remap[len(block.text)] = len(text)

    def move(i: int) -> int:
        while i not in remap and i > 0:
            i -= 1
        return remap.get(i, 0)

    block.links = [(move(a), max(move(a) + 1, move(b))) for a, b in block.links] + new_links
    block.footnote_refs = [(move(a), move(b), label) for a, b, label in block.footnote_refs]
    block.ends = {remap[i]: e for i, e in block.ends.items() if i in remap}
    block.text = "".join(text)
    block.offsets = offsets
    return block
