"""Named phrase lists, compiled into tries of tokens and found in a token view.

A lexicon ("@condition") is a list of phrases, each with attributes (a
`grade`, a `product`). It is compiled lazily, per (name, form), into a trie
keyed by first token, so finding every phrase in a sentence costs one
dictionary lookup per token.
"""
from __future__ import annotations

from dataclasses import dataclass
from sys import intern
from typing import Callable, Iterator

from claimlint.patterns.inflect import surface_forms
from claimlint.patterns.native import load_core

Tokenize = Callable[[str], list[str]]
_CORE = load_core()  # the compiled core's phrase_starts, or None (as matcher.py decides: CLAIMLINT_MATCHER)


@dataclass
class LexiconData:
    """A named phrase list; each phrase carries attributes (e.g. grade)."""

    name: str
    entries: list[tuple[str, dict]]
    inflect: str = "last"  # last | first | all | none


class PhraseTrie:
    """First token -> the remaining token sequences that complete a phrase."""

    def __init__(self) -> None:
        self.first: dict[str, list[tuple[tuple[str, ...], object]]] = {}

    def add(self, tokens: list[str], value: object) -> None:
        # Interned: a large lexicon repeats its words across phrases and variants, and a
        # string held once is also pickled once into the compiled-rules cache.
        if tokens:
            self.first.setdefault(intern(tokens[0]), []).append((tuple(map(intern, tokens[1:])), value))

    def match(self, view, i: int) -> Iterator[tuple[int, object]]:
        """(end, value) of every phrase that starts at token i of a TokenView."""
        if i >= view.limit:
            return
        for rest, value in self.first.get(view.norms[i], ()):
            j = i + 1
            for r in rest:
                j = view.skip(j)
                if j < view.limit and view.norms[j] == r:
                    j += 1
                else:
                    break
            else:
                yield j, value


class LexiconSet:
    """All lexicons, compiled lazily per (name, form) into tries."""

    def __init__(self, lexicons: dict[str, LexiconData], tokenize: Tokenize) -> None:
        self.data = lexicons
        self.tokenize = tokenize
        self._tries: dict[tuple[str, str | None], PhraseTrie] = {}
        self._values: dict[str, list[dict]] = {}

    def trie(self, name: str, form: str | None) -> PhraseTrie:
        lex = self.data[name]
        key = (name, None if lex.inflect == "none" else form)  # uninflected: every form is the same trie
        trie = self._tries.get(key)
        if trie is None:
            trie = PhraseTrie()
            values = self._values.get(name)
            if values is None:
                # One read-only entry per phrase, shared by its variants and by every form's trie
                # (a dict per variant per form was most of a 300,000-term lexicon's memory).
                values = self._values[name] = [{"text": phrase, **attrs} for phrase, attrs in lex.entries]
            for (phrase, _), value in zip(lex.entries, values):
                for variant in surface_forms(phrase, False, form, lex.inflect):
                    trie.add(self.tokenize(variant), value)
            self._tries[key] = trie
        return trie

    def index(self, view, name: str, form: str | None) -> dict[int, list[tuple[int, dict]]]:
        """Token positions of a TokenView where a phrase of the lexicon starts, with its ends:
        by the compiled core when it is built (the same dict), else by index_py."""
        norms, transparent = view.norms, view.transparent
        if _CORE is not None and type(norms) is list and type(transparent) is list and len(norms) == len(transparent):
            return _CORE.phrase_starts(norms, transparent, self.trie(name, form).first)
        return self.index_py(view, name, form)

    def index_py(self, view, name: str, form: str | None) -> dict[int, list[tuple[int, dict]]]:
        """index() in Python: the reference the compiled one is tested against."""
        trie = self.trie(name, form)
        out: dict[int, list[tuple[int, dict]]] = {}
        saved = view.limit
        view.limit = len(view.norms)
        try:
            first = trie.first
            for i, norm in enumerate(view.norms):
                if norm in first:
                    for end, value in trie.match(view, i):
                        out.setdefault(i, []).append((end, value))
        finally:
            view.limit = saved
        return out

