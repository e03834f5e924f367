"""Turn file bytes into text, or say clearly why that is not possible.

UTF-8 (with or without a BOM) is the default; an HTML file may declare
another charset in a <meta> tag, and a crawled page in its HTTP header
(`encoding`, which wins over the <meta> tag as in browsers; a BOM wins over
both). Bytes that look binary (NUL bytes) or do not decode are reported,
never guessed at, unless the caller asks for lossy decoding (`errors=
"replace"`, for crawled pages, where one bad byte must not lose the page).
"""
from __future__ import annotations

import codecs
import re


class DecodeError(Exception):
    """The file is binary or not valid in its declared encoding."""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def looks_binary(head: bytes) -> bool:
    """Content sniffing as git does it: a NUL byte in the first 8 kB."""
    return b"\x00" in head[:8192]


def _lookup(declared: str, where: str) -> str:
    try:
        return codecs.lookup(declared).name
    except LookupError:
        raise DecodeError(f"declares an unknown charset {declared!r}{where}") from None


def decode(data: bytes, fmt: str, encoding: str | None = None, errors: str = "strict") -> str:
    lossy = errors != "strict"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif encoding:
        try:
            encoding = _lookup(encoding, " in its HTTP header")
        except DecodeError:
            if not lossy:
                raise
            encoding = "utf-8"
    else:
        encoding = "utf-8"
        if fmt == "html":
            m = _META_CHARSET.search(data[:4096])
            if m:
                declared = m.group(1).decode("ascii", "replace")
                try:
                    encoding = _lookup(declared, "")
                except DecodeError:
                    if not lossy:
                        raise
    if encoding != "utf-16" and not lossy and looks_binary(data):
        raise DecodeError("looks like a binary file (it contains NUL bytes)")
    try:
        text = data.decode(encoding, errors)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DecodeError(f"is not valid {encoding} (byte 0x{data[exc.start]:02x} at line {line})") from None
    return text.lstrip("\ufeff") if encoding == "utf-16" else text
