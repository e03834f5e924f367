"""The tokenizer's large expressions are compiled from a cached program: the same pattern objects,
fewer CPU seconds, and a damaged or foreign entry is never used."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimlint import cache, regexcache
from claimlint import sentence_tables as tables

PATTERNS = [
    (tables.PREFIX, 0),
    (tables.SUFFIX, 0),
    (tables.INFIX, 0),
    (tables.URL, 0),
    (r"(?P<word>[a-z]+)-(?P<num>\d+)|(x)", re.IGNORECASE),
    (r"""(?x) \b cur(?:e|es|ed) \b  # a verbose pattern""", 0),
    (r"[\u00A6\u00A9\u00AE\u2100-\u214F]+", 0),
]


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CLAIMLINT_CACHE_KEY", "test-key")
    monkeypatch.setattr(regexcache, "_loaded", {})
    return tmp_path / "cache"


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_the_cached_program_gives_the_pattern_re_compiles(own_cache, pattern, flags):
    first = regexcache.compile(pattern, flags)  # compiled, then stored
    regexcache._loaded.clear()
    second = regexcache.compile(pattern, flags)  # built from the stored program
    expected = re.compile(pattern, flags)
    # CPython's patterns are equal when pattern, flags and program are.
    assert first == expected and second == expected
    assert second.groupindex == expected.groupindex and second.groups == expected.groups
    assert list((own_cache / "regexes").rglob("*")), "nothing was cached"


def test_the_stored_program_is_what_builds_the_pattern(own_cache, monkeypatch):
    """A second process (no in-memory copy) does not compile: it never calls re's compiler."""
    regexcache.compile(tables.INFIX)
    code = ("import re._parser as p\n"
            "from claimlint import regexcache, sentence_tables as t\n"
            "parse = p.parse\n"
            "def refuse(pattern, *a, **k):\n"
            "    if pattern == t.INFIX: raise SystemExit('compiled afresh')\n"
            "    return parse(pattern, *a, **k)\n"
            "p.parse = refuse\n"
            "assert regexcache.compile(t.INFIX).search('a/b')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
    assert run.returncode == 0, run.stderr


def test_a_damaged_entry_is_ignored_and_the_pattern_compiled_afresh(own_cache):
    regexcache.compile(tables.SUFFIX)
    entries = [p for p in (own_cache / "regexes").rglob("*") if p.is_file()]
    assert entries
    for p in entries:
        data = bytearray(p.read_bytes())
        data[-5] ^= 0xFF  # the HMAC no longer matches
        p.write_bytes(bytes(data))
    regexcache._loaded.clear()
    assert regexcache.compile(tables.SUFFIX) == re.compile(tables.SUFFIX)


def test_a_program_the_interpreter_refuses_falls_back_to_re_compile(own_cache, monkeypatch):
    """An entry whose program _sre rejects (written under the right key, so only _sre can
    tell) must not break the run."""
    import _sre

    key = cache.regex_key(sys.version, _sre.MAGIC, 0, tables.PREFIX)
    cache.put_regex(key, (32, [1, 2, 3], 0, {}, (None,)))
    assert regexcache.compile(tables.PREFIX) == re.compile(tables.PREFIX)


def test_without_a_cache_it_is_re_compile(own_cache, monkeypatch):
    monkeypatch.setenv("CLAIMLINT_NO_CACHE", "1")
    assert regexcache.compile(tables.INFIX) == re.compile(tables.INFIX)
    assert not Path(own_cache / "regexes").exists()


def test_an_invalid_pattern_raises_re_error(own_cache):
    with pytest.raises(re.error):
        regexcache.compile("(unclosed")
