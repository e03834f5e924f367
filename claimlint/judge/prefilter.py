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

from claimlint.patterns.requirements import (
    ANYWHERE, LARGE_KEY_SET, NUMBER, WORD, best_keys, decode_strict, satisfied, strictly_met, text_words)
from claimlint.ruleset.model import Rule
from claimlint.ruleset.regex import RegexSet


class Prefilter:
    def __init__(self, rules: list[Rule]) -> None:
        self.regexes = RegexSet((rx, rx) for rule in rules for rx, _ in rule.regex)  # asked as one
        self.always = False
        self.by_key: dict[str, list] = {}
        self.by_number: list = []
        self.by_set: dict[int, tuple] = {}  # for the compiled gate: a large primary key set, gated as one
        # (requirements, the pattern's strict_requirements) where the word bag merged a group
        self.strict_pairs: list[tuple[list, tuple]] = []
        for rule in rules:
            for spec in rule.patterns:
                anchors = spec.anchors or [best_keys([r[3] for r in reqs]) for reqs in spec.requirements]
                strict = getattr(spec, "strict", None)
                for reqs, primary in zip(spec.requirements, anchors):
                    if strict is not None:
                        self.strict_pairs.append((reqs, strict))
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
        self.respelt = respellings(reqs for rule in rules for spec in rule.patterns for reqs in spec.requirements)

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
        state.pop("_strict", None)
        state.pop("_decoded", None)
        return state

    @property
    def strict(self) -> dict[int, bytes]:
        """id(requirements) -> their pattern's strict_requirements (the ids of this copy's lists)."""
        found = self.__dict__.get("_strict")
        if found is None:
            found = self.__dict__["_strict"] = {id(reqs): strict for reqs, strict in self.strict_pairs}
        return found

    def _strictly(self, strict: dict | None, reqs, words: set[str], has_number: bool, text: str) -> bool:
        """Does the text meet one of the strict alternatives of the pattern `reqs` belong to?
        (Yes when the pattern has none, or `strict` is None: the word bag alone.)"""
        encoded = strict.get(id(reqs)) if strict is not None else None
        if encoded is None:
            return True
        decoded = self.__dict__.setdefault("_decoded", {})  # a pack's rule text, decoded once per process
        alternatives = decoded.get(encoded)
        if alternatives is None:
            alternatives = decoded[encoded] = decode_strict(encoded)
        return any(strictly_met(alt, words, has_number, text) for alt in alternatives)

    def could_match(self, text: str) -> bool:
        if self.always:
            return True
        words, has_number, _ = text_words(text)
        respelt = self.respelt
        if respelt and not respelt.keys().isdisjoint(words):
            words = words.union(*(extra for w in words & respelt.keys() for case, extra in respelt[w] if case in text))
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

    def _keys_met(self, words: set[str], has_number: bool, text: str, bag_only: bool = False) -> bool:
        """The gate in Python, asked of a page's first 100,000 characters: requirements met,
        and where the word bag merged a group (strict_requirements), one of each group's
        alternatives met too. `bag_only`: the bag alone, as the compiled gate asks it (for
        text that is mostly claims, where the second test would rarely say no); the
        reference the compiled gate is tested against."""
        strict = None if bag_only else self.strict
        for w in words & self.by_key.keys():
            for reqs in self.by_key[w]:
                if satisfied(reqs, words, has_number, text) and self._strictly(strict, reqs, words, has_number, text):
                    return True
        if has_number:
            for reqs in self.by_number:
                if satisfied(reqs, words, has_number, text) and self._strictly(strict, reqs, words, has_number, text):
                    return True
        return False



def respellings(requirements) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """Words the tokenizer splits into tokens that are other words: each word (lower case)
    -> (the special case as spelt, the words of its tokens and their norms that one of these
    requirements names), filed under the case's first word. "wont" is the tokens "wo" and
    "nt", read as "will" and "not", "gonna" is "going to", "don't" is "do" and "n't": the
    text's own words ("don", "t") hold no "do". Without this the strict groups skipped
    "antidepressants that don't work" for "(do|does|did) not work", and
    "It wont cause side effects" was skipped as a block that could not match
    while "won't" was flagged. A case counts only where the text holds it as spelt (the
    tokenizer's cases are: "id" is "i" + "d", "ID" is one token). From the tokenizer's
    tables (its special cases and their norms), kept to the words some requirement needs."""
    from claimlint.sentence_tables import SPECIALS
    from claimlint.token_tables import SPECIAL_NORMS

    cases = []  # (the case's first word, the case, the words of its tokens and norms it lacks)
    for case, lengths in SPECIALS.items():
        own = WORD.findall(case.lower())
        if not own:
            continue
        pieces, at = [], 0
        for n in lengths:
            pieces.append(case[at:at + n])
            at += n
        norms = [n for n in SPECIAL_NORMS.get(case, ()) if n]
        extra = {w for t in pieces + norms for w in WORD.findall(t.lower()) if w not in own}
        if extra:
            cases.append((own[0], case, extra))
    candidates = set().union(*(extra for _, _, extra in cases))
    # Which of those some requirement names: each requirement object once (a pack's equal
    # requirements are one object, filed many times), a large key set compared the short way.
    needed: set[str] = set()
    seen: set[int] = set()
    for reqs in requirements:
        for req in reqs:
            if id(req) not in seen:
                seen.add(id(req))
                needed |= candidates.intersection(req[3])
    out: dict[str, list] = {}
    for first, case, extra in cases:
        extra = frozenset(extra & needed)
        if extra:
            out.setdefault(first, []).append((case, extra))
    return {w: tuple(cases) for w, cases in out.items()}
