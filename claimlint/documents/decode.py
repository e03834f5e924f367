"""Turn file bytes into text, or say clearly why that is not possible.

UTF-8 (with or without a BOM) is the default; an HTML file may declare
another charset in a <meta> tag, and a crawled page in its HTTP header
(`encoding`, which wins over the <meta> tag as in browsers; a BOM wins over
both). Only real, ASCII-compatible text encodings are accepted. Bytes that
look binary (NUL bytes) or do not decode are reported, never guessed at,
unless the caller asks for lossy decoding (`errors="replace"`, for crawled
pages, where one bad byte must not lose the page).
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


_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r\\x41\\u0041+ADw-"
_NOT_PAGE_ENCODINGS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"}


def _lookup(declared: str, where: str = "") -> str:
    """The codec for a declared charset, if it is a real ASCII-compatible text encoding.

    Python's codec registry also holds bytes-to-bytes transforms (base64, zlib,
    rot13) and encodings in which ASCII bytes mean something else (utf-7 turns
    `+ADw-` into `<`; unicode_escape, utf-16/32): a page cannot be decoded, and
    later rewritten, in those.
    """
    try:
        info = codecs.lookup(declared)
    except LookupError:
        raise DecodeError(f"declares an unknown charset {declared!r}{where}") from None
    ok = getattr(info, "_is_text_encoding", True) and info.name not in _NOT_PAGE_ENCODINGS
    if ok:
        try:
            ok = _ASCII.decode(info.name) == _ASCII.decode("ascii") and "+ADw-".encode(info.name) == b"+ADw-"
        except (UnicodeError, LookupError, TypeError):
            ok = False
    if not ok:
        raise DecodeError(f"declares the charset {declared!r}{where}, which is not a text encoding a web page can use")
    return info.name


_text_encoding = _lookup


def decode(data: bytes, fmt: str, encoding: str | None = None, errors: str = "strict") -> str:
    return decode_info(data, fmt, encoding, errors)[0]


def decode_info(data: bytes, fmt: str, encoding: str | None = None, errors: str = "strict") -> tuple[str, str, bytes]:
    """(text, codec name, byte-order mark): what `--fix` needs to write the file back as it was."""
    lossy = errors != "strict"
    bom = b""
    if data.startswith(codecs.BOM_UTF8):
        bom = codecs.BOM_UTF8
        data = data[len(codecs.BOM_UTF8):]
        encoding = "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        bom = data[:2]
        data = data[2:]
        encoding = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
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
                try:
                    encoding = _lookup(m.group(1).decode("ascii", "replace"))
                except DecodeError:
                    if not lossy:
                        raise
    if not encoding.startswith("utf-16") and not lossy and looks_binary(data):
        raise DecodeError("looks like a binary file (it contains NUL bytes)")
    try:
        text = data.decode(encoding, errors)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DecodeError(f"is not valid {encoding} (byte 0x{data[exc.start]:02x} at line {line})") from None
    return text, encoding, bom
