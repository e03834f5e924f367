"""Large regular expressions compiled once per machine, not once per run.

spaCy's tokenizer expressions, which the splitter and the tokenizer copy, hold
Unicode classes of thousands of code points; `re.compile` spends 0.04-0.1 CPU s
on them in every run, nearly all of it building those classes' bitmaps in pure
Python (`re._compiler._optimize_charset`). What it produces, the program that
`re` hands to `_sre.compile`, depends only on the pattern, its flags and the
interpreter, so it is kept in the cache (claimlint.cache, authenticated like
every entry; `_sre.compile` also validates a program before it runs) under a
key that names all three, and later runs build the pattern object from it.

When anything is off (no cache, another interpreter's private API, a program
`_sre` refuses) this is `re.compile`; the pattern object is the same either way
(CPython's patterns compare equal when their pattern, flags and program are,
which tests/test_regexcache.py checks).
"""
from __future__ import annotations

import re
import sys

_loaded: dict[tuple[str, int], re.Pattern] = {}


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001 (re.compile's name, on purpose)
    """re.compile(pattern, flags), from a cached program when there is one."""
    flags = int(flags)
    found = _loaded.get((pattern, flags))
    if found is None:
        found = _loaded[pattern, flags] = _compiled(pattern, flags)
    return found


def _compiled(pattern: str, flags: int) -> re.Pattern:
    from claimlint import cache

    try:
        import _sre
    except ImportError:
        return re.compile(pattern, flags)
    if not cache.enabled() or not isinstance(pattern, str):
        return re.compile(pattern, flags)
    key = cache.regex_key(sys.version, _sre.MAGIC, flags, pattern)
    stored = cache.get_regex(key)
    if stored is not None:
        try:
            return _sre.compile(pattern, *stored)
        except Exception:  # noqa: BLE001 (a program this interpreter refuses: compile afresh)
            pass
    try:
        program = _program(pattern, flags)
        rx = _sre.compile(pattern, *program)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 (the private API differs here: the public one still works)
        return re.compile(pattern, flags)
    cache.put_regex(key, program)
    return rx


def _program(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile passes to _sre.compile after the pattern: flags, code,
    group count, group names both ways."""
    from re import _compiler, _parser  # private: a different layout raises, and re.compile is used

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # plain ints: opcodes are int subclasses
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))
