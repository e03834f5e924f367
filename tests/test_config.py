"""Configuration: found by walking up, in YAML or pyproject.toml, with clear errors."""
from __future__ import annotations

import json

from conftest import run_claimlint

CLAIM = "Our tincture cures insomnia and is completely safe. Studies show it works.\n"


def categories(proc):
    return {f["category"] for f in json.loads(proc.stdout)["findings"]}


def test_claimlint_yaml_found_by_walking_up(tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("ignore: [safety]\nseverity:\n  vague-source: error\n")
    sub = tmp_path / "site" / "blog"
    sub.mkdir(parents=True)
    (sub / "a.md").write_text(CLAIM)
    proc = run_claimlint("check", "--format", "json", "a.md", cwd=sub)
    assert categories(proc) == {"cure", "vague-source"}
    assert {f["severity"] for f in json.loads(proc.stdout)["findings"] if f["category"] == "vague-source"} == {"error"}


def test_pyproject_tool_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "site"\n\n[tool.claimlint]\nselect = ["cure"]\n')
    (tmp_path / "a.md").write_text(CLAIM)
    assert categories(run_claimlint("check", "--format", "json", "a.md", cwd=tmp_path)) == {"cure"}


def test_exclude_globs_and_force_exclude(tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("exclude: [drafts/, '*.draft.md']\n")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text(CLAIM)
    (tmp_path / "b.draft.md").write_text(CLAIM)
    (tmp_path / "c.md").write_text(CLAIM)
    data = json.loads(run_claimlint("check", "--format", "json", ".", cwd=tmp_path).stdout)
    assert {f["path"] for f in data["findings"]} == {"./c.md"}
    # Named explicitly, an excluded file is linted, unless --force-exclude (as pre-commit passes files).
    assert run_claimlint("check", "drafts/a.md", cwd=tmp_path).returncode == 1
    assert run_claimlint("check", "--force-exclude", "drafts/a.md", cwd=tmp_path).returncode == 0


def test_extra_rules_path_relative_to_config(tmp_path):
    (tmp_path / "house-rules").mkdir()
    (tmp_path / "house-rules" / "brand.yaml").write_text(
        "id: brand-promise\ncode: HB001\ncategory: guarantee\nseverity: warning\nmessage: House style.\n"
        "why: Legal asked.\nsuggestions: [may help]\nmatch:\n  patterns: [sure-fire]\n"
        "examples:\n  flag: [A sure-fire remedy.]\n  pass: [A remedy.]\n")
    (tmp_path / ".claimlint.yaml").write_text("rules: [house-rules]\nselect: [brand-promise]\n")
    (tmp_path / "a.md").write_text("A sure-fire remedy.\n")
    data = json.loads(run_claimlint("check", "--format", "json", "a.md", cwd=tmp_path).stdout)
    assert [f["rule"] for f in data["findings"]] == ["brand-promise"]


def test_fail_on_from_config(tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("fail-on: error\n")
    (tmp_path / "a.md").write_text("Studies show it helps.\n")
    assert run_claimlint("check", "a.md", cwd=tmp_path).returncode == 0


def test_bad_configuration_names_file_and_line(tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("select: [cure]\nfail_on: always\n")
    (tmp_path / "a.md").write_text(CLAIM)
    proc = run_claimlint("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2
    assert ".claimlint.yaml:2: 'fail-on' must be error, warning or info" in proc.stderr


def test_unknown_setting(tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("selectt: [cure]\n")
    (tmp_path / "a.md").write_text(CLAIM)
    proc = run_claimlint("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and ".claimlint.yaml:1: unknown setting 'selectt'" in proc.stderr


def test_explicit_config_option(tmp_path):
    cfg = tmp_path / "strict.yaml"
    cfg.write_text("select: [safety]\n")
    (tmp_path / "a.md").write_text(CLAIM)
    proc = run_claimlint("check", "--format", "json", "--config", str(cfg), "a.md", cwd=tmp_path)
    assert categories(proc) == {"safety"}
