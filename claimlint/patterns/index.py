"""Many compiled patterns behind one start-token index.

Each pattern is tried only at tokens it can start with (a word, a lexicon
phrase or a number), so adding rules adds dictionary entries, not passes
over the text.
"""
from __future__ import annotations

import weakref
from typing import Iterable, NamedTuple

from claimlint.patterns.matcher import _CORE, Capture, CompiledPattern
from claimlint.patterns.requirements import ANYWHERE, LARGE_KEY_SET, NUMBER, Requirement, best_keys, satisfied
from claimlint.patterns.tokens import TokenView


class Match(NamedTuple):
    """The longest match of one pattern at one start: its key (what the index was built
    with: a rule and its pattern, a modifier...), its tokens [start, end) and its captures."""

    key: object
    start: int
    end: int
    captures: tuple[Capture, ...]


class PatternIndex:
    """Patterns behind their start tokens, and behind the words they need.

    A sentence first gives the patterns it could hold at all: each pattern
    alternative is filed under the keys of its most selective requirement
    (patterns.requirements), so only the alternatives one of whose keys the
    sentence has are checked against all their requirements. Only the
    patterns that pass are tried, and each only at the tokens it can start
    with.
    """

    def __init__(self, items: Iterable[tuple[object, CompiledPattern]]) -> None:
        _LIVE.add(self)
        self.by_word: dict[str, list[tuple[object, CompiledPattern, int]]] = {}
        self.by_lexicon: dict[tuple[str, str | None], list[tuple[object, CompiledPattern, int]]] = {}
        self.by_number: list[tuple[object, CompiledPattern, int]] = []
        self.anywhere: list[tuple[object, CompiledPattern, int]] = []
        self.size = 0
        ids: dict[int, int] = {}  # id(pattern) -> its number here (one pattern may serve several keys)
        patterns: list[CompiledPattern] = []
        for key, pattern in items:
            self.size += 1
            n = ids.get(id(pattern))
            if n is None:
                n = ids[id(pattern)] = len(patterns)
                patterns.append(pattern)
            entry = (key, pattern, n)
            s = pattern.starts
            if s.anywhere:
                self.anywhere.append(entry)
                continue
            for w in s.words:
                self.by_word.setdefault(w, []).append(entry)
            for lex in s.lexicons:
                self.by_lexicon.setdefault(lex, []).append(entry)
            if s.number:
                self.by_number.append(entry)
        # The gate: pattern alternatives filed under the keys of their most selective requirement.
        self.pattern_count = len(patterns)  # patterns are numbered 0 .. pattern_count - 1
        self.ungated: set[int] = set()
        self.gate_words: dict[str, list[tuple[int, list]]] = {}
        self.gate_number: list[tuple[int, list]] = []
        self.gate_symbols: dict[str, list[tuple[int, list]]] = {}
        # A lexicon's key set (thousands of words) is one gate, not thousands of entries: filing
        # each pattern under each of a 300,000-term lexicon's words cost millions of objects.
        self.gate_sets: dict[int, tuple[Requirement, list[tuple[int, list]]]] = {}
        for n, pattern in enumerate(patterns):
            if not pattern.requirements:
                self.ungated.add(n)
            for reqs in pattern.requirements:
                primary = best_keys([r[3] for r in reqs])
                if ANYWHERE in primary:
                    self.ungated.add(n)
                    continue
                # One entry object under all its keys: a cached build pickles it once.
                entry = (n, reqs)
                if len(primary) > LARGE_KEY_SET:
                    req = next(r for r in reqs if r[3] is primary)
                    self.gate_sets.setdefault(id(primary), (req, []))[1].append(entry)
                    continue
                for k in primary:
                    if k == NUMBER:
                        self.gate_number.append(entry)
                    elif k.isalnum():
                        self.gate_words.setdefault(k, []).append(entry)
                    else:
                        self.gate_symbols.setdefault(k, []).append(entry)
        # Building the compiled gate costs about as much per entry as gating a token in Python
        # (~0.8 µs against ~0.7 µs for the main index), so each index builds its own once it has
        # gated as many tokens as it has entries: a rule's small `unless` index at once, a strength
        # cue index after a few hundred sentences, the main index after PatternIndex.compile_after.
        entries = (sum(map(len, self.gate_words.values())) + len(self.gate_number)
                   + sum(map(len, self.gate_symbols.values())) + sum(len(a) for _, a in self.gate_sets.values()))
        self.compile_after = min(PatternIndex.compile_after, max(64, entries))
        self.entries = entries

    _gate = None  # the compiled core's gate, built once worth it; False when Python gates
    # Building the compiled gate of the main index from these tables costs ~50 million
    # instructions, the price of gating a few thousand tokens in Python: an index built in this
    # process gates a small page in Python, and builds the compiled gate once this many tokens
    # have been, or fewer for a smaller index (see __init__; the two give the same set:
    # tests/test_cmatch.py). An unpickled index (the compiled rules' cache entry) has the gate
    # as bytes instead (_blob) and reads them back after a few hundred tokens (read_share).
    compile_after = 8_000  # tokens, at most
    _gated = 0
    _blob = None  # the compiled gate as the core's gate_dumps wrote it, pickled with the tables

    def __getstate__(self):
        # The compiled loop is built after unpickling, never pickled; the gate is pickled as
        # bytes (the core's gate_dumps), which the unpickled copy's core reads back in a few
        # hundred thousand instructions instead of walking the tables again.
        state = self.__dict__.copy()
        state.pop("_gate", None)
        state.pop("_gated", None)
        state.pop("_finder", None)
        if state.get("_blob") is None:
            state.pop("_blob", None)
            blob = self._dumped_gate()
            if blob is not None:
                state["_blob"] = blob
        return state

    def __setstate__(self, state) -> None:
        self.__dict__.update(state)
        _LIVE.add(self)

    def prepare(self) -> None:
        """Have the compiled gate and start-token loop now (read from the pickled bytes, or
        built from the tables), however few tokens this index has gated: before a run forks
        its workers, so that each inherits them instead of gating in Python and building
        them again (see prepare_all)."""
        if self._gate is None:
            self._gate = self._read_gate() or self._build_gate()
        if self._finder is None:
            self._finder = self._build_finder()

    def _build_gate(self):
        """The compiled core's gate over the tables (False without the core)."""
        if _CORE is None:
            return False
        return _CORE.Gate(frozenset(self.ungated), self.gate_words, self.gate_number, self.gate_symbols,
                          list(self.gate_sets.values()))

    # An index of fewer entries pickles no bytes: it builds its gate from the tables once it has
    # gated as many tokens as it has entries, and its bytes would cost every run that reads
    # the cache entry more than they save (a rule's `unless` index: a few dozen entries).
    dump_from = 2_000  # entries

    def _dumped_gate(self) -> bytes | None:
        """The compiled gate as bytes, or None (no core, a small index, or a gate the core does
        not dump: one with a very large lexicon's requirement, compared lazily with a sentence's
        words)."""
        if _CORE is None or not hasattr(_CORE, "gate_dumps") or getattr(self, "entries", 0) < self.dump_from:
            return None
        gate = self._gate or self._build_gate()
        return _CORE.gate_dumps(gate) if gate else None

    # Reading the main index's bytes back costs ~15 million instructions (its ~13,000 words
    # made into a dict), the price of gating ~800 tokens in Python: the bytes are read once an
    # index has gated a sixteenth as many tokens as it has entries (the main index: ~1,270, a
    # 5 KB page's ~600 stay in Python), a sixth of what building from the tables waits for.
    read_share = 16

    def _first_gate(self, tokens: int):
        """The compiled gate once it is worth having: read from the pickled bytes after a few
        hundred tokens, else built from the tables after compile_after; None while Python gates."""
        self._gated += tokens
        if self._blob is not None and _CORE is not None:
            if self._gated <= getattr(self, "entries", 0) // self.read_share:
                return None
            gate = self._gate = self._read_gate()
            if gate is not None:
                return gate
        if self._gated > self.compile_after:
            gate = self._gate = self._build_gate()
            return gate
        return None

    def _read_gate(self):
        """The compiled gate read back from the pickled bytes, or None (no bytes, no core, or
        bytes of another build of the core, which are then dropped: the tables decide)."""
        if self._blob is None or _CORE is None:
            return None
        try:
            return _CORE.gate_loads(self._blob, frozenset(self.ungated))
        except ValueError:
            self._blob = None
            return None

    def possible(self, view: TokenView, start: int, end: int) -> set[int]:
        """The numbers of the patterns whose required words all occur in tokens [start, end):
        by the compiled core when it is built (the same set), else in Python."""
        gate = self._gate
        if gate is None:
            gate = self._first_gate(end - start)
        if gate:
            return gate.possible(*view.words(start, end))
        return self.possible_py(view, start, end)

    def possible_py(self, view: TokenView, start: int, end: int) -> set[int]:
        """possible() in Python: the reference the compiled gate is tested against."""
        words, has_number, text = view.words(start, end)
        out = set(self.ungated)
        for w in words & self.gate_words.keys():
            for n, reqs in self.gate_words[w]:
                if n not in out and satisfied(reqs, words, has_number, text):
                    out.add(n)
        if has_number:
            for n, reqs in self.gate_number:
                if n not in out and satisfied(reqs, words, has_number, text):
                    out.add(n)
        for symbol, alts in self.gate_symbols.items():
            if symbol in text:
                for n, reqs in alts:
                    if n not in out and satisfied(reqs, words, has_number, text):
                        out.add(n)
        for req, alts in self.gate_sets.values():
            if satisfied((req,), words, has_number, text):  # isdisjoint walks the sentence's few words
                for n, reqs in alts:
                    if n not in out and satisfied(reqs, words, has_number, text):
                        out.add(n)
        return out

    _finder = None  # the compiled core's start-token loop, built on first use; False in Python

    def _build_finder(self):
        if _CORE is None:
            return False
        # Each pattern's program is built by the loop on the pattern's first try (it opens the
        # pattern's node tree, see CompiledPattern.__getattr__): a page tries few of them.
        programs = [None] * self.pattern_count
        return _CORE.Finder(self.by_word, self.by_number, self.anywhere, list(self.by_lexicon.items()), programs, Match)

    def find(self, view: TokenView, start: int, end: int, possible: set[int] | None = None) -> list[Match]:
        """The longest match of each pattern at each start in tokens [start, end): by the compiled
        core when it is built (the same list, in the same order), else by find_py. `possible` is
        what possible() gave for the same tokens, when the caller asked it first."""
        if not self.size:
            return []
        finder = self._finder
        if finder is None:
            finder = self._finder = self._build_finder()
        if not finder:
            return self._find(view, start, end, self._walk, possible)
        # _find and possible() inlined: every sentence asks several indexes, most of them for nothing.
        if possible is None:
            gate = self._gate
            if gate is None:
                return self._find(view, start, end, finder.find)  # gates in Python until the gate is worth building
            return finder.search(view, start, end, gate)  # gate.possible(*view.words(...)), then as below
        if not possible:
            return []
        saved = view.limit
        view.limit = end
        try:
            return finder.find(view, start, end, possible)
        finally:
            view.limit = saved

    def find_py(self, view: TokenView, start: int, end: int) -> list[Match]:
        """find() in Python: the reference the compiled loop is tested against."""
        return self._find(view, start, end, self._walk)

    def _find(self, view: TokenView, start: int, end: int, walk, possible: set[int] | None = None) -> list[Match]:
        """What both loops share: the gate, and the view limited to [start, end) while `walk` runs."""
        if not self.size:
            return []
        if possible is None:
            possible = self.possible(view, start, end)
        if not possible:
            return []
        saved = view.limit
        view.limit = end
        try:
            return walk(view, start, end, possible)
        finally:
            view.limit = saved

    def _walk(self, view: TokenView, start: int, end: int, possible: set[int]) -> list[Match]:
        """The start-token loop in Python (the compiled core's Finder.find does the same)."""
        out: list[Match] = []
        tried: dict[tuple[int, int], tuple | None] = {}
        given: set[tuple[int, int]] = set()

        def try_at(entries, i: int) -> None:
            """Each possible pattern of `entries` matched once at token i, and its match given to
            every key that uses it (two rules may share a pattern source: each gets the hit, as
            the second rule's constraints may keep what the first one's drop). A token can reach
            an entry both by its word and as a lexicon start: it gets it once."""
            for entry in entries:
                key, pattern, n = entry
                if n not in possible or (id(entry), i) in given:
                    continue
                given.add((id(entry), i))
                if (n, i) in tried:
                    m = tried[n, i]
                else:
                    m = tried[n, i] = pattern.match_at(view, i)
                if m is not None:
                    out.append(Match(key, i, m[0], m[1]))

        norms, transparent, nums = view.norms, view.transparent, view.nums
        by_word = self.by_word
        for i in range(start, end):
            if transparent[i]:
                continue
            entries = by_word.get(norms[i], ())
            if nums[i]:
                entries = [*entries, *self.by_number]
            if self.anywhere:
                entries = [*entries, *self.anywhere]
            if entries:
                try_at(entries, i)
        for (name, form), entries in self.by_lexicon.items():
            if not any(n in possible for _, _, n in entries):
                continue
            for i in view.lexicon_starts(name, form):
                if start <= i < end:
                    try_at(entries, i)
        return out


_LIVE: "weakref.WeakSet[PatternIndex]" = weakref.WeakSet()  # every index of this process (prepare_all)


def prepare_all() -> int:
    """PatternIndex.prepare for every index this process holds; how many there were."""
    live = list(_LIVE)
    for index in live:
        index.prepare()
    return len(live)
