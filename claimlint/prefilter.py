"""A cheap test of whether a text could match any rule at all.

Before spaCy is loaded, the words each pattern can start with are collected
from the rule pack without tokenising anything; a block whose words share
none of them, holds no number a number pattern needs and matches no rule
regex is skipped. This is what makes a clean page cost almost nothing.
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


_CONTRACTED = {
    "not": ("t",), "cannot": ("can", "t"), "will": ("wo", "ll"), "would": ("d",), "is": ("s",), "are": ("re",),
    "have": ("ve",), "am": ("m",), "had": ("d",), "shall": ("sha",), "can": ("ca",),
}


class Prefilter:
    def __init__(self, ruleset: RuleSet, rules) -> None:
        self.words: set[str] = set()
        self.symbols: set[str] = set()
        self.numbers = False
        self.always = False
        self.regexes = [rx for rule in rules for rx, _ in rule.regex]
        self._lexicons = ruleset.lexicons
        for rule in rules:
            for spec in rule.patterns:
                for seq in parse_pattern(spec.source):
                    self._seq(seq)

    def _key(self, variant: str) -> None:
        """Index the first word; contractions ("don't", "cannot") by every piece
        the text could show ("do", "don", "can", "t")."""
        first = variant.lower().split(" ")[0]
        words = _WORD.findall(first)
        if not words:
            if variant.strip():
                self.symbols.add(variant.strip()[0])
            return
        self.words.add(words[0])
        if len(words) > 1 or first in _CONTRACTED:
            self.words.update(words)
            self.words.update(w[:-1] for w in words if w.endswith("n"))
            self.words.update(_CONTRACTED.get(first, ()))

    def _seq(self, seq) -> None:
        for item in seq:
            self._atom(item.atom)
            if not item.optional:
                return

    def _atom(self, atom) -> None:
        if isinstance(atom, Word):
            for text, exact, form in atom.alternatives:
                for variant in _forms(text, exact, form):
                    self._key(variant)
        elif isinstance(atom, Lex):
            lex = self._lexicons[atom.name]
            for phrase, _ in lex.entries:
                for variant in _forms(phrase, False, atom.form, lex.inflect):
                    self._key(variant)
        elif isinstance(atom, Num):
            self.numbers = True
        elif isinstance(atom, Gap):
            self.always = True
        elif isinstance(atom, (Group, Mark)):
            for seq in atom.alternatives:
                self._seq(seq)

    def could_match(self, text: str) -> bool:
        if self.always:
            return True
        lowered = text.lower()
        if not self.words.isdisjoint(_WORD.findall(lowered)):
            return True
        if self.numbers and _NUMBERISH.search(text):
            return True
        if any(s in text for s in self.symbols):
            return True
        return any(rx.search(text) for rx in self.regexes)
