"""The tokenising pipeline: a blank English tokenizer and a sentence splitter.

Only packages on PyPI are used (no model download): `spacy.blank("en")`
tokenises and normalises contractions ("can't" -> can + not), and the
sentence splitter below knows the abbreviations of citations ("et al.",
"e.g.", "Dr.") that spaCy's plain sentencizer splits on. `pipeline()` is
that spaCy pipeline; `light_pipeline()` gives the same tokens and sentences
from claimlint.tokenizer without importing spaCy, and is what the linter
runs (spaCy is the reference it is tested against).
"""
from __future__ import annotations

from functools import lru_cache

from claimlint.patterns.native import load_core as _core  # the compiled core or None
from claimlint.sentences import token_sentence_starts  # the token rule, kept here for its users


def _split_sentences(doc):
    """Mark sentence starts after ., ! or ? when the next word can begin a sentence.

    The starts come from the regular-expression splitter (claimlint/sentences.py), which
    gives the same boundaries as the token rule (`sentences.token_sentence_starts`, kept as
    the reference the tests compare it with) at a tenth of the cost. They are set in one
    `Doc.from_array` call: setting `Token.is_sent_start` token by token checks the whole
    document's annotation on every call, which is quadratic in the length of a block.
    """
    n = len(doc)
    if n == 0:
        return doc
    import numpy
    from spacy.attrs import IDX, SENT_START

    from claimlint.sentences import sentence_starts

    idx = doc.to_array(IDX).astype("int64")
    chars = numpy.array(sentence_starts(doc.text), dtype="int64")
    at = numpy.searchsorted(idx, chars)
    if len(chars) and (at.max() >= n or not numpy.array_equal(idx[at], chars)):
        at = numpy.flatnonzero(token_sentence_starts(doc))  # a start between tokens: cannot happen, but never guess
    starts = numpy.full(n, -1, dtype="int64")
    starts[0] = 1
    starts[at] = 1
    # spaCy reads the array as uint64: -1 (not a start) is passed wrapped, as Doc.to_array gives it.
    return doc.from_array([SENT_START], starts.astype("uint64"))


_UNTOKENISABLE = __import__("re").compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|[^\w\s]{8,}")


def _blank(m) -> str:
    run = m.group()
    return " " if len(run) == 1 else run[:3] + " " * (len(run) - 3)


def tokenisable(text: str) -> str:
    """`text` as given to spaCy: the same length, so every offset still holds.

    Control characters become spaces (a stray one must not glue a claim's
    words into one token), and a run of 8 or more punctuation characters
    keeps its first three (spaCy's tokenizer strips punctuation one character
    at a time, quadratic in the run: 20 kB of '!' took minutes).
    """
    core = _core()
    if core is not None and not core.untokenisable(text):  # nearly every block: no regex search
        return text
    return _UNTOKENISABLE.sub(_blank, text)


def _upper_case_contractions(nlp) -> None:
    """Split "CANNOT", "DON'T", "WON’T" as spaCy splits their lower-case forms.

    Headings and lead-ins are often in capitals ("Ketamine CANNOT:"); without
    this they stay single tokens and negation patterns miss them.
    """
    from spacy.symbols import NORM, ORTH

    rules = nlp.tokenizer.rules
    for key, pieces in list(rules.items()):
        # Only negations matter for matching: "CANNOT", "DON'T", "WON’T".
        if not (key == "cannot" or key.endswith(("n't", "n’t", "nt"))) or not key.islower():
            continue
        for variant in (key.upper(), key[:1].upper() + key[1:]):
            if variant in rules or variant == key:
                continue
            upper = variant.isupper()
            new, pos = [], 0
            for piece in pieces:
                orth = piece[ORTH]
                text = variant[pos:pos + len(orth)]
                new.append({ORTH: text, NORM: piece.get(NORM, orth.lower())})
                pos += len(orth)
            if "".join(p[ORTH] for p in new) == variant and (upper or len(new) > 1):
                nlp.tokenizer.add_special_case(variant, new)


def _import_spacy():
    """Import spaCy without its command-line interface.

    `import spacy` imports `spacy.cli` (typer, weasel), about 0.2-0.3 s that a
    linter never uses. A stand-in `spacy.cli.info` is put in place for the
    import and removed afterwards, so anything that later imports spacy.cli
    gets the real one. If anything goes wrong, spaCy is imported normally.
    """
    import sys
    import types

    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    stubs = {"spacy.cli": types.ModuleType("spacy.cli"), "spacy.cli.info": types.ModuleType("spacy.cli.info")}
    stubs["spacy.cli"].__path__ = []
    stubs["spacy.cli.info"].info = lambda *args, **kwargs: None
    sys.modules.update(stubs)
    try:
        import spacy
    except Exception:
        for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
            del sys.modules[name]
        stubs = {}
        import spacy
    finally:
        for name in stubs:
            if sys.modules.get(name) is stubs[name]:
                del sys.modules[name]
    return spacy


@lru_cache(maxsize=1)
def pipeline():
    """The shared blank-English pipeline (built once per process)."""
    from claimlint.gcpause import paused

    with paused():  # importing spaCy and building its tokenizer make many long-lived objects
        return _build_pipeline()


def _build_pipeline():
    spacy = _import_spacy()
    from spacy.language import Language

    if not Language.has_factory("claimlint_sentences"):
        Language.component("claimlint_sentences")(_split_sentences)
    nlp = spacy.blank("en")
    _upper_case_contractions(nlp)
    nlp.add_pipe("claimlint_sentences")
    nlp.max_length = 50_000_000
    return nlp


@lru_cache(maxsize=1)
def light_pipeline():
    """The pipeline's tokens and sentences without spaCy (claimlint.tokenizer, claimlint.tokendoc):
    token for token what `pipeline()` gives, for a small fraction of its start-up cost."""
    from claimlint.tokendoc import Pipeline

    return Pipeline()


def norm(token) -> str:
    """The matching key of a token: lower-case, contractions expanded, curly quotes straightened."""
    return token.norm_.replace("’", "'").replace("‘", "'")


# Lower-case words joined by single spaces or by single hyphens between letters: spaCy
# splits such hyphens off as infixes, and the hyphen token is dropped below.
_PLAIN_HYPHENATED = __import__("re").compile(r"[a-z]+(?:[ -][a-z]+)*")


@lru_cache(maxsize=1)
def _special_cases() -> frozenset[str]:
    from claimlint.sentence_tables import SPECIALS

    return frozenset(SPECIALS)  # the pipeline tokenizer's special cases (its `rules`)


@lru_cache(maxsize=1 << 13)  # bounded: a 300,000-term lexicon's 1.3 million variants must not all stay
def _tokenize_cached(text: str) -> tuple[str, ...]:
    if _PLAIN_HYPHENATED.fullmatch(text):
        words = text.replace("-", " ").split(" ")
        special = _special_cases()
        if special.isdisjoint(words) and ("-" not in text or special.isdisjoint(text.split(" "))):
            return tuple(words)  # plain words without special cases split as spaCy would split them
    from claimlint.tokenizer import tokenize

    toks = tokenize(text)
    return tuple(n.replace("’", "'").replace("‘", "'") for t, n, space in zip(toks.texts, toks.norms, toks.is_space)
                 if not space and t not in ("-", "‐", "‑"))


def tokenize_phrase(text: str) -> list[str]:
    """Token keys of a phrase from a rule, split exactly as prose will be."""
    lower = text.lower()
    return list(_tokenize_cached(lower if _PLAIN_HYPHENATED.fullmatch(lower) else text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) character spans of the sentences of `text` as the pipeline splits them
    (`sent.start_char`, `sent.end_char` of `pipeline()(tokenisable(text)).sents`), found by
    regular expressions without loading spaCy (claimlint/sentences.py)."""
    from claimlint.sentences import sentence_spans as spans

    return spans(tokenisable(text))
