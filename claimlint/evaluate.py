"""`claimlint eval LABELS.yaml`: measure the rules on labeled pages.

Reads the labels format documented in the README (the one the project's
scorer reads): either `documents:` (files with quoted, labeled spans; text
outside every span must stay clean) or `cases:` (short texts judged whole).
Each label says which categories are `expect`ed, `expect_any` (one of them),
`allow`ed, or `ignore: true`. Prints precision, recall and F1 per category,
micro-averaged, and for plain detection.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from claimlint.documents import format_for, load, parse
from claimlint.engine import Linter
from claimlint.positions import LineIndex


class LabelsError(Exception):
    pass


@dataclass
class Score:
    tp: dict = field(default_factory=lambda: defaultdict(int))
    fp: dict = field(default_factory=lambda: defaultdict(int))
    fn: dict = field(default_factory=lambda: defaultdict(int))
    detection: dict = field(default_factory=lambda: {"tp": 0, "fp": 0, "fn": 0})
    problems: list[str] = field(default_factory=list)

    def judge(self, where: str, label: dict, found: set[str]) -> None:
        if label.get("ignore"):
            return
        expect = set(label.get("expect") or [])
        any_of = list(label.get("expect_any") or [])
        allow_raw = label.get("allow") or []
        allow = set(found) if "*" in allow_raw else set(allow_raw)
        wanted = [(cat, cat in found, cat) for cat in sorted(expect)]
        if any_of:
            hit = next((c for c in any_of if c in found), None)
            wanted.append(("|".join(any_of), hit is not None, hit or any_of[0]))
            allow |= set(any_of)
        for name, ok, cat in wanted:
            if ok:
                self.tp[cat] += 1
            else:
                self.fn[cat] += 1
                self.problems.append(f"MISSED {name:20} {where}")
        for cat in sorted(found - expect - allow):
            self.fp[cat] += 1
            self.problems.append(f"WRONG  {cat:20} {where}")
        if wanted:
            self.detection["tp" if found else "fn"] += 1
        elif found - allow:
            self.detection["fp"] += 1

    def micro(self) -> tuple[float, float, float]:
        return prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _documents(spec: dict, base: Path, linter: Linter, score: Score) -> None:
    for doc_spec in spec["documents"]:
        path = base / doc_spec["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise LabelsError(f"{path}: cannot read: {exc.strerror}") from None
        document = load(str(path), data, format_for(path, default="text"))
        text = document.source
        regions = []
        for label in doc_spec.get("labels") or []:
            at = text.find(label["quote"])
            if at < 0:
                raise LabelsError(f"{doc_spec['file']}: quote not found: {label['quote'][:60]!r}")
            regions.append((at, at + len(label["quote"]), label))
        found_in: dict[int, set[str]] = defaultdict(set)
        stray: dict[tuple[int, str], str] = {}
        index = LineIndex(text)
        for f in linter.lint(document):
            hits = [i for i, (s, e, _) in enumerate(regions) if f.start < e and s < f.end]
            for i in hits:
                found_in[i].add(f.category)
            if not hits:
                stray[(index.position(f.start)[0], f.category)] = f.text
        for i, (_s, _e, label) in enumerate(regions):
            score.judge(f"{doc_spec['file']}: {label['quote'][:90]}", label, found_in[i])
        for (line, cat), snippet in sorted(stray.items()):
            score.judge(f"{doc_spec['file']}:{line}: {snippet[:90]!r}", {"expect": []}, {cat})


def _cases(spec: dict, linter: Linter, score: Score) -> None:
    fmts = {"md": "markdown", "markdown": "markdown", "html": "html", "txt": "text", "text": "text", "mdx": "mdx"}
    for case in spec["cases"]:
        fmt = fmts.get(str(case.get("format", "md")), "markdown")
        found = {f.category for f in linter.lint(parse(str(case["id"]), case["text"], fmt))}
        score.judge(f"{case['id']}: {' '.join(str(case['text']).split())[:90]}", case, found)


def evaluate(labels: Path, linter: Linter) -> Score:
    try:
        spec = yaml.safe_load(labels.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{labels}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise LabelsError(f"{labels}: invalid YAML: {exc}") from None
    score = Score()
    if isinstance(spec, dict) and "documents" in spec:
        _documents(spec, labels.parent, linter, score)
    elif isinstance(spec, dict) and "cases" in spec:
        _cases(spec, linter, score)
    else:
        raise LabelsError(f"{labels}: expected a mapping with `documents:` or `cases:`")
    return score


def report(score: Score, verbose: bool = False) -> str:
    lines = [f"{'category':22} {'tp':>4} {'fp':>4} {'fn':>4}   {'P':>5} {'R':>5} {'F1':>5}"]
    for cat in sorted(set(score.tp) | set(score.fp) | set(score.fn)):
        p, r, f = prf(score.tp[cat], score.fp[cat], score.fn[cat])
        lines.append(f"{cat:22} {score.tp[cat]:4} {score.fp[cat]:4} {score.fn[cat]:4}   {p:5.2f} {r:5.2f} {f:5.2f}")
    if verbose and score.problems:
        lines += [""] + score.problems
    dp, dr, df = prf(score.detection["tp"], score.detection["fp"], score.detection["fn"])
    p, r, f = score.micro()
    lines += ["", f"detection  P={dp:.3f} R={dr:.3f} F1={df:.3f}", f"category   P={p:.3f} R={r:.3f} F1={f:.3f}"]
    return "\n".join(lines)
