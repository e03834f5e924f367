"""A user lexicon of hundreds of thousands of terms must load in seconds, not minutes.

What made a 300,000-term lexicon take minutes was per-term work repeated per use:
spaCy tokenising every variant of every phrase, and the prefilter rescanning the
lexicon's whole key set for every pattern that uses it. These tests pin both fixes
without timing anything (benchmarks/lexicon.py prints the figures).
"""
from __future__ import annotations

import json
import random

from conftest import run_claimlint

from claimlint import nlp

SYLLABLES = ["ka", "to", "ri", "mel", "on", "ba", "sur", "lin", "dex", "pra", "vo", "quin", "te", "zar"]


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def _phrases(n: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = set()
    while len(out) < n:
        ws = _words(rng, rng.choice([1, 2, 3]))
        out.add(" ".join(ws) if rng.random() < 0.7 else "-".join(ws))
    return sorted(out)


class _CountingPipeline:
    """Stands in for the spaCy pipeline and counts calls to its tokenizer."""

    def __init__(self, real) -> None:
        self.real, self.calls = real, 0
        outer = self

        class Tokenizer:
            rules = real.tokenizer.rules

            def __call__(self, text):
                outer.calls += 1
                return real.tokenizer(text)

        self.tokenizer = Tokenizer()


def test_plain_and_hyphenated_phrases_are_split_without_spacy_and_as_spacy_splits_them(monkeypatch):
    real = nlp.pipeline()
    phrases = _phrases(3000) + ["well-being", "Self-Esteem", "anti-aging cream", "x-ray", "non-drowsy"]
    expected = {p: [nlp.norm(t) for t in real.tokenizer(p) if not t.is_space and t.text != "-"] for p in phrases}
    counting = _CountingPipeline(real)
    monkeypatch.setattr(nlp, "pipeline", lambda: counting)
    nlp._tokenize_cached.cache_clear()
    try:
        got = {p: nlp.tokenize_phrase(p) for p in phrases}
    finally:
        nlp._tokenize_cached.cache_clear()
    assert got == expected
    assert counting.calls == 0  # before: one spaCy call per hyphenated phrase


def test_a_lexicons_prefilter_keys_are_analysed_once_for_all_patterns_that_use_it():
    from claimlint.patterns.lexicons import LexiconData
    from claimlint.patterns.requirements import pattern_requirements
    from claimlint.patterns.syntax import parse_pattern

    lex = {"thing": LexiconData("thing", [(p, {}) for p in _phrases(2000)], "none")}
    first = pattern_requirements(parse_pattern("cures @thing"), lex)
    second = pattern_requirements(parse_pattern("heals @thing fast"), lex)
    shared = [r for r in first[0] if len(r[3]) > 1000]
    assert shared and any(r is s for r in shared for s in second[0])  # the same object, not a rescan


def test_a_large_user_lexicon_matches_through_the_cli(tmp_path):
    terms = _phrases(20000, seed=11)
    target = next(t for t in terms if "-" in t and t.count("-") == 1)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "ailments.yaml").write_text(
        "lexicon: ailment\ninflect: none\nterms:\n" + "".join(f"  - {t}\n" for t in terms), encoding="utf-8")
    (tmp_path / "rules" / "ailment-cure.yaml").write_text(f"""\
id: ailment-cure
code: HL901
category: cure
severity: error
message: Claims to cure an ailment from the house list.
why: A cure claim needs proof the advertiser does not have.
suggestions:
  - may ease some symptoms
match:
  patterns:
    - "=cures @ailment"
examples:
  flag:
    - This tonic cures {target}.
  pass:
    - This tonic is sold in glass bottles.
""", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(f"Our tonic cures {target} overnight.\n\nWe ship on Mondays.\n", encoding="utf-8")
    proc = run_claimlint("check", "--no-cache", "--format", "json", "--rules", str(tmp_path / "rules"), str(page))
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)["findings"]
    assert any(f["rule"] == "ailment-cure" and target in f["text"] for f in found), proc.stdout


def test_a_lexicons_key_set_gates_its_patterns_as_one_set_not_one_entry_per_term():
    """Filing each pattern under each of a lexicon's words cost millions of objects (and their
    pickling) for a 300,000-term lexicon; the gate holds the shared key set once, and a
    sentence still reaches exactly the patterns whose words it has."""
    from claimlint.patterns.index import PatternIndex
    from claimlint.patterns.lexicons import LexiconData, LexiconSet
    from claimlint.patterns.matcher import CompiledPattern
    from claimlint.patterns.requirements import pattern_requirements
    from claimlint.patterns.syntax import parse_pattern
    from claimlint.patterns.tokens import TokenView

    terms = [p for p in _phrases(3000, seed=3) if "-" not in p]
    data = {"thing": LexiconData("thing", [(p, {}) for p in terms], "none")}
    lexicons = LexiconSet(data, nlp.tokenize_phrase)
    sources = ["@thing", "the @thing", "@thing is"]  # the lexicon is each one's most selective need
    patterns = [CompiledPattern(s, nlp.tokenize_phrase, lexicons, parse_pattern(s),
                                pattern_requirements(parse_pattern(s), data)) for s in sources]
    index = PatternIndex(list(zip(sources, patterns)))
    assert sum(len(v) for v in index.gate_words.values()) < 10  # before: one entry per term per pattern
    assert len(index.gate_sets) == 1

    def found(sentence: str) -> set[str]:
        norms = nlp.tokenize_phrase(sentence)
        view = TokenView(norms, [False] * len(norms), [False] * len(norms), lexicons)
        return {m.key for m in index.find(view, 0, len(norms))}

    term = terms[len(terms) // 2]
    assert found(f"the {term} is") == set(sources)
    assert found(f"a {term} was") == {"@thing"}
    assert found("the weather is fine") == set()
