"""What text must contain for a parsed pattern to be able to match it.

Each pattern is reduced, once, to its requirements: for every alternative,
one key set per required item (a match contains a key of each), built from
the item's surface forms, never from a stopword such as "the" when a rarer
word is there. The block prefilter (claimlint.judge.prefilter) uses them to
skip text without loading spaCy, and the matcher uses them to skip a
pattern in a sentence that lacks one of its required words.
"""
from __future__ import annotations

import json
import re
import zlib
from functools import lru_cache
from sys import intern

from claimlint.patterns.inflect import surface_forms
from claimlint.patterns.native import load_core as _core  # the compiled core or None, decided once a process

WORD = re.compile(r"\w+")
NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion dozen half twice thrice double triple quarter third"
).split()


@lru_cache(maxsize=1)
def _numberish() -> re.Pattern:
    """What counts as a number in a text (compiled when a text needs it: see text_words)."""
    return re.compile(r"\d|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)


STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours out
over own same she should so some such than that the their them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your yours s t ll
ve re d m n don can't cannot won may might must shall us one new get got make made
""".split())
# The function words nearly every sentence holds: a requirement of one of them selects nothing
# ("one and only" is better required by "only" than by "and").
COMMONEST = frozenset("a an and are as at be by for from in is it of on or that the this to was were with".split())
_CONTRACTED = {
    "not": ("t", "nt"), "cannot": ("can", "t"), "will": ("wo", "ll"), "would": ("d",), "is": ("s",), "are": ("re",),
    "have": ("ve",), "am": ("m",), "had": ("d",), "shall": ("sha",), "can": ("ca",),
}

NUMBER = "#num"
ANYWHERE = "*"
EXPANDED = 8  # alternatives of requirements one pattern alternative may expand to
LARGE_KEY_SET = 64  # a key set larger than this (a lexicon's) is split once, shared, and gated as one set


def _variant_keys(variant: str) -> set[str]:
    """Words a text must contain to hold this surface form (all pieces of contractions)."""
    words = WORD.findall(variant.lower())
    if not words:
        return {variant.strip()[:1]} if variant.strip() else set()
    rare = [w for w in words if w not in STOPWORDS] or words
    best = intern(max(rare, key=len))  # shared with the lexicon tries' tokens, in memory and in the cache
    keys = {best}
    if "'" in variant or "’" in variant or best in _CONTRACTED:
        keys |= set(words) | {w[:-1] for w in words if w.endswith("n")} | set(_CONTRACTED.get(best, ()))
    return keys


def _selectivity(keys: frozenset[str]) -> tuple[int, int]:
    """How selective a key set is (lower is better): the commonest function words worst, other
    stopwords next, numbers next, then size.

    `isdisjoint` walks the smaller set, so a lexicon's key set of hundreds of
    thousands of keys costs as much as the stopword list, not its own size.
    """
    if not COMMONEST.isdisjoint(keys):
        return (3, len(keys))
    return (2 if not STOPWORDS.isdisjoint(keys) else (1 if NUMBER in keys else 0), len(keys))


class Requirement(tuple):
    """One required item: (word keys, symbol keys, whether a number satisfies it, all keys).

    The keys of a small requirement (LARGE_KEY_SET keys or fewer, nearly all of a pack's) are
    sorted tuples: a text's words are tested against them one key at a time, which for a few
    dozen keys costs what a set lookup per word does, and a tuple is a quarter of a set's
    memory and needs no hashing when a cache entry is read (the built-in pack's entry
    unpickled in 4.2 instead of 5.1 ms, with 176 fewer page faults). A large one (a
    lexicon's) keeps its set, which the gates compare with a text's words the other way."""

    __slots__ = ()

    @classmethod
    def of(cls, keys: frozenset[str], shared: dict | None = None) -> "Requirement":
        """The requirement of these keys; with `shared` (one dict for a whole rule pack),
        equal requirements are one object, and so are equal key tuples."""
        if len(keys) > LARGE_KEY_SET:
            return _shared_requirement(keys)
        if shared is None:
            return cls._small(keys)
        req = shared.get(("requirement", keys))
        if req is None:
            words, symbols, number, ordered = cls._small(keys)
            ordered = shared.setdefault(ordered, ordered)
            words = ordered if words == ordered else shared.setdefault(words, words)
            req = shared[("requirement", keys)] = cls((words, symbols, number, ordered))
        return req

    @classmethod
    def _small(cls, keys: frozenset[str]) -> "Requirement":
        ordered = tuple(sorted(keys))
        words = tuple(k for k in ordered if k != NUMBER and k.isalnum())
        if len(words) == len(ordered):
            words = ordered
        symbols = tuple(k for k in ordered if k != NUMBER and not k.isalnum())
        return cls((words, symbols, NUMBER in keys, ordered))

    @classmethod
    def _split(cls, keys: frozenset[str]) -> "Requirement":
        words = frozenset(k for k in keys if k != NUMBER and k.isalnum())
        if len(words) == len(keys):
            words = keys  # the same keys: one set, not two equal ones (memory, and the cache entries' size)
        symbols = tuple(k for k in keys if k != NUMBER and not k.isalnum())
        return cls((words, symbols, NUMBER in keys, keys))


@lru_cache(maxsize=256)  # bounded: a server that reloads rule packs must not keep old lexicons alive
def _shared_requirement(keys: frozenset[str]) -> Requirement:
    """A large key set (a lexicon's) is split once and shared by every pattern that names it."""
    return Requirement._split(keys)


class AllOf(tuple):
    """Requirements a text must all meet: Requirements, and AnyOf groups (see strictly_met)."""

    __slots__ = ()


class AnyOf(tuple):
    """A group's alternatives, each an AllOf: a text must meet one of them."""

    __slots__ = ()


class _Anchors:
    """Key sets of a parsed pattern's items, with the lexicons they name."""

    collapsed = False  # whether expanded() has counted a group as the union of its alternatives

    def __init__(self, lexicons) -> None:
        self.lexicons = lexicons

    def alts(self, alts) -> set[str]:
        keys: set[str] = set()
        for seq in alts:
            keys |= best_keys(self.requirements(seq))
        return keys

    def requirements(self, seq) -> list[frozenset[str]]:
        """One key set per required item: a match contains a key of each."""
        from claimlint.patterns.syntax import Gap, Group, Mark  # the tree's classes: only a pack's build reads them

        reqs = []
        for item in seq:
            if item.optional or isinstance(item.atom, Gap):
                continue
            if isinstance(item.atom, (Group, Mark)) and len(item.atom.alternatives) == 1:
                reqs.extend(self.requirements(item.atom.alternatives[0]))
                continue
            keys = self.atom(item.atom)
            if keys and ANYWHERE not in keys:
                reqs.append(keys if isinstance(keys, frozenset) else frozenset(keys))
        return reqs

    def strict(self, seq) -> "AllOf":
        """The sequence's requirements with every group kept as its alternatives, however
        many: what expanded() gives when no group is past EXPANDED, as one nested test
        instead of the alternatives multiplied out."""
        from claimlint.patterns.syntax import Gap, Group, Mark

        out = []
        for item in seq:
            if item.optional or isinstance(item.atom, Gap):
                continue
            if isinstance(item.atom, (Group, Mark)):
                options = [self.strict(alt) for alt in item.atom.alternatives]
                if any(not o for o in options):
                    continue  # an alternative that needs nothing: the group needs nothing
                if len(options) == 1:
                    out.extend(options[0])
                else:
                    out.append(AnyOf(options))
                continue
            keys = self.atom(item.atom)
            if keys and ANYWHERE not in keys:
                out.append(frozenset(keys))
        return AllOf(out)

    def expanded(self, seq) -> list[list[frozenset[str]]]:
        """The sequence's requirements as alternatives, each a list of key sets a match contains
        a key of each of: a group's alternatives are kept apart ("second to none" needs
        "second", "to" and "none", not "second" or "like"), up to EXPANDED alternatives, past
        which a group counts as one requirement, the union of its alternatives' keys."""
        from claimlint.patterns.syntax import Gap, Group, Mark

        out: list[list[frozenset[str]]] = [[]]
        for item in seq:
            if item.optional or isinstance(item.atom, Gap):
                continue
            if isinstance(item.atom, (Group, Mark)):
                options = [alt for sub in item.atom.alternatives for alt in self.expanded(sub)]
                if len(out) * len(options) <= EXPANDED:
                    out = [done + more for done in out for more in options]
                    continue
                self.collapsed = True
            keys = self.atom(item.atom)
            if keys and ANYWHERE not in keys:
                keys = keys if isinstance(keys, frozenset) else frozenset(keys)
                out = [done + [keys] for done in out]
        return out

    def atom(self, atom) -> set[str]:
        from claimlint.patterns.syntax import Group, Lex, Mark, Num, Word

        if isinstance(atom, Word):
            keys: set[str] = set()
            for text, exact, form in atom.alternatives:
                for variant in surface_forms(text, exact, form):
                    keys |= _variant_keys(variant)
            return keys
        if isinstance(atom, Lex):
            lex = self.lexicons.get(atom.name)
            if lex is None:
                return {ANYWHERE}
            # Computed once per lexicon and form, not once per pattern that uses it (a
            # 300,000-term lexicon used by several patterns took minutes).
            memo = lex.__dict__.setdefault("_prefilter_keys", {})
            key = (None if lex.inflect == "none" else atom.form, len(lex.entries))
            if key not in memo:
                keys = set()
                for phrase, _ in lex.entries:
                    for variant in surface_forms(phrase, False, atom.form, lex.inflect):
                        keys |= _variant_keys(variant)
                memo[key] = frozenset(keys)
            return memo[key]  # shared, never copied: a copy of 300,000 keys per use is what cost
        if isinstance(atom, Num):
            return {NUMBER}
        if isinstance(atom, (Group, Mark)):
            return self.alts(atom.alternatives)
        return {ANYWHERE}


def best_keys(reqs: list[frozenset[str]]) -> frozenset[str]:
    """The most selective requirement: no stopwords, few keys, numbers last."""
    if not reqs:
        return frozenset({ANYWHERE})
    return min(reqs, key=_selectivity)


def pattern_requirements(tree, lexicons, shared: dict | None = None) -> list[list[Requirement]]:
    """For each alternative of a parsed pattern, the key sets a matching text must all touch.

    A rule pack passes one `shared` dict for all its patterns: ~4,400 requirements of the
    built-in pack hold only ~1,100 different ones, and one object each (and one set for
    equal key sets) made its cache entry a quarter cheaper to unpickle (6.4 -> 5.1 ms, and
    1,365 -> 1,027 page faults, in a new process)."""
    anchors = _Anchors(lexicons)
    return [[Requirement.of(r, shared) for r in reqs] for seq in tree for reqs in anchors.expanded(seq)]


def strict_requirements(tree, lexicons) -> bytes | None:
    """Per alternative of a parsed pattern, its requirements with no group merged (see
    _Anchors.strict), as compressed JSON (decode with decode_strict); None when
    pattern_requirements merged no group and so says as much.

    The word bag of pattern_requirements lets a group past EXPANDED alternatives through on
    any one of its alternatives' rarest words: "(in most cases|for most (people|patients))
    ... (feel better|see results)" on "some people ... results vary". The block prefilter
    asks these of the few blocks that bag lets through (judge.prefilter): a clean page then
    loads no compiled rules. Bytes, not objects, because every run unpickles the rule pack and
    few read these: as nested tuples they made that 9 ms dearer, as bytes a few tenths of one
    (and compressed: 0.8 MB of JSON adds 0.23 MB to the cache entry).
    A lexicon's key set is left out (counted as met): a weaker test, never a wrong no."""
    anchors = _Anchors(lexicons)
    for seq in tree:
        anchors.expanded(seq)
    if not anchors.collapsed:
        return None
    return zlib.compress(json.dumps([_plain(anchors.strict(seq)) for seq in tree], separators=(",", ":")).encode())


def _plain(node):
    """A strict node as JSON: {"all": [...]}, {"any": [...]}, or a key set's sorted keys."""
    if isinstance(node, AnyOf):
        return {"any": [_plain(alt) for alt in node]}
    if isinstance(node, AllOf):
        return {"all": [_plain(item) for item in node if isinstance(item, AnyOf) or len(item) <= LARGE_KEY_SET]}
    return sorted(node)


def decode_strict(data: bytes) -> tuple["AllOf", ...]:
    """strict_requirements' answer as AllOf alternatives of Requirements and AnyOf groups."""
    return tuple(_node(alt) for alt in json.loads(zlib.decompress(data)))


def _node(plain):
    if isinstance(plain, dict):
        if "all" in plain:
            return AllOf(_node(item) for item in plain["all"])
        return AnyOf(_node(alt) for alt in plain["any"])
    return Requirement.of(frozenset(plain))


def strictly_met(node: "AllOf", words: set[str], has_number: bool, text: str) -> bool:
    """Does text with these words meet every requirement of a strict_requirements alternative?"""
    for req in node:
        if type(req) is AnyOf:
            for alt in req:
                if strictly_met(alt, words, has_number, text):
                    break
            else:
                return False
            continue
        word_keys, symbols, number, _ = req
        if number and has_number:
            continue
        if words.isdisjoint(word_keys) and not any(s in text for s in symbols):
            return False
    return True


_NUMBER_WORDS = frozenset(NUMBER_WORDS)
_DIGIT = re.compile(r"\d")


def text_words(text: str) -> tuple[set[str], bool, str]:
    """What requirement checks look at: the text's words, whether it has a number, the text.

    Whether it has a number is _numberish()'s answer, found without running it on ASCII text:
    there a number word between word boundaries is one of the words found anyway, and a
    set test is far cheaper than that expression's case-blind alternation tried at every letter.
    The compiled core finds an ASCII text's words and digits in one pass (the same answer)."""
    core = _core()
    if core is not None:
        found = core.ascii_words(text)
        if found is not None:
            words, digit = found
            return words, digit or not _NUMBER_WORDS.isdisjoint(words), text
    return text_words_py(text)


def sentence_words(texts: list[str], starts: list[int]) -> dict:
    """text_words(" ".join(texts[s:e])) of each sentence [s, e) of a block (`starts`: its sentences'
    first tokens), as {(s, e): words}: found by the compiled core for all the ASCII sentences in
    one call (the same answers, tests/test_cblock.py); without it {} (each is found when asked)."""
    core = _core()
    if core is None:
        return {}
    return core.sentence_words(texts, starts, _NUMBER_WORDS)


def text_words_py(text: str) -> tuple[set[str], bool, str]:
    """text_words() in Python: the reference the compiled core's ascii_words is tested against."""
    words = set(WORD.findall(text.lower()))
    if _DIGIT.search(text):
        return words, True, text
    if text.isascii():
        return words, not _NUMBER_WORDS.isdisjoint(words), text
    return words, bool(_numberish().search(text)), text  # Unicode case folding ("ſix"): the regex decides


def satisfied(reqs, words: set[str], has_number: bool, text: str) -> bool:
    """Does text with these words touch every requirement of one alternative?"""
    for word_keys, symbols, number, _ in reqs:
        if number and has_number:
            continue
        if words.isdisjoint(word_keys) and not any(s in text for s in symbols):  # a set walks the smaller
            return False
    return True


def requirements_met(reqs_per_alt, words: tuple[set[str], bool, str]) -> bool:
    """Could any alternative of a pattern match text with these words?"""
    if not reqs_per_alt:
        return True
    return any(satisfied(reqs, *words) for reqs in reqs_per_alt)
