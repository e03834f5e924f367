"""Blocks as the tokenizer sees them: huge blocks cut at sentence ends, tokens as a token view.

A Doc of a 20 MB block costs gigabytes, so a block is tokenised in chunks of
about CHUNK characters, cut after a sentence end. Each Doc's tokens (a
claimlint.tokendoc.TokenDoc, or a spaCy Doc) are read once into a TokenView
(patterns.tokens), which every pattern, lexicon and context then reads.
"""
from __future__ import annotations

import re

from claimlint.documents.model import Block
from claimlint.patterns.native import load_core as _core  # the compiled core or None, decided once a process
from claimlint.patterns.tokens import BARRIERS, TRANSPARENT, TokenView
from claimlint.tokendoc import TokenDoc

CHUNK = 100_000  # characters of prose tokenised at once: bounds memory on huge blocks
_SENTENCE_END = re.compile(r"[.!?]\s+")


def chunks(block: Block) -> list[Block]:
    """Split a huge block at sentence ends so no Doc holds more than ~CHUNK characters."""
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


_STRINGS: dict[int, str] = {}  # spaCy string hash -> the string (the StringStore never changes a hash)
_NORMS: dict[int, str] = {}  # norm hash -> the norm with curly apostrophes straightened


def token_view(doc, lexicons) -> TokenView:
    """The attributes patterns read, taken from a spaCy Doc once.

    Read as one array (Doc.to_array) rather than token by token: making a
    Token object and asking it four properties was a quarter of judging.
    """
    if isinstance(doc, TokenDoc):
        return _view_of_tokens(doc.tokens, lexicons, doc.sent_starts)
    from spacy.attrs import IS_SPACE, LIKE_NUM, NORM, ORTH

    if not len(doc):
        return TokenView(norms=[], nums=[], transparent=[], lexicons=lexicons, texts=[])
    orth, norm, num, space = doc.to_array([ORTH, NORM, LIKE_NUM, IS_SPACE]).T.tolist()
    strings = doc.vocab.strings
    texts = [_STRINGS.get(h) or _STRINGS.setdefault(h, strings[h]) for h in orth]
    norms = []
    for h in norm:
        n = _NORMS.get(h)
        if n is None:
            n = strings[h]
            n = _NORMS[h] = n.replace("’", "'").replace("‘", "'") if "’" in n or "‘" in n else n
        norms.append(n)
    return TokenView(
        norms=norms,
        nums=[bool(x) for x in num],
        transparent=[bool(sp) or text in TRANSPARENT for text, sp in zip(texts, space)],
        lexicons=lexicons,
        texts=texts,
    )


def _view_of_tokens(toks, lexicons, sentences: list[int] | None = None) -> TokenView:
    """The token view of claimlint.tokenizer's tokens (a TokenDoc): its own lists, no spaCy; its
    columns made by the compiled core in one call when it is built (the same lists)."""
    core = _core()
    if core is not None:
        norms, transparent, barrier = core.view_columns(toks.texts, toks.norms, toks.is_space, TRANSPARENT, BARRIERS)
        return TokenView(norms=norms, nums=toks.nums, transparent=transparent, lexicons=lexicons, texts=toks.texts,
                         barrier=barrier, sentences=sentences)
    return _view_of_tokens_py(toks, lexicons)


def _view_of_tokens_py(toks, lexicons) -> TokenView:
    """_view_of_tokens in Python: the reference the compiled core's view_columns is tested against."""
    norms = toks.norms
    if any("’" in n or "‘" in n for n in norms):
        norms = [n.replace("’", "'").replace("‘", "'") if "’" in n or "‘" in n else n for n in norms]
    texts = toks.texts
    return TokenView(norms=norms, nums=toks.nums,
                     transparent=[sp or text in TRANSPARENT for text, sp in zip(texts, toks.is_space)],
                     lexicons=lexicons, texts=texts)
