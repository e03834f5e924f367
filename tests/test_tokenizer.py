"""claimlint.tokenizer against spaCy: every token the same (text, offset, trailing space,
norm, like_num, is_space), and the light pipeline's sentences the same as spaCy's.

The reference is the pipeline claimlint used to lint with (nlp.pipeline(): spacy.blank("en")
with its upper-case contractions). Cases: hand-written edge cases, generated pages,
and hypothesis-built text from special cases, punctuation, URLs, numbers, whitespace
and arbitrary characters (CLAIMLINT_FUZZ_EXAMPLES=10000 for a long run). The stored
tables must match the installed spaCy, and linting must never import spaCy.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assert_generated_tables_current

from claimlint import sentence_tables
from claimlint.nlp import light_pipeline, pipeline, tokenisable
from claimlint.tokenizer import like_num, tokenize

EXAMPLES = int(os.environ.get("CLAIMLINT_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 300,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def spacy_tokens(text: str) -> list[tuple]:
    return [(t.text, t.idx, t.whitespace_ == " ", t.norm_, t.like_num, t.is_space) for t in pipeline().tokenizer(text)]


def our_tokens(text: str) -> list[tuple]:
    t = tokenize(text)
    return list(zip(t.texts, t.starts, t.spaces, t.norms, t.nums, t.is_space))


def assert_same(text: str) -> None:
    want, got = spacy_tokens(text), our_tokens(text)
    if want != got:
        first = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        pytest.fail(f"{text!r}: token {first}: spaCy {want[first:first + 3]} ours {got[first:first + 3]}")
    # The light pipeline's sentences are the spaCy pipeline's (the same rule on the same tokens).
    ours = [(s.start, s.end, s.start_char, s.end_char, s.text) for s in light_pipeline()(text).sents]
    theirs = [(s.start, s.end, s.start_char, s.end_char, s.text) for s in pipeline()(text).sents] if text else []
    assert ours == theirs, text


HAND_WRITTEN = [
    "", " ", "  ", "\n", "\t", "\u00a0", " x", "x ", "x  ", "x \n y", "  x  y  ", "a\u00a0b", "a \u00a0 b",
    "Our tea cures gout.", "It's 100% safe!", "Don't. Can't. Won't. CANNOT. DON'T. Dont. Won’t", "'s ’s 'S",
    "e.g. i.e. Dr. U.S. a.m. p.m. vs. etc. Mass. (e.g.)", "\"e.g.\" 'Dr.' ((a.m.))", "''hello'' ``quoted''",
    "http://example.com/a?b=c. www.example.org, mail@example.com;", "(https://x.y/z)", "1,000 2.5 -5 ±3 1/2 10th 3rd",
    "one Two THREE first Second", "5mg 10ml 50% $5 £3 US$10 €4 10°C 3km", "co-op anti-aging a—b x/y 1-2 a--b",
    ":) :( <3 o.O :-) (*_*)", "word...then …now ....four", "«Guillemets» „low“ ‘single’", "x\x00y", "emoji😀 😀x",
    "A.B.C. J. R. R. Tolkien", "Ph.D. Ph.D.. v.s.", "'em 'bout 'cause y'all ma'am", "gonna gotta wanna lemme",
    "I'm I’m i'm IM Im", "it'll It'll IT'LL", "won't've shouldn't've", "can't've", "Calif. Mich. N.Y.",
    # Special cases whose tokens meet across a single space (not rejoined) beside ones inside a run.
    "it' 's ' 'em '' 'S", "end. _. ._. x._.y", "( -: (-: ( *_* ) 8 ) 8) 8-D", "10 a.m 10a.m. 10a.m",
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_hand_written_edge_cases(text):
    assert_same(text)


def _benchmark_page(seed: int) -> str:
    """A page of the benchmark's generated health copy (benchmarks/corpus.py)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus.py"
    spec = importlib.util.spec_from_file_location("benchmark_corpus", path)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    rng = random.Random(seed)
    return corpus.page(rng, 5_000, claim_share=rng.random())


@pytest.mark.parametrize("seed", range(12))
def test_generated_pages(seed):
    from test_sentences import generated_page

    for text in (_benchmark_page(seed), generated_page(seed)):
        assert_same(text)
        for block in text.split("\n\n"):
            assert_same(tokenisable(block))


PIECES = list(sentence_tables.SPECIALS) + list(".!?…\"'“”‘’()[]{}«»-–—•*:;,/%$°#@&+=<>|\\^~`´0123456789") + [
    " ", "  ", "\n", "\t", "\u00a0", " \n ", "http://x.com/a?b=c", "www.ex.org", "a@b.com", "3.5", "1,000", "10th",
    "-5", "±3", "1/2", "one", "First", "word", "Word", "WORD", "é", "ß", "İ", "5mg", "10%", "$5", "US$", "'em", "--"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=30),
       st.sampled_from(["", " ", "  ", "\n"]))
def test_property_same_as_spacy(parts, sep):
    assert_same(sep.join(parts))


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list(".,!?'\"()-–—/:;%$°… \n\u00a0aAzZ019")), max_size=30))
def test_property_punctuation_runs(text):
    assert_same(text)


@pytest.mark.parametrize("text", ["5", "+5", "-5.5", "1,000", "1/2", "1/2/3", "a/2", "ten", "Tenth", "21st", "2nd",
                                  "st", "", "-", "±", "~7", "٣", "²", "½", "first", "zero"])
def test_like_num_is_english_like_num(text):
    from spacy.lang.en.lex_attrs import like_num as spacy_like_num

    assert like_num(text) == spacy_like_num(text)


def test_char_span_is_spacys():
    text = "Our  tea cures gout. It is 100% safe.\n\nReally"
    ours, theirs = light_pipeline()(text), pipeline()(text)
    for a in range(len(text) + 1):
        for b in range(a + 1, len(text) + 1):
            got, want = ours.char_span(a, b, alignment_mode="expand"), theirs.char_span(a, b, alignment_mode="expand")
            assert (None if got is None else (got.start, got.end, got.text)) == \
                (None if want is None else (want.start, want.end, want.text)), (a, b)


def test_tables_match_the_installed_spacy():
    """token_tables.py is generated from spaCy: when spaCy changes, regenerate it
    (python scripts/gen_token_tables.py)."""
    assert_generated_tables_current("gen_token_tables", "claimlint.token_tables")


def test_linting_a_page_with_claims_never_imports_spacy(tmp_path):
    """Through the command line: findings are reported, and neither spaCy nor numpy was loaded."""
    page = tmp_path / "page.md"
    page.write_text("# Our clinic\n\nOur tea cures gout and is 100% safe. It resets your brain.\n", encoding="utf-8")
    code = ("import sys, runpy\n"
            "sys.argv = ['claimlint', 'check', '--no-cache', sys.argv[1]]\n"
            "from claimlint.cli import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
            "print('LOADED', sorted(m for m in ('spacy', 'thinc', 'numpy') if m in sys.modules), code)\n")
    env = {**os.environ, "CLAIMLINT_CACHE_DIR": str(tmp_path / "cache")}
    for run in ("compiling the rules", "with the rules cached"):
        out = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True, text=True, env=env).stdout
        assert "cure-claim" in out and "absolute-safety" in out and "resets" in out, run
        assert "'spacy'" not in out.split("LOADED")[1], (run, out)
    # Once the rules are compiled, what rewording agreement asks was asked then: no lemminflect, no numpy.
    assert "LOADED [] 1" in out, out


def _columns(toks) -> tuple:
    return toks.starts, toks.texts, toks.norms, toks.nums, toks.is_space, toks.spaces


def assert_loops_agree(text: str) -> None:
    """The compiled core's tokenize_runs gives the Python loop's tokens, column for column."""
    from claimlint import tokenizer

    core = tokenizer._core()
    if core is None:
        pytest.skip("the compiled core is not built")
    compiled = tokenizer.tokenize(text)
    loader = tokenizer._core
    tokenizer._core = lambda: None  # the Python loop
    try:
        python = tokenizer.tokenize(text)
    finally:
        tokenizer._core = loader
    assert _columns(compiled) == _columns(python), text


@pytest.mark.parametrize("text", HAND_WRITTEN + ["a\u2003b\u2029c\u3000 d\u0085e\x1cf \x1f g", " \u00a0 lead", "tail\u00a0 "])
def test_the_compiled_loop_gives_the_python_loops_tokens(text):
    assert_loops_agree(text)
    assert_loops_agree(tokenisable(text))


@pytest.mark.parametrize("seed", range(4))
def test_the_compiled_loop_on_generated_pages(seed):
    from test_sentences import generated_page

    for text in (_benchmark_page(seed), generated_page(seed)):
        assert_loops_agree(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(PIECES + ["\u2003", "\u3000", "\x1c", "\u0085", "\u2028", " \u00a0"]),
                          st.text(max_size=3)), max_size=30),
       st.sampled_from(["", " ", "  ", "\n", "\u2003"]))
def test_property_the_compiled_loop_is_the_python_loop(parts, sep):
    assert_loops_agree(sep.join(parts))
