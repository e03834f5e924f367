"""--diff and --fix: safe and unsafe rewordings, atomic writes, idempotence, markup kept."""
from __future__ import annotations

import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_claimlint

PAGE = """# Our clinic

After one year, 65.8% of patients stayed sober. Studies show it works.

Our infusions cure depression and are **completely safe**.

Keep <b>cures gout</b> markup: our tea cures <em>gout</em> too.
"""


def test_diff_writes_nothing(tmp_path):
    p = tmp_path / "page.md"
    p.write_text(PAGE)
    proc = run_claimlint("check", "--diff", "page.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert "-After one year, 65.8% of patients" in proc.stdout
    assert "+After one year, 65.8% [add the citation: study, year] of patients" in proc.stdout
    assert "cure depression" not in [l for l in proc.stdout.splitlines() if l.startswith("+")]  # unsafe: not without the flag
    assert p.read_text() == PAGE


def test_a_question_answered_yes_is_reworded_without_a_second_modal_or_a_stacked_rewording(tmp_path):
    """'Can X cure Y? Yes.' asserts the claim; its rewording keeps the question's own auxiliary
    ('Can X help ease ...?', not 'Can X may help ease ...?'), and a rewording that still claims
    (there is a 'Yes') is not applied onto itself round after round ('help help treat')."""
    p = tmp_path / "faq.md"
    p.write_text("Can our tea cure gout? Yes.\n\nCan our drops treat insomnia? Yes, within days.\n")
    proc = run_claimlint("check", "--fix", "--unsafe-fixes", "faq.md", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    fixed = p.read_text()
    assert "Can our tea help ease symptoms of gout for some people? Yes." in fixed, fixed
    assert "Can our drops help treat insomnia? Yes, within days." in fixed, fixed
    run_claimlint("check", "--fix", "--unsafe-fixes", "faq.md", cwd=tmp_path)
    assert p.read_text() == fixed


def test_diff_of_standard_input_is_headed_with_its_stdin_filename(tmp_path):
    proc = run_claimlint("check", "--diff", "--stdin-filename", "docs/page.md", "-", cwd=tmp_path, input=PAGE)
    assert proc.returncode == 1, proc.stderr
    assert "--- a/docs/page.md" in proc.stdout and "+++ b/docs/page.md" in proc.stdout, proc.stdout[:300]


def test_fix_safe_then_unsafe_and_idempotent(tmp_path):
    p = tmp_path / "page.md"
    p.write_text(PAGE)
    p.chmod(0o640)
    proc = run_claimlint("check", "--fix", "page.md", cwd=tmp_path)
    once = p.read_text()
    assert "65.8% [add the citation: study, year] of patients" in once
    assert "Studies show [name the study: authors, journal, year] it works" in once
    assert "cure depression" in once  # unsafe fixes need --unsafe-fixes
    assert "applied 2 rewordings (safe only" in proc.stderr
    assert stat.S_IMODE(p.stat().st_mode) == 0o640

    run_claimlint("check", "--fix", "--unsafe-fixes", "page.md", cwd=tmp_path)
    twice = p.read_text()
    assert "may help ease symptoms of depression for some people" in twice
    assert "**generally well tolerated, though not risk-free**" in twice  # markup around the claim kept
    assert "our tea cures <em>gout</em> too" in twice  # markup inside a claim: left alone

    run_claimlint("check", "--fix", "--unsafe-fixes", "page.md", cwd=tmp_path)
    assert p.read_text() == twice  # a second --fix changes nothing
    assert sorted(os.listdir(tmp_path)) == ["page.md"]  # no temporary files left behind


def test_fix_refuses_a_file_that_changed_since_it_was_read(tmp_path):
    import hashlib

    from claimlint.fixing import FixError, write_fixed

    p = tmp_path / "page.md"
    p.write_text(PAGE)
    digest = hashlib.sha256(PAGE.encode()).hexdigest()
    p.write_text(PAGE + "\nA line someone added meanwhile.\n")
    with pytest.raises(FixError, match="changed since it was read"):
        write_fixed(str(p), digest, "rewritten")
    assert p.read_text().endswith("meanwhile.\n")


def test_fix_keeps_bom_and_crlf(tmp_path):
    p = tmp_path / "page.txt"
    p.write_bytes(b"\xef\xbb\xbfIntro.\r\n85% of users improved.\r\n")
    run_claimlint("check", "--fix", "page.txt", cwd=tmp_path)
    assert p.read_bytes() == b"\xef\xbb\xbfIntro.\r\n85% [add the citation: study, year] of users improved.\r\n"


def test_fix_on_stdin_is_refused(tmp_path):
    proc = run_claimlint("check", "--fix", "-", cwd=tmp_path, input="85% of users improved.\n")
    assert proc.returncode == 2 and "standard input cannot be fixed in place" in proc.stderr


PIECES = ["Our tea cures gout. ", "85% of users improved. ", "It is completely safe. ", "Studies show it works. ",
          "**", "*", "`", "[link](http://x.y) ", "<b>", "</b>", "\n", "\n\n", "- ", "# ", "Proven results. ",
          "It works every time. ", "Side effects are mild. ", "You will feel better. ", "🌿 ", "A rapid effect. "]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join), st.sampled_from(["markdown", "text", "html"]))
def test_fuzz_fixes_change_only_flagged_spans_and_converge(source, fmt):
    from claimlint import fixing
    from claimlint.documents import parse
    from claimlint.engine import Linter
    from claimlint.ruleset import load_ruleset

    global _linter
    try:
        linter = _linter
    except NameError:
        linter = _linter = Linter(load_ruleset())
    findings = linter.lint(parse("f", source, fmt))
    edits = fixing.plan(source, findings, unsafe=True)
    fixed = fixing.apply(source, edits)
    # Outside the edited spans nothing changes: rebuild the text from the untouched pieces.
    pos, kept = 0, []
    for e in sorted(edits, key=lambda e: e.start):
        kept.append(source[pos:e.start])
        pos = e.end
    kept.append(source[pos:])
    remaining = fixed.lower()  # deleting a sentence's first word capitalises the next one: allowed
    for piece in kept:
        core = piece.strip().lower()
        if core:
            at = remaining.find(core)
            assert at >= 0, (piece, fixed)
            remaining = remaining[at + len(core):]
    parse("f", fixed, fmt)  # still parses
    again = fixing.plan(fixed, linter.lint(parse("f", fixed, fmt)), unsafe=True)
    assert fixing.apply(fixed, again) == fixed or len(again) < len(edits)
