"""Files changed relative to a git ref, for `--changed-since` on pull requests."""
from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(Exception):
    pass


def changed_files(ref: str, cwd: Path | None = None) -> set[Path]:
    """Resolved paths of files added, copied, modified or renamed since `ref`
    (committed or not), plus untracked files that git does not ignore."""
    def git(*args: str) -> str:
        try:
            proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, encoding="utf-8",
                                  errors="surrogateescape")
        except FileNotFoundError:
            raise GitError("--changed-since needs git, which is not installed") from None
        if proc.returncode != 0:
            raise GitError(f"git {' '.join(args)}: {proc.stderr.strip() or 'failed'}")
        return proc.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    # -z: names are NUL-separated and never quoted (git quotes non-ASCII and odd names
    # otherwise); both lists are relative to the repository's top, wherever we run from.
    names = git("-c", "diff.relative=false", "diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRT",
                ref, "--").split("\0")
    names += git("ls-files", "-z", "--others", "--exclude-standard", "--full-name", ":/").split("\0")
    return {(top / n).resolve() for n in names if n}
