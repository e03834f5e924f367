"""The public Python API: same findings as the CLI, suppressions applied, pickling,
daemonic workers, --jobs, and clear errors."""
from __future__ import annotations

import json
import multiprocessing
import pickle

import pytest

import claimlint
from conftest import run_claimlint

PAGE = """# Sleep tonic

Our herbal tonic cures insomnia in days and is completely safe for everyone.

<!-- claimlint-disable-next-line safety -- wording approved by the reviewer -->
The tonic is 100% safe for children.

Doctors hate this one simple trick.
"""


@pytest.fixture(scope="module")
def linter():
    return claimlint.Linter.from_options()


def test_api_on_a_string_equals_check_json(tmp_path, linter):
    (tmp_path / "page.md").write_text(PAGE)
    proc = run_claimlint("check", "--format", "json", "--no-cache", "page.md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    expected = json.loads(proc.stdout)["findings"]
    got = [f.to_dict() for f in linter.lint_text(PAGE, format="markdown", path="page.md")]
    assert got == expected
    assert len(got) >= 2
    # The suppressed sentence is not reported, as with check.
    assert not any("children" in f["sentence"] for f in got)
    assert [f.to_dict() for f in linter.lint_bytes(PAGE.encode(), path="page.md")] == expected


def test_lint_file_applies_suppressions_and_names_the_path(tmp_path, linter):
    page = tmp_path / "p.txt"
    page.write_text("This cream cures eczema.\n<!-- claimlint-disable-line cure -->This balm cures acne.\n")
    found = linter.lint_file(page)
    assert [f.line for f in found] == [1] and found[0].text.startswith("cures")
    assert found[0].path == str(page) and found[0].line == 1


def test_from_options_selects_and_validates_like_the_cli(tmp_path):
    only_cure = claimlint.Linter.from_options(select="cure")
    assert {f.category for f in only_cure.lint_text(PAGE)} == {"cure"}
    with pytest.raises(claimlint.ConfigError, match="did you mean 'cure'"):
        claimlint.Linter.from_options(select=["curee"])
    with pytest.raises(claimlint.ConfigError, match="must be one of"):
        claimlint.Linter.from_options(severity={"cure": "fatal"})
    quiet = claimlint.Linter.from_options(severity={"cure": "info"})
    assert {f.severity for f in quiet.lint_text(PAGE) if f.category == "cure"} == {"info"}
    bad = tmp_path / ".claimlint.yaml"
    bad.write_text("selct: [cure]\n")
    with pytest.raises(claimlint.ConfigError, match="unknown setting 'selct'"):
        claimlint.Linter.from_options(config=bad)


def test_unknown_format_is_an_error(linter):
    with pytest.raises(ValueError, match="unknown format 'rst'"):
        linter.lint_text("Our tea cures insomnia.", format="rst")


def test_configuration_is_discovered_as_by_check(tmp_path, monkeypatch):
    (tmp_path / ".claimlint.yaml").write_text("ignore: [cure]\n")
    monkeypatch.chdir(tmp_path)
    assert not [f for f in claimlint.Linter.from_options().lint_text(PAGE) if f.category == "cure"]


def test_lint_bytes_decodes_with_a_declared_charset_or_lossily(linter):
    data = "Caf\u00e9 owners say our tea cures insomnia \u2013 guaranteed.".encode("cp1252")
    with pytest.raises(claimlint.DecodeError, match="not valid utf-8"):
        linter.lint_bytes(data, format="text")
    declared = linter.lint_bytes(data, format="text", encoding="windows-1252")
    assert "cure" in {f.category for f in declared}
    lossy = linter.lint_bytes(data, format="text", errors="replace")
    assert [f.text for f in lossy] == [f.text for f in declared]


def test_a_pickled_linter_works_after_a_round_trip(linter):
    before = [f.to_dict() for f in linter.lint_text(PAGE)]
    copy = pickle.loads(pickle.dumps(linter))
    assert [f.to_dict() for f in copy.lint_text(PAGE)] == before
    fresh = pickle.loads(pickle.dumps(claimlint.Linter.from_options()))  # never used before pickling
    assert [f.to_dict() for f in fresh.lint_text(PAGE)] == before


def _run_in_daemon(folder, queue):
    from claimlint.runner import run

    try:
        files = sorted(str(p) for p in folder.iterdir())
        result = run(claimlint.Linter.from_options(), files, jobs=2)
        queue.put((len(result.findings), result.errors))
    except BaseException as exc:  # reported to the parent, which fails the test
        queue.put(repr(exc))


def test_run_inside_a_daemonic_worker_falls_back_to_one_process(tmp_path):
    for i in range(4):
        (tmp_path / f"p{i}.md").write_text(f"Page {i}: our drops cure tinnitus.\n")
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run_in_daemon, args=(tmp_path, queue), daemon=True)
    proc.start()
    outcome = queue.get(timeout=120)
    proc.join(10)
    assert outcome == (4, [])


def test_jobs_option(tmp_path):
    for i in range(5):
        (tmp_path / f"p{i}.md").write_text(f"Page {i}: our drops cure tinnitus.\n")
    outs = []
    for jobs in ("1", "2"):
        proc = run_claimlint("check", "--format", "json", "--no-cache", "--jobs", jobs, ".", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        outs.append(json.loads(proc.stdout)["findings"])
    assert outs[0] == outs[1] and len(outs[0]) == 5
    proc = run_claimlint("check", "--jobs", "-1", ".", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_two_workers_are_used_when_asked(tmp_path, monkeypatch):
    from claimlint import runner

    assert runner._parallel(["a", "b", "c"], jobs=2) == 2
    assert runner._parallel(["a", "b", "c"], jobs=1) == 1
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert runner._parallel(["a", "b", "c"], jobs=2) == 1


def test_jsonl_is_one_contract_finding_a_line(tmp_path):
    (tmp_path / "a.md").write_text(PAGE)
    (tmp_path / "b.md").write_text("Our drops cure tinnitus.\n")
    full = json.loads(run_claimlint("check", "--format", "json", "--no-cache", ".", cwd=tmp_path).stdout)
    proc = run_claimlint("check", "--format", "jsonl", "--no-cache", ".", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert [json.loads(x) for x in lines] == full["findings"]
    proc = run_claimlint("check", "--format", "jsonl", "-o", "out.jsonl", ".", cwd=tmp_path)
    assert [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()] == full["findings"]


def test_the_readme_example_runs(tmp_path, monkeypatch):
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.md").write_text("Our balm cures eczema.\n")
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert [f.category for f in scope["found"]] == ["cure"]
