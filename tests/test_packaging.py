"""The rule pack ships inside the wheel: a non-editable install finds it."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and a virtualenv
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)],
                              capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return next(out.glob("claimlint-*.whl"))


def test_wheel_contains_the_rule_pack(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "claimlint/_rules/categories.yaml" in names
    assert any(n.startswith("claimlint/_rules/health-claims/") for n in names)
    assert any(n.startswith("claimlint/_rules/lexicons/") for n in names)
    assert {"claimlint/output/templates/report.html.j2", "claimlint/output/templates/report.css",
            "claimlint/output/templates/report.js"} <= set(names)
    assert {"claimlint/strength_model/model.onnx", "claimlint/strength_model/tokenizer.json",
            "claimlint/strength_model/model.json"} <= set(names)  # the learned claim-strength model


def test_installed_wheel_lints_with_its_rules(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--force-reinstall", "-q", str(wheel)], check=True)
    # Dependencies come from the test environment (no network needed); claimlint itself from the wheel,
    # whose site-packages comes first on sys.path.
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    page = tmp_path / "page.md"
    page.write_text("Our tea cures insomnia.\n")
    proc = subprocess.run([str(venv / "bin" / "claimlint"), "check", "--format", "json", str(page)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert '"rule": "cure-claim"' in proc.stdout
    html = subprocess.run([str(venv / "bin" / "claimlint"), "check", "--format", "html", str(page)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert html.returncode == 1 and "<mark" in html.stdout, html.stderr  # the report's templates ship too
    where = subprocess.run([str(py), "-c", "from claimlint.ruleset.loader import builtin_rules_dir as b; print(b())"],
                           capture_output=True, text=True, cwd=tmp_path).stdout
    assert "site-packages/claimlint/_rules" in where
