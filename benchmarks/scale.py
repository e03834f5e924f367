#!/usr/bin/env python3
"""Throughput of the web-archive and cluster paths, per core, and print the figures.

    python benchmarks/scale.py [--pages 400] [--archives 4] [--engines local,spark,dask]

Builds gzipped WARC files of generated health-site pages (benchmarks/corpus.py
prose inside realistic HTML: navigation, scripts, styles, footer; about 20 kB
a page, a quarter of it prose) and the matching WET files, then runs:
`claimlint check` on one WARC with one process, and `claimlint scan` with
each engine over all the archives. For each it prints wall time, CPU time of
the whole process tree (sampled with psutil, so a JVM and its Python
workers count), pages per second, and pages per CPU-second (the per-core
figure, which shared or busy machines disturb least). Spark and
Dask are also timed on one tiny archive, so their start-up cost is shown
apart from the linting.
"""
from __future__ import annotations

import argparse
import gzip
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import page  # noqa: E402

BIN = Path(sys.executable).parent
CLAIMLINT = str(BIN / "claimlint") if (BIN / "claimlint").exists() else "claimlint"

CHROME = ("<header><nav><ul>" + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(25)) + "</ul></nav></header>"
          "<script>" + "var x=1;" * 600 + "</script><style>" + ".a{color:red}" * 400 + "</style>")
FOOTER = "<footer><p>© 2026 Example Clinic. All rights reserved.</p>" + "<a href='/legal'>Legal</a> " * 30 + "</footer>"


def html_page(rng: random.Random) -> str:
    md = page(rng, 5000)
    paras = [p.strip() for p in md.split("\n\n") if p.strip() and not p.startswith(("---", "```", "|"))]
    body = "".join(f"<h2>{p.lstrip('# ')}</h2>" if p.startswith("#") else f"<p>{p}</p>" for p in paras)
    return f"<!doctype html><html><head><title>Clinic</title></head><body>{CHROME}<main>{body}</main>{FOOTER}</body></html>"


def build(folder: Path, archives: int, pages: int, seed: int = 11) -> tuple[list[str], list[str]]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    warcs, wets = [], []
    for a in range(archives):
        warc, wet = folder / f"crawl-{a}.warc.gz", folder / f"crawl-{a}.warc.wet.gz"
        with open(warc, "wb") as fw, open(wet, "wb") as ft:
            w, t = WARCWriter(fw, gzip=True), WARCWriter(ft, gzip=True)
            for i in range(pages // archives):
                url = f"https://clinic{a}.example/page/{i}"
                html = html_page(rng)
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
                w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=http))
                text = "\n".join(p for p in html.split("<main>")[1].split("</main>")[0].replace("</p>", "\n").replace("</h2>", "\n")
                                 .replace("<p>", "").replace("<h2>", "").splitlines() if p.strip())
                t.write_record(t.create_warc_record(url, "conversion", payload=io.BytesIO(text.encode()),
                                                    warc_content_type="text/plain"))
        warcs.append(str(warc))
        wets.append(str(wet))
    return warcs, wets


def _tree_cpu(proc: subprocess.Popen) -> float:
    """CPU seconds of a process and all its descendants (a JVM and its Python workers
    are not reaped by us, so rusage misses them): sampled with psutil while it runs."""
    import psutil

    seen: dict[int, float] = {}
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            procs = [root] + root.children(recursive=True)
        except psutil.Error:
            procs = []
        for p in procs:
            try:
                t = p.cpu_times()
                seen[p.pid] = max(seen.get(p.pid, 0.0), t.user + t.system + t.children_user + t.children_system)
            except psutil.Error:
                pass
        time.sleep(0.2)
    return sum(seen.values())


def timed(args: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process tree, exit code)."""
    import importlib.util

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampled = _tree_cpu(proc) if importlib.util.find_spec("psutil") else None
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(args)} failed:\n{err[-2000:]}")
    return wall, max(cpu, sampled or 0.0), proc.returncode


def row(label: str, pages: int, wall: float, cpu: float, cores: int) -> str:
    return (f"| {label} | {pages} | {wall:.1f} | {cpu:.1f} | {pages / wall:.1f} | {pages / wall / cores:.1f} | "
            f"{pages / cpu:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--archives", type=int, default=4)
    ap.add_argument("--engines", default="local,spark,dask")
    args = ap.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    env_note = f"{cores} cores, Python {sys.version.split()[0]}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warcs, wets = build(folder, args.archives, args.pages)
        per = args.pages // args.archives
        total = per * args.archives
        size = sum(os.path.getsize(w) for w in warcs) / 1e6
        print(f"# {total} pages in {args.archives} WARC files ({size:.1f} MB gzipped), {env_note}")
        print("| run | pages | wall s | CPU s | pages/s | pages/s per core | pages per CPU-s |")
        print("|---|---|---|---|---|---|---|")
        timed([CLAIMLINT, "check", "--no-cache", "--format", "jsonl", warcs[0]], folder)  # warm the rule caches
        wall, cpu, _ = timed([CLAIMLINT, "check", "--no-cache", "--format", "jsonl", "--jobs", "1", warcs[0]], folder)
        print(row("check one WARC, 1 process", per, wall, cpu, 1))
        wall, cpu, _ = timed([CLAIMLINT, "check", "--no-cache", "--format", "jsonl", "--jobs", "1", wets[0]], folder)
        print(row("check one WET, 1 process", per, wall, cpu, 1))
        tiny = folder / "tiny"
        tiny.mkdir()
        (tiny / "p.md").write_text("Our drops cure tinnitus.\n")
        for engine in [e for e in args.engines.split(",") if e]:
            extra = {"local": ["--jobs", str(cores)], "spark": ["--master", f"local[{cores}]"], "dask": ["--jobs", str(cores)]}[engine]
            out = str(folder / f"{engine}.parquet")
            if engine != "local":
                w0, c0, _ = timed([CLAIMLINT, "scan", "--engine", engine, *extra, "-o", out, str(tiny)], folder)
                print(f"| scan --engine {engine}: start-up on one tiny file | 1 | {w0:.1f} | {c0:.1f} | | | |")
            wall, cpu, _ = timed([CLAIMLINT, "scan", "--engine", engine, *extra, "-o", out, *warcs], folder)
            print(row(f"scan --engine {engine} {' '.join(extra)}, {len(warcs)} WARCs", total, wall, cpu, cores))


if __name__ == "__main__":
    main()
