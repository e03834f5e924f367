"""Is the sentence a question? A real one asks; a rhetorical one ("Why wait?") asserts.

So does a question answered "Yes" in the same paragraph: "Does red light
cure acne? Yes." makes the claim it asks about. An FAQ heading answered by
the paragraph under it stays a question: the answer makes its own claim
("Can it help? / Yes, it can help many people with..."), and the labeled
corpora count that claim, not the heading's.

Finds: question.
"""
from __future__ import annotations

import re

from claimlint.tokendoc import columns

# An answer that affirms the question before it.
_YES = re.compile(r"\s*(?:yes|yep|yeah|absolutely|definitely|certainly|of course|indeed)\b", re.I)

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


def answered_yes(text: str) -> bool:
    """Whether `text`, what follows a question, opens with an affirmative answer."""
    return _YES.match(text) is not None


def _following_text(sentence) -> str:
    """What its paragraph says right after the sentence."""
    texts, starts, _ = columns(sentence.doc)
    e = sentence.end
    end_char = starts[e - 1] + len(texts[e - 1]) if e > 0 else 0
    return sentence.block.text[end_char:]


def find(hit, sentence) -> set[str]:
    asked = sentence.memo.get("question")
    if asked is None:
        asked = is_question(sentence.doc, sentence.start, sentence.end) and not answered_yes(_following_text(sentence))
        sentence.memo["question"] = asked
    return {"question"} if asked else set()
