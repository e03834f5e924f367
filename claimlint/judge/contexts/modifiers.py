"""Context modifiers, after NegEx and medspaCy's ConText, driven by YAML; and scare quotes.

A trigger phrase is evidence, not a verdict. Modifiers ("cannot", "may",
"claims that", "if") are found in the sentence; each has a category, a
direction and a scope that ends at the sentence end, at `max_scope` tokens,
or at a terminating term ("but", ";"). Pseudo-triggers ("not only", "no
doubt") block the shorter modifiers inside them. A finding is modified by
every modifier whose scope covers it and which is not part of the finding
itself (so the "no" of "no side effects" never negates it). A seller's word
in short quotation marks ("'miracle' infusions") is reported, not asserted.
Finds: negated, hedged, reported, hypothetical, limited.
"""
from __future__ import annotations

from typing import NamedTuple

from claimlint.patterns.index import PatternIndex
from claimlint.patterns.matcher import _CORE
from claimlint.patterns.tokens import TokenView
from claimlint.tokendoc import columns

NEEDS = None  # always: a finding's contexts name its modifiers whatever the policy


class ModifierMatch(NamedTuple):
    """A modifier found in a sentence, with the spans of tokens its scope covers (a tuple, so the
    compiled core builds one without calling Python)."""

    modifier: object  # ruleset.model.Modifier
    start: int
    end: int
    scope: tuple[tuple[int, int], ...] = ()


CLAUSE_DASHES = frozenset({"—", "–", "--", "―"})


class ModifierFinder:
    """The pack's modifiers behind one pattern index."""

    def __init__(self, modifiers, compile_pattern) -> None:
        self.index = PatternIndex([(m, compile_pattern(spec.source)) for m in modifiers for spec in m.patterns])

    def matches(self, view: TokenView, start: int, end: int) -> list[ModifierMatch]:
        """Modifiers in one sentence, after pseudo-triggers and overlaps are pruned, with scopes:
        by the compiled core when it is built (the same list), else by matches_py."""
        found = self.index.find(view, start, end)
        if not found:
            return []  # no modifier: nothing kept, whatever ends a scope
        if _CORE is not None and type(view.texts) is list and type(view.norms) is list:
            return _CORE.modifier_matches(found, view.texts, view.norms, start, end, CLAUSE_DASHES, ModifierMatch)
        return self._matches(view, start, end, found)

    def matches_py(self, view: TokenView, start: int, end: int) -> list[ModifierMatch]:
        """matches() in Python: the reference the compiled core is tested against."""
        return self._matches(view, start, end, self.index.find(view, start, end))

    def _matches(self, view: TokenView, start: int, end: int, found) -> list[ModifierMatch]:
        raw = [ModifierMatch(m, s, e) for m, s, e, _ in found]
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
            (i, i + 1) for i in range(start, end) if view.texts[i] in CLAUSE_DASHES
            and not (i + 1 < end and len(view.norms[i + 1]) > 4 and view.norms[i + 1].endswith("ing"))])
        kept = [r._replace(scope=self._scope(view, r, start, end, terminators)) for r in kept]
        return sorted(kept, key=lambda r: r.start)

    @staticmethod
    def _scope(view: TokenView, r: ModifierMatch, start: int, end: int, terminators) -> tuple[tuple[int, int], ...]:
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
                if view.norms[i] in extra:
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
                if view.norms[i] in extra:
                    begin = i + 1
                    break
            spans.append((begin, r.start))
        return tuple(spans)

    @staticmethod
    def open_at_end(view: TokenView, mods: list[ModifierMatch], end: int) -> set[str]:
        """Categories whose forward scope runs to the end of a sentence (a list lead-in)."""
        out = set()
        for r in mods:
            for a, b in r.scope:
                if a >= r.end and all(view.barrier[i] or view.transparent[i] for i in range(b, end)):
                    out.add(r.modifier.category)
        return out


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


# ---- scare quotes: a word held at arm's length is reported, not asserted ---------
_QUOTES = {'"': '"', "“": "”", "‘": "’", "'": "'"}
_SCARE_WORDS = 3


def scare_quoted(text: str, start: int) -> bool:
    """Whether the reported words at text[start:] open a short quotation: by the compiled core
    when it is built (the same answer), else by scare_quoted_py."""
    if _CORE is not None and type(text) is str:
        return _CORE.scare_quoted(text, start, _SCARE_WORDS)
    return scare_quoted_py(text, start)


def scare_quoted_py(text: str, start: int) -> bool:
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


def find(hit, sentence) -> set[str]:
    """The modifiers bearing on the hit, and "reported" for a scare-quoted hit: once the
    sentence's modifiers are found, by the compiled core when it is built (the same set), else
    as find_py does."""
    mods = sentence.memo.get("modifiers")
    if mods is None:
        mods = sentence.memo["modifiers"] = sentence.compiled.modifiers.matches(sentence.view, sentence.start, sentence.end)
    text, starts = sentence.block.text, columns(sentence.doc)[1]
    mods = _without_later_hedges(mods, hit, sentence)
    if _CORE is not None and type(mods) is list and type(text) is str and type(starts) is list:
        return _CORE.modifier_find(mods, hit.start, hit.end, hit.captures, text, starts, _SCARE_WORDS)
    return _found(mods, hit, text, starts)


def find_py(hit, sentence) -> set[str]:
    """find() in Python: the reference the compiled core is tested against."""
    mods = sentence.memo.get("modifiers")
    if mods is None:
        mods = sentence.memo["modifiers"] = sentence.compiled.modifiers.matches_py(
            sentence.view, sentence.start, sentence.end)
    return _found(_without_later_hedges(mods, hit, sentence), hit, sentence.block.text, columns(sentence.doc)[1])


def _without_later_hedges(mods, hit, sentence):
    """The modifiers bearing on a hit in a short label ("Pain relief: it may help ..."), less
    the hedges of the explanation after its colon (lead_in.label_end); others keep them all."""
    if not mods:
        return mods
    from claimlint.judge.contexts.lead_in import label_end

    end = label_end(sentence)
    if end is None or hit.end > end:
        return mods
    return [m for m in mods if m.start < end or m.modifier.category != "hedged"]


def _found(mods, hit, text: str, starts) -> set[str]:
    mark = hit.mark
    found = categories_for(mods, hit.start, hit.end, hit.gaps, mark)
    if scare_quoted_py(text, starts[mark[0] if mark else hit.start]):
        found.add("reported")
    return found
