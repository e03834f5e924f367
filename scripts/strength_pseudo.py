#!/usr/bin/env python3
"""Pseudo-labeled sentences for self-training the learned claim-strength model (issue 17).

    python scripts/strength_pseudo.py WRIGHT_DIR --against EUREKA.csv --against PUBMED.csv --out /tmp/pseudo.csv

Why: the model learned from PubMed conclusions only and is unsure on press-release phrasing;
labeled press-release data of another origin (Wright's, scripts/wright_data.py) cost PubMed
more than it gave. Self-training uses unlabeled sentences of that other origin instead: the
shipped engine labels them, only where it can be trusted, and the student trains on PubMed
plus those (scripts/train_strength.py --pseudo).

The pool: Wright & Augenstein 2021's conclusion-detection sentences
(conclusion_detection/{train,dev}_pet.jsonl, press releases and abstracts; their `label` is
conclusion-or-not, not strength, so it is ignored). Dropped, with wright_data.py's rule
(lower-cased rapidfuzz `ratio` or `token_set_ratio` >= 85), is every sentence that nearly
repeats a sentence of an --against file (the measuring press releases, the PubMed file) or one
of Wright's labeled conclusions that wright_data.py keeps as the development set (both
sides), and an exact repeat within the pool: the measuring set and the development set stay
unseen by the student.

The teacher, fixed before any student was trained or scored: the shipped learned engine
(claimlint/strength_model, or the folder CLAIMLINT_STRENGTH_MODEL names, with the rules,
claimlint.learned.combine; the shipped self-trained model's teacher was the PubMed-only model
of commit 2ed4bb9, whose sha256 model.json records), per sentence as
`claimlint strength` splits a text. A sentence is trusted where the model's top class is the
rules' verdict, or where the rules found no cue and the model's top probability is at least
--min-prob (0.95, the engine's own threshold, DEFER_BELOW); where the rules' cue disagrees
with the model, or the model claims a relation unsurely against no cue, it is not. A text is
kept only if all its sentences are trusted, and its label is the strongest of their verdicts
(as score_strength.py scores a text). In every kept case the label is the engine's verdict.

Writes --out as sentId,sentence,label (0 none, 1 correlational, 2 conditional, 3 causal) and
--out with .json: the counts and a record of how the file was made, which train_strength.py
copies into model.json. Both hold Wright's text (GPL-3.0 per its dataset card): keep them
outside the repository, never commit them.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wright_data import CACHE, THRESHOLD, drop_overlaps, file_sha256, kept_items, read_sentences  # noqa: E402

POOL = ("conclusion_detection/train_pet.jsonl", "conclusion_detection/dev_pet.jsonl")
LABELS = ["none", "correlational", "conditional", "causal"]
RANK = {c: i for i, c in enumerate(LABELS)}


def load_pool(folder: Path) -> list[dict]:
    items = []
    for name in POOL:
        with (folder / name).open(encoding="utf-8") as f:
            for n, line in enumerate(f):
                if line.strip():
                    text = " ".join(str(json.loads(line)["text"]).split())
                    if text:
                        items.append({"id": f"{name.split('/')[-1]}:{n}", "sentence": text})
    return items


def trusted(rules: str, probs: list[float], min_prob: float) -> bool:
    """The teacher's filter for one sentence (see the module docstring)."""
    top = max(range(len(probs)), key=probs.__getitem__)
    if LABELS[top] == rules:
        return True
    return rules == "none" and probs[top] >= min_prob


def teach(texts: list[str], min_prob: float) -> list[tuple[str | None, list[dict]]]:
    """Per text: (its label, or None where not every sentence is trusted; the sentences' details)."""
    from claimlint.engine import Linter
    from claimlint.learned import StrengthModel, combine
    from claimlint.nlp import tokenisable
    from claimlint.ruleset import load_ruleset
    from claimlint.strength import StrengthAnalyser

    linter = Linter(load_ruleset([]))
    analyser = StrengthAnalyser(linter, "rules")
    model = StrengthModel()
    out = []
    for doc in linter.compiled.nlp.pipe([tokenisable(t) for t in texts], batch_size=64):
        ctx = linter.token_view(doc)
        sents = []
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            rules = analyser.classify_rules(ctx, doc, sent.start, sent.end).strength
            probs = model.probabilities([sent.text])[0]
            sents.append({"rules": rules, "probs": probs, "engine": combine(rules, probs, model.labels),
                          "trusted": trusted(rules, probs, min_prob)})
        ok = bool(sents) and all(s["trusted"] for s in sents)
        label = max((s["engine"] for s in sents), key=RANK.__getitem__) if ok else None
        out.append((label, sents))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path, help="the wright2021_exaggeration folder")
    ap.add_argument("--against", type=Path, action="append", default=[],
                    help="a CSV (sentence column) whose near-repeats are dropped: the measuring set and PubMed")
    ap.add_argument("--out", type=Path, required=True, help="the pseudo-labeled CSV (outside the repository)")
    ap.add_argument("--min-prob", type=float, default=0.95,
                    help="where the rules found no cue, the model's top probability needed to trust it")
    ap.add_argument("--wright-cache", type=Path, default=CACHE, help="wright_data.py's cache of the development set")
    args = ap.parse_args()
    if len(args.against) < 2:
        ap.error("give --against EUREKA.csv --against PUBMED.csv: neither may leak into the student")
    # The development set exactly as wright_data.py keeps it (against the same files), both sides.
    dev, dev_record = kept_items(args.folder, args.against, args.wright_cache)
    pool = load_pool(args.folder)
    against = [s for p in args.against for s in read_sentences(p)] + [d["sentence"] for d in dev]
    kept, dropped = drop_overlaps(pool, against, THRESHOLD)
    n_dev = {d["sentence"].lower() for d in dev}
    reasons = Counter()
    from rapidfuzz import fuzz, process

    others = {p.name: [s.lower() for s in read_sentences(p)] for p in args.against}
    others["Wright development set"] = sorted(n_dev)
    for d in dropped:
        if d["reason"].startswith("repeat"):
            reasons["exact repeat within the pool"] += 1
            continue
        low = d["sentence"].lower()
        for name, sents in others.items():
            if any(process.extractOne(low, sents, scorer=s, score_cutoff=THRESHOLD) for s in (fuzz.ratio, fuzz.token_set_ratio)):
                reasons[f"near-repeat of {name}"] += 1
                break
    print(f"pool: {len(pool)} sentences, {len(dropped)} dropped ({dict(reasons)}), {len(kept)} left", flush=True)
    taught = teach([k["sentence"] for k in kept], args.min_prob)
    rows = [(k, label) for k, (label, _) in zip(kept, taught) if label is not None]
    engine_all = Counter(max((s["engine"] for s in sents), key=RANK.__getitem__, default="none") for _, sents in taught)
    dist = Counter(label for _, label in rows)
    multi = sum(len(sents) > 1 for _, sents in taught)
    print(f"teacher: {len(rows)} of {len(kept)} kept; labels kept {dict(sorted(dist.items(), key=lambda x: RANK[x[0]]))}; "
          f"the engine's verdicts on all {len(kept)}: {dict(sorted(engine_all.items(), key=lambda x: RANK[x[0]]))}; "
          f"{multi} texts of more than one sentence", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sentId", "sentence", "label"])
        for k, label in rows:
            w.writerow([k["id"], k["sentence"], RANK[label]])
    from claimlint.learned import MODEL_DIR

    record = {
        "made_by": "scripts/strength_pseudo.py",
        "pool": {name: hashlib.sha256((args.folder / name).read_bytes()).hexdigest() for name in POOL},
        "pool_source": "Wright & Augenstein 2021 (EMNLP) conclusion_detection; their label (conclusion or not) unused; "
                       "dataset card: GPL-3.0",
        "checked_against": {**{p.name: file_sha256(p) for p in args.against},
                            "wright_dev_set": dev_record},
        "rule": f"lower-cased rapidfuzz ratio or token_set_ratio >= {THRESHOLD} to any checked sentence, or an exact "
                "repeat within the pool, drops the sentence",
        "pool_sentences": len(pool), "dropped": dict(reasons), "left": len(kept),
        "teacher": {"model_sha256": json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))["model_sha256"],
                    "engine": "learned (model + rules, claimlint.learned.combine)",
                    "trust": f"per sentence: the model's top class is the rules' verdict, or the rules say none and the "
                             f"model's top probability >= {args.min_prob}; a text is kept if all its sentences are "
                             "trusted, labeled with the strongest engine verdict"},
        "kept": len(rows), "labels": {c: dist.get(c, 0) for c in LABELS},
        "sha256": file_sha256(args.out),
    }
    args.out.with_suffix(".json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} and {args.out.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
