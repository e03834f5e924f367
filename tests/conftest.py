"""Shared helpers: run the real CLI, in-process or as a subprocess, and check positions."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimlint.cli import main

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """The tests' own cache folder, new for each session (and each xdist worker): a test never
    reads what an earlier run, another checkout or the user's own claimlint left in the cache,
    and never leaves anything in theirs."""
    import tempfile

    folder = tempfile.mkdtemp(prefix="claimlint-test-cache-")
    config._claimlint_cache = folder
    os.environ["CLAIMLINT_CACHE_DIR"] = folder


def pytest_unconfigure(config):
    import shutil

    folder = getattr(config, "_claimlint_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run the slow end-to-end tests (always on when CI is set)")


def pytest_collection_modifyitems(config, items):
    """Slow end-to-end tests run in CI (CI=true, as .ci/run has it) or with --slow; the default run stays fast."""
    if config.getoption("--slow") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="slow: runs in CI (CI=true) or with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _findings_cache_back_on():
    """`check --no-cache` run in-process (the `cli` fixture) turns the findings cache off for
    the rest of the process, as it should for one command: each test starts with it on."""
    from claimlint import cache

    cache._findings_enabled = True
    yield


@pytest.fixture
def cli():
    """Invoke `claimlint ...` in-process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args, input=None):
        result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def run_claimlint(*args, cwd=None, input=None, env=None):
    """Run the installed `claimlint` entry point as a separate process."""
    exe = Path(sys.executable).with_name("claimlint")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "claimlint"]
    return subprocess.run(cmd + list(args), cwd=cwd, input=input, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def line_starts(text: str) -> list[int]:
    """Independent of claimlint.positions: lines end at LF, CRLF or a lone CR."""
    starts = [0]
    i = 0
    while i < len(text):
        if text[i] == "\r":
            if i + 1 < len(text) and text[i + 1] == "\n":
                i += 1
            starts.append(i + 1)
        elif text[i] == "\n":
            starts.append(i + 1)
        i += 1
    return starts


def text_at(source: str, f: dict) -> str:
    starts = line_starts(source)
    a = starts[f["line"] - 1] + f["column"] - 1
    b = starts[f["end_line"] - 1] + f["end_column"] - 1
    return source[a:b]


def check_json(cli, path: Path, *extra) -> dict:
    code, out, err = cli("check", "--format", "json", *extra, str(path))
    assert code in (0, 1), err
    return json.loads(out)


def assert_positions_hold(data: dict, sources: dict[str, str]) -> None:
    for f in data["findings"]:
        assert text_at(sources[f["path"]], f) == f["text"], f


def assert_generated_tables_current(script: str, module_name: str) -> None:
    """A module of tables generated from the installed spaCy by scripts/<script>.py holds what
    the script would write now (when spaCy changes, regenerate it)."""
    import importlib
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / f"{script}.py"
    spec = importlib.util.spec_from_file_location(script, path)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    module = importlib.import_module(module_name)
    for name, value in gen.tables().items():
        assert getattr(module, name) == value, f"{name} differs: run scripts/{script}.py"
