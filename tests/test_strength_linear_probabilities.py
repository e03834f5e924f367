"""The linear model's class probabilities, which scripts/strength_blend_dev.py weighs against the transformer's."""
from __future__ import annotations

import math

from claimlint.strength_linear import LinearModel


def _model() -> LinearModel:
    lm = LinearModel.__new__(LinearModel)
    lm.labels = ["none", "correlational", "conditional", "causal"]
    lm.bias = [0.5, 0.0, -0.5, 0.0]
    lm.weights = {"linked to": [-1.0, 2.0, 0.0, -1.0], "may": [-0.5, 0.0, 1.5, 0.0], "cuts": [-1.0, 0.0, 0.0, 2.0]}
    lm.meta = {}
    return lm


def test_probabilities_are_the_softmax_of_the_scores_and_agree_with_predict():
    lm = _model()
    for feats in ([], [("linked to", 0, 2)], [("may", 0, 1), ("cuts", 1, 2)], [("cuts", 0, 1), ("cuts", 3, 4)]):
        probs = lm.probabilities(feats)
        scores = lm.scores(feats)
        assert math.isclose(sum(probs), 1.0)
        z = sum(math.exp(s) for s in scores)
        assert all(math.isclose(p, math.exp(s) / z) for p, s in zip(probs, scores))
        label, prob, _ = lm.predict(feats)
        assert lm.labels[probs.index(max(probs))] == label and math.isclose(prob, max(probs))
    # A feature counts once however often it occurs, as in predict.
    assert lm.probabilities([("cuts", 0, 1)]) == lm.probabilities([("cuts", 0, 1), ("cuts", 3, 4)])
    assert lm.probabilities([("linked to", 0, 2)])[1] > 0.5
