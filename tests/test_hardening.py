"""Bad input: clear errors, the rest still checked, exact positions, nothing crashes."""
from __future__ import annotations

import json
import os

import pytest

from conftest import assert_positions_hold, text_at

CLAIM = "Our tea cures gout.\n"


def check(cli, *paths):
    code, out, err = cli("check", "--format", "json", *map(str, paths))
    return code, json.loads(out), err


def test_binary_files_skipped_when_recursing_and_an_error_when_named(cli, tmp_path):
    (tmp_path / "page.md").write_text(CLAIM)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "font.md").write_bytes(b"wOFF\x00\x01\x00\x00" + bytes(200))  # binary content, prose extension
    code, data, err = check(cli, tmp_path)
    assert code == 1 and err == "" and data["summary"]["files"] == 1
    code, data, err = check(cli, tmp_path / "font.md", tmp_path / "page.md")
    assert code == 2 and "font.md: looks like a binary file" in err and data["findings"]


def test_html_charsets(cli, tmp_path):
    latin = '<meta charset="iso-8859-1"><p>Caf\xe9 tea cures gout.</p>\n'
    (tmp_path / "latin.html").write_bytes(latin.encode("latin-1"))
    (tmp_path / "bogus.html").write_bytes(b'<meta charset="klingon-9"><p>Our tea cures gout.</p>')
    code, data, err = check(cli, tmp_path / "latin.html", tmp_path / "bogus.html")
    assert code == 2 and "bogus.html: declares an unknown charset 'klingon-9'" in err
    assert_positions_hold(data, {str(tmp_path / "latin.html"): latin})


@pytest.mark.parametrize("name,content", [
    ("empty.md", ""),
    ("nonewline.md", "Our tea cures gout."),
    ("crlf.txt", "Intro.\r\nOur tea cures gout.\r\n"),
    ("cr.txt", "Intro.\rOur tea cures gout.\r"),
    ("tabs.md", "\tIndented code cures gout.\n\nOur\ttea\tcures\tgout.\n"),
    pytest.param("long.md", ("Filler words here. " * 6000) + "Our tea cures gout. " + ("More filler. " * 6000) + "\n",
                 marks=pytest.mark.slow),
    ("nested.html", "<div>" * 3000 + "<p>Our tea cures gout.</p>" + "</div>" * 10 + "<p>unclosed <b>bold <i>x"),
    ("frontmatter.md", "---\ntitle: [unclosed\n  - : :\n---\n\nOur tea cures gout.\n"),
    ("deep.md", "> " * 200 + "Our tea cures gout.\n\n" + "".join("  " * i + "- item\n" for i in range(60))),
    ("entities.html", "<p>Our tea &amp; honey cures&nbsp;gout &#x2014; and &bogus; stuff</p>"),
])
def test_awkward_files_keep_exact_positions(cli, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    code, data, err = check(cli, path)
    assert code in (0, 1), err
    for f in data["findings"]:
        assert text_at(content, f) == f["text"]


def test_bom_is_not_counted(cli, tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbfOur tea cures gout.\n")
    f = check(cli, path)[1]["findings"][0]
    assert (f["line"], f["column"], f["text"]) == (1, 9, "cures gout")


@pytest.mark.slow
def test_huge_single_paragraph_is_chunked(cli, tmp_path):
    text = ("Our clinic is open every weekday. " * 9000) + "Our tea cures gout. " + ("Parking is free. " * 9000)
    path = tmp_path / "huge.txt"
    path.write_text(text)
    data = check(cli, path)[1]
    assert [f["text"] for f in data["findings"]] == ["cures gout"]
    assert_positions_hold(data, {str(path): text})


def test_symlink_loop_and_dangling_link_are_reported(cli, tmp_path):
    (tmp_path / "good.md").write_text(CLAIM)
    os.symlink(tmp_path / "loop2.md", tmp_path / "loop1.md")
    os.symlink(tmp_path / "loop1.md", tmp_path / "loop2.md")
    os.symlink(tmp_path / "missing.md", tmp_path / "dangling.md")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "up")  # a directory loop: not followed
    code, data, err = check(cli, tmp_path / "good.md", tmp_path / "loop1.md", tmp_path / "dangling.md")
    assert code == 2
    assert "loop1.md: cannot read" in err and "dangling.md" in err
    assert data["summary"]["files"] == 1
    code, data, err = check(cli, tmp_path)
    assert data["summary"]["files"] == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any directory")
def test_unreadable_directory(cli, tmp_path):
    (tmp_path / "ok.md").write_text(CLAIM)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.md").write_text(CLAIM)
    locked.chmod(0)
    try:
        code, data, err = check(cli, tmp_path)
        assert code == 2 and "cannot read directory" in err and data["summary"]["files"] == 1
    finally:
        locked.chmod(0o755)


def test_internal_error_in_one_file_does_not_hide_others(cli, tmp_path, monkeypatch):
    import claimlint.documents.text as text_reader

    (tmp_path / "a.txt").write_text(CLAIM)
    (tmp_path / "b.md").write_text(CLAIM)
    monkeypatch.setattr(text_reader, "parse_text", lambda *a: (_ for _ in ()).throw(ValueError("boom")))
    code, data, err = check(cli, tmp_path / "a.txt", tmp_path / "b.md")
    assert code == 2 and "a.txt: internal error while linting (ValueError: boom)" in err
    assert data["findings"]
