"""Writing files without ever leaving a partial or lost one.

Writes go to a temporary file in the same folder, are flushed to disk, keep
the original's permission bits and owner, and replace it by an atomic rename,
so an interrupted write leaves either the old file or the new one, never half.

`rewrite_file` is for a user's own files (`--fix`): a symbolic link is kept
and its target rewritten; a file with other hard links, or one whose owner
cannot be kept (not root, somebody else's group-writable file), is rewritten
in place instead, since a rename would split the link or change the owner.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, owner: tuple[int, int] | None = None) -> None:
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
        if owner is not None and owner != (os.getuid(), os.getgid()):
            os.chown(tmp, *owner)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


class ReadOnlyFile(OSError):
    """The file has no write permission bits: left alone (root could write it anyway)."""


def rewrite_file(path: Path, data: bytes) -> None:
    """Replace the contents of an existing file, keeping its links, owner and permissions."""
    real = Path(os.path.realpath(path))
    st = real.stat()
    if not st.st_mode & 0o222:
        raise ReadOnlyFile(f"{path} is read-only")
    keep_owner = (st.st_uid, st.st_gid)
    can_chown = os.getuid() == 0 or keep_owner == (os.getuid(), os.getgid())
    if st.st_nlink > 1 or not can_chown:
        with open(real, "r+b") as fh:  # in place: the inode, and so every link and the owner, stay
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
        return
    atomic_write_bytes(real, data, owner=keep_owner)
