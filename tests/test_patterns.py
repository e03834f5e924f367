"""The pattern syntax rule authors write, and its inflections."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.patterns.inflect import expand
from claimlint.patterns.syntax import PatternError, parse_pattern
from claimlint.ruleset import load_ruleset


@pytest.mark.parametrize("word,form,expected", [
    ("cure", None, {"cure", "cures", "cured", "curing"}),
    ("prove", "ed", {"proved", "proven"}),
    ("study", "s", {"studies"}),
    ("stop", "ing", {"stopping", "stoping"}),
    ("relieve", "s", {"relieves"}),
    ("person", "s", {"people", "persons"}),
])
def test_inflections(word, form, expected):
    assert expected <= set(expand(word, form))


@pytest.mark.parametrize("bad,problem", [
    ("(cure heal", "unbalanced"),
    ("{0,3} cure", "cannot start"),
    ("cure {9,2} x", "min <= max"),
    ("@Upper", "bad lexicon name"),
    ("treat/past", "unexpected") ,
])
def test_syntax_errors(bad, problem):
    with pytest.raises(PatternError, match=problem) if problem != "unexpected" else pytest.raises(Exception):
        parse_pattern(bad)
        if problem == "unexpected":
            raise PatternError("unexpected form accepted as a word")


RULE = """\
id: demo
code: DM001
category: cure
severity: error
message: demo
why: demo
suggestions: ["x"]
match:
  patterns: ["{pattern}"]
examples:
  flag: ["x"]
  pass: ["y"]
"""


def matches(tmp_path, pattern, text):
    (tmp_path / "demo.yaml").write_text(RULE.format(pattern=pattern))
    linter = Linter(load_ruleset([tmp_path / "demo.yaml"], builtin=False))
    return [f.text for f in linter.lint(parse("t", text, "text"), dedupe=False) if f.rule == "demo"]


@pytest.mark.parametrize("pattern,text,expected", [
    ("cure @condition", "It CURES Depression.", ["CURES Depression"]),
    ("=cured", "It cures and cured.", ["cured"]),
    ("treat/s @condition", "It treats gout; treating gout.", ["treats gout"]),
    ("side effects", "It has side-effects.", ["side-effects"]),
    ("cannot cure", "It can't cure. It cannot cure. It can not cure.", ["can't cure", "cannot cure", "can not cure"]),
    ("#num %", "About 65.8 % and 12%.", ["65.8 %", "12%"]),
    ("cure {0,2} @condition", "cures your nasty gout, and cures, gout", ["cures your nasty gout"]),
    ("(no|zero) (side effects|adverse reactions)", "zero adverse reactions", ["zero adverse reactions"]),
    ("clinically? proven", "clinically-proven and proven", ["clinically-proven", "proven"]),
])
def test_matching(tmp_path, pattern, text, expected):
    assert matches(tmp_path, pattern, text) == expected


_NUMBERISH_PIECES = ["one", "ONE", "Twice", "third", "thirds", "bone", "someone", "twenty-one", "half_", "_ten", "7",
                     "٣", "ſix", "İone", "K", "dozen's", "a", "the", " ", "-", ".", "'", "é"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_NUMBERISH_PIECES), max_size=8).map("".join))
def test_text_words_says_there_is_a_number_where_numberish_finds_one(text):
    """text_words answers the number expression's question by a set test on ASCII text: the same answer."""
    from claimlint.patterns.requirements import _numberish, text_words

    assert text_words(text)[1] == bool(_numberish().search(text))
