#!/usr/bin/env python3
"""Press-release-style training and development data of another origin: Wright & Augenstein 2021.

    python scripts/wright_data.py WRIGHT_DIR --against EUREKA.csv [--against PUBMED.csv] [--csv OUT.csv] [--side press] [--cache C.json]

The claim-strength benchmark's press releases (Yu et al. 2020, EurekAlert) are for measuring
only. Wright & Augenstein's InSciOut data (EMNLP 2021; annotations from Sumner et al. 2014 and
Bratton et al. 2019; the dataset card declares GPL-3.0) labels press-release and abstract
conclusions with the same four strengths (0 no relationship, 1 correlational, 2 conditional
causal, 3 direct causal), so it can train and tune for the press-release style, once every
sentence that nearly repeats a measuring sentence is dropped: Wright's press releases and
EurekAlert's overlap (the issue found 7 such pairs). The rule, fixed here: lower-cased, a
rapidfuzz `ratio` or `token_set_ratio` of at least 85 to any sentence of an `--against` file
drops the Wright sentence; so does an exact repeat within Wright (the first is kept).

Each item: id, group (a press release and its abstract share one, so grouped folds keep a pair
together), side ("press" or "abstract"), sentence, label. With --csv, the kept items are written
as sentId,sentence,label (score_strength.py's format) for development scoring outside the
repository: never commit such a file.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
from pathlib import Path

FILES = ("insciout_train.jsonl", "insciout_test.jsonl", "pet_cls/train_pet.csv")
THRESHOLD = 85


def sha256s(folder: Path) -> dict[str, str]:
    """The sha256 of each file read, for a model's record of what it was trained on."""
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}


def load(folder: Path) -> list[dict]:
    """Every labeled sentence of the three files, both sides of each InSciOut pair."""
    items: list[dict] = []
    for name in FILES[:2]:
        with (folder / name).open(encoding="utf-8") as f:
            for n, line in enumerate(f):
                if not line.strip():
                    continue
                row = json.loads(line)
                group = f"insciout:{row['original_file_id']}"
                for side, text_key, label_key in (("press", "press_release_conclusion", "press_release_strength"),
                                                  ("abstract", "abstract_conclusion", "abstract_strength")):
                    text = " ".join(str(row[text_key]).split())
                    if text:
                        items.append({"id": f"{name}:{n}:{side}", "group": group, "side": side,
                                      "sentence": text, "label": int(row[label_key])})
    with (folder / FILES[2]).open(encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.reader(f)):
            if len(row) < 3 or not row[0].strip():
                continue
            text, label, side = " ".join(row[0].split()), int(row[1]), row[2].strip()
            items.append({"id": f"pet_cls:{n}", "group": f"pet_cls:{n}", "side": side, "sentence": text,
                          "label": label})
    bad = [i for i in items if i["label"] not in (0, 1, 2, 3) or i["side"] not in ("press", "abstract")]
    if bad:
        sys.exit(f"wright_data: unexpected label or side in {bad[0]['id']}: {bad[0]}")
    return items


def read_sentences(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [r["sentence"] for r in csv.DictReader(f)]


def drop_overlaps(items: list[dict], against: list[str], threshold: int = THRESHOLD) -> tuple[list[dict], list[dict]]:
    """(kept, dropped): drop each item that nearly repeats a sentence of `against` or an earlier item."""
    from rapidfuzz import fuzz, process

    others = [s.lower() for s in against]
    kept, dropped, seen = [], [], set()
    for item in items:
        low = item["sentence"].lower()
        key = " ".join(low.split())
        if key in seen:
            dropped.append({**item, "reason": "repeat within Wright"})
            continue
        hit = None
        for scorer in (fuzz.ratio, fuzz.token_set_ratio):
            best = process.extractOne(low, others, scorer=scorer, score_cutoff=threshold)
            if best is not None:
                hit = best
                break
        if hit is not None:
            dropped.append({**item, "reason": f"near-duplicate ({hit[1]:.0f}) of a measuring sentence"})
            continue
        seen.add(key)
        kept.append(item)
    return kept, dropped


# Where scripts keep the filter's result by default: outside the repository; the file records
# the inputs' sha256s, so other inputs are checked afresh (and overwrite it).
CACHE = Path("/tmp/claimlint-wright-kept/kept.json")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def kept_items(folder: Path, against: list[Path], cache: Path | None = None,
               threshold: int = THRESHOLD) -> tuple[list[dict], dict]:
    """(kept items, a record of the filter) for `folder` checked against the `against` CSVs.

    The filter costs ~45 CPU s, so with `cache` the result is kept in that JSON file and
    reused while the Wright files, the `against` files and the threshold are the same (their
    sha256s are the cache's key). The record says what was checked and what was dropped, for
    a model's metadata."""
    key = {"wright": sha256s(folder), "against": {Path(p).name: file_sha256(p) for p in against},
           "threshold": threshold, "scorers": ["ratio", "token_set_ratio"]}
    if cache is not None and Path(cache).is_file():
        saved = json.loads(Path(cache).read_text(encoding="utf-8"))
        if saved.get("key") == key:
            return saved["kept"], saved["record"]
    items = load(folder)
    kept, dropped = drop_overlaps(items, [s for p in against for s in read_sentences(Path(p))], threshold)
    reasons: dict[str, int] = {}
    for d in dropped:
        r = d["reason"].split(" (")[0]
        reasons[r] = reasons.get(r, 0) + 1
    record = {"files": key["wright"], "checked_against": key["against"],
              "rule": f"lower-cased rapidfuzz ratio or token_set_ratio >= {threshold} to any checked sentence, "
                      "or an exact repeat within Wright, drops the sentence",
              "sentences": len(items), "dropped": dict(sorted(reasons.items())), "kept": len(kept),
              "kept_press": sum(i["side"] == "press" for i in kept),
              "kept_abstract": sum(i["side"] == "abstract" for i in kept)}
    if cache is not None:
        Path(cache).parent.mkdir(parents=True, exist_ok=True)
        part = Path(cache).with_name(Path(cache).name + ".part")
        part.write_text(json.dumps({"key": key, "kept": kept, "record": record}), encoding="utf-8")
        part.replace(cache)
    return kept, record


def grouped_folds(items: list[dict], k: int, seed: int) -> list[list[int]]:
    """k folds of item indexes; the items of one group (a press release and its abstract) share a fold."""
    groups = sorted({i["group"] for i in items})
    random.Random(seed).shuffle(groups)
    fold_of = {g: n % k for n, g in enumerate(groups)}
    folds: list[list[int]] = [[] for _ in range(k)]
    for n, item in enumerate(items):
        folds[fold_of[item["group"]]].append(n)
    return folds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="the wright2021_exaggeration folder")
    ap.add_argument("--against", type=Path, action="append", default=[],
                    help="a CSV (sentence column) whose near-repeats are dropped; give the measuring set")
    ap.add_argument("--side", choices=("press", "abstract", "both"), default="both", help="which sentences --csv writes")
    ap.add_argument("--csv", type=Path, help="write the kept sentences as sentId,sentence,label")
    ap.add_argument("--cache", type=Path, default=CACHE,
                    help=f"JSON file that keeps the filter's result for the same inputs (default {CACHE})")
    args = ap.parse_args()
    if not args.against:
        ap.error("give --against EUREKA.csv: Wright's sentences must be checked against the measuring set")
    kept, record = kept_items(args.folder, args.against, args.cache)
    print(f"{record['sentences']} sentences, {record['sentences'] - record['kept']} dropped, {record['kept']} kept "
          f"({record['kept_press']} press-release, {record['kept_abstract']} abstract)")
    for r, n in record["dropped"].items():
        print(f"  {n} {r}")
    if args.csv:
        with args.csv.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["sentId", "sentence", "label"])
            for item in kept:
                if args.side in ("both", item["side"]):
                    w.writerow([item["id"], item["sentence"], item["label"]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
