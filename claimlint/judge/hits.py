"""Hits: where a rule's pattern (or regex) matched a sentence, before any judging.

A hit names its rule, the pattern that matched (None for a rule regex), its
tokens [start, end) and its captures (patterns.matcher.Capture: lexicon
phrases, numbers, gaps and the marked part to report).
"""
from __future__ import annotations

from typing import NamedTuple

from claimlint.patterns.matcher import _CORE, Capture
from claimlint.ruleset.model import PatternSpec, Rule


class Hit(NamedTuple):
    rule: Rule
    spec: PatternSpec | None
    start: int
    end: int
    captures: tuple[Capture, ...]

    @property
    def mark(self) -> tuple[int, int] | None:
        """The tokens of the part to report and replace (`[ ]` in the pattern), if marked."""
        for c in self.captures:  # a loop, not next() over a generator: asked several times a hit
            if c.name == "_mark":
                return c.start, c.end
        return None

    @property
    def gaps(self) -> list[tuple[int, int]]:
        """The tokens the pattern's `{m,n}` gaps covered."""
        return [(c.start, c.end) for c in self.captures if c.name == "_gap"]

    @property
    def grades(self) -> set:
        """The `grade` attributes of the lexicon phrases captured (e.g. a serious condition)."""
        return {c.entry.get("grade") for c in self.captures if c.entry}


def prune(hits: list[Hit]) -> list[Hit]:
    """Per rule, keep the longest of overlapping hits: by the compiled core when it is built
    (the same list), else by prune_py."""
    if len(hits) < 2:
        return hits  # most sentences hold one hit: nothing to sort or compare
    if _CORE is not None and type(hits) is list:
        return _CORE.prune(hits)
    return prune_py(hits)


def prune_py(hits: list[Hit]) -> list[Hit]:
    """prune() in Python: the reference the compiled core is tested against."""
    if len(hits) < 2:
        return hits
    hits = sorted(hits, key=lambda h: (h.rule.id, -(h.end - h.start), h.start))
    kept: list[Hit] = []
    for h in hits:
        if any(k.rule is h.rule and k.start < h.end and h.start < k.end for k in kept):
            continue
        kept.append(h)
    return sorted(kept, key=lambda h: (h.start, h.rule.id))
