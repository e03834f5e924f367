"""Baselines: today's findings are hidden, new ones are reported, edits are tolerated."""
from __future__ import annotations

import json

from conftest import run_claimlint

PAGE = "# Our clinic\n\nOur infusions cure depression.\n\n85% of our patients stay sober.\n"


def findings(proc):
    return json.loads(proc.stdout)["findings"]


def test_baseline_hides_old_and_reports_new(tmp_path):
    (tmp_path / "page.md").write_text(PAGE)
    proc = run_claimlint("check", "--write-baseline", "baseline.json", "page.md", cwd=tmp_path)
    assert proc.returncode == 0
    assert len(json.loads((tmp_path / "baseline.json").read_text())["findings"]) == 2

    assert run_claimlint("check", "--baseline", "baseline.json", "page.md", cwd=tmp_path).returncode == 0

    # Lines inserted above, a sentence lightly edited, and a new claim added.
    edited = ("# Our clinic\n\nWelcome.\n\nMore about us.\n\nOur ketamine infusions cure depression.\n\n"
              "85% of our patients stay sober!\n\nOur drips are completely safe.\n")
    (tmp_path / "page.md").write_text(edited)
    proc = run_claimlint("check", "--format", "json", "--baseline", "baseline.json", "page.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert [f["text"] for f in findings(proc)] == ["completely safe"]
    assert json.loads(proc.stdout)["summary"]["baselined"] == 2


def test_same_claim_twice_is_reported_once_more(tmp_path):
    (tmp_path / "page.md").write_text("Our tea cures gout.\n")
    run_claimlint("check", "--write-baseline", "b.json", "page.md", cwd=tmp_path)
    (tmp_path / "page.md").write_text("Our tea cures gout.\n\nOur tea cures gout.\n")
    proc = run_claimlint("check", "--format", "json", "--baseline", "b.json", "page.md", cwd=tmp_path)
    assert len(findings(proc)) == 1


def test_bad_baseline_is_an_error(tmp_path):
    (tmp_path / "page.md").write_text(PAGE)
    (tmp_path / "b.json").write_text("{not json")
    proc = run_claimlint("check", "--baseline", "b.json", "page.md", cwd=tmp_path)
    assert proc.returncode == 2 and "b.json: not a claimlint baseline" in proc.stderr


def test_changed_since(tmp_path):
    import subprocess

    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e"}
    git = lambda *a: subprocess.run(["git", *a], cwd=tmp_path, check=True, capture_output=True, env={**__import__("os").environ, **env})
    git("init", "-q")
    (tmp_path / "old.md").write_text("Our tea cures gout.\n")
    git("add", ".")
    git("commit", "-qm", "old")
    (tmp_path / "new.md").write_text("Our tea cures eczema.\n")
    (tmp_path / "old2.md").write_text("Our tea cures acne.\n")
    git("add", "old2.md")
    proc = run_claimlint("check", "--format", "json", "--changed-since", "HEAD", cwd=tmp_path)
    assert {f["path"] for f in findings(proc)} == {"./new.md", "./old2.md"}
    bad = run_claimlint("check", "--changed-since", "no-such-ref", cwd=tmp_path)
    assert bad.returncode == 2 and "no-such-ref" in bad.stderr
