"""The document model every reader produces: blocks of prose with a map to the source.

A reader turns a file into `Block`s. Each block holds only the prose a reader
would see (markup, code and URLs removed) and, for every prose character, the
offset of the source character it came from. Findings are computed on prose
and mapped back through `offsets`, so their positions always hold their text.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field


@dataclass
class Block:
    """A unit of prose: a paragraph, heading, list item, table cell or field."""

    text: str
    offsets: "array[int] | list[int]"  # array("I"): 4 bytes a character (sources up to 4 G characters), not a Python int each
    kind: str = "paragraph"
    lead_in: "Block | None" = None
    links: list[tuple[int, int]] = field(default_factory=list)
    footnote_refs: list[tuple[int, int, str]] = field(default_factory=list)
    # Prose characters that stand for more than one source character (an entity such as
    # `&#37;`, an escape such as `\|`): prose index -> source end. Sparse: most text is verbatim.
    ends: dict[int, int] = field(default_factory=dict)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [a, b) of the prose characters [start, end): whole source characters,
        so a span that ends on `%` written `&#37;` ends after the `;`, never inside it."""
        return self.offsets[start], self.ends.get(end - 1, self.offsets[end - 1] + 1)


@dataclass
class Document:
    """A decoded file and the prose blocks found in it."""

    path: str
    source: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    footnotes: set[str] = field(default_factory=set)
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    paragraph_breaks: list[list[int]] = field(default_factory=list)  # Word: manual line breaks per paragraph
    encoding: str = "utf-8"  # how the file was decoded, and its byte-order mark: --fix writes it back so
    bom: bytes = b""


class ProseBuilder:
    """Accumulates prose characters and their source offsets for one block."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offsets = array("I")
        self.links: list[tuple[int, int]] = []
        self.footnote_refs: list[tuple[int, int, str]] = []
        self.ends: dict[int, int] = {}
        self.length = 0

    def __len__(self) -> int:
        return self.length

    def add(self, text: str, source_start: int) -> None:
        """Append text that appears verbatim in the source at `source_start`."""
        self.chars.append(text)
        self.length += len(text)
        self.offsets.extend(range(source_start, source_start + len(text)))

    def add_mapped(self, text: str, source_offset: int, source_end: int | None = None) -> None:
        """Append text standing for the source characters [source_offset, source_end) (an entity, an escape)."""
        if source_end is not None and source_end > source_offset + 1:
            for i in range(len(self), len(self) + len(text)):
                self.ends[i] = source_end
        self.chars.append(text)
        self.length += len(text)
        self.offsets.extend([source_offset] * len(text))

    def space(self, source_offset: int) -> None:
        """Append a separating space unless the prose already ends in one."""
        if self.chars and not self.chars[-1].endswith((" ", "\n")):
            self.add_mapped(" ", source_offset)

    def text(self) -> str:
        return "".join(self.chars)

    def build(self, kind: str, lead_in: Block | None = None) -> Block | None:
        text = self.text()
        # Trim surrounding whitespace while keeping offsets aligned.
        lead = len(text) - len(text.lstrip())
        trail = len(text.rstrip())
        if trail <= lead:
            return None
        shift = lambda spans: [(max(a - lead, 0), min(b - lead, trail - lead)) for a, b in spans if b > lead and a < trail]
        return Block(
            text=text[lead:trail],
            offsets=self.offsets[lead:trail],
            kind=kind,
            lead_in=lead_in,
            links=shift(self.links),
            footnote_refs=[(a - lead, b - lead, label) for a, b, label in self.footnote_refs if a >= lead and b <= trail],
            ends={i - lead: e for i, e in self.ends.items() if lead <= i < trail},
        )
