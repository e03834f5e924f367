"""Is the sentence a question? A real one asks; a rhetorical one ("Why wait?") asserts.

Finds: question.
"""
from __future__ import annotations

NEEDS = None  # always

_ASKING = {"do", "does", "did", "is", "are", "was", "were", "should", "would", "might"}


def is_question(doc, s: int, e: int) -> bool:
    """A sentence ending in '?', unless it is rhetorical ("Why keep taking pills that don't work?")."""
    for i in range(e - 1, s - 1, -1):
        t = doc[i].text
        if doc[i].is_space or t in {'"', "'", "”", "’", ")", "]"}:
            continue
        if "?" not in t:
            return False
        first = next((k for k in range(s, e) if not doc[k].is_space and doc[k].is_alpha), None)
        # "Why wait?" and "..., so why take the risk?" assert; "Why does it work?" asks.
        whys = [k for k in range(s, e - 1) if doc[k].lower_ == "why"
                and (k == first or doc[k - 1].lower_ in ("so", ",", "then", "and"))]
        if any(doc[k + 1].lower_ not in _ASKING for k in whys):
            return False
        return True
    return False


def find(hit, sentence) -> set[str]:
    asked = sentence.memo.get("question")
    if asked is None:
        asked = sentence.memo["question"] = is_question(sentence.doc, sentence.start, sentence.end)
    return {"question"} if asked else set()
