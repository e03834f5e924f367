"""Readers that turn files into prose blocks with exact source positions."""
from __future__ import annotations

from pathlib import Path

from claimlint.documents.decode import DecodeError, decode, decode_info
from claimlint.documents.model import Block, Document

FORMATS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".mdx": "mdx", ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text",
    ".docx": "docx",
}


ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")  # web archives (claimlint.documents.warc)


def format_for(path: str | Path, default: str = "markdown") -> str:
    return FORMATS.get(Path(path).suffix.lower(), default)


def is_archive(path: str) -> bool:
    """A web archive's name (WARC or WET, gzipped or not): told apart without importing its reader."""
    return str(path).lower().endswith(ARCHIVE_SUFFIXES)


def parse(path: str, source: str, fmt: str) -> Document:
    """Parse decoded text in the given format into a Document."""
    if fmt == "html":
        from claimlint.documents.html import parse_html
        return parse_html(path, source)
    if fmt == "text":
        from claimlint.documents.text import parse_text
        return parse_text(path, source)
    if fmt == "mdx":
        from claimlint.documents.markdown import parse_mdx
        return parse_mdx(path, source)
    from claimlint.documents.markdown import parse_markdown
    return parse_markdown(path, source)


def load(path: str, data: bytes, fmt: str | None = None, encoding: str | None = None,
         errors: str = "strict") -> Document:
    """Decode and parse file bytes; raises DecodeError with a reason.
    `encoding` is a charset declared outside the file (an HTTP header);
    `errors="replace"` decodes lossily (crawled pages)."""
    fmt = fmt or format_for(path)
    if fmt == "docx":
        from claimlint.documents.docx import parse_docx
        return parse_docx(path, data)
    text, encoding, bom = decode_info(data, fmt, encoding, errors)
    doc = parse(path, text, fmt)
    doc.encoding, doc.bom = encoding, bom
    return doc


__all__ = ["Block", "Document", "DecodeError", "FORMATS", "format_for", "load", "parse"]
