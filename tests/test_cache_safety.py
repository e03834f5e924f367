"""The cache folder is written by others (CI restores it from pull requests): nothing in it
may run code, hide findings or escape the folder; it is private, bounded and cleanable."""
from __future__ import annotations

import json
import os
import pickle
import stat

from conftest import run_claimlint

CLAIM = "Our tea cures gout.\n"


def env_for(tmp_path, **extra):
    return {"CLAIMLINT_CACHE_DIR": str(tmp_path / "cache"), "CLAIMLINT_CACHE_KEY_DIR": str(tmp_path / "keys"),
            "CLAIMLINT_NO_CACHE": "", **extra}


def entries(root):
    """The cache's entries (not the size stamp its pruning keeps at the top)."""
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files if f != ".size"]


class _Boom:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_poisoned_entries_run_nothing_and_hide_nothing(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text(CLAIM)
    env = env_for(tmp_path)
    first = run_claimlint("check", "--format", "json", "page.md", cwd=site, env=env)
    assert first.returncode == 1, first.stderr
    written = entries(tmp_path / "cache")
    assert {p.split(os.sep)[-3] for p in written} == {"rulesets", "compiled", "findings", "regexes"}
    marker = tmp_path / "pwned"
    for i, path in enumerate(written):
        with open(path, "wb") as fh:
            if i % 3 == 0:
                pickle.dump(_Boom(marker), fh)                        # code on load
            elif i % 3 == 1:
                fh.write(b"\0" * 32 + json.dumps([]).encode())       # a forged "no findings"
            else:
                fh.write(b"\0" * 32 + b'[{"path": 1}]')              # the wrong type
    again = run_claimlint("check", "--format", "json", "page.md", cwd=site, env=env)
    assert not marker.exists()
    assert again.returncode == 1 and "Traceback" not in again.stderr, again.stderr
    assert json.loads(again.stdout)["findings"] == json.loads(first.stdout)["findings"]


def test_forged_entry_with_a_key_planted_in_the_cache_folder_is_refused(tmp_path):
    """An attacker who can write only the cache folder cannot supply the key."""
    env = env_for(tmp_path, CLAIMLINT_CACHE_KEY_DIR=str(tmp_path / "cache"))
    (tmp_path / "page.md").write_text(CLAIM)
    proc = run_claimlint("check", "page.md", cwd=tmp_path, env=env)
    assert proc.returncode == 1
    assert not entries(tmp_path / "cache"), "no key outside the cache folder: nothing is cached"


def test_names_are_content_addresses_in_a_private_folder(tmp_path):
    rules = tmp_path / "a" / "b"
    rules.mkdir(parents=True)
    from test_rule_loading import GOOD

    (rules / "r.yaml").write_text(GOOD)
    (tmp_path / "page.md").write_text(CLAIM)
    env = env_for(tmp_path)
    proc = run_claimlint("check", "--rules", "../../" + str(rules.relative_to(tmp_path)), "page.md",
                         cwd=tmp_path / "a" / "b", env=env)
    assert proc.returncode in (0, 1, 2)
    root = tmp_path / "cache"
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    for path in entries(root):
        rel = os.path.relpath(path, root).split(os.sep)
        assert len(rel) == 3 and rel[0] in ("rulesets", "compiled", "findings"), rel
        assert len(rel[2]) == 64 and all(c in "0123456789abcdef" for c in rel[2]) and rel[2][:2] == rel[1]
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    for d, _, _ in os.walk(root):
        assert stat.S_IMODE(os.stat(d).st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "keys" / "cache.key").stat().st_mode) == 0o600


def test_size_bound_prunes_and_clean_empties(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for i in range(30):
        (site / f"p{i}.md").write_text(f"Page {i}. Our tea cures gout and {i}% of users agree.\n")
    env = env_for(tmp_path, CLAIMLINT_CACHE_MAX_MB="0.5")
    proc = run_claimlint("check", str(site), env=env)
    assert proc.returncode == 1, proc.stderr
    size = sum(os.path.getsize(p) for p in entries(tmp_path / "cache"))
    assert 0 < size <= 0.5 * 1024 * 1024
    info = run_claimlint("cache", "dir", env=env)
    assert info.returncode == 0 and str(tmp_path / "cache") in info.stdout and "entries" in info.stdout
    clean = run_claimlint("cache", "clean", env=env)
    assert clean.returncode == 0 and "removed" in clean.stdout
    assert entries(tmp_path / "cache") == []


def test_default_location_is_the_platform_cache_folder(tmp_path):
    (tmp_path / "page.md").write_text(CLAIM)
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMLINT_CACHE_DIR", "CLAIMLINT_CACHE_KEY_DIR")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "xdg-cache"), XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               CLAIMLINT_NO_CACHE="")
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("claimlint")
    proc = subprocess.run([str(exe), "check", "page.md"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert entries(tmp_path / "xdg-cache" / "claimlint")
    assert (tmp_path / "xdg-data" / "claimlint" / "cache.key").is_file()


def test_entries_are_streamed_authenticated_and_an_oversized_one_leaves_nothing(tmp_path, monkeypatch):
    """Pickles are written piece by piece into the file with their HMAC fed as they go (a large
    pack's compiled rules are tens of MB, never held whole as bytes); the entry reads back, a
    flipped byte is refused, and an entry past the size bound leaves no file, temporary or not."""
    from claimlint import cache

    monkeypatch.setenv("CLAIMLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CLAIMLINT_CACHE_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("CLAIMLINT_NO_CACHE", raising=False)
    value = {"terms": [f"term {i}" for i in range(50_000)]}  # pickled in many frames
    key = "ab" * 32
    cache._write_pickle("compiled", key, value)
    assert cache._read_pickle("compiled", key) == value
    (path,) = entries(tmp_path / "cache")
    data = bytearray(open(path, "rb").read())
    data[len(data) // 2] ^= 1
    with open(path, "wb") as fh:
        fh.write(data)
    assert cache._read_pickle("compiled", key) is None
    monkeypatch.setattr(cache, "_MAX_ENTRY", 10_000)
    cache._write_pickle("compiled", "cd" * 32, value)
    assert [os.path.basename(p) for p in entries(tmp_path / "cache")] == [os.path.basename(path)]


def test_the_compiled_rules_part_kept_apart_is_compiled_again_when_its_entry_is_gone(tmp_path, monkeypatch):
    """What only a sentence with a hit opens is an entry of its own (claimlint.judge.later): when
    it was pruned, or holds what no build wrote under its name, the rules are compiled again and
    the findings are the same; the new build is cached again."""
    from claimlint import cache
    from claimlint.engine import Linter
    from claimlint.judge import later
    from claimlint.ruleset import load_ruleset

    monkeypatch.setenv("CLAIMLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CLAIMLINT_CACHE_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("CLAIMLINT_NO_CACHE", raising=False)
    text = "Our tea cures gout, and it is completely safe with no side effects.\n"
    from claimlint.documents import load

    linter = Linter(load_ruleset())
    expected = [f.to_cache() for f in linter.lint(load("page.md", text.encode(), "markdown"))]  # compiled, cached
    assert expected
    for damage in ("missing", "not a build's part"):
        linter = Linter(load_ruleset())
        stored = linter.compiled.__dict__["_packed"]
        assert isinstance(stored, later.Stored)  # read from the cache, not opened yet
        path = cache._entry("compiled", cache._key("part", stored.digest))
        assert os.path.exists(path)
        if damage == "missing":
            os.unlink(path)
        else:
            cache._write_bytes("compiled", cache._key("part", stored.digest), pickle.dumps(["no parts"]))
        assert [f.to_cache() for f in linter.lint(load("page.md", text.encode(), "markdown"))] == expected
        again = Linter(load_ruleset()).compiled.__dict__["_packed"]
        assert isinstance(again, later.Stored) and cache.get_part(again.digest) is not None
