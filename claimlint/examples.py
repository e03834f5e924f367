"""Run every rule's own examples, as LanguageTool runs its rules' <example>s.

Each `flag` example must produce a finding of that rule (on the span and
with the rewording it names, if it names them); each `pass` example must
produce none. Citation patterns' examples must match.
"""
from __future__ import annotations

from dataclasses import dataclass

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.rewrite import apply_rewording
from claimlint.ruleset.model import RuleSet


@dataclass
class Failure:
    where: str
    rule: str
    problem: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: {self.problem}"


def run_examples(ruleset: RuleSet, only: set[str] | None = None) -> tuple[int, list[Failure]]:
    linter = Linter(ruleset)
    failures: list[Failure] = []
    count = 0
    for rule in ruleset.rules:
        if only and rule.id not in only and rule.code not in only:
            continue
        where = f"{rule.path}:{rule.line}"
        for ex in rule.flag_examples:
            count += 1
            found = [f for f in linter.lint(parse("<example>", ex.text, "text"), dedupe=False) if f.rule == rule.id]
            if not found:
                failures.append(Failure(where, rule.id, f"should flag: {ex.text!r}"))
                continue
            if ex.span and not any(f.text == ex.span for f in found):
                failures.append(Failure(where, rule.id, f"should flag {ex.span!r} in {ex.text!r}, flagged {[f.text for f in found]}"))
            if ex.suggestion and not any(ex.suggestion in f.suggestions for f in found):
                failures.append(Failure(where, rule.id, f"should suggest {ex.suggestion!r} for {ex.text!r}, suggested {[s for f in found for s in f.suggestions]}"))
            if ex.fixed:
                fixed = [apply_rewording(ex.text, f.start, f.end, f.suggestions[0]) for f in found if f.suggestions]
                if ex.fixed not in fixed:
                    failures.append(Failure(where, rule.id, f"applying the first rewording should give {ex.fixed!r}, gave {fixed}"))
        for text in rule.pass_examples:
            count += 1
            found = [f for f in linter.lint(parse("<example>", text, "text"), dedupe=False) if f.rule == rule.id]
            if found:
                failures.append(Failure(where, rule.id, f"should not flag {found[0].text!r} in {text!r}"))
    return count, failures
