"""Rewordings that read: verbs agree with what they replace, redundant words go,
one citation placeholder per sentence. Every rule's rewording is checked on every
flag example by `claimlint rules test` (run in test_cli.py) with rewording_problems."""
from __future__ import annotations

import pytest

from conftest import run_claimlint

from claimlint.agreement import agree
from claimlint.examples import rewording_problems


@pytest.mark.parametrize("original,rewording,expected", [
    ("resets your brain", "support recovery", "supports recovery"),
    ("numbing", "manage", "managing"),
    ("healed your gut", "support gut health", "supported gut health"),
    ("regrows", "support", "supports"),  # not in lemminflect's dictionary: its rules inflect it
    ("cures insomnia", "may help ease symptoms of insomnia", "may help ease symptoms of insomnia"),
    ("can reduce", "may help reduce", "may help reduce"),
    ("miracles", "advance", "advance"),  # a noun is not a verb to agree with
    ("treat", "support", "support"),
])
def test_rewording_agrees_with_the_flagged_verb(original, rewording, expected):
    assert agree(original, rewording) == expected


@pytest.mark.parametrize("before,after,problem", [
    ("This drip may protect you.", "This drip may may help protect you.", "doubled word"),
    ("The ultimate immune defense.", "A immune defense.", "article"),
    ("Join 50,000+ happy customers.", "Join our.", "ends a phrase on 'our'"),
    ("Endorsed by the FDA.", ".", "no words are left"),
    ("We don't just treat addiction.", "We don't just may help treat addiction.", "modal after a negation"),
    ("In one study, researchers found it works.",
     "In one study [cite it], researchers found [name the study] it works.", "more than one placeholder"),
])
def test_the_reading_check_catches_what_went_wrong_before(before, after, problem):
    assert any(problem in p for p in rewording_problems(before, after))


def test_the_reading_check_passes_good_rewordings():
    assert rewording_problems("One treatment resets your brain.", "One treatment supports recovery.") == []
    assert rewording_problems("85% of users improved.", "85% [add the citation: study, year] of users improved.") == []


def diff(tmp_path, text: str) -> list[str]:
    (tmp_path / "p.md").write_text(text)
    proc = run_claimlint("check", "--no-cache", "--diff", "--unsafe-fixes", "p.md", cwd=tmp_path, env={"NO_COLOR": "1"})
    assert proc.returncode == 1, proc.stderr
    return [ln[1:] for ln in proc.stdout.splitlines() if ln.startswith("+") and not ln.startswith("+++")]


def test_the_issues_examples_read_after_fixing(tmp_path):
    added = diff(tmp_path, "One treatment resets your brain to its pre-addicted state.\n\n"
                           "Our serum reverses ageing for good.\n\n"
                           "Psilocybin is a breakthrough for PTSD.\n\n"
                           "In one study, researchers found that tea lifts mood.\n")
    assert added[0] == "One treatment supports recovery."
    assert added[1] == "Our serum may help ease symptoms of ageing for some people."
    assert added[2] == "Psilocybin is an advance for PTSD."
    assert added[3].count("[") == 1, added[3]


def test_rule_documentation_shows_the_agreeing_rewording():
    out = run_claimlint("rule", "cure-claim").stdout
    assert "✓ One treatment supports recovery." in out


@pytest.mark.parametrize("original", ["Proven", "PROVEN RESULTS", "Can Treat", "FDA-approved", "cures insomnia",
                                      "ÉTÉ CURES", "Over 9,000 Canadians", "x", "", "NAD+ Infusions Heal"])
@pytest.mark.parametrize("title", [True, False])
def test_a_case_read_once_fills_every_template_as_reading_it_each_time(original, title):
    """build_finding reads the flagged words' case once (case_of) for all of a finding's templates."""
    from claimlint.suggestions import case_of, fill

    for template in ["may help treat {condition}", "Studied {match}", "not {match}", "a rapid effect", "FDA"]:
        want = fill(template, original, {"condition": "back pain"}, title)
        assert fill(template, original, {"condition": "back pain"}, title, case_of(original, title)) == want


def test_the_words_before_and_after_are_searched_only_where_a_pattern_can_match():
    """fit_surroundings, with_articles and with_modal search the text before a finding only
    when it ends in white space, and a rewording for a trailing article only when it ends in
    one of _ARTICLE_ENDS: every text their patterns match must end so."""
    import random

    from claimlint import suggestions as s

    rng = random.Random(5)
    pieces = ["a", "an", "A", "An", "AN", "may", "can", "could", "not", "to", "n't", "n’t", "just", "only",
              " ", "\n", "\t", "\u00a0", "x", "(", "."]
    before = (s._ARTICLE_BEFORE, s._MODAL_BEFORE, s._NEGATION_BEFORE)
    seen = 0
    for _ in range(20000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        for rx in before:
            if rx.search(t):
                seen += 1
                assert t[-1:].isspace(), (rx.pattern, t)
        if s._TRAILING_ARTICLE.search(t):
            seen += 1
            assert t.endswith(s._ARTICLE_ENDS), t
    assert seen > 1000  # the texts tried do reach the patterns
