"""Context modifiers, after NegEx and medspaCy's ConText, driven by YAML.

A trigger phrase is evidence, not a verdict. Modifiers ("cannot", "may",
"claims that", "if") are found in the sentence; each has a category, a
direction and a scope that ends at the sentence end, at `max_scope` tokens,
or at a terminating term ("but", ";"). Pseudo-triggers ("not only", "no
doubt") block the shorter modifiers inside them. A finding is modified by
every modifier whose scope covers it and which is not part of the finding
itself (so the "no" of "no side effects" never negates it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from claimlint.patterns.index import PatternIndex
from claimlint.patterns.matcher import Context
from claimlint.ruleset.model import Modifier


@dataclass
class ModifierMatch:
    modifier: Modifier
    start: int
    end: int
    scope: tuple[tuple[int, int], ...] = ()


CLAUSE_DASHES = {"—", "–", "--", "―"}


# A percentage that gives a strength ("a 2% solution", "diluted to 3%") is a measure, not a statistic.
MEASURE_PATTERNS = (
    "#num (%|percent|per cent) (w/v|w/w|v/v|strength|concentration)? (topical|liquid|oral|pure|natural)? @preparation",
    "#num (%|percent|per cent) (w/v|w/w|v/v|strength|concentration|abv|solution)",
    "(diluted|dilute|dilutes|dilution|standardised|standardized) {0,5} (to|at|of) #num (%|percent|per cent)",
    "(strength|concentration|concentrations) (of|at) #num (%|percent|per cent)",
)
NAME_HEAD = "name-head"
_NAME_SPAN = 5  # capitalised words a name may run on after the trigger before its head word


class ContextEngine:
    def __init__(self, modifiers: list[Modifier], compile_pattern, lexicons=()) -> None:
        items = []
        for m in modifiers:
            for spec in m.patterns:
                items.append((m, compile_pattern(spec.source)))
        self.index = PatternIndex(items)
        self.measures = PatternIndex(
            [(src, compile_pattern(src)) for src in MEASURE_PATTERNS] if "preparation" in lexicons else [])
        self.names = NAME_HEAD in lexicons

    def is_measure(self, ctx: Context, start: int, end: int, hs: int, he: int) -> bool:
        """Whether the words [hs, he) are a percentage giving a concentration."""
        return any(ms < he and hs < me for _, ms, me, _ in self.measures.find(ctx, start, end))

    def in_name(self, ctx: Context, start: int, end: int, hs: int, he: int) -> bool:
        """Whether the words [hs, he) are part of a capitalised name ("Quick Relief Clinic").

        The words must all be capitalised, and the name must be closed by a head word from
        the `name-head` lexicon ("Clinic", "Foundation", "Gummies"), a
        trademark sign, or an acronym in brackets ("Stress Reduction (MBSR)").
        A sentence in title case is a heading, where capitals say nothing.
        """
        if not self.names:
            return False
        words = [i for i in range(hs, he) if not ctx.transparent[i] and ctx.texts[i][:1].isalpha()]
        if not words or not all(ctx.texts[i][:1].isupper() for i in words):
            return False
        sentence_words = [i for i in range(start, end) if ctx.texts[i][:1].isalpha() and len(ctx.texts[i]) > 3]
        if sentence_words and all(ctx.texts[i][:1].isupper() for i in sentence_words):
            return False
        i, run = he, 0
        while i < end and run <= _NAME_SPAN:
            t = ctx.texts[i]
            if ctx.transparent[i] and t not in ("®", "™"):
                i += 1
                continue
            if t in ("®", "™", "(R)", "(TM)"):
                return True
            if t == "(" and i + 2 < end and ctx.texts[i + 1].isupper() and len(ctx.texts[i + 1]) >= 2 and ctx.texts[i + 2] == ")":
                return True
            if ctx.lexicon_at(NAME_HEAD, None, i) and t[:1].isupper():
                return True
            if not t[:1].isupper():
                return False
            i, run = i + 1, run + 1
        return False

    def matches(self, ctx: Context, start: int, end: int) -> list[ModifierMatch]:
        """Modifiers in one sentence, after pseudo-triggers and overlaps are pruned, with scopes."""
        raw = [ModifierMatch(m, s, e) for m, s, e, _ in self.index.find(ctx, start, end)]
        pseudo = [r for r in raw if r.modifier.direction == "pseudo"]
        kept: list[ModifierMatch] = []
        for r in sorted(
            (r for r in raw if r.modifier.direction not in ("pseudo", "terminate")),
            key=lambda r: (-(r.end - r.start), r.start),
        ):
            if any(p.start < r.end and r.start < p.end for p in pseudo):
                continue
            if any(k.start < r.end and r.start < k.end for k in kept):
                continue
            kept.append(r)
        # A terminator inside a longer phrase ("not yet", "as of yet") ends nothing.
        terminators = [
            (r.start, r.end) for r in raw
            if r.modifier.direction == "terminate"
            and not any(o.start <= r.start and r.end <= o.end and o.end - o.start > r.end - r.start for o in kept + pseudo)
        ]
        # A dash between clauses ("You never have to quit — cravings fade") ends a scope;
        # the hyphen inside a word ("non-addictive") does not, so look at the original text;
        # nor does a dash before a participle, which goes on with the clause ("— promoting calm").
        terminators = sorted(terminators + [
            (i, i + 1) for i in range(start, end) if ctx.texts[i] in CLAUSE_DASHES
            and not (i + 1 < end and len(ctx.norms[i + 1]) > 4 and ctx.norms[i + 1].endswith("ing"))])
        for r in kept:
            r.scope = self._scope(ctx, r, start, end, terminators)
        return sorted(kept, key=lambda r: r.start)

    @staticmethod
    def _scope(ctx: Context, r: ModifierMatch, start: int, end: int, terminators) -> tuple[tuple[int, int], ...]:
        m = r.modifier
        extra = set(m.terminated_by)
        spans = []
        if m.direction in ("forward", "both"):
            stop = min(end, r.end + m.max_scope)
            for ts, te in terminators:
                if ts >= r.end:
                    stop = min(stop, ts)
                elif ts < r.start and r.end <= te:
                    stop = min(stop, te)  # a modifier inside a bounded clause ("While X, ...")
            for i in range(r.end, stop):
                if ctx.norms[i] in extra:
                    stop = i
                    break
            spans.append((r.end, stop))
        if m.direction in ("backward", "both"):
            begin = max(start, r.start - m.max_scope)
            for ts, te in terminators:
                if te <= r.start:
                    begin = max(begin, te)
                elif ts < r.start and r.end <= te:
                    begin = max(begin, ts)
            for i in range(r.start - 1, begin - 1, -1):
                if ctx.norms[i] in extra:
                    begin = i + 1
                    break
            spans.append((begin, r.start))
        return tuple(spans)

    @staticmethod
    def categories_for(mods: list[ModifierMatch], start: int, end: int, gaps=(), mark=None) -> set[str]:
        """Categories of the modifiers that bear on the finding at tokens [start, end).

        A modifier the finding contains is part of the claim ("no side
        effects", "not addictive") and is ignored, unless it lies in a gap
        of the pattern ("addiction that ketamine may treat"). When the
        pattern marks the words it reports, a modifier in a gap counts only
        if its scope reaches them: in "relieves anxiety without addiction"
        the "without" governs "addiction", not "relieves". A modifier that
        overlaps the finding without being inside it ("no guarantee")
        applies, as does one whose scope covers it.
        """
        out = set()
        for r in mods:
            inside = start <= r.start and r.end <= end
            if inside:
                if any(a <= r.start and r.end <= b for a, b in gaps):
                    if mark is None or any(a < mark[1] and mark[0] < b for a, b in r.scope) \
                            or (r.start < mark[1] and mark[0] < r.end):
                        out.add(r.modifier.category)
                continue
            if r.start < end and start < r.end:
                out.add(r.modifier.category)
            elif any(a < end and start < b for a, b in r.scope):
                out.add(r.modifier.category)
        return out

    @staticmethod
    def open_at_end(ctx: Context, mods: list[ModifierMatch], end: int) -> set[str]:
        """Categories whose forward scope runs to the end of a sentence (a list lead-in)."""
        out = set()
        for r in mods:
            for a, b in r.scope:
                if a >= r.end and all(ctx.barrier[i] or ctx.transparent[i] for i in range(b, end)):
                    out.add(r.modifier.category)
        return out


# ---- genre: a research abstract is the source of its own statistics -------------
_ABSTRACT = re.compile(r"(?:structured\s+)?abstract", re.I)
_SECTION = re.compile(
    r"(background|backgrounds?\s+and\s+(?:aims?|objectives?|purpose)|aims?|objectives?|purpose|context|"
    r"methods?|materials\s+and\s+methods|design|setting|participants|measurements|interventions?|"
    r"results?|findings|conclusions?(?:\s+and\s+relevance)?|interpretation|significance)",
    re.I,
)
_CORE = {"background", "aim", "objective", "purpose", "method", "result", "conclusion", "finding"}


def _section_name(text: str) -> str | None:
    """The structured-abstract section a block opens ("Methods", "Results: 72% ..."), or None."""
    t = text.strip()
    head = t.rstrip(":").strip()
    m = _SECTION.fullmatch(head)
    if m is None:
        m2 = re.match(_SECTION.pattern + r"\s*:", t, re.I)
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
    sections = {_section_name(b.text) for b in blocks}
    structured = len(sections & _CORE) >= 2
    out: set[int] = set()
    inside = False
    for b in blocks:
        text = b.text.strip()
        if _ABSTRACT.fullmatch(text.rstrip(":").strip()):
            inside = True
            out.add(id(b))
            continue
        name = _section_name(text)
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
    down. The ids of those section paragraphs are returned. A long
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
        if text.endswith(":") or (b.kind == "paragraph" and re.search(r"\b(as|like|include|including|are|such as)$", text)):
            lead, colon = b, True  # "...such things as" before a list introduces it like a colon
        elif b.kind in ("heading", "title"):
            lead, colon = b, False
        elif lead is not None and not colon and b.kind == "paragraph":
            if b.lead_in is None:
                b.lead_in = lead
                section.add(id(b))
            continue
        else:
            lead, colon = None, False
        listed, count = False, 0
    return section


# ---- scare quotes: a word held at arm's length is reported, not asserted ---------
_QUOTES = {'"': '"', "“": "”", "‘": "’", "'": "'"}
_SCARE_WORDS = 3


def scare_quoted(text: str, start: int) -> bool:
    """Whether the reported words at text[start:] open a short quotation ("'cures' anxiety").

    Journalism quotes a seller's word to distance itself from it: clinics
    offering "miracle" infusions. A quotation of at most three words that
    starts where the reported words start is such a quotation; a longer one
    is somebody's testimony, and an apostrophe inside a word ("don't") is no
    quotation at all.
    """
    if start == 0 or start > len(text):
        return False
    q = text[start - 1]
    close = _QUOTES.get(q)
    if close is None or (start >= 2 and text[start - 2].isalnum()):
        return False
    j = text.find(close, start)
    if j <= start:
        return False
    if j + 1 < len(text) and text[j + 1].isalnum():
        return False  # "'s" or "n't": an apostrophe, not a closing quote
    inner = text[start:j]
    return 0 < len(inner.split()) <= _SCARE_WORDS and not any(ch in inner for ch in ".!?")
