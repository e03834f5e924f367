#!/usr/bin/env python3
"""Sentences per second of `claimlint strength`, each engine (rules, rules+linear, learned).

    python benchmarks/strength_speed.py [--sentences 2000] [--runs 3]

The input is generated health-marketing prose (benchmarks/corpus.py's
sentence generator, half of them claims, in paragraphs of five, one file); each engine runs as the installed command on
the same file, and the median wall time of --runs runs (a process start,
spaCy and, for the learned engine, the ONNX model load included) is turned
into sentences per second. A second figure subtracts a run on a
file of a quarter of the sentences, so it is the steady rate once the
process, spaCy and the model are loaded. The learned engine is skipped
when the 'strength' extra is not installed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import sentence  # noqa: E402

BIN = Path(sys.executable).parent


def timed(args: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    proc = subprocess.run([str(BIN / "claimlint"), "strength", "--format", "json", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"strength_speed: claimlint failed: {proc.stderr[-1000:]}")
    return elapsed, len(json.loads(proc.stdout)["sentences"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from claimlint import learned

    with tempfile.TemporaryDirectory() as tmp:
        big, one = Path(tmp) / "big.md", Path(tmp) / "one.md"
        import random

        rng = random.Random(17)
        sents = [sentence(rng, 0.5) for _ in range(args.sentences)]
        big.write_text("\n\n".join(" ".join(sents[i:i + 5]) for i in range(0, len(sents), 5)) + "\n", encoding="utf-8")
        quarter = sents[: len(sents) // 4]
        one.write_text("\n\n".join(" ".join(quarter[i:i + 5]) for i in range(0, len(quarter), 5)) + "\n", encoding="utf-8")
        engines = ["rules", "rules+linear"] + (["learned"] if learned.available() else [])
        print(f"{'engine':12} {'sentences':>9} {'median s':>9} {'sent/s':>8} {'steady sent/s':>14}")
        for engine in engines:
            timed(["--engine", engine, str(one)])  # warm the rule caches
            runs = [timed(["--engine", engine, str(big)]) for _ in range(args.runs)]
            small = [timed(["--engine", engine, str(one)]) for _ in range(args.runs)]
            wall, base = statistics.median(t for t, _ in runs), statistics.median(t for t, _ in small)
            n, m = runs[0][1], small[0][1]
            steady = f"{(n - m) / (wall - base):14.0f}" if wall > base else f"{'n/a':>14}"
            print(f"{engine:12} {n:9} {wall:9.2f} {n / wall:8.0f} {steady}")
        if len(engines) == 1:
            print("learned: skipped (pip install 'claimlint[strength]')")
    return 0


if __name__ == "__main__":
    sys.exit(main())
