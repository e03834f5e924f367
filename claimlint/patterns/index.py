"""Many compiled patterns behind one start-token index.

Each pattern is tried only at tokens it can start with (a word, a lexicon
phrase or a number), so adding rules adds dictionary entries, not passes
over the text.
"""
from __future__ import annotations

from typing import Iterable, NamedTuple

from claimlint.patterns.matcher import Capture, CompiledPattern
from claimlint.patterns.tokens import TokenView


class Match(NamedTuple):
    """The longest match of one pattern at one start: its key (what the index was built
    with: a rule and its pattern, a modifier...), its tokens [start, end) and its captures."""

    key: object
    start: int
    end: int
    captures: tuple[Capture, ...]


class PatternIndex:
    def __init__(self, items: Iterable[tuple[object, CompiledPattern]]) -> None:
        self.by_word: dict[str, list[tuple[object, CompiledPattern]]] = {}
        self.by_lexicon: dict[tuple[str, str | None], list[tuple[object, CompiledPattern]]] = {}
        self.by_number: list[tuple[object, CompiledPattern]] = []
        self.anywhere: list[tuple[object, CompiledPattern]] = []
        self.size = 0
        for key, pattern in items:
            self.size += 1
            s = pattern.starts
            if s.anywhere:
                self.anywhere.append((key, pattern))
                continue
            for w in s.words:
                self.by_word.setdefault(w, []).append((key, pattern))
            for lex in s.lexicons:
                self.by_lexicon.setdefault(lex, []).append((key, pattern))
            if s.number:
                self.by_number.append((key, pattern))

    def find(self, view: TokenView, start: int, end: int) -> list[Match]:
        """The longest match of each pattern at each start in tokens [start, end)."""
        if not self.size:
            return []
        saved = view.limit
        view.limit = end
        out: list[Match] = []
        gate = view.gate(start, end)
        try:
            tried: set[tuple[int, int]] = set()

            def attempt(key, pattern, i):
                mark = (id(pattern), i)
                if mark in tried:
                    return
                tried.add(mark)
                if not gate(pattern):
                    return
                m = pattern.match_at(view, i)
                if m is not None:
                    out.append(Match(key, i, m[0], m[1]))

            for i in range(start, end):
                if view.transparent[i]:
                    continue
                for key, pattern in self.by_word.get(view.norms[i], ()):
                    attempt(key, pattern, i)
                if view.nums[i]:
                    for key, pattern in self.by_number:
                        attempt(key, pattern, i)
                for key, pattern in self.anywhere:
                    attempt(key, pattern, i)
            for (name, form), entries in self.by_lexicon.items():
                for i in view.lexicon_starts(name, form):
                    if start <= i < end:
                        for key, pattern in entries:
                            attempt(key, pattern, i)
        finally:
            view.limit = saved
        return out
