"""Human output: grouped by file, underlined span, rewording, summary; colour only on a terminal."""
from __future__ import annotations

import io
import sys

from claimlint.findings import Finding
from claimlint.output.text import render_text, use_color
from claimlint.runner import RunResult

SOURCE = "# Title\n\nOur tea cures gout, they say.\n"


def result():
    f = Finding("page.md", 3, 9, 3, 19, "cure-claim", "CL001", "cure", "error", "Claims a cure.", "cures gout",
                ["may help ease symptoms of gout for some people"], start=17, end=27)
    return RunResult(findings=[f], files=1, sources={"page.md": SOURCE})


def test_plain_layout():
    out = render_text(result(), sources={"page.md": SOURCE}, color=False)
    lines = out.splitlines()
    assert lines[0] == "page.md"
    assert lines[1] == "page.md:3:9: error cure-claim [CL001] Claims a cure."
    assert lines[2] == "     3 | Our tea cures gout, they say."
    assert lines[3] == " " * 17 + "^" * 10
    assert "    suggestion: may help ease symptoms of gout for some people" in lines
    assert "    explain: claimlint rule cure-claim" in lines
    assert lines[-1] == "1 finding (1 error, 0 warning, 0 info) in 1 file."
    assert "\x1b[" not in out


def test_colour_when_asked():
    out = render_text(result(), sources={"page.md": SOURCE}, color=True)
    assert "\x1b[" in out and "page.md:3:9:" in out and "Findings by category and severity" in out


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color()
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert not use_color()


# Through the real CLI: colour forced or refused by the environment, width, formats.
import re  # noqa: E402

from conftest import run_claimlint  # noqa: E402

LONG = ("Many of our longtime clients tell us, after years of searching for answers elsewhere, that our "
        "ketamine infusions cure depression and are gentle on the body, so they recommend us to friends.\n")
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def styles_of(line: str, text: str) -> set[str]:
    """The SGR codes in force where `text` starts in an ANSI-coloured line."""
    pos = line.index(text)
    active: set[str] = set()
    for m in SGR.finditer(line[:pos]):
        codes = m.group(1).split(";") if m.group(1) else ["0"]
        active = set() if "0" in codes else active | set(codes)
    return active


def test_flagged_words_are_the_brightest_part_of_the_line(tmp_path):
    (tmp_path / "p.md").write_text(LONG)
    out = run_claimlint("check", "p.md", cwd=tmp_path, env={"FORCE_COLOR": "1", "COLUMNS": "120"}).stdout
    line = next(ln for ln in out.splitlines() if "cure depression" in ln and "|" in ln)
    flagged = styles_of(line, "cure depression")
    assert "1" in flagged and "4" in flagged and "2" not in flagged, (line, flagged)  # bold, underlined, not dim
    assert "2" not in styles_of(line, "infusions"), "the words around them are not dim"
    assert "2" in styles_of(line, "1 |"), "only the gutter is dim"


def test_excerpts_follow_the_terminal_width(tmp_path):
    (tmp_path / "p.md").write_text(LONG)
    for cols in (60, 80, 140):
        out = run_claimlint("check", "p.md", cwd=tmp_path, env={"COLUMNS": str(cols), "NO_COLOR": "1"}).stdout
        excerpt = [ln for ln in out.splitlines() if " | " in ln]
        assert excerpt and all(len(ln) <= cols for ln in excerpt), (cols, excerpt)
        assert any("cure depression" in ln for ln in excerpt)
    wide = run_claimlint("check", "p.md", cwd=tmp_path, env={"COLUMNS": "300", "NO_COLOR": "1"}).stdout
    assert LONG.strip() in wide, "a line that fits is shown whole"


def test_force_color_and_no_color(tmp_path):
    (tmp_path / "p.md").write_text(LONG)
    assert "\x1b[" in run_claimlint("check", "p.md", cwd=tmp_path, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run_claimlint("check", "p.md", cwd=tmp_path, env={"FORCE_COLOR": "", "NO_COLOR": ""}).stdout
    both = run_claimlint("check", "p.md", cwd=tmp_path, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in both, "NO_COLOR wins"


def test_diff_is_coloured_when_colour_is_on(tmp_path):
    (tmp_path / "p.md").write_text("85% of users improved.\n")
    plain = run_claimlint("check", "--diff", "p.md", cwd=tmp_path, env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in plain and "+85% [add the citation" in plain
    coloured = run_claimlint("check", "--diff", "p.md", cwd=tmp_path, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[31m-85% of users improved.\x1b[0m" in coloured
    assert "\x1b[32m+85% [add the citation" in coloured


def test_concise_quiet_and_statistics(tmp_path):
    (tmp_path / "p.md").write_text("Our tea cures gout and is completely safe.\n\nIt also cures insomnia.\n")
    concise = run_claimlint("check", "--format", "concise", "p.md", cwd=tmp_path, env={"NO_COLOR": "1"})
    assert concise.returncode == 1
    lines = concise.stdout.strip().splitlines()
    assert lines[:-1] == ["p.md:1:9: error cure-claim [CL001] " + lines[0].split("[CL001] ", 1)[1],
                          lines[1], lines[2]] and len(lines) == 4
    assert all(re.match(r"p\.md:\d+:\d+: (error|warning|info) [a-z-]+ \[[A-Z]+\d+\] ", ln) for ln in lines[:-1])
    assert lines[-1] == "3 findings (3 error, 0 warning, 0 info) in 1 file."
    quiet = run_claimlint("check", "--format", "concise", "-q", "p.md", cwd=tmp_path, env={"NO_COLOR": "1"})
    assert quiet.returncode == 1 and quiet.stdout.strip().splitlines() == lines[:-1]
    text_quiet = run_claimlint("check", "--quiet", "p.md", cwd=tmp_path, env={"NO_COLOR": "1"}).stdout
    assert "Findings by category" not in text_quiet and "findings (" not in text_quiet and "suggestion:" in text_quiet
    stats = run_claimlint("check", "--statistics", "p.md", cwd=tmp_path, env={"NO_COLOR": "1"})
    assert stats.returncode == 1
    rows = stats.stdout.strip().splitlines()
    assert re.match(r"2\s+CL001\s+cure-claim\s+error\s+fix: unsafe$", rows[0]), rows
    assert re.match(r"1\s+CL030\s+absolute-safety\s+error", rows[1]), rows
    assert rows[-1].startswith("3 findings")


def test_sources_made_printable_whole_are_as_made_printable_line_by_line():
    # terminal.safe_view makes a page's text printable in one pass; line by line it is the reference.
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from claimlint.positions import LINE_BREAK
    from claimlint.terminal import _printable_lines, printable

    alphabet = st.sampled_from(list("ab \t\r\n\x00\x07\x0b\x0c\x1b\x1c\x7f\x85\x9f\u061c\u200e\u202e\u2028\u2029\u2066é"))

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=40))
    def check(text):
        assert _printable_lines(text) == "\n".join(printable(line) for line in LINE_BREAK.split(text))

    check()
    assert re.search("[\r\x1b]", _printable_lines("a\r\nb\x1b[2J\rc")) is None
