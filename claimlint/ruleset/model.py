"""What a loaded rule pack is: rules, lexicons, context modifiers, knowledge."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimlint.patterns.lexicons import LexiconData
from claimlint.ruleset.schema import CATEGORY_IDS

CATEGORIES = tuple(CATEGORY_IDS)
SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Policy:
    """What one context (negation, hedging, ...) does to a rule's findings."""

    action: str  # suppress | downgrade | keep
    keep_if_grade: tuple[str, ...] = ()


@dataclass
class PatternSpec:
    """A pattern as written in a rule file, parsed once when the pack is loaded."""

    source: str
    line: int
    suggestions: list[str] = field(default_factory=list)
    within: int | None = None
    tree: tuple | None = None  # patterns.syntax.parse_pattern(source) while loading; then in RuleSet.trees
    requirements: list | None = None  # patterns.requirements of the tree, set once lexicons are known
    anchors: list | None = None  # per alternative, its most selective requirement's keys (the prefilter's)
    strict: bytes | None = None  # patterns.requirements.strict_requirements: groups unmerged, for the prefilter


@dataclass
class Example:
    text: str
    span: str | None = None
    suggestion: str | None = None
    fixed: str | None = None


@dataclass
class Rule:
    id: str
    code: str
    category: str
    severity: str
    message: str
    why: str
    path: str
    line: int
    description: str = ""
    references: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    fix: str = "unsafe"
    enabled: bool = True
    patterns: list[PatternSpec] = field(default_factory=list)
    regex: list[tuple[re.Pattern, int]] = field(default_factory=list)
    requires: list[PatternSpec] = field(default_factory=list)
    unless: list[PatternSpec] = field(default_factory=list)
    unless_sentence: list[PatternSpec] = field(default_factory=list)
    unless_lead_in: list[PatternSpec] = field(default_factory=list)  # drop a hit whose list lead-in matches
    blocks: tuple[str, ...] = ()  # only in these kinds of block (headings, list items); empty: anywhere
    check: str | None = None
    policy: dict[str, Policy] = field(default_factory=dict)  # the file's `context:` (what each context does)
    flag_examples: list[Example] = field(default_factory=list)
    pass_examples: list[str] = field(default_factory=list)


@dataclass
class Modifier:
    """A ConText modifier: trigger patterns, a category, a direction and a scope."""

    category: str
    direction: str
    patterns: list[PatternSpec]
    max_scope: int = 12
    terminated_by: list[str] = field(default_factory=list)
    path: str = ""


@dataclass
class Product:
    name: str
    aliases: list[str]
    approved_uses: list[str]
    note: str = ""
    # "approval" (a drug's label) or "clearance" (a device cleared, e.g. by 510(k), which is not approval)
    pathway: str = "approval"


@dataclass
class CategoryInfo:
    title: str
    severity: str
    policy: dict[str, Policy]  # the file's `context:`: the category's default for each context


@dataclass
class StrengthCues:
    """Patterns of claim-strength analysis (rules/strength/*.yaml)."""

    causal: list[PatternSpec] = field(default_factory=list)
    correlational: list[PatternSpec] = field(default_factory=list)
    conditional_only: list[PatternSpec] = field(default_factory=list)
    weak_causal: list[PatternSpec] = field(default_factory=list)
    association: list[PatternSpec] = field(default_factory=list)
    not_causal: list[PatternSpec] = field(default_factory=list)
    not_claim: list[PatternSpec] = field(default_factory=list)
    study: list[PatternSpec] = field(default_factory=list)  # what a study looked at, not what it found
    not_hedges: set[str] = field(default_factory=set)
    hedges: list[PatternSpec] = field(default_factory=list)  # hedges of claim strength only ("would")
    not_correlational: list[PatternSpec] = field(default_factory=list)  # blockers of correlational cues
    words: dict[str, set[str]] = field(default_factory=dict)  # closed word lists (schema.STRENGTH_WORDS)
    # (sentence, the strength it must get, file:line), run by `claimlint rules test`
    examples: list[tuple[str, str, str]] = field(default_factory=list)


class BuildTrees(dict):
    """The pack's parse trees (pattern source -> tree), kept only in memory while it is built.

    Only compiling the rules reads them, and a pattern compiled without its tree parses its
    source again (patterns.matcher.CompiledPattern), which gives the same tree. So they are
    left out of the pack's cache entry: they were 0.88 of its 1.5 MB, every run paid for
    reading and authenticating them, and unpickling them cost nearly as much as parsing the
    ~800 patterns again (48 against 66 ms), which only a run that compiles the rules does.
    """

    def __reduce__(self):
        return (BuildTrees, ())


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    lexicons: dict[str, LexiconData] = field(default_factory=dict)
    modifiers: list[Modifier] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    categories: dict[str, CategoryInfo] = field(default_factory=dict)
    citations: list[tuple[str, re.Pattern]] = field(default_factory=list)
    # citation name -> the categories it satisfies (absent: every category)
    citation_scope: dict[str, frozenset[str]] = field(default_factory=dict)
    # citation name -> a regex whose matches void the citation's matches they overlap
    citation_unless: dict[str, re.Pattern] = field(default_factory=dict)
    # (citation name, example text, file:line): each must count as that citation (`claimlint rules test`)
    citation_examples: list[tuple[str, str, str]] = field(default_factory=list)
    strength: StrengthCues = field(default_factory=StrengthCues)
    # pattern source -> its parse tree while the pack is built and compiled: kept here, not
    # on the rules, and never in a cache entry (BuildTrees)
    trees: dict = field(default_factory=BuildTrees)
    # the ids of the rules a linter runs -> their block prefilter (judge.prefilter), built with
    # the pack for its enabled rules (what a run without --select or ignores uses), cached with it
    prefilters: dict = field(default_factory=dict)
    digest: str = ""

    def rule(self, key: str) -> Rule | None:
        """A rule by id or code (case-insensitive code)."""
        for r in self.rules:
            if r.id == key or r.code == key.upper():
                return r
        return None
