"""Which files to lint: paths given, directories recursed, excludes honoured.

Directories are walked without following symbolic links (so link loops are
harmless, and a file link that leads out of the folder is reported, not
read), skipping hidden and dependency folders and nested git
repositories (a submodule such as claimlint's own checkout is another
project's text); only files with a known extension (or a web archive's:
.warc, .warc.gz, .wet.gz) are taken from a directory, and binary files are
skipped by content sniffing. The configured `exclude` globs and, by default,
the `.gitignore` files are matched the way git matches them
(claimlint.ignore). Files named explicitly are always linted unless
--force-exclude applies the excludes and `.gitignore` to them too.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from claimlint.documents import FORMATS, is_archive
from claimlint.ignore import Excludes, GitIgnore

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
             ".pytest_cache", ".claimlint_cache", "site-packages", "_site", ".next", ".cache"}


@dataclass
class Discovered:
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # reported on standard error; do not fail the run


def _leaves_tree(full: str, top: str) -> bool:
    """A symbolic link found while walking `top` that resolves outside it (e.g. to /etc/passwd)."""
    if not os.path.islink(full):
        return False
    target = os.path.realpath(full)
    return os.path.commonpath([target, top]) != top


def _is_link_loop(p: Path) -> bool:
    try:
        p.stat()
    except OSError as exc:
        return exc.errno == 40  # ELOOP: reported by the reader as an unreadable file
    return False


def _sniffs_binary(path: str) -> bool:
    from claimlint.documents.decode import looks_binary

    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False  # let the reader report it
    return looks_binary(head) and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def excluded_path(path: str, exclude: list[str], root: Path, respect_gitignore: bool = True) -> bool:
    """Whether --force-exclude drops this file: an `exclude` glob or (by default) `.gitignore` covers it."""
    return Excludes(exclude, root)(path) or (respect_gitignore and GitIgnore().ignored(path))


def discover(paths: list[str], exclude: list[str], root: Path, force_exclude: bool = False,
             respect_gitignore: bool = True) -> Discovered:
    out = Discovered()
    seen: set[str] = set()
    excluded = Excludes(exclude, root)
    gitignore = GitIgnore() if respect_gitignore else None

    def skipped(path: str, is_dir: bool, start: str | None = None, git: bool = True) -> bool:
        return excluded(path, is_dir) or bool(git and gitignore and gitignore.ignored(path, is_dir, start))

    def add(p: str) -> None:
        if p not in seen:
            seen.add(p)
            out.files.append(p)

    for given in paths:
        if given == "-":
            add("-")
            continue
        p = Path(given)
        if p.is_dir():
            # A folder named on the command line is linted even if git ignores it (`claimlint check public/`).
            git = not (gitignore and gitignore.ignored(given, True))
            top = os.path.realpath(given)

            def onerror(err: OSError) -> None:
                out.errors.append(f"{err.filename}: cannot read directory: {err.strerror}")

            for dirpath, dirnames, filenames in os.walk(given, onerror=onerror, followlinks=False):
                dirnames[:] = sorted(
                    d for d in dirnames
                    if d not in SKIP_DIRS and not d.startswith(".")
                    and not os.path.lexists(os.path.join(dirpath, d, ".git"))  # a submodule or nested repository
                    and not skipped(os.path.join(dirpath, d), True, given, git)
                )
                for name in sorted(filenames):
                    full = os.path.join(dirpath, name)
                    archive = is_archive(name)  # WARC/WET files: gzip, so never sniffed as text
                    if Path(name).suffix.lower() not in FORMATS and not archive:
                        continue
                    if skipped(full, False, given, git):
                        continue
                    if _leaves_tree(full, top):
                        # Folders are walked without following links; a file link out of the
                        # tree is not followed either (it could publish any file in a report).
                        out.notes.append(f"{full}: symbolic link to a file outside {given}; not followed "
                                         "(name it on the command line to lint it)")
                        continue
                    if not full.endswith(".docx") and not archive and _sniffs_binary(full):
                        continue  # an image or font misnamed .md: skipped silently while recursing
                    add(full)
        elif p.exists() or p.is_symlink() or _is_link_loop(p):
            if force_exclude and skipped(given, False):
                continue
            add(given)
        else:
            out.errors.append(f"{given}: no such file or directory")
    return out
