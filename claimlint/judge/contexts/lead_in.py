"""What the page around a block says about it: list lead-ins, section headings, abstracts.

A list's lead-in governs its items ("Beware of clinics that claim:" makes
each item reported; "Ketamine cannot:" negates them): the modifiers open
at the lead-in's end, and a report in an earlier sentence of it ("Watch
out for these claims. It might be a scam."), pass to every item. A
heading passes only reporting to the paragraphs of its section. A research
abstract reports its study's own results, so its blocks are reported and
cite themselves. A hedging lead-in stops at an item that is a sentence of
its own ("Potential benefits:" then "- It relieves pain within days.":
`own_statement`). Finds: whatever the lead-in's modifiers find, and reported.
"""
from __future__ import annotations

import re
import weakref
from functools import lru_cache

from claimlint.ruleset.regex import lacks_group, required_literals
from claimlint.tokendoc import columns

NEEDS = None  # always


def lead_in_categories(linter, doc) -> set[str]:
    """What a lead-in does to what follows: the modifiers open at its end, and a report
    in an earlier sentence of it ("Watch out for these claims. It might be a scam.")."""
    view = linter.token_view(doc)
    sents = list(doc.sents)
    if not sents:
        return set()
    modifiers = linter.compiled.modifiers
    out: set[str] = set()
    for i, sent in enumerate(sents):
        mods = modifiers.matches(view, sent.start, sent.end)
        open_ = modifiers.open_at_end(view, mods, sent.end)
        out |= open_ if i == len(sents) - 1 else open_ & {"reported"}
    return out


def find(hit, sentence) -> set[str]:
    """The block's lead-in, section and abstract contexts (the same for every hit of the block),
    less the lead-in's hedge where the item speaks for itself (`own_statement`), and less a myth
    lead-in's report where the block answers the myth (`answers_myth`); a myth listed as a
    numbered heading of a myth-busting section is reported (`listed_myth`)."""
    cats = sentence.lead_categories
    block = sentence.block
    if block.lead_in is not None:
        if "reported" in cats and answers_myth(sentence):
            cats = cats - {"reported"}
        if "hedged" in cats and own_statement(sentence, hit.start):
            cats = cats - {"hedged"}
    elif "reported" not in cats and block.kind in ("heading", "title") and listed_myth(sentence):
        cats = cats | {"reported"}
    return cats


_INDEX: tuple = (lambda: None, {})  # (a weak reference to the document last asked about, its blocks' positions)


def position(document, block) -> int | None:
    """Where `block` is in its document's blocks (one document's map kept, weakly: pages are judged one at a time)."""
    global _INDEX
    ref, where = _INDEX
    if ref() is not document:
        where = {id(b): k for k, b in enumerate(document.blocks)}
        _INDEX = (weakref.ref(document), where)
    return where.get(id(block))


# ---- myth-busting: the myths are reported, the author's answers are not -----------
# A heading or lead-in that names myths ("5 Myths about ketamine", "Myth #2: It is addictive",
# "Myth vs. fact", "Debunking the misconceptions"): its report reaches the myths, not the answers.
_MYTH = re.compile(r"\b(?:myths?|misconceptions?|misunderstandings?|misbeliefs?|mythbust\w*|myth-bust\w*|debunk\w*"
                   r"|fact\s+(?:or|and|vs\.?|v\.?|versus)\s+fiction)\b", re.I)
# What labels the author's answer: "Fact:", "The reality:", "Truth -", "In truth, ...", "The fact is ...".
_ANSWER = re.compile(r"\s*\W{0,3}\s*(?:(?:the\s+)?(?:facts?|reality|truth|real\s+story|verdict|bottom\s+line)\s*\W{0,3}\s*[:\-\u2013\u2014]"
                     r"|in\s+(?:fact|truth|reality)\b|the\s+(?:fact|truth|reality)\s+is\b)", re.I)
# A myth heading that only labels ("Myth #1", "Myth & Misunderstanding #2:"): the block after it states the myth.
_LABEL_ONLY = re.compile(r"\s*(?:(?:common|popular|the)\s+)?(?:myths?|misconceptions?|misunderstandings?)"
                         r"(?:\s*(?:&|and|/|or)\s*(?:myths?|misconceptions?|misunderstandings?))?\s*(?:(?:no\.?|number)\s*)?#?\s*\d{0,2}\s*[:.]?\s*", re.I)
# A block labeled as the myth: "Myth:", "The myth -", "MYTH #3:".
_STATED_MYTH = re.compile(r"\s*\W{0,3}\s*(?:the\s+)?(?:myths?|misconceptions?)\s*(?:#?\s*\d{1,2})?\s*\W{0,3}\s*[:.\-\u2013\u2014]", re.I)
# A numbered heading ("1. They are the only way to treat depression", "#3 It is addictive"): one of a list.
_NUMBERED = re.compile(r"\s*(?:#\s*\d{1,2}|\d{1,2}\s*[.):])\s+\S")


def answers_myth(sentence) -> bool:
    """Whether the sentence answers the myths its lead-in names, and so is not their report.

    Myth-busting copy ("## 5 Myths about ketamine therapy", "## Myth 2:
    It is addictive." then "Fact: ...") states the myths to reject them, and
    its answers are the author's own claims ("Fact: ketamine is not
    addictive"). The myths are what its headings and its list items say;
    the answers are a section's paragraphs (except the one right after a
    heading that only labels the myth: "## Myth #1" then the myth), a
    list item's later sentences ("- It is addictive. In fact it is less
    addictive than coffee."), and any block labeled as the answer
    ("Fact:", "The reality:", "In truth, ..."). The sentence's own words
    still report it ("Myth: it cures depression").
    """
    memo = sentence.memo
    found = memo.get("myth-answer")
    if found is None:
        found = memo["myth-answer"] = _answers_myth(sentence)
    return found


def _answers_myth(sentence) -> bool:
    block = sentence.block
    lead = block.lead_in
    if lead is None or not _MYTH.search(lead.text):
        return False
    if _ANSWER.match(block.text):
        return True
    if _STATED_MYTH.match(block.text):
        return False  # "The Myth: ...": the myth itself, whatever its length
    if lead.kind in ("heading", "title") and block.kind == "paragraph":
        if _LABEL_ONLY.fullmatch(lead.text):
            k = position(sentence.document, block)
            blocks = sentence.document.blocks
            return not (k is not None and k > 0 and blocks[k - 1] is lead)  # the myth it labels
        return True
    # an item (a list item, or a short paragraph after a "...:" lead-in): its first sentence is the myth
    spaces = columns(sentence.doc)[2]
    first = next((k for k in range(0, sentence.end) if not spaces[k]), sentence.start)
    return first < sentence.start


def listed_myth(sentence) -> bool:
    """Whether the sentence is a numbered heading in a section whose heading names myths
    ("## Myths about antidepressants" ... "### 1. They are the only way to treat depression"):
    one of the myths it lists, reported as they are. The headings between may be numbered
    too; any other heading ends the section."""
    block = sentence.block
    if not _NUMBERED.match(block.text) or _ANSWER.match(block.text) or block.text.rstrip().endswith("?"):
        return False
    k = position(sentence.document, block)
    if k is None:
        return False
    for b in reversed(sentence.document.blocks[:k]):
        if b.kind not in ("heading", "title"):
            continue
        if _MYTH.search(b.text):
            return True
        if not _NUMBERED.match(b.text):
            return False
    return False


# ---- where a lead-in's hedge stops: an item that makes its own statement ----------
# The verbs that make a clause finite: an item whose first clause has one after its first
# word ("Cold plunges can reduce ...") has a subject of its own; "Help lower stress" does not.
_FINITE = frozenset("""is are was were has have had can will would should shall must does do did
isn't aren't wasn't weren't hasn't haven't doesn't don't won't can't cannot 's 're 've""".split())
# Pronouns that open a clause as its subject: "It cures anxiety within days."
_SUBJECTS = frozenset("it this they these we you he she i".split())
# What ends an item's first clause: a comma or a relative or subordinate word ("Improve sleep
# quality, which often worsens when anxiety is high" has no finite verb of its own).
_CLAUSE_ENDS = frozenset(", ; ( which that who whose when where while if because as so since until".split())
_LABEL_WORDS = 6  # "Reduced inflammation:" before an item's explanation: a label of a few words


def own_statement(sentence, at: int) -> bool:
    """Whether the words at token `at` of a lead-in's item make a statement of their own.

    A hedging lead-in ("Here are some of the potential benefits:", "It may:")
    hedges items that continue it: noun phrases ("- Better sleep") and verb
    phrases ("- Help lower stress"). An item that is a sentence with its own
    subject and verb does not continue the lead-in and speaks for itself:
    the main clause (up to a comma or a relative word) of its second and
    later sentences, and of its first sentence (after a short label and
    colon, as in "- Reduced inflammation: Cold water reduces swelling ...")
    when its subject is a pronoun before its verb ("- It cures anxiety
    within days.") or it has a finite verb after its first word ("- Cold
    plunges can reduce inflammation."). What follows that clause ("...,
    with some studies reporting improved mood", "..., which are natural
    mood boosters") stays under the lead-in. Without a tagger, a noun
    subject's bare present verb ("Cold water eases pain") is not told from
    a noun phrase ("Cold water baths"): only an auxiliary or modal marks
    its verb. Only the hedge stops there: a reporting or negating lead-in
    ("Watch out for these claims:") still governs every sentence of its
    items.
    """
    memo = sentence.memo
    key = ("own", at)
    found = memo.get(key)
    if found is None:
        found = memo[key] = _own_statement(sentence, at)
    return found


def _own_statement(sentence, at: int) -> bool:
    texts, _, spaces = columns(sentence.doc)
    s, e = sentence.start, sentence.end
    words = [k for k in range(s, e) if not spaces[k]]
    if not words:
        return False
    later = next(k for k in range(0, e) if not spaces[k]) < s  # a later sentence of the item
    start = words[0]
    # "Label: explanation": a short label and a colon; the label continues the lead-in.
    for n, k in enumerate(words[:_LABEL_WORDS + 1]):
        if texts[k] == ":":
            if at < k or n == 0:
                return False  # the label itself continues the lead-in
            start = next((j for j in words if j > k), start)
            break
    clause, end = [], e
    for k in words:
        if k < start:
            continue
        if texts[k].lower() in _CLAUSE_ENDS:
            end = k
            break
        clause.append(texts[k].lower().replace("’", "'"))
    if not start <= at < end:
        return False  # the hit is in the label, or in what follows the sentence's first clause
    if later:
        return True
    if len(clause) < 3:
        return False
    if clause[0] in _SUBJECTS and (clause[1] in _FINITE or clause[1].endswith(("s", "ed"))):
        return True
    return any(w in _FINITE for w in clause[1:])


# ---- a label's own claim: "Pain relief: it may help ..." ------------------------
def label_end(sentence) -> int | None:
    """The token of the colon that closes a short label opening the block ("Pain relief: The
    massage may help ease pain."), when the sentence is the block's first; else None.

    A verbless label asserts its benefit ("Pain relief", "Better sleep"): the
    explanation after the colon is a statement of its own, and its hedge
    ("may help", "some studies suggest") qualifies the explanation, not the
    label. What the label holds is judged without the explanation's hedge and
    claim strength (a denial or report after the colon still reaches it:
    "Boosts energy: FALSE").
    """
    memo = sentence.memo
    if "label-end" not in memo:
        memo["label-end"] = _label_end(sentence)
    return memo["label-end"]


def _label_end(sentence):
    if sentence.block.kind not in ("paragraph", "list_item"):
        return None
    texts, _, spaces = columns(sentence.doc)
    first = next((k for k in range(0, sentence.end) if not spaces[k]), None)
    if first is None or first < sentence.start:
        return None  # a later sentence of the block
    words = []
    for k in range(first, sentence.end):
        if not spaces[k]:
            words.append(k)
            if len(words) > _LABEL_WORDS + 1:
                break
    for n, k in enumerate(words[:_LABEL_WORDS + 1]):
        if texts[k] == ":":
            label = [texts[j].lower().replace("\u2019", "'") for j in words[:n]]
            if n == 0 or any(w in _FINITE for w in label):
                return None  # a clause before the colon, not a label
            return k
        if texts[k] in (".", "!", "?", ";"):
            return None
    return None


# ---- genre: a research abstract is the source of its own statistics -------------
_ABSTRACT = re.compile(r"(?:structured\s+)?abstract", re.I)
_SECTION = re.compile(
    r"(background|backgrounds?\s+and\s+(?:aims?|objectives?|purpose)|aims?|objectives?|purpose|context|"
    r"methods?|materials\s+and\s+methods|design|setting|participants|measurements|interventions?|"
    r"results?|findings|conclusions?(?:\s+and\s+relevance)?|interpretation|significance)",
    re.I,
)
_SECTION_OPENS = re.compile(_SECTION.pattern + r"\s*:", re.I)  # "Results: 72% ..."
_CORE = {"background", "aim", "objective", "purpose", "method", "result", "conclusion", "finding"}


def _section_name(text: str) -> str | None:
    """The structured-abstract section a block opens ("Methods", "Results: 72% ..."), or None."""
    t = text.strip()
    head = t.rstrip(":").strip()
    m = _SECTION.fullmatch(head)
    if m is None:
        m2 = _SECTION_OPENS.match(t)
        if m2 is None:
            return None
        head = m2.group(1)
    word = head.split()[0].lower().rstrip("s")
    return word


def _is_heading(block) -> bool:
    t = block.text.strip()
    return block.kind in ("heading", "title") or (len(t.split()) <= 8 and not re.search(r"[.!?:;,]$", t))


def research_abstract_blocks(blocks) -> set[int]:
    """ids of the blocks that belong to a research abstract.

    An abstract reports a study's own results, so its figures and "this
    trial showed" are the study speaking, not unsourced claims. An abstract
    starts at an "Abstract" heading, or at the first section of a
    structured abstract (Background, Methods, Results, Conclusions) when at
    least two core sections are present, and runs to the next heading that
    is not one of its sections ("Introduction", "References").
    """
    blocks = list(blocks)
    names = [_section_name(b.text) for b in blocks]  # each block's, read once
    structured = len(set(names) & _CORE) >= 2
    out: set[int] = set()
    inside = False
    for b, name in zip(blocks, names):
        text = b.text.strip()
        if _ABSTRACT.fullmatch(text.rstrip(":").strip()):
            inside = True
            out.add(id(b))
            continue
        if name is not None and (inside or structured):
            inside = True
            out.add(id(b))
            continue
        if inside and _is_heading(b) and name is None:
            inside = False
        if inside:
            out.add(id(b))
    return out


# ---- a lead-in governs what follows it -------------------------------------------
_ITEM_WORDS = 14  # an item after a lead-in is a short line, not a paragraph of its own
_ITEMS_MAX = 15


SECTION_CATEGORIES = frozenset({"reported"})
# "...such things as" before a list introduces it like a colon. Searched from the end only: a
# match ends the (stripped) text, so it starts at most its longest word from the end.
_INTRODUCES = re.compile(r"\b(as|like|include|including|are|such as)$")
_INTRODUCES_LONGEST = len("including")


def extend_lead_ins(blocks, plain_text: bool = False) -> set[int]:
    """Give a lead-in to the items the readers leave without one; return the section paragraphs.

    Readers attach a "...:" paragraph to the list that follows it. Real copy
    also lists claims as short paragraphs after the colon ("Watch out for
    these claims:" then one claim a paragraph; in plain text, one a line,
    which reads as a heading), and under a heading ("## Red flags to watch
    out for" then a list, or one paragraph a claim). Such blocks get the
    lead-in too. A heading governs the paragraphs of its section only
    through reporting (`SECTION_CATEGORIES`): "## How it may help" does
    not hedge, nor "## What it cannot do" negate, a flat claim further
    down; so does a "...:" lead-in over long labeled paragraphs ("Pain
    relief: The massage may help ease ..."), items that are statements of
    their own. The ids of those section paragraphs are returned. A long
    paragraph (after a colon), a new heading, or anything after the
    lead-in's own list ends its reach.
    """
    lead = None
    colon = False
    listed = False
    count = 0
    section: set[int] = set()
    for b in blocks:
        text = b.text.strip()
        if b.kind == "list_item":
            if lead is not None and b.lead_in is None and count < _ITEMS_MAX:
                b.lead_in = lead
            if b.lead_in is lead:
                count += 1
                listed = True
            continue
        item_kinds = ("paragraph", "heading") if plain_text else ("paragraph",)
        if (colon and lead is not None and not listed and b.kind in item_kinds and count < _ITEMS_MAX
                and len(text.split()) <= _ITEM_WORDS and not text.endswith(":")):
            if b.lead_in is None:
                b.lead_in = lead
            count += 1
            continue
        if (colon and lead is not None and not listed and b.kind == "paragraph" and count < _ITEMS_MAX
                and not text.endswith(":") and _labeled(text)):
            # "Pain relief: The massage may help ...": a long item, a statement of its own, gets
            # the lead-in's report only, as a section's paragraphs do
            if b.lead_in is None:
                b.lead_in = lead
            if b.lead_in is lead:
                section.add(id(b))
            count += 1
            continue
        if text.endswith(":") or (b.kind == "paragraph" and _INTRODUCES.search(text, max(0, len(text) - _INTRODUCES_LONGEST))):
            lead, colon = b, True  # "...such things as" before a list introduces it like a colon
        elif b.kind in ("heading", "title"):
            lead, colon = b, False
        elif lead is not None and not colon and b.kind == "paragraph":
            if b.lead_in is None:
                b.lead_in = lead
            if b.lead_in is lead:  # also when an earlier lint of this document gave it (the same answer twice)
                section.add(id(b))
            continue
        else:
            lead, colon = None, False
        listed, count = False, 0
    return section


_LABEL = re.compile(r"\s*[^\W_][^:.!?;]{0,60}?:\s+\S")


def _labeled(text: str) -> bool:
    """Whether a paragraph opens with a short verbless label and a colon ("Pain relief: ...")."""
    m = _LABEL.match(text)
    if m is None:
        return False
    label = text[:m.end()].rsplit(":", 1)[0].lower().replace("\u2019", "'").split()
    return 0 < len(label) <= _LABEL_WORDS and not any(w in _FINITE for w in label)


# ---- a paragraph that looks back on the slogans before it -------------------------
_LOOKS_BACK = re.compile(
    r"\bsounds?\s+(?:familiar|too\s+good\s+to\s+be\s+true)\b"
    r"|\b(?:these|such|those)\s+(?:claims|promises|slogans|headlines|ads|adverts|advertisements|pitches)\b"
    r"|\b(?:claims|promises|slogans|headlines|ads|adverts|advertisements)\b[^.!?]{0,80}\btoo\s+good\s+to\s+be\s+true\b"
    r"|\b(?:claims|promises|slogans)\s+(?:like|such\s+as)\s+(?:these|this|that|those)\b",
    re.I,
)
_FIRST_SENTENCE = re.compile(r"[^.!?]*[.!?]?")
@lru_cache(maxsize=1)
def _looks_back_needs():
    """The literals every match of _LOOKS_BACK holds (ruleset.regex.required_literals)."""
    return required_literals(_LOOKS_BACK.pattern)


def _may_look_back(sentence: str) -> bool:
    """Could _LOOKS_BACK match? In ASCII text re.I pairs only a letter's two cases, so a
    lower-cased ASCII sentence without its required literals cannot; other text is asked."""
    needs = _looks_back_needs()
    return needs is None or not sentence.isascii() or not lacks_group(sentence.lower(), needs)


def looked_back_blocks(blocks) -> set[int]:
    """ids of the short blocks that the paragraph after them reports as claims.

    Consumer advice often opens with the slogans it warns about ("Lose
    weight without dieting!" "No exercise required!") and only then says
    what they are ("Claims that sound too good to be true usually are.",
    "Sound familiar?", "These promises are everywhere."). The run of short
    blocks (at most _ITEM_WORDS words each) right before a paragraph whose
    first sentence looks back like that is reported, as a list under
    "Watch out for these claims:" is.
    """
    blocks = list(blocks)
    out: set[int] = set()
    for k, b in enumerate(blocks):
        if k == 0 or b.kind != "paragraph":
            continue
        first = _FIRST_SENTENCE.match(b.text.strip()).group()
        if not _may_look_back(first) or not _LOOKS_BACK.search(first):
            continue
        j = k - 1
        while j >= 0 and len(blocks[j].text.split()) <= _ITEM_WORDS and k - j <= _ITEMS_MAX \
                and blocks[j].kind in ("paragraph", "heading", "list_item"):
            out.add(id(blocks[j]))
            j -= 1
    return out
