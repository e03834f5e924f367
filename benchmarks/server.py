#!/usr/bin/env python3
"""Benchmark `claimlint server`: time from a change to its diagnostics on a 5 KB page.

    python benchmarks/server.py [--changes 40] [--size 5000]

Starts the real server over stdio (as an editor does), opens a generated
5 KB health-marketing Markdown page (benchmarks/corpus.py), then sends
full-text changes one at a time, each a one-word edit of the page, and
times each from writing `didChange` to reading the `publishDiagnostics`
for that version. Prints the server's start-up (initialize to the first
page's diagnostics) and the median, 90th percentile and worst change
latency against the 50 ms target.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from corpus import page  # noqa: E402
from lsp_client import LspClient  # noqa: E402

TARGET_MS = 50.0


def measure(changes: int = 40, size: int = 5_000) -> dict:
    work = Path(tempfile.mkdtemp(prefix="claimlint-server-bench-"))
    client = LspClient(work)
    try:
        t0 = time.perf_counter()
        client.initialize(work)
        text = page(random.Random(100), size)
        uri = client.open(work / "page.md", text)
        first = client.diagnostics(uri, version=1)
        startup = time.perf_counter() - t0
        rng = random.Random(5)
        words = ["cures", "heals", "soothes", "supports", "guaranteed", "proven", "gentle", "calming"]
        latencies = []
        for _ in range(changes):
            at = rng.randrange(len(text) - 10)
            text = text[:at] + f" {rng.choice(words)} " + text[at:]
            since = len(client.notifications)
            t = time.perf_counter()
            version = client.change(uri, text)
            client.diagnostics(uri, version=version, since=since)
            latencies.append((time.perf_counter() - t) * 1000)
    finally:
        client.close()
    latencies.sort()
    return {"startup_s": startup, "first_findings": len(first), "size": len(text.encode()),
            "median_ms": statistics.median(latencies), "p90_ms": latencies[int(0.9 * (len(latencies) - 1))],
            "max_ms": latencies[-1], "changes": changes}


def report(r: dict) -> str:
    ok = "✓" if r["median_ms"] <= TARGET_MS else "✗"
    return (f"{'server: start-up to first diagnostics':48} {r['startup_s']:7.2f} s\n"
            f"{'server: change to diagnostics, 5 KB page':48} median {r['median_ms']:5.1f} ms   "
            f"p90 {r['p90_ms']:5.1f} ms   max {r['max_ms']:5.1f} ms   "
            f"({r['changes']} changes, {r['size']} bytes, target ≤ {TARGET_MS:.0f} ms {ok})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--changes", type=int, default=40, help="changes to time (default 40)")
    ap.add_argument("--size", type=int, default=5_000, help="page size in characters (default 5000)")
    args = ap.parse_args()
    print(report(measure(args.changes, args.size)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
