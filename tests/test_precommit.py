"""A real `pre-commit run` with the README's snippet exactly as pasted, and with the
hook from .pre-commit-hooks.yaml as a hosted claimlint repository would serve it."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


def readme_snippet(n: int = 0) -> str:
    """The n-th YAML block of the README's pre-commit section, as text."""
    section = (ROOT / "README.md").read_text().split("## pre-commit", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)[n]


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def run_pre_commit(content: Path, home: Path, *args):
    exe = Path(sys.executable).with_name("pre-commit")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pre_commit"]
    # claimlint is installed as the README says, so its entry point is on PATH (this venv's bin).
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(cmd + ["run", *args], cwd=content, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PATH": path})


def content_repo(tmp_path: Path, config: str) -> Path:
    (tmp_path / ".pre-commit-config.yaml").write_text(config)
    git(tmp_path, "init", "-q")
    return tmp_path


def check_blocks_claims(content: Path, home: Path) -> None:
    (content / "clean.md").write_text("We are open Monday to Friday.\n")
    git(content, "add", ".")
    ok = run_pre_commit(content, home, "--files", "clean.md")
    assert ok.returncode == 0, ok.stdout + ok.stderr

    (content / "blog").mkdir()
    (content / "blog" / "ketamine.md").write_text("# Ketamine\n\nOur infusions cure depression.\n")
    git(content, "add", ".")
    bad = run_pre_commit(content, home, "--all-files")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "blog/ketamine.md:3:15: error cure-claim" in bad.stdout, bad.stdout

    (content / ".claimlint.yaml").write_text("exclude: [blog/]\n")
    git(content, "add", ".")
    excluded = run_pre_commit(content, home, "--all-files")
    assert excluded.returncode == 0, excluded.stdout  # configured excludes apply to the files pre-commit passes


def test_readme_snippet_as_pasted(tmp_path, pre_commit_home):
    snippet = readme_snippet(0)
    hook = yaml.safe_load(snippet)["repos"][0]
    assert hook["repo"] == "local", "the snippet must work without a repository URL or tag to fill in"
    check_blocks_claims(content_repo(tmp_path, snippet), pre_commit_home)


def test_local_hook_matches_the_published_hook():
    local = yaml.safe_load(readme_snippet(0))["repos"][0]["hooks"][0]
    published = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]
    for key in ("id", "entry", "types_or", "require_serial"):
        assert local[key] == published[key], key
    assert "--force-exclude" in published["entry"] and published["language"] == "python"


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """The project as it is now (committed or not), as a git repository pre-commit can clone."""
    repo = tmp_path_factory.mktemp("claimlint-hook")
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    for name in files:
        src = ROOT / name
        if src.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "snapshot")
    return repo, git(repo, "rev-parse", "HEAD")


@pytest.mark.slow
def test_hosted_hook(tmp_path, hook_repo, pre_commit_home):
    """The README's hosted form: `repo:` a claimlint repository, `rev:` a commit in it,
    `hooks: [{id: claimlint}]`; pre-commit installs claimlint into its own environment
    (slow: it pip-installs spaCy)."""
    repo, sha = hook_repo
    prose = (ROOT / "README.md").read_text().split("## pre-commit", 1)[1].split("\n## ", 1)[0]
    assert "`hooks: [{id: claimlint}]`" in prose
    config = yaml.safe_dump({"repos": [{"repo": str(repo), "rev": sha, "hooks": [{"id": "claimlint"}]}]})
    check_blocks_claims(content_repo(tmp_path, config), pre_commit_home)
