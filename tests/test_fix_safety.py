"""`--fix` never damages a file: its encoding, byte-order mark, links, owner and read-only
state are kept, a rewording that cannot be encoded is refused, a second run changes nothing,
and every failure is a clear exit-2 error, never a traceback."""
from __future__ import annotations

import codecs
import os
import stat

import pytest

from conftest import run_claimlint

CLAIM = "Our tea cures gout. 65.8% of users agree.\n"


def fix(*args, cwd):
    return run_claimlint("check", "--no-cache", "--fix", "--unsafe-fixes", *map(str, args), cwd=cwd)


def test_utf16_file_keeps_its_encoding_and_bom(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(codecs.BOM_UTF16_LE + CLAIM.encode("utf-16-le"))
    proc = fix(page, cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    data = page.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    text = data[2:].decode("utf-16-le")
    assert "cures gout" not in text and "[add the citation" in text


def test_latin1_page_is_written_back_in_latin1_and_unencodable_rewordings_refused(tmp_path):
    page = tmp_path / "page.html"
    html = '<meta charset="iso-8859-1"><p>Caf\xe9 owners say 65.8% of users agree.</p>\n'
    page.write_bytes(html.encode("latin-1"))
    proc = fix(page, cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    fixed = page.read_bytes().decode("latin-1")  # still Latin-1: no UTF-8 bytes under a Latin-1 meta
    assert "Caf\xe9" in fixed and "[add the citation" in fixed
    page2 = tmp_path / "dash.html"
    page2.write_bytes('<meta charset="us-ascii"><p>Our tea cures gout.</p>\n'.encode("ascii"))
    rules = tmp_path / "rules"
    rules.mkdir()
    from test_rule_loading import GOOD

    (rules / "r.yaml").write_text(GOOD.replace('["may help some people with {condition}"]', '["may ease {condition} — for some"]'))
    before = page2.read_bytes()
    proc = run_claimlint("check", "--no-cache", "--no-builtin-rules", "--rules", str(rules), "--fix", "--unsafe-fixes",
                         str(page2), cwd=tmp_path)
    assert proc.returncode == 2 and "cannot be written in the file's encoding (ascii)" in proc.stderr, proc.stderr
    assert page2.read_bytes() == before


@pytest.mark.parametrize("charset", ["utf-7", "unicode_escape", "base64", "rot13", "zlib"])
def test_only_real_text_encodings_are_accepted(tmp_path, charset):
    page = tmp_path / "page.html"
    page.write_bytes(f'<meta charset="{charset}"><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4- Our tea cures gout.</p>'.encode())
    before = page.read_bytes()
    proc = fix(page, cwd=tmp_path)
    assert proc.returncode == 2 and "not a text encoding" in proc.stderr and "internal error" not in proc.stderr
    assert page.read_bytes() == before


def test_symlink_hard_link_and_permissions_are_kept(tmp_path):
    real = tmp_path / "real.md"
    real.write_text(CLAIM)
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    hard = tmp_path / "hard.md"
    os.link(real, hard)
    proc = fix(link, cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert os.stat(real).st_ino == os.stat(hard).st_ino and os.stat(real).st_nlink == 2
    assert "cures gout" not in hard.read_text() and stat.S_IMODE(real.stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="changing owners needs root")
def test_owner_is_kept_when_run_as_root(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(CLAIM)
    os.chown(page, 12345, 12345)
    fix(page, cwd=tmp_path)
    st = page.stat()
    assert (st.st_uid, st.st_gid) == (12345, 12345) and "cures gout" not in page.read_text()


def test_read_only_file_is_left_alone(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(CLAIM)
    page.chmod(0o444)
    proc = fix(page, cwd=tmp_path)
    assert proc.returncode == 2 and "read-only; not fixed" in proc.stderr and "Traceback" not in proc.stderr
    assert page.read_text() == CLAIM


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write any folder")
def test_unwritable_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    page = folder / "page.md"
    page.write_text(CLAIM)
    folder.chmod(0o555)
    try:
        proc = fix(page, cwd=tmp_path)
    finally:
        folder.chmod(0o755)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "page.md" in proc.stderr


def test_fix_is_idempotent_on_run_together_words(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("It has a rapid effecta rapid effect.\n")
    fix(page, cwd=tmp_path)
    once = page.read_text()
    assert "rapid" not in once
    fix(page, cwd=tmp_path)
    assert page.read_text() == once
