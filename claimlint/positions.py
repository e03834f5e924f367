"""Map character offsets in a source file to 1-based line and column numbers.

Lines break at LF, CRLF and a lone CR, as editors and SARIF viewers count
them; columns count Unicode code points, as the JSON contract requires.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what ends a line here, and in the terminal report


def _after_break(start: int, length: int) -> int:
    return start + length + 1


class LineIndex:
    """Offset <-> (line, column) conversion for one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        if "\r" in text:
            self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
        else:  # LF only (nearly every file): line lengths summed, a quarter of the regex's time
            self.starts = list(accumulate(map(len, text.split("\n")[:-1]), _after_break, initial=0))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; `len(text)` is allowed."""
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def span(self, start: int, end: int) -> tuple[int, int, int, int]:
        """position(start) + position(end) for start <= end: the end's line is looked for only
        when it is not the start's (most spans are on one line)."""
        starts = self.starts
        line = bisect_right(starts, start) - 1
        first = starts[line]
        nxt = line + 1
        if nxt == len(starts) or end < starts[nxt]:
            return line + 1, start - first + 1, line + 1, end - first + 1
        end_line = bisect_right(starts, end, nxt) - 1
        return line + 1, start - first + 1, end_line + 1, end - starts[end_line] + 1

    def offset(self, line: int, column: int) -> int:
        """Inverse of `position`."""
        return self.starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")
