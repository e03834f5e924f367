"""Compile rule authors' regular expressions on a linear-time engine.

A rule is data written by users, and Python's backtracking `re` takes
exponential time on patterns such as `(\\w|\\d)+$` or `(.*a){20}`; no
heuristic catches them all. Rule regexes therefore run on RE2 (google-re2),
whose matching time is linear in the input whatever the pattern. The few
constructs RE2 cannot run in linear time (backreferences, lookahead and
lookbehind, atomic groups and possessive repeats) are rejected when the rules
load, with the reason. Matching is case-insensitive, as before; note that in
RE2 `\\w`, `\\d`, `\\s` and `\\b` are ASCII classes (use `\\pL` for any letter).
"""
from __future__ import annotations

import re

import re2

MAX_MEMORY = 64 << 20  # bytes RE2 may use for one compiled program


class RegexError(ValueError):
    pass


_EXPLAIN = [
    (re.compile(r"invalid escape sequence: \\[1-9]"), "backreferences (\\1) cannot run in linear time and are not allowed"),
    (re.compile(r"invalid perl operator: \(\?[=!]"), "lookahead (?=…) / (?!…) is not supported by the linear-time engine"),
    (re.compile(r"invalid perl operator: \(\?<[=!]"), "lookbehind (?<=…) / (?<!…) is not supported by the linear-time engine"),
    (re.compile(r"invalid perl operator: \(\?>"), "atomic groups (?>…) are not supported by the linear-time engine"),
    (re.compile(r"bad repetition operator: [*+?]\+"), "possessive repeats (a*+) are not supported by the linear-time engine"),
    (re.compile(r"invalid repetition size"), "a counted repeat above {1000} is not allowed"),
    (re.compile(r"pattern too large"), "the expression compiles to a program too large to run (simplify its counted repeats)"),
]


def _options() -> "re2.Options":
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = MAX_MEMORY
    return options


class UserRegex:
    """A rule's compiled regex that pickles as its source and compiles again only when first
    used: RE2 takes milliseconds for a counted repeat such as `[^.;]{0,200}`, and most runs
    never use most of a pack's regexes (the citation patterns run only beside a claim)."""

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str, compiled=None) -> None:
        self.pattern = pattern
        self._compiled = compiled

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = _compile(self.pattern)
        return self._compiled

    def search(self, text: str, *args):
        return self.compiled.search(text, *args)

    def match(self, text: str, *args):
        return self.compiled.match(text, *args)

    def finditer(self, text: str, *args):
        return self.compiled.finditer(text, *args)

    def findall(self, text: str, *args):
        return self.compiled.findall(text, *args)

    def __getstate__(self):
        return (self.pattern,)

    def __setstate__(self, state) -> None:
        self.pattern = state[0]
        self._compiled = None

    def __eq__(self, other) -> bool:
        return isinstance(other, UserRegex) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"UserRegex({self.pattern!r})"


def compile_user_regex(pattern: str) -> UserRegex:
    """Compile a rule's regex case-insensitively on RE2; RegexError says what it cannot run."""
    return UserRegex(pattern, _compile(pattern))


def _compile(pattern: str):
    if "(?P=" in pattern:
        raise RegexError("backreferences ((?P=name)) cannot run in linear time and are not allowed")
    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        message = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        for rx, explanation in _EXPLAIN:
            if rx.search(message):
                raise RegexError(f"{explanation} ({message})") from None
        raise RegexError(message) from None
