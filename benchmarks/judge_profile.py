#!/usr/bin/env python3
"""CPU seconds per MB of the judging step, and where they go.

    python benchmarks/judge_profile.py [--mb 1] [--claims 0.33] [--folder DIR] [--profile 25]

Reads the documents first (not counted), then times `Linter.lint` over
them with the process's CPU time (user + sys): prefilter, tokenising,
matching, contexts and findings, as `claimlint check` runs them with its
rule caches warm. The corpus is generated (benchmarks/corpus.py) with the
given share of claim sentences (1.0: every sentence a claim), or is every
Markdown/text/HTML file of --folder. With --profile N, cProfile's N
dearest functions (by their own time) are printed too.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus  # noqa: E402

FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html", ".htm": "html"}


def documents(args) -> list:
    from claimlint.documents import parse

    if args.folder:
        files = sorted(p for p in Path(args.folder).rglob("*") if p.suffix.lower() in FORMATS)
    else:
        folder = Path(tempfile.mkdtemp(prefix="claimlint-judge-"))
        pages = max(1, round(args.mb * 1_000_000 / 20_000))
        files = write_corpus(folder, pages, 20_000, seed=args.seed, claim_share=args.claims)
    return [parse(str(p), p.read_text(encoding="utf-8", errors="replace"), FORMATS[p.suffix.lower()]) for p in files]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="size of the generated corpus")
    ap.add_argument("--claims", type=float, default=0.33, help="share of claim sentences in it")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--folder", help="lint these files instead of a generated corpus")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's N dearest functions")
    args = ap.parse_args()

    from claimlint.engine import Linter
    from claimlint.ruleset import load_ruleset

    docs = documents(args)
    size = sum(len(d.source.encode("utf-8")) for d in docs)
    linter = Linter(load_ruleset())
    _ = linter.compiled  # rules compiled (or read from the cache) and spaCy loaded: not judging
    linter.lint(docs[0])  # warm up the lazily built parts
    profiler = cProfile.Profile() if args.profile else None
    cpu = time.process_time()
    if profiler:
        profiler.enable()
    findings = sum(len(linter.lint(d)) for d in docs)
    if profiler:
        profiler.disable()
    cpu = time.process_time() - cpu
    print(f"{len(docs)} documents, {size / 1e6:.2f} MB, {findings} findings")
    print(f"judging: {cpu:.2f} CPU s, {cpu / (size / 1e6):.3f} CPU s/MB" + (" (under cProfile)" if profiler else ""))
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
