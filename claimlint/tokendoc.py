"""A light stand-in for spaCy's Doc, Span and Token, over claimlint.tokenizer's tokens.

The judge reads little of spaCy's Doc: each token's text, offset, trailing
space, norm, number and space flags, the sentences, slices' text, and
`char_span(..., alignment_mode="expand")`. These classes give exactly those,
with spaCy's meaning (a Span's text ends at its last token's text; char_span
finds tokens as spaCy's token_by_char does), so the judge runs the same on a
TokenDoc as on a spaCy Doc. `Pipeline` stands for the spaCy pipeline of
nlp.pipeline(): calling it or its `pipe` tokenises and splits sentences with
the same rule (claimlint/sentences.py: sentence_starts, token_sentence_starts).
"""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from claimlint.patterns.native import load_core as _core  # the compiled core or None, decided once a process

if TYPE_CHECKING:
    from claimlint.tokenizer import Tokens


class Token:
    """Token i of a TokenDoc: the attributes of spaCy's Token that claimlint reads."""

    __slots__ = ("doc", "i")

    def __init__(self, doc: "TokenDoc", i: int) -> None:
        self.doc, self.i = doc, i

    @property
    def text(self) -> str:
        return self.doc.tokens.texts[self.i]

    @property
    def idx(self) -> int:
        return self.doc.tokens.starts[self.i]

    @property
    def whitespace_(self) -> str:
        return " " if self.doc.tokens.spaces[self.i] else ""

    @property
    def text_with_ws(self) -> str:
        return self.text + self.whitespace_

    @property
    def norm_(self) -> str:
        return self.doc.tokens.norms[self.i]

    @property
    def like_num(self) -> bool:
        return self.doc.tokens.nums[self.i]

    @property
    def is_space(self) -> bool:
        return self.doc.tokens.is_space[self.i]

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def lower_(self) -> str:
        return self.text.lower()

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class Span:
    """Tokens [start, end) of a TokenDoc."""

    __slots__ = ("doc", "start", "end")

    def __init__(self, doc: "TokenDoc", start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self):
        return (Token(self.doc, i) for i in range(self.start, self.end))

    def __getitem__(self, i: int) -> Token:
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return Token(self.doc, self.start + i)

    @property
    def start_char(self) -> int:
        toks = self.doc.tokens
        return toks.starts[self.start] if self.start < len(toks) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        if self.end <= self.start:
            return self.start_char
        toks = self.doc.tokens
        return toks.starts[self.end - 1] + len(toks.texts[self.end - 1])

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char:self.end_char]

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class TokenDoc:
    """A text, its tokens and its sentence starts (token indices, the first being 0)."""

    __slots__ = ("text", "tokens", "sent_starts")

    def __init__(self, tokens: Tokens, sent_starts: list[int]) -> None:
        self.text = tokens.text
        self.tokens = tokens
        self.sent_starts = sent_starts

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, key):
        n = len(self.tokens)
        if isinstance(key, slice):
            start, stop, step = key.indices(n)
            if step != 1:
                raise ValueError("a TokenDoc slice takes no step")
            return Span(self, start, max(start, stop))
        if key < 0:
            key += n
        if not 0 <= key < n:
            raise IndexError(key)
        return Token(self, key)

    def __iter__(self):
        return (Token(self, i) for i in range(len(self.tokens)))

    @property
    def sents(self):
        starts = self.sent_starts
        for k, s in enumerate(starts):
            yield Span(self, s, starts[k + 1] if k + 1 < len(starts) else len(self.tokens))

    def char_span(self, start_idx: int, end_idx: int, alignment_mode: str = "strict") -> Span | None:
        """spaCy's Doc.char_span, for the "strict" and "expand" alignments."""
        if alignment_mode not in ("strict", "expand"):
            raise ValueError(f"alignment_mode {alignment_mode!r}: strict or expand")
        toks = self.tokens
        start = toks.token_at(start_idx)
        if start < 0 or (alignment_mode == "strict" and start_idx != toks.starts[start]):
            return None
        end = toks.token_at(end_idx - 1)
        if end < 0 or (alignment_mode == "strict" and end_idx != toks.starts[end] + len(toks.texts[end])):
            return None
        if alignment_mode == "expand" and start_idx == toks.starts[start] + len(toks.texts[start]):
            start += 1  # the start is the previous token's trailing space
        return Span(self, start, end + 1)


def columns(doc) -> tuple:
    """A Doc's token texts, start offsets and is-space flags, indexed as lists: a TokenDoc's own
    lists (no Token object per read), or a spaCy Doc's tokens asked one by one."""
    if isinstance(doc, TokenDoc):
        toks = doc.tokens
        return toks.texts, toks.starts, toks.is_space
    return _Column(doc, "text"), _Column(doc, "idx"), _Column(doc, "is_space")


class _Column:
    """One attribute of a spaCy Doc's tokens, indexed as a list."""

    __slots__ = ("doc", "attr")

    def __init__(self, doc, attr: str) -> None:
        self.doc, self.attr = doc, attr

    def __getitem__(self, i: int):
        return getattr(self.doc[i], self.attr)


def sentence_token_starts(doc: TokenDoc) -> list[int]:
    """Token indices where sentences start, as nlp._split_sentences sets them: the token rule
    (sentences.token_sentence_starts) run over the tokens by the compiled core when it is built
    (one call a block), else sentence_token_starts_py."""
    core = _core()
    if core is not None:
        toks = doc.tokens
        return core.token_sentence_starts(toks.texts, toks.spaces, toks.is_space, _TABLES or _tables())
    return sentence_token_starts_py(doc)


_TABLES = None  # sentences.TABLES, read when the first block is split (a clean page never imports sentences.py)


def _tables() -> tuple:
    global _TABLES
    from claimlint.sentences import TABLES

    _TABLES = TABLES
    return TABLES


def sentence_token_starts_py(doc: TokenDoc) -> list[int]:
    """sentence_token_starts in Python: the text's sentence starts (sentences.sentence_starts, by
    regular expressions) found among the tokens; the reference the compiled core is tested against,
    with the token rule, and the fallback without it."""
    from claimlint.sentences import sentence_starts, token_sentence_starts

    toks = doc.tokens
    if not len(toks):
        return []
    starts = toks.starts  # ascending: a sentence start is found by bisection, not a dict of every token
    out = [0]
    for c in sentence_starts(doc.text):
        i = bisect_left(starts, c)
        if i == len(starts) or starts[i] != c:  # a start between tokens: cannot happen, but never guess
            return [i for i, s in enumerate(token_sentence_starts(doc)) if s]  # (as _split_sentences)
        if i != out[-1]:
            out.append(i)
    return out


class Pipeline:
    """What claimlint uses of nlp.pipeline(): call it on a text, or `pipe` many."""

    def __call__(self, text: str) -> TokenDoc:
        from claimlint.tokenizer import tokenize  # its tables load on the first page that needs tokens

        doc = TokenDoc(tokenize(text), [])
        doc.sent_starts = sentence_token_starts(doc)
        return doc

    def pipe(self, texts, batch_size: int = 64):
        for text in texts:
            yield self(text)
