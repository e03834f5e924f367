"""The regex sentence splitter (claimlint.sentences) against the spaCy-token splitter.

`sentence_spans(text)` must give exactly the (start_char, end_char) of the sentences that
the spaCy pipeline gives: on hand-written edge cases, on generated pages, and on whatever
hypothesis builds from sentence-ending punctuation, quotes, brackets, dashes, numbers,
abbreviations and whitespace. The stored tokenizer tables must match the installed spaCy.
"""
from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assert_generated_tables_current

from claimlint import sentences
from claimlint.nlp import pipeline, sentence_spans, token_sentence_starts, tokenisable

EXAMPLES = int(os.environ.get("CLAIMLINT_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 300,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def spacy_spans(text: str) -> list[tuple[int, int]]:
    """The reference: spaCy's tokens, split by the token rule (nlp.token_sentence_starts)."""
    import numpy
    from spacy.attrs import SENT_START

    doc = pipeline().tokenizer(tokenisable(text))
    if not len(doc):
        return []
    ref = numpy.array([1 if s else -1 for s in token_sentence_starts(doc)], dtype="int64").astype("uint64")
    return [(s.start_char, s.end_char) for s in doc.from_array([SENT_START], ref).sents]


def pipeline_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in pipeline()(tokenisable(text)).sents]


def assert_same(text: str) -> None:
    want = spacy_spans(text)
    got = sentence_spans(text)
    assert got == want, (text, [text[a:b] for a, b in want], [text[a:b] for a, b in got])
    assert pipeline_spans(text) == want  # the pipeline's own sentences, from the regex splitter


HAND_WRITTEN = [
    "", " ", "  ", "\n", "x", "x.", "x. ", "x.  ", " x. Y", "  x. Y ", "A.  B", "A.\nB", "A. \n B", "A.\tB", "A.\u00a0B",
    "It works. It is safe.", "Is it safe? Yes! Really...", "Wow!!! Great?! Sure?? Maybe!?",
    "Smith et al. (2019) found it. Then it was tested.", "Smith et al. 2019 found it.", "et al . (2019) x",
    "See e.g. This one. And i.e. That one.", "E.g. This. I.e. That.", "Dr. Smith said so. Mr. Jones agreed.",
    "The U.S. FDA approved it. The U.K. did not.", "The FDA. Then the EMA.", "Use 5 mg. Then 10 ml. Then more.",
    "Fig. 3 shows it. See Figs. 4 and 5.", "No. 5 is best. No. It is not.", "It is 3. Then 4.", "Take 2.5 mg. Done.",
    "He said \"it cured me.\" Then he left.", "He said \"it cured me\". Then he left.", "end. \"Next one\"",
    "end.\n\"Next one\"", "'Single.' Then.", "“Curly.” Then. ‘Single.’ Then.", "(Bracket.) Then. [Square.] Then.",
    "«Guillemets.» Then.", "\"It changed my life.\" - Maria", "\"It changed my life.\" – Maria",
    "\"It changed my life.\" — Maria", "It changed my life. - Maria", "\"Great.\" -- Maria", "word.Then word",
    "said.\"Next", "www.example.com. Then", "Visit https://example.com/a.b?c=d. Then", "50%. Then", "a.m. Then p.m. Now",
    "It. (Smith 2019)", "It. [1] Then", "It. • Bullet", "It. * Star", "It. - Dash", "It. 1. First", "Mass. Then",
    "word/Mass. Then", "I live in Calif. Then", "Wait… Then", "Wait…Then", "Wait...Then", "Wait... then", "Wait....Then",
    "A. B. C. D.", "J. R. R. Tolkien wrote. It.", "Ph.D. Then", "Ph.D.. Then", "v.s. Then", "vs. Then", "etc. Then",
    "It cures!\" she said. Then", "It cures?) Then", "It cures.) Then", "It cures.)] Then", "It cures.”’ Then",
    "Don't. Can't. Won't. CANNOT. DON'T.", "Really?!\n\nYes.", ":) Then. :( Now. Ok.:) Then", "x.) - y", "x.' - y",
    "Q. What? A. This.", "1) First. 2) Second.", "It is 10°C. Then", "Price: $5. Then", "It works . Then . And",
    "\"Quote.\"\"Next.\"", "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!! Then", "end.\x07Next", "a" * 50 + ". B",
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_hand_written_edge_cases(text):
    assert_same(text)


WORDS = ["it", "works", "The", "FDA", "U.S.", "e.g.", "i.e.", "et", "al.", "Dr.", "Mr.", "mg", "3", "2.5", "No.",
         "Fig.", "(2019)", "[1]", "cures", "Studies", "show", "safe", "www.x.com", "Ph.D.", "Mass.", "vs.", "a.m.",
         "“Great", "‘ok", "50%", "don't", "CANNOT", "•", "*", "-", "–", "—", "--", "Maria", "et al."]
ENDS = [".", "!", "?", "...", "…", "?!", "!!", ".\"", ".”", ".'", ".’", ".)", ".]", "!)", "?\"", ".»", ". -", "\" -",
        ".\" -", "", "", ""]
GAPS = [" ", " ", " ", "  ", "\n", "\n\n", " \n", "\t", "\u00a0", ""]


def generated_page(seed: int, sentences_: int = 200) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(sentences_):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 8))]
        if rng.random() < 0.5:
            words[0] = words[0].capitalize()
        out.append(" ".join(words) + rng.choice(ENDS) + rng.choice(GAPS))
    return "".join(out)


@pytest.mark.parametrize("seed", range(20))
def test_generated_pages(seed):
    assert_same(generated_page(seed))


PIECES = (WORDS + ENDS + GAPS + list(".!?…\"'“”‘’()[]«»-–—•*:;,/%$°0123456789") + ["al", "et", "A", "b", "Then", "then"])


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join))
def test_property_same_as_spacy(text):
    assert_same(text)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list(".!?… \n\"'”’)](«»-–—Aa1.%/:")), max_size=40))
def test_property_punctuation_runs(text):
    assert_same(text)


def test_tables_match_the_installed_spacy():
    """sentence_tables.py is generated from spaCy: when spaCy changes, regenerate it
    (python scripts/gen_sentence_tables.py)."""
    assert_generated_tables_current("gen_sentence_tables", "claimlint.sentence_tables")


def test_the_splitter_never_imports_spacy():
    import subprocess
    import sys

    code = ("import sys; from claimlint.nlp import sentence_spans; "
            "print(sentence_spans('It works. Dr. Smith said so!')); print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[(0, 9), (10, 28)]"
    assert out[1] == "False"


def test_linear_on_long_chunks():
    """A long run without spaces or with many enders is split in one pass (no quadratic search)."""
    text = "a" * 200_000 + ". B" + " x." * 50_000
    spans = sentence_spans(text)
    assert spans[0] == (0, 200_001) and len(spans) == 2
    assert sentences.sentence_starts("x" * 100_000) == []
