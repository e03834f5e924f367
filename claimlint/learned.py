"""The learned claim-strength model: a fine-tuned MiniLM run by ONNX Runtime.

Why a separate module: the rules are the default path and need nothing
beyond spaCy; this model needs onnxruntime and tokenizers (the optional
`strength` extra, `pip install '.[strength]'` in claimlint's checkout), so it is imported
only when asked for, and a missing extra is a clear usage error rather than
an ImportError. The model file (int8, a few tens of MB) ships inside the
package and is trained by scripts/train_strength.py from PubMed sentences.
The engine's verdict is the model's unless the model is unsure and the rules
found a cue (combine): chosen on Wright's press releases, see DEFER_BELOW.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from claimlint.extras import install_hint

MODEL_DIR = Path(__file__).resolve().parent / "strength_model"
# Below this top probability the model defers to a verdict of the rules' cues (never to their
# `none`): out of its PubMed domain the model is unsure on press-release phrasing where a cue
# ("may", "linked to", "cuts") is plain. Chosen on Wright's press releases, never on the
# measuring set (scripts/strength_blend_choose.py; README "Claim strength").
DEFER_BELOW = 0.95


class LearnedUnavailable(Exception):
    """The learned model cannot run here (extra not installed, model file missing)."""


def require(model_dir: Path = MODEL_DIR) -> None:
    """Raise LearnedUnavailable, naming the fix, unless the learned model can run."""
    _imports()
    for name in ("model.onnx", "tokenizer.json", "model.json"):
        if not (model_dir / name).is_file():
            raise LearnedUnavailable(f"the learned claim-strength model is incomplete: {model_dir / name} is missing")


def available() -> bool:
    try:
        require()
    except LearnedUnavailable:
        return False
    return True


def _imports():
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        raise LearnedUnavailable(
            f"the learned claim-strength model needs the 'strength' extra ({exc.name} is missing): "
            + install_hint("strength")) from None


class StrengthModel:
    """Sentence texts in, one strength label (none, correlational, conditional, causal) per sentence out
    (predict), or the class probabilities that claimlint.strength combines with the rules (probabilities)."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1) -> None:
        require(model_dir)
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, tok, meta = model_dir / "model.onnx", model_dir / "tokenizer.json", model_dir / "model.json"
        self.meta = json.loads(meta.read_text(encoding="utf-8"))
        self.labels = self.meta["labels"]
        self.tokenizer = Tokenizer.from_file(str(tok))
        self.tokenizer.enable_truncation(int(self.meta.get("max_len", 128)))
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        # Small batches of short sentences: one thread per process keeps parallel workers from fighting.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def predict(self, texts: list[str], batch: int = 32) -> list[str]:
        return [self.labels[max(range(len(p)), key=p.__getitem__)] for p in self.probabilities(texts, batch)]

    def probabilities(self, texts: list[str], batch: int = 32) -> list[list[float]]:
        """Per text, the softmax over self.labels: what a blend with another model weighs."""
        import numpy as np

        # Similar lengths in one batch waste less padding; results go back in input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        probs: dict[int, list[float]] = {}
        for k in range(0, len(order), batch):
            idx = order[k:k + batch]
            enc = self.tokenizer.encode_batch([" ".join(texts[i].split()) for i in idx])
            width = max(len(e.ids) for e in enc)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, e in enumerate(enc):
                ids[r, :len(e.ids)] = e.ids
                mask[r, :len(e.ids)] = 1
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0].astype(np.float64)
            logits -= logits.max(-1, keepdims=True)
            exp = np.exp(logits)
            for i, row in zip(idx, (exp / exp.sum(-1, keepdims=True)).tolist()):
                probs[i] = row
        return [probs[i] for i in range(len(texts))]


def combine(rules_label: str, probs: list[float], labels: list[str], defer_below: float = DEFER_BELOW) -> str:
    """The learned engine's verdict: the model's, unless it is unsure (top probability below
    `defer_below`) and the rules found a cue, whose verdict then stands."""
    top = max(range(len(probs)), key=probs.__getitem__)
    if rules_label != "none" and probs[top] < defer_below:
        return rules_label
    return labels[top]


@lru_cache(maxsize=1)
def model() -> StrengthModel:
    return StrengthModel()
