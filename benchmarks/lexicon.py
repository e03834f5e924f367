#!/usr/bin/env python3
"""What a very large user lexicon costs: load and match, cold and with the rule caches warm.

    python benchmarks/lexicon.py [--terms 300000]

Writes a generated lexicon (pseudo-words, one to three per term, some
hyphenated) under the shipped `condition` name, so every rule that names a
condition uses it and its terms are inflected as that lexicon's are (the last
word: cure, cures, cured, curing), and runs `claimlint check` on a two-line page: once with an
empty cache folder (the first run on a machine) and once more (every later
run). Prints CPU seconds (user + system) and peak memory (GNU time).
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SYLLABLES = ["ka", "to", "ri", "mel", "on", "ba", "sur", "lin", "dex", "pra", "vo", "quin", "te", "zar", "mo", "lu"]


def write_lexicon(path: Path, n: int) -> str:
    rng = random.Random(7)
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as fh:
        fh.write("lexicon: condition\nterms:\n")
        while len(seen) < n:
            words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(rng.choice([1, 1, 2, 3]))]
            term = ("-" if rng.random() < 0.1 else " ").join(words)
            if term not in seen:
                seen.add(term)
                fh.write(f"  - {term}\n")
    return next(iter(sorted(seen)))


def measure(cmd: list[str], env: dict) -> tuple[float, float]:
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *cmd], capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        sys.exit(f"benchmark: claimlint failed ({proc.returncode}): {proc.stderr[-800:]}")
    user, system, kb = proc.stderr.strip().splitlines()[-1].split()
    return float(user) + float(system), int(kb) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--terms", type=int, default=300_000)
    args = ap.parse_args()
    import os

    work = Path(tempfile.mkdtemp(prefix="claimlint-lexicon-"))
    try:
        term = write_lexicon(work / "lexicon.yaml", args.terms)
        page = work / "page.md"
        page.write_text(f"Our drops cure {term} in days.\n\nThis tea cures gout.\n", encoding="utf-8")
        env = {**os.environ, "CLAIMLINT_CACHE_DIR": str(work / "cache"), "CLAIMLINT_CACHE_MAX_MB": "2000"}
        exe = str(Path(sys.executable).with_name("claimlint"))
        cmd = [exe, "check", "-q", "--rules", str(work / "lexicon.yaml"), str(page)]
        for label in ("first run (empty cache)", "later run (rule caches warm)"):
            cpu, mb = measure(cmd, env)
            print(f"{args.terms:,} terms, {label:30} {cpu:6.1f} CPU s  {mb:6.0f} MB peak", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
