#!/usr/bin/env python3
"""Score ways of combining the learned model, the linear model and the rules on Wright's press releases.

    python scripts/strength_blend_choose.py [/tmp/claimlint-strength-blend-dev.json [press|abstract]]

Reads what scripts/strength_blend_dev.py wrote (per sentence: transformer probabilities,
out-of-fold linear probabilities, the rules' verdict) and prints macro-F1 for each candidate,
a text being as strong as its strongest sentence (as score_strength.py scores the CLI). Two
figures per candidate: all 656 press-release items, and the items where Wright's scheme and Yu
et al.'s agree, fixed before scoring: Wright labels "can" conditional and a negated claim none,
Yu et al. (and so the measuring set) do not, so items with "can", "cannot" or a negation word
are left out of the second figure, which is the one that chooses. The per-fold spread of the
second figure is printed too, so a gain smaller than the folds' noise is visible as such.
"""
from __future__ import annotations

import json
import math
import re
import statistics
import sys
from pathlib import Path

SCHEME_DIFFERS = re.compile(r"\b(can|cannot|not|no|never|neither|nor|none|without)\b|n['’]t\b", re.I)


def macro_f1(gold, pred, k=4) -> float:
    f1s = []
    for c in range(k):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / k


def argmax(v):
    return max(range(len(v)), key=v.__getitem__)


def candidates(labels):
    rank = {c: i for i, c in enumerate(labels)}
    out = {"transformer": lambda s: argmax(s["transformer"]), "linear": lambda s: argmax(s["linear"]),
           "rules": lambda s: rank[s["rules"]],
           "rules, else transformer": lambda s: rank[s["rules"]] if s["rules"] != "none" else argmax(s["transformer"])}
    for w in [x / 20 for x in range(1, 20)]:
        out[f"mean w_linear={w:.2f}"] = (lambda w: lambda s: argmax(
            [(1 - w) * a + w * b for a, b in zip(s["transformer"], s["linear"])]))(w)
        out[f"geometric w_linear={w:.2f}"] = (lambda w: lambda s: argmax(
            [(1 - w) * math.log(a + 1e-12) + w * math.log(b + 1e-12) for a, b in zip(s["transformer"], s["linear"])]))(w)
    for c in labels[1:]:
        out[f"rules override when {c}"] = (lambda c: lambda s: rank[c] if s["rules"] == c else argmax(s["transformer"]))(c)
    for t in (0.6, 0.7, 0.8, 0.9, 0.95):
        out[f"rules, unless transformer p>={t:.2f}"] = (lambda t: lambda s: rank[s["rules"]]
            if s["rules"] != "none" and max(s["transformer"]) < t else argmax(s["transformer"]))(t)
    def blend(s, w):
        return [(1 - w) * a + w * b for a, b in zip(s["transformer"], s["linear"])]

    for t in (0.9, 0.95, 0.97, 0.99):
        out[f"hedge/assoc rules, unless p>={t:.2f}"] = (lambda t: lambda s: rank[s["rules"]]
            if s["rules"] in ("correlational", "conditional") and max(s["transformer"]) < t
            else argmax(s["transformer"]))(t)
        for w in (0.25, 0.5):
            out[f"rules unless p>={t:.2f}, else mean {w:.2f}"] = (lambda t, w: lambda s: rank[s["rules"]]
                if s["rules"] != "none" and max(s["transformer"]) < t else argmax(blend(s, w)))(t, w)
    for t in (0.97, 0.99):
        out[f"rules, unless transformer p>={t:.2f}"] = (lambda t: lambda s: rank[s["rules"]]
            if s["rules"] != "none" and max(s["transformer"]) < t else argmax(s["transformer"]))(t)
    for w in (0.25, 0.5):
        out[f"rules, else mean w_linear={w:.2f}"] = (lambda w: lambda s: rank[s["rules"]] if s["rules"] != "none"
            else argmax([(1 - w) * a + w * b for a, b in zip(s["transformer"], s["linear"])]))(w)
    for b in (-1.0, -0.5, 0.5, 1.0):
        for c in range(4):
            out[f"bias {labels[c]} {b:+.1f}"] = (lambda b, c: lambda s: argmax(
                [math.log(p + 1e-12) + (b if j == c else 0) for j, p in enumerate(s["transformer"])]))(b, c)
    return out


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/claimlint-strength-blend-dev.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    labels = data["labels"]
    side = sys.argv[2] if len(sys.argv) > 2 else "press"
    items = [it for it in data["items"] if it.get("side", "press") == side]
    agreed = [it for it in items if not SCHEME_DIFFERS.search(it["text"])]
    folds = sorted({it["fold"] for it in items})
    print(f"{len(items)} {side} items, {len(agreed)} where the schemes agree")
    print(f"{'candidate':34} {'all':>6} {'agreed':>7} {'fold spread (agreed)':>22}")
    rows = []
    for name, fn in candidates(labels).items():
        def score(its):
            return macro_f1([it["label"] for it in its], [max(fn(s) for s in it["sentences"]) for it in its])
        per_fold = [score([it for it in agreed if it["fold"] == k]) for k in folds]
        rows.append((name, score(items), score(agreed), per_fold))
    base = {r[0]: r for r in rows}["transformer"]
    for name, a, g, per in rows:
        diffs = [p - q for p, q in zip(per, base[3])]
        print(f"{name:34} {a:6.3f} {g:7.3f}   gain per fold {' '.join(f'{d:+.3f}' for d in diffs)}"
              f"  (mean {statistics.mean(diffs):+.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
