"""Is the sentence a question? A real one asks; a rhetorical one ("Why wait?") asserts.

Finds: question.
"""
from __future__ import annotations

from claimlint.tokendoc import columns

NEEDS = None  # always

_ASKING = {"do", "does", "did", "is", "are", "was", "were", "should", "would", "might"}


_CLOSING = {'"', "'", "”", "’", ")", "]"}


def is_question(doc, s: int, e: int) -> bool:
    """A sentence ending in '?', unless it is rhetorical ("Why keep taking pills that don't work?")."""
    texts, _, spaces = columns(doc)
    for i in range(e - 1, s - 1, -1):
        t = texts[i]
        if spaces[i] or t in _CLOSING:
            continue
        if "?" not in t:
            return False
        first = next((k for k in range(s, e) if not spaces[k] and texts[k].isalpha()), None)
        # "Why wait?" and "..., so why take the risk?" assert; "Why does it work?" asks.
        whys = [k for k in range(s, e - 1) if texts[k].lower() == "why"
                and (k == first or texts[k - 1].lower() in ("so", ",", "then", "and"))]
        if any(texts[k + 1].lower() not in _ASKING for k in whys):
            return False
        return True
    return False


def find(hit, sentence) -> set[str]:
    asked = sentence.memo.get("question")
    if asked is None:
        asked = sentence.memo["question"] = is_question(sentence.doc, sentence.start, sentence.end)
    return {"question"} if asked else set()
