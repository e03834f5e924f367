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

from claimlint.patterns.native import load_core as _core

MAX_MEMORY = 64 << 20  # bytes RE2 may use for one compiled program


class RegexError(ValueError):
    pass


_EXPLAIN = [  # (what RE2's message says, what to tell the rule's author): searched only on an error
    (r"invalid escape sequence: \\[1-9]", "backreferences (\\1) cannot run in linear time and are not allowed"),
    (r"invalid perl operator: \(\?[=!]", "lookahead (?=…) / (?!…) is not supported by the linear-time engine"),
    (r"invalid perl operator: \(\?<[=!]", "lookbehind (?<=…) / (?<!…) is not supported by the linear-time engine"),
    (r"invalid perl operator: \(\?>", "atomic groups (?>…) are not supported by the linear-time engine"),
    (r"bad repetition operator: [*+?]\+", "possessive repeats (a*+) are not supported by the linear-time engine"),
    (r"invalid repetition size", "a counted repeat above {1000} is not allowed"),
    (r"pattern too large", "the expression compiles to a program too large to run (simplify its counted repeats)"),
]


def _options():
    import re2

    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    options.max_mem = MAX_MEMORY
    return options


_last_folded: tuple[str, str] = ("", "")


def _folded(text: str) -> str:
    """text.casefold(), kept for the last text: the prefilter and the citation judge run
    every regex of a pack over the same block or sentence in a row."""
    global _last_folded
    if _last_folded[0] is not text:
        _last_folded = (text, text.casefold())
    return _last_folded[1]


class UserRegex:
    """A rule's compiled regex that pickles as its source and compiles again only when first
    used: RE2 takes milliseconds for a counted repeat such as `[^.;]{0,200}`, and most runs
    never use most of a pack's regexes (the citation patterns run only beside a claim)."""

    __slots__ = ("pattern", "_compiled", "needs")

    def __init__(self, pattern: str, compiled=None) -> None:
        self.pattern = pattern
        self._compiled = compiled
        self.needs = required_literals(pattern)

    @property
    def compiled(self):
        if self._compiled is None:
            self._compiled = _compile(self.pattern)
        return self._compiled

    def _cannot(self, text: str) -> bool:
        """True when the text lacks every literal of one of the groups a match must contain
        one literal of (see required_literals): by the compiled core when it is built (the
        same answer), else in Python."""
        return self.needs is not None and lacks_group(_folded(text), self.needs)

    def search(self, text: str, *args):
        return None if self._cannot(text) else self.compiled.search(text, *args)

    def match(self, text: str, *args):
        return None if self._cannot(text) else self.compiled.match(text, *args)

    def finditer(self, text: str, *args):
        return iter(()) if self._cannot(text) else self.compiled.finditer(text, *args)

    def findall(self, text: str, *args):
        return [] if self._cannot(text) else self.compiled.findall(text, *args)

    def __getstate__(self):
        return (self.pattern, self.needs)

    def __setstate__(self, state) -> None:
        self.pattern, self.needs = state
        self._compiled = None

    def __eq__(self, other) -> bool:
        return isinstance(other, UserRegex) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"UserRegex({self.pattern!r})"


def lacks_group(folded: str, needs: tuple[tuple[str, ...], ...]) -> bool:
    """Does the case-folded text lack every literal of some group of `needs` (required_literals)?
    By the compiled core when it is built (the same answer), else in Python."""
    core = _core()
    return core.lacks_group(folded, needs) if core is not None else lacks_group_py(folded, needs)


def lacks_group_py(folded: str, needs: tuple[tuple[str, ...], ...]) -> bool:
    """Does the case-folded text lack every literal of some group? The reference the compiled
    core's lacks_group is tested against."""
    for group in needs:  # loops, not all() over any() generators: asked for each block and regex
        for lit in group:
            if lit in folded:
                break
        else:
            return True
    return False


class RegexSet:
    """Regexes asked about the same texts (a pack's rule regexes about every block, its citation
    patterns about every claim's sentence): which of them can match a text, by their required
    literals, in one compiled call for all of them instead of one _cannot per regex."""

    def __init__(self, pairs) -> None:
        """pairs: (UserRegex, item); candidates() gives the items, in this order."""
        pairs = list(pairs)
        self.items = tuple(item for _, item in pairs)
        self.needs = tuple(rx.needs or () for rx, _ in pairs)

    def candidates(self, text: str) -> list:
        """The items whose regex the text could match (the others lack a required literal):
        by the compiled core when it is built (the same list), else in Python."""
        if not self.items:
            return []
        core = _core()
        if core is not None:
            return core.regex_candidates(_folded(text), self.needs, self.items)
        return regex_candidates_py(_folded(text), self.needs, self.items)

    def __len__(self) -> int:
        return len(self.items)


def regex_candidates_py(folded: str, needs: tuple, items: tuple) -> list:
    """The items whose needs the case-folded text meets (lacks no group): the reference the
    compiled core's regex_candidates is tested against."""
    return [item for item, groups in zip(items, needs) if not lacks_group_py(folded, groups)]


def required_literals(pattern: str) -> tuple[tuple[str, ...], ...] | None:
    """Groups of strings (case-folded) such that every match of the pattern contains one
    string of each group, or None when that cannot be told: a text that lacks every string
    of some group is not searched, and the expression is not even compiled. Read
    conservatively from Python's parse of the expression (RE2's syntax is nearly the same;
    what Python cannot parse, or reads differently, gets None). A required digit (`\\d`,
    which RE2 reads as [0-9]) is the group of the ten digits."""
    try:
        from re import _parser

        parsed = _parser.parse(pattern, re.IGNORECASE)
    except Exception:
        return None
    # Only literals whose case RE2 and Python fold alike: ASCII, and caseless marks such as “.
    groups = {tuple(sorted(group)) for group in _needs(parsed)
              if all(lit and all(ch.isascii() or ch.lower() == ch.upper() for ch in lit) for lit in group)}
    return tuple(sorted(groups)) or None


_DIGITS = frozenset("0123456789")


def _needs(seq) -> list[set[str]]:
    """The groups of literals a parsed sequence requires (one literal of each)."""
    from re import _constants as c

    groups: list[set[str]] = []
    run = ""
    for op, av in seq:
        if op is c.LITERAL:
            run += chr(av).casefold()
            continue
        if run:
            groups.append({run})
        run = ""
        if op is c.IN and av and all(o is c.LITERAL for o, _ in av) and len(av) <= 16:
            groups.append({chr(v).casefold() for _, v in av})
        elif op is c.IN and av == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
            groups.append(set(_DIGITS))
        elif op is c.BRANCH:
            options = [_best(_needs(branch)) for branch in av[1]]
            if all(options):
                groups.append(set().union(*options))
        elif op is c.SUBPATTERN:
            groups += _needs(av[-1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
            groups += _needs(av[2])
    if run:
        groups.append({run})
    return groups


def _best(groups: list[set[str]]) -> set[str] | None:
    """The most selective of a branch's groups (its shortest literal the longest), or None."""
    return max(groups, key=lambda g: min(map(len, g)), default=None)


def compile_user_regex(pattern: str) -> UserRegex:
    """Compile a rule's regex case-insensitively on RE2; RegexError says what it cannot run."""
    return UserRegex(pattern, _compile(pattern))


def _compile(pattern: str):
    if "(?P=" in pattern:
        raise RegexError("backreferences ((?P=name)) cannot run in linear time and are not allowed")
    import re2  # imported on the first regex a run compiles, not by every run

    try:
        return re2.compile(pattern, _options())
    except re2.error as exc:
        message = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        for expression, explanation in _EXPLAIN:
            if re.search(expression, message):
                raise RegexError(f"{explanation} ({message})") from None
        raise RegexError(message) from None
