"""Whether a hit of a rule's pattern stands: its `requires` and `unless`, and what is no claim.

A rule's pattern finding words is not yet a claim: the rule may require
other words in the sentence (`requires`, optionally `within` N tokens),
and be voided by words overlapping the hit (`unless`), anywhere in the
sentence (`unless_sentence`) or in a list's lead-in (`unless_lead_in`).
Whatever the rule, a percentage that gives a strength ("a 2% solution") is
a measure, not a statistic, and words inside a capitalised name ("Quick
Relief Clinic") are a name, not a claim.
"""
from __future__ import annotations

from claimlint.patterns.index import PatternIndex
from claimlint.patterns.matcher import _CORE
from claimlint.patterns.tokens import TokenView

# A percentage that gives a strength ("a 2% solution", "diluted to 3%") is a measure, not a statistic.
MEASURE_PATTERNS = (
    "#num (%|percent|per cent) (w/v|w/w|v/v|strength|concentration)? (topical|liquid|oral|pure|natural)? @preparation",
    "#num (%|percent|per cent) (w/v|w/w|v/v|strength|concentration|abv|solution)",
    "(diluted|dilute|dilutes|dilution|standardised|standardized) {0,5} (to|at|of) #num (%|percent|per cent)",
    "(strength|concentration|concentrations) (of|at) #num (%|percent|per cent)",
)
NAME_HEAD = "name-head"
_NAME_SPAN = 5  # capitalised words a name may run on after the trigger before its head word


class Constraints:
    def __init__(self, rules, compile_pattern, lexicons=()) -> None:
        def index(specs):
            return PatternIndex([(s, compile_pattern(s.source)) for s in specs])

        self.requires = {r.id: [(s, index([s])) for s in r.requires] for r in rules}
        self.unless = {r.id: index(r.unless) for r in rules}
        self.unless_sentence = {r.id: index(r.unless_sentence) for r in rules}
        self.unless_lead_in = {r.id: index(r.unless_lead_in) for r in rules}
        self.measures = PatternIndex(
            [(src, compile_pattern(src)) for src in MEASURE_PATTERNS] if "preparation" in lexicons else [])
        self.names = NAME_HEAD in lexicons

    _checks = None  # rule id -> (requires, unless, unless_sentence), empty indexes as None

    def _checks_of(self) -> dict:
        """Each rule's constraints, with an index without patterns as None: most rules have no
        `requires` and no `unless_sentence`, and a hit need not ask those indexes at all."""
        self._checks = {rid: (self.requires[rid], self.unless[rid] if self.unless[rid].size else None,
                              self.unless_sentence[rid] if self.unless_sentence[rid].size else None)
                        for rid in self.requires}
        return self._checks

    _compiled = None  # rule id -> what the compiled core's stands() reads of its constraints

    def stands(self, view: TokenView, rule, s: int, e: int, hs: int, he: int) -> bool:
        """Whether the hit [hs, he) of the rule stands: its constraints hold and it is a claim. By
        the compiled core when it is built (the same answer), else by stands_py."""
        if _CORE is None:
            return self.stands_py(view, rule, s, e, hs, he)
        checks = (self._compiled or self._compiled_checks())[rule.id]
        return _CORE.stands(view, checks, self._measures, self._name_span, s, e, hs, he)

    def stands_py(self, view: TokenView, rule, s: int, e: int, hs: int, he: int) -> bool:
        """stands() in Python: the reference the compiled core is tested against."""
        return self.hold(view, rule, s, e, hs, he) and not self.not_a_claim(view, s, e, hs, he)

    def _compiled_checks(self) -> dict:
        """What stands() hands the compiled core: each rule's (requires as (within, index) pairs,
        unless, unless_sentence), empty indexes as None, and the measures index (None when empty)
        and the name span (None when names are not judged)."""
        checks = self._checks or self._checks_of()
        self._measures = self.measures if self.measures.size else None
        self._name_span = _NAME_SPAN if self.names else None
        self._compiled = {rid: (tuple((spec.within, idx) for spec, idx in requires), unless, unless_sentence)
                          for rid, (requires, unless, unless_sentence) in checks.items()}
        return self._compiled

    def hold(self, view: TokenView, rule, s: int, e: int, hs: int, he: int) -> bool:
        """Whether the rule's `requires`, `unless` and `unless_sentence` let the hit [hs, he) stand."""
        requires, unless, unless_sentence = (self._checks or self._checks_of())[rule.id]
        for spec, idx in requires:
            found = idx.find(view, s, e)
            if spec.within is not None:
                found = [m for m in found if m.start < he + spec.within and m.end > hs - spec.within]
            if not found:
                return False
        if unless is not None and any(m.start < he and hs < m.end for m in unless.find(view, s, e)):
            return False
        if unless_sentence is not None and unless_sentence.find(view, s, e):
            return False
        return True

    def lead_in_voids(self, rule, lead_view: TokenView) -> bool:
        """Whether the rule's `unless_lead_in` matches the list lead-in."""
        return bool(self.unless_lead_in[rule.id].find(lead_view, 0, len(lead_view.norms)))

    def not_a_claim(self, view: TokenView, start: int, end: int, hs: int, he: int) -> bool:
        """A concentration is not a statistic; a name is not a claim."""
        return self.is_measure(view, start, end, hs, he) or self.in_name(view, start, end, hs, he)

    def is_measure(self, view: TokenView, start: int, end: int, hs: int, he: int) -> bool:
        """Whether the words [hs, he) are a percentage giving a concentration."""
        return any(m.start < he and hs < m.end for m in self.measures.find(view, start, end))

    def in_name(self, view: TokenView, start: int, end: int, hs: int, he: int) -> bool:
        """Whether the words [hs, he) are part of a capitalised name: by the compiled core when it
        is built (the same answer), else by in_name_py."""
        if not self.names:
            return False
        if _CORE is not None and type(view.texts) is list and type(view.transparent) is list:
            return _CORE.in_name(view, view.texts, view.transparent, start, end, hs, he, _NAME_SPAN)
        return self.in_name_py(view, start, end, hs, he)

    def in_name_py(self, view: TokenView, start: int, end: int, hs: int, he: int) -> bool:
        """Whether the words [hs, he) are part of a capitalised name ("Quick Relief Clinic").

        The words must all be capitalised, and the name must be closed by a head word from
        the `name-head` lexicon ("Clinic", "Foundation", "Gummies"), a
        trademark sign, or an acronym in brackets ("Stress Reduction (MBSR)").
        A sentence in title case is a heading, where capitals say nothing. The head word may
        be the match's own last word: in "Clear Sky Recovery offers ...", "clear ... recovery"
        reads as a claim and "Recovery" closes the name.
        """
        if not self.names:
            return False
        texts = view.texts
        words = [i for i in range(hs, he) if not view.transparent[i] and texts[i][:1].isalpha()]
        if not words or not all(texts[i][:1].isupper() for i in words):
            return False
        sentence_words = [i for i in range(start, end) if texts[i][:1].isalpha() and len(texts[i]) > 3]
        if sentence_words and all(texts[i][:1].isupper() for i in sentence_words):
            return False
        if words[-1] > hs and view.lexicon_at(NAME_HEAD, None, words[-1]):
            return True
        i, run = he, 0
        while i < end and run <= _NAME_SPAN:
            t = texts[i]
            if view.transparent[i] and t not in ("®", "™"):
                i += 1
                continue
            if t in ("®", "™", "(R)", "(TM)"):
                return True
            if t == "(" and i + 2 < end and texts[i + 1].isupper() and len(texts[i + 1]) >= 2 and texts[i + 2] == ")":
                return True
            if view.lexicon_at(NAME_HEAD, None, i) and t[:1].isupper():
                return True
            if not t[:1].isupper():
                return False
            i, run = i + 1, run + 1
        return False
