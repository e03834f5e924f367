"""`claimlint server`: the real server process driven over stdio by an LSP client.

One server runs for the module (loading spaCy and the rules once, as in an
editor); each test opens its own pages in the shared workspace, and the
broken-rules test uses a sub-folder with its own configuration.
"""
from __future__ import annotations

import json
import textwrap

import pytest

from conftest import run_claimlint
from lsp_client import LspClient, apply_edits, range_text, utf16_index

pytest.importorskip("pygls", reason="claimlint server needs the server extra")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return tmp_path_factory.mktemp("workspace")


@pytest.fixture(scope="module")
def lsp(workspace):
    client = LspClient(workspace)
    client.initialize_result = client.initialize(workspace)
    yield client
    client.close()


def _diag(diags, code):
    found = [d for d in diags if d["code"] == code]
    assert found, f"no {code} diagnostic in {[d['code'] for d in diags]}"
    return found[0]


def test_initialize_advertises_the_features(lsp):
    caps = lsp.initialize_result["capabilities"]
    assert caps["positionEncoding"] == "utf-16"
    assert caps["textDocumentSync"]["change"] == 1 and caps["textDocumentSync"]["openClose"]
    assert caps["hoverProvider"] and caps["codeActionProvider"]["codeActionKinds"] == ["quickfix", "source.fixAll.claimlint"]
    assert lsp.initialize_result["serverInfo"]["name"] == "claimlint"


def test_astral_characters_before_a_claim_keep_the_range_on_it(lsp, workspace):
    # Each emoji is one code point but two UTF-16 code units: a server counting code
    # points would put the range two units early per emoji.
    text = "# Gout 🍵 tea\n\n🧪🧪 𝒪𝓊𝓇 blend: our tea cures gout. After a year, 65.8% of patients stayed sober.\n"
    uri = lsp.open(workspace / "astral.md", text)
    diags = lsp.diagnostics(uri, version=1)
    cure = _diag(diags, "cure-claim")
    assert range_text(text, cure["range"]) == "cures gout"
    assert cure["range"]["start"] == {"line": 2, "character": text.split("\n")[2].encode("utf-16-le").index(
        "cures".encode("utf-16-le")) // 2}
    assert cure["severity"] == 1 and cure["source"] == "claimlint"
    assert cure["message"].startswith("Claims that the product or treatment cures")
    assert cure["codeDescription"]["href"].startswith("file://") and cure["codeDescription"]["href"].endswith(".yaml")
    stat = _diag(diags, "unsourced-percentage")
    assert range_text(text, stat["range"]) == "65.8%"


def test_same_findings_as_check(lsp, workspace):
    text = ("Our clinic is the best in town. Studies show our drips work within hours.\n\n"
            "It is completely safe, with zero side effects. 9 in 10 clients feel better.\n")
    (workspace / "same.md").write_text(text)
    uri = lsp.open(workspace / "same.md", text)
    diags = lsp.diagnostics(uri, version=1)
    proc = run_claimlint("check", "--format", "json", "same.md", cwd=workspace)
    findings = json.loads(proc.stdout)["findings"]
    assert findings
    from_check = sorted((f["rule"], f["line"] - 1, f["column"] - 1, f["text"]) for f in findings)
    from_server = sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
                          range_text(text, d["range"])) for d in diags)
    assert from_server == from_check  # ASCII text: code points and UTF-16 units agree
    severities = {f["rule"]: f["severity"] for f in findings}
    for d in diags:
        assert d["severity"] == {"error": 1, "warning": 2, "info": 3}[severities[d["code"]]]


@pytest.mark.parametrize("name, language, text, claim", [
    ("page.mdx", "mdx", "import X from './x'\n\n<X>{props.a}</X>\n\nOur patches cure migraines.\n", "cure migraines"),
    ("page.html", "html", "<html><body><p title='cures gout'>Our 🌿 balm <b>heals</b> eczema. It cures acne.</p></body></html>",
     "cures acne"),
    ("page.txt", "plaintext", "NEW!\n\nThis tonic cures insomnia, 100% guaranteed.\n", "cures insomnia"),
])
def test_each_format_on_open_change_and_save(lsp, workspace, name, language, text, claim):
    uri = lsp.open(workspace / name, text, language)
    assert claim in [range_text(text, d["range"]) for d in lsp.diagnostics(uri, version=1)]
    clean = text.replace(claim, "is offered")
    version = lsp.change(uri, clean)
    assert claim not in [range_text(clean, d["range"]) for d in lsp.diagnostics(uri, version=version)]
    version = lsp.change(uri, text)
    assert claim in [range_text(text, d["range"]) for d in lsp.diagnostics(uri, version=version)]
    since = len(lsp.notifications)
    lsp.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert claim in [range_text(text, d["range"]) for d in lsp.diagnostics(uri, since=since)]


def _actions(lsp, uri, diag):
    return lsp.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": diag["range"],
                                                   "context": {"diagnostics": [diag]}})


def test_a_rewording_quick_fix_removes_the_diagnostic(lsp, workspace):
    text = "🧪 Lab-made 🧪\n\nAfter one year, 65.8% of patients stayed sober, and our drink cures gout.\n"
    uri = lsp.open(workspace / "fix.md", text)
    diags = lsp.diagnostics(uri, version=1)
    stat, cure = _diag(diags, "unsourced-percentage"), _diag(diags, "cure-claim")

    actions = _actions(lsp, uri, stat)
    rewordings = [a for a in actions if a["title"].startswith("Replace")]
    assert rewordings and rewordings[0]["isPreferred"] is True  # a citation placeholder is a safe fix
    assert all(a["kind"] == "quickfix" and a["diagnostics"][0]["code"] == "unsourced-percentage" for a in rewordings)
    fixed = apply_edits(text, rewordings[0]["edit"]["changes"][uri])
    assert "65.8% [add the citation: study, year] of patients" in fixed

    version = lsp.change(uri, fixed)  # the editor applies the edit and sends the new text
    after = lsp.diagnostics(uri, version=version)
    # The placeholder is not a citation: still flagged, but not offered again.
    stat = _diag(after, "unsourced-percentage")
    assert not [a for a in _actions(lsp, uri, stat) if a["title"].startswith("Replace")]
    fixed = fixed.replace("[add the citation: study, year]", "(Smith et al., 2021)")
    version = lsp.change(uri, fixed)
    after = lsp.diagnostics(uri, version=version)
    assert not [d for d in after if d["code"] == "unsourced-percentage"]
    cure = _diag(after, "cure-claim")

    cure_fixes = [a for a in _actions(lsp, uri, cure) if a["title"].startswith("Replace")]
    assert cure_fixes and not any(a.get("isPreferred") for a in cure_fixes)  # medical rewordings are unsafe
    fixed = apply_edits(fixed, cure_fixes[0]["edit"]["changes"][uri])
    assert "our drink may help ease symptoms of gout for some people." in fixed
    version = lsp.change(uri, fixed)
    assert not [d for d in lsp.diagnostics(uri, version=version) if d["code"] in ("unsourced-percentage", "cure-claim")]


@pytest.mark.parametrize("name, language, syntax", [
    ("suppress.md", "markdown", "<!-- claimlint-disable-line cure-claim -- "),
    ("suppress.mdx", "mdx", "{/* claimlint-disable-line cure-claim -- "),
    ("suppress.html", "html", "<!-- claimlint-disable-line cure-claim -- "),
])
def test_suppress_on_this_line_with_a_reason(lsp, workspace, name, language, syntax):
    text = "Intro 🌿 line.\n\nOur 🌿 tea cures gout for good.\nThe next line cures acne.\n"
    if language == "html":
        text = "<p>Intro 🌿 line.</p>\n<p>Our 🌿 tea cures gout for good.\nThe next line cures acne.</p>\n"
    uri = lsp.open(workspace / name, text, language)
    cure = [d for d in lsp.diagnostics(uri, version=1) if d["code"] == "cure-claim"]
    assert len(cure) == 2
    action = next(a for a in _actions(lsp, uri, cure[0]) if a["title"].startswith("Suppress"))
    assert action["title"] == "Suppress cure-claim on this line, with a reason"
    edited = apply_edits(text, action["edit"]["changes"][uri])
    line = edited.splitlines()[cure[0]["range"]["start"]["line"]]
    assert syntax in line and line.index(syntax) > line.index("cures gout")

    # The command that follows selects the placeholder reason, so the writer types over it.
    since = len(lsp.server_requests)
    lsp.request("workspace/executeCommand", action["command"])
    show = next(r for r in lsp.server_requests[since:] if r["method"] == "window/showDocument")["params"]
    assert show["uri"] == uri and show["takeFocus"] is True
    from claimlint.suppressions import PLACEHOLDER_REASON

    assert range_text(edited, show["selection"]) == PLACEHOLDER_REASON

    version = lsp.change(uri, edited)
    diags = lsp.diagnostics(uri, version=version)
    assert [range_text(edited, d["range"]) for d in diags if d["code"] == "cure-claim"] == ["cures acne"]
    placeholder = [d for d in diags if d["code"] == "suppression"]
    assert placeholder and "placeholder" in placeholder[0]["message"]  # a reason is still owed

    reasoned = edited.replace(PLACEHOLDER_REASON, "quoted from the FTC complaint")
    version = lsp.change(uri, reasoned)
    diags = lsp.diagnostics(uri, version=version)
    assert [range_text(reasoned, d["range"]) for d in diags if d["code"] == "cure-claim"] == ["cures acne"]
    assert not [d for d in diags if d["code"] == "suppression"]


def test_hover_explains_the_rule(lsp, workspace):
    text = "Intro 🧪\n\nOur ketamine infusions cure addiction.\n"
    uri = lsp.open(workspace / "hover page é.md", text)  # a percent-encoded URI
    cure = _diag(lsp.diagnostics(uri, version=1), "cure-claim")
    inside = dict(cure["range"]["start"], character=cure["range"]["start"]["character"] + 3)
    hover = lsp.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": inside})
    value = hover["contents"]["value"]
    assert hover["contents"]["kind"] == "markdown"
    assert range_text(text, hover["range"]) == "cure addiction"
    proc = run_claimlint("rule", "cure-claim", cwd=workspace)
    for heading in ("What it does", "Why is this a problem?", "Use instead", "Regulatory basis"):
        assert heading in proc.stdout and f"**{heading}**" in value
    assert "may help ease symptoms of addiction for some people" in value
    assert "21 CFR 101.93" in value
    outside = {"line": 0, "character": 1}
    assert lsp.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": outside}) is None


def test_a_broken_rule_file_is_shown_and_recovered_from(lsp, workspace):
    site = workspace / "site"
    site.mkdir()
    config = site / ".claimlint.yaml"
    rules = site / "house-rules.yaml"
    config.write_text("rules: [house-rules.yaml]\nselekt: [cure]\n")
    rules.write_text("id: wonder-tonic\nmatch:\n  patterns: [wonder\n")
    text = "Our wonder tonic cures gout.\n"
    since = len(lsp.notifications)
    uri = lsp.open(site / "page.md", text)

    # A bad configuration: a message, a diagnostic on the page and one on the file at the line.
    page = lsp.diagnostics(uri, version=1, since=since)
    assert len(page) == 1 and page[0]["code"] == "configuration" and "selekt" in page[0]["message"]
    shown = lsp.wait_for("window/showMessage", lambda p: "selekt" in p["message"], since=since)
    assert shown["type"] == 1
    on_config = lsp.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == config.as_uri(), since=since)
    assert on_config["diagnostics"][0]["range"]["start"]["line"] == 1

    # Fixed configuration, broken rule file: still a message, located in the rule file.
    config.write_text("rules: [house-rules.yaml]\n")
    since = len(lsp.notifications)
    lsp.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": config.as_uri(), "type": 2}]})
    page = lsp.diagnostics(uri, since=since)
    assert len(page) == 1 and "house-rules.yaml" in page[0]["message"]
    on_rules = lsp.wait_for("textDocument/publishDiagnostics",
                            lambda p: p["uri"] == rules.as_uri() and p["diagnostics"], since=since)
    assert on_rules["diagnostics"][0]["severity"] == 1
    assert lsp.wait_for("textDocument/publishDiagnostics",
                        lambda p: p["uri"] == config.as_uri() and not p["diagnostics"], since=since)
    shown = lsp.wait_for("window/showMessage", lambda p: "house-rules.yaml" in p["message"], since=since)
    assert shown["type"] == 1 and "cannot load its rules" in shown["message"]

    # The server still answers, on other pages too.
    other = workspace / "still-alive.md"
    other_uri = lsp.open(other, "This tea cures gout.\n")
    assert _diag(lsp.diagnostics(other_uri, version=1), "cure-claim")

    # Fixed rule file: the page is checked again, with the house rule.
    rules.write_text(textwrap.dedent("""\
        id: wonder-tonic
        code: HT001
        category: superlative
        severity: warning
        message: Calls the product a wonder.
        why: A wonder is a superlative no study can support.
        suggestions: ["herbal"]
        fix: unsafe
        match:
          patterns: ["[wonder] tonic"]
        examples:
          flag:
            - {text: "Try our wonder tonic.", span: wonder}
          pass:
            - "Try our herbal tonic."
        """))
    since = len(lsp.notifications)
    lsp.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": rules.as_uri(), "type": 2}]})
    page = lsp.diagnostics(uri, since=since)
    assert {d["code"] for d in page} == {"wonder-tonic", "cure-claim"}, page
    assert range_text(text, _diag(page, "wonder-tonic")["range"]) == "wonder"
    assert lsp.wait_for("textDocument/publishDiagnostics",
                        lambda p: p["uri"] == rules.as_uri() and not p["diagnostics"], since=since)
    assert lsp.wait_for("window/logMessage", lambda p: "loaded again" in p["message"], since=since)


def test_close_clears_diagnostics(lsp, workspace):
    uri = lsp.open(workspace / "closing.md", "This tea cures gout.\n")
    assert lsp.diagnostics(uri, version=1)
    since = len(lsp.notifications)
    lsp.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert lsp.diagnostics(uri, since=since) == []


def test_without_pygls_the_command_says_how_to_install_it(tmp_path):
    fake = tmp_path / "fake"
    (fake / "pygls").mkdir(parents=True)
    (fake / "pygls" / "__init__.py").write_text("raise ImportError('No module named pygls')\n")
    proc = run_claimlint("server", cwd=tmp_path, env={"PYTHONPATH": str(fake)})
    assert proc.returncode == 2
    assert "pip install '.[server]'" in proc.stderr and "Traceback" not in proc.stderr


def test_positions_in_every_encoding():
    from claimlint.server.positions import PositionMap

    text = "a🧪b\r\né\rz𝒪\n"
    for enc, col in (("utf-16", 3), ("utf-8", 5), ("utf-32", 2)):
        pm = PositionMap(text, enc)
        assert pm.position(text.index("b")) == (0, col)
        assert pm.offset(0, col) == text.index("b")
        assert pm.position(text.index("z")) == (2, 0)
        assert pm.offset(1, 99) == text.index("\r", 4)  # clamped to the line's end
    pm = PositionMap(text)
    assert pm.position(len(text)) == (3, 0)
    assert utf16_index(text, 2, 1) == text.index("𝒪")


def test_configuration_is_found_from_each_page_as_check_does(lsp, workspace):
    site = workspace / "strict"
    (site / "drafts").mkdir(parents=True)
    (site / ".claimlint.yaml").write_text("ignore: [cure]\nexclude: [drafts/]\nseverity:\n  safety: info\n")
    text = "Our tea cures gout and is completely safe.\n"
    for name in ("page.md", "drafts/wip.md"):
        (site / name).write_text(text)
    uri = lsp.open(site / "page.md", text)
    diags = lsp.diagnostics(uri, version=1)
    assert [d["code"] for d in diags] == ["absolute-safety"] and diags[0]["severity"] == 3
    draft = lsp.open(site / "drafts" / "wip.md", text)
    assert lsp.diagnostics(draft, version=1) == []
    check = json.loads(run_claimlint("check", "--format", "json", "page.md", cwd=site).stdout)
    assert [(f["rule"], f["severity"]) for f in check["findings"]] == [("absolute-safety", "info")]


def test_other_position_encodings_and_plain_text_hovers(tmp_path):
    """A client that offers UTF-8 gets UTF-8 columns; one without Markdown hovers gets plain text."""
    from lsp_client import CAPABILITIES

    caps = json.loads(json.dumps(CAPABILITIES))
    caps["general"]["positionEncodings"] = ["utf-8", "utf-16"]
    caps["textDocument"]["hover"]["contentFormat"] = ["plaintext"]
    client = LspClient(tmp_path)
    try:
        assert client.initialize(tmp_path, caps)["capabilities"]["positionEncoding"] == "utf-8"
        text = "Ünïcödé 🧪 tea cures gout.\n"
        uri = client.open(tmp_path / "u8.md", text)
        cure = _diag(client.diagnostics(uri, version=1), "cure-claim")
        start = len(text[:text.index("cures")].encode("utf-8"))
        assert cure["range"]["start"] == {"line": 0, "character": start}
        assert cure["range"]["end"] == {"line": 0, "character": start + len("cures gout")}
        hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": cure["range"]["start"]})
        assert hover["contents"]["kind"] == "plaintext" and "## Why is this a problem?" in hover["contents"]["value"]
    finally:
        client.close()


def test_fix_all_safe_rewordings_and_only(lsp, workspace):
    text = "In 2023, 65.8% of patients stayed sober. After one year, 72% of patients stayed sober. Our tea cures gout.\n"
    uri = lsp.open(workspace / "fixall.md", text)
    diags = lsp.diagnostics(uri, version=1)
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 1, "character": 0}}
    actions = lsp.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": whole,
                                                      "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    assert [a["kind"] for a in actions] == ["source.fixAll.claimlint"]
    fixed = apply_edits(text, actions[0]["edit"]["changes"][uri])
    assert fixed.count("[add the citation: study, year]") == 2 and "cures gout" in fixed  # safe ones only
    quick = lsp.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": whole,
                                                    "context": {"diagnostics": diags, "only": ["quickfix"]}})
    assert quick and all(a["kind"] == "quickfix" for a in quick)


def test_suppress_in_a_table_row_and_before_a_hard_break(lsp, workspace):
    text = ("| Drink | Claim |\n|---|---|\n| Tea 🍵 | It cures gout. |\n\n"
            "This drink cures acne.  \nNext line.\n")
    uri = lsp.open(workspace / "table.md", text)
    cures = [d for d in lsp.diagnostics(uri, version=1) if d["code"] == "cure-claim"]
    assert len(cures) == 2
    edited, version = text, 1
    for claim in ("cures gout", "cures acne"):  # one at a time, re-asking after each edit as an editor does
        live = [d for d in lsp.diagnostics(uri, version=version) if d["code"] == "cure-claim"]
        target = next(d for d in live if range_text(edited, d["range"]) == claim)
        action = next(a for a in _actions(lsp, uri, target) if a["title"].startswith("Suppress"))
        edited = apply_edits(edited, action["edit"]["changes"][uri])
        version = lsp.change(uri, edited)
    lines = edited.splitlines()
    assert lines[2].startswith("| Tea 🍵 | It cures gout. <!-- claimlint-disable-line cure-claim -- ") and lines[2].endswith("--> |")
    assert lines[4].endswith("-->  ")  # the hard break stays at the line's end
    assert not [d for d in lsp.diagnostics(uri, version=version) if d["code"] == "cure-claim"]


def test_positions_and_edits_match_an_independent_utf16_count():
    """Property: offsets survive the round trip through LSP positions, and a minimal edit built from a
    rewording turns the text into exactly what apply_rewording gives."""
    from hypothesis import given, settings, strategies as st

    from claimlint.rewrite import apply_rewording
    from claimlint.server.features import _minimal_edit
    from claimlint.server.positions import PositionMap

    alphabet = st.sampled_from(list("ab .,\n\r") + ["\r\n", "é", "🧪", "𝒪", "中"])
    texts = st.lists(alphabet, max_size=40).map("".join)

    @settings(max_examples=300, deadline=None)
    @given(texts, st.data())
    def check(text, data):
        pm = PositionMap(text)
        cuts = [i for i in range(len(text) + 1) if not (0 < i < len(text) and text[i - 1] == "\r" and text[i] == "\n")]
        a = data.draw(st.sampled_from(cuts))
        b = data.draw(st.sampled_from([c for c in cuts if c >= a]))
        line, char = pm.position(a)
        assert utf16_index(text, line, char) == a
        assert pm.offset(line, char) == a
        replacement = data.draw(st.sampled_from(["", "x", "may help 🧪", "a\nb", "\r", "\n", "\r\n"]))
        after = apply_rewording(text, a, b, replacement)
        edit = _minimal_edit(pm, text, after)
        as_json = {"range": {"start": {"line": edit.range.start.line, "character": edit.range.start.character},
                             "end": {"line": edit.range.end.line, "character": edit.range.end.character}},
                   "newText": edit.new_text}
        assert apply_edits(text, [as_json]) == after

    check()
    # The case the property rarely draws: the common prefix ends between a CR and its LF.
    before, after = "a\r\nb", "a\r\r\nb"
    edit = _minimal_edit(PositionMap(before), before, after)
    as_json = {"range": {"start": {"line": edit.range.start.line, "character": edit.range.start.character},
                         "end": {"line": edit.range.end.line, "character": edit.range.end.character}},
               "newText": edit.new_text}
    assert apply_edits(before, [as_json]) == after
