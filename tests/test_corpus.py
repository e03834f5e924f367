"""Detection quality on claimlint's own labeled corpus, measured with `claimlint eval`."""
from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).parent / "corpus" / "claims.yaml"


def test_corpus_is_large_and_balanced():
    import yaml

    cases = yaml.safe_load(CORPUS.read_text())["cases"]
    assert len(cases) >= 150
    negatives = [c for c in cases if not c.get("expect") and not c.get("expect_any")]
    assert len(negatives) >= len(cases) / 3
    from claimlint.ruleset.model import CATEGORIES

    covered = {cat for c in cases for cat in c.get("expect", [])}
    assert covered == set(CATEGORIES)


def test_corpus_f1(cli):
    code, out, _ = cli("eval", str(CORPUS), "--min-f1", "0.95", "-v")
    assert code == 0, out
    assert "category   P=" in out


def test_every_error_and_warning_finding_offers_a_rewording():
    import yaml

    from claimlint.documents import parse
    from claimlint.engine import Linter
    from claimlint.ruleset import load_ruleset

    linter = Linter(load_ruleset())
    fmts = {"md": "markdown", "html": "html", "txt": "text"}
    missing = []
    for case in yaml.safe_load(CORPUS.read_text())["cases"]:
        doc = parse(case["id"], case["text"], fmts.get(case.get("format", "md"), "markdown"))
        for f in linter.lint(doc):
            if f.severity in ("error", "warning") and not f.suggestions:
                missing.append((case["id"], f.rule))
            for s in f.suggestions:
                assert "{" not in s, (case["id"], f.rule, s)  # every placeholder was filled
    assert not missing


def test_rewordings_keep_case():
    from claimlint.suggestions import match_case

    assert match_case("Proven", "studied") == "Studied"
    assert match_case("PROVEN RESULTS", "studied results") == "STUDIED RESULTS"
    assert match_case("Can Treat", "may help treat") == "May Help Treat"
    assert match_case("FDA-approved", "not FDA-approved") == "not FDA-approved"
    assert match_case("cures insomnia", "may help with insomnia") == "may help with insomnia"


def test_rewordings_follow_the_sentence_not_a_proper_noun():
    from claimlint.suggestions import fill, is_title_case

    heading = "The Conditions Ketamine Can Treat"
    assert fill("may help treat", "Can Treat", {}, is_title_case(heading)) == "May Help Treat"
    sentence = "Over 9,000 Canadians have already started their journey with us."
    assert fill("many people", "Over 9,000 Canadians", {}, is_title_case(sentence)) == "Many people"


def test_labeled_page_documents_format(cli):
    """A whole page labeled sentence by sentence: unlisted sentences must stay silent."""
    code, out, _ = cli("eval", str(CORPUS.parent / "pages.yaml"), "--min-f1", "0.95", "-v")
    assert code == 0, out
