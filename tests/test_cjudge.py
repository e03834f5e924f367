"""The judge's compiled steps (claimlint/patterns/_cjudge.c) answer as their Python references.

Each compiled step keeps its Python function as the reference: the modifier
pruning and scopes (ModifierFinder.matches_py), the categories bearing on a
hit (categories_for), the capitalised-name test (Constraints.in_name_py), a
hit's constraints (Constraints.stands_py) and the pruning of overlapping hits
(hits.prune_py). They are compared on
hypothesis-built inputs, and at every call the linter makes while it lints
the shipped rules' examples, the test corpus's pages and sentences written
here.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.judge import hits as hits_module
from claimlint.judge.constraints import Constraints
from claimlint.judge.contexts import modifiers as modifiers_module
from claimlint.judge.contexts.modifiers import CLAUSE_DASHES, ModifierFinder, ModifierMatch, categories_for
from claimlint.judge.hits import Hit, prune_py
from claimlint.patterns import matcher
from claimlint.patterns.index import Match
from claimlint.patterns.matcher import Capture
from claimlint.ruleset import load_ruleset
from claimlint.ruleset.model import Modifier

CORE = matcher._CORE
needs_core = pytest.mark.skipif(CORE is None, reason="the compiled core is not built here")

# ---- modifiers: pruning, terminators and scopes ------------------------------------------------

NORMS = ["may", "not", "but", "cure", "pain", "—", "–", "--", "-", "promoting", "sing", "calm", ";", "if", "yet",
         "helping", "the", "no"]
DIRECTIONS = ["forward", "backward", "both", "pseudo", "terminate", "sideways"]
MODIFIERS = st.builds(
    lambda cat, d, scope, ends: Modifier(category=cat, direction=d, patterns=[], max_scope=scope, terminated_by=ends),
    st.sampled_from(["negated", "hedged", "reported", "hypothetical"]), st.sampled_from(DIRECTIONS),
    st.integers(0, 8), st.lists(st.sampled_from(["but", "yet", ";", "if"]), max_size=2))


@st.composite
def sentences_with_modifiers(draw):
    norms = draw(st.lists(st.sampled_from(NORMS), min_size=1, max_size=16))
    n = len(norms)
    start = draw(st.integers(0, n - 1))
    end = draw(st.integers(start + 1, n))
    mods = draw(st.lists(MODIFIERS, min_size=1, max_size=4))
    found = []
    for _ in range(draw(st.integers(1, 7))):
        s = draw(st.integers(start, end - 1))
        e = draw(st.integers(s + 1, min(end, s + 3)))
        found.append((draw(st.sampled_from(mods)), s, e, ()))
    return norms, start, end, found


def _finder() -> ModifierFinder:
    return object.__new__(ModifierFinder)  # no pattern index: the finds are given


@needs_core
@settings(max_examples=500, deadline=None, derandomize=True)
@given(sentences_with_modifiers())
def test_modifier_pruning_and_scopes_alike_on_generated_finds(case):
    norms, start, end, found = case
    texts = [t.upper() if t == "may" else t for t in norms]  # texts and norms differ; dashes stay in both
    view = SimpleNamespace(texts=texts, norms=norms)
    want = _finder()._matches(view, start, end, found)
    got = CORE.modifier_matches(found, texts, norms, start, end, CLAUSE_DASHES, ModifierMatch)
    assert got == want
    assert all(type(g) is ModifierMatch and g.modifier is w.modifier for g, w in zip(got, want))


SCOPES = st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)).map(sorted).map(tuple), max_size=2).map(tuple)


@st.composite
def hits_and_modifiers(draw):
    mods = [ModifierMatch(SimpleNamespace(category=draw(st.sampled_from(["negated", "hedged", "limited"]))),
                          s, s + draw(st.integers(1, 3)), draw(SCOPES))
            for s in draw(st.lists(st.integers(0, 10), max_size=4))]
    start = draw(st.integers(0, 10))
    end = start + draw(st.integers(1, 5))
    captures = []
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(start, end))
        b = draw(st.integers(a, end))
        captures.append(Capture(draw(st.sampled_from(["_gap", "_mark", "cond"])), a, b, {}))
    return mods, start, end, tuple(captures)


@needs_core
@settings(max_examples=500, deadline=None, derandomize=True)
@given(hits_and_modifiers())
def test_the_categories_bearing_on_a_hit_alike_on_generated_modifiers(case):
    mods, start, end, captures = case
    hit = Hit(None, None, start, end, captures)
    assert CORE.modifier_categories(mods, start, end, captures) == categories_for(mods, start, end, hit.gaps, hit.mark)
    assert CORE.modifier_categories(mods, start, end, list(captures)) == categories_for(
        mods, start, end, hit.gaps, hit.mark)


QUOTED = ["'", '"', "“", "”", "‘", "’", "cures", "miracle", "it", "don", "t", "s", " ", "  ", ".", "!", "\u00a0", "x1", "²"]


@needs_core
@settings(max_examples=800, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(QUOTED), max_size=12).map("".join).flatmap(
    lambda text: st.tuples(st.just(text), st.integers(0, len(text) + 1))))
def test_scare_quotes_alike_on_generated_text(case):
    text, start = case
    assert CORE.scare_quoted(text, start, modifiers_module._SCARE_WORDS) is modifiers_module.scare_quoted_py(text, start)


# ---- capitalised names --------------------------------------------------------------------------

TEXTS = ["Quick", "Relief", "Clinic", "clinic", "Foundation", "heals", "pain", "®", "™", "(R)", "(TM)", "(", "MBSR",
         "Ab", "ab", ")", "The", "Anxiety", "ANXIETY", "and", ",", "-", "Éclair", "ǅemal", "3D", "Recovery", "Ⅻ"]
HEADS = {"clinic", "foundation", "recovery"}


class NameView:
    """What in_name reads of a view: the texts, what is transparent, and the name-head lexicon."""

    def __init__(self, texts):
        self.texts = list(texts)
        self.transparent = [t in ("-", ",", "®", "™") for t in texts]
        self.asked = 0

    def lexicon_at(self, name, form, i):
        assert (name, form) == ("name-head", None)
        self.asked += 1
        return [(i + 1, {})] if self.texts[i].lower() in HEADS else ()


def _constraints() -> Constraints:
    c = object.__new__(Constraints)
    c.names = True
    return c


@needs_core
@settings(max_examples=800, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(TEXTS), min_size=1, max_size=14).flatmap(lambda texts: st.tuples(
    st.just(texts), st.integers(0, len(texts) - 1), st.integers(0, len(texts) - 1), st.integers(1, 3))))
def test_the_name_test_alike_on_generated_sentences(case):
    texts, a, b, length = case
    start, end = min(a, b), max(a, b) + 1
    hs = min(a, b)
    he = min(end, hs + length)
    view = NameView(texts)
    want = _constraints().in_name_py(view, start, end, hs, he)
    got = CORE.in_name(view, view.texts, view.transparent, start, end, hs, he, 5)
    assert got is want


# ---- a hit's constraints --------------------------------------------------------------------------

class FoundIndex:
    """An index whose find() gives fixed (key, start, end, captures) matches, and counts its calls."""

    def __init__(self, spans):
        self.found = [Match(None, a, b, ()) for a, b in spans]
        self.size = len(spans)
        self.calls = 0

    def find(self, view, start, end):
        self.calls += 1
        return list(self.found)


SPANS = st.lists(st.tuples(st.integers(0, 12), st.integers(1, 4)).map(lambda t: (t[0], t[0] + t[1])), max_size=3)


@needs_core
@settings(max_examples=600, deadline=None, derandomize=True)
@given(requires=st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 4)), SPANS), max_size=2),
       unless=st.one_of(st.none(), SPANS), unless_sentence=st.one_of(st.none(), SPANS),
       measures=SPANS, names=st.booleans(), texts=st.lists(st.sampled_from(TEXTS), min_size=12, max_size=12),
       hs=st.integers(0, 10), length=st.integers(1, 3))
def test_a_hits_constraints_alike_on_generated_finds(requires, unless, unless_sentence, measures, names, texts,
                                                     hs, length):
    rule = SimpleNamespace(id="r")
    c = object.__new__(Constraints)
    c.names = names
    c.measures = FoundIndex(measures)
    c._checks = {"r": ([(SimpleNamespace(within=w), FoundIndex(spans)) for w, spans in requires],
                       None if unless is None else FoundIndex(unless),
                       None if unless_sentence is None else FoundIndex(unless_sentence))}
    view = NameView(texts)
    he = min(12, hs + length)
    want = c.stands_py(view, rule, 0, 12, hs, he)
    assert c.stands(view, rule, 0, 12, hs, he) is want


# ---- pruning overlapping hits -------------------------------------------------------------------

RULES = [SimpleNamespace(id="a"), SimpleNamespace(id="b"), SimpleNamespace(id="c"), SimpleNamespace(id="b")]


@needs_core
@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(RULES), st.integers(0, 10), st.integers(1, 4)), max_size=8))
def test_pruning_alike_on_generated_hits(spans):
    hits = [Hit(rule, None, s, s + n, ()) for rule, s, n in spans]
    got, want = CORE.prune(list(hits)), prune_py(list(hits))
    assert [id(h) for h in got] == [id(h) for h in want]


# ---- every call the linter makes on real pages --------------------------------------------------

OWN_SENTENCES = [
    "Our Calm Mind Clinic® cures anxiety — no pills, no side effects, guaranteed.",
    "While it may not cure arthritis, the balm relieves joint pain fast; results vary.",
    "The Bright Path Recovery Foundation heals addiction for good, but only if you stay.",
    "It is not only safe — promoting calm — it is clinically proven, studies show.",
    "Mindful Stress Reduction (MSR) reverses burnout in nine of ten clients.",
    'Some spas now sell "miracle" detox drips to tourists.',
    "The flyer says the tincture 'cures' gout overnight.",
    "Influencers call the powder a “breakthrough” for sleep.",
]


@needs_core
def test_every_compiled_step_answers_as_python_while_linting(monkeypatch):
    ruleset = load_ruleset()
    texts = [ex.text for rule in ruleset.rules for ex in rule.flag_examples]
    texts += [t for rule in ruleset.rules for t in rule.pass_examples] + OWN_SENTENCES
    pages = sorted((Path(__file__).parent / "corpus" / "pages").glob("*.md"))
    calls = {"matches": 0, "categories": 0, "scare quotes": 0, "in_name": 0, "stands": 0, "prune": 0}

    matches = ModifierFinder.matches

    def checked_matches(finder, view, start, end):
        got = matches(finder, view, start, end)
        assert got == finder.matches_py(view, start, end)
        calls["matches"] += bool(got)
        return got

    categories, find = CORE.modifier_categories, CORE.modifier_find

    class Core:
        def __getattr__(self, name):
            return getattr(CORE, name)

        @staticmethod
        def modifier_find(mods, start, end, captures, text, starts, most_words):
            got = find(mods, start, end, captures, text, starts, most_words)
            hit = Hit(None, None, start, end, captures)
            assert got == modifiers_module._found(mods, hit, text, starts)
            cats = categories(mods, start, end, captures)
            assert cats <= got and got - cats <= {"reported"}
            calls["categories"] += bool(mods)
            calls["scare quotes"] += "reported" in got - cats
            return got

    in_name = Constraints.in_name

    def checked_in_name(self, view, start, end, hs, he):
        got = in_name(self, view, start, end, hs, he)
        assert got == (self.names and self.in_name_py(view, start, end, hs, he))
        calls["in_name"] += 1
        return got

    stands = Constraints.stands

    def checked_stands(self, view, rule, s, e, hs, he):
        got = stands(self, view, rule, s, e, hs, he)
        assert got is self.stands_py(view, rule, s, e, hs, he)
        calls["stands"] += 1
        return got

    prune = hits_module.prune

    def checked_prune(hits):
        got = prune(hits)
        assert [id(h) for h in got] == [id(h) for h in prune_py(hits)]
        calls["prune"] += len(hits) > 1
        return got

    monkeypatch.setattr(ModifierFinder, "matches", checked_matches)
    monkeypatch.setattr(modifiers_module, "_CORE", Core())
    monkeypatch.setattr(Constraints, "in_name", checked_in_name)
    monkeypatch.setattr(Constraints, "stands", checked_stands)
    monkeypatch.setattr("claimlint.judge.linter.prune", checked_prune)
    linter = Linter(ruleset)
    for text in texts:
        linter.lint(parse("<example>", text, "text"), dedupe=False)
    for page in pages:
        linter.lint(parse(str(page), page.read_text(encoding="utf-8"), "markdown"), dedupe=False)
    assert all(n > 0 for n in calls.values()) and sum(calls.values()) > 1000, calls  # each step was really asked


def test_the_judge_steps_run_in_python_without_the_core(monkeypatch):
    """Without the compiled core each step is its Python reference."""
    for module in (modifiers_module, hits_module):
        monkeypatch.setattr(module, "_CORE", None)
    monkeypatch.setattr("claimlint.judge.constraints._CORE", None)
    linter = Linter(load_ruleset())
    findings = linter.lint(parse("<example>", OWN_SENTENCES[0] + " " + OWN_SENTENCES[1], "text"))
    assert {f.rule for f in findings} >= {"cure-claim"}
