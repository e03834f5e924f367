#!/usr/bin/env python3
"""Average the weights of several fine-tuned claim-strength models into one ("model soup").

    python scripts/strength_soup.py OUT_DIR MODEL_DIR [MODEL_DIR ...]

Why: models fine-tuned from the same base with different seeds disagree most where the
training domain (PubMed) differs from the one they are used on (press releases), and
averaging their weights (Wortsman et al. 2022, "Model soups") keeps one model's size and
speed, where averaging their outputs would run each of them. Each MODEL_DIR is what
`train_strength.py --keep-fp32` wrote (model.fp32.onnx, tokenizer.json, model.json), all
trained by the same recipe from the same base model on the same file; the soup is quantised
as the training script quantises (int8, a scale per output channel) into OUT_DIR, with a
model.json that records its ingredients.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_strength import sha256  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("models", type=Path, nargs="+")
    args = ap.parse_args()
    if len(args.models) < 2:
        sys.exit("strength_soup: give two or more model folders")
    import numpy as np
    import onnx
    from onnx import numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    metas = []
    for d in args.models:
        if not (d / "model.fp32.onnx").is_file():
            sys.exit(f"strength_soup: {d / 'model.fp32.onnx'} is missing (train with --keep-fp32)")
        metas.append(json.loads((d / "model.json").read_text(encoding="utf-8")))
    recipe = [{k: v for k, v in m.get("hyperparameters", {}).items() if k != "seed"} for m in metas]
    if any(r != recipe[0] for r in recipe) or len({m["training_data"]["sha256"] for m in metas}) != 1:
        sys.exit("strength_soup: the models were not trained by one recipe on one file")
    graphs = [onnx.load(str(d / "model.fp32.onnx")) for d in args.models]
    first = graphs[0]
    names = [t.name for t in first.graph.initializer]
    for g in graphs[1:]:
        if [t.name for t in g.graph.initializer] != names:
            sys.exit("strength_soup: the models' graphs differ")
    others = [{t.name: t for t in g.graph.initializer} for g in graphs[1:]]
    for t in first.graph.initializer:
        arrays = [numpy_helper.to_array(t)] + [numpy_helper.to_array(o[t.name]) for o in others]
        if arrays[0].dtype.kind != "f":
            if any(not np.array_equal(arrays[0], a) for a in arrays[1:]):
                sys.exit(f"strength_soup: the models' constant {t.name} differs")
            continue
        mean = np.mean(np.stack([a.astype(np.float64) for a in arrays]), axis=0).astype(arrays[0].dtype)
        t.CopyFrom(numpy_helper.from_array(mean, t.name))
    args.out.mkdir(parents=True, exist_ok=True)
    fp32 = args.out / "model.fp32.onnx"
    onnx.save(first, str(fp32))
    final = args.out / "model.onnx"
    quantize_dynamic(str(fp32), str(final), weight_type=QuantType.QInt8, per_channel=True)
    fp32.unlink()
    shutil.copyfile(args.models[0] / "tokenizer.json", args.out / "tokenizer.json")
    meta = {k: v for k, v in metas[0].items() if k not in ("model_sha256", "model_bytes", "training_seconds")}
    meta["hyperparameters"] = dict(metas[0]["hyperparameters"])
    meta["hyperparameters"]["seed"] = [m["hyperparameters"]["seed"] for m in metas]
    meta["soup"] = {"method": "uniform mean of the fp32 weights, then int8 per channel",
                    "ingredients": [{"seed": m["hyperparameters"]["seed"], "model_sha256": m["model_sha256"]}
                                    for m in metas]}
    meta["quantisation"] = "onnxruntime quantize_dynamic, QInt8 weights, per channel"
    meta["per_channel"] = True
    meta["training_seconds"] = sum(m.get("training_seconds", 0) for m in metas)
    meta["model_sha256"] = sha256(final)
    meta["model_bytes"] = final.stat().st_size
    (args.out / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {final} ({final.stat().st_size / 1e6:.1f} MB) from {len(graphs)} models")
    return 0


if __name__ == "__main__":
    sys.exit(main())
