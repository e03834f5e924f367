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

from claimlint.patterns.requirements import ANYWHERE, NUMBER, NUMBERISH, WORD, best_keys, satisfied
from claimlint.ruleset.model import Rule


class Prefilter:
    def __init__(self, rules: list[Rule]) -> None:
        self.regexes = [rx for rule in rules for rx, _ in rule.regex]
        self.always = False
        self.by_key: dict[str, list] = {}
        self.by_number: list = []
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
        self.symbols = [k for k in self.by_key if not WORD.fullmatch(k)]

    def could_match(self, text: str) -> bool:
        if self.always:
            return True
        words = set(WORD.findall(text.lower()))
        has_number = bool(NUMBERISH.search(text))
        for w in words & self.by_key.keys():
            for reqs in self.by_key[w]:
                if satisfied(reqs, words, has_number, text):
                    return True
        if has_number:
            for reqs in self.by_number:
                if satisfied(reqs, words, has_number, text):
                    return True
        if any(s in text for s in self.symbols):
            return True
        return any(rx.search(text) for rx in self.regexes)
