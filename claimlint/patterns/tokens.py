"""A token view: the attributes of one tokenised block that patterns look at.

Built once per block from spaCy's tokens (see claimlint.judge.sentences)
and shared by every pattern, lexicon and context that reads the block:
normalised words, which tokens are numbers, which are transparent (hyphens,
spaces) and which are barriers a gap cannot cross.
"""
from __future__ import annotations

from claimlint.patterns.requirements import sentence_words, text_words

TRANSPARENT = {"-", "‐", "‑", "­"}
BARRIERS = {";", ":", ".", "!", "?", "…", "—", "–", "..", "...", "?!", "!!", ","}


class TokenView:
    """Token attributes of one spaCy Doc, prepared once for all patterns."""

    def __init__(self, norms: list[str], nums: list[bool], transparent: list[bool], lexicons,
                 texts: list[str] | None = None, barrier: list[bool] | None = None,
                 sentences: list[int] | None = None) -> None:
        self.norms = norms
        self.texts = texts if texts is not None else norms
        self._words_key = None
        self._sentences = sentences  # the first token of each sentence, when the view is a block's
        self._by_sentence = None  # their words, found together when the first is asked (sentence_words)
        self.nums = nums
        self.transparent = transparent
        self.barrier = barrier if barrier is not None else [n in BARRIERS for n in norms]  # given: the same
        self.limit = len(norms)
        self.lexicons = lexicons
        self._lex_cache: dict[tuple[str, str | None], dict[int, list[tuple[int, dict]]]] = {}

    def words(self, start: int, end: int) -> tuple[set[str], bool, str]:
        """The words of tokens [start, end) as requirement checks see them (see requirements.py),
        worked out once for all the pattern indexes that look at the same sentence; those of all
        the block's sentences at once, when the view knows them."""
        key = (start, end)
        if self._words_key != key:
            self._words_key = key
            by = self._by_sentence
            if by is None:
                by = self._by_sentence = sentence_words(self.texts, self._sentences) if self._sentences else {}
            words = by.get(key)
            self._words = words if words is not None else text_words(" ".join(self.texts[start:end]))
        return self._words

    def skip(self, i: int) -> int:
        while i < self.limit and self.transparent[i]:
            i += 1
        return i

    def lexicon_starts(self, name: str, form: str | None) -> dict[int, list[tuple[int, dict]]]:
        """Token positions where a phrase of the lexicon starts, with its ends."""
        key = (name, form)
        index = self._lex_cache.get(key)
        if index is None:
            index = self._lex_cache[key] = self.lexicons.index(self, name, form)
        return index

    def lexicon_at(self, name: str, form: str | None, i: int) -> list[tuple[int, dict]]:
        return self.lexicon_starts(name, form).get(i, ())
