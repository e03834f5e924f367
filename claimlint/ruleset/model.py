"""What a loaded rule pack is: rules, lexicons, context modifiers, knowledge."""
from __future__ import annotations

import re
from collections.abc import MutableMapping
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


class PackedTrees(MutableMapping):
    """The pack's parse trees (pattern source -> tree), unpickled only when first read.

    Only compiling the rules reads them, and the compiled rules are cached too: a run
    that finds both caches never needs the trees, which were about half of the pack's
    cache entry and of the time its unpickling took. So they are pickled as one
    bytes object inside the pack's entry, and opened on first use.
    """

    def __init__(self, trees=(), packed: bytes | None = None) -> None:
        self._trees = dict(trees)
        self._packed = packed

    def _open(self) -> dict:
        if self._packed is not None:
            import pickle

            packed, self._packed = self._packed, None
            self._trees.update(pickle.loads(packed))  # from this pack's own (authenticated) cache entry
        return self._trees

    def __getitem__(self, key):
        return self._open()[key]

    def __setitem__(self, key, tree) -> None:
        self._open()[key] = tree

    def __delitem__(self, key) -> None:
        del self._open()[key]

    def __iter__(self):
        return iter(self._open())

    def __len__(self) -> int:
        return len(self._open())

    def __reduce__(self):
        import pickle

        return (PackedTrees, ((), pickle.dumps(self._open(), protocol=pickle.HIGHEST_PROTOCOL)))


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
    # pattern source -> its parse tree: kept here, not on the rules, so the compiled rules'
    # cache (which holds rules) does not carry every tree again
    trees: dict = field(default_factory=PackedTrees)
    digest: str = ""

    def rule(self, key: str) -> Rule | None:
        """A rule by id or code (case-insensitive code)."""
        for r in self.rules:
            if r.id == key or r.code == key.upper():
                return r
        return None
