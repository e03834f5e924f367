"""The block prefilter's strict groups: a text holding one word of each of a pattern's
groups, but no whole alternative of one, is skipped before anything is tokenised."""
from __future__ import annotations

import pytest

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.patterns.requirements import (
    decode_strict, pattern_requirements, satisfied, strict_requirements, strictly_met, text_words)
from claimlint.patterns.syntax import parse_pattern
from claimlint.ruleset import load_ruleset

# Two groups past the word bag's EXPANDED alternatives: the bag keeps only one rarest word of each.
PATTERN = ("(in most cases|in the majority of cases|in nearly all cases|in almost all cases|in the vast majority of cases|"
           "for most (people|patients|clients|users)) ,? (feel better|see results|notice results|sleep better|"
           "get better|recover|improve|see a difference|feel relief|get relief|heal)")


def _strict(pattern: str):
    data = strict_requirements(parse_pattern(pattern), {})
    return None if data is None else decode_strict(data)


def _met(pattern: str, text: str) -> tuple[bool, bool]:
    """(the word bag's answer, the strict groups' answer) for a text."""
    words = text_words(text)
    bag = any(satisfied(reqs, *words) for reqs in pattern_requirements(parse_pattern(pattern), {}))
    return bag, any(strictly_met(alt, *words) for alt in _strict(pattern))


@pytest.mark.parametrize("text", [
    "Some people with eczema come to us, and results vary.",
    "Most patients ask about parking; better answers are on our page.",
    "In rare cases the skin reddens, and people often recover within a day.",
])
def test_words_from_different_alternatives_pass_the_bag_but_not_the_groups(text):
    assert _met(PATTERN, text) == (True, False)


@pytest.mark.parametrize("text", [
    "In most cases, patients feel better after one visit.",
    "For most users, sleep better is the first change they notice.",
    "in nearly all cases people recover",
])
def test_a_whole_alternative_of_each_group_passes_both(text):
    assert _met(PATTERN, text) == (True, True)


def test_a_pattern_whose_bag_merged_nothing_has_no_strict_groups():
    assert strict_requirements(parse_pattern("(cures|heals) (gout|acne)"), {}) is None


def test_optional_items_and_gaps_are_never_required():
    alternatives = _strict(PATTERN + " (quickly|soon|fast|at once|right away|in days|overnight|for good|for ever)?")
    assert any(strictly_met(alt, *text_words("In most cases people recover.")) for alt in alternatives)


def test_a_group_with_an_alternative_that_needs_nothing_needs_nothing():
    pattern = ("(=really|=truly|=simply|=just|=actually|=honestly|=totally|=fully|=quite|(so|very)?) "
               "(in most cases|in the majority of cases|in nearly all cases|in almost all cases|in the vast majority of cases|for most "
               "(people|patients|clients|users)) recover")
    assert any(strictly_met(alt, *text_words("In most cases we recover.")) for alt in _strict(pattern))


CLEAN_BUT_WORDY = """# Visiting our clinic

Our IV drip is offered to some people with eczema, and results vary.

Most insurance plans are accepted. Sessions last between 30 and 60 minutes.

Talk to your doctor about whether a course is right for you; results are shared at your next visit.
"""


def test_a_page_of_such_blocks_never_loads_the_compiled_rules():
    """What makes a clean page cheap: no block passes, so no compiled rules and no tokenizer."""
    linter = Linter(load_ruleset())
    assert linter.lint(parse("clean.md", CLEAN_BUT_WORDY, "markdown")) == []
    assert "compiled" not in linter.__dict__
    words = [text_words(b.text) for b in parse("c.md", CLEAN_BUT_WORDY, "markdown").blocks]
    assert any(linter.prefilter._keys_met(*w, bag_only=True) for w in words)  # the bag alone would load them


def test_the_strict_groups_survive_the_rule_pack_cache():
    """The prefilter the cached pack holds asks the same strict groups as a fresh build's."""
    import pickle

    linter = Linter(load_ruleset())
    copy = pickle.loads(pickle.dumps(linter.prefilter))
    assert copy.strict_pairs and len(copy.strict) == len(linter.prefilter.strict)
    for block in parse("c.md", CLEAN_BUT_WORDY, "markdown").blocks:
        assert copy.could_match(block.text) == linter.prefilter.could_match(block.text)


@pytest.mark.parametrize("text", [
    "It wont cause any side effects.",
    "You wont have any side effects.",
    "Wont cause side effects, ever.",
])
def test_a_respelling_the_tokenizer_splits_reaches_the_matcher(text):
    """'wont' is the tokens 'wo' + 'nt' read as 'will not': the block must not be skipped as
    one without 'will' when the apostrophe's spelling of the same sentence is flagged."""
    linter = Linter(load_ruleset())
    spelled = text.replace("wont", "won't").replace("Wont", "Won't")
    expected = [f.rule for f in linter.lint(parse("a.md", spelled, "markdown"))]
    assert expected, spelled
    assert [f.rule for f in linter.lint(parse("b.md", text, "markdown"))] == expected


def test_a_special_case_counts_only_as_the_tokenizer_spells_it():
    """'id' is split into 'i' + 'd' by the tokenizer, 'ID' is not: a photo ID is no "I'd"."""
    prefilter = Linter(load_ruleset()).prefilter
    cases = dict(prefilter.respelt["id"])
    assert "id" in cases and "ID" not in cases


@pytest.mark.parametrize("text", [
    "It doesnt cause side effects.",
    "This supplement isnt addictive.",
    "Our tea dont cause side effects.",
])
def test_a_not_spelt_without_its_apostrophe_is_still_not(text):
    """'doesnt' is the tokens 'does' + 'nt' (read as 'not'): the sentence gate, which reads
    token texts, must count 'nt' as a key of 'not', as it counts "n't"."""
    linter = Linter(load_ruleset())
    spelled = text.replace("doesnt", "doesn't").replace("isnt", "isn't").replace("dont", "don't")
    expected = [f.rule for f in linter.lint(parse("a.md", spelled, "markdown"))]
    assert expected, spelled
    assert [f.rule for f in linter.lint(parse("b.md", text, "markdown"))] == expected


def test_a_run_that_forks_builds_every_gate_first_and_lints_the_same(tmp_path):
    """Workers inherit the compiled gates and loops the parent built before forking
    (Linter.prepare_for_workers); their findings are those of one process."""
    from claimlint.patterns.index import _LIVE
    from claimlint.runner import run

    pages = []
    for i in range(4):
        page = tmp_path / f"p{i}.md"
        page.write_text(f"# Page {i}\n\nOur tea cures gout in {i + 2} days. It is 100% safe.\n\n" + CLEAN_BUT_WORDY)
        pages.append(str(page))
    linter = Linter(load_ruleset())
    linter.prepare_for_workers()
    assert _LIVE and all(index._gate is not None and index._finder is not None for index in _LIVE)
    assert linter.prefilter._gate is not None
    one = run(Linter(load_ruleset()), pages, jobs=1)
    two = run(linter, pages, jobs=2)
    assert [f.to_cache() for f in one.findings] == [f.to_cache() for f in two.findings]
    assert len(one.findings) >= 8


@pytest.mark.parametrize("text", [
    "Why stay on antidepressants that don't work?",
    "Why keep taking antidepressants that didn’t help?",
])
def test_a_contraction_holds_the_words_of_its_tokens(text):
    """"don't" is the tokens 'do' + "n't": the strict groups must find 'do' in it, although the
    text's own words are 'don' and 't' ((do|does|did) not (work|help))."""
    linter = Linter(load_ruleset())
    linter.prefilter.compile_after = float("inf")  # the Python gate, which asks the strict groups
    unfiltered = Linter(load_ruleset())
    unfiltered.prefilter.always = True
    found = [f.rule for f in linter.lint(parse("a.md", text, "markdown"))]
    assert found and found == [f.rule for f in unfiltered.lint(parse("a.md", text, "markdown"))]
