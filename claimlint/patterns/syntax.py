"""Parse the pattern syntax rule authors write.

    cure                 the word in any inflection (cure, cures, cured, curing)
    =cured               exactly this word, no inflection
    treat/s              one form only: /base, /s, /ed or /ing
    cure|heal            any one of these words
    (side effects|adverse reactions)
                         any one of these word sequences
    X?                   X is optional
    @condition           any phrase of the lexicon `condition`
    @treat_verb/s        a lexicon of verbs, in one form
    #num                 a number: 65.8, 1,000, nine
    *                    any one token
    {0,4}                a gap of 0 to 4 tokens (at most 25) that does not cross , ; : . ! ?
    [ ... ]              the part to report and replace; the rest is context
                         ("@benefit {0,3} [almost? immediately]")

Hyphens between words are optional: `side effects` matches "side-effects".
Matching is case-insensitive, and contractions are normalised: `cannot`
matches "can't", "cannot" and "can not".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimlint.patterns.inflect import FORMS


_BRACKET_DEPTH = {"(": 1, "[": 1, ")": -1, "]": -1}  # groups and the reported-span mark

class PatternError(ValueError):
    """A pattern that cannot be parsed; the message says where."""


@dataclass(frozen=True)
class Word:
    alternatives: tuple[tuple[str, bool, str | None], ...]  # (text, exact, form)


@dataclass(frozen=True)
class Lex:
    name: str
    form: str | None = None


@dataclass(frozen=True)
class Num:
    pass


@dataclass(frozen=True)
class Gap:
    low: int
    high: int


@dataclass(frozen=True)
class Group:
    alternatives: tuple[tuple["Item", ...], ...]


@dataclass(frozen=True)
class Mark:
    """The part of a match that is reported and replaced by a rewording."""

    alternatives: tuple[tuple["Item", ...], ...]


@dataclass(frozen=True)
class Item:
    atom: object
    optional: bool = False


@dataclass
class _Lexer:
    text: str
    pos: int = 0
    depth: int = 0
    tokens: list[tuple[str, str, int]] = field(default_factory=list)

    def run(self) -> list[tuple[str, str, int]]:
        t = self.text
        while self.pos < len(t):
            c = t[self.pos]
            if c.isspace():
                self.pos += 1
            elif c in _BRACKET_DEPTH:
                self.depth += _BRACKET_DEPTH[c]
                self.tokens.append((c, c, self.pos))
                self.pos += 1
            elif c == "|":
                self.tokens.append(("|", c, self.pos))
                self.pos += 1
            elif c == "?" and self.tokens and self.tokens[-1][0] in ("word", ")", "]", "lex", "num", "any"):
                self.tokens.append(("?", c, self.pos))
                self.pos += 1
            elif c == "{":
                m = re.compile(r"\{(\d+),(\d+)\}").match(t, self.pos)
                if not m:
                    raise PatternError(f"bad gap at column {self.pos + 1}: write {{min,max}}, e.g. {{0,3}}")
                self.tokens.append(("gap", m.group(), self.pos))
                self.pos = m.end()
            else:
                start = self.pos
                stop = "()[]" if self.depth == 0 else "()[]|"
                while self.pos < len(t) and not t[self.pos].isspace() and t[self.pos] not in stop:
                    if t[self.pos] == "?" and (self.pos + 1 == len(t) or t[self.pos + 1].isspace() or t[self.pos + 1] in ")]|"):
                        break
                    if t[self.pos] == "\\" and self.pos + 1 < len(t):
                        self.pos += 1
                    self.pos += 1
                word = t[start:self.pos].replace("\\", "")
                kind = "lex" if word.startswith("@") else "num" if word == "#num" else "any" if word == "*" else "word"
                self.tokens.append((kind, word, start))
        if self.depth != 0:
            raise PatternError("unbalanced parentheses or brackets")
        return self.tokens


def _word_alternative(raw: str, where: int) -> tuple[str, bool, str | None]:
    exact = raw.startswith("=")
    if exact:
        raw = raw[1:]
    form = None
    if "/" in raw and not raw.startswith("/") and raw.rsplit("/", 1)[1] in FORMS:
        raw, form = raw.rsplit("/", 1)
    if not raw:
        raise PatternError(f"empty word at column {where + 1}")
    return raw, exact, form


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def alternatives(self) -> tuple[tuple[Item, ...], ...]:
        alts = [self.sequence()]
        while self.peek() == "|":
            self.i += 1
            alts.append(self.sequence())
        return tuple(alts)

    def sequence(self) -> tuple[Item, ...]:
        items: list[Item] = []
        while self.peek() not in (None, "|", ")", "]"):
            items.append(self.item())
        if not items:
            where = self.tokens[self.i][2] + 1 if self.i < len(self.tokens) else "end"
            raise PatternError(f"empty alternative at column {where}")
        return tuple(items)

    def item(self) -> Item:
        kind, text, where = self.tokens[self.i]
        self.i += 1
        if kind == "(":
            atom: object = Group(self.alternatives())
            if self.peek() != ")":
                raise PatternError(f"missing ')' for '(' at column {where + 1}")
            self.i += 1
        elif kind == "[":
            atom = Mark(self.alternatives())
            if self.peek() != "]":
                raise PatternError(f"missing ']' for '[' at column {where + 1}")
            self.i += 1
        elif kind == "word":
            atom = Word(tuple(_word_alternative(w, where) for w in text.split("|") if w != "" or True))
            if any(not a[0] for a in atom.alternatives):
                raise PatternError(f"empty alternative in {text!r} at column {where + 1}")
        elif kind == "lex":
            name, _, form = text[1:].partition("/")
            if not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
                raise PatternError(f"bad lexicon name {text!r} at column {where + 1}")
            if form and form not in FORMS:
                raise PatternError(f"unknown form /{form} at column {where + 1}: use one of {', '.join(FORMS)}")
            atom = Lex(name, form or None)
        elif kind == "num":
            atom = Num()
        elif kind == "any":
            atom = Gap(1, 1)
        elif kind == "gap":
            low, high = (int(x) for x in text[1:-1].split(","))
            if low > high or high > 25:
                raise PatternError(f"gap {text} at column {where + 1} must have min <= max <= 25")
            atom = Gap(low, high)
        else:
            raise PatternError(f"unexpected {text!r} at column {where + 1}")
        optional = False
        if self.peek() == "?":
            self.i += 1
            optional = True
        return Item(atom, optional)


def parse_pattern(text: str) -> tuple[tuple[Item, ...], ...]:
    """Parse a pattern into alternatives of item sequences."""
    if not isinstance(text, str) or not text.strip():
        raise PatternError("a pattern must be a non-empty string")
    tokens = _Lexer(text).run()
    parser = _Parser(tokens)
    alts = parser.alternatives()
    if parser.i != len(tokens):
        raise PatternError(f"unexpected {tokens[parser.i][1]!r} at column {tokens[parser.i][2] + 1}")
    marks = _count_marks(alts)
    if marks > 1:
        raise PatternError("a pattern can mark only one part with [ ]")
    for seq in alts:
        if all(item.optional or isinstance(item.atom, Gap) for item in seq):
            raise PatternError("a pattern needs at least one required word, lexicon or number")
        if isinstance(seq[0].atom, Gap) or isinstance(seq[-1].atom, Gap):
            raise PatternError("a pattern cannot start or end with a gap")
    return alts


def _count_marks(alts) -> int:
    most = 0
    for seq in alts:
        n = 0
        for item in seq:
            if isinstance(item.atom, Mark):
                n += 1 + _count_marks(item.atom.alternatives)
            elif isinstance(item.atom, Group):
                n += _count_marks(item.atom.alternatives)
        most = max(most, n)
    return most


def lexicon_names(alts) -> set[str]:
    """Every lexicon a parsed pattern refers to."""
    names: set[str] = set()

    def visit(seq):
        for item in seq:
            if isinstance(item.atom, Lex):
                names.add(item.atom.name)
            elif isinstance(item.atom, (Group, Mark)):
                for sub in item.atom.alternatives:
                    visit(sub)

    for seq in alts:
        visit(seq)
    return names
