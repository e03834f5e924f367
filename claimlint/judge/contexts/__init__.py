"""The contexts a finding can be in, and the modules that find them: one table.

A rule's policy (its `context:` in YAML, over its category's) says what
each context does to its findings: suppress, downgrade or keep. This table
is the only list of contexts: the rule schema's names
(claimlint.ruleset.schema), the categories a modifier may have, and the
words `claimlint rule ID` uses for them all come from it.

Each judge is a module of this package with `NEEDS` (the policy entries
that make it worth running, or None: always) and `find(hit, sentence)`,
the contexts it finds for one hit. The linter runs them in `JUDGES` order.
Nothing is imported here, so the schema can read the table cheaply.
"""
from __future__ import annotations

from typing import NamedTuple


class ContextKind(NamedTuple):
    name: str
    found_by: tuple[str, ...]  # the judges (modules of this package) that can find it
    words: str  # how `claimlint rule ID` describes it


CONTEXTS = (
    ContextKind("negated", ("modifiers", "lead_in"), "negated (\"will not cure\", \"there is no\")"),
    ContextKind("hedged", ("modifiers", "lead_in"), "hedged (\"may\", \"could\", \"some people\")"),
    ContextKind("reported", ("modifiers", "lead_in"), "reported or warned about (\"claims that\", \"beware of\")"),
    ContextKind("question", ("question",), "asked as a question"),
    ContextKind("cited", ("citation",), "cited (link, footnote, DOI, PMID, author-year)"),
    ContextKind("hypothetical", ("modifiers", "lead_in"), "hypothetical (\"if\", \"whether\")"),
    ContextKind("limited", ("modifiers", "lead_in"), "qualified as limited evidence (\"research is limited\")"),
    ContextKind("conditional", ("strength",), "in a sentence whose claim strength is conditional (\"may reduce\")"),
    ContextKind("correlational", ("strength",), "in a sentence that claims association only (\"is linked to\")"),
)
NAMES = tuple(c.name for c in CONTEXTS)
WORDS = {c.name: c.words for c in CONTEXTS}
# What a context modifier (rules/context/*.yaml) may be: a context, or a pseudo-trigger or terminator.
MODIFIER_CATEGORIES = tuple(c.name for c in CONTEXTS if "modifiers" in c.found_by) + ("pseudo", "terminate")
JUDGES = ("modifiers", "lead_in", "question", "strength", "citation")
