"""A cheap test of whether a text could match any selected rule at all.

Before anything is tokenised, each rule pattern's requirements (computed once at
loading, see patterns.requirements) give its anchor: the most selective
element every match must contain (a rare word, a lexicon's phrases, a
number), never a stopword such as "the". A block that contains no anchor
of any rule, and matches no rule regex, is skipped, and a page made only of
such blocks never loads the compiled rules or tokenises. That is what makes a clean page cheap. The
same test skips the sentences of a block that hold no claim.
"""
from __future__ import annotations

from claimlint.patterns.requirements import ANYWHERE, LARGE_KEY_SET, NUMBER, WORD, best_keys, satisfied, text_words
from claimlint.ruleset.model import Rule
from claimlint.ruleset.regex import RegexSet


class Prefilter:
    def __init__(self, rules: list[Rule]) -> None:
        self.regexes = RegexSet((rx, rx) for rule in rules for rx, _ in rule.regex)  # asked as one
        self.always = False
        self.by_key: dict[str, list] = {}
        self.by_number: list = []
        self.by_set: dict[int, tuple] = {}  # for the compiled gate: a large primary key set, gated as one
        for rule in rules:
            for spec in rule.patterns:
                anchors = spec.anchors or [best_keys([r[3] for r in reqs]) for reqs in spec.requirements]
                for reqs, primary in zip(spec.requirements, anchors):
                    if ANYWHERE in primary:
                        self.always = True
                    elif NUMBER in primary:
                        self.by_number.append(reqs)
                    else:
                        for k in primary:
                            self.by_key.setdefault(k, []).append(reqs)
                        if len(primary) > LARGE_KEY_SET and all(k.isalnum() or not WORD.fullmatch(k) for k in primary):
                            req = next(r for r in reqs if r[3] is primary)
                            self.by_set.setdefault(id(primary), (req, []))[1].append(reqs)
        self.symbols = [k for k in self.by_key if not WORD.fullmatch(k)]

    _gate = None  # the compiled core's gate over these tables, built once worth it; False in Python
    # Building the compiled gate costs 10-15 ms, the price of gating ~150 KB in Python: a page
    # of a few kilobytes (a pre-commit run, an editor) is gated in Python, and the compiled
    # gate is built once this much text has been (the two answer alike: tests/test_cmatch.py).
    compile_after = 100_000  # characters
    _gated = 0

    def __getstate__(self):
        state = self.__dict__.copy()  # a linter sent to a worker builds its own compiled gate
        state.pop("_gate", None)
        state.pop("_gated", None)
        return state

    def could_match(self, text: str) -> bool:
        if self.always:
            return True
        words, has_number, _ = text_words(text)
        gate = self._gate
        if gate is None:
            self._gated += len(text)
            if self._gated > self.compile_after:
                gate = self._gate = self._build_gate()
        if gate:
            if gate.any(words, has_number, text):
                return True
        elif self._keys_met(words, has_number, text):
            return True
        if any(s in text for s in self.symbols):
            return True
        return any(rx.compiled.search(text) for rx in self.regexes.candidates(text))

    def _build_gate(self):
        """The compiled core's requirement gate (patterns.index) over by_key and by_number."""
        from claimlint.patterns.matcher import _CORE

        if _CORE is None:
            return False
        # Every alternative is pattern 0 (any one met will do). A large key set (a lexicon's) is
        # one gate entry, as in PatternIndex, not one per key; its keys that are not words (the
        # requirement tests those as substrings, by_key as words) keep it filed key by key.
        in_sets = {id(reqs) for _, alts in self.by_set.values() for reqs in alts}
        words = {}
        for k, alts in self.by_key.items():
            small = [(0, reqs) for reqs in alts if id(reqs) not in in_sets]
            if small and WORD.fullmatch(k):
                words[k] = small
        sets = [(req, [(0, reqs) for reqs in alts]) for req, alts in self.by_set.values()]
        return _CORE.Gate(frozenset(), words, [(0, reqs) for reqs in self.by_number], {}, sets)

    def _keys_met(self, words: set[str], has_number: bool, text: str) -> bool:
        """The gate in Python: the reference the compiled one is tested against."""
        for w in words & self.by_key.keys():
            for reqs in self.by_key[w]:
                if satisfied(reqs, words, has_number, text):
                    return True
        if has_number:
            for reqs in self.by_number:
                if satisfied(reqs, words, has_number, text):
                    return True
        return False
