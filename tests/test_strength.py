"""`claimlint strength`: causal, conditional, correlational or none, per sentence."""
from __future__ import annotations

import json

import pytest

from conftest import text_at

SENTENCES = {
    "Daily walks cut the risk of dementia.": "causal",
    "Our new app reduces anxiety in teenagers.": "causal",
    "Fish oil can lower triglycerides.": "causal",
    "Green tea may prevent liver damage.": "conditional",
    "Yoga appears to improve sleep in older adults.": "conditional",
    "Probiotics might be useful for people with IBS.": "conditional",
    "Night-shift work is associated with a higher risk of diabetes.": "correlational",
    "People who slept less had higher blood pressure.": "correlational",
    "Loneliness is linked to heart disease.": "correlational",
    "The drug can reduce the cravings associated with withdrawal.": "causal",
    "Coffee intake was associated with increased survival.": "correlational",
    "The clinic opens at nine on weekdays.": "none",
    "Future studies should examine whether the drug improves memory.": "none",
    "Participants were randomised to two groups.": "none",
    # Headline grammar: a plural subject's base-form verb, a dropped copula.
    "Statins lower death rate after stroke": "causal",
    "Depression more common among young women": "correlational",
    # A passive cause, a comparison of effectiveness, a group difference.
    "Insulin resistance is driven by inflammation.": "causal",
    "Arterial stiffness was improved by vitamin D.": "causal",
    "Yoga was as effective as physiotherapy for back pain.": "causal",
    "Cholesterol was higher in patients with diabetes.": "correlational",
    # What a study looked at, a call for research, a purpose: not claims.
    "Researchers examined whether walking improves memory.": "none",
    "The relationship between sleep and obesity deserves further study.": "none",
    "Drugs to lower cholesterol were prescribed to half the patients.": "none",
    "Fewer patients were seen in the clinic than healthy controls.": "none",
    # "suggest that" reports a finding, whose own words set the strength; a bare "suggest" hedges.
    "Our results suggest that daily walks improve memory.": "causal",
    "Our results suggest that daily walks may improve memory.": "conditional",
    "Early data suggest the spray relieves congestion.": "conditional",
    # Group comparisons by ratio, prognostic factors.
    "Heavy drinkers were twice as likely to have a stroke.": "correlational",
    "Low albumin was an independent prognostic factor for survival.": "correlational",
    # Press-release comparisons without an association word (the rules read them now).
    "Women who run sleep better than women who do not.": "correlational",
    "Deaths from falls were 30% higher in the north than in the south.": "correlational",
}
# A hedged claim whose verb the patterns do not know ("could mean"): `none` for the rules, a
# claim for rules+linear.
LINEAR_ONLY, LINEAR_VERDICT = "A daily apple could mean fewer visits to the doctor.", "conditional"


@pytest.mark.parametrize("sentence,expected", SENTENCES.items())
def test_sentence_strength(cli, tmp_path, sentence, expected):
    (tmp_path / "s.txt").write_text(sentence + "\n")
    code, out, err = cli("strength", "--format", "json", str(tmp_path / "s.txt"))
    assert code == 0, err
    rows = json.loads(out)["sentences"]
    assert [r["strength"] for r in rows] == [expected], rows


def test_strength_json_positions_and_text_output(cli, tmp_path):
    src = "# Coffee news\n\nCoffee **may protect** the liver. Smokers had *higher* rates of stroke.\n"
    (tmp_path / "page.md").write_text(src)
    code, out, _ = cli("strength", "--format", "json", str(tmp_path / "page.md"))
    data = json.loads(out)
    assert data["version"] == 1
    strengths = [r["strength"] for r in data["sentences"]]
    assert strengths == ["none", "conditional", "correlational"]
    for r in data["sentences"]:
        assert text_at(src, r) == r["text"]
    code, out, _ = cli("strength", str(tmp_path / "page.md"))
    assert f"{tmp_path / 'page.md'}:3:1: conditional" in out


def test_check_drops_efficacy_in_a_conditional_sentence_unless_critical(cli, tmp_path):
    (tmp_path / "a.md").write_text("Early data suggest the spray relieves congestion.\n")
    (tmp_path / "b.md").write_text("Early data suggest the spray relieves COVID-19.\n")
    _, out, _ = cli("check", "--format", "json", "--select", "efficacy", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    paths = {f["path"] for f in json.loads(out)["findings"]}
    assert paths == {str(tmp_path / "b.md")}


def test_unknown_strength_engine_is_a_usage_error(cli, tmp_path):
    (tmp_path / "s.txt").write_text("Walking cuts dementia risk.\n")
    code, _, err = cli("strength", "--engine", "magic", str(tmp_path / "s.txt"))
    assert code == 2 and "magic" in err
    (tmp_path / ".claimlint.yaml").write_text("strength-engine: neural\n")
    code, _, err = cli("strength", "--config", str(tmp_path / ".claimlint.yaml"), str(tmp_path / "s.txt"))
    assert code == 2 and "strength-engine" in err and "rules, rules+linear or learned" in err


def test_rules_plus_linear_keeps_the_rules_verdicts_and_cues(cli, tmp_path):
    """Where the cue patterns find a claim, the rules+linear engine gives their verdict and cue."""
    page = tmp_path / "page.md"
    page.write_text("Loneliness is linked to heart disease.\n\nGreen tea may prevent liver damage.\n\n"
                    "Daily walks cut the risk of dementia.\n")
    rows = {}
    for engine in ("rules", "rules+linear"):
        code, out, _ = cli("strength", "--engine", engine, "--format", "json", str(page))
        assert code == 0
        rows[engine] = [(s["strength"], s["cue"]) for s in json.loads(out)["sentences"]]
    assert rows["rules+linear"] == rows["rules"]
    assert [s for s, _ in rows["rules"]] == ["correlational", "conditional", "causal"]


def test_rules_plus_linear_decides_where_the_rules_find_no_cue(cli, tmp_path):
    """A claim the patterns miss: the linear model calls it, and its cue is
    words of the sentence that weighed most for the verdict."""
    page = tmp_path / "page.md"
    page.write_text(f"{LINEAR_ONLY}\n\nThe clinic opens at nine on weekdays.\n")
    _, out, _ = cli("strength", "--engine", "rules", "--format", "json", str(page))
    assert [s["strength"] for s in json.loads(out)["sentences"]] == ["none", "none"]
    _, out, _ = cli("strength", "--engine", "rules+linear", "--format", "json", str(page))
    first, second = json.loads(out)["sentences"]
    assert first["strength"] == LINEAR_VERDICT and first["cue"] and first["cue"] in first["text"]
    assert second["strength"] == "none" and second["cue"] == ""


def test_rules_plus_linear_from_the_configuration(cli, tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("strength-engine: rules+linear\n")
    (tmp_path / "s.txt").write_text(LINEAR_ONLY + "\n")
    code, out, _ = cli("strength", "--config", str(tmp_path / ".claimlint.yaml"), str(tmp_path / "s.txt"))
    assert code == 0 and f": {LINEAR_VERDICT}" in out


def test_strength_examples_in_a_rule_file_are_run(tmp_path):
    """A strength file's `examples` must each get their strength; a wrong one fails with its line."""
    from claimlint.examples import run_examples
    from claimlint.ruleset import load_ruleset

    (tmp_path / "mine.yaml").write_text(
        "strength:\n"
        "  causal: ['=snorkels']\n"
        "  correlational: ['goes along with']\n"
        "  examples:\n"
        "    causal: ['Morning tea snorkels the liver.']\n"
        "    correlational: ['Sleep goes along with mood.']\n"
        "    none: ['Loneliness is linked to heart disease.']\n")
    ruleset = load_ruleset([tmp_path])
    mine = [e for e in ruleset.strength.examples if e[2].startswith(str(tmp_path))]
    assert [(text, s) for text, s, _ in mine][:2] == [("Morning tea snorkels the liver.", "causal"),
                                                       ("Sleep goes along with mood.", "correlational")]
    _, failures = run_examples(ruleset)
    ours = [f for f in failures if str(tmp_path) in f.where]
    assert len(ours) == 1 and ours[0].where.endswith("mine.yaml:7") and "should be none" in ours[0].problem
    assert "is correlational" in ours[0].problem


def test_a_strength_example_under_an_unknown_strength_is_refused(tmp_path):
    from claimlint.ruleset import load_ruleset
    from claimlint.ruleset.loader import RuleError

    (tmp_path / "bad.yaml").write_text("strength:\n  causal: [cures]\n  correlational: [linked to]\n"
                                       "  examples:\n    proven: ['Tea cures colds.']\n")
    with pytest.raises(RuleError, match="proven"):
        load_ruleset([tmp_path])


def _own_strength_examples(tmp_path, strength_yaml: str):
    """The shipped pack plus a rule file of `strength:` keys (strength_yaml, indented under it):
    the pack, and the failures of `claimlint rules test` that are that file's examples."""
    from claimlint.examples import run_examples
    from claimlint.ruleset import load_ruleset

    (tmp_path / "mine.yaml").write_text("strength:\n" + strength_yaml)
    ruleset = load_ruleset([tmp_path])
    _, failures = run_examples(ruleset)
    return ruleset, [f for f in failures if str(tmp_path) in f.where]


def test_strength_hedges_hedge_to_the_end_of_their_clause(tmp_path):
    """A strength-only hedge (`hedges`, "would" in the shipped file) makes a causal cue in its
    clause conditional, and leaves a cue of another clause alone."""
    ruleset, failures = _own_strength_examples(tmp_path, (
        "  causal: ['=snorkels', 'snorkel']\n"
        "  correlational: ['goes along with']\n"
        "  hedges: ['in a pinch']\n"
        "  examples:\n"
        "    conditional: ['In a pinch tea snorkels the liver.']\n"
        "    causal: ['Tea snorkels the liver; in a pinch, coffee is fine.']\n"))
    assert [h.source for h in ruleset.strength.hedges][-1] == "in a pinch"
    assert not failures


def test_not_correlational_blocks_a_correlational_cue_it_touches(tmp_path):
    """A `not_correlational` blocker removes a correlational cue that starts or ends where it
    does, or starts where it ends; a cue it does not touch stands."""
    ruleset, failures = _own_strength_examples(tmp_path, (
        "  causal: ['=snorkels']\n"
        "  correlational: ['goes along with']\n"
        "  not_correlational: ['seldom goes']\n"
        "  examples:\n"
        "    none: ['Tea seldom goes along with cake.']\n"
        "    correlational: ['Tea goes along with cake, seldom goes cold.']\n"))
    assert [b.source for b in ruleset.strength.not_correlational][-1] == "seldom goes"
    assert not failures


def test_strength_words_are_data_a_rule_file_extends(tmp_path):
    """The analyser's closed word lists (`words`) come from the rule files: another file's
    words join the shipped ones (here a word of recommendation, as "should" is one)."""
    ruleset, failures = _own_strength_examples(tmp_path, (
        "  causal: ['=snorkels']\n"
        "  correlational: ['goes along with']\n"
        "  words:\n"
        "    recommend: [preferably]\n"
        "  examples:\n"
        "    none: ['Tea preferably snorkels the liver.']\n"
        "    causal: ['Tea snorkels the liver.']\n"))
    assert {"preferably", "should"} <= ruleset.strength.words["recommend"]
    assert not failures


@pytest.mark.parametrize("words", ["reporting: [Found]", "reporting: ['found that']", "reportings: [found]"])
def test_a_strength_word_list_must_be_known_and_hold_lower_case_tokens(tmp_path, words):
    from claimlint.ruleset import load_ruleset
    from claimlint.ruleset.loader import RuleError

    (tmp_path / "bad.yaml").write_text("strength:\n  causal: [cures]\n  correlational: [linked to]\n"
                                       f"  words:\n    {words}\n")
    with pytest.raises(RuleError):
        load_ruleset([tmp_path])
