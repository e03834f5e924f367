"""What a new user meets first, through the real CLI: defaults, ignores, rule ids,
standard input names and configuration errors."""
from __future__ import annotations

import json
import subprocess

from conftest import run_claimlint

CLAIM = "Our tea cures gout.\n"
RULE = """id: {id}
code: HT001
category: cure
severity: error
message: Claims that our tea cures a disease.
why: The house style guide forbids it.
suggestions: ["may help some people with {{condition}}"]
match:
  patterns:
    - tea [@cure-verb/s @condition]
examples:
  flag: [Our tea cures gout.]
  pass: [Our tea will not cure gout.]
"""


def paths(proc) -> set[str]:
    assert proc.returncode in (0, 1), proc.stderr
    return {f["path"] for f in json.loads(proc.stdout)["findings"]}


def test_gitignored_files_are_skipped_unless_asked(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("public/\n*.draft.md\n")
    for name in ("public/index.md", "site/a.md", "site/b.draft.md", "site/nested/public/c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(CLAIM)
    (tmp_path / "site" / ".gitignore").write_text("!b.draft.md\n")  # a deeper .gitignore re-includes it
    assert paths(run_claimlint("check", "--format", "json", cwd=tmp_path)) == {"./site/a.md", "./site/b.draft.md"}
    assert paths(run_claimlint("check", "--format", "json", "--no-respect-gitignore", cwd=tmp_path)) == {
        "./public/index.md", "./site/a.md", "./site/b.draft.md", "./site/nested/public/c.md"}
    # A folder named on the command line is linted even if git ignores it.
    assert paths(run_claimlint("check", "--format", "json", "public", cwd=tmp_path)) == {"public/index.md"}
    (tmp_path / ".claimlint.yaml").write_text("respect-gitignore: false\n")
    assert "./public/index.md" in paths(run_claimlint("check", "--format", "json", cwd=tmp_path))


def test_exclude_globs_are_gitignore_style(tmp_path):
    (tmp_path / ".claimlint.yaml").write_text('exclude: ["legal/*.md", "/top.md", "archive"]\n')
    for name in ("legal/a.md", "legal/old/b.md", "top.md", "sub/top.md", "x/archive/c.md", "d.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(CLAIM)
    # `*` does not cross `/`, a leading `/` anchors, a bare name matches at any depth.
    assert paths(run_claimlint("check", "--format", "json", ".", cwd=tmp_path)) == {
        "./legal/old/b.md", "./sub/top.md", "./d.md"}


def test_a_user_rule_may_not_take_a_built_in_rules_id(tmp_path):
    (tmp_path / "mine.yaml").write_text(RULE.format(id="cure-claim"))
    (tmp_path / "page.md").write_text(CLAIM)
    proc = run_claimlint("check", "--rules", "mine.yaml", "page.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert "mine.yaml:1:5: rule id 'cure-claim' is already a built-in rule" in proc.stderr
    assert "add 'cure-claim' to `ignore`" in proc.stderr and "Traceback" not in proc.stderr
    # Without the built-in rules there is nothing to clash with.
    assert run_claimlint("check", "--no-builtin-rules", "--rules", "mine.yaml", "page.md", cwd=tmp_path).returncode == 1


def test_rules_test_takes_the_users_rule_file(tmp_path):
    (tmp_path / "mine.yaml").write_text(RULE.format(id="tea-cure"))
    proc = run_claimlint("rules", "test", "--rules", "mine.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().endswith("2 passed, 0 failed")  # only the user's rule: one flag, one pass
    (tmp_path / "mine.yaml").write_text(RULE.format(id="tea-cure").replace("pass: [Our tea will not cure gout.]",
                                                                          "pass: [Our tea cures gout.]"))
    proc = run_claimlint("rules", "test", "--rules", "mine.yaml", cwd=tmp_path)
    assert proc.returncode == 1 and "FAIL" in proc.stdout and "1 passed, 1 failed" in proc.stdout


def test_stdin_filename_names_the_input_and_picks_its_format(tmp_path):
    proc = run_claimlint("check", "--format", "json", "--stdin-filename", "blog/post.html", cwd=tmp_path,
                         input="<p>Our tea <b>cures gout</b>.</p>\n")
    data = json.loads(proc.stdout)
    assert [f["path"] for f in data["findings"]] == ["blog/post.html"]
    assert (data["findings"][0]["line"], data["findings"][0]["column"]) == (1, 15)  # HTML positions: read as HTML
    (tmp_path / ".claimlint.yaml").write_text("exclude: [drafts/]\n")
    excluded = run_claimlint("check", "--force-exclude", "--stdin-filename", "drafts/a.md", "-", cwd=tmp_path, input=CLAIM)
    assert excluded.returncode == 0 and "0 findings" in excluded.stdout


def test_configuration_errors_point_at_the_misspelt_item(tmp_path):
    (tmp_path / "a.md").write_text(CLAIM)
    cases = {
        "selct: [cure]\n": ":1: unknown setting 'selct'; did you mean 'select'?",
        "select:\n  - cure\n  - sefety\n": ":3: unknown rule or category 'sefety'; did you mean 'safety'?",
        "severity:\n  cure: warning\n  prooof: error\n": ":3: unknown rule or category 'prooof'; did you mean 'proof'?",
        "severity:\n  cure: warnin\n": ":2: severity of 'cure' must be one of error, warning, info, off, not 'warnin'; "
                                      "did you mean 'warning'?",
        "severity:\n\tcure: warning\n": ":2:1: invalid YAML: a tab character, which YAML does not allow for indentation",
    }
    for text, expected in cases.items():
        (tmp_path / ".claimlint.yaml").write_text(text)
        proc = run_claimlint("check", "a.md", cwd=tmp_path)
        assert proc.returncode == 2 and f".claimlint.yaml{expected}" in proc.stderr, (text, proc.stderr)
    (tmp_path / ".claimlint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.claimlint.severity]\ncure = "warning"\nprooof = "error"\n')
    proc = run_claimlint("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "pyproject.toml:3: unknown rule or category 'prooof'" in proc.stderr
