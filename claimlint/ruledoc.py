"""`claimlint rule ID`: a rule's documentation, in the manner of `ruff rule`.

What it flags, why it is a problem (with its regulatory basis), an example,
what to write instead, and how context changes the verdict.
"""
from __future__ import annotations

import textwrap

from claimlint.judge.contexts import WORDS as CONTEXT_WORDS
from claimlint.judge.selection import policy_of
from claimlint.ruleset.model import Rule, RuleSet



def _wrap(text: str, indent: str = "") -> str:
    return "\n".join(textwrap.fill(p, 88, initial_indent=indent, subsequent_indent=indent) for p in text.split("\n\n"))


def policy_lines(rule: Rule, ruleset: RuleSet) -> list[str]:
    policy = policy_of(rule, ruleset.categories)
    out = []
    for ctx, p in sorted(policy.items()):
        verb = {"suppress": "not flagged", "downgrade": "one severity lower", "keep": "still flagged"}[p.action]
        extra = f" (still flagged for {', '.join(p.keep_if_grade)} conditions)" if p.keep_if_grade else ""
        out.append(f"  - when {CONTEXT_WORDS.get(ctx, ctx)}: {verb}{extra}")
    return out


def _rewritten_examples(rule: Rule, ruleset: RuleSet) -> list[str]:
    """The rule's first flag examples with its first rewording applied, as --fix would."""
    from claimlint.documents import parse
    from claimlint.engine import Linter, Selection
    from claimlint.rewrite import apply_rewording

    linter = Linter(ruleset, Selection(select=(rule.id,)))
    out = []
    for ex in rule.flag_examples[:3]:
        found = [f for f in linter.lint(parse("example", ex.text, "text")) if f.rule == rule.id and f.suggestions]
        if found:
            f = found[0]
            out.append(apply_rewording(ex.text, f.start, f.end, f.suggestions[0]))
    return out


def render_rule(rule: Rule, ruleset: RuleSet) -> str:
    title = ruleset.categories.get(rule.category)
    parts = [
        f"{rule.id} ({rule.code})",
        f"Category: {rule.category}{f' — {title.title}' if title else ''}    Severity: {rule.severity}    Fix: {rule.fix}",
        "",
        "## What it does",
        _wrap(rule.description or rule.message),
        "",
        "## Why is this a problem?",
        _wrap(rule.why),
        "",
        "## Example",
    ]
    for ex in rule.flag_examples[:3]:
        parts.append(f"  ✗ {ex.text}")
    parts += ["", "## Use instead"]
    rewritten = _rewritten_examples(rule, ruleset)
    if rewritten:
        parts += [f"  ✓ {after}" for after in rewritten]
    else:
        for s in rule.suggestions[:3] or [sp for spec in rule.patterns for sp in spec.suggestions][:3]:
            parts.append(f"  ✓ {s}")
    for ex in rule.pass_examples[:3]:
        parts.append(f"  ✓ (not flagged) {ex}")
    lines = policy_lines(rule, ruleset)
    if lines:
        parts += ["", "## Context", *lines]
    if rule.references:
        parts += ["", "## Regulatory basis", *[f"  - {r}" for r in rule.references]]
    parts += ["", f"Defined in {rule.path}:{rule.line}"]
    return "\n".join(parts)
