"""Inline suppressions: next line, same line, blocks, reasons, unused and unknown ones."""
from __future__ import annotations

import json

import pytest

from conftest import run_claimlint

DOC = """<!-- claimlint-disable-next-line cure -- approved by legal, ticket 42 -->
Our tea cures gout.

Our tea cures eczema. <!-- claimlint-disable-line CL001 -- quoting the complaint -->

<!-- claimlint-disable safety -- this page quotes regulator warnings -->
"It is completely safe," the seller wrote.
It is totally harmless.
<!-- claimlint-enable safety -->
It is completely safe.

<!-- claimlint-disable-next-line proof -->
Plain sentence.

<!-- claimlint-disable-next-line curez -->
Our tea cures acne.

```
<!-- claimlint-disable -->
```
Our tea cures psoriasis.
"""


@pytest.fixture
def result(cli, tmp_path):
    (tmp_path / "p.md").write_text(DOC)
    return json.loads(cli("check", "--format", "json", str(tmp_path / "p.md"))[1])


def test_suppressed_findings_are_gone(result):
    texts = {f["text"] for f in result["findings"]}
    assert "cures gout" not in texts and "cures eczema" not in texts
    assert "totally harmless" not in texts
    assert "completely safe" in texts  # after the block ends
    assert "cures acne" in texts  # an unknown name suppresses nothing
    assert "cures psoriasis" in texts  # a comment inside a code block is not a suppression


def test_suppressions_are_reported_with_reasons(result):
    sups = {s["line"]: s for s in result["suppressions"]}
    assert sups[1]["reason"] == "approved by legal, ticket 42" and sups[1]["used"] == 1
    assert sups[6]["kind"] == "block" and sups[6]["used"] == 2
    assert "suppresses nothing" in sups[12]["problems"]
    assert "unknown rule or category 'curez'" in sups[15]["problems"]


def test_require_reason(tmp_path):
    (tmp_path / "p.md").write_text("<!-- claimlint-disable-next-line -->\nOur tea cures gout.\n")
    proc = run_claimlint("check", "--require-reason", "p.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert "has no reason (--require-reason)" in proc.stdout
    assert run_claimlint("check", "p.md", cwd=tmp_path).returncode == 0


def test_html_and_text_suppressions(cli, tmp_path):
    (tmp_path / "p.html").write_text("<!-- claimlint-disable-next-line -- ok -->\n<p>Our tea cures gout.</p>\n")
    (tmp_path / "p.txt").write_text("Our tea cures gout. <!-- claimlint-disable-line cure -- quoted -->\n")
    data = json.loads(cli("check", "--format", "json", str(tmp_path / "p.html"), str(tmp_path / "p.txt"))[1])
    assert data["findings"] == []


def test_mdx_comments_suppress_and_code_does_not(tmp_path):
    (tmp_path / "p.mdx").write_text(
        "import X from './x'\n\nOur tea cures gout. {/* claimlint-disable-line cure -- quoting the complaint */}\n\n"
        "```\n{/* claimlint-disable */}\n```\nOur tea cures acne.\n")
    proc = run_claimlint("check", "--format", "json", "p.mdx", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert [f["text"] for f in data["findings"]] == ["cures acne"]
    assert data["suppressions"][0]["reason"] == "quoting the complaint" and data["suppressions"][0]["used"] == 1


def test_the_quick_fix_placeholder_is_not_a_reason(tmp_path):
    from claimlint.suppressions import PLACEHOLDER_REASON, comment

    line = comment("markdown", "disable-line", ["cure-claim"])
    assert line == f"<!-- claimlint-disable-line cure-claim -- {PLACEHOLDER_REASON} -->"
    (tmp_path / "p.md").write_text(f"Our tea cures gout. {line}\n")
    data = json.loads(run_claimlint("check", "--format", "json", "p.md", cwd=tmp_path).stdout)
    assert data["findings"] == [] and "placeholder" in data["suppressions"][0]["problems"][0]
    proc = run_claimlint("check", "--require-reason", "--format", "json", "p.md", cwd=tmp_path)
    assert [f["text"] for f in json.loads(proc.stdout)["findings"]] == ["cures gout"]
