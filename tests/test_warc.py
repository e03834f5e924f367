"""Web archives: WARC and WET files linted page by page with exact positions."""
from __future__ import annotations

import gzip
import io
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import run_claimlint, text_at

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

GZIPPED = "<html><head><title>Tonic</title></head><body>\n<p>Our tonic cures insomnia.</p>\n</body></html>\n"
CP1252 = ("<html><body>\n<p>Maria\u2019s caf\u00e9 blend is 100% safe and cures anxiety \u2013 "
          "guaranteed.</p>\n</body></html>\n")
BAD_BYTE = b"<html><body><p>Line one.</p>\n<p>Caf\xff drops cure tinnitus fast.</p></body></html>\n"
NOT_FOUND = "<html><body><p>Page gone. Our tonic cures insomnia.</p></body></html>"
WET_TEXT = ("Sleep tonic\n\nOur herbal tonic cures insomnia in days and is completely safe.\n"
            "Clinically proven to reverse diabetes.\n")


def _chunked(data: bytes, size: int = 17) -> bytes:
    out = b""
    for i in range(0, len(data), size):
        part = data[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def _response(writer, url, body: bytes, headers, status="200 OK"):
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def build_warc(path, gzip_records=True):
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=gzip_records)
        w.write_record(w.create_warcinfo_record("test.warc.gz", {"software": "claimlint tests"}))
        req = StatusAndHeaders("GET /gz HTTP/1.1", [("Host", "shop.test")], is_http_request=True)
        w.write_record(w.create_warc_record("https://shop.test/gz", "request", payload=io.BytesIO(b""), http_headers=req))
        _response(w, "https://shop.test/gz", _chunked(gzip.compress(GZIPPED.encode())),
                  [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")])
        _response(w, "https://shop.test/cafe", CP1252.encode("cp1252"),
                  [("Content-Type", "text/html; charset=windows-1252")])
        _response(w, "https://shop.test/bad", BAD_BYTE, [("Content-Type", "text/html; charset=utf-8")])
        _response(w, "https://shop.test/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00 cures insomnia", [("Content-Type", "image/png")])
        _response(w, "https://shop.test/gone", NOT_FOUND.encode(), [("Content-Type", "text/html")], status="404 Not Found")
        revisit = w.create_revisit_record("https://shop.test/gz", digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                          refers_to_uri="https://shop.test/gz", refers_to_date="2026-01-01T00:00:00Z")
        w.write_record(revisit)


EXPECTED_BODIES = {
    "https://shop.test/gz": GZIPPED,
    "https://shop.test/cafe": CP1252,
    "https://shop.test/bad": BAD_BYTE.decode("utf-8", "replace"),
}


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_pages_are_linted_with_exact_positions(tmp_path, gz):
    name = "crawl.warc.gz" if gz else "crawl.warc"
    build_warc(tmp_path / name, gzip_records=gz)
    proc = run_claimlint("check", "--format", "json", "--no-cache", name, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["errors"] == []
    findings = data["findings"]
    assert {f["url"] for f in findings} == set(EXPECTED_BODIES)  # no image, 404, revisit or request
    assert data["summary"]["files"] == 3
    for f in findings:
        assert f["path"] == f["url"] and f["warc_file"] == name
        assert f["warc_record_id"].startswith("<urn:uuid:")
        assert text_at(EXPECTED_BODIES[f["url"]], f) == f["text"], f
    cafe = [f for f in findings if f["url"] == "https://shop.test/cafe"]
    assert {"cure", "safety"} <= {f["category"] for f in cafe}
    assert any("\u2019" in f["sentence"] for f in cafe)  # 0x92 decoded as the header said


def test_record_offsets_are_those_of_the_url_index(tmp_path):
    from claimlint.documents.warc import read_record

    build_warc(tmp_path / "crawl.warc.gz")
    proc = run_claimlint("check", "--format", "json", "--no-cache", "crawl.warc.gz", cwd=tmp_path)
    records = {(f["url"], f["warc_record_offset"], f["warc_record_length"]) for f in json.loads(proc.stdout)["findings"]}
    for url, offset, length in records:
        with open(tmp_path / "crawl.warc.gz", "rb") as fh:
            fh.seek(offset)
            member = fh.read(length)
        assert gzip.decompress(member).startswith(b"WARC/1")  # one whole gzip member
        page = read_record(str(tmp_path / "crawl.warc.gz"), offset, length)
        assert page is not None and page.url == url and page.offset == offset


def _wet(path, text: str, url="https://clinic.test/sleep"):
    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "claimlint tests"}))
        rec = w.create_warc_record(url, "conversion", payload=io.BytesIO(text.encode("utf-8")),
                                   warc_content_type="text/plain")
        w.write_record(rec)


def test_wet_findings_equal_those_of_the_same_text_file(tmp_path):
    _wet(tmp_path / "crawl.warc.wet.gz", WET_TEXT)
    (tmp_path / "page.txt").write_text(WET_TEXT)
    wet = json.loads(run_claimlint("check", "--format", "json", "--no-cache", "crawl.warc.wet.gz", cwd=tmp_path).stdout)
    txt = json.loads(run_claimlint("check", "--format", "json", "--no-cache", "page.txt", cwd=tmp_path).stdout)
    assert txt["findings"]
    extra = {"path", "url", "warc_file", "warc_record_offset", "warc_record_length", "warc_record_id"}
    strip = lambda fs: [{k: v for k, v in f.items() if k not in extra} for f in fs]
    assert strip(wet["findings"]) == strip(txt["findings"])
    assert {f["url"] for f in wet["findings"]} == {"https://clinic.test/sleep"}


def test_other_formats_accept_archive_findings(tmp_path):
    build_warc(tmp_path / "crawl.warc.gz")
    sarif = json.loads(run_claimlint("check", "--format", "sarif", "--no-cache", "crawl.warc.gz", cwd=tmp_path).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == set(EXPECTED_BODIES)
    junit = ET.fromstring(run_claimlint("check", "--format", "junit", "--no-cache", "crawl.warc.gz", cwd=tmp_path).stdout)
    failing = {c.get("name") for c in junit.iter("testcase") if c.find("failure") is not None}
    assert failing == set(EXPECTED_BODIES)
    github = run_claimlint("check", "--format", "github", "--no-cache", "crawl.warc.gz", cwd=tmp_path).stdout
    assert "file=https%3A//shop.test/cafe" in github
    text = run_claimlint("check", "--no-cache", "crawl.warc.gz", cwd=tmp_path)
    assert text.returncode == 1 and "https://shop.test/cafe:2:" in text.stdout
    fix = run_claimlint("check", "--fix", "--no-cache", "crawl.warc.gz", cwd=tmp_path)
    assert fix.returncode == 2 and "cannot be fixed in place" in fix.stderr and "Traceback" not in fix.stderr


def test_a_folder_with_an_archive_is_linted(tmp_path):
    (tmp_path / "site").mkdir()
    build_warc(tmp_path / "site" / "crawl.warc.gz")
    (tmp_path / "site" / "about.md").write_text("Our drops cure tinnitus.\n")
    data = json.loads(run_claimlint("check", "--format", "json", "--no-cache", "site", cwd=tmp_path).stdout)
    assert {f["path"] for f in data["findings"]} == set(EXPECTED_BODIES) | {"site/about.md"}


def test_unreadable_and_truncated_archives_are_reported(tmp_path):
    (tmp_path / "junk.warc.gz").write_bytes(b"this is not a warc file at all\n" * 3)
    proc = run_claimlint("check", "--no-cache", "junk.warc.gz", cwd=tmp_path)
    assert proc.returncode == 2 and "junk.warc.gz" in proc.stderr and "Traceback" not in proc.stderr
    build_warc(tmp_path / "crawl.warc.gz")
    whole = (tmp_path / "crawl.warc.gz").read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(whole[: len(whole) - 200])
    proc = run_claimlint("check", "--format", "json", "--no-cache", "cut.warc.gz", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    data = json.loads(proc.stdout)
    assert data["findings"]  # the pages before the break are still reported
    assert any("cut.warc.gz" in e for e in data["errors"])


def test_api_reads_one_record_from_a_url_index_entry(tmp_path):
    import claimlint
    from claimlint.documents.warc import read_record

    build_warc(tmp_path / "crawl.warc.gz")
    linter = claimlint.Linter.from_options()
    everything = [f.to_dict() for f in linter.lint_file(tmp_path / "crawl.warc.gz")]
    cafe = [f for f in everything if f["url"] == "https://shop.test/cafe"]
    assert cafe
    page = read_record(str(tmp_path / "crawl.warc.gz"), cafe[0]["warc_record_offset"], cafe[0]["warc_record_length"])
    assert [f.to_dict() for f in linter.lint_page(page)] == cafe
