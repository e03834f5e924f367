"""The `check` command's contract: exit codes, JSON shape, selection, stdin, errors."""
from __future__ import annotations

import json
import os

import pytest

from conftest import run_claimlint

CLAIM = "Our tincture cures insomnia and is completely safe.\n"
CLEAN = "Our clinic is open Monday to Friday. Parking is free.\n"


def test_findings_exit_1_with_contract_json(tmp_path):
    (tmp_path / "page.md").write_text(CLAIM)
    proc = run_claimlint("check", "--format", "json", "page.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["version"] == 1
    f = data["findings"][0]
    for key in ("path", "line", "column", "end_line", "end_column", "rule", "category", "severity",
                "message", "text", "suggestions"):
        assert key in f
    assert f["path"] == "page.md"
    assert data["summary"] == {"files": 1, "findings": 2, "error": 2, "warning": 0, "info": 0}


def test_clean_page_exits_0(tmp_path):
    (tmp_path / "clean.md").write_text(CLEAN)
    proc = run_claimlint("check", "clean.md", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "0 findings" in proc.stdout


def test_text_output_names_position_rule_and_rewording(cli, tmp_path):
    (tmp_path / "page.md").write_text(CLAIM)
    code, out, _ = cli("check", str(tmp_path / "page.md"))
    assert code == 1
    assert f"{tmp_path / 'page.md'}:1:14: error cure-claim [CL001]" in out
    assert "suggestion: may help ease symptoms of insomnia for some people" in out


def test_directory_is_recursed_and_paths_kept_as_found(cli, tmp_path):
    (tmp_path / "site" / "blog").mkdir(parents=True)
    (tmp_path / "site" / "blog" / "a.md").write_text(CLAIM)
    (tmp_path / "site" / "b.html").write_text(f"<p>{CLEAN}</p>")
    (tmp_path / "site" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "site" / "node_modules").mkdir()
    (tmp_path / "site" / "node_modules" / "c.md").write_text(CLAIM)
    code, out, err = cli("check", "--format", "json", str(tmp_path / "site"))
    data = json.loads(out)
    assert data["summary"]["files"] == 2
    assert {f["path"] for f in data["findings"]} == {str(tmp_path / "site" / "blog" / "a.md")}


def test_stdin(tmp_path):
    proc = run_claimlint("check", "--format", "json", "-", cwd=tmp_path, input=CLAIM)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert {f["path"] for f in data["findings"]} == {"-"}


@pytest.mark.parametrize("args,expected", [
    (("--select", "cure"), {"cure"}),
    (("--select", "CL030"), {"safety"}),
    (("--ignore", "cure-claim"), {"safety"}),
    (("--ignore", "cure,safety"), set()),
])
def test_select_and_ignore(cli, tmp_path, args, expected):
    (tmp_path / "page.md").write_text(CLAIM)
    code, out, _ = cli("check", "--format", "json", *args, str(tmp_path / "page.md"))
    assert {f["category"] for f in json.loads(out)["findings"]} == expected


def test_unknown_selection_is_a_usage_error(cli, tmp_path):
    (tmp_path / "page.md").write_text(CLAIM)
    code, _, err = cli("check", "--select", "cures", str(tmp_path / "page.md"))
    assert code == 2
    assert "unknown rule or category 'cures'" in err and "did you mean 'cure'" in err


@pytest.mark.parametrize("fail_on,text,code", [
    ("error", "Studies show it helps.\n", 0),       # a warning does not fail at --fail-on error
    ("warning", "Studies show it helps.\n", 1),
    ("warning", "Acupuncture treats insomnia.\n", 0),  # info
    ("info", "Acupuncture treats insomnia.\n", 1),
])
def test_fail_on(cli, tmp_path, fail_on, text, code):
    (tmp_path / "page.md").write_text(text)
    assert cli("check", "--fail-on", fail_on, str(tmp_path / "page.md"))[0] == code


def test_exit_zero(cli, tmp_path):
    (tmp_path / "page.md").write_text(CLAIM)
    assert cli("check", "--exit-zero", str(tmp_path / "page.md"))[0] == 0


def test_unreadable_and_undecodable_files_are_reported_and_the_rest_checked(cli, tmp_path):
    (tmp_path / "good.md").write_text(CLAIM)
    (tmp_path / "latin1.md").write_bytes("caf\xe9 cures gout".encode("latin-1"))
    code, out, err = cli("check", "--format", "json", str(tmp_path / "good.md"), str(tmp_path / "latin1.md"),
                         str(tmp_path / "missing.md"))
    assert code == 2
    assert "latin1.md: is not valid utf-8" in err
    assert "missing.md: no such file or directory" in err
    assert json.loads(out)["summary"]["files"] == 1
    assert json.loads(out)["findings"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(cli, tmp_path):
    p = tmp_path / "secret.md"
    p.write_text(CLAIM)
    p.chmod(0)
    code, _, err = cli("check", str(p))
    assert code == 2 and "secret.md: cannot read" in err


def test_no_paths_lints_the_current_folder(tmp_path):
    (tmp_path / "page.md").write_text(CLAIM)
    proc = run_claimlint("check", "--format", "json", cwd=tmp_path, input="")  # piped input is not read unasked
    assert proc.returncode == 1, proc.stderr
    assert {f["path"] for f in json.loads(proc.stdout)["findings"]} == {"./page.md"}


def test_rules_lists_every_rule(cli):
    code, out, _ = cli("rules")
    assert code == 0
    assert "CL001  cure-claim" in out
    assert len(out.strip().splitlines()) >= 20


def test_rule_documentation(cli):
    code, out, _ = cli("rule", "cure-claim")
    assert code == 0
    for section in ("## What it does", "## Why is this a problem?", "## Example", "## Use instead",
                    "## Regulatory basis", "21 CFR 101.93"):
        assert section in out
    assert cli("rule", "CL001")[1] == out


def test_unknown_rule_suggests_the_nearest(cli):
    code, _, err = cli("rule", "cure-claims")
    assert code == 2 and "did you mean 'cure-claim'" in err.lower()


def test_rules_test_runs_every_embedded_example(cli):
    code, out, _ = cli("rules", "test")
    assert code == 0, out
    passed = int(out.strip().splitlines()[-1].split()[0])
    assert passed >= 150


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and "claimlint" in out


def test_progress_bar_on_stderr(tmp_path):
    for i in range(25):
        (tmp_path / f"p{i}.md").write_text(CLEAN)
    proc = run_claimlint("check", "--progress", ".", cwd=tmp_path)
    assert proc.returncode == 0
    assert "25/25" in proc.stderr and "files" in proc.stderr
    assert "25/25" not in proc.stdout
    quiet = run_claimlint("check", ".", cwd=tmp_path)  # not a terminal: no bar by default
    assert quiet.stderr == ""
