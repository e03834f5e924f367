"""Gitignore-style matching: the configured `exclude` globs and the `.gitignore` files.

Why pathspec: fnmatch lets `*` cross `/` and knows nothing of anchoring,
directory-only patterns or negation, so `legal/*.md` excluded
`legal/old/x.md` too. pathspec implements git's own rules, and the
`.gitignore` files are read the way git reads them: each applies to its own
folder and below, deeper files override shallower ones, and `.git/info/exclude`
counts too. Folders are tested with a trailing slash, so `public/` ignores a
folder and not a file of that name.
"""
from __future__ import annotations

import os
from pathlib import Path


def _spec(lines: list[str]) -> "pathspec.GitIgnoreSpec":  # noqa: F821
    # Imported only when there are patterns: pathspec loads all its matching backends
    # (about 0.02-0.04 CPU s), which a run with no `exclude` and no .gitignore never needs.
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


class Excludes:
    """The configuration's `exclude` globs, relative to the configuration's folder."""

    def __init__(self, patterns: list[str], root: Path) -> None:
        self.root = root.resolve()
        self.spec = _spec(patterns) if patterns else None

    def __call__(self, path: str, is_dir: bool = False) -> bool:
        if self.spec is None:
            return False
        rel = _relative(path, self.root)
        return self.spec.match_file(rel + "/" if is_dir else rel)


def _relative(path: str, root: Path) -> str:
    p = Path(os.path.abspath(path))
    try:
        return p.relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix().removeprefix("./")


def _read_ignore_file(path: str) -> "pathspec.GitIgnoreSpec | None":  # noqa: F821
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    return _spec(lines) if any(ln.strip() and not ln.lstrip().startswith("#") for ln in lines) else None


def _git_root(start: Path) -> Path | None:
    for d in (start, *start.parents):
        if (d / ".git").exists():
            return d
    return None


class GitIgnore:
    """Whether git would ignore a path, from the `.gitignore` files above and beside it.

    Outside a git repository only the `.gitignore` files inside the folders
    being linted count (a built site copied out of its repository still has
    its `.gitignore`).
    """

    def __init__(self) -> None:
        self._top: dict[Path, Path] = {}
        self._specs: dict = {}  # ignore file -> its pathspec.GitIgnoreSpec, or None

    def _top_for(self, folder: Path) -> Path:
        top = self._top.get(folder)
        if top is None:
            top = _git_root(folder) or folder
            self._top[folder] = top
        return top

    def ignored(self, path: str, is_dir: bool = False, start: str | None = None) -> bool:
        full = Path(os.path.abspath(path))
        top = self._top_for(Path(os.path.abspath(start or full.parent)))
        try:
            rel_parts = full.relative_to(top).parts
        except ValueError:
            return False
        verdict = None
        sources = [(top, str(top / ".git" / "info" / "exclude"))]
        d = top
        for part in rel_parts[:-1]:
            sources.append((d, str(d / ".gitignore")))
            d = d / part
        sources.append((d, str(d / ".gitignore")))
        for base, ignore_file in sources:
            if ignore_file not in self._specs:
                self._specs[ignore_file] = _read_ignore_file(ignore_file)
            spec = self._specs[ignore_file]
            if spec is None:
                continue
            rel = full.relative_to(base).as_posix() + ("/" if is_dir else "")
            result = spec.check_file(rel)
            if result.include is not None:
                verdict = result.include
        return bool(verdict)
