"""Make a rewording agree with the words it replaces.

A rule writes its rewording once, in the base form ("support recovery"); the
flagged words may be "resets your brain" (third person), "numbing" (a
gerund) or "healed" (past). lemminflect, a maintained English inflection
library, tells which form the flagged verb is in and inflects the
rewording's first verb to match: "One treatment resets your brain" ->
"One treatment supports recovery". It is consulted only when both words
could need it, because loading its tables costs a few tenths of a second,
and what the compiled rules' words and rewordings will ask is worked out
when the rules are compiled (`answers_ahead`), so most pages never load it.

A rewording that hedges a claim also makes some trailing words redundant or
contradictory ("may help ease symptoms ... for good"): `redundant_after`
says how much of the text after the flagged words the rewording swallows.
"""
from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][a-z'’-]*")
# First words of a rewording that are never a verb to inflect.
_NOT_VERBS = frozenset("""may might can could will would should must a an the some many most our your their its
this that these those and or not no to for of in on with as by at from is are was were be been has have had do does
did it they we you he she one""".split())
_TAGS = ("VBZ", "VBG", "VBD", "VBN")
_PERMANENCE = re.compile(r"^(\s*,)?\s+(for good|forever|for ever|for life|permanently|once and for all|"
                         r"for the rest of (your|their|his|her) lives?|for a lifetime)\b", re.I)


class _NoSpacy:
    """A meta-path finder that makes `import spacy` fail while lemminflect is imported."""

    def find_spec(self, name, path=None, target=None):
        if name == "spacy":
            raise ModuleNotFoundError("spacy is not imported for lemminflect", name=name)
        return None


@lru_cache(maxsize=1)
def _lemminflect():
    """lemminflect, imported without importing spaCy, its tables loaded once.

    lemminflect's package imports spaCy when it can, to register Token extensions
    that claimlint never uses; that import alone costs about 0.4 CPU s, more than a
    small page costs to lint. Its lookup tables (120,000 lines) are read with the
    cyclic collector paused (claimlint.gcpause), which halves their cost.
    """
    import sys

    from claimlint.gcpause import paused

    blocker = None
    if "spacy" not in sys.modules and "lemminflect" not in sys.modules:
        blocker = _NoSpacy()
        sys.meta_path.insert(0, blocker)
    try:
        import lemminflect
    finally:
        if blocker is not None:
            sys.meta_path.remove(blocker)
    with paused():
        lemminflect.getAllLemmas("resets")  # loads the lemma table and its overrides
        lemminflect.getInflection("reset", tag="VBZ")  # and the inflection table
    return lemminflect


# lemminflect's answers worked out ahead, when the rules were compiled (`answers_ahead`,
# `remember`): a page whose flagged words and rewordings are all in them never loads it.
_FORMS: dict[str, tuple[str, str] | None] = {}  # word -> _verb_form(word)
_BASE: dict[str, bool] = {}  # word -> _is_base_verb(word)
_INFLECTED: dict[tuple[str, str], tuple[str, ...]] = {}  # (base verb, tag) -> its inflections


def answers_ahead(words, rewordings) -> dict:
    """What `agree` will ask lemminflect about these flagged words and the first words of
    these rewordings, asked now: (verb forms, base verbs, inflections) for `remember`."""
    forms = {}
    for w in {w.lower() for w in words}:
        if _WORD.fullmatch(w) and _could_be_inflected(w):
            forms[w] = _verb_form(w)
    base, inflected = {}, {}
    for r in rewordings:
        b = _WORD.match(r)
        if b is None or b.start() != 0:
            continue
        new = b.group().lower()
        base[new] = _is_base_verb(new)
        if base[new]:
            for tag in _TAGS:
                inflected[(new, tag)] = tuple(_lemminflect().getInflection(new, tag=tag, inflect_oov=True))
    return {"forms": forms, "base": base, "inflected": inflected}


def remember(answers: dict) -> None:
    """Use answers worked out by `answers_ahead` (the same answers lemminflect gives)."""
    _FORMS.update(answers.get("forms", {}))
    _BASE.update(answers.get("base", {}))
    _INFLECTED.update(answers.get("inflected", {}))


_LATER: list = []  # callables that give answers, called on the first question


def remember_later(answers) -> None:
    """Use the answers `answers()` gives, but only once a question is asked (a cached build
    keeps them packed, and a page with no finding never asks)."""
    _LATER.append(answers)


def _settle() -> None:
    while _LATER:
        answers = _LATER.pop(0)
        try:
            remember(answers())
        except Exception:  # answers only spare lemminflect questions: without them it is asked
            continue


def _could_be_inflected(w: str) -> bool:
    return w not in _NOT_VERBS and w.endswith(("s", "ed", "ing", "en", "t"))


def _verb_form(word: str) -> tuple[str, str] | None:
    """(lemma, tag) when `word` is an inflected verb form (resets -> ('reset', 'VBZ')), else None.
    A word lemminflect knows only as a noun ("miracles") is not one; an unknown word
    ("regrows") is judged by lemminflect's rules for words outside its dictionary."""
    w = word.lower()
    if not _could_be_inflected(w):
        return None
    if _LATER:
        _settle()
    if w in _FORMS:
        return _FORMS[w]
    lemminflect = _lemminflect()
    known = lemminflect.getAllLemmas(w)
    lemmas = known.get("VERB") or (() if known else lemminflect.getAllLemmasOOV(w, upos="VERB").get("VERB", ()))
    for lemma in lemmas:
        if lemma == w:
            return None
        for tag in _TAGS:
            if w in lemminflect.getInflection(lemma, tag=tag, inflect_oov=True):
                return lemma, tag
    return None


def _is_base_verb(word: str) -> bool:
    """A verb lemma in lemminflect's dictionary ("support", "manage"), not a word it does not know."""
    if word in _NOT_VERBS or not word.isalpha() or not word.islower():
        return False
    if _LATER:
        _settle()
    if word in _BASE:
        return _BASE[word]
    lemminflect = _lemminflect()
    return word in (lemminflect.getAllLemmas(word, upos="VERB").get("VERB") or ())


def agree(original: str, rewording: str) -> str:
    """The rewording with its first word in the same verb form as the original's first word."""
    return agree_word(first_word(original), rewording)


def first_word(original: str) -> str | None:
    """The word of `original` that agree() matches a rewording's first verb to (None: none)."""
    a = _WORD.match(original.strip())
    return a.group() if a else None


def agree_word(first: str | None, rewording: str) -> str:
    """agree() for an original whose first word is `first` (first_word(original)): a
    finding's rewordings all replace the same words, which are read once for all of them."""
    b = _WORD.match(rewording) if first is not None else None
    if not b or b.start() != 0:
        return rewording
    new = b.group()
    if new in _NOT_VERBS or (new.lower() == first.lower()):
        return rewording
    form = _verb_form(first)
    if form is None or not _is_base_verb(new.lower()):
        return rewording
    inflected = _INFLECTED.get((new.lower(), form[1]))
    if inflected is None:
        inflected = _lemminflect().getInflection(new.lower(), tag=form[1], inflect_oov=True)
    if not inflected:
        return rewording
    word = inflected[0]
    if new[:1].isupper():
        word = word[:1].upper() + word[1:]
    return word + rewording[b.end():]


def could_agree(rewording: str) -> bool:
    """Whether agree_word(first, rewording) can differ from `rewording` for some `first`: only
    when it begins with a word that is not in _NOT_VERBS (read once per rule's rewording)."""
    b = _WORD.match(rewording)
    return b is not None and b.group() not in _NOT_VERBS


def may_be_inflected(first: str) -> bool:
    """Whether `first` (first_word of an original) can be an inflected verb: when it cannot,
    agree_word(first, r) is r for every rewording r (_verb_form answers None at once)."""
    return _could_be_inflected(first.lower())


def redundant_after(after: str, rewordings: list[str]) -> int:
    """How many characters after the flagged words to replace too: a permanence phrase
    ("for good", "forever") that no longer fits once the claim is reworded."""
    if not rewordings or not all(rewordings):
        return 0
    m = _PERMANENCE.match(after)
    return m.end() if m else 0
