"""On-disk caches that make repeated runs cheap, and that nobody can poison.

- The loaded, validated rule pack (keyed by claimlint's version and every
  rule file's path, size and modification time): a run skips YAML parsing
  and schema validation entirely.
- The compiled matchers (keyed by the rule pack's content digest and the
  selected rules).
- The programs of the tokenizer's large regular expressions (keyed by the
  pattern, its flags and the interpreter; claimlint.regexcache).
- Findings per file (keyed by the file's content, the rule pack digest, the
  selection and claimlint's version): an unchanged file costs one hash.

Threat model. Caches are restored between CI runs, where a pull request can
write them, and a cache folder may be shared. So the cache folder is treated
as written by an attacker:

- every entry is authenticated with HMAC-SHA256 under a secret key kept
  *outside* the cache folder (in the user's private data folder, or
  $CLAIMLINT_CACHE_KEY), over its kind, its name and its bytes: an entry that
  was written, swapped or truncated by anyone without the key fails the check
  and is ignored and rebuilt, so a poisoned entry can neither run code nor
  hide findings (a forged `[]`);
- findings are JSON, and are validated field by field after the check;
  only the rule-pack, compiled-matcher and regular-expression entries are pickles, and they are
  unpickled only after the check passed (a key in the cache folder itself
  would be no protection: whoever can write the entry can write the key);
- names are content addresses (hex digests) only, so no input can name a
  file outside the folder; the folder is private (0700), entries 0600,
  written to O_EXCL|O_NOFOLLOW temporary files and renamed into place, and
  read with O_NOFOLLOW;
- the folder is bounded (CLAIMLINT_CACHE_MAX_MB, default 200 MB): the
  least recently written entries are pruned after a run.

On a fresh CI machine the key is new, so a restored cache is simply rebuilt.
The cache lives in $CLAIMLINT_CACHE_DIR, else the platform's cache folder
(platformdirs: ~/.cache/claimlint on Linux, honouring $XDG_CACHE_HOME).
`--no-cache` (or `cache: false` in the configuration) turns off the findings
cache, and $CLAIMLINT_NO_CACHE=1 every cache;
`claimlint cache clean` empties it. A cache that cannot be read or written
is ignored: the cache never changes a result, only its speed.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import re
import stat
import sys
import time
from pathlib import Path

from claimlint.version import __version__

KINDS = ("rulesets", "compiled", "findings", "regexes")
_HEX = re.compile(r"[0-9a-f]{64}")
_MAX_ENTRY = 256 * 1024 * 1024
_findings_enabled = True


def disable_findings() -> None:
    """`--no-cache`: findings are computed afresh and not stored. The rule pack and the compiled
    rules stay cached: they depend only on the rule files and claimlint, never on the page."""
    global _findings_enabled
    _findings_enabled = False


def enabled() -> bool:
    """Whether any cache is used ($CLAIMLINT_NO_CACHE=1 turns every one off)."""
    return os.environ.get("CLAIMLINT_NO_CACHE", "") in ("", "0")


def findings_enabled() -> bool:
    return _findings_enabled and enabled()


def cache_dir() -> Path:
    if os.environ.get("CLAIMLINT_CACHE_DIR"):
        return Path(os.environ["CLAIMLINT_CACHE_DIR"])
    if sys.platform.startswith("linux"):
        # What platformdirs gives on Linux, without importing it on every run (a few ms).
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg if os.path.isabs(xdg) else os.path.expanduser("~/.cache")) / "claimlint"
    import platformdirs

    return Path(platformdirs.user_cache_dir("claimlint", appauthor=False))


def max_bytes() -> int:
    try:
        return int(float(os.environ.get("CLAIMLINT_CACHE_MAX_MB", "200")) * 1024 * 1024)
    except ValueError:
        return 200 * 1024 * 1024


def _private_dir(path: Path) -> bool:
    """Create `path` (0700) or accept it if it is our own real folder; never follow a link."""
    try:
        os.makedirs(path.parent, mode=0o700, exist_ok=True)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        return False  # a link or somebody else's folder: no cache rather than a shared one
    if stat.S_IMODE(st.st_mode) & 0o077:
        try:
            os.chmod(path, 0o700)
        except OSError:
            return False
    return True


# ---- the key -------------------------------------------------------------

_key_bytes: bytes | None = None
_written = 0  # bytes this process wrote into the cache (prune() scans only when that may matter)


def _key_path() -> Path:
    if os.environ.get("CLAIMLINT_CACHE_KEY_DIR"):
        return Path(os.environ["CLAIMLINT_CACHE_KEY_DIR"]) / "cache.key"
    if sys.platform.startswith("linux"):
        xdg = os.environ.get("XDG_DATA_HOME", "").strip()
        return Path(xdg if os.path.isabs(xdg) else os.path.expanduser("~/.local/share")) / "claimlint" / "cache.key"
    import platformdirs

    return Path(platformdirs.user_data_dir("claimlint", appauthor=False)) / "cache.key"


def _secret() -> bytes | None:
    """The HMAC key: $CLAIMLINT_CACHE_KEY, else a random key in a private file outside the cache folder."""
    global _key_bytes
    if os.environ.get("CLAIMLINT_CACHE_KEY"):
        return os.environ["CLAIMLINT_CACHE_KEY"].encode()
    if _key_bytes is not None:
        return _key_bytes
    path = _key_path()
    if cache_dir().resolve() in (path.parent.resolve(), *path.parent.resolve().parents):
        return None  # a key inside the cache folder protects nothing
    if not _private_dir(path.parent):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        key = os.urandom(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            return _secret()  # another process made it first
        except OSError:
            return None
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        _key_bytes = key
        return key
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
            return None
        key = fh.read(64)
    if len(key) < 32:
        return None
    _key_bytes = key
    return key


def _mac(key: bytes, kind: str, name: str):
    """The entry's HMAC, fed its payload piece by piece (a large pack's compiled rules are
    tens of MB: concatenating or slicing them would hold a second copy)."""
    return hmac.new(key, f"claimlint-cache|{kind}|{name}|".encode(), hashlib.sha256)


class _MacWriter:
    """A file that also feeds what is written to it to an HMAC (pickle.dump writes in frames)."""

    def __init__(self, fh, mac) -> None:
        self.fh, self.mac, self.size = fh, mac, 0

    def write(self, data) -> int:
        self.mac.update(data)
        self.size += len(data)
        if self.size > _MAX_ENTRY:
            raise _TooLarge
        return self.fh.write(data)


class _TooLarge(Exception):
    """An entry past _MAX_ENTRY is not written (and would not be read)."""


# ---- keys ----------------------------------------------------------------

_code = None


def _code_stamp() -> str:
    """claimlint's own source files (size, mtime): a code change invalidates every cache."""
    global _code
    if _code is None:
        here = os.path.dirname(os.path.abspath(__file__))
        parts = []
        stack = [""]
        while stack:  # os.scandir, not Path.rglob: a third of the cost, on every run
            rel = stack.pop()
            try:
                found = list(os.scandir(os.path.join(here, rel)))
            except OSError:
                continue
            for e in found:
                name = f"{rel}/{e.name}" if rel else e.name
                try:
                    if e.is_dir(follow_symlinks=False):
                        if e.name != "__pycache__":
                            stack.append(name)
                    elif e.name.endswith(".py"):
                        st = e.stat()
                        parts.append(f"{name}|{st.st_size}|{st.st_mtime_ns}")
                except OSError:
                    pass
        _code = hashlib.sha256("\n".join(sorted(parts)).encode()).hexdigest()
    return _code


def _key(*parts) -> str:
    """A content address: the hex SHA-256 of claimlint's version, its code and the parts."""
    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version_info[:2]}|{_code_stamp()}".encode())
    for p in parts:
        h.update(b"\x1f")
        h.update(p if isinstance(p, bytes) else str(p).encode())
    return h.hexdigest()


def _entry(kind: str, key: str) -> Path | None:
    if kind not in KINDS or not _HEX.fullmatch(key):
        return None  # only content addresses name entries: nothing can point outside the folder
    return cache_dir() / kind / key[:2] / key


# ---- reading and writing -------------------------------------------------

def _read_payload(kind: str, key: str) -> bytes | None:
    """An entry's payload after its HMAC passed. Read apart from the HMAC in front of it, so
    it is a bytes object of its own: an unpickler reading it through io.BytesIO shares it
    (a view of a larger buffer, which a slice gives, is copied: 1.2 MB for the compiled rules)."""
    if not enabled() or (kind == "findings" and not _findings_enabled):
        return None
    path = _entry(kind, key)
    secret = _secret()
    if path is None or secret is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            tag = fh.read(32)
            data = fh.read(_MAX_ENTRY + 1)
    except OSError:
        return None
    if len(tag) < 32 or len(data) > _MAX_ENTRY:
        return None
    mac = _mac(secret, kind, key)
    mac.update(data)
    if not hmac.compare_digest(tag, mac.digest()):
        return None  # written by someone without the key, or damaged: rebuild
    return data


def _write_bytes(kind: str, key: str, payload) -> bool:
    return _write_entry(kind, key, lambda out: out.write(payload))


def _write_entry(kind: str, key: str, produce) -> bool:
    """Write an entry atomically: `produce(out)` writes the payload to `out`, which feeds the
    HMAC as it goes; the HMAC goes in front of the payload once it is all written. Whether
    the entry was written."""
    if not enabled() or (kind == "findings" and not _findings_enabled):
        return False
    path = _entry(kind, key)
    secret = _secret()
    if path is None or secret is None:
        return False
    root = cache_dir()
    if not _private_dir(root):
        return False
    tmp = None
    try:
        for d in (root / kind, path.parent):
            try:
                os.mkdir(d, 0o700)
            except FileExistsError:
                if not stat.S_ISDIR(os.lstat(d).st_mode):
                    return False
        tmp = path.parent / f".{os.urandom(8).hex()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(bytes(32))  # the HMAC's place
            out = _MacWriter(fh, _mac(secret, kind, key))
            produce(out)
            fh.seek(0)
            fh.write(out.mac.digest())
        os.replace(tmp, path)
        tmp = None
        global _written
        _written += os.path.getsize(path)
        return True
    except Exception:
        return False  # a read-only or full disk, an entry too large or that cannot be pickled only costs speed
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _read_pickle(kind: str, key: str, persistent_load=None):
    """An entry's value; `persistent_load` resolves the objects it names instead of holding
    (pickle's persistent IDs: a compiled build names the loaded rule pack's objects)."""
    payload = _read_payload(kind, key)
    if payload is None:
        return None
    from claimlint.gcpause import paused

    try:
        with paused(freeze=True):  # half a million long-lived objects: the collector would rescan them over and over
            if persistent_load is None:
                return pickle.loads(payload)  # authenticated above: only this user's own claimlint wrote it
            unpickler = pickle.Unpickler(io.BytesIO(payload))
            unpickler.persistent_load = persistent_load
            return unpickler.load()
    except Exception:
        return None


def _write_pickle(kind: str, key: str, value, persistent_id=None) -> None:
    # Streamed into the file: a pickle of a large pack is never held in memory whole.
    def produce(out) -> None:
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        if persistent_id is not None:
            pickler.persistent_id = persistent_id
        pickler.dump(value)

    _write_entry(kind, key, produce)


def files_stamp(files: list[Path], *extra, resolved: list[str | None] | None = None) -> str:
    """A content address of the files' resolved paths, sizes and times, and `extra`;
    `resolved` gives each file's resolved path where the caller knows it (None: resolve it)."""
    parts = []
    for i, f in enumerate(files):
        try:
            st = f.stat()
            real = resolved[i] if resolved is not None and resolved[i] is not None else f.resolve()
            parts.append(f"{real}|{st.st_size}|{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{f}|missing")
    return _key(*parts, *extra)


def get_ruleset(stamp: str):
    return _read_pickle("rulesets", stamp)


def put_ruleset(stamp: str, ruleset) -> None:
    _write_pickle("rulesets", stamp, ruleset)


def compiled_key(digest: str, rule_ids: list[str]) -> str:
    return _key("compiled", digest, ",".join(rule_ids))


def get_compiled(key: str, persistent_load=None):
    """A compiled build; `persistent_load` resolves the loaded rule pack's objects it names."""
    return _read_pickle("compiled", key, persistent_load)


def put_compiled(key: str, compiled, persistent_id=None) -> None:
    _write_pickle("compiled", key, compiled, persistent_id)


def put_part(digest: str, data: bytes) -> bool:
    """Store a part of a compiled build apart from it (claimlint.judge.later), under a name
    made from its SHA-256 `digest`; whether it was written."""
    return _write_bytes("compiled", _key("part", digest), data)


def get_part(digest: str) -> bytes | None:
    """A part stored by put_part, or None when absent, damaged or unauthenticated. Its name is
    the content address of its bytes and the HMAC covers name and bytes, so an authenticated
    entry under that name holds exactly the bytes the build that named it wrote."""
    return _read_payload("compiled", _key("part", digest))


def regex_key(*parts) -> str:
    return _key("regex", *parts)


def get_regex(key: str):
    """A cached regular-expression program (claimlint.regexcache), or None."""
    return _read_pickle("regexes", key)


def put_regex(key: str, program: tuple) -> None:
    _write_pickle("regexes", key, program)


def findings_key(data: bytes, fmt: str, path: str, settings: str) -> str:
    return _key("findings", hashlib.sha256(data).hexdigest(), fmt, path, settings)


def get_findings(key: str):
    """Cached findings, or None when absent, unauthenticated or malformed."""
    from claimlint.findings import findings_from_json

    payload = _read_payload("findings", key)
    if payload is None:
        return None
    import json  # imported only by a run that reads or writes findings

    try:
        return findings_from_json(json.loads(payload.decode("utf-8")))
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def put_findings(key: str, value) -> None:
    if value:
        import json  # imported only by a run that reads or writes findings

        payload = json.dumps([f.to_cache() for f in value], ensure_ascii=False, separators=(",", ":"))
    else:
        payload = "[]"  # json.dumps([]): a clean page's run does not import json for it
    _write_bytes("findings", key, payload.encode("utf-8"))


# ---- housekeeping ----------------------------------------------------------

def _entries(root: Path):
    """(path, size, mtime) of every entry, never following links."""
    for kind in KINDS:
        try:
            shards = list(os.scandir(root / kind))
        except OSError:
            continue
        for shard in shards:
            if not shard.is_dir(follow_symlinks=False):
                continue
            try:
                for e in os.scandir(shard.path):
                    if e.is_file(follow_symlinks=False):
                        st = e.stat(follow_symlinks=False)
                        yield e.path, st.st_size, st.st_mtime
            except OSError:
                continue


def size() -> tuple[int, int]:
    """(entries, bytes) in the cache folder."""
    n = total = 0
    for _, s, _ in _entries(cache_dir()):
        n += 1
        total += s
    return n, total


_SIZE_STAMP = ".size"  # the folder's size at its last scan, plus what runs wrote since
_RESCAN_AFTER = 3600  # seconds: past this the stamp is not trusted (runs that raced to update it)


def prune(limit: int | None = None, force: bool = False) -> int:
    """Delete the oldest entries until the folder is under 3/4 of its bound; returns bytes freed.

    Scanning a full cache folder costs a stat per entry (tens of milliseconds for a few
    thousand), so a run that wrote nothing does not scan, and one that wrote little adds
    what it wrote to the size recorded at the last scan and scans only when that estimate
    passes the bound or is an hour old."""
    limit = max_bytes() if limit is None else limit
    if not enabled() or (not force and _written == 0):
        return 0
    root = cache_dir()
    stamp = root / _SIZE_STAMP
    if not force:
        recorded, age = _read_size(stamp)
        fresh = age is not None and 0 <= age < _RESCAN_AFTER
        if recorded is not None and fresh and recorded + _written <= limit:
            _record_size(stamp, recorded + _written, keep_time=True)
            return 0
    entries = list(_entries(root))
    total = sum(s for _, s, _ in entries)
    if total <= limit:
        _record_size(stamp, total)
        return 0
    freed = 0
    for path, s, _ in sorted(entries, key=lambda e: e[2]):
        if total - freed <= limit * 3 // 4:
            break
        try:
            os.unlink(path)
            freed += s
        except OSError:
            pass
    _record_size(stamp, total - freed)
    return freed


def _read_size(stamp: Path) -> tuple[int | None, float | None]:
    """(recorded size, seconds since the last scan) from the stamp, never following a link;
    (None, None) for a missing or malformed one (the folder is written by others)."""
    try:
        fd = os.open(stamp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None, None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, None
        text = os.read(fd, 32)
        return int(text.decode("ascii")), time.time() - st.st_mtime
    except (OSError, ValueError):
        return None, None
    finally:
        os.close(fd)


def _record_size(stamp: Path, size: int, keep_time: bool = False) -> None:
    """Write the size estimate atomically, as entries are written (a new private file, never
    through a link); a lost or stale estimate only means a scan."""
    try:
        mtime = os.lstat(stamp).st_mtime if keep_time else None
    except OSError:
        mtime = None
    tmp = stamp.with_name(f".size.{os.urandom(8).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(str(size))
        if mtime is not None:
            os.utime(tmp, (mtime, mtime))
        os.replace(tmp, stamp)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def clean() -> tuple[int, int]:
    """Remove every cache entry (and leftover temporary files); returns (entries, bytes) removed."""
    root = cache_dir()
    n = total = 0
    for path, s, _ in list(_entries(root)):
        try:
            os.unlink(path)
            n += 1
            total += s
        except OSError:
            pass
    for kind in KINDS:
        try:
            for shard in os.scandir(root / kind):
                if shard.is_dir(follow_symlinks=False):
                    try:
                        os.rmdir(shard.path)
                    except OSError:
                        pass
        except OSError:
            pass
    try:
        os.unlink(root / _SIZE_STAMP)
    except OSError:
        pass
    return n, total
