"""Run every rule's own examples, as LanguageTool runs its rules' <example>s.

Each `flag` example must produce a finding of that rule (on the span and
with the rewording it names, if it names them); each `pass` example must
produce none. Each citation pattern's `examples` must count as that citation
(matched by its regex, not voided by its `unless`). Each claim-strength
example (`strength: examples:`) must get its strength from the rules engine. Every flag example,
not only those with `fixed:`, is rewritten with the rule's first rewording,
and the sentence it gives must read (`rewording_problems`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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


_REPEATED = re.compile(r"\b(\w+) \1\b", re.I)
_ARTICLE = re.compile(r"\b(a|an) ([A-Za-z][\w-]*)", re.I)
_DANGLING = re.compile(r"\b(a|an|the|our|your|their|its|of|to|and|or|with|by|is|are|for|from)\s*([.,;:!?]|$)", re.I)
_MODAL_AFTER = re.compile(r"(n't|n’t|\bnot|\bto)\s+(just\s+|only\s+|simply\s+)?(may|might|could)\b", re.I)
_PLACEHOLDERS = re.compile(r"\[[^\]]*\]")
_WORDS = re.compile(r"[A-Za-z]{2,}")


def rewording_problems(before: str, after: str) -> list[str]:
    """Why a rewritten sentence does not read, as far as spelling can tell; [] when it reads.

    Checks what rewordings have got wrong before: a doubled word ("may may"),
    an article that does not fit its noun ("a immune"), a sentence left
    ending in a function word ("Join our."), a modal after a negation
    ("don't just may help"), an unfilled {placeholder}, two citation
    placeholders in one sentence, and a sentence with no words left."""
    problems = []
    if not _WORDS.search(after):  # a bracketed instruction to the writer counts as words
        problems.append("no words are left")
    words = _PLACEHOLDERS.sub("citation", after)  # a placeholder stands for words the writer adds
    for m in _REPEATED.finditer(words):
        if m.group(0).lower() not in before.lower():
            problems.append(f"doubled word {m.group(0)!r}")
    from claimlint.suggestions import article_for

    for m in _ARTICLE.finditer(words):
        if article_for(m.group(2)) != m.group(1).lower() and m.group(0).lower() not in before.lower():
            problems.append(f"article {m.group(0)!r}")
    for m in _DANGLING.finditer(words):
        if m.group(0).lower() not in before.lower():
            problems.append(f"ends a phrase on {m.group(1)!r}")
    for m in _MODAL_AFTER.finditer(words):
        problems.append(f"modal after a negation or 'to': {m.group(0)!r}")
    if "{" in after:
        problems.append("an unfilled {placeholder}")
    if len(_PLACEHOLDERS.findall(after)) > max(1, len(_PLACEHOLDERS.findall(before))):
        problems.append("more than one placeholder")
    return problems


def run_examples(ruleset: RuleSet, only: set[str] | None = None, citation_roots=()) -> tuple[int, list[Failure]]:
    """Run the examples of every rule (or only of those in `only`), and those of every citation
    pattern (or, with `only`, of the citation patterns in files under `citation_roots`)."""
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
            fixed = [apply_rewording(ex.text, f.start, f.end, f.suggestions[0]) for f in found if f.suggestions]
            if ex.fixed and ex.fixed not in fixed:
                failures.append(Failure(where, rule.id, f"applying the first rewording should give {ex.fixed!r}, gave {fixed}"))
            for after in fixed[:1]:
                for problem in rewording_problems(ex.text, after):
                    failures.append(Failure(where, rule.id, f"the first rewording does not read: {ex.text!r} -> {after!r}: {problem}"))
        for text in rule.pass_examples:
            count += 1
            found = [f for f in linter.lint(parse("<example>", text, "text"), dedupe=False) if f.rule == rule.id]
            if found:
                failures.append(Failure(where, rule.id, f"should not flag {found[0].text!r} in {text!r}"))
    from claimlint.judge.contexts.citation import counts_as

    roots = [Path(p).resolve() for p in citation_roots]
    patterns = dict(ruleset.citations)
    for name, text, where in ruleset.citation_examples:
        if only and not _under(where, roots):
            continue
        count += 1
        if not counts_as(patterns[name], ruleset.citation_unless.get(name), text):
            failures.append(Failure(where, f"citation {name!r}", f"should count as a citation: {text!r}"))
    examples = [e for e in ruleset.strength.examples if not only or _under(e[2], roots)]
    if examples:
        count += len(examples)
        failures += _strength_failures(linter, examples)
    return count, failures


def _under(where: str, roots: list[Path]) -> bool:
    """Is the example at `where` (path:line) in a file under one of `roots`?"""
    path = Path(where.rsplit(":", 1)[0]).resolve()
    return any(path == r or r in path.parents for r in roots)


def _strength_failures(linter: Linter, examples: list[tuple[str, str, str]]) -> list[Failure]:
    """Each claim-strength example must get its strength from the rules engine (its strongest
    sentence, as `claimlint strength` scores a text)."""
    from claimlint.strength import StrengthAnalyser

    analyser = StrengthAnalyser(linter, "rules")
    rank = {"none": 0, "correlational": 1, "conditional": 2, "causal": 3}
    failures = []
    for text, expected, where in examples:
        got = [(s.strength, s.cue) for _, _, s in analyser.analyse(parse("<example>", text, "text"))]
        strength, cue = max(got, key=lambda g: rank[g[0]], default=("none", ""))
        if strength != expected:
            failures.append(Failure(where, "strength", f"should be {expected}: {text!r}, is {strength}"
                                    + (f" (cue {cue!r})" if cue else "")))
    return failures
