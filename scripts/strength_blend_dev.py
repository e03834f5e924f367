#!/usr/bin/env python3
"""Development figures for combining the learned claim-strength model with the linear model and the rules.

    python scripts/strength_blend_dev.py PUBMED.csv WRIGHT_DIR --against EUREKA.csv [--out dev.json]

Why: the shipped transformer was trained on PubMed only, so its PubMed predictions are
in-sample and cannot tune a combination; EurekAlert is for measuring only. Wright's
deduplicated press-release conclusions (scripts/wright_data.py) are out-of-sample for the
transformer (the abstracts are written out too, as a second check in the PubMed style), and the linear model's predictions on them are made out-of-fold: 5 folds grouped
as wright_data.grouped_folds makes them, each fold's linear model trained as the shipped one
(C=3, balanced class weights, all sentences; PubMed with its headline variants and Wright's
other folds, or, with --linear-without-wright, PubMed only). Every item is split into sentences as the engine splits it; each
sentence gets the transformer's probabilities, the out-of-fold linear probabilities and the
rules' verdict, written to --out for scripts/strength_blend_choose.py. Nothing is written into
the repository.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_strength import LABELS, read_data  # noqa: E402
from train_strength_linear import analyse, fit, headline_variants, to_model  # noqa: E402
from wright_data import CACHE, grouped_folds, kept_items  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pubmed_csv", type=Path)
    ap.add_argument("wright", type=Path)
    ap.add_argument("--against", type=Path, action="append", required=True)
    ap.add_argument("--out", type=Path, default=Path("/tmp/claimlint-strength-blend-dev.json"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--linear-without-wright", action="store_true",
                    help="train the fold linear models on PubMed only, as the transformer was: neither model then "
                         "has seen Wright's labels, so a blend weight chosen here does not favour the linear model "
                         "for that")
    args = ap.parse_args()

    from claimlint.learned import StrengthModel
    from claimlint.strength_linear import LinearModel

    texts, labels = read_data(args.pubmed_csv)
    extra_t, extra_y = headline_variants(texts, labels)
    print(f"analysing {len(texts)} PubMed sentences (+{len(extra_t)} headline variants)", flush=True)
    pub_rows = [w for _, _, w in analyse(texts)] + [w for _, _, w in analyse(extra_t)]
    pub_y = labels + extra_y
    wright, _ = kept_items(args.wright, list(args.against) + [args.pubmed_csv], CACHE)
    print(f"analysing {len(wright)} Wright sentences", flush=True)
    w_an = analyse([w["sentence"] for w in wright])
    folds = grouped_folds(wright, args.folds, args.seed)
    transformer = StrengthModel()
    items = []
    for k, held in enumerate(folds):
        held_set = set(held)
        train = [] if args.linear_without_wright else [n for n in range(len(wright)) if n not in held_set]
        vec, clf = fit(pub_rows + [w_an[n][2] for n in train], pub_y + [wright[n]["label"] for n in train], 3.0, True)
        data = to_model(vec, clf, {})
        lm = LinearModel.__new__(LinearModel)
        lm.labels, lm.bias, lm.weights, lm.meta = data["labels"], data["bias"], data["weights"], {}
        press = [n for n in held if wright[n]["side"] == "press"]
        for n in held:
            sents = w_an[n][0]
            p_t = transformer.probabilities([t for _, _, t in sents])
            items.append({"id": wright[n]["id"], "side": wright[n]["side"], "fold": k, "label": wright[n]["label"], "text": wright[n]["sentence"],
                          "sentences": [{"rules": v, "transformer": pt, "linear": lm.probabilities(f)}
                                        for (v, f, _), pt in zip(sents, p_t)]})
        print(f"fold {k + 1}: {len(press)} press-release items", flush=True)
    args.out.write_text(json.dumps({"labels": LABELS, "items": items}), encoding="utf-8")
    print(f"wrote {args.out} ({len(items)} items)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
