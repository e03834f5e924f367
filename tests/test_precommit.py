"""A real `pre-commit run` with the hook from .pre-commit-hooks.yaml, configured
by the snippet in the README, against a temporary content repository."""
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


def readme_snippet() -> dict:
    text = (ROOT / "README.md").read_text()
    section = text.split("## pre-commit", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    return yaml.safe_load(block)


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


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def run_pre_commit(content: Path, home: Path, *args):
    exe = Path(sys.executable).with_name("pre-commit")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pre_commit"]
    return subprocess.run(cmd + ["run", *args], cwd=content, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)})


@pytest.fixture
def content(tmp_path, hook_repo):
    repo, sha = hook_repo
    config = readme_snippet()
    config["repos"][0]["repo"] = str(repo)
    config["repos"][0]["rev"] = sha
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(tmp_path, "init", "-q")
    return tmp_path


def test_readme_snippet_uses_the_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert readme_snippet()["repos"][0]["hooks"][0]["id"] == hooks[0]["id"] == "claimlint"
    assert "--force-exclude" in hooks[0]["entry"] and hooks[0]["language"] == "python"


def test_claim_is_blocked_and_clean_page_passes(content, pre_commit_home):
    (content / "clean.md").write_text("We are open Monday to Friday.\n")
    git(content, "add", ".")
    ok = run_pre_commit(content, pre_commit_home, "--files", "clean.md")
    assert ok.returncode == 0, ok.stdout + ok.stderr

    (content / "blog").mkdir()
    (content / "blog" / "ketamine.md").write_text("# Ketamine\n\nOur infusions cure depression.\n")
    git(content, "add", ".")
    bad = run_pre_commit(content, pre_commit_home, "--all-files")
    assert bad.returncode == 1
    assert "blog/ketamine.md:3:15: error cure-claim" in bad.stdout, bad.stdout


def test_configured_excludes_apply_to_files_pre_commit_passes(content, pre_commit_home):
    (content / ".claimlint.yaml").write_text("exclude: [drafts/]\n")
    (content / "drafts").mkdir()
    (content / "drafts" / "idea.md").write_text("Our tea cures gout.\n")
    git(content, "add", ".")
    proc = run_pre_commit(content, pre_commit_home, "--all-files")
    assert proc.returncode == 0, proc.stdout
