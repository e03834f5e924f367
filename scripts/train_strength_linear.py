#!/usr/bin/env python3
"""Train the linear model of the `rules+linear` claim-strength engine.

    pip install -r scripts/requirements-train.txt          # scikit-learn (training only)
    python scripts/train_strength_linear.py /path/to/annotated_pubmed.csv    # CV, then writes claimlint/strength_linear.json
    python scripts/train_strength_linear.py PUBMED.csv --wright WRIGHT_DIR --against EUREKA.csv   # + Wright's sentences

Why this shape: the press releases the engine is meant for (Yu et al. 2020)
are kept for measuring, so the model learns from the 3,061 PubMed conclusion
sentences alone. Features come from claimlint.strength_linear (delexicalised
word 1-2-grams and the kinds of rule cue present, with the rules' verdict);
the model decides only where the rules say `none`, as the engine does. The
regularisation, class weighting and training subset (all sentences, or only
those the rules call `none`) are chosen by stratified 5-fold cross-validation
on PubMed, scoring the whole engine (the rules, and the model where they say
none) by macro-F1; the chosen setting is then fitted on all of PubMed. The
With --wright (and the measuring set as --against), the press-release and abstract
conclusions of Wright & Augenstein 2021 (scripts/wright_data.py: near-repeats of the
measuring sentences and of PubMed's dropped) are candidate training data of the press-release
style: each setting is scored with and without them, by the PubMed CV (Wright's sentences
added to every training fold) and by a 5-fold CV on Wright's press releases grouped by
original file (a press release and its abstract in one fold; PubMed in every training fold),
and the setting with the best mean of the two is fitted. --no-wright-train scores with Wright
but keeps it out of the training data. The
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
from wright_data import CACHE, grouped_folds, kept_items, sha256s  # noqa: E402

RANK = {c: i for i, c in enumerate(LABELS)}


def analyse(texts: list[str]):
    """Per text: its sentences as (rules' verdict, features, sentence text), the text's verdict,
    and features of the whole text."""
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
            sents.append((verdict, features(analyser, ctx, sent.start, sent.end, verdict), sent.text))
        verdict = max((v for v, *_ in sents), key=RANK.__getitem__, default="none")
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
        for verdict, feats, _ in sents:
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
    ap.add_argument("--wright", type=Path, help="the wright2021_exaggeration folder: extra training data, and a grouped CV on its press releases")
    ap.add_argument("--against", type=Path, action="append", default=[],
                    help="with --wright: the measuring set (annotated_eureka.csv), whose near-repeats are dropped; PubMed's are dropped too")
    ap.add_argument("--C", default="0.3,1,3", help="inverse regularisation strengths to try (comma-separated)")
    ap.add_argument("--class-weight", default="none,balanced", help="class weightings to try: none, balanced or both")
    ap.add_argument("--no-wright-train", action="store_true", help="with --wright: score on it, never train on it")
    args = ap.parse_args()
    if args.wright and not args.against:
        ap.error("--wright needs --against EUREKA.csv: Wright's near-repeats of the measuring sentences must be dropped")

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

    wright, w_analysed, w_folds, press = [], [], [], []
    if args.wright:
        wright, _ = kept_items(args.wright, list(args.against) + [args.pubmed_csv], CACHE)
        print(f"Wright: {len(wright)} sentences kept ({sum(w['side'] == 'press' for w in wright)} press-release)", flush=True)
        w_analysed = analyse([w["sentence"] for w in wright])
        w_folds = grouped_folds(wright, args.cv, args.seed)
        press = [n for n, w in enumerate(wright) if w["side"] == "press"]
        w_rules = [RANK[w_analysed[n][1]] for n in press]
        print(f"rules alone on Wright's press releases: macro-F1 {macro_f1([wright[n]['label'] for n in press], w_rules):.3f}")

    def training(pub: list[int], wr: list[int], subset: str):
        """Rows and labels of these PubMed (with their headline variants) and Wright items."""
        pub = [i for i in pub if subset == "all" or analysed[i][1] == "none"]
        wr = [n for n in wr if subset == "all" or w_analysed[n][1] == "none"]
        rows = ([analysed[i][2] for i in pub] + [analysed_extra[j][2] for i in pub for j in extra_of.get(i, ())]
                + [w_analysed[n][2] for n in wr])
        ys = [labels[i] for i in pub] + [labels[i] for i in pub for _ in extra_of.get(i, ())] + [wright[n]["label"] for n in wr]
        return rows, ys

    folds = folds_of(labels, args.cv, args.seed)
    uses = [False] + ([True] if wright and not args.no_wright_train else [])
    grid = list(itertools.product(uses, [float(c) for c in args.C.split(",")],
                                  [w == "balanced" for w in args.class_weight.split(",")], ["all", "rules-none"]))
    results = []
    for use_wright, C, balanced, subset in grid:
        pred = [0] * len(texts)
        for held in folds:
            held_set = set(held)
            rows, ys = training([i for i in range(len(texts)) if i not in held_set],
                                list(range(len(wright))) if use_wright else [], subset)
            model = to_model(*fit(rows, ys, C, balanced), {})
            for i, p in zip(held, engine_predict(model, [analysed[i] for i in held])):
                pred[i] = p
        score = macro_f1(labels, pred)
        acc = sum(p == y for p, y in zip(pred, labels)) / len(labels)
        w_score = None
        if wright:
            w_pred = {}
            for held in w_folds:
                held_set = set(held)
                rows, ys = training(list(range(len(texts))),
                                    [n for n in range(len(wright)) if n not in held_set] if use_wright else [], subset)
                model = to_model(*fit(rows, ys, C, balanced), {})
                held_press = [n for n in held if wright[n]["side"] == "press"]
                w_pred.update(zip(held_press, engine_predict(model, [w_analysed[n] for n in held_press])))
            w_score = macro_f1([wright[n]["label"] for n in press], [w_pred[n] for n in press])
        key = (score + w_score) / 2 if w_score is not None else score
        results.append((key, score, acc, w_score, use_wright, C, balanced, subset))
        print(f"wright={'train' if use_wright else 'no':5} C={C:<4} class_weight={'balanced' if balanced else 'none':8} "
              f"train={subset:10} PubMed {args.cv}-fold CV macro-F1 {score:.3f} accuracy {acc:.3f}"
              + (f"  Wright PR grouped CV macro-F1 {w_score:.3f}" if w_score is not None else ""), flush=True)
    _, score, acc, w_score, use_wright, C, balanced, subset = max(results, key=lambda r: r[0])
    print(f"chosen: wright={'train' if use_wright else 'no'} C={C} class_weight={'balanced' if balanced else 'none'} "
          f"train={subset} (PubMed CV macro-F1 {score:.3f}, accuracy {acc:.3f}"
          + (f"; Wright PR grouped CV {w_score:.3f})" if w_score is not None else ")"))

    rows, ys = training(list(range(len(texts))), list(range(len(wright))) if use_wright else [], subset)
    vec, clf = fit(rows, ys, C, balanced)
    import sklearn

    meta = {"training_data": {"file": args.pubmed_csv.name,
                              "sha256": hashlib.sha256(args.pubmed_csv.read_bytes()).hexdigest(),
                              "sentences": len(texts), "headline_variants": len(extra_t)},
            "chosen": {"C": C, "class_weight": "balanced" if balanced else None, "train": subset,
                       "wright": use_wright},
            "cv": {"folds": args.cv, "seed": args.seed, "macro_f1": round(score, 3), "accuracy": round(acc, 3),
                   "rules_alone_macro_f1": round(macro_f1(labels, rules_pred), 3)},
            **({"wright": {"folder": args.wright.name, "sha256": sha256s(args.wright), "kept": len(wright),
                           "press_release_grouped_cv_macro_f1": round(w_score, 3),
                           "dropped_against": [p.name for p in list(args.against) + [args.pubmed_csv]]}}
               if wright else {}),
            "versions": {"scikit-learn": sklearn.__version__}}
    model = to_model(vec, clf, meta)
    args.out.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['weights'])} features, {args.out.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
