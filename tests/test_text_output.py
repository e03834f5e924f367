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
