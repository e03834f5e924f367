#!/usr/bin/env python3
"""Train the linear model of the `rules+linear` claim-strength engine.

    pip install -r scripts/requirements-train.txt          # scikit-learn (training only)
    python scripts/train_strength_linear.py /path/to/annotated_pubmed.csv    # CV, then writes claimlint/strength_linear.json

Why this shape: the press releases the engine is meant for (Yu et al. 2020)
are kept for measuring, so the model learns from the 3,061 PubMed conclusion
sentences alone. Features come from claimlint.strength_linear (delexicalised
word 1-2-grams and the kinds of rule cue present, with the rules' verdict);
the model decides only where the rules say `none`, as the engine does. The
regularisation, class weighting and training subset (all sentences, or only
those the rules call `none`) are chosen by stratified 5-fold cross-validation
on PubMed, scoring the whole engine (the rules, and the model where they say
none) by macro-F1; the chosen setting is then fitted on all of PubMed. The
output is plain JSON (labels, bias, one weight per class and feature; rare
features and near-zero weights dropped), read in pure Python at run time.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_strength import LABELS, PREFIXES, folds_of, macro_f1, read_data  # noqa: E402  (shared with the transformer's script)

RANK = {c: i for i, c in enumerate(LABELS)}


def analyse(texts: list[str]):
    """Per text: its sentences as (rules' verdict, features), and features of the whole text."""
    from claimlint.engine import Linter
    from claimlint.nlp import tokenisable
    from claimlint.ruleset import load_ruleset
    from claimlint.strength import StrengthAnalyser
    from claimlint.strength_linear import features

    linter = Linter(load_ruleset([]))
    analyser = StrengthAnalyser(linter, "rules")
    nlp = linter.compiled.nlp
    out = []
    for doc in nlp.pipe([tokenisable(t) for t in texts], batch_size=64):
        ctx = linter.token_view(doc)
        sents = []
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            verdict = analyser.classify_rules(ctx, doc, sent.start, sent.end).strength
            sents.append((verdict, features(analyser, ctx, sent.start, sent.end, verdict)))
        verdict = max((v for v, _ in sents), key=RANK.__getitem__, default="none")
        whole = features(analyser, ctx, 0, len(doc), verdict)
        out.append((sents, verdict, whole))
    return out


def headline_variants(texts, labels):
    """Label-preserving variants without the abstract's frame ("In conclusion, ...")."""
    extra_t, extra_y = [], []
    for t, y in zip(texts, labels):
        low = t.lower()
        for p in PREFIXES:
            if low.startswith(p):
                rest = t[len(p):].lstrip()
                extra_t.append(rest[:1].upper() + rest[1:])
                extra_y.append(y)
                break
    return extra_t, extra_y


def fit(rows, labels, C: float, balanced: bool):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for feats in rows:
        for f in {f for f, _, _ in feats}:
            counts[f] = counts.get(f, 0) + 1
    dicts = [{f: 1 for f, _, _ in feats if counts[f] >= 2} for feats in rows]
    vec = DictVectorizer()
    X = vec.fit_transform(dicts)
    clf = LogisticRegression(C=C, class_weight="balanced" if balanced else None, max_iter=3000)
    clf.fit(X, labels)
    return vec, clf


def to_model(vec, clf, meta: dict, min_weight: float = 1e-3) -> dict:
    names = vec.get_feature_names_out()
    # Classes in LABELS order (every class occurs in PubMed).
    order = [list(clf.classes_).index(c) for c in range(len(LABELS))]
    coef = clf.coef_[order]
    weights = {}
    for j, name in enumerate(names):
        w = [round(float(coef[k, j]), 4) for k in range(len(LABELS))]
        if max(abs(v) for v in w) >= min_weight:
            weights[str(name)] = w
    return {"labels": LABELS, "bias": [round(float(clf.intercept_[k]), 4) for k in order],
            "weights": dict(sorted(weights.items())), "meta": meta}


def engine_predict(model: dict, analysed) -> list[int]:
    """The engine on each text, as the CLI runs it: per sentence, the rules, and the
    model where they say none; a text is as strong as its strongest sentence."""
    from claimlint.strength_linear import LinearModel

    lm = LinearModel.__new__(LinearModel)
    lm.labels, lm.bias, lm.weights, lm.meta = model["labels"], model["bias"], model["weights"], {}
    out = []
    for sents, _, _ in analysed:
        best = 0
        for verdict, feats in sents:
            label = verdict if verdict != "none" else lm.predict(feats)[0]
            best = max(best, RANK[label])
        out.append(best)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pubmed_csv", type=Path, help="annotated_pubmed.csv (sentence,label)")
    ap.add_argument("--out", type=Path, default=ROOT / "claimlint" / "strength_linear.json")
    ap.add_argument("--cv", type=int, default=5)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()

    texts, labels = read_data(args.pubmed_csv)
    extra_t, extra_y = headline_variants(texts, labels)
    print(f"analysing {len(texts)} sentences (+{len(extra_t)} headline variants)", flush=True)
    analysed = analyse(texts)
    analysed_extra = analyse(extra_t)
    extra_of: dict[int, list[int]] = {}
    k = 0
    for i, t in enumerate(texts):
        if any(t.lower().startswith(p) for p in PREFIXES):
            extra_of[i] = [k]
            k += 1
    rules_pred = [RANK[v] for _, v, _ in analysed]
    print(f"rules alone on PubMed: macro-F1 {macro_f1(labels, rules_pred):.3f}")

    folds = folds_of(labels, args.cv, args.seed)
    grid = list(itertools.product([0.3, 1.0, 3.0], [False, True], ["all", "rules-none"]))
    results = []
    for C, balanced, subset in grid:
        pred = [0] * len(texts)
        for held in folds:
            held_set = set(held)
            tr = [i for i in range(len(texts)) if i not in held_set and (subset == "all" or analysed[i][1] == "none")]
            rows = [analysed[i][2] for i in tr] + [analysed_extra[j][2] for i in tr for j in extra_of.get(i, ())]
            ys = [labels[i] for i in tr] + [labels[i] for i in tr for _ in extra_of.get(i, ())]
            vec, clf = fit(rows, ys, C, balanced)
            model = to_model(vec, clf, {})
            for i, p in zip(held, engine_predict(model, [analysed[i] for i in held])):
                pred[i] = p
        score = macro_f1(labels, pred)
        acc = sum(p == y for p, y in zip(pred, labels)) / len(labels)
        results.append((score, acc, C, balanced, subset))
        print(f"C={C:<4} class_weight={'balanced' if balanced else 'none':8} train={subset:10} "
              f"{args.cv}-fold CV macro-F1 {score:.3f} accuracy {acc:.3f}", flush=True)
    score, acc, C, balanced, subset = max(results)
    print(f"chosen: C={C} class_weight={'balanced' if balanced else 'none'} train={subset} "
          f"(CV macro-F1 {score:.3f}, accuracy {acc:.3f})")

    tr = [i for i in range(len(texts)) if subset == "all" or analysed[i][1] == "none"]
    rows = [analysed[i][2] for i in tr] + [analysed_extra[j][2] for i in tr for j in extra_of.get(i, ())]
    ys = [labels[i] for i in tr] + [labels[i] for i in tr for _ in extra_of.get(i, ())]
    vec, clf = fit(rows, ys, C, balanced)
    import sklearn

    meta = {"training_data": {"file": args.pubmed_csv.name,
                              "sha256": hashlib.sha256(args.pubmed_csv.read_bytes()).hexdigest(),
                              "sentences": len(texts), "headline_variants": len(extra_t)},
            "chosen": {"C": C, "class_weight": "balanced" if balanced else None, "train": subset},
            "cv": {"folds": args.cv, "seed": args.seed, "macro_f1": round(score, 3), "accuracy": round(acc, 3),
                   "rules_alone_macro_f1": round(macro_f1(labels, rules_pred), 3)},
            "versions": {"scikit-learn": sklearn.__version__}}
    model = to_model(vec, clf, meta)
    args.out.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['weights'])} features, {args.out.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
