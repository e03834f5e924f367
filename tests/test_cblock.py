"""A block's sentences and token view in the compiled core (claimlint/patterns/_cblock.c)
answer as their Python references.

Each compiled step keeps its Python as the reference and the fallback: the sentence rule over
a block's tokens (sentences.token_sentence_starts, and the regular-expression splitter
tokendoc.sentence_token_starts_py that gives the same starts from the text), a token view's
columns (judge/sentences._view_of_tokens_py) and each sentence's words for the requirement
gates (requirements.text_words_py of the sentence's tokens joined by " "). They are compared
on hypothesis-built text of sentence-ending punctuation, quotes, abbreviations, curly
apostrophes, dashes, numbers and Unicode, and on every block of the test corpus's pages.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimlint import sentences
from claimlint.documents import parse
from claimlint.judge.sentences import _view_of_tokens, _view_of_tokens_py, token_view
from claimlint.nlp import _UNTOKENISABLE, tokenisable
from claimlint.patterns.native import load_core
from claimlint.patterns.requirements import _NUMBER_WORDS, text_words_py
from claimlint.tokendoc import Pipeline, TokenDoc, sentence_token_starts, sentence_token_starts_py
from claimlint.tokenizer import tokenize

CORE = load_core()
needs_core = pytest.mark.skipif(CORE is None, reason="the compiled core is not built here")
EXAMPLES = int(os.environ.get("CLAIMLINT_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 300,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WORDS = ["it", "works", "The", "FDA", "U.S.", "e.g.", "i.e.", "et", "al", "al.", "Al.", "AL", "Dr.", "DR.", "mg", "3",
         "2.5", "No.", "Fig.", "(2019)", "[1]", "cures", "Studies", "Safe", "www.x.com", "Ph.D.", "Mass.", "vs.", "a.m.",
         "“Great", "‘ok", "don’t", "it’s", "‘", "’", "50%", "don't", "CANNOT", "•", "*", "-", "–", "—", "--", "Maria",
         "Éclair", "élan", "İstanbul", "ǅx.", "ſix", "Straße", "ﬁve", "٣", "Ⅻ", "six", "Twenty", "half", "x_y", "A.",
         "É.", "ÉTÉ.", "st.", "jan.", "sept."]
ENDS = [".", "!", "?", "...", "…", "?!", "!!", ".\"", ".”", ".'", ".’", ".)", ".]", "!)", "?\"", ".»", ". -", "\" -",
        ".\" -", "", ""]
GAPS = [" ", " ", "  ", "\n", "\n\n", " \n", "\t", "\u00a0", "\u2003", ""]
PIECES = WORDS + ENDS + GAPS + list(".!?…\"'“”‘’()[]«»-–—•*:;,/%$°0123456789") + ["Then", "then"]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)

CORPUS = Path(__file__).parent / "corpus"


def corpus_blocks() -> list[str]:
    out = []
    for path in sorted(CORPUS.rglob("*.md")) + sorted(CORPUS.rglob("*.txt")):
        doc = parse(str(path), path.read_text(encoding="utf-8"), "markdown" if path.suffix == ".md" else "text")
        out.extend(b.text for b in doc.blocks)
    return out


def token_doc(text: str) -> TokenDoc:
    return TokenDoc(tokenize(tokenisable(text)), [])


def assert_starts_alike(text: str) -> None:
    doc = token_doc(text)
    want = [i for i, s in enumerate(sentences.token_sentence_starts(doc)) if s]  # the token rule in Python
    assert sentence_token_starts_py(doc) == want  # the regex splitter, found among the tokens
    got = CORE.token_sentence_starts(doc.tokens.texts, doc.tokens.spaces, doc.tokens.is_space, sentences.TABLES)
    assert got == want, (text, got, want)
    assert sentence_token_starts(doc) == want


def assert_views_alike(text: str) -> None:
    toks = token_doc(text).tokens
    want, got = _view_of_tokens_py(toks, None), _view_of_tokens(toks, None)
    for column in ("norms", "texts", "nums", "transparent", "barrier"):
        assert getattr(got, column) == getattr(want, column), (text, column)
        assert all(type(a) is type(b) for a, b in zip(getattr(got, column), getattr(want, column)))
    assert (got.norms is toks.norms) == (want.norms is toks.norms)  # no copy without a curly apostrophe


def assert_words_alike(text: str) -> None:
    doc = Pipeline()(tokenisable(text))
    texts = doc.tokens.texts
    got = CORE.sentence_words(texts, doc.sent_starts, _NUMBER_WORDS)
    spans = [(span.start, span.end) for span in doc.sents]
    for key in spans:
        joined = " ".join(texts[key[0]:key[1]])
        if key not in got:
            assert not joined.isascii()
        else:
            assert joined.isascii() and got[key] == text_words_py(joined), (text, joined)
            assert type(got[key][1]) is bool
    assert set(got) <= set(spans)
    view = token_view(doc, None)  # what the gates read: each sentence, and any other range of tokens
    n = len(texts)
    for s, e in spans + [(0, n), (n // 2, n), (0, n // 2), (1, max(1, n - 1))]:
        assert view.words(s, e) == text_words_py(" ".join(texts[s:e])), (text, s, e)


HAND_WRITTEN = [
    "", " ", "x", "x.", " x. Y", "It works. It is safe.", "Smith et al. (2019) found it. Then", "Smith et AL. (2019) x",
    "Smith et Al.(2019) x", "See Fig.3 here. And", "Dr. Smith. Then", "\"It changed my life.\" - Maria", "x.' - y",
    "It’s “great.” Then don’t.", "Wait… Then", "ÉTÉ. Then", "É. Then", "Straße. Then", "It. 1. First", "It. ٣ then",
    "It. Ⅻ then", "50 mg. Then 6 ml. Now", "Six. Twenty? Half!", "word.Then word", "a\u2003. B", "x_y. Z_q",
]


@needs_core
@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_hand_written_cases_alike(text):
    assert_starts_alike(text)
    assert_views_alike(text)
    assert_words_alike(text)


@needs_core
@SETTINGS
@given(TEXTS)
def test_sentence_starts_alike_on_generated_text(text):
    assert_starts_alike(text)


@needs_core
@SETTINGS
@given(st.text(alphabet=st.sampled_from(list(".!?… \n\"'”’)](«»-–—Aa1.%/:éÉ")), max_size=40))
def test_sentence_starts_alike_on_punctuation_runs(text):
    assert_starts_alike(text)


@needs_core
@SETTINGS
@given(TEXTS)
def test_view_columns_alike_on_generated_text(text):
    assert_views_alike(text)


@needs_core
@SETTINGS
@given(TEXTS)
def test_sentence_words_alike_on_generated_text(text):
    assert_words_alike(text)


def assert_untokenisable_alike(text: str) -> None:
    assert CORE.untokenisable(text) == (_UNTOKENISABLE.search(text) is not None), repr(text)


PUNCTUATION_RUNS = st.text(alphabet=st.sampled_from(list("!?.*#=-_~|/\\<>()[]{}“”’•…—– \n\t\x00\x07\x0b\x1c\x1f\x7f"
                                                         "\x85\x9f\xa0\u2003aZ9_é٣Ⅻ😀🎉")), max_size=30)


@needs_core
@SETTINGS
@given(st.one_of(PUNCTUATION_RUNS, TEXTS, st.text(max_size=30)))
def test_untokenisable_agrees_with_the_regex(text):
    assert_untokenisable_alike(text)


@needs_core
@pytest.mark.parametrize("text", ["", "plain words.", "!!!!!!!", "!!!!!!!!", "a!!!!!!!!b", "_______", "________",
                                  "stop\x07here", "tab\there", "\x1c", "\x85", "😀😀😀😀😀😀😀😀", "—————— ——",
                                  "٣٣٣٣٣٣٣٣", "é!!!!!!!", "!!!!\u2003!!!!"])
def test_untokenisable_hand_written_cases(text):
    assert_untokenisable_alike(text)
    assert tokenisable(text) == _UNTOKENISABLE.sub(lambda m: " " if len(m.group()) == 1 else m.group()[:3]
                                                   + " " * (len(m.group()) - 3), text)


@needs_core
def test_alike_on_the_corpus_pages():
    blocks = corpus_blocks()
    assert len(blocks) > 100
    for text in blocks:
        assert_starts_alike(text)
        assert_views_alike(text)
        assert_words_alike(text)
        assert_untokenisable_alike(text)


@needs_core
def test_bad_arguments_are_errors_not_crashes():
    with pytest.raises(TypeError):
        CORE.token_sentence_starts(["a"], [False], [False], ())
    with pytest.raises(ValueError):
        CORE.token_sentence_starts(["a"], [], [False], sentences.TABLES)
    with pytest.raises(TypeError):
        CORE.token_sentence_starts([1], [False], [False], sentences.TABLES)
    with pytest.raises(ValueError):
        CORE.view_columns(["a"], ["a", "b"], [False], set(), set())
    with pytest.raises(ValueError):
        CORE.sentence_words(["a"], [0, 3], frozenset())
    with pytest.raises(TypeError):
        CORE.sentence_words(["a", 2], [0], frozenset())
    with pytest.raises(TypeError):
        CORE.untokenisable(b"bytes")
