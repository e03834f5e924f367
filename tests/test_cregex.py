"""Which of a set of regexes can match a text: the compiled core's regex_candidates against
ruleset/regex.py's regex_candidates_py, on hypothesis-built literals and texts and at every call
while the rules' examples, the test corpus's pages and sentences written for this test are
linted; and a RegexSet leaves out exactly the regexes that UserRegex._cannot says cannot match.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.patterns import matcher
from claimlint.ruleset import load_ruleset, regex
from claimlint.ruleset.regex import RegexSet, compile_user_regex, regex_candidates_py

needs_core = pytest.mark.skipif(matcher._CORE is None, reason="the compiled core is not built")

# One-character literals below and above 256 (answered from the scan), longer ones, one made of
# characters a text may hold apart ("ab" in "ba"), and the empty group list (a regex whose
# literals cannot be told).
LITERALS = ["a", "b", "ab", "ba", "é", "“", "—", "–", "ß", "ss", "k", "10", "0", "%", "x ", "doctor", "\u212a"]
_TEXT = st.text(alphabet="abdoctrx %01é“—–ßsSK\u212a\n", max_size=40)
_GROUPS = st.lists(st.lists(st.sampled_from(LITERALS), min_size=1, max_size=4).map(tuple), max_size=4).map(tuple)


@needs_core
@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=_TEXT, needs=st.lists(_GROUPS, max_size=6).map(tuple))
def test_the_candidates_are_decided_alike_in_both_cores(text, needs):
    folded = text.casefold()
    items = tuple(range(len(needs)))
    assert matcher._CORE.regex_candidates(folded, needs, items) == regex_candidates_py(folded, needs, items)


@needs_core
def test_the_core_keeps_the_items_themselves_in_order():
    items = (("first", 1), ("second", 2), ("third", 3))
    needs = ((("—",), ("x",)), (), (("zz", "ab"),))
    got = matcher._CORE.regex_candidates("ab — x", needs, items)
    assert got == list(items) and all(g is i for g, i in zip(got, items))
    assert matcher._CORE.regex_candidates("ab x", needs, items) == [items[1], items[2]]
    assert matcher._CORE.regex_candidates("", (), ()) == []
    # "é" and "i" share their low seven bits, so the scan's pair table lets "xi" through to the
    # search in "xé", which must still say no; a literal longer than the text is absent.
    assert matcher._CORE.regex_candidates("xé", ((("xi",),), (("xé",),), (("xéx",),)), (1, 2, 3)) == [2]
    many = tuple(((str(i % 10),),) for i in range(100))  # more regexes than the stack buffer holds
    assert matcher._CORE.regex_candidates("13", many, tuple(range(100))) == [i for i in range(100) if i % 10 in (1, 3)]
    with pytest.raises(TypeError):
        matcher._CORE.regex_candidates("x", ((("a",),),), ())  # needs and items of different lengths
    with pytest.raises(TypeError):
        matcher._CORE.regex_candidates("x", (((1,),),), (0,))  # a literal that is no str


OWN_SENTENCES = [
    "“It changed my life completely,” — Maria, a client from Leeds.",
    "Dr. Alan Brooks says the drops work better than any prescription.",
    "Traditional treatments are harsh and ineffective, unlike our gentle cure.",
    "Elite athletes such as marathon runners swear by our recovery balm.",
    "Between 40–60% of customers report fewer headaches within a week.",
    "Our method works 3x faster than ordinary physiotherapy.",
    "A 2019 trial (Smith et al., 2019) found a small effect; see doi:10.1000/xyz123.",
    "Researchers at the National Institute of Health reported in 2021 that sleep improved.",
    "Ärzte empfehlen es: ß, é and Kelvin \u212a signs should not confuse the literal test.",
]


def _texts(ruleset) -> list[str]:
    pages = sorted((Path(__file__).parent / "corpus" / "pages").glob("*.md"))
    texts = [ex.text for rule in ruleset.rules for ex in rule.flag_examples]
    texts += [t for rule in ruleset.rules for t in rule.pass_examples] + OWN_SENTENCES
    return texts + [p.read_text(encoding="utf-8") for p in pages]


def test_a_set_leaves_out_exactly_the_regexes_that_cannot_match(monkeypatch):
    """For the pack's rule and citation regexes, on every text of the test: a regex is a candidate
    exactly when UserRegex._cannot does not rule it out, with the core and without it; and one left
    out finds nothing."""
    ruleset = load_ruleset()
    regexes = [rx for rule in ruleset.rules for rx, _ in rule.regex] + [rx for _, rx in ruleset.citations]
    regexes.append(compile_user_regex(r"(?:a|b)+"))  # literals that cannot be told: always a candidate
    rset = RegexSet((rx, rx) for rx in regexes)
    texts = _texts(ruleset)
    for core in (regex._core, lambda: None):
        monkeypatch.setattr(regex, "_core", core)
        kept = 0
        for text in texts:
            got = rset.candidates(text)
            assert got == [rx for rx in regexes if not rx._cannot(text)]
            for rx in regexes:
                if rx not in got:
                    assert rx.compiled.search(text) is None
            kept += len(got)
        assert kept > len(texts)  # the test asked about texts some regexes could match


@needs_core
def test_every_set_answers_as_python_while_linting(monkeypatch):
    """Every RegexSet.candidates call of a lint (the prefilter, the rule regexes, the citation
    patterns) gives the Python reference's list."""
    calls = []
    original = RegexSet.candidates

    def checked(self, text):
        got = original(self, text)
        assert got == regex_candidates_py(text.casefold(), self.needs, self.items)
        calls.append(len(got))
        return got

    monkeypatch.setattr(RegexSet, "candidates", checked)
    ruleset = load_ruleset()
    linter = Linter(ruleset)
    for text in _texts(ruleset):
        linter.lint(parse("<example>", text, "markdown"), dedupe=False)
    assert len(calls) > 100 and sum(calls) > 50  # really asked, and some regexes really ran


def test_the_compiled_rules_leave_their_regex_set_out_of_a_pickle():
    """The rules' RegexSet is built on first use and left out of a pickled build (a cache entry,
    a worker's copy), which builds its own from the rules it names."""
    compiled = Linter(load_ruleset()).compiled
    text = "“Best decision I ever made,” — Tom. It works 2x faster than rest."
    got = compiled.regex_set.candidates(text)
    assert {rule.id for rule, _ in got} == {"quoted-testimonial", "unsourced-ratio"}
    assert all(any(rx is r for r, _ in rule.regex) for rule, rx in got)  # the rules' own regexes
    assert "_regex_set" in compiled.__dict__ and "_regex_set" not in compiled.__getstate__()
    del compiled.__dict__["_regex_set"]  # as an unpickled copy starts
    assert compiled.regex_set.candidates(text) == got
