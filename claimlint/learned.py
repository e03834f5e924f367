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
import os
from functools import lru_cache
from pathlib import Path

from claimlint.extras import install_hint

# The shipped model; the environment variable CLAIMLINT_STRENGTH_MODEL names another folder of the
# same three files (model.onnx, tokenizer.json, model.json), read at import: a candidate model
# trained outside the package is then measured through the command, as the shipped one is
# (scripts/train_strength.py --out DIR; README "Claim strength"). Cached findings carry the
# model's sha256, so they never mix models.
SHIPPED_MODEL_DIR = Path(__file__).resolve().parent / "strength_model"
MODEL_DIR = Path(os.environ["CLAIMLINT_STRENGTH_MODEL"]) if os.environ.get("CLAIMLINT_STRENGTH_MODEL") else SHIPPED_MODEL_DIR
# Below this top probability the model defers to a verdict of the rules' cues (never to their
# `none`): out of its PubMed domain the model is unsure on press-release phrasing where a cue
# ("may", "linked to", "cuts") is plain. Chosen on Wright's press releases, never on the
# measuring set (scripts/strength_blend_choose.py; README "Claim strength"). A model folder's
# model.json may set its own "defer_below" (a candidate model is chosen with its own threshold).
DEFER_BELOW = 0.95


class LearnedUnavailable(Exception):
    """The learned model cannot run here (extra not installed, model file missing)."""


def require(model_dir: Path = MODEL_DIR) -> dict:
    """Raise LearnedUnavailable, naming the fix, unless the learned model can run; else its
    checked model.json (read_meta)."""
    _imports()
    for name in ("model.onnx", "tokenizer.json", "model.json"):
        if not (model_dir / name).is_file():
            raise LearnedUnavailable(f"the learned claim-strength model is incomplete: {model_dir / name} is missing")
    return read_meta(model_dir)


def read_meta(model_dir: Path = MODEL_DIR) -> dict:
    """model.json, checked: a candidate model's folder is hand-made, so its mistakes are named."""
    path = model_dir / "model.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise LearnedUnavailable(f"{path}: cannot read the model's description: {exc}") from None
    labels = meta.get("labels") if isinstance(meta, dict) else None
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise LearnedUnavailable(f"{path}: 'labels' must be the list of the model's output labels")
    defer = meta.setdefault("defer_below", DEFER_BELOW)
    if isinstance(defer, bool) or not isinstance(defer, (int, float)) or not 0 <= defer <= 1:
        raise LearnedUnavailable(f"{path}: defer_below must be a number from 0 to 1, not {defer!r}")
    return meta


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
        self.meta = require(model_dir)
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model, tok = model_dir / "model.onnx", model_dir / "tokenizer.json"
        self.labels = self.meta["labels"]
        self.defer_below = self.meta["defer_below"]
        self.tokenizer = Tokenizer.from_file(str(tok))
        self.tokenizer.enable_truncation(int(self.meta.get("max_len", 128)))
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        # Small batches of short sentences: one thread per process keeps parallel workers from fighting.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def predict(self, texts: list[str]) -> list[str]:
        return [self.labels[max(range(len(p)), key=p.__getitem__)] for p in self.probabilities(texts)]

    def probabilities(self, texts: list[str]) -> list[list[float]]:
        """Per text, the softmax over self.labels: what a blend with another model weighs.

        Each sentence is run alone. The int8 model quantises its activations with
        one scale per batch, so in a batch a sentence's verdict would depend on the
        others beside it (on 656 press-release sentences, batches of 32 changed 27
        verdicts, batches of equal length still 20): the same sentence must get the
        same strength on any page. Alone it needs no padding either, which makes it
        faster than the padded batches were.
        """
        import numpy as np

        out = []
        for text in texts:
            ids = np.array([self.tokenizer.encode(" ".join(text.split())).ids], dtype=np.int64)
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
            exp = np.exp(logits.astype(np.float64) - logits.max())
            out.append((exp / exp.sum()).tolist())
        return out


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
