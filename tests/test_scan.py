"""`claimlint scan`: the local, Spark and Dask engines give `check`'s findings, finding by finding.

Spark and Dask are optional extras. Where they are not installed these tests
skip, unless CLAIMLINT_REQUIRE_ENGINES=1 (set by .ci/run, which installs
them), where a missing engine fails the run.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import run_claimlint
from optional import need
from test_warc import WET_TEXT, _wet, build_warc


@pytest.fixture
def corpus(tmp_path):
    site = tmp_path / "corpus"
    site.mkdir()
    (site / "a.md").write_text("# Drops\n\nOur drops cure tinnitus in a week.\n\nClinically proven results.\n")
    (site / "b.html").write_text("<html><body><p>This tea is 100% safe and cures anxiety.</p>"
                                 "<p>We open at nine.</p></body></html>\n")
    (site / "c.txt").write_text("Nothing to see here.\n")
    (site / "d.md").write_text("<!-- claimlint-disable-next-line cure -->\nOur balm cures eczema.\n")
    build_warc(site / "crawl.warc.gz")
    _wet(site / "crawl.warc.wet.gz", WET_TEXT)
    return tmp_path


def check_findings(cwd) -> list[dict]:
    proc = run_claimlint("check", "--format", "json", "--no-cache", "corpus", cwd=cwd)
    assert proc.returncode == 1, proc.stderr
    return sorted(json.loads(proc.stdout)["findings"], key=lambda f: json.dumps(f, sort_keys=True))


def table_findings(path) -> list[dict]:
    import pyarrow.parquet as pq

    from claimlint.scan.rows import to_finding

    rows = pq.read_table(path).to_pylist()
    return sorted((to_finding(r) for r in rows), key=lambda f: json.dumps(f, sort_keys=True))


def test_local_engine_parquet_and_jsonl_equal_check(corpus):
    need("pyarrow", "parquet")
    expected = check_findings(corpus)
    assert any("url" in f for f in expected) and any(f["path"] == "corpus/a.md" for f in expected)
    proc = run_claimlint("scan", "corpus", "--engine", "local", "--jobs", "2", "-o", "out.parquet", cwd=corpus)
    assert proc.returncode == 1, proc.stderr
    assert table_findings(corpus / "out.parquet") == expected
    proc = run_claimlint("scan", "corpus", cwd=corpus)
    assert proc.returncode == 1, proc.stderr
    streamed = sorted((json.loads(x) for x in proc.stdout.splitlines()), key=lambda f: json.dumps(f, sort_keys=True))
    assert streamed == expected


@pytest.mark.spark
def test_spark_local_mode_equals_check(corpus):
    need("pyspark", "spark")
    need("pyarrow", "parquet")
    expected = check_findings(corpus)
    proc = run_claimlint("scan", "corpus", "--engine", "spark", "--master", "local[2]", "-o", "findings.parquet",
                         cwd=corpus)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "in 8 pages (spark)" in proc.stderr  # 4 files, 3 WARC pages, 1 WET page
    assert table_findings(corpus / "findings.parquet") == expected
    # Spark replaces a whole folder: one that is not a findings dataset is refused before Spark starts.
    (corpus / "notes.parquet").mkdir()
    (corpus / "notes.parquet" / "keep.txt").write_text("mine")
    proc = run_claimlint("scan", "corpus/a.md", "--engine", "spark", "-o", "notes.parquet", cwd=corpus)
    assert proc.returncode == 2 and "refusing" in proc.stderr and (corpus / "notes.parquet" / "keep.txt").exists()


@pytest.mark.dask
def test_dask_local_cluster_equals_check(corpus):
    need("distributed", "dask")
    need("pyarrow", "parquet")
    expected = check_findings(corpus)
    proc = run_claimlint("scan", "corpus", "--engine", "dask", "--jobs", "2", "-o", "findings.parquet", cwd=corpus)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert table_findings(corpus / "findings.parquet") == expected


def test_scan_errors_are_clear(corpus, tmp_path):
    proc = run_claimlint("scan", "corpus", "-o", "out.csv", cwd=corpus)
    assert proc.returncode == 2 and ".parquet or .jsonl" in proc.stderr
    proc = run_claimlint("scan", "corpus", "--master", "local[2]", cwd=corpus)
    assert proc.returncode == 2 and "--engine spark" in proc.stderr
    proc = run_claimlint("scan", "corpus", "--select", "curee", cwd=corpus)
    assert proc.returncode == 2 and "unknown rule or category 'curee'" in proc.stderr
    (corpus / "corpus" / "broken.html").write_bytes(b"\x00\x01binary")
    proc = run_claimlint("scan", "corpus/broken.html", "corpus/a.md", cwd=corpus)
    assert proc.returncode == 2 and "broken.html" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout.strip()  # the readable file's findings are still there


def test_check_never_imports_the_engines(corpus):
    code = ("import sys\nfrom click.testing import CliRunner\nfrom claimlint.cli import main\n"
            "CliRunner().invoke(main, ['check', '--no-cache', '--format', 'json', 'corpus'])\n"
            "print(sorted(m for m in ('pyspark', 'dask', 'distributed', 'pyarrow', 'httpx', 'trafilatura') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=corpus, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_spark_without_java_is_a_clear_error(corpus):
    need("pyspark", "spark")
    proc = run_claimlint("scan", "corpus/a.md", "--engine", "spark", "--master", "local[1]", "-o", "f.parquet",
                         cwd=corpus, env={"JAVA_HOME": str(corpus / "no-java-here")})
    assert proc.returncode == 2, proc.stderr
    assert "needs a Java runtime" in proc.stderr and "Traceback" not in proc.stderr
