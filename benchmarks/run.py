#!/usr/bin/env python3
"""Benchmark claimlint against proselint, side by side, and print medians, ratios and targets.

    python benchmarks/run.py [--runs 5] [--big-runs 1] [--skip-big] [--skip-server] [--seeds DIR]

The five cases of issue 12: 100 Markdown pages (10 MB), 1 MB where every sentence is
a claim, one clean 5 KB page, one 5 KB page with claims (CPU seconds, each against
proselint on the same files), and claimlint's peak memory on one 25 MB file of the
seeds' text.
Corpora are generated (benchmarks/corpus.py: deterministic health-marketing
Markdown). proselint runs with its finding cap removed ({"max_errors":
100000000}), as in the design notes. claimlint runs as installed in this
environment, with its rule caches warm but no cached findings (each run
lints fresh content), which is how pre-commit and CI meet it. Needs
proselint (`pip install proselint`).
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


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(CPU seconds, peak resident MiB) of one run: user + system time of the process and
    the children it waited for (worker processes), as os.wait4 reports them."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(cmd[:3])} failed ({proc.returncode}): {stderr[-500:]!r}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def timed(cmd: list[str], env: dict | None = None) -> float:
    return measured(cmd, env)[0]


def seeds_folder(given: str | None) -> Path | None:
    """The seeds' text (../shared/corpus/seeds beside the repository), if it is there."""
    here = Path(__file__).resolve()
    candidates = [Path(given)] if given else [p / "shared" / "corpus" / "seeds" for p in here.parents[1:4]]
    return next((c for c in candidates if c.is_dir() and any(c.glob("*.txt"))), None)


TARGETS = {  # the targets: claimlint's CPU time as a multiple of proselint's, or a memory bound
    "100 Markdown pages, 10 MB of health copy": ("ratio", 0.2),
    "1 MB where every sentence is a claim": ("ratio", 1.5),
    "one clean 5 KB page": ("ratio", 1.0),
    "one 5 KB page with claims": ("ratio", 4.0),
    "peak memory, one 25 MB file": ("MiB", 1024),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs of each small case (median reported)")
    ap.add_argument("--big-runs", type=int, default=1, help="runs of the 10 MB and 1 MB cases")
    ap.add_argument("--skip-big", action="store_true", help="skip the 10 MB and 25 MB cases")
    ap.add_argument("--skip-server", action="store_true", help="skip the language server's change-to-diagnostics case")
    ap.add_argument("--seeds", metavar="DIR", help="folder of the seeds' text for the 25 MB case "
                    "(default: ../shared/corpus/seeds beside the repository; generated text if absent)")
    args = ap.parse_args()

    claimlint, proselint = tool("claimlint"), tool("proselint")
    # An installed wheel has bytecode; an editable checkout under PYTHONDONTWRITEBYTECODE would not.
    import compileall

    import claimlint as package

    compileall.compile_dir(str(Path(package.__file__).parent), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="claimlint-bench-"))
    # Both tools run as installed for a user: Python may write bytecode (a wheel's is compiled
    # at install; an editable install's on its first run). With PYTHONDONTWRITEBYTECODE set,
    # every claimlint module edited since its last .pyc would be compiled again on every run.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CLAIMLINT_CACHE_DIR"] = str(work / "cache")
    unlimited = work / "proselint.json"
    unlimited.write_text(json.dumps({"max_errors": 100000000}))
    pl = [proselint, "check", "--config", str(unlimited)]
    cl = [claimlint, "check"]

    import random

    rows = []
    print(f"{'case (CPU seconds, median)':44} {'claimlint':>10} {'proselint':>10} {'ratio':>7} {'target':>8}", flush=True)

    def report(name, a, b=None):
        kind, bound = TARGETS[name]
        if kind == "ratio":
            ratio = a / b
            ok = ratio <= bound
            cells = (f"{a:9.2f}s", f"{b:9.2f}s", f"{ratio:6.2f}×", f"≤ {bound}×")
        else:
            ok = a < bound
            cells = (f"{a:6.0f} MiB", "", "", f"< {bound} MiB")
        rows.append((name, *cells, "✓" if ok else "✗"))
        print(f"{name:44} {cells[0]:>10} {cells[1]:>10} {cells[2]:>7} {cells[3]:>8}  {'✓' if ok else '✗'}", flush=True)

    def case(name, cl_cmds, pl_cmd, runs):
        cl_times = [timed(c, env) for c in cl_cmds(runs)]
        pl_times = [timed(pl_cmd, env) for _ in range(runs)]
        report(name, statistics.median(cl_times), statistics.median(pl_times))

    # Warm claimlint's rule caches once (as any second run on a machine is).
    warm = work / "warm.md"
    warm.write_text("Our tea cures gout.\n")
    timed(cl + [str(warm)], env)

    def fresh(stem: str, text: str, n: int) -> list[list[str]]:
        """n copies of a page that differ in a first line: no run finds cached findings."""
        cmds = []
        for i in range(n):
            p = work / f"{stem}{i}.md"
            p.write_text(f"Edition {i}.\n\n" + text)
            cmds.append(cl + [str(p)])
        return cmds

    if not args.skip_big:
        site = work / "site"
        files = write_corpus(site, 100, 100_000)
        size = sum(f.stat().st_size for f in files) / 1e6
        print(f"  (the 100 pages hold {size:.1f} MB)", flush=True)
        case("100 Markdown pages, 10 MB of health copy", lambda n: [cl + ["--no-cache", str(site)]] * n,
             pl + [str(f) for f in files], args.big_runs)

    claims = work / "all-claims.md"
    rng = random.Random(11)
    with claims.open("w") as fh:
        while fh.tell() < 1_000_000:
            fh.write(page(rng, 50_000, claim_share=1.0) + "\n\n")
    case("1 MB where every sentence is a claim", lambda n: [cl + ["--no-cache", str(claims)]] * n,
         pl + [str(claims)], args.big_runs)

    clean = page(random.Random(1), 5_000, claim_share=0.0).replace("may help", "is offered to") \
        .replace("Research on", "Reading on").replace("side effects", "questions")
    (work / "clean-pl.md").write_text(clean)
    case("one clean 5 KB page", lambda n: fresh("clean", clean, n), pl + [str(work / "clean-pl.md")], args.runs)

    with_claims = page(random.Random(100), 5_000)
    (work / "claims-pl.md").write_text(with_claims)
    case("one 5 KB page with claims", lambda n: fresh("claims", with_claims, n), pl + [str(work / "claims-pl.md")],
         args.runs)

    if not args.skip_big:
        seeds = seeds_folder(args.seeds)
        big = work / "big.txt"
        with big.open("w") as fh:
            if seeds is not None:
                text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt")))
                while fh.tell() < 25_000_000:
                    fh.write(text + "\n\n")
                print(f"  (25 MB file: the seeds' text from {seeds}, repeated)", flush=True)
            else:
                rng = random.Random(3)
                while fh.tell() < 25_000_000:
                    fh.write(page(rng, 100_000))
                print("  (25 MB file: generated health copy; the seeds' text was not found)", flush=True)
        report("peak memory, one 25 MB file", measured(cl + ["--no-cache", str(big)], env)[1])

    if not args.skip_server:
        import server  # benchmarks/server.py: the editor's case, a change to a 5 KB page

        print(server.report(server.measure()), flush=True)

    shutil.rmtree(work, ignore_errors=True)
    print("\n| case | claimlint | proselint | ratio | target | met |\n|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(c.strip() or "" for c in row) + " |")
    print("\nCPU seconds (user + system) of each process and its workers, median of the runs;",
          "machine:", os.cpu_count(), "cores;", sys.version.split()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
