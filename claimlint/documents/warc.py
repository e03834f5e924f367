"""Web archives (WARC, and Common Crawl's WET text extracts) as pages to lint.

A crawl is stored as WARC records; claimlint lints the pages in it:
`response` records with an HTTP status 2xx and a text content type (HTML,
XHTML, plain text, Markdown), `resource` records of those types, and
`conversion` records (WET: the text Common Crawl extracted from a page).
Everything else (requests, revisits, metadata, images, redirects, 404s) is
skipped. warcio undoes gzip members, chunked transfer encoding and content
encodings; the HTTP header's charset is passed on so the page decodes as a
browser would, and decoding is lossy (a bad byte becomes U+FFFD) because one
stray byte must not lose a crawled page.

Each page carries what a finding must report about where it came from: the
target URL, the WARC file, the record's offset and length (as in Common
Crawl's URL index) and its WARC-Record-ID.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO, Iterator

TEXT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
              "text/markdown": "markdown", "text/x-markdown": "markdown"}
PAGE_RECORDS = ("response", "resource", "conversion")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


from claimlint.documents.decode import DecodeError


class ArchiveError(DecodeError):
    """The archive cannot be read (not a WARC, truncated, bad gzip): reported like an undecodable file."""


@dataclass
class Page:
    """One lintable record: its body bytes and where it came from."""

    url: str
    warc_file: str
    offset: int
    length: int
    record_id: str
    data: bytes
    format: str  # html | text | markdown
    encoding: str | None  # the charset the HTTP header (or WARC header) declares

    @property
    def path(self) -> str:
        """The name findings are reported under: the target URL (or the record's place in the file)."""
        return self.url or f"{self.warc_file}#{self.offset}"

    def record(self) -> dict:
        """The extra keys a finding from this page carries (additions to the JSON contract)."""
        return {"url": self.url, "warc_file": self.warc_file, "warc_record_offset": self.offset,
                "warc_record_length": self.length, "warc_record_id": self.record_id}


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    m = _CHARSET.search(content_type)
    return content_type.split(";")[0].strip().lower(), (m.group(1) if m else None)


def _classify(record) -> tuple[str, str | None] | None:
    """(format, declared charset) of a record worth linting, else None."""
    if record.rec_type not in PAGE_RECORDS:
        return None
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        media, charset = _media_type(record.http_headers.get_header("Content-Type"))
    else:
        media, charset = _media_type(record.rec_headers.get_header("Content-Type"))
        if record.rec_type == "conversion" and not media:
            media = "text/plain"
    fmt = TEXT_TYPES.get(media)
    if fmt is None:
        return None
    if record.rec_type == "conversion" and charset is None:
        charset = "utf-8"  # WET bodies are UTF-8
    return fmt, charset


def iter_pages(source: str | BinaryIO, name: str | None = None, errors: list[str] | None = None) -> Iterator[Page]:
    """The lintable pages of a WARC/WET file (a path or a binary stream).

    A record whose body cannot be read is reported in `errors` and skipped;
    an archive that breaks off mid-way yields the pages before the break and
    reports the break. Raises ArchiveError when nothing can be read at all."""
    from warcio.archiveiterator import ArchiveIterator

    name = name or (source if isinstance(source, str) else getattr(source, "name", "<archive>"))
    fh = open(source, "rb") if isinstance(source, str) else source
    seen = 0
    try:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                if record.format != "warc":  # warcio reads any text as an old ARC file: not a web archive here
                    raise ValueError(f"found {record.format or 'unknown'} data, not a WARC record")
                seen += 1
                kind = _classify(record)
                if kind is None:
                    continue
                try:
                    data = record.content_stream().read()
                except Exception as exc:  # a broken gzip or chunked body: skip this record only
                    if errors is not None:
                        url = record.rec_headers.get_header("WARC-Target-URI") or "?"
                        errors.append(f"{name}: record for {url}: cannot read its body ({exc})")
                    continue
                page = Page(url=record.rec_headers.get_header("WARC-Target-URI") or "", warc_file=name,
                            offset=it.get_record_offset(), length=it.get_record_length(),
                            record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
                            data=data, format=kind[0], encoding=kind[1])
                yield page
        except Exception as exc:  # warcio on a truncated or damaged file: ArchiveLoadFailed, zlib, EOF, ...
            if seen == 0:
                raise ArchiveError(f"is not a readable WARC file ({exc})") from None
            if errors is not None:
                errors.append(f"{name}: archive breaks off after {seen} records ({exc})")
    finally:
        if isinstance(source, str):
            fh.close()


def read_record(path: str, offset: int, length: int | None = None) -> Page | None:
    """The page stored at one offset of a WARC file, as Common Crawl's URL
    index gives it (warc_filename, warc_record_offset, warc_record_length);
    None when that record is not a lintable page."""
    import io

    with open(path, "rb") as fh:
        fh.seek(offset)
        chunk = fh.read(length) if length else fh.read()
    for page in iter_pages(io.BytesIO(chunk), name=path):
        if page.offset != 0:
            return None  # the record at `offset` was not a page; this one follows it
        page.offset = offset
        return page
    return None
