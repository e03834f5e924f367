"""Which sources identify evidence, and which approval claims are accurate (issue 11, part B).

Run through the real CLI: `claimlint check --format json`.
"""
from __future__ import annotations

import json

import pytest


def categories(cli, tmp_path, text: str, name: str = "page.md", *extra) -> set[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, _ = cli("check", "--format", "json", str(path), *extra)
    assert code in (0, 1), out
    return {f["category"] for f in json.loads(out)["findings"]}


def test_journal_and_year_locate_a_statistic_but_do_not_identify_a_study(cli, tmp_path):
    found = categories(cli, tmp_path, "In a 2021 trial published in JAMA Psychiatry, 40% of patients responded.\n")
    assert "unsourced-stat" not in found
    assert "vague-source" in found
    found = categories(cli, tmp_path, "Okafor et al. (2021) found that 40% of patients responded.\n")
    assert not found & {"unsourced-stat", "vague-source"}


def test_a_journal_title_before_a_year_is_not_an_author(cli, tmp_path):
    assert "vague-source" in categories(cli, tmp_path, "A study published in Addictive Behaviors (2018) found a benefit.\n")
    assert "vague-source" not in categories(cli, tmp_path, "Smith (2018) found a benefit in one study.\n")


def test_agency_acronyms_are_case_sensitive(cli, tmp_path):
    # "who" is a pronoun, not the WHO
    assert "vague-source" in categories(cli, tmp_path, "A 2010 study found that people who slept more were calmer.\n")
    assert "unsourced-stat" not in categories(cli, tmp_path, "According to WHO data from 2022, 40% of adults are affected.\n")


def test_a_block_next_to_a_bibliography_entry_is_cited(cli, tmp_path):
    page = ("Here is one meta-analysis of the method.\n\n"
            "Okafor, A., Lind, B., Reyes, C. (2019). Efficacy of breathing training for panic: a meta-analysis. "
            "Journal of Calm, 4(2), 10-19.\n\n"
            "Seven trials found that 84% of treated participants improved more than controls.\n")
    assert not categories(cli, tmp_path, page) & {"unsourced-stat", "vague-source"}
    alone = "Seven trials found that 84% of treated participants improved more than controls.\n"
    assert {"unsourced-stat", "vague-source"} <= categories(cli, tmp_path, alone)
    # a list of staff is not a reference
    staff = "Meet our team: Anna Smith, John Brown, Mary Jones\n\n84% of our patients recover.\n"
    assert "unsourced-stat" in categories(cli, tmp_path, staff)


@pytest.mark.parametrize("text, flagged", [
    ("TMS is FDA-approved for depression.", True),             # a device is cleared, not approved
    ("NeuroStar TMS is FDA-cleared for depression.", False),
    ("TMS is FDA-cleared for tinnitus.", True),                 # cleared, but not for that
    ("Hyperbaric chambers are FDA cleared for autism.", True),
    ("Our hyperbaric chambers are FDA-cleared for decompression sickness.", False),
    ("✓ FDA Approved", True),                                    # a bare badge
    ("Our FDA-approved formula supports sleep.", True),         # approval pinned on the product
    ("Our clinic uses FDA-approved monitoring equipment.", False),
    ("Our compounded semaglutide is indicated for weight management.", True),
    ("Naltrexone is indicated for alcohol dependence.", False),
    # a comma ends a scoped approval unless more uses follow it
    ("Despite being FDA-approved as an anaesthetic since 1970, research into its effects on depression is recent.", False),
    ("Ketamine is FDA-approved for anaesthesia, pain and depression.", True),
    ("Ketamine is FDA-approved for depression, and it is safe.", True),
])
def test_approval_claims(cli, tmp_path, text, flagged):
    assert ("regulatory" in categories(cli, tmp_path, text + "\n")) is flagged


def test_a_user_citation_pattern_can_be_scoped_and_voided(cli, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "cites.yaml").write_text(
        "citations:\n"
        "  - name: house report\n"
        "    regex: '\\bHouse Report \\d{4}\\b'\n"
        "    satisfies: [unsourced-stat]\n"
        "    unless: '\\bdraft House Report \\d{4}\\b'\n", encoding="utf-8")
    page = tmp_path / "p.md"
    page.write_text("Studies show that 40% of members improved, House Report 2024.\n", encoding="utf-8")
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--rules", str(rules), str(page))
    found = {f["category"] for f in json.loads(out)["findings"]}
    assert "unsourced-stat" not in found and "vague-source" in found
    page.write_text("Studies show that 40% of members improved, draft House Report 2024.\n", encoding="utf-8")
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--rules", str(rules), str(page))
    assert "unsourced-stat" in {f["category"] for f in json.loads(out)["findings"]}


def test_a_bad_citation_scope_is_a_rule_error(cli, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "cites.yaml").write_text(
        "citations:\n  - name: x\n    regex: 'x'\n    satisfies: [not-a-category]\n", encoding="utf-8")
    page = tmp_path / "p.md"
    page.write_text("Hello.\n", encoding="utf-8")
    code, _, err = cli("check", "--rules", str(rules), str(page))
    assert code == 2
    assert "cites.yaml" in err and "satisfies" in err


REFERENCE_LIST = ("\n\nReferences\n\n1https://www.example.org/study-one\n"
                  "2. Okafor A, Lee B. Ketamine and withdrawal. J Addict Med. 2019;13:1-8.\n"
                  "[3] Lee B. Sleep and mood. Sleep. 2021;44:12.\n")


@pytest.mark.parametrize("marked", ["Research has shown that it eases withdrawal1.",
                                    "Some studies suggest that it eases withdrawal2.",
                                    "Studies show that it helps sleep.3",
                                    "Studies show that it helps sleep [3].",
                                    "Studies show that it helps sleep³."])
def test_a_marker_into_the_pages_own_reference_list_cites(cli, tmp_path, marked):
    """A scraped page keeps its notes as a numbered list in plain text: a number glued to the sentence
    that the list holds identifies the source; the same sentence without the list does not."""
    assert "vague-source" not in categories(cli, tmp_path, marked + REFERENCE_LIST, "page.txt")
    assert "vague-source" in categories(cli, tmp_path, marked + "\n", "page.txt")


def test_a_number_that_is_part_of_a_name_is_not_a_marker(cli, tmp_path):
    # "D3" and "B12" end in a number the list holds, but a capital letter before it makes it a name
    assert "vague-source" in categories(cli, tmp_path, "Studies show that vitamin D3 lifts mood." + REFERENCE_LIST, "page.txt")
    assert "vague-source" in categories(cli, tmp_path, "Research shows that B12 boosts energy." + REFERENCE_LIST, "page.txt")
    # and a list item that is not a reference (no link, no year) makes no note
    assert "vague-source" in categories(cli, tmp_path, "Studies show it helps sleep2.\n\n1. Take one capsule.\n2. Drink water.\n",
                                        "page.txt")
