"""Writing files without ever leaving a partial or lost one.

Writes go to a temporary file in the same folder, are flushed to disk, keep
the original's permission bits, and replace it by an atomic rename, so an
interrupted write leaves either the old file or the new one, never half.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask  # a new file gets the usual permissions, not mkstemp's private 0600
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".claimlint-tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
