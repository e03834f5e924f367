"""The linear model of the `rules+linear` claim-strength engine.

Why: the cue patterns say `none` for many press-release claims that carry no
cue they know ("Coffee drinkers live longer", "Walking and dementia: less
is more"). Where the rules say `none`, this model has the last word. It is a
multinomial logistic regression over features that survive the move from
research abstracts to headlines: word 1-2-grams in which condition, body
and product words are replaced by their lexicon's name ("@condition risk"),
causal verbs by form ("@causal-verb/s" for "cuts", "reduces"), which kinds of rule
cue the sentence holds (a hedge, a study description, a call for research).
Its weights are plain JSON (strength_linear.json, written by
scripts/train_strength_linear.py from the PubMed sentences only), it runs in
pure Python, and each verdict names the words that weighed most for it, so
a reviewer can see why.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).resolve().parent / "strength_linear.json"
# Words of these lexicons become the lexicon's name: what a sentence says about
# *which* condition or product does not change how strongly it claims.
DELEX = ("condition", "body-part", "body-function", "preparation", "conventional-treatment", "medical-use",
         "benefit")
VERB_FORMS = ("s", "ed", "ing", "base")


def _tokens(analyser, ctx, start: int, end: int) -> list[tuple[str, int, int]]:
    """(delexicalised token, start, end) for tokens [start, end)."""
    known = analyser.linter.compiled.lexicons.data
    marks: dict[int, tuple[str, int]] = {}
    for name in DELEX:
        if name not in known:
            continue
        for i, ends in ctx.lexicon_starts(name, None).items():
            e = max(e for e, _ in ends)
            if start <= i < end and e <= end and (i not in marks or marks[i][1] < e):
                marks[i] = (f"@{name}", e)
    out = []
    i = start
    while i < end:
        if i in marks:
            tok, e = marks[i]
            out.append((tok, i, e))
            i = e
            continue
        norm = ctx.norms[i]
        if not norm.strip():
            i += 1
            continue
        out.append(("#num" if ctx.nums[i] else norm.lower(), i, i + 1))
        i += 1
    return out


def _verb_forms(analyser, ctx, start: int, end: int) -> list[tuple[str, int, int]]:
    """Causal verbs by form ("@causal-verb/s" for cuts, reduces): the form tells a
    headline's claim ("cuts") from a participle ("reduced levels")."""
    if "causal-verb" not in analyser.linter.compiled.lexicons.data:
        return []
    out = []
    for form in VERB_FORMS:
        for i, ends in ctx.lexicon_starts("causal-verb", form).items():
            e = max(e for e, _ in ends)
            if start <= i and e <= end:
                out.append((f"@causal-verb/{form}", i, e))
    return out


def _cue_kinds(analyser, ctx, start: int, end: int) -> list[str]:
    """Which kinds of rule cue occur in the sentence, whatever the rules concluded."""
    kinds = []
    for name, index in (("causal", analyser.causal), ("correlational", analyser.correlational),
                        ("association", analyser.association), ("conditional_only", analyser.conditional_only),
                        ("not_causal", analyser.not_causal), ("not_claim", analyser.not_claim),
                        ("study", analyser.study)):
        found = index.find(ctx, start, end)
        if name == "causal":
            keys = {k for k, *_ in found}
            kinds += [f"cue:{k}" for k in sorted(keys)]
        elif found:
            kinds.append(f"cue:{name}")
    mods = analyser.modifiers.matches(ctx, start, end)
    for cat in sorted({m.modifier.category for m in mods}):
        kinds.append(f"modifier:{cat}")
    return kinds


def features(analyser, ctx, start: int, end: int, rules_verdict: str) -> list[tuple[str, int, int]]:
    """(feature, start, end) for a sentence; cue-kind features have no span (start == end == -1)."""
    toks = _tokens(analyser, ctx, start, end)
    out: list[tuple[str, int, int]] = [(f"rules:{rules_verdict}", -1, -1)]
    out += [(k, -1, -1) for k in _cue_kinds(analyser, ctx, start, end)]
    out += _verb_forms(analyser, ctx, start, end)
    # Punctuation is left out: abstracts end in full stops, headlines do not.
    words = [t for t in toks if any(ch.isalnum() for ch in t[0]) or t[0].startswith(("@", "#"))]
    for a, (w, s, e) in enumerate(words):
        out.append((w, s, e))
        if a + 1 < len(words):
            w2, _, e2 = words[a + 1]
            out.append((f"{w} {w2}", s, e2))
    return out


class LinearModel:
    """Scores from JSON weights: bias plus the weights of the features present, per class."""

    def __init__(self, path: Path = WEIGHTS) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RuntimeError(f"cannot read the claim-strength linear model {path}: {exc}") from None
        self.labels: list[str] = data["labels"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.meta = data.get("meta", {})

    def scores(self, feats: list[tuple[str, int, int]]) -> list[float]:
        totals = list(self.bias)
        for name in {f for f, _, _ in feats}:
            w = self.weights.get(name)
            if w is not None:
                for k, v in enumerate(w):
                    totals[k] += v
        return totals

    def probabilities(self, feats: list[tuple[str, int, int]]) -> list[float]:
        """The softmax of the scores, per class in self.labels: what a blend with the transformer weighs."""
        totals = self.scores(feats)
        top = max(totals)
        exp = [math.exp(t - top) for t in totals]
        return [e / sum(exp) for e in exp]

    def predict(self, feats: list[tuple[str, int, int]]) -> tuple[str, float, tuple[int, int] | None]:
        """(label, probability, span of the words that weighed most for it, if any)."""
        totals = self.scores(feats)
        k = max(range(len(totals)), key=totals.__getitem__)
        top = max(totals)
        prob = 1.0 / sum(math.exp(t - top) for t in totals)
        best, span = 0.0, None
        seen = set()
        for name, s, e in feats:
            if s < 0 or name in seen or name not in self.weights:
                continue
            seen.add(name)
            w = self.weights[name]
            # How much this feature favours the verdict over the runner-up classes, on average.
            margin = w[k] - sum(v for j, v in enumerate(w) if j != k) / (len(w) - 1)
            if margin > best:
                best, span = margin, (s, e)
        return self.labels[k], prob, span


@lru_cache(maxsize=1)
def model() -> LinearModel:
    return LinearModel()
