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
