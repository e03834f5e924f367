"""Context decides: negation, hedging, attribution, questions, citations, lead-ins."""
from __future__ import annotations

import pytest

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.ruleset import load_ruleset


@pytest.fixture(scope="module")
def linter():
    return Linter(load_ruleset())


def cats(linter, text, fmt="text"):
    return {f.category for f in linter.lint(parse("t", text, fmt))}


@pytest.mark.parametrize("text", [
    "Our balm will not cure eczema.",
    "There is no cure for tinnitus yet.",
    "Nothing cures cancer, and anyone who says otherwise is lying.",
    "It has never been proven to work.",
    "It is not true that the spray cures asthma.",
    "The claim that magnets cure arthritis is a myth.",
])
def test_negation(linter, text):
    assert cats(linter, text) & {"cure", "proof"} == set()


def test_not_only_is_not_a_negation(linter):
    assert "proof" in cats(linter, "It is not only clinically proven but also affordable.")


def test_scope_ends_at_a_terminator(linter):
    assert "cure" in cats(linter, "The cream does not cure acne; it cures eczema.")


@pytest.mark.parametrize("text,expected", [
    ("Yoga may ease back pain.", set()),
    ("Yoga eases back pain.", {"efficacy"}),
    ("This drip may protect you from COVID-19.", {"efficacy"}),   # critical condition: hedging does not excuse
    ("Our kit may cure insomnia.", {"cure"}),                        # hedged cure is still a cure claim
    ("Some people may feel lasting relief.", set()),
])
def test_hedging(linter, text, expected):
    assert cats(linter, text) == expected


@pytest.mark.parametrize("text", [
    "The FDA warned companies that claimed their oils cure cancer.",
    "Be wary of clinics promising to cure addiction overnight.",
    "So-called miracle cures for diabetes are sold online.",
])
def test_attribution(linter, text):
    assert cats(linter, text) & {"cure", "superlative", "speed"} == set()


def test_questions_are_not_assertions_but_headings_are(linter):
    assert cats(linter, "Is ketamine therapy safe?") == set()
    assert "efficacy" in cats(linter, "# The Conditions of Anxiety That Our Drips Can Treat\n", "markdown")


def test_citations(linter):
    assert "unsourced-stat" in cats(linter, "72% of patients improved.")
    for cited in ("72% of patients improved (Ng et al., 2021).", "72% of patients improved, PMID: 34567890.",
                  "72% of patients improved (https://doi.org/10.1000/xyz123).",
                  "In a trial published in JAMA Psychiatry in 2020, 72% of patients improved."):
        assert "unsourced-stat" not in cats(linter, cited), cited


def test_list_lead_in_negates_its_items(linter):
    md = "Our programme CANNOT:\n\n- Cure alcoholism\n- Guarantee lifelong sobriety\n"
    assert cats(linter, md, "markdown") == set()
    html = "<p>Our programme does not:</p><ul><li>cure alcoholism</li></ul>"
    assert cats(linter, html, "html") == set()
    assert "cure" in cats(linter, "Our programme can:\n\n- Cure alcoholism\n", "markdown")


def test_hypothetical_scope_ends_at_comma(linter):
    assert cats(linter, "If you want to know whether it cures gout, ask us.") == set()
    assert "cure" in cats(linter, "If you struggle with gout, our tea cures it for good and cures gout.")


def test_the_looked_back_gate_never_skips_a_sentence_its_expression_matches():
    """looked_back_blocks asks _LOOKS_BACK only of sentences holding one of its words: every
    ASCII sentence the expression matches must pass that gate (other text always does)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from claimlint.judge.contexts.lead_in import _LOOKS_BACK, _may_look_back

    words = ["Sounds", "sound", "familiar", "too", "good", "to", "be", "true", "these", "SUCH", "those", "claims",
             "Promises", "slogans", "headlines", "ADS", "adverts", "advertisements", "pitches", "like", "as", "this",
             "that", "miracle", "cure", "ſlogans", "claıms"]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(words), min_size=1, max_size=9).map(" ".join))
    def check(sentence):
        if _LOOKS_BACK.search(sentence):
            assert _may_look_back(sentence), sentence

    check()


@pytest.mark.parametrize("text, flagged", [
    # a trigger inside a capitalised name is the name: after the match ("Quick Relief Clinic")
    ("Quick Relief Clinic opens a second site in May.", False),
    # or as the match's own last word ("clear ... recovery" reads as a claim; "Recovery" ends the name)
    ("Clear Path Recovery runs a residential programme in Tucson.", False),
    # capitals alone are no name: the same words as a claim in a sentence
    ("Our drip will Clear Up Recovery fatigue fast.", True),
    ("Our herbs clear the path to recovery.", True),
])
def test_a_trigger_inside_a_capitalised_name_is_no_claim(linter, text, flagged):
    assert ("efficacy" in cats(linter, text)) is flagged


@pytest.mark.parametrize("item, flagged", [
    # noun and verb phrases continue a hedging lead-in: it hedges them
    ("- Calmer evenings and reduced anxiety", False),
    ("- Help relieve tension headaches", False),
    # an item with its own subject and verb makes its own claim
    ("- It relieves tension headaches within days.", True),
    ("- Our sauna blanket can relieve tension headaches.", True),
    ("- Fewer headaches: Our sauna blanket will relieve tension headaches for most users.", True),
    ("- Fewer headaches: The heat helps you unwind. It also relieves tension headaches.", True),
    # what follows the item's first clause stays hedged
    ("- Gentle warmth, which relieves tension headaches", False),
])
def test_a_hedging_lead_in_stops_at_an_item_that_makes_its_own_claim(linter, item, flagged):
    md = f"Here are some of the possible benefits of our sauna blanket:\n\n{item}\n"
    assert ("efficacy" in cats(linter, md, "markdown")) is flagged


def test_a_reporting_lead_in_still_reports_full_sentence_items(linter):
    md = "Watch out for ads that claim:\n\n- This tea cures arthritis.\n- It relieves gout overnight.\n"
    assert cats(linter, md, "markdown") == set()


@pytest.mark.parametrize("md, flagged", [
    # a wh-question heading its section answers with a list asserts what the list names
    ("## What conditions can our sauna help treat?\n\n- Arthritis\n- Insomnia\n", True),
    ("## 3. Who benefits from our infusions?\n\n- Migraine sufferers\n- People with long COVID\n", True),
    ("## Which conditions do our drips treat?\n\nWe see many clients living with:\n\n- Migraines\n- Fatigue\n", True),
    # unanswered, answered in prose, or answered with a hedge: still a question
    ("## What conditions can our sauna help treat?\n\nAsk your doctor first.\n", False),
    ("## What conditions can our sauna help treat?\n\nIt may suit people with:\n\n- Arthritis\n", False),
    ("## Who benefits from our infusions?\n", False),
])
def test_a_question_heading_answered_by_a_list_asserts(linter, md, flagged):
    assert ("efficacy" in cats(linter, md, "markdown")) is flagged


def test_a_list_answers_only_what_a_treatment_treats(linter):
    md = "## What is the best way to stop drinking?\n\nOur programme includes:\n\n- Medication\n- Coaching\n"
    assert "superlative" not in cats(linter, md, "markdown")


@pytest.mark.parametrize("heading, category", [
    # a benefits section's verbless headings make their claims, in any case
    ("### Effective symptom relief", "efficacy"),
    ("### Effective Symptom Relief", "efficacy"),
    ("### Fast relief", "speed"),
    ("### Acts quickly", "speed"),
    ("### Lasting results", "guarantee"),
    # honest headings stay unflagged
    ("## Side effects", None),
    ("## How quickly does it work?", None),
    ("## Symptom relief depends on the cause", None),
])
def test_verbless_benefit_headings(linter, heading, category):
    md = f"## Why choose our infusions\n\n{heading}\n\nSessions take about an hour.\n"
    found = cats(linter, md, "markdown")
    assert found == ({category} if category else set())


@pytest.mark.parametrize("md, expected", [
    # a bare "no" to a risk question asserts safety, in the same paragraph or the FAQ body under it
    ("Is our sleep tonic addictive? No.", {"safety"}),
    ("## Will I get hooked on the tonic?\n\nWith our dosing plan, no.\n", {"safety"}),
    ("## Does the cleanse have any side effects?\n\nNo. Most guests feel fine.\n", {"safety"}),
    # a bare "yes" to a safety question does too
    ("## Is the cleanse safe?\n\nYes.\n", {"safety"}),
    # "yes" to a risk question discloses the risk; "no" to a safety question claims nothing
    ("Is our sleep tonic addictive? Yes, it can be.", set()),
    ("## Is the cleanse safe?\n\nNo, not for people with kidney disease.\n", set()),
    # an answer that is no answer, or no answer at all: still a question
    ("## Is the cleanse safe?\n\nAsk your doctor, who knows your history.\n", set()),
    ("## Will I get hooked on the tonic?\n", set()),
])
def test_an_faq_answered_yes_or_no(linter, md, expected):
    assert cats(linter, md, "markdown") == expected


def test_an_answer_with_its_own_claim_leaves_the_question_a_question(linter):
    md = "## Is the cleanse safe?\n\nYes, the cleanse is completely safe for everyone.\n"
    found = [f for f in linter.lint(parse("t", md, "markdown")) if f.category == "safety"]
    assert found and all(f.line == 3 for f in found)


@pytest.mark.parametrize("answer_text", ["No one knows for sure.", "No studies have looked at it.", "Never mind the label."])
def test_a_word_that_opens_a_sentence_is_no_answer(linter, answer_text):
    assert cats(linter, f"## Is the cleanse dangerous?\n\n{answer_text}\n", "markdown") == set()


@pytest.mark.parametrize("md", ["## Is the cleanse safe?\n\nYes, for most adults who follow the plan.\n",
                                "Is the cleanse safe? Generally, yes.", "Is the cleanse safe? Yes, for most people."])
def test_a_qualified_yes_to_a_safety_question_claims_no_absolute_safety(linter, md):
    assert cats(linter, md, "markdown") == set()


def test_a_document_linted_twice_gets_the_same_findings(linter):
    """Lead-ins are given to a document's blocks at its first lint; a second lint must read a
    heading's section the same way (only its reporting reaches the paragraphs), not as a lead-in
    whose negation covers them."""
    md = ("## Why isn't the spray covered, and why won't my doctor prescribe it?\n\n"
          "Studies show that the spray is effective, fast-acting, and above all, safe.\n")
    doc = parse("t.md", md, "markdown")
    first = [(f.rule, f.start) for f in linter.lint(doc)]
    second = [(f.rule, f.start) for f in linter.lint(doc)]
    assert first and second == first


@pytest.mark.parametrize("md, expected", [
    # myth-busting: the answers under a myth heading are the author's own claims
    ("## Myth 2: Our tonic is addictive.\n\nFact: Taken as directed, the tonic is not addictive.\n", {"safety"}),
    ("## Three myths about cold plunges\n\nCold plunges have been proven to reduce inflammation.\n", {"proof"}),
    ("## Myth #1: The drip is dangerous.\n\nThe drip is completely safe for everyone.\n", {"safety"}),
    # a heading that only labels the myth: the paragraph after it states the myth, the next answers it
    ("## Myth #1\n\nThe patch cures migraines.\n\nThe truth is that the patch relieves tension headaches.\n", {"efficacy"}),
    # a list item states the myth, its later sentences answer it
    ("Common myths, and the facts:\n\n- The balm cures eczema. In fact, the balm relieves eczema itch.\n", {"efficacy"}),
    # the myths stay reported: list items, numbered headings, a block labeled as the myth
    ("## Myth vs. fact\n\n- The balm cures eczema.\n- The tea melts belly fat.\n", set()),
    ("## Myths about the sauna\n\nSome background first.\n\n### 1. The sauna cures arthritis\n\nNo sauna can do that.\n", set()),
    ("## Myth 3: Our clinic is unsafe.\n\nThe Myth: people say that our infusions are a miracle cure for depression, "
     "and that everyone who gets one is cured of it overnight.\n", set()),
])
def test_myth_busting_reports_the_myths_not_the_answers(linter, md, expected):
    assert cats(linter, md, "markdown") == expected


@pytest.mark.parametrize("text, expected", [
    # teasers assert what they ask about
    ("Did you know that our balm is a miracle cure for eczema?", {"superlative", "cure"}),
    ("But did you know the tea cures bloating?", {"cure"}),
    ("We all sleep badly sometimes - but what if we told you that our pillow could cure insomnia?", {"cure"}),
    ("Isn't it time you tried the best clinic in town?", {"superlative"}),
    ("Is it not time you switched to the most advanced therapy there is?", {"superlative"}),
    # real questions stay questions
    ("Do you know how our balm works?", set()),
    ("Do you know whether the tea is safe?", set()),
    ("Can our balm cure eczema?", set()),
    ("Is it time to try a sleep aid?", set()),
])
def test_teaser_questions_assert(linter, text, expected):
    assert cats(linter, text) == expected


@pytest.mark.parametrize("md, expected", [
    # a verbless label makes its own claim: the explanation's hedge qualifies the explanation only
    ("Pain relief: Our balm may help ease stiff knees.\n", {"efficacy"}),
    ("- Better sleep: the oil may help you drift off.\n", {"efficacy"}),
    # a denial after the colon still reaches the label
    ("Boosts energy: FALSE.\n", set()),
    # a reporting lead-in over long labeled paragraphs reports them; a plain one leaves them their claims
    ("Advocates of the tea claim several benefits, including:\n\nBetter digestion: The tea may calm the stomach and "
     "ease bloating after heavy meals, say its fans.\n\nStronger immunity: The tea may help the body fight off colds "
     "during the long winter months.\n", set()),
    ("Our tea offers these benefits:\n\nBetter digestion: The tea may calm the stomach and ease bloating after heavy "
     "meals, even on busy days.\n\nStronger immunity: The tea may help the body fight off colds during the long "
     "winter months.\n", {"efficacy"}),
    # a hedging lead-in still hedges the short labels that continue it
    ("Some possible benefits:\n\n- Better sleep\n- Better digestion\n", set()),
])
def test_a_benefit_label_claims_whatever_its_explanation_hedges(linter, md, expected):
    assert cats(linter, md, "markdown") == expected
