"""The learned claim-strength model: a fine-tuned MiniLM run by ONNX Runtime.

Why a separate module: the rules are the default path and need nothing
beyond spaCy; this model needs onnxruntime and tokenizers (the optional
`strength` extra, `pip install '.[strength]'` in claimlint's checkout), so it is imported
only when asked for, and a missing extra is a clear usage error rather than
an ImportError. The model file (int8, a few tens of MB) ships inside the
package and is trained by scripts/train_strength.py from PubMed sentences.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from claimlint.extras import install_hint

MODEL_DIR = Path(__file__).resolve().parent / "strength_model"


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
    """Sentence texts in, one strength label (none, correlational, conditional, causal) per sentence out."""

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
        import numpy as np

        out: list[str] = []
        # Similar lengths in one batch waste less padding; results go back in input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        labels: dict[int, str] = {}
        for k in range(0, len(order), batch):
            idx = order[k:k + batch]
            enc = self.tokenizer.encode_batch([" ".join(texts[i].split()) for i in idx])
            width = max(len(e.ids) for e in enc)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, e in enumerate(enc):
                ids[r, :len(e.ids)] = e.ids
                mask[r, :len(e.ids)] = 1
            logits = self.session.run(["logits"], {"input_ids": ids, "attention_mask": mask})[0]
            for i, j in zip(idx, logits.argmax(-1).tolist()):
                labels[i] = self.labels[j]
        out = [labels[i] for i in range(len(texts))]
        return out


@lru_cache(maxsize=1)
def model() -> StrengthModel:
    return StrengthModel()
