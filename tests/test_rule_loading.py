"""Malformed rule files are rejected with the file, the line and the problem (exit 2)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import run_claimlint

GOOD = """\
id: tea-claim
code: XT001
category: cure
severity: error
message: Claims tea cures things.
why: Because regulators say so.
suggestions: ["may help some people with {condition}"]
match:
  patterns:
    - (cures|heals) @condition
examples:
  flag: ["Our tea cures gout."]
  pass: ["Our tea is tasty."]
"""


def write(tmp_path, text, name="rule.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


def run_with(tmp_path, rule_path):
    (tmp_path / "page.md").write_text("Our tea cures gout.\n")
    return run_claimlint("check", "--rules", str(rule_path), "page.md", cwd=tmp_path)


def test_a_valid_user_rule_is_used_with_the_shipped_lexicons(tmp_path):
    rule = write(tmp_path, GOOD)
    (tmp_path / "page.md").write_text("Our tea cures gout.\n")
    proc = run_claimlint("check", "--format", "json", "--no-builtin-rules", "--rules", str(rule), "page.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert {f["rule"] for f in __import__("json").loads(proc.stdout)["findings"]} == {"tea-claim"}


@pytest.mark.parametrize("mutate,line,message", [
    (lambda s: s.replace("category: cure", "category: cures"), 3, "'cures' is not one of"),
    (lambda s: s.replace("severity: error", "severity: fatal"), 4, "'fatal' is not one of"),
    (lambda s: s + "colour: red\n", 14, "unknown key 'colour'"),
    (lambda s: s.replace("suggestions:", "sugestions:"), 7, "unknown key 'sugestions'; did you mean 'suggestions'?"),
    (lambda s: s.replace("    - (cures|heals) @condition", "\t- (cures|heals) @condition"), 10,
     "a tab character, which YAML does not allow for indentation: indent with spaces"),
    (lambda s: s.replace("    - (cures|heals) @condition", "    - (cures|heals @condition"), 10, "unbalanced parentheses"),
    (lambda s: s.replace("@condition", "@conditions"), 10, "unknown lexicon @conditions"),
    (lambda s: s.replace("id: tea-claim", "id: Tea Claim"), 1, "does not match"),
    (lambda s: s.replace("message: Claims tea cures things.", "message: [a, b]"), 5, "is not of type 'string'"),
    (lambda s: s.replace("suggestions: [\"may help some people with {condition}\"]", "suggestions: [\"may help {product}\"]"),
     7, "uses {product}, which no pattern of this rule captures"),
    (lambda s: s.replace("  pass: [\"Our tea is tasty.\"]\n", ""), 11, "'pass' is a required property"),
    (lambda s: s.replace("category: cure\n", "category: cure\ncategory: proof\n"), 4, "duplicate key 'category'"),
    (lambda s: s + "  - bad: [\n", 14, "invalid YAML"),
])
def test_malformed_rule_names_file_line_and_problem(tmp_path, mutate, line, message):
    rule = write(tmp_path, mutate(GOOD))
    proc = run_with(tmp_path, rule)
    assert proc.returncode == 2
    assert f"{rule}:{line}:" in proc.stderr, proc.stderr
    assert message in proc.stderr, proc.stderr


@pytest.mark.parametrize("regex,reason", [(r"(a)\1", "backreferences"), (r"(?=a)b", "lookahead"),
                                         (r"(?<!a)b", "lookbehind"), (r"a{5000}", "above {1000}")])
def test_regex_the_linear_time_engine_cannot_run_is_rejected_at_load(tmp_path, regex, reason):
    rule = write(tmp_path, GOOD.replace("  patterns:\n    - (cures|heals) @condition\n", f"  regex:\n    - '{regex}'\n")
                 .replace("{condition}", "it"))
    proc = run_with(tmp_path, rule)
    assert proc.returncode == 2
    assert f"{rule}:10:" in proc.stderr and reason in proc.stderr, proc.stderr


def test_error_or_warning_rule_needs_a_rewording(tmp_path):
    rule = write(tmp_path, GOOD.replace('suggestions: ["may help some people with {condition}"]\n', ""))
    proc = run_with(tmp_path, rule)
    assert proc.returncode == 2 and "needs at least one suggested rewording" in proc.stderr


def test_every_problem_is_listed(tmp_path):
    d = tmp_path / "rules"
    d.mkdir()
    write(d, GOOD.replace("category: cure", "category: nope"), "a.yaml")
    write(d, GOOD.replace("code: XT001", "code: XT002").replace("id: tea-claim", "id: tea-b").replace("@condition", "@nothing"), "b.yaml")
    proc = run_with(tmp_path, d)
    assert proc.returncode == 2
    assert "a.yaml:3:" in proc.stderr and "b.yaml:10:" in proc.stderr


def test_empty_and_unknown_kind_files(tmp_path):
    d = tmp_path / "rules"
    d.mkdir()
    write(d, "", "empty.yaml")
    write(d, "hello: world\n", "other.yaml")
    proc = run_with(tmp_path, d)
    assert "empty.yaml:1:1: empty rule file" in proc.stderr
    assert "other.yaml:1:1: unknown file kind" in proc.stderr


def test_rule_file_cannot_run_code(tmp_path):
    rule = write(tmp_path, GOOD + "extra: !!python/object/apply:os.system ['echo pwned']\n")
    proc = run_with(tmp_path, rule)
    assert proc.returncode == 2
    assert "pwned" not in proc.stdout
    assert f"{rule}:" in proc.stderr


def test_user_rule_examples_run_with_rules_test(tmp_path):
    rule = write(tmp_path, GOOD.replace('pass: ["Our tea is tasty."]', 'pass: ["Our tea cures gout."]'))
    proc = run_claimlint("rules", "--rules", str(rule), "test", "tea-claim")
    assert proc.returncode == 1
    assert "should not flag 'cures gout'" in proc.stdout


def test_the_readme_example_rule_loads_and_passes_its_examples(tmp_path):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme.split("## Writing rules", 1)[1]
    rule_yaml = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    path = tmp_path / "tea.yaml"
    path.write_text(rule_yaml)
    proc = run_claimlint("rules", "--rules", str(path), "test", "tea-cure-claim")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("5 passed, 0 failed")


def test_blocks_and_unless_lead_in_restrict_where_a_rule_applies(tmp_path):
    """A rule limited to list items flags a list item, not the same words in a paragraph,
    and not under a lead-in its `unless_lead_in` names; an unknown block kind is exit 2."""
    rule = write(tmp_path, GOOD.replace("  patterns:\n", "  blocks: [list_item]\n  unless_lead_in: [symptoms]\n  patterns:\n")
                 .replace('flag: ["Our tea cures gout."]', 'flag: ["- Our tea cures gout."]'))
    (tmp_path / "page.md").write_text(
        "Our tea cures gout.\n\nBenefits:\n\n- Our tea cures gout.\n\nSymptoms people describe:\n\n- The tea cures gout.\n")
    proc = run_claimlint("check", "--no-builtin-rules", "--rules", str(rule), "--format", "json", "page.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    import json

    lines = [f["line"] for f in json.loads(proc.stdout)["findings"]]
    assert lines == [5]
    bad = write(tmp_path, GOOD.replace("  patterns:\n", "  blocks: [sidebar]\n  patterns:\n"), name="bad.yaml")
    proc = run_with(tmp_path, bad)
    assert proc.returncode == 2 and "match/blocks/0" in proc.stderr and "sidebar" in proc.stderr


def test_a_lexicon_that_extends_a_shipped_one_cannot_change_its_inflection(tmp_path):
    """An extension's terms are inflected as the shipped lexicon's are; an `inflect:` that says
    otherwise used to be ignored without a word, so it is an error naming file and line."""
    (tmp_path / "page.md").write_text("Our tea cures gout.\n")
    lex = write(tmp_path, "lexicon: condition\ninflect: none\nterms:\n  - moon fever\n", name="extra.yaml")
    proc = run_claimlint("check", "--rules", str(lex), "page.md", cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"{lex}:2:" in proc.stderr and "'condition'" in proc.stderr and "inflect" in proc.stderr
    same = write(tmp_path, "lexicon: condition\nterms:\n  - moon fever\n", name="same.yaml")
    (tmp_path / "page.md").write_text("Our tea cures moon fevers.\n")
    proc = run_claimlint("check", "--format", "json", "--rules", str(same), "page.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "moon fevers" in proc.stdout


def test_two_rules_with_the_same_pattern_each_get_its_matches(tmp_path):
    """A project rule may reuse another rule's pattern with other limits. Each rule gets the
    match: before, only the first rule holding the pattern did, and when its limits dropped
    the hit (here: list items only) the second rule's finding was lost."""
    folder = tmp_path / "rules"
    folder.mkdir()
    write(folder, GOOD.replace("  patterns:\n", "  blocks: [list_item]\n  patterns:\n")
          .replace('flag: ["Our tea cures gout."]', 'flag: ["- Our tea cures gout."]'), name="a.yaml")
    write(folder, GOOD.replace("id: tea-claim", "id: tea-claim-anywhere").replace("XT001", "XT002"), name="b.yaml")
    (tmp_path / "page.md").write_text("Our tea cures gout.\n\n- Our tea cures gout.\n")
    proc = run_claimlint("check", "--no-builtin-rules", "--rules", str(folder), "--format", "json", "page.md",
                         cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    import json

    found = sorted((f["line"], f["rule"]) for f in json.loads(proc.stdout)["findings"])
    assert (1, "tea-claim-anywhere") in found and (3, "tea-claim") in found, found


def test_rule_files_are_found_and_resolved_as_rglob_and_resolve_find_them(tmp_path):
    """The walk that lists a folder's rule files (os.scandir, resolved from the folder's real
    path) gives what sorted(rglob) and Path.resolve give: hidden files, names that only look
    like a suffix, folders named like rule files, links to files and to folders."""
    import os

    from claimlint.ruleset.loader import _rule_files_resolved

    real = tmp_path / "real"
    for rel in ("b.yaml", "a.yml", "a-b/c.yaml", "a/c.yaml", "a/z/.hidden.yaml", ".yaml", "..yaml", "x.YAML",
                "notes.txt", "deep/er/one.yml", "f.yaml/inside.yaml"):
        (real / rel).parent.mkdir(parents=True, exist_ok=True)
        (real / rel).write_text("kind: lexicons\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.yaml").write_text("kind: lexicons\n")
    os.symlink(elsewhere / "linked.yaml", real / "link.yaml")
    os.symlink(elsewhere, real / "linked-folder")
    os.symlink(tmp_path / "gone.yaml", real / "dangling.yaml")
    (tmp_path / "via").symlink_to(real)
    for root in (real, tmp_path / "via", Path(os.path.relpath(real))):
        found = _rule_files_resolved(root)
        expected = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        assert [p for p, _ in found] == expected
        assert [str(p) for p in expected][0].endswith("..yaml")
        for p, resolved in found:
            assert resolved is None or resolved == str(p.resolve())
        assert [r for p, r in found if p.name == "link.yaml"] == [None]
