"""Is the sentence a question? A real one asks; a rhetorical one ("Why wait?") asserts.

So does a question answered "Yes" in the same paragraph: "Does red light
cure acne? Yes." makes the claim it asks about. An FAQ heading answered by
the paragraph under it stays a question: the answer makes its own claim
("Can it help? / Yes, it can help many people with..."), and the labeled
corpora count that claim, not the heading's.

A question heading that its section answers with a list asserts too:
"What conditions can it help treat?" (or "Who benefits from it?") over
"- Depression / - PTSD" says that it helps each condition listed. The list
may follow the heading or a "...:" paragraph under it. Only what it
treats (efficacy and cure) is answered so: "What's the best way to quit?"
over a list of a programme's parts stays a question. An answer that
hedges, negates or reports ("It may be especially supportive for people
with:") leaves the heading a question, and so does a yes/no question
(a list does not answer "Can it cure acne?").

Finds: question.
"""
from __future__ import annotations

import re
import weakref

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


# A question a list can answer: "What conditions ...?", "Which ...?", "Who benefits ...?" (an FAQ
# heading may be numbered: "2. What conditions ...?").
_WH = re.compile(r"\s*(?:\d{1,2}[.)]\s*)?(?:what|which|who)\b", re.I)
_INDEX: tuple = (lambda: None, {})  # (a weak reference to the document last asked about, its blocks' positions)


def _position(document, block) -> int | None:
    """Where `block` is in its document's blocks (one document's map kept, weakly: pages are judged one at a time)."""
    global _INDEX
    ref, where = _INDEX
    if ref() is not document:
        where = {id(b): k for k, b in enumerate(document.blocks)}
        _INDEX = (weakref.ref(document), where)
    return where.get(id(block))


def answered_by_list(sentence) -> bool:
    """Whether the sentence is a wh-question heading whose section answers it with a list:
    list items right under it, or under a "...:" paragraph that neither hedges, negates
    nor reports (its modifiers open at its end, as lead_in.lead_in_categories finds them)."""
    block = sentence.block
    if block.kind not in ("heading", "title") or not _WH.match(block.text):
        return False
    blocks = sentence.document.blocks
    k = _position(sentence.document, block)
    if k is None or k + 1 >= len(blocks):
        return False
    answer = blocks[k + 1]
    if answer.kind == "list_item":
        return True
    if answer.kind != "paragraph" or not answer.text.rstrip().endswith(":") \
            or k + 2 >= len(blocks) or blocks[k + 2].kind != "list_item":
        return False
    from claimlint.judge.contexts.lead_in import lead_in_categories
    from claimlint.nlp import tokenisable

    linter = sentence.linter
    doc = next(iter(linter.compiled.nlp.pipe([tokenisable(answer.text)])))
    return not lead_in_categories(linter, doc) & {"hedged", "negated", "reported", "hypothetical", "limited"}


_LISTED = frozenset({"efficacy", "cure"})  # what a list of conditions or people answers: what it treats


def find(hit, sentence) -> set[str]:
    memo = sentence.memo
    asked = memo.get("question")
    if asked is None:
        asked = is_question(sentence.doc, sentence.start, sentence.end) and not answered_yes(_following_text(sentence))
        memo["question"] = asked
    if asked and hit.rule.category in _LISTED:
        listed = memo.get("listed")
        if listed is None:
            listed = memo["listed"] = answered_by_list(sentence)
        asked = not listed
    return {"question"} if asked else set()
