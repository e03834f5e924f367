"""What a run loads before it lints: the compiled build's cache entry names the rule pack's
objects instead of copying them, the parts only a hit needs stay packed until used, rule
regexes compile on first use, and the cache folders agree with platformdirs."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from claimlint import cache
from claimlint.engine import Linter
from claimlint.judge import later, packing
from claimlint.judge.compiled import CompiledRules
from claimlint.ruleset import load_ruleset
from claimlint.ruleset.regex import UserRegex, compile_user_regex

CLAIM = "Our tea cures gout in days, guaranteed. \u201cIt changed my life,\u201d \u2014 Mary\n"
CLEAN = "Our clinic is open Monday to Friday. Parking is behind the building.\n"


def _fresh_build():
    """The rule pack and its compiled build as a new run reads them from the cache."""
    ruleset = load_ruleset()
    rules = Linter(ruleset).rules
    CompiledRules.load(ruleset, rules)  # written to the cache if it was not there
    objects = packing.PackObjects(ruleset.rules, ruleset.modifiers, ruleset.lexicons)
    key = cache.compiled_key(ruleset.digest, [r.id for r in rules])
    return ruleset, cache.get_compiled(key, later.loading(objects.persistent_load))


def _reachable(root, kind) -> list:
    """Every object of `kind` reachable from root (through containers and instance attributes)."""
    seen, found, stack = set(), [], [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, type(None))):
            continue
        seen.add(id(obj))
        if isinstance(obj, kind):
            found.append(obj)
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        else:
            stack.extend(getattr(obj, "__dict__", {}).values())
            stack.extend(getattr(obj, s) for s in getattr(type(obj), "__slots__", ()) if hasattr(obj, s))
    return found


def test_the_cached_build_points_at_the_loaded_packs_own_rules():
    from claimlint.ruleset.model import PatternSpec, Rule

    ruleset, compiled = _fresh_build()
    assert compiled is not None
    rules = _reachable([compiled.main, compiled.regex_rules, compiled.constraints], Rule)
    assert rules and {id(r) for r in rules} <= {id(r) for r in ruleset.rules}
    specs = [s for s in _reachable([compiled.main], (PatternSpec, Rule)) if isinstance(s, PatternSpec)]
    assert specs and {id(s) for s in specs} <= {id(s) for r in ruleset.rules for s in r.patterns}


def test_what_only_a_hit_needs_stays_packed_until_used():
    ruleset, compiled = _fresh_build()
    assert "_packed" in compiled.__dict__ and "constraints" not in compiled.__dict__
    assert isinstance(compiled.__dict__["_packed"], later.Stored)  # in an entry of its own, not read yet
    before = set(compiled._patterns)
    constraints = compiled.constraints  # opened on first use
    assert before < set(compiled._patterns)  # the patterns only they use came with them
    assert "_packed" not in compiled.__dict__
    assert compiled.modifiers is not None and compiled.approved is not None
    # The opened parts point at the build's own patterns, not at copies of them.
    from claimlint.patterns.matcher import CompiledPattern

    used = _reachable([constraints, compiled.modifiers], CompiledPattern)
    assert used and {id(p) for p in used} <= {id(p) for p in compiled._patterns.values()}


def test_a_build_pickles_whole_for_workers_and_lints_the_same():
    """A Spark or Dask task gets a plain pickle of the linter (packed parts and all)."""
    linter = Linter(load_ruleset())
    from claimlint.documents import parse

    expected = [f.to_cache() for f in linter.lint(parse("p.md", CLAIM, "markdown"))]
    assert expected
    for opened in (False, True):
        compiled = linter.compiled
        if opened:
            compiled.constraints  # noqa: B018 (opening the packed parts is the point)
        copy = pickle.loads(pickle.dumps(linter))
        assert [f.to_cache() for f in copy.lint(parse("p.md", CLAIM, "markdown"))] == expected


def test_a_missing_pack_object_makes_the_entry_unreadable_not_wrong():
    ruleset, _ = _fresh_build()
    objects = packing.PackObjects(ruleset.rules[1:], ruleset.modifiers, ruleset.lexicons)
    key = cache.compiled_key(ruleset.digest, [r.id for r in Linter(ruleset).rules])
    assert cache.get_compiled(key, objects.persistent_load) is None  # rebuilt, never half-resolved


def test_rule_regexes_pickle_as_their_source_and_compile_on_first_use():
    rx = compile_user_regex(r"\bguaranteed\b")
    copy = pickle.loads(pickle.dumps(rx))
    assert isinstance(copy, UserRegex) and copy.pattern == rx.pattern
    assert copy._compiled is None
    assert copy.search("Results GUARANTEED!").span() == (8, 18)
    assert copy._compiled is not None
    assert [m.group() for m in copy.finditer("guaranteed, guaranteed")] == ["guaranteed", "guaranteed"]
    assert copy == rx and hash(copy) == hash(rx)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the folders are worked out without platformdirs on Linux")
@pytest.mark.parametrize("xdg", [None, "/tmp/claimlint-xdg", "relative/path", "  "])
def test_cache_folders_are_platformdirs_own_on_linux(monkeypatch, xdg):
    platformdirs = pytest.importorskip("platformdirs")
    for var in ("CLAIMLINT_CACHE_DIR", "CLAIMLINT_CACHE_KEY_DIR"):
        monkeypatch.delenv(var, raising=False)
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME"):
        if xdg is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, xdg)
    assert str(cache.cache_dir()) == platformdirs.user_cache_dir("claimlint", appauthor=False)
    assert str(cache._key_path().parent) == platformdirs.user_data_dir("claimlint", appauthor=False)


def test_check_never_imports_the_crawler_or_the_scanner(tmp_path):
    """A clean page's run (its rule caches warm) imports what linting needs, not the other
    commands' packages, nor what only building a rule pack needs."""
    page = tmp_path / "page.md"
    page.write_text(CLEAN)
    probe = (
        "import os, sys\n"
        "sys.argv = ['claimlint', 'check', sys.argv[1]]\n"
        "real = os._exit\n"
        "def report(code=0):\n"
        "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('claimlint', 'platformdirs', 'yaml', 're2')))\n"
        "    real(code)\n"
        "os._exit = report\n"
        "from claimlint.cli import run\n"
        "run()\n"
    )
    warm = tmp_path / "warm.md"
    warm.write_text(CLAIM)
    subprocess.run([sys.executable, "-m", "claimlint", "check", str(warm)], capture_output=True, cwd=tmp_path)
    out = subprocess.run([sys.executable, "-c", probe, str(page)], capture_output=True, text=True,
                         env={**os.environ}, cwd=tmp_path).stdout
    loaded = out.strip().splitlines()[-1]
    assert "claimlint.cli" in loaded
    for module in ("claimlint.crawl.command", "claimlint.scan.command", "yaml", "claimlint.patterns.syntax"):
        assert f"'{module}'" not in loaded, module
    if sys.platform.startswith("linux"):
        assert "'platformdirs'" not in loaded


def test_help_still_lists_the_lazily_imported_commands(cli):
    code, out, _ = cli("--help")
    assert code == 0 and "crawl" in out and "scan" in out
    code, out, _ = cli("scan", "--help")
    assert code == 0 and "--engine" in out


@pytest.mark.parametrize("pattern, needs", [
    (r"ab(c|d)e", (("ab",), ("c", "d"), ("e",))), (r"x*yz", (("yz",),)), (r"(?:foo|ba[rz])+q", (("ba", "foo"), ("q",))),
    (r"(a|)b", (("b",),)), (r"a{0,3}b", (("b",),)), (r"[“\"]x", (('"', "“"), ("x",))),
    (r"\d+", (tuple("0123456789"),)), (r"\d*x", (("x",),)), (r"[^\d]x", (("x",),)), (r"\pL+", None), (r"é", None),
    (r"", None),
])
def test_the_literals_a_regex_needs(pattern, needs):
    from claimlint.ruleset.regex import required_literals

    assert required_literals(pattern) == needs


def test_a_rule_regex_is_never_skipped_where_it_matches():
    """The literal gate only saves work: on the pack's own examples and near misses, every
    regex finds exactly what RE2 alone finds."""
    import re2

    from claimlint.ruleset.regex import _compile

    ruleset = load_ruleset()
    regexes = [rx for r in ruleset.rules for rx, _ in r.regex] + [rx for _, rx in ruleset.citations] \
        + list(ruleset.citation_unless.values())
    assert any(rx.needs for rx in regexes)
    texts = [ex.text for r in ruleset.rules for ex in r.flag_examples] + [t for r in ruleset.rules for t in r.pass_examples]
    texts += [t for ex in ruleset.citation_examples.values() for t in ex] if isinstance(ruleset.citation_examples, dict) else []
    texts += ["DR. SMITH SAYS: \u201cit works\u201d", "10X MORE", "10 x as", "PMID 12345678", "Traditional medicines are SLOW",
              "usual care is just risky", "Common remedies are often useless.", "Dr. Ann Lee said: \"yes\"",
              "\u201cThis tea cured me completely, no doubt about it\u201d \u2014 Ann", "published in JAMA in 2021"]
    assert len(texts) > 100
    for rx in regexes:
        plain = _compile(rx.pattern)
        assert isinstance(plain, re2._Regexp)
        for text in texts:
            assert [m.span() for m in rx.finditer(text)] == [m.span() for m in plain.finditer(text)], (rx.pattern, text)


def test_a_run_that_wrote_nothing_never_scans_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLINT_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(cache, "_written", 0)

    def scan(root):
        raise AssertionError("scanned")

    monkeypatch.setattr(cache, "_entries", scan)
    assert cache.prune() == 0


def test_a_small_write_adds_to_the_recorded_size_and_a_large_one_prunes(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLINT_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("CLAIMLINT_CACHE_KEY_DIR", str(tmp_path / "k"))
    monkeypatch.setattr(cache, "_written", 0)
    for i in range(20):
        cache.put_findings(cache.findings_key(b"page %d" % i, "markdown", "p.md", "s"), [])
    written = cache._written
    assert written > 0
    assert cache.prune(limit=10 * written) == 0  # scanned once: the size is now recorded
    stamp = tmp_path / "c" / cache._SIZE_STAMP
    assert int(stamp.read_text()) == written
    scans = []
    real = cache._entries
    monkeypatch.setattr(cache, "_entries", lambda root: scans.append(root) or real(root))
    assert cache.prune(limit=10 * written) == 0 and not scans  # the estimate is under the bound
    assert int(stamp.read_text()) == 2 * written  # this run's writes added (as if written again)
    freed = cache.prune(limit=written // 2)  # over the bound: scan and delete the oldest
    assert scans and freed > 0
    assert sum(s for _, s, _ in real(tmp_path / "c")) <= written // 2
    assert int(stamp.read_text()) == sum(s for _, s, _ in real(tmp_path / "c"))


def test_a_planted_size_stamp_can_delay_nothing_and_read_nothing(tmp_path, monkeypatch):
    """The folder is written by others: a stamp dated in the future, a link or a huge file
    only makes the run scan."""
    root = tmp_path / "c"
    monkeypatch.setenv("CLAIMLINT_CACHE_DIR", str(root))
    monkeypatch.setenv("CLAIMLINT_CACHE_KEY_DIR", str(tmp_path / "k"))
    monkeypatch.setattr(cache, "_written", 0)
    cache.put_findings(cache.findings_key(b"x", "markdown", "p.md", "s"), [])
    stamp = root / cache._SIZE_STAMP
    secret = tmp_path / "secret"
    secret.write_text("5")
    for plant in ("future", "link"):
        if stamp.exists() or stamp.is_symlink():
            stamp.unlink()
        if plant == "future":
            stamp.write_text("0")
            os.utime(stamp, (4e9, 4e9))
        else:
            stamp.symlink_to(secret)
        assert cache.prune(limit=1) > 0  # scanned, and pruned to the bound
        assert not stamp.is_symlink() and secret.read_text() == "5"
        cache.put_findings(cache.findings_key(b"x", "markdown", "p.md", "s"), [])


def test_a_pattern_packed_away_is_found_by_compile():
    """A strength cue's pattern is packed with the parts a hit needs; asking for it opens them."""
    ruleset, compiled = _fresh_build()
    cue = ruleset.strength.causal[0].source
    assert cue not in compiled._patterns and "_packed" in compiled.__dict__
    pattern = compiled.compile(cue)
    assert "_packed" not in compiled.__dict__ and compiled._patterns[cue] is pattern


def test_a_one_shot_run_collects_rarely_once_it_lints_and_other_processes_keep_pythons_thresholds():
    """gcpause.started(): a command-line run (one_shot) goes on collecting every 100,000
    allocations while it lints; a process that never called one_shot keeps its thresholds."""
    probe = (
        "import gc, sys\n"
        "from claimlint import gcpause\n"
        "gc.set_threshold(700, 10, 10)\n"
        "gcpause.started()\n"
        "assert gc.get_threshold() == (700, 10, 10), gc.get_threshold()\n"
        "gcpause.one_shot()\n"
        "assert gc.get_threshold()[0] == 100_000\n"
        "gcpause.started()\n"
        "assert gc.get_threshold() == (100_000, 10, 10), gc.get_threshold()\n"
        "assert gc.isenabled()\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
