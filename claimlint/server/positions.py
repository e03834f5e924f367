"""Source offsets <-> LSP positions, in the encoding the client negotiated.

LSP counts a position's `character` in code units of the negotiated
encoding (UTF-16 unless the client offers another), and breaks lines only
at LF, CRLF and a lone CR. Findings carry offsets into the source string
(code points), so an emoji or any astral character before a claim counts 1
there and 2 in UTF-16: converting here keeps ranges on the claim.
"""
from __future__ import annotations

from claimlint.positions import LineIndex


def _units(text: str, encoding: str) -> int:
    """How many code units `text` takes in the encoding."""
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return len(text)
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class PositionMap:
    """Offsets of one text as LSP (line, character) pairs and back."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.index = LineIndex(text)

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, character) of a source offset."""
        offset = max(0, min(offset, len(self.text)))
        line, col = self.index.position(offset)
        start = self.index.starts[line - 1]
        return line - 1, _units(self.text[start:start + col - 1], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """Source offset of a 0-based LSP position, clamped to its line as the spec asks."""
        if line < 0:
            return 0
        if line >= len(self.index.starts):
            return len(self.text)
        start = self.index.starts[line]
        text = self.index.line_text(line + 1)
        if self.encoding == "utf-32" or text.isascii():
            return start + min(max(character, 0), len(text))
        units = 0
        for i, c in enumerate(text):
            if units >= character:
                return start + i
            units += _units(c, self.encoding)
        return start + len(text)

    def line_end(self, line: int) -> int:
        """Offset of the end of a 0-based line, before its line break."""
        return self.index.starts[line] + len(self.index.line_text(line + 1))
