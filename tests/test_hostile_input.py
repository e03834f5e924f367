"""Hostile input through the CLI: no leaks, no hangs, no tracebacks, no silent passes.

The hang tests give each run a generous timeout: before the fixes these inputs took from
20 s to over 300 s; a timeout is the failure, not a speed measurement (see benchmarks/).
"""
from __future__ import annotations

import json
import os
import subprocess
import textwrap

import pytest

from conftest import run_claimlint
from test_rule_loading import GOOD

CLAIM = "Our tea cures gout.\n"
HANG = 60  # seconds: far above a healthy run, far below the old hangs


def run(*args, cwd, timeout=HANG, **kw):
    try:
        return run_claimlint(*map(str, args), cwd=cwd, **kw) if timeout is None else _timed(args, cwd, timeout, **kw)
    except subprocess.TimeoutExpired:
        pytest.fail(f"claimlint {' '.join(map(str, args))} ran for over {timeout} s")


def _timed(args, cwd, timeout, input=None, env=None):
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("claimlint")
    return subprocess.run([str(exe), *map(str, args)], cwd=cwd, input=input, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "CLAIMLINT_NO_CACHE": "1", **(env or {})})


# ---- leaks -----------------------------------------------------------------

def test_a_file_link_out_of_the_folder_is_reported_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0 our tea cures gout\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text(CLAIM)
    (site / "leak.txt").symlink_to(secret)
    (site / "inside.md").symlink_to(site / "page.md")
    proc = run("check", "--format", "html", "-o", tmp_path / "report.html", site, cwd=tmp_path)
    assert "root:x:0:0" not in (tmp_path / "report.html").read_text()
    assert "leak.txt: symbolic link to a file outside" in proc.stderr and proc.returncode == 1
    data = json.loads(run("check", "--format", "json", site, cwd=tmp_path).stdout)
    assert sorted(os.path.basename(f["path"]) for f in data["findings"]) == ["inside.md", "page.md"]


def test_control_characters_never_reach_the_terminal(tmp_path):
    name = "page\x1b[31m.md"
    (tmp_path / name).write_text("Our tea cures gout. \x1b]52;c;aGVsbG8=\x07 Bye\x1b[2J \u202e!\n")
    proc = run("check", name, cwd=tmp_path)
    assert proc.returncode == 1
    for ch in ("\x1b", "\x07", "\u202e"):
        assert ch not in proc.stdout and ch not in proc.stderr
    assert "␛]52;c;aGVsbG8=␇" in proc.stdout
    lines = proc.stdout.splitlines()
    src = next(i for i, line in enumerate(lines) if "| Our tea" in line)
    assert lines[src][lines[src + 1].index("^"):].startswith("cures gout")  # the caret still points at the claim


# ---- hangs -----------------------------------------------------------------

BOMBS = [
    (r"(\w|\d)+$", "a" * 30000 + "!"), (r"(.*a){20}", "a" * 25 + "b" * 3000), (r"\s*\s*\s*\s*\s*\s*$", " " * 5000 + "x"),
    (r"((x+))+y", "x" * 5000), (r"(?:a|\w)+$", "a" * 30000 + "!"), (r"(.*,){12}x", "," * 3000),
    (r"(a?){30}a{30}", "a" * 30), (r"(a|aa)+$", "a" * 5000 + "!"), (r"(\d+)*$", "1" * 5000 + "x"),
    (r"([a-z]+\s?)+$", "ab " * 3000 + "!"), (r"(x+x+)+y", "x" * 5000),
]


def test_user_regexes_run_in_linear_time(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    text = ""
    for i, (rx, bait) in enumerate(BOMBS):
        (rules / f"r{i}.yaml").write_text(
            GOOD.replace("tea-claim", f"bomb-{i}").replace("XT001", f"XB{i:03d}")
            .replace("  patterns:\n    - (cures|heals) @condition\n", "  regex:\n    - '" + rx.replace("'", "''") + "'\n")
            .replace("{condition}", "it").replace('flag: ["Our tea cures gout."]', 'flag: ["' + "zz" + '"]'))
        text += bait + "\n\n"
    (tmp_path / "page.txt").write_text(text)
    proc = run("check", "--no-builtin-rules", "--rules", rules, "--format", "json", "page.txt", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr


def test_multiplying_pattern_gaps_are_bounded(tmp_path):
    rule = tmp_path / "gaps.yaml"
    rule.write_text(GOOD.replace("(cures|heals) @condition",
                                 "the {0,25} the {0,25} the {0,25} the {0,25} the {0,25} [cures] @condition"))
    (tmp_path / "page.txt").write_text(("the " * 250) + "cures gout.\n")
    proc = run("check", "--no-builtin-rules", "--rules", rule, "--format", "json", "page.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert [f["text"] for f in json.loads(proc.stdout)["findings"]] == ["cures"]


def test_billion_laughs_rule_file_and_configuration_are_refused(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    (tmp_path / "bomb.yaml").write_text(GOOD + bomb.replace("a:", "zz:", 1))
    (tmp_path / "page.md").write_text(CLAIM)
    proc = run("check", "--rules", "bomb.yaml", "page.md", cwd=tmp_path)
    assert proc.returncode == 2 and "bomb.yaml:" in proc.stderr and "aliases expand" in proc.stderr
    (tmp_path / ".claimlint.yaml").write_text("select: [cure]\n" + bomb.replace("a:", "x-a:", 1))
    proc = run("check", "page.md", cwd=tmp_path)
    assert proc.returncode == 2 and ".claimlint.yaml" in proc.stderr and "aliases expand" in proc.stderr


@pytest.mark.parametrize("name,content", [
    ("bang.txt", "Our tea cures gout. Wow" + "!" * 20000 + "\n"),  # in the claim's own block: it is tokenised
    ("brackets.md", "Our tea cures gout. " + "[" * 50000 + "]" * 50000 + "\n"),
    ("quotes.txt", '"' * 20000 + " Our tea cures gout.\n"),
    ("oneline.txt", ("Our clinic is open on weekdays and parking is free for visitors " * 32000) + "Our tea cures gout.\n"),
])
def test_punctuation_runs_and_huge_lines_are_linear(tmp_path, name, content):
    (tmp_path / name).write_text(content)
    proc = run("check", "--format", "json", name, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "cures gout" in [f["text"] for f in json.loads(proc.stdout)["findings"]]


# ---- errors that must be exit 2, never a traceback ----------------------------

def test_output_that_is_an_input_is_refused(tmp_path):
    (tmp_path / "a.md").write_text(CLAIM)
    proc = run("check", "-o", "a.md", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "is one of the files being checked" in proc.stderr
    assert (tmp_path / "a.md").read_text() == CLAIM
    proc = run("check", "-o", "./sub/../a.md", ".", cwd=tmp_path)
    assert proc.returncode == 2 and (tmp_path / "a.md").read_text() == CLAIM


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_output_into_a_missing_folder_is_a_clear_error(tmp_path, option):
    (tmp_path / "a.md").write_text(CLAIM)
    proc = run("check", option, "missing/report.json", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "missing" in proc.stderr and "does not exist" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("entries", ['[1, 2]', '[{"path": 1, "rule": "x"}]', '["x"]'])
def test_baseline_entries_of_the_wrong_type(tmp_path, entries):
    (tmp_path / "a.md").write_text(CLAIM)
    (tmp_path / "b.json").write_text('{"version": 1, "findings": ' + entries + "}")
    proc = run("check", "--baseline", "b.json", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "b.json: findings[0]" in proc.stderr and "Traceback" not in proc.stderr


def test_deeply_nested_configuration_and_baseline(tmp_path):
    (tmp_path / "a.md").write_text(CLAIM)
    (tmp_path / ".claimlint.yaml").write_text("select: " + "[" * 5000 + "]" * 5000 + "\n")
    proc = run("check", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and ".claimlint.yaml" in proc.stderr and "Traceback" not in proc.stderr
    os.remove(tmp_path / ".claimlint.yaml")
    (tmp_path / "b.json").write_text("[" * 100000 + "]" * 100000)
    proc = run("check", "--baseline", "b.json", "a.md", cwd=tmp_path)
    assert proc.returncode == 2 and "b.json" in proc.stderr and "Traceback" not in proc.stderr


def test_broken_pyproject_with_claimlint_settings_is_an_error_not_a_fallback(tmp_path):
    (tmp_path / ".claimlint.yaml").write_text("ignore: [cure]\n")  # a parent's settings that would hide the claim
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.claimlint]\nselect = [cure\n")
    (project / "a.md").write_text(CLAIM)
    proc = run("check", "a.md", cwd=project)
    assert proc.returncode == 2 and "pyproject.toml:" in proc.stderr and "invalid TOML" in proc.stderr
    line = int(proc.stderr.split("pyproject.toml:")[1].split(":")[0])
    assert line in (5, 6)
    (project / "pyproject.toml").write_text("[project\nname = 'unrelated'\n")  # broken, but not ours: ignored
    assert run("check", "a.md", cwd=project).returncode == 0


# ---- --changed-since --------------------------------------------------------

def git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True, capture_output=True)


def test_changed_since_sees_odd_names_and_new_files_from_a_subfolder(tmp_path):
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "old.md").write_text("Nothing here.\n")
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git("commit", "-qm", "base", cwd=repo)
    odd = ["café.md", 'say "hi".md', "tab\tname.md"]
    for name in odd:
        (repo / "docs" / name).write_text(CLAIM)
    git("add", "docs/café.md", cwd=repo)
    git("commit", "-qm", "more", cwd=repo)
    (repo / "docs" / "new.md").write_text(CLAIM)  # untracked, seen from a subfolder
    proc = run("check", "--format", "json", "--changed-since", "HEAD~1", cwd=repo / "docs")
    assert proc.returncode == 1, proc.stderr
    got = {os.path.basename(f["path"]) for f in json.loads(proc.stdout)["findings"]}
    assert got == set(odd) | {"new.md"}


# ---- wrong output that --fix would act on ----------------------------------------

@pytest.mark.parametrize("name,content,expected", [
    ("ent.html", "<p>After a year, 65.8&#37; of patients stayed sober.</p>\n", "65.8&#37;"),
    ("named.html", "<p>After a year, 65.8&percnt; of patients stayed sober.</p>\n", "65.8&percnt;"),
    ("ent.md", "After a year, 65.8&#37; of patients stayed sober.\n", "65.8&#37;"),
    ("esc.md", "After a year, 65.8\\% of patients stayed sober.\n", "65.8\\%"),
])
def test_spans_end_on_whole_source_characters(tmp_path, name, content, expected):
    (tmp_path / name).write_text(content)
    proc = run("check", "--format", "json", name, cwd=tmp_path)
    texts = [f["text"] for f in json.loads(proc.stdout)["findings"]]
    assert expected in texts, texts
    before = content
    run("check", "--fix", name, cwd=tmp_path)
    assert (tmp_path / name).read_text() == before  # markup inside the span: never rewritten


def test_crlf_front_matter_gives_the_same_findings_as_lf(tmp_path):
    page = textwrap.dedent("""\
        ---
        layout: post
        title: Our tea
          cures gout
        description: >
          Fast relief, and our
          drops are completely safe
        ---

        Body text that cures insomnia.
        """)
    (tmp_path / "lf.md").write_text(page)
    (tmp_path / "crlf.md").write_bytes(page.replace("\n", "\r\n").encode())
    found = {}
    for name in ("lf.md", "crlf.md"):
        data = json.loads(run("check", "--format", "json", name, cwd=tmp_path).stdout)
        found[name] = sorted((f["rule"], f["line"], f["column"], f["end_line"], f["text"].replace("\r\n", "\n"))
                             for f in data["findings"])
    assert found["lf.md"] == found["crlf.md"]
    assert {r[0] for r in found["lf.md"]} >= {"cure-claim", "absolute-safety"}
    assert ("cure-claim", 4, 3, 4, "cures gout") in found["crlf.md"]  # on the line that holds it
    run("check", "--fix", "--unsafe-fixes", "crlf.md", cwd=tmp_path)
    fixed = (tmp_path / "crlf.md").read_bytes().decode()
    assert "layout: post\r\n" in fixed and "completely safe" not in fixed and fixed.count("\r\n") == page.count("\n")


def test_claims_deep_in_markdown_and_in_escaped_table_cells_are_found(tmp_path):
    deep = "".join("  " * i + "- item\n" for i in range(25)) + "  " * 25 + "- Our tea cures gout.\n"
    (tmp_path / "deep.md").write_text("> " * 25 + "Our tea cures insomnia.\n\n" + deep)
    (tmp_path / "table.md").write_text("| a | b |\n|---|---|\n| Our tea \\| honey cures gout | x |\n")
    (tmp_path / "ctrl.txt").write_text("Filler words here. " * 600 + "\n\nOur tea cures\x00gout.\n")
    data = json.loads(run("check", "--format", "json", "deep.md", "table.md", "ctrl.txt", cwd=tmp_path).stdout)
    got = {(os.path.basename(f["path"]), f["text"]) for f in data["findings"]}
    assert {("deep.md", "cures insomnia"), ("deep.md", "cures gout"), ("table.md", "cures gout")} <= got
    assert ("ctrl.txt", "cures\x00gout") in got
    (tmp_path / "deeper.md").write_text("> " * 400 + "Our tea cures gout.\n")
    proc = run("check", "deeper.md", cwd=tmp_path)
    assert proc.returncode == 2 and "levels deep" in proc.stderr  # an error, never a silent pass


def _docx_with(document_xml: bytes, tmp_path, name):
    import io
    import zipfile

    import docx

    buf = io.BytesIO()
    docx.Document().save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = zipfile.ZipFile(tmp_path / name, "w", zipfile.ZIP_DEFLATED)
    for info in src.infolist():
        out.writestr(info.filename, document_xml if info.filename == "word/document.xml" else src.read(info.filename))
    out.close()
    return tmp_path / name


def test_docx_zip_bombs_are_refused(tmp_path):
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
            b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    bomb = _docx_with(head + b"<w:p/>" * 3_000_000 + b"</w:body></w:document>", tmp_path, "bomb.docx")
    assert bomb.stat().st_size < 200_000
    ok = _docx_with(head + b"<w:p><w:r><w:t>Our tea cures gout.</w:t></w:r></w:p></w:body></w:document>",
                    tmp_path, "ok.docx")
    proc = run("check", "--format", "json", bomb, ok, cwd=tmp_path)
    assert proc.returncode == 2 and "bomb.docx" in proc.stderr and "zip bomb" in proc.stderr, proc.stderr
    assert [f["text"] for f in json.loads(proc.stdout)["findings"]] == ["cures gout"]


def test_the_text_report_copies_only_findings_that_hold_a_control_character():
    """safe_view leaves a clean finding as it is (a run may report tens of thousands) and makes
    every terminal control character of the others visible."""
    from claimlint.findings import Finding
    from claimlint.runner import RunResult
    from claimlint.terminal import _CHANGED, printable, safe_view

    base = dict(line=1, column=1, end_line=1, end_column=5, rule="cure-claim", code="CL001", category="cure",
                severity="error", message="Claims a cure.", suggestions=["may ease"], sentence="x")
    clean = Finding(path="a.md", text="cures", **base)
    hostile = Finding(path="b\x1b[2J.md", text="cu\u202ere\ns", **base)
    result = RunResult(findings=[clean, hostile], errors=[], files=2)
    view, _ = safe_view(result, {})
    assert view.findings[0] is clean
    assert view.findings[1].path == "b\u241b[2J.md" and view.findings[1].text == "cu\ufffdre\u2424s"
    for i in list(range(0x0, 0xA0)) + [0x61C, 0x200E, 0x202E, 0x2066, 0x2028, 0x2029, 0x41, 0xE9]:
        ch = chr(i)
        assert (printable(ch) != ch) == bool(_CHANGED.search(ch)), hex(i)
