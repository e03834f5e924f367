"""Is the sentence a question? A real one asks; a rhetorical one ("Why wait?") asserts.

So does a question answered "Yes" in the same paragraph: "Does red light
cure acne? Yes." makes the claim it asks about. An FAQ heading answered by
the paragraph under it stays a question: the answer makes its own claim
("Can it help? / Yes, it can help many people with..."), and the labeled
corpora count that claim, not the heading's.

An FAQ's risk question answered "no" asserts safety: "Is it addictive?
No.", "Will I get hooked? / In medically supervised use, no." And its
answer may be the next block (the FAQ body under a heading) when that
block is only "Yes."/"No." or opens with it ("No. ...", "Yes, ..."), or
closes a short qualifier with it ("In supervised use, no."), and carries no
claim of the same category of its own: if it does ("No, it has no
addictive potential."), that claim is flagged and the question stays a
question, the labeled corpora's convention. Which answer asserts depends
on what is asked: "yes" to "Is it safe?" or "Does it cure acne?", "no" to
a question about a risk (addiction, side effects, danger); "Is it
addictive? Yes." discloses a risk and claims nothing, and a "yes" to "Is
it safe?" qualified as the safety rule's exceptions are ("Yes, for most
adults ...") claims no absolute safety.

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

from claimlint.judge.contexts.lead_in import position as _position
from claimlint.tokendoc import columns

# An answer that affirms the question before it.
_YES = re.compile(r"\s*(?:yes|yep|yeah|absolutely|definitely|certainly|of course|indeed)\b", re.I)

NEEDS = None  # always

_ASKING = {"do", "does", "did", "is", "are", "was", "were", "should", "would", "might"}


_CLOSING = {'"', "'", "”", "’", ")", "]"}


# Questions that assert what they ask about: "Did you know that X?", "What if we told you that X?",
# "Isn't it time you tried X?" (a teaser, not a question: its X is the page's claim). After "know"
# a wh-word, "if" or "whether" asks ("Do you know how it works?"). "Did you know" opens the
# sentence (after a "But"); the other two may follow a clause ("We all breathe - but what if ...?").
_TEASER_OPENS = re.compile(
    r"(?:(?:but|and|so|now|well|yet)\s+,?\s*)?(?:did|do)\s+you\s+(?:already\s+|really\s+|even\s+)?know"
    r"(?!\s+(?:what|how|why|when|where|who|whom|which|whether|if|about|the\s+answer)\b)\s+\S")
_TEASER = re.compile(
    r"\bwhat\s+if\s+(?:i|we)\s+(?:told|tell|said|say)\s+you\b"
    r"|\b(?:is\s+n['\u2019]t|is\s+not|isnt)\s+it\s+(?:about\s+|high\s+)?time\b|\bis\s+it\s+not\s+(?:about\s+|high\s+)?time\b")
_OPENING_WORDS = 7


def asserts(doc, s: int, e: int) -> bool:
    """Whether the question is a teaser that asserts what follows ("Did you know that ...?")."""
    texts, _, spaces = columns(doc)
    words = [texts[k].lower() for k in range(s, e) if not spaces[k]]
    return _TEASER_OPENS.match(" ".join(words[:_OPENING_WORDS])) is not None or _TEASER.search(" ".join(words)) is not None


def is_question(doc, s: int, e: int) -> bool:
    """A sentence ending in '?', unless it is rhetorical ("Why keep taking pills that don't work?",
    "Did you know that our tea melts fat?")."""
    texts, _, spaces = columns(doc)
    for i in range(e - 1, s - 1, -1):
        t = texts[i]
        if spaces[i] or t in _CLOSING:
            continue
        if "?" not in t:
            return False
        if asserts(doc, s, e):
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


_NOES = ("absolutely not", "definitely not", "certainly not", "of course not", "not at all", "no", "nope", "never")
_YESES = ("yes", "yep", "yeah", "absolutely", "definitely", "certainly", "of course", "indeed")
# The word alone, before a stop or the end ("No. ...", "Yes, ..."): "No studies ..." and "No one ..." answer nothing.
_WORD = "(" + "|".join(w.replace(" ", r"\s+") for w in _NOES + _YESES) + r")(?=\s*(?:[.,!;:\u2014\u2013]|$))"
_OPENING_ANSWER = re.compile(r"\s*" + _WORD, re.I)
# A short qualifier closed by the answer: "In medically supervised use, no."
_CLOSING_ANSWER = re.compile(r"\s*[^.!?,;:]{1,60},\s*" + _WORD + r"\s*[.!]", re.I)
# A "yes" to "Is it safe?" qualified as absolute-safety's `unless` qualifies "safe" ("Yes, for most
# adults ...", "Generally, yes."): a qualified answer claims no absolute safety.
_QUALIFIED = re.compile(r"[^.!?]*\b(?:generally|usually|mostly|largely|for most|for many|in most|most (?:people|adults|patients))\b", re.I)
# What a risk question asks about: a "no" to it claims safety, a "yes" discloses the risk.
_RISK = re.compile(r"addict|hooked|dependen|habit.?forming|side.?effects?|adverse|danger|harmful|risky|unsafe", re.I)


def answer(text: str) -> str | None:
    """'yes', 'no' or None: how `text`, what follows a question, answers it: opening with the
    word ("No.", "Yes, ...") or closing a short qualifier with it ("In supervised use, no.")."""
    m = _OPENING_ANSWER.match(text) or _CLOSING_ANSWER.match(text)
    if m is None:
        return None
    return "no" if " ".join(m.group(1).lower().split()) in _NOES else "yes"


def _claims_category(linter, text: str, category: str) -> bool:
    """Whether `text` holds a hit of a rule of `category` (what the answer claims of its own)."""
    from claimlint.nlp import tokenisable

    doc = linter.compiled.nlp(tokenisable(text))
    view = linter.token_view(doc)
    main = linter.compiled.main
    n = len(view.norms)
    possible = main.possible(view, 0, n)
    if not possible:
        return False
    return any(rule.category == category for (rule, _), *_ in main.find(view, 0, n, possible))


def answered(hit, sentence) -> bool:
    """Whether the question the sentence asks is answered so that it asserts what it asks
    (the answer after it in its block, else the next block's), with no claim of the hit's
    category in the answer itself."""
    texts = columns(sentence.doc)[0]
    asked = " ".join(texts[i] for i in range(hit.start, hit.end))
    wanted = "no" if _RISK.search(asked) else "yes"
    following = _following_text(sentence)
    if following.strip():
        if wanted == "yes" and answered_yes(following) and not (hit.rule.category == "safety" and _QUALIFIED.match(following)):
            return True  # the same paragraph's "Yes": the claim it asks about
        text = following
        said = answer(text)
    else:
        blocks = sentence.document.blocks
        k = _position(sentence.document, sentence.block)
        if k is None or k + 1 >= len(blocks):
            return False
        text = blocks[k + 1].text
        said = answer(text)
    if said != wanted or (said == "yes" and hit.rule.category == "safety" and _QUALIFIED.match(text)):
        return False
    return not _claims_category(sentence.linter, text, hit.rule.category)


def _following_text(sentence) -> str:
    """What its paragraph says right after the sentence."""
    texts, starts, _ = columns(sentence.doc)
    e = sentence.end
    end_char = starts[e - 1] + len(texts[e - 1]) if e > 0 else 0
    return sentence.block.text[end_char:]


# A question a list can answer: "What conditions ...?", "Which ...?", "Who benefits ...?" (an FAQ
# heading may be numbered: "2. What conditions ...?").
_WH = re.compile(r"\s*(?:\d{1,2}[.)]\s*)?(?:what|which|who)\b", re.I)
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
    doc = linter.compiled.nlp(tokenisable(answer.text))
    return not lead_in_categories(linter, doc) & {"hedged", "negated", "reported", "hypothetical", "limited"}


_LISTED = frozenset({"efficacy", "cure"})  # what a list of conditions or people answers: what it treats


def find(hit, sentence) -> set[str]:
    memo = sentence.memo
    asked = memo.get("question")
    if asked is None:
        asked = memo["question"] = is_question(sentence.doc, sentence.start, sentence.end)
    if asked:
        key = ("answered", hit.rule.category, hit.start, hit.end)
        said = memo.get(key)
        if said is None:
            said = memo[key] = answered(hit, sentence)
        asked = not said
    if asked and hit.rule.category in _LISTED:
        listed = memo.get("listed")
        if listed is None:
            listed = memo["listed"] = answered_by_list(sentence)
        asked = not listed
    return {"question"} if asked else set()
