"""Baselines: adopt claimlint on an existing site, then fail only on new problems.

`--write-baseline FILE` records today's findings; `--baseline FILE` hides
the ones recorded there. A finding is identified by its rule, its file and
the normalised text of the flagged words and of their sentence, never by
line number, so it still matches after lines are inserted above it. A
sentence that was lightly edited still matches by a near comparison
(rapidfuzz, same file and rule); a new claim in the same file does not.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from claimlint.findings import Finding

VERSION = 1
NEAR = 88  # rapidfuzz ratio (0-100) for a lightly edited sentence


class BaselineError(Exception):
    pass


_NOT_WORD = re.compile(r"[^\w%]+")


def _norm(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


@lru_cache(maxsize=4096)
def _path(path: str) -> str:
    """A file's path as baselines compare it (once per file: a report fingerprints every finding)."""
    return Path(path).as_posix().removeprefix("./")


def fingerprint(f: Finding) -> str:
    """Stable across line moves: rule, file, flagged words and sentence."""
    key = "\x1f".join((f.rule, _path(f.path), _norm(f.text), _norm(f.sentence)))
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def write_baseline(path: str, findings: list[Finding]) -> None:
    entries = [{"path": _path(f.path), "rule": f.rule, "text": f.text, "sentence": f.sentence,
                "line": f.line, "fingerprint": fingerprint(f)} for f in findings]
    data = {"version": VERSION, "tool": "claimlint", "findings": entries}
    from claimlint.fileio import atomic_write_text

    atomic_write_text(Path(path), json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def load_baseline(path: str) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not a claimlint baseline (not UTF-8 text)") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a claimlint baseline (invalid JSON: {exc})") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a claimlint baseline (nested too deeply)") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a claimlint baseline (expected version {VERSION} with a findings list)")
    for i, e in enumerate(data["findings"]):
        if not isinstance(e, dict):
            raise BaselineError(f"{path}: findings[{i}] must be an object, not {type(e).__name__}")
        for key in ("path", "rule", "text", "sentence", "fingerprint"):
            if key in e and not isinstance(e[key], str):
                raise BaselineError(f"{path}: findings[{i}].{key} must be a string, not {type(e[key]).__name__}")
    return data["findings"]


def filter_new(findings: list[Finding], entries: list[dict]) -> tuple[list[Finding], int]:
    """The findings not in the baseline, and how many were matched."""
    from rapidfuzz import fuzz

    by_print: dict[str, int] = defaultdict(int)
    buckets: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for e in entries:
        by_print[e.get("fingerprint", "")] += 1
        buckets[(e.get("path", ""), e.get("rule", ""))].append(e)
    new: list[Finding] = []
    unmatched: list[Finding] = []
    matched = 0
    for f in findings:  # exact matches first, so a near match never steals one
        fp = fingerprint(f)
        if by_print.get(fp, 0) > 0:
            by_print[fp] -= 1
            matched += 1
            bucket = buckets[(_path(f.path), f.rule)]
            for i, e in enumerate(bucket):
                if e.get("fingerprint") == fp:
                    del bucket[i]
                    break
        else:
            unmatched.append(f)
    for f in unmatched:
        bucket = buckets.get((_path(f.path), f.rule), [])
        text, sentence = _norm(f.text), _norm(f.sentence)
        best, best_score = None, 0.0
        for i, e in enumerate(bucket):
            if fuzz.ratio(text, _norm(e.get("text", ""))) < NEAR:
                continue
            other = _norm(e.get("sentence", ""))
            # A word added or dropped keeps the token-set score high; a different sentence does not.
            score = min(fuzz.token_set_ratio(sentence, other), fuzz.ratio(sentence, other) + 15)
            if score >= NEAR and score > best_score:
                best, best_score = i, score
        if best is None:
            new.append(f)
        else:
            del bucket[best]
            matched += 1
    return sorted(new, key=lambda f: f.sort_key), matched
