#!/usr/bin/env python3
"""Benchmark claimlint against proselint, side by side, and print medians and ratios.

    python benchmarks/run.py [--runs 3] [--big-runs 2] [--skip-big] [--skip-server]

Corpora are generated (benchmarks/corpus.py: deterministic health-marketing
Markdown). proselint runs with its finding cap removed ({"max_errors":
100000000}), as in the design notes. claimlint runs as installed in this
environment, with its rule caches warm but no cached findings (each run
lints fresh content), which is how pre-commit and CI meet it. Needs
proselint (`pip install proselint`) and GNU time for memory.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import page, write_corpus  # noqa: E402

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    exe = BIN / name
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if not found:
        sys.exit(f"benchmark: {name} is not installed (pip install {name})")
    return found


def timed(cmd: list[str], env: dict | None = None) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(cmd[:3])} failed ({proc.returncode}): {proc.stderr[-500:]!r}")
    return elapsed


def peak_rss_mb(cmd: list[str], env: dict) -> float | None:
    time_bin = shutil.which("time") or "/usr/bin/time"
    if not os.path.exists(time_bin):
        return None
    proc = subprocess.run([time_bin, "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        return int(proc.stderr.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs of each small case (median reported)")
    ap.add_argument("--big-runs", type=int, default=3, help="runs of the 10 MB case")
    ap.add_argument("--skip-big", action="store_true", help="skip the 10 MB and 25 MB cases")
    ap.add_argument("--skip-server", action="store_true", help="skip the language server's change-to-diagnostics case")
    args = ap.parse_args()

    claimlint, proselint = tool("claimlint"), tool("proselint")
    # An installed wheel has bytecode; an editable checkout under PYTHONDONTWRITEBYTECODE would not.
    import compileall

    import claimlint as package

    compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="claimlint-bench-"))
    env = {**os.environ, "CLAIMLINT_CACHE_DIR": str(work / "cache")}
    unlimited = work / "proselint.json"
    unlimited.write_text(json.dumps({"max_errors": 100000000}))
    pl = [proselint, "check", "--config", str(unlimited)]
    cl = [claimlint, "check"]

    import random

    rows = []

    def case(name, cl_cmds, pl_cmd, runs):
        cl_times = [timed(c, env) for c in cl_cmds(runs)]
        pl_times = [timed(pl_cmd, env) for _ in range(runs)]
        a, b = statistics.median(cl_times), statistics.median(pl_times)
        rows.append((name, a, b, a / b))
        print(f"{name:48} claimlint {a:7.2f} s   proselint {b:7.2f} s   ratio {a / b:5.2f}", flush=True)

    # Warm claimlint's rule caches once (as any second run on a machine is).
    warm = work / "warm.md"
    warm.write_text("Our tea cures gout.\n")
    timed(cl + [str(warm)], env)

    clean = work / "clean.md"
    clean.write_text(page(random.Random(1), 5_000, claim_share=0.0).replace("may help", "is offered to")
                     .replace("Research on", "Reading on").replace("side effects", "questions"))
    case("one clean 5 KB page", lambda n: [cl + [str(clean)]] * n, pl + [str(clean)], args.runs)

    def claims_pages(n):
        cmds = []
        for i in range(n):
            p = work / f"claims{i}.md"
            p.write_text(page(random.Random(100 + i), 5_000))  # fresh content: no cached findings
            cmds.append(cl + [str(p)])
        return cmds

    claims0 = work / "claims-pl.md"
    claims0.write_text(page(random.Random(100), 5_000))
    case("one 5 KB page with claims", claims_pages, pl + [str(claims0)], args.runs)

    if not args.skip_big:
        site = work / "site"
        files = write_corpus(site, 100, 100_000)
        size = sum(f.stat().st_size for f in files) / 1e6

        def site_runs(n):
            return [cl + ["--no-cache", str(site)] for _ in range(n)]

        case(f"100 pages, {size:.1f} MB of health copy", site_runs, pl + [str(f) for f in files], args.big_runs)

        big = work / "big.md"
        with big.open("w") as fh:
            rng = random.Random(3)
            while fh.tell() < 25_000_000:
                fh.write(page(rng, 100_000))
        rss = peak_rss_mb(cl + ["--no-cache", str(big)], env)
        print(f"{'peak memory, one 25 MB file':48} claimlint {rss:7.0f} MB" if rss else "peak memory: GNU time not found")
        rows.append(("peak memory, one 25 MB file (MB)", rss or 0, 0, 0))

    if not args.skip_server:
        import server  # benchmarks/server.py: the editor's case, a change to a 5 KB page

        print(server.report(server.measure()), flush=True)

    shutil.rmtree(work, ignore_errors=True)
    print("\nmachine:", os.cpu_count(), "cores;", sys.version.split()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
