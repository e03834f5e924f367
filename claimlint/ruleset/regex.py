"""Compile rule authors' regular expressions safely.

A rule is data written by users, and a regex like `(a+)+$` takes
exponential time in Python's backtracking engine. Rule regexes are checked
at load time: a group that repeats and contains a repeat (the classic
cause of catastrophic backtracking), overlapping alternatives under a
repeat, and backreferences are rejected with an explanation.
"""
from __future__ import annotations

import re

_NESTED = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d*,\})")
_ALT_REPEAT = re.compile(r"\(([^()]*\|[^()]*)\)\s*(?:[+*]|\{\d*,\})")
_BACKREF = re.compile(r"\\[1-9]")


class RegexError(ValueError):
    pass


def _overlapping_alternatives(pattern: str) -> bool:
    """(a|ab)+ style groups: one alternative is a prefix of another under a repeat."""
    for m in _ALT_REPEAT.finditer(pattern):
        alts = [a.lstrip("?:") for a in m.group(1).split("|")]
        for i, a in enumerate(alts):
            for b in alts[i + 1:]:
                if a and b and (a.startswith(b) or b.startswith(a) or "." in (a[:1], b[:1])):
                    return True
    return False


def compile_user_regex(pattern: str) -> re.Pattern:
    """Compile a rule's regex, case-insensitively, refusing backtracking bombs."""
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RegexError(str(exc)) from None
    if _NESTED.search(pattern) or _overlapping_alternatives(pattern):
        raise RegexError(
            "a repeated group that itself repeats or has overlapping alternatives, such as (a+)+ or (a|ab)*, "
            "can backtrack for ever; rewrite it without the nested repeat"
        )
    if _BACKREF.search(pattern):
        raise RegexError("backreferences are not allowed in rule regexes")
    return compiled
