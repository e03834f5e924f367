"""A cheap test of whether a text could match any rule at all.

Before spaCy is loaded, each pattern is reduced to an anchor: the most
selective element every match of it must contain (a rare word, a lexicon's
phrases, a number), never a stopword such as "the". A block that contains no
anchor of any rule, and matches no rule regex, is skipped, and a page made
only of such blocks never loads spaCy. That is what makes a clean page cheap.
"""
from __future__ import annotations

import re

from claimlint.patterns.matcher import _forms
from claimlint.patterns.syntax import Gap, Group, Lex, Mark, Num, Word, parse_pattern
from claimlint.ruleset.model import RuleSet

_WORD = re.compile(r"\w+")
_NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half|twice|thrice|double|triple|quarter|third)\b",
    re.I,
)
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out
over own same she should so some such than that the their them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours s t ll
ve re d m n don can't cannot won may might must shall us one new get got make made
""".split())
_CONTRACTED = {
    "not": ("t",), "cannot": ("can", "t"), "will": ("wo", "ll"), "would": ("d",), "is": ("s",), "are": ("re",),
    "have": ("ve",), "am": ("m",), "had": ("d",), "shall": ("sha",), "can": ("ca",),
}

NUMBER = "#num"
ANYWHERE = "*"


def _variant_keys(variant: str) -> set[str]:
    """Words a text must contain to hold this surface form (all pieces of contractions)."""
    words = _WORD.findall(variant.lower())
    if not words:
        return {variant.strip()[:1]} if variant.strip() else set()
    rare = [w for w in words if w not in STOPWORDS] or words
    best = max(rare, key=len)
    keys = {best}
    if "'" in variant or "’" in variant or best in _CONTRACTED:
        keys |= set(words) | {w[:-1] for w in words if w.endswith("n")} | set(_CONTRACTED.get(best, ()))
    return keys


_SELECTIVITY: dict[frozenset, tuple[int, int]] = {}
_REQUIREMENTS: dict[frozenset, "Requirement"] = {}


def _selectivity(keys: frozenset[str]) -> tuple[int, int]:
    """How selective a key set is (lower is better): stopwords worst, numbers next, then size.

    Memoised per key set: a lexicon's key set (hundreds of thousands of keys) is
    shared by every pattern that uses the lexicon and must be scanned once.
    """
    score = _SELECTIVITY.get(keys)
    if score is None:
        score = (2 if not STOPWORDS.isdisjoint(keys) else (1 if NUMBER in keys else 0), len(keys))
        if len(keys) > 64:
            _SELECTIVITY[keys] = score
    return score


class _Anchors:
    def __init__(self, lexicons) -> None:
        self.lexicons = lexicons

    def alts(self, alts) -> set[str]:
        keys: set[str] = set()
        for seq in alts:
            keys |= self.best(self.requirements(seq))
        return keys

    def requirements(self, seq) -> list[frozenset[str]]:
        """One key set per required item: a match contains a key of each."""
        reqs = []
        for item in seq:
            if item.optional or isinstance(item.atom, Gap):
                continue
            if isinstance(item.atom, (Group, Mark)) and len(item.atom.alternatives) == 1:
                reqs.extend(self.requirements(item.atom.alternatives[0]))
                continue
            keys = self.atom(item.atom)
            if keys and ANYWHERE not in keys:
                reqs.append(keys if isinstance(keys, frozenset) else frozenset(keys))
        return reqs

    @staticmethod
    def best(reqs: list[frozenset[str]]) -> frozenset[str]:
        """The most selective requirement: no stopwords, few keys, numbers last."""
        if not reqs:
            return frozenset({ANYWHERE})
        return min(reqs, key=_selectivity)

    def atom(self, atom) -> set[str]:
        if isinstance(atom, Word):
            keys: set[str] = set()
            for text, exact, form in atom.alternatives:
                for variant in _forms(text, exact, form):
                    keys |= _variant_keys(variant)
            return keys
        if isinstance(atom, Lex):
            lex = self.lexicons.get(atom.name)
            if lex is None:
                return {ANYWHERE}
            # Computed once per lexicon and form, not once per pattern that uses it (a
            # 300,000-term lexicon used by several patterns took minutes).
            memo = lex.__dict__.setdefault("_prefilter_keys", {})
            key = (None if lex.inflect == "none" else atom.form, len(lex.entries))
            if key not in memo:
                keys = set()
                for phrase, _ in lex.entries:
                    for variant in _forms(phrase, False, atom.form, lex.inflect):
                        keys |= _variant_keys(variant)
                memo[key] = frozenset(keys)
            return memo[key]  # shared, never copied: a copy of 300,000 keys per use is what cost
        if isinstance(atom, Num):
            return {NUMBER}
        if isinstance(atom, (Group, Mark)):
            return self.alts(atom.alternatives)
        return {ANYWHERE}


def text_words(text: str) -> tuple[set[str], bool, str]:
    """What requirement checks look at: the text's words, whether it has a number, the text."""
    return set(_WORD.findall(text.lower())), bool(_NUMBERISH.search(text)), text


def requirements_met(reqs_per_alt, words: tuple[set[str], bool, str]) -> bool:
    """Could any alternative of a pattern match text with these words?"""
    if not reqs_per_alt:
        return True
    return any(Prefilter._satisfied(reqs, *words) for reqs in reqs_per_alt)


class Requirement(tuple):
    """One required item: (word keys, symbol keys, whether a number satisfies it)."""

    __slots__ = ()

    @classmethod
    def of(cls, keys: frozenset[str]) -> "Requirement":
        made = _REQUIREMENTS.get(keys)  # a large lexicon's keys are split once, not once per pattern
        if made is None:
            words = frozenset(k for k in keys if k != NUMBER and k.isalnum())
            symbols = tuple(k for k in keys if k != NUMBER and not k.isalnum())
            made = cls((words, symbols, NUMBER in keys, keys))
            if len(keys) > 64:
                _REQUIREMENTS[keys] = made
        return made


def pattern_requirements(source: str, lexicons) -> list[list[Requirement]]:
    """For each alternative of a pattern, the key sets a matching text must all touch."""
    anchors = _Anchors(lexicons)
    return [[Requirement.of(r) for r in anchors.requirements(seq)] for seq in parse_pattern(source)]


class Prefilter:
    def __init__(self, ruleset: RuleSet, rules) -> None:
        self.regexes = [rx for rule in rules for rx, _ in rule.regex]
        self.always = False
        self.by_key: dict[str, list[list[frozenset[str]]]] = {}
        self.by_number: list[list[frozenset[str]]] = []
        self.symbols: list[str] = []
        cache = ruleset.prefilter
        for rule in rules:
            for spec in rule.patterns:
                reqs_per_alt = cache.get(spec.source)
                if reqs_per_alt is None:
                    reqs_per_alt = cache[spec.source] = pattern_requirements(spec.source, ruleset.lexicons)
                for reqs in reqs_per_alt:
                    primary = _Anchors.best([r[3] for r in reqs])
                    if ANYWHERE in primary:
                        self.always = True
                    elif NUMBER in primary:
                        self.by_number.append(reqs)
                    else:
                        for k in primary:
                            self.by_key.setdefault(k, []).append(reqs)
        self.symbols = [k for k in self.by_key if not _WORD.fullmatch(k)]

    @staticmethod
    def _satisfied(reqs, words: set[str], has_number: bool, text: str) -> bool:
        for word_keys, symbols, number, _ in reqs:
            if number and has_number:
                continue
            if word_keys.isdisjoint(words) and not any(s in text for s in symbols):
                return False
        return True

    def could_match(self, text: str) -> bool:
        if self.always:
            return True
        words = set(_WORD.findall(text.lower()))
        has_number = bool(_NUMBERISH.search(text))
        for w in words & self.by_key.keys():
            for reqs in self.by_key[w]:
                if self._satisfied(reqs, words, has_number, text):
                    return True
        if has_number:
            for reqs in self.by_number:
                if self._satisfied(reqs, words, has_number, text):
                    return True
        if any(s in text for s in self.symbols):
            return True
        return any(rx.search(text) for rx in self.regexes)
