"""Word drafts (.docx), read with python-docx.

Reviewers receive copy as Word documents. Each paragraph (body and table
cells, in document order) becomes one line of the extracted text, so a
finding's `line` is its paragraph number and its `column` the character in
that paragraph; a manual line break inside a paragraph is kept as a space,
and the finding also reports `paragraph` and `paragraph_line`.
"""
from __future__ import annotations

import io

from claimlint.documents.decode import DecodeError
from claimlint.documents.model import Document
from claimlint.documents.text import parse_text


def _paragraphs(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue  # merged cells repeat
                    seen.add(id(cell._tc))
                    out.extend(p.text for p in cell.paragraphs)
    return out


MAX_UNCOMPRESSED = 100 * 1024 * 1024  # bytes of XML and media a Word draft may expand to
MAX_RATIO = 200  # a member this much larger than its compressed bytes is a zip bomb, not a draft
MAX_PARAGRAPHS = 200_000


def check_zip(data: bytes) -> None:
    """Refuse zip bombs before python-docx inflates them: a 4 MB file took 8 GB of memory."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DecodeError(f"is not a readable Word document ({type(exc).__name__})") from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise DecodeError(f"expands to more than {MAX_UNCOMPRESSED // 2**20} MB when unzipped "
                              "(a zip bomb?); not read")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise DecodeError(f"has a part ({info.filename}) compressed more than {MAX_RATIO}:1 "
                              "(a zip bomb?); not read")


def parse_docx(path: str, data: bytes) -> Document:
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise DecodeError("needs python-docx to read Word files") from None
    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise DecodeError(f"is not a readable Word document ({type(exc).__name__})") from None
    paragraphs = _paragraphs(document)
    if len(paragraphs) > MAX_PARAGRAPHS:
        raise DecodeError(f"has more than {MAX_PARAGRAPHS:,} paragraphs; not read")
    breaks = [p.count("\n") for p in paragraphs]
    source = "\n".join(p.replace("\n", " ").replace("\r", " ") for p in paragraphs) + "\n"
    doc = parse_text(path, source, join_lines=False)
    doc.format = "docx"
    doc.paragraph_breaks = [[i for i, c in enumerate(p) if c == "\n"] for p in paragraphs] if any(breaks) else []
    # Every paragraph is its own block: a Word paragraph never continues the previous one.
    return doc
