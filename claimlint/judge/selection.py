"""Which rules run, at what severity, and what each context does to their findings.

The selection comes from the command line and configuration; a rule's
policy is its category's `context:` overlaid with its own. A context's
policy suppresses the finding, lowers its severity one step (at most once),
or keeps it; `keep_if_grade` keeps it for captured phrases of a grade (a
serious condition stays flagged however hedged).
"""
from __future__ import annotations

from dataclasses import dataclass

from claimlint.findings import lower_severity
from claimlint.ruleset.model import Policy, Rule


@dataclass
class Selection:
    """Which rules run and at what severity (from the command line and configuration)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] | None = None

    def wants(self, rule: Rule) -> bool:
        names = {rule.id, rule.code, rule.category}
        if self.select and not names & set(self.select):
            return False
        return not names & set(self.ignore)

    def severity_of(self, rule: Rule) -> str:
        table = self.severity or {}
        for key in (rule.id, rule.code, rule.category):
            if key in table:
                return table[key]
        return rule.severity


def policy_of(rule: Rule, categories) -> dict[str, Policy]:
    """What each context does to the rule's findings: the category's default, then the rule's own."""
    info = categories.get(rule.category)
    return {**(info.policy if info else {}), **rule.policy}


def apply_policy(policy: dict[str, Policy], contexts: set[str], grades: set, severity: str) -> str | None:
    """The severity a hit keeps in its contexts, or None when a context removes it."""
    downgraded = False
    for name in sorted(contexts):
        p = policy.get(name)
        if p is None or p.action == "keep":
            continue
        if p.keep_if_grade and grades & set(p.keep_if_grade):
            continue
        if p.action == "suppress":
            return None
        if p.action == "downgrade" and not downgraded:
            severity = lower_severity(severity)
            downgraded = True
    return severity
