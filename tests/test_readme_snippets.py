"""The README's install snippets install claimlint itself, never PyPI's unrelated
`claimlint`; the CI snippets' commands work as pasted in a content repository that
has claimlint as a submodule (slow: a fresh virtualenv installs the dependencies)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


def code_blocks() -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", README, re.S)


def section(title: str) -> str:
    return README.split(title, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]


def test_no_snippet_installs_the_unrelated_pypi_package():
    for block in code_blocks():
        for line in block.splitlines():
            if "pip install" in line:
                target = line.split("pip install", 1)[1].split("#")[0].split()
                assert target and target[-1] not in ("claimlint", "claimlint[test]"), line
                local = target[-1].startswith((".", "'.", "./")) or (len(target) >= 2 and target[-2] == "-r"
                                                                    and (ROOT / target[-1]).is_file())
                assert local, f"installs from somewhere other than a checkout: {line}"


def test_readme_says_why_not_pypi():
    assert "not published on PyPI" in README and "unrelated project" in README


def git(cwd, *args):
    return subprocess.run(["git", "-c", "protocol.file.allow=always", *args], cwd=cwd, check=True,
                          capture_output=True, text=True, env={**os.environ, **GIT_ENV}).stdout.strip()


@pytest.mark.slow
def test_ci_snippets_work_in_a_content_repository_with_the_submodule(tmp_path):
    snapshot = tmp_path / "claimlint"
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.splitlines()
    for name in files:
        if (ROOT / name).is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", ".")
    git(snapshot, "commit", "-qm", "snapshot")

    content = tmp_path / "site"
    content.mkdir()
    git(content, "init", "-q")
    (content / "page.md").write_text("Our tea cures gout.\n")
    # The README's one-time step, with the URL filled in.
    setup = re.search(r"```sh\n(git submodule add .*?)```", section("## CI"), re.S).group(1)
    for command in setup.strip().splitlines():
        args = command.split()
        if args[:3] == ["git", "submodule", "add"]:
            git(content, "submodule", "add", str(snapshot), args[-1])
    git(content, "add", ".")
    git(content, "commit", "-qm", "content")

    github = section("### GitHub Actions")
    gitlab = section("### GitLab CI")
    install = re.search(r"- run: (pip install \S+)", github).group(1)
    assert install in gitlab
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv)}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(install, shell=True, cwd=content, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert Path(shutil.which("claimlint", path=env["PATH"])).parent == venv / "bin"

    sarif = re.search(r"run: (claimlint check --format sarif[^\n]*)", github).group(1)
    proc = subprocess.run(sarif, shell=True, cwd=content, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    log = json.loads((content / "claimlint.sarif").read_text())
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris and all("tools/claimlint" not in u for u in uris), uris  # the submodule is not linted
    quality = re.search(r"- (claimlint check --format gitlab[^\n]*)", gitlab).group(1)
    proc = subprocess.run(quality, shell=True, cwd=content, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert json.loads((content / "gl-code-quality-report.json").read_text())[0]["location"]["path"].endswith("page.md")
