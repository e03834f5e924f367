"""Word drafts: findings by paragraph number (and line within it), in every format."""
from __future__ import annotations

import json

import docx
import pytest


@pytest.fixture
def draft(tmp_path):
    d = docx.Document()
    d.add_heading("Our detox programme", 1)
    d.add_paragraph("We are open on weekdays.")
    p = d.add_paragraph("Our detox cures alcoholism.")
    p.add_run().add_break()
    p.add_run("It is completely safe.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Result"
    table.cell(0, 1).text = "Clinically proven"
    path = tmp_path / "draft.docx"
    d.save(path)
    return path


def test_findings_by_paragraph(cli, draft):
    data = json.loads(cli("check", "--format", "json", str(draft))[1])
    got = {(f["text"], f["paragraph"], f["paragraph_line"], f["line"]) for f in data["findings"]}
    assert ("cures alcoholism", 3, 1, 3) in got
    assert ("completely safe", 3, 2, 3) in got
    assert ("Clinically proven", 5, 1, 5) in got


@pytest.mark.parametrize("fmt", ["text", "sarif", "github", "gitlab", "junit", "html"])
def test_every_format(cli, draft, fmt):
    code, out, err = cli("check", "--format", fmt, str(draft))
    assert code == 1, err
    assert "draft.docx" in out and ("3" in out)


def test_a_corrupt_docx_is_reported(cli, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    code, _, err = cli("check", str(bad))
    assert code == 2 and "bad.docx: is not a readable Word document" in err
