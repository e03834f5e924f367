"""JSON reports laid out by hand around the C encoder (output/layout.py): the same JSON
value as `json.dumps(indent=2)` would give, with one finding (or SARIF result, or GitLab
issue) a line."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from claimlint.output.layout import ITEM, dumps

PAGE = ("# Bone broth\n\nOur broth cures arthritis and is 100% safe.\n\n"
        "Studies show it heals \"leaky gut\" — in one week.\n\nÜber-strong: it reverses diabetes.\n")

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=_json, opened=st.sets(st.sampled_from([(), ("a",), (ITEM,), ("a", ITEM), (ITEM, "b")])))
def test_any_layout_is_the_same_json_value(value, opened):
    text = dumps(value, frozenset(opened))
    assert json.loads(text) == value
    if () not in opened:  # nothing opened: exactly the C encoder's one line
        assert text == json.dumps(value, ensure_ascii=False)


def test_open_containers_have_one_entry_a_line_and_the_rest_is_one_line():
    value = {"version": 1, "rows": [{"x": [1, 2], "t": "a\nb"}, {"x": [], "t": "é"}], "empty": [], "meta": {"n": 2}}
    assert dumps(value, frozenset({(), ("rows",)})) == (
        '{\n'
        '  "version": 1,\n'
        '  "rows": [\n'
        '    {"x": [1, 2], "t": "a\\nb"},\n'
        '    {"x": [], "t": "é"}\n'
        '  ],\n'
        '  "empty": [],\n'
        '  "meta": {"n": 2}\n'
        '}')


def _lines_of(out: str, opening: str) -> list[str]:
    """The lines between `opening` and the matching closing line of its indentation."""
    lines = out.split("\n")
    start = lines.index(opening)
    indent = opening[:len(opening) - len(opening.lstrip())]
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(indent + "]"))
    return lines[start + 1:end]


def test_json_report_has_one_finding_a_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    code, out, _ = cli("check", "--format", "json", "page.md")
    assert code == 1
    report = json.loads(out)
    assert list(report) == ["version", "findings", "summary", "errors", "suppressions"]
    rows = _lines_of(out, '  "findings": [')
    assert len(rows) == len(report["findings"]) >= 3
    assert [json.loads(r.strip().rstrip(",")) for r in rows] == report["findings"]
    assert "Über" in out and "\\u" not in out  # characters as they are, as ensure_ascii=False wrote them
    assert out.split("\n")[0] == "{" and '  "summary": {"files": 1, ' in out


def test_sarif_has_one_result_and_one_rule_a_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    code, out, _ = cli("check", "--format", "sarif", "page.md")
    log = json.loads(out)
    run = log["runs"][0]
    results = _lines_of(out, '      "results": [')
    assert [json.loads(r.strip().rstrip(",")) for r in results] == run["results"] and len(results) >= 3
    rules = _lines_of(out, '          "rules": [')
    assert [json.loads(r.strip().rstrip(",")) for r in rules] == run["tool"]["driver"]["rules"]


def test_gitlab_has_one_issue_a_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    _, out, _ = cli("check", "--format", "gitlab", "page.md")
    issues = json.loads(out)
    lines = out.rstrip("\n").split("\n")
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(issues) + 2
