"""On-disk caches that make repeated runs cheap.

- The loaded, validated rule pack (keyed by claimlint's version and every
  rule file's path, size and modification time): a run skips YAML parsing
  and schema validation entirely.
- The compiled matchers (keyed by the rule pack's content digest and the
  selected rules).
- Findings per file (keyed by the file's content, the rule pack digest, the
  selection and claimlint's version): an unchanged file costs one hash.

The cache lives in $CLAIMLINT_CACHE_DIR, else $XDG_CACHE_HOME/claimlint,
else ~/.cache/claimlint. `--no-cache` (or `cache: false` in the
configuration) turns it off. A cache that cannot be read or written is
ignored: the cache never changes a result, only its speed.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from claimlint import __version__

_enabled = True


def disable() -> None:
    global _enabled
    _enabled = False


def enabled() -> bool:
    return _enabled and os.environ.get("CLAIMLINT_NO_CACHE", "") in ("", "0")


def cache_dir() -> Path:
    if os.environ.get("CLAIMLINT_CACHE_DIR"):
        return Path(os.environ["CLAIMLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimlint"


_code = None


def _code_stamp() -> str:
    """claimlint's own source files (size, mtime): a code change invalidates every cache."""
    global _code
    if _code is None:
        here = Path(__file__).parent
        parts = []
        for p in sorted(here.rglob("*.py")):
            try:
                st = p.stat()
                parts.append(f"{p.relative_to(here)}|{st.st_size}|{st.st_mtime_ns}")
            except OSError:
                pass
        _code = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return _code


def _key(*parts) -> str:
    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version_info[:2]}|{_code_stamp()}".encode())
    for p in parts:
        h.update(b"\x1f")
        h.update(p if isinstance(p, bytes) else str(p).encode())
    return h.hexdigest()


def _read(kind: str, key: str):
    if not enabled():
        return None
    path = cache_dir() / kind / key[:2] / key
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, truncated, from another version: rebuild
        return None


def _write(kind: str, key: str, value) -> None:
    if not enabled():
        return
    path = cache_dir() / kind / key[:2] / key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception:
        pass  # a read-only or full disk only costs speed


def files_stamp(files: list[Path]) -> str:
    parts = []
    for f in files:
        try:
            st = f.stat()
            parts.append(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{f}|missing")
    return _key(*parts)


def get_ruleset(stamp: str):
    return _read("rulesets", stamp)


def put_ruleset(stamp: str, ruleset) -> None:
    _write("rulesets", stamp, ruleset)


def compiled_key(digest: str, rule_ids: list[str]) -> str:
    return _key("compiled", digest, ",".join(rule_ids))


def get_compiled(key: str):
    return _read("compiled", key)


def put_compiled(key: str, compiled) -> None:
    _write("compiled", key, compiled)


def findings_key(data: bytes, fmt: str, path: str, settings: str) -> str:
    return _key("findings", hashlib.sha256(data).hexdigest(), fmt, path, settings)


def get_findings(key: str):
    return _read("findings", key)


def put_findings(key: str, value) -> None:
    _write("findings", key, value)
