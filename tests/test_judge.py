"""The judging pipeline's own promises: each pattern parsed once, citation examples run."""
from __future__ import annotations

import textwrap

from conftest import run_claimlint

RULE = """\
id: tea-claim
code: XT001
category: unsourced-stat
severity: error
message: A statistic without a source.
why: Because regulators say so.
suggestions: ["many of our customers"]
match:
  patterns:
    - "#num % of (customers|users)"
examples:
  flag: ["85 % of customers love it."]
  pass: ["Our tea is tasty."]
"""

CITATIONS = """\
citations:
  - name: tea journal
    regex: 'Tea Journal \\d{4}'
    examples: ["Tea Journal 2021", "EXAMPLE"]
"""


def _rules(tmp_path, example: str):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "rule.yaml").write_text(RULE)
    (folder / "citations.yaml").write_text(CITATIONS.replace("EXAMPLE", example))
    return folder


def test_rules_test_runs_the_citation_examples(tmp_path):
    folder = _rules(tmp_path, "the Tea Journal 1999 says")
    proc = run_claimlint("rules", "test", "--rules", str(folder), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "4 passed, 0 failed"  # two rule examples, two citation examples


def test_a_citation_example_its_regex_misses_fails(tmp_path):
    folder = _rules(tmp_path, "a tea journal from last year")
    proc = run_claimlint("rules", "test", "--rules", str(folder), cwd=tmp_path)
    assert proc.returncode == 1
    fail = [line for line in proc.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fail) == 1 and "citations.yaml:4" in fail[0] and "'tea journal'" in fail[0], proc.stdout
    assert "a tea journal from last year" in fail[0]


def test_each_pattern_is_parsed_once(monkeypatch):
    """Loading parses each pattern a rule file writes; compiling and the prefilter reuse that parse."""
    from collections import Counter

    import claimlint.patterns.syntax as syntax
    import claimlint.ruleset.loader as loader
    from claimlint import cache
    from claimlint.engine import Linter
    from claimlint.patterns.syntax import parse_pattern

    calls: Counter = Counter()

    def counting(source):
        calls[source] += 1
        return parse_pattern(source)

    # The loader and the matcher both import parse_pattern from the syntax module when they parse.
    monkeypatch.setattr(syntax, "parse_pattern", counting)
    monkeypatch.setenv("CLAIMLINT_NO_CACHE", "1")  # build everything here, from the files
    assert not cache.enabled()
    ruleset = loader.load_ruleset()
    written = Counter()
    for rule in ruleset.rules:
        for spec in rule.patterns + rule.requires + rule.unless + rule.unless_sentence + rule.unless_lead_in:
            written[spec.source] += 1
    for m in ruleset.modifiers:
        for spec in m.patterns:
            written[spec.source] += 1
    s = ruleset.strength
    for spec in s.causal + s.weak_causal + s.association + s.correlational + s.conditional_only + s.not_causal \
            + s.not_claim + s.study + s.hedges + s.not_correlational:
        written[spec.source] += 1
    assert calls == written
    linter = Linter(ruleset)
    _ = linter.compiled
    _ = linter.strength
    extra = {source: n for source, n in calls.items() if n != written.get(source)}
    from claimlint.judge.constraints import MEASURE_PATTERNS

    assert set(extra) <= set(MEASURE_PATTERNS), extra  # built-in patterns no rule file writes: parsed on compiling
    assert all(n == 1 for n in extra.values())


def _imported(tmp_path, text: str) -> tuple[int, set[str]]:
    """Exit code, and the modules `claimlint check` imported on a page (python -X importtime)."""
    import subprocess
    import sys

    (tmp_path / "page.md").write_text(text, encoding="utf-8")
    # Measured with the rule caches warm, as every run after a machine's first is (building
    # them may load more); --no-cache so the page is judged, not read from the findings cache.
    subprocess.run([sys.executable, "-m", "claimlint", "check", "page.md"], cwd=tmp_path, capture_output=True)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "claimlint", "check", "--no-cache", "page.md"],
                          cwd=tmp_path, capture_output=True, text=True)
    modules = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    return proc.returncode, modules


# Ordinary words that used to let a page through: "is" (taken for the pattern word "I"), "second"
# ("second to none"), "next", "free".
CLEAN = """\
# Visiting the clinic

The clinic is the second building on the left, next to the free car park. Is it open? It is, from nine to five.

Bring a photo ID. A nurse meets each visitor at the door; parking is free of charge.
"""


def test_a_page_that_cannot_match_never_imports_spacy(tmp_path):
    code, modules = _imported(tmp_path, CLEAN)
    assert code == 0
    assert "claimlint.cli" in modules  # importtime did report the run's imports
    assert not {m for m in modules if m == "spacy" or m.startswith("spacy.")}
    assert "claimlint.tokenizer" not in modules  # nothing was tokenised at all


def test_a_page_with_a_claim_is_tokenised_without_spacy(tmp_path):
    code, modules = _imported(tmp_path, CLEAN + "\nOur tea cures anxiety.\n")
    assert code == 1
    assert "claimlint.tokenizer" in modules  # the page was tokenised (claimlint's own tokenizer)
    assert not {m for m in modules if m == "spacy" or m.startswith("spacy.")}


def test_no_cache_skips_only_the_findings_cache(tmp_path):
    (tmp_path / "page.md").write_text("Our tea cures anxiety.\n", encoding="utf-8")
    env = {"CLAIMLINT_CACHE_DIR": str(tmp_path / "cache"), "CLAIMLINT_CACHE_KEY_DIR": str(tmp_path / "keys")}

    def kinds():
        return {k.name for k in (tmp_path / "cache").iterdir() if any(k.rglob("*"))} if (tmp_path / "cache").exists() else set()

    proc = run_claimlint("check", "--no-cache", "page.md", cwd=tmp_path, env=env)
    assert proc.returncode == 1, proc.stderr
    assert kinds() == {"rulesets", "compiled", "regexes"}
    proc = run_claimlint("check", "page.md", cwd=tmp_path, env=env)
    assert proc.returncode == 1, proc.stderr
    assert kinds() == {"rulesets", "compiled", "regexes", "findings"}
