"""The compiled matcher core (claimlint/patterns/_cmatch.c) gives what the Python nodes give.

The Python nodes (matcher.py) and gate (PatternIndex.possible_py) are the
reference: the same matches, ends, captures and lexicon entries, and the same
possible patterns, on hypothesis-built patterns and token views, and on every
pattern index the linter consults while it lints the shipped rules' examples
and sentences written here. The fallback (CLAIMLINT_MATCHER, a missing
extension) is checked in subprocesses.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from contextlib import contextmanager
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.nlp import tokenize_phrase
from claimlint.patterns import matcher
from claimlint.patterns.index import PatternIndex
from claimlint.patterns.lexicons import LexiconData, LexiconSet
from claimlint.patterns.matcher import CompiledPattern
from claimlint.patterns.requirements import NUMBER, Requirement
from claimlint.patterns.syntax import PatternError, parse_pattern
from claimlint.patterns.tokens import TRANSPARENT, TokenView
from claimlint.ruleset import load_ruleset

needs_core = pytest.mark.skipif(matcher._CORE is None, reason="the compiled matcher is not built here")


def test_the_core_is_built_where_it_must_be():
    """CI builds the extension from a clean clone: it must not silently fall back to Python."""
    if not (os.environ.get("CI") or os.environ.get("CLAIMLINT_MATCHER") == "c"):
        pytest.skip("only checked in CI or with CLAIMLINT_MATCHER=c")
    assert os.environ.get("CLAIMLINT_MATCHER") != "py"
    assert matcher._CORE is not None


# ---- generated patterns on generated token views --------------------------------------------

LEXICON = LexiconData("cond", [("back pain", {"grade": 1}), ("pain", {"grade": 2}), ("back", {}),
                               ("joint pain relief", {"grade": 3}), ("pain", {"grade": 4}), ("gout", {})],
                      inflect="none")
LEXICONS = LexiconSet({"cond": LEXICON}, tokenize_phrase)
VOCAB = ["cure", "cures", "cured", "pain", "back", "joint", "relief", "gout", "side", "effects", "-", ",", ".",
         "no", "fast", "12", "nine", "our", "tea", "safe", "completely", "heal", "heals"]
NUMBERS = {"12", "nine"}

WORDS = st.sampled_from(["cure", "=cured", "heal/s", "cure|heal", "pain", "side-effects", "safe", "fast", "back",
                         "no", "our|tea", "completely"])


def _atoms(inner):
    return st.one_of(
        WORDS, st.just("@cond"), st.just("#num"), st.just("*"),
        st.tuples(st.integers(0, 3), st.integers(0, 3)).map(lambda t: "{%d,%d}" % (min(t), max(t))),
        st.lists(inner, min_size=1, max_size=3).map(lambda alts: "(" + " | ".join(alts) + ")"),
        inner.map(lambda s: "[" + s + "]"),
    )


def _seq(inner):
    item = st.tuples(_atoms(inner), st.booleans()).map(lambda t: t[0] + ("?" if t[1] else ""))
    return st.lists(item, min_size=1, max_size=4).map(" ".join)


PATTERNS = st.recursive(st.lists(WORDS, min_size=1, max_size=3).map(" ".join), _seq, max_leaves=10)


def view_of(norms: list[str]) -> TokenView:
    return TokenView(norms=list(norms), nums=[n in NUMBERS for n in norms],
                     transparent=[n in TRANSPARENT for n in norms], lexicons=LEXICONS)


def compiled(source: str) -> CompiledPattern:
    try:
        tree = parse_pattern(source)
    except PatternError:
        assume(False)
    return CompiledPattern(source, tokenize_phrase, LEXICONS, tree)


@needs_core
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(source=PATTERNS, norms=st.lists(st.sampled_from(VOCAB), max_size=14), cut=st.integers(0, 14))
def test_generated_patterns_match_alike(source, norms, cut):
    pattern = compiled(source)
    program = pattern.program()
    view = view_of(norms)
    view.limit = min(cut, len(norms)) if cut % 3 == 0 else len(norms)  # find() narrows the limit to a sentence
    for i in range(len(norms) + 1):
        assert program.match_at(view, i) == pattern.match_at_py(view, i), (source, norms, i, view.limit)


TRICKY = [  # the corners: empty marks, optional runs, phrases cut by the limit, hyphens, barriers
    "[cure?] pain", "[no? cure?] {0,2} pain?", "back [@cond?]", "(cure | cure pain | @cond) relief?",
    "@cond relief", "heal/s {0,3} @cond #num?", "side-effects no?", "[*] {1,2} gout", "(back | back pain) [pain?]",
    "cure {0,0} pain", "our? tea? [completely safe]", "(@cond | pain) (pain | @cond)?", "#num {0,1} [#num]",
]
TRICKY_VIEWS = [
    ["cure", "pain"], ["pain"], ["cures", "back", "-", "pain", "relief"], ["joint", "pain", "relief", "12"],
    ["heals", ",", "back", "pain", "nine"], ["side", "-", "effects", "no"], ["back", "pain", "pain", "gout"],
    ["our", "tea", "completely", "safe", "."], ["12", "-", "nine", "12"], ["-", "cure", "-"],
]


@needs_core
@pytest.mark.parametrize("source", TRICKY)
def test_tricky_patterns_match_alike_at_every_start_and_limit(source):
    pattern = CompiledPattern(source, tokenize_phrase, LEXICONS)
    program = pattern.program()
    for norms in TRICKY_VIEWS:
        view = view_of(norms)
        for limit in range(len(norms) + 1):
            view.limit = limit
            for i in range(len(norms) + 1):
                assert program.match_at(view, i) == pattern.match_at_py(view, i), (norms, limit, i)


@needs_core
def test_an_index_finds_alike_with_shared_patterns_and_several_starts():
    """Two keys sharing a pattern each get its hit; a pattern reached by its word, as a number and as a
    lexicon start is tried once per token: the compiled loop keeps Python's list and its order."""
    shared = CompiledPattern("cure {0,2} @cond", tokenize_phrase, LEXICONS)
    sources = ["(cure|#num) pain?", "@cond relief", "(back|@cond) pain", "(#num|nine) {0,1} #num", "[heal/s] gout?"]
    index = PatternIndex([("a", shared), ("b", shared)]
                         + [(s, CompiledPattern(s, tokenize_phrase, LEXICONS)) for s in sources])
    found = 0
    for norms in TRICKY_VIEWS + [["cure", "the", "back", "pain", "relief", "12", "nine", "12", "pain"]]:
        view = view_of(norms)
        for start in range(len(norms)):
            for end in range(start + 1, len(norms) + 1):
                got = index.find(view, start, end)
                assert view.limit == len(norms)  # restored
                with python_core():
                    assert got == index.find_py(view, start, end), (norms, start, end)
                found += len(got)
    assert found > 100


@needs_core
def test_captures_carry_the_lexicon_entries_themselves():
    pattern = compiled("[(cure|heal/s) {0,2} @cond] #num?")
    view = view_of(["cures", "my", "-", "back", "pain", "12"])
    got = pattern.program().match_at(view, 0)
    assert got == pattern.match_at_py(view, 0)
    end, caps = got
    assert end == 6
    assert [(c.name, c.start, c.end) for c in caps] == [("_gap", 1, 2), ("cond", 3, 5), ("_mark", 0, 5), ("number", 5, 6)]
    assert caps[1].entry is view.lexicon_at("cond", None, 3)[0][1]  # the lexicon's own entry, not a copy
    assert all(type(c) is matcher.Capture for c in caps)


@needs_core
def test_the_first_path_wins_each_end():
    """Two alternatives reach the same end: the first one's captures are kept, in both cores."""
    pattern = compiled("(@cond | back {0,1}) relief")
    view = view_of(["back", "pain", "relief"])
    got = pattern.program().match_at(view, 0)
    assert got == pattern.match_at_py(view, 0)
    assert [c.name for c in got[1]] == ["cond"]


# ---- every pattern index the linter consults, on the shipped rules' examples -----------------

@contextmanager
def python_core():
    """Match and gate in Python for the duration (the reference)."""
    saved = CompiledPattern.match_at, PatternIndex.possible, PatternIndex.find
    CompiledPattern.match_at, PatternIndex.possible, PatternIndex.find = (
        CompiledPattern.match_at_py, PatternIndex.possible_py, PatternIndex.find_py)
    try:
        yield
    finally:
        CompiledPattern.match_at, PatternIndex.possible, PatternIndex.find = saved


class Checked:
    """Wraps PatternIndex.find: each call is answered by the compiled core and checked against Python."""

    def __init__(self) -> None:
        self.calls = self.matches = 0
        self.find = PatternIndex.find

    def __call__(self, index, view, start, end, possible=None):
        got = self.find(index, view, start, end, possible)
        gate = index.possible(view, start, end)
        assert possible is None or possible == gate  # a gate the caller asked first is the same one
        with python_core():
            want = index.find_py(view, start, end)
            assert gate == index.possible(view, start, end)
        assert got == want
        for m, w in zip(got, want):
            assert m.key is w.key and [c.entry for c in m.captures] == [c.entry for c in w.captures]
        self.calls += 1
        self.matches += len(got)
        return got


OWN_SENTENCES = [
    "Our herbal tea cures insomnia and is completely safe, with zero side effects.",
    "Clinically proven: 87% of our clients stayed sober after one year.",
    "Studies show the infusion relieves back-pain almost immediately, in nine of ten patients.",
    "It is not true that this supplement reverses type 2 diabetes; results vary.",
    "Doctors recommend ditching your prescriptions: medication only masks the symptoms.",
    "The best clinic in town, FDA-approved for anxiety, guaranteed results or your money back!",
    "While it may help some people with eczema, research is limited and more studies are needed.",
    "Twice as many users felt better within hours — far safer than sleeping pills.",
]


@needs_core
def test_every_index_matches_alike_on_the_rules_examples(monkeypatch):
    ruleset = load_ruleset()
    texts = [ex.text for rule in ruleset.rules for ex in rule.flag_examples]
    texts += [t for rule in ruleset.rules for t in rule.pass_examples] + OWN_SENTENCES
    checked = Checked()
    monkeypatch.setattr(PatternIndex, "find", lambda index, view, start, end, possible=None:
                        checked(index, view, start, end, possible))
    linter = Linter(ruleset)
    for text in texts:
        linter.lint(parse("<example>", text, "text"), dedupe=False)
    assert checked.calls > len(texts) and checked.matches > len(texts)  # both cores were really asked


# ---- where lexicon phrases start ---------------------------------------------------------------

@needs_core
@settings(max_examples=300, deadline=None, derandomize=True)
@given(norms=st.lists(st.sampled_from(VOCAB), max_size=14), form=st.sampled_from([None, "s"]))
def test_lexicon_phrases_start_alike_in_both_cores(norms, form):
    """LexiconSet.index (the compiled phrase_starts) gives index_py's starts, ends, entries and order,
    with phrases matched across hyphens and cut at the view's end."""
    for tokens in [norms, *TRICKY_VIEWS]:
        view = view_of(tokens)
        got = LEXICONS.index(view, "cond", form)
        want = LEXICONS.index_py(view, "cond", form)
        assert got == want, tokens
        assert list(got) == list(want) and all(a[1] is b[1] for i in got for a, b in zip(got[i], want[i]))


# ---- the requirement gate on generated tables ----------------------------------------------

GATE_KEYS = ["cure", "pain", "safe", "the", "a_b", "x1", "%", "+", NUMBER]
GATE_TEXT = ["cure", "Cure", "pain", "the", "a_b", "x1", "%", "+", "9", "safe", "xa_b", "curex"]


def _requirement(keys_and_form):
    """A requirement of these keys, its keys a sorted tuple (as a pack's small requirements
    are) or a set (as a large one's, which inverted_max below decides to compare, not list)."""
    keys, as_set = keys_and_form
    return Requirement._split(frozenset(keys)) if as_set else Requirement._small(frozenset(keys))


_keys = st.lists(st.sampled_from(GATE_KEYS), min_size=1, max_size=4)
_alternatives = st.tuples(st.integers(0, 6), st.lists(st.tuples(_keys, st.booleans()).map(_requirement), max_size=3))
_filed = st.lists(_alternatives, max_size=4)


class _Words:
    """A token view stub: possible_py reads only words()."""

    def __init__(self, text: str) -> None:
        from claimlint.patterns.requirements import text_words

        self.answer = text_words(text)

    def words(self, start, end):
        return self.answer


def _answers_as_python(gate, index, texts) -> None:
    """The compiled gate gives possible_py's set (and any() its truth) on each text, twice over."""
    for text in texts * 2:
        view = _Words(text)
        want = index.possible_py(view, 0, 0)
        assert gate.possible(*view.answer) == want, text
        assert gate.any(*view.answer) == bool(want)


@needs_core
@settings(max_examples=300, deadline=None, derandomize=True)
@given(ungated=st.frozensets(st.integers(0, 6), max_size=2),
       words=st.dictionaries(st.sampled_from(["cure", "pain", "safe", "the", "a_b", "x1"]), _filed, max_size=5),
       number=_filed, symbols=st.dictionaries(st.sampled_from(["%", "+", "xa"]), _filed, max_size=2),
       sets=st.lists(st.tuples(st.tuples(st.lists(st.sampled_from(GATE_KEYS), min_size=1, max_size=6), st.just(True))
                               .map(_requirement), _filed),
                     max_size=3),
       inverted_max=st.sampled_from([0, 2, 4096]),
       texts=st.lists(st.lists(st.sampled_from(GATE_TEXT), max_size=6).map(" ".join), min_size=1, max_size=4))
def test_the_compiled_gate_gives_the_python_gates_patterns_on_generated_tables(
        ungated, words, number, symbols, sets, inverted_max, texts):
    """Requirements shared between alternatives, listed under their keys or (past inverted_max)
    compared with the words, numbers, symbols and large key sets: possible() and any() agree
    with PatternIndex.possible_py, call after call on the same gate."""
    index = PatternIndex([])
    index.ungated, index.gate_words, index.gate_number, index.gate_symbols = set(ungated), words, number, symbols
    index.gate_sets = {i: entry for i, entry in enumerate(sets)}
    gate = matcher._CORE.Gate(frozenset(ungated), words, number, symbols, list(index.gate_sets.values()),
                              inverted_max=inverted_max)
    _answers_as_python(gate, index, texts)


_pool = st.lists(_alternatives, min_size=1, max_size=6)
_filing = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2)), max_size=4)


@needs_core
@settings(max_examples=300, deadline=None, derandomize=True)
@given(pool=_pool, words=st.dictionaries(st.sampled_from(["cure", "pain", "safe", "the", "a_b", "x1"]), _filing,
                                         max_size=5),
       number=_filing, symbols=st.dictionaries(st.sampled_from(["%", "+", "xa"]), _filing, max_size=2),
       same_n=st.booleans(), inverted_max=st.sampled_from([0, 2, 4096]),
       texts=st.lists(st.lists(st.sampled_from(GATE_TEXT), max_size=6).map(" ".join), min_size=1, max_size=4))
def test_the_compiled_gate_answers_alike_on_tables_that_share_their_objects(
        pool, words, number, symbols, same_n, inverted_max, texts):
    """As a pack's tables are: one alternative object filed under several keys (PatternIndex), or
    new (n, requirements) tuples around one shared requirements list (the prefilter's, every n
    0; or another pattern's n around the same list), and requirement objects shared between
    alternatives. The build numbers each object once; possible() still agrees with possible_py."""
    if same_n:
        pool = [(0, reqs) for _, reqs in pool]

    def filed(choices):
        out = []
        for i, how in choices:
            n, reqs = pool[i % len(pool)]
            out.append(pool[i % len(pool)] if how == 0 else (n, reqs) if how == 1 else ((n + 1) % 7, reqs))
        return out

    words = {k: filed(v) for k, v in words.items()}
    number, symbols = filed(number), {k: filed(v) for k, v in symbols.items()}
    index = PatternIndex([])
    index.ungated, index.gate_words, index.gate_number, index.gate_symbols = set(), words, number, symbols
    gate = matcher._CORE.Gate(frozenset(), words, number, symbols, [], inverted_max=inverted_max)
    _answers_as_python(gate, index, texts)


@needs_core
@settings(max_examples=300, deadline=None, derandomize=True)
@given(ungated=st.frozensets(st.integers(0, 6), max_size=2),
       words=st.dictionaries(st.sampled_from(["cure", "pain", "safe", "the", "a_b", "x1", "zürich"]), _filed,
                             max_size=5),
       number=_filed, symbols=st.dictionaries(st.sampled_from(["%", "+", "xa", "—"]), _filed, max_size=2),
       sets=st.lists(st.tuples(st.tuples(st.lists(st.sampled_from(GATE_KEYS), min_size=1, max_size=6), st.just(True))
                               .map(_requirement), _filed),
                     max_size=3),
       texts=st.lists(st.lists(st.sampled_from(GATE_TEXT + ["zürich", "—"]), max_size=6).map(" ".join),
                      min_size=1, max_size=4))
def test_a_gate_read_back_from_its_bytes_answers_as_the_python_gate(ungated, words, number, symbols, sets, texts):
    """gate_loads(gate_dumps(gate)) (what an unpickled PatternIndex uses from its first sentence)
    gives possible_py's set, call after call, and dumps to the same bytes again."""
    index = PatternIndex([])
    index.ungated, index.gate_words, index.gate_number, index.gate_symbols = set(ungated), words, number, symbols
    index.gate_sets = {i: entry for i, entry in enumerate(sets)}
    blob = matcher._CORE.gate_dumps(index._build_gate())
    assert isinstance(blob, bytes)
    gate = matcher._CORE.gate_loads(blob, frozenset(ungated))
    assert matcher._CORE.gate_dumps(gate) == blob
    _answers_as_python(gate, index, texts)


@needs_core
def test_gate_bytes_that_do_not_check_out_are_refused_and_the_tables_decide():
    """Bytes cut short, of another format version or with a list pointing past its end are a
    ValueError, never a gate; an index whose pickled bytes are refused builds its gate from its
    tables and answers the same. A gate holding a lazily compared requirement is not dumped."""
    index = PatternIndex([("k", compiled("cure {0,2} @cond")), ("j", compiled("safe and natural"))])
    blob = matcher._CORE.gate_dumps(index._build_gate())
    head = list(memoryview(blob)[:60].cast("I"))
    for bad in (blob[:-1], blob[:20], b"", blob[:4] + (head[1] + 1).to_bytes(4, "little") + blob[8:]):
        with pytest.raises(ValueError):
            matcher._CORE.gate_loads(bad, frozenset())
    # a slot's alternative number past the alternatives: the first list entry after the counts
    nslots = head[3] + head[4]
    at = 60 + 8 * nslots
    if head[10]:
        broken = blob[:at] + (head[6] + 5).to_bytes(4, "little") + blob[at + 4:]
        with pytest.raises(ValueError):
            matcher._CORE.gate_loads(broken, frozenset())
    view = view_of(["cure", "the", "gout", "today"])
    want = index.find_py(view, 0, 4)
    index.dump_from = 0
    copy = pickle.loads(pickle.dumps(index))
    assert copy._blob
    copy._blob = blob[:-1]
    assert copy.find(view, 0, 4) == want and want
    assert copy._blob is None and copy._gate is None  # refused: Python gates until compile_after
    copy.compile_after = 0
    assert copy.find(view, 0, 4) == want and copy._gate  # then built from the tables
    large = Requirement._split(frozenset(f"w{i}" for i in range(10)))
    lazy = matcher._CORE.Gate(frozenset(), {}, [], {}, [(large, [(0, [large])])], inverted_max=2)
    assert matcher._CORE.gate_dumps(lazy) is None


@needs_core
def test_an_unpickled_index_reads_its_pickled_gate_after_a_few_hundred_tokens(monkeypatch):
    """The shipped rules' main index pickles its gate as bytes: a copy gates its first tokens
    in Python, then reads the compiled gate back (never building it from the tables), long
    before compile_after; either way it gives possible_py's sets and the Python loop's matches."""
    linter = Linter(load_ruleset())
    copy = pickle.loads(pickle.dumps(linter.compiled.main))
    assert copy._blob and copy._gate is None
    monkeypatch.setattr(matcher._CORE, "Gate", None)  # building from the tables would fail
    threshold = copy.entries // copy.read_share
    assert 0 < threshold < copy.compile_after
    gated = []
    for sentence in OWN_SENTENCES * (threshold // 50 + 2):
        doc = next(iter(linter.compiled.nlp.pipe([sentence])))
        view = linter.token_view(doc)
        got = copy.possible(view, 0, len(doc))
        gated.append(bool(copy._gate))
        assert bool(copy._gate) == (copy._gated > threshold)
        assert got == copy.possible_py(view, 0, len(doc)), sentence
        assert copy.find(view, 0, len(doc)) == copy.find_py(view, 0, len(doc))
    assert not gated[0] and gated[-1]


# ---- the block prefilter's compiled gate -----------------------------------------------------

PREFILTER_WORDS = ["cure", "cures", "cured", "proven", "clinically", "safe", "side", "effects", "zero", "best",
                   "guaranteed", "results", "studies", "show", "instant", "relief", "nine", "twice", "87", "%",
                   "don't", "can't", "FDA-approved", "insomnia", "anxiety", "the", "a", "of", "is", "parking",
                   "recommend", "doctors", "money", "back", "ſix", "ONE", "Zürich", "—", "."]


@lru_cache(maxsize=1)
def shipped_prefilter():
    """The shipped rules' block prefilter, with its compiled gate built."""
    prefilter = Linter(load_ruleset()).prefilter
    prefilter._gate = prefilter._build_gate()
    return prefilter


@needs_core
@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PREFILTER_WORDS + OWN_SENTENCES), min_size=1, max_size=14).map(" ".join))
def test_the_prefilters_compiled_gate_answers_as_its_python_one(text):
    """Prefilter.could_match asks the compiled gate; its Python loops are the reference."""
    from claimlint.patterns.requirements import text_words

    prefilter = shipped_prefilter()
    words, has_number, _ = text_words(text)
    assert bool(prefilter._gate.possible(words, has_number, text)) == prefilter._keys_met(words, has_number, text, bag_only=True)


def test_the_prefilter_gates_in_python_without_the_core(monkeypatch):
    """Without the compiled core the prefilter answers by its Python loops, and alike."""
    linter = Linter(load_ruleset())
    texts = OWN_SENTENCES + ["Parking is behind the building.", "Open nine to five.", "We're open on Sunday."]
    want = [linter.prefilter.could_match(t) for t in texts]
    assert any(want) and not all(want)
    monkeypatch.setattr(matcher, "_CORE", None)
    linter.prefilter._gate = None
    linter.prefilter.compile_after = 0  # asks for the compiled gate at once: there is none
    assert [linter.prefilter.could_match(t) for t in texts] == want
    assert linter.prefilter._gate is False


@needs_core
def test_a_small_text_is_gated_in_python_and_a_large_one_by_the_compiled_gate():
    """Building the compiled gates costs more than gating a few kilobytes in Python: the block
    prefilter and an index build theirs only once enough text has gone through, and answer
    the same before and after."""
    linter = Linter(load_ruleset())
    prefilter = linter.prefilter
    texts = OWN_SENTENCES + ["Parking is behind the building.", "Open nine to five."]
    first = [prefilter.could_match(t) for t in texts]
    assert prefilter._gate is None and any(first) and not all(first)
    prefilter.compile_after = sum(map(len, texts))
    second = [prefilter.could_match(t) for t in texts]
    assert prefilter._gate and second == first

    index = PatternIndex([("k", compiled("cure {0,2} @cond"))])
    view = view_of(["cure", "the", "gout", "today"])
    small = index.find(view, 0, 4)
    assert small and index._gate is None
    index.compile_after = 3
    assert index.find(view, 0, 4) == small and index._gate


# ---- pickling and the fallback -----------------------------------------------------------------

@needs_core
def test_programs_are_rebuilt_after_unpickling_not_pickled():
    pattern = compiled("cure {0,2} @cond")
    index = PatternIndex([("k", pattern)])
    index.compile_after = 0  # the compiled gate at once
    view = view_of(["cure", "the", "gout"])
    first = index.find(view, 0, 3)
    assert pattern._program and index._gate
    copy = pickle.loads(pickle.dumps(index))
    assert "_gate" not in copy.__dict__
    assert all("_program" not in p.__dict__ for _, p, _ in copy.by_word["cure"])
    assert copy.find(view, 0, 3) == first and first


def _probe(env: dict, block_extension: bool) -> subprocess.CompletedProcess:
    code = ("import sys\n"
            + ("sys.modules['claimlint.patterns._cmatch'] = None\n" if block_extension else "")
            + "from claimlint.patterns import matcher\n"
            "from claimlint.engine import Linter\nfrom claimlint.ruleset import load_ruleset\n"
            "from claimlint.documents import parse\n"
            "found = Linter(load_ruleset()).lint(parse('t', 'Our tea cures insomnia.', 'text'))\n"
            "print(matcher._CORE is not None, sorted(f.rule for f in found))\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "CLAIMLINT_NO_CACHE": "1", **env})


@pytest.mark.parametrize("env,block,core,note", [
    ({"CLAIMLINT_MATCHER": "py"}, False, "False", False),
    ({"CLAIMLINT_MATCHER": "", "CLAIMLINT_DEBUG": ""}, True, "False", False),
    ({"CLAIMLINT_MATCHER": "", "CLAIMLINT_DEBUG": "1"}, True, "False", True),
])
def test_python_matches_when_asked_or_when_the_extension_is_missing(env, block, core, note):
    proc = _probe(env, block)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split(None, 1) == [core, "['cure-claim']\n"]
    assert ("compiled matcher not available" in proc.stderr) == note
    assert proc.stderr.count("compiled matcher") <= 1


def test_a_required_core_that_is_missing_is_an_error():
    proc = _probe({"CLAIMLINT_MATCHER": "c"}, True)
    assert proc.returncode != 0 and "CLAIMLINT_MATCHER=c" in proc.stderr


def test_an_unpickled_pattern_opens_its_nodes_only_when_it_is_tried():
    """The compiled-rules cache holds each pattern's node tree packed: loading the rules opens
    none, the index's first try of a pattern opens that one only, and matches are unchanged."""
    sources = ["cure {0,2} @cond", "@cond relief", "(back|@cond) pain", "[heal/s] gout?"]
    index = PatternIndex([(s, CompiledPattern(s, tokenize_phrase, LEXICONS)) for s in sources])
    view = view_of(["cure", "the", "back", "pain"])
    with python_core():
        expected = index.find_py(view, 0, 4)
    loaded = pickle.loads(pickle.dumps(index))
    patterns = {id(p): p for es in loaded.by_word.values() for _, p, _ in es}
    patterns.update({id(p): p for es in loaded.by_lexicon.values() for _, p, _ in es})
    assert patterns and all("node" not in vars(p) for p in patterns.values())
    assert loaded.find(view, 0, 4) == expected
    opened = {p.source for p in patterns.values() if "node" in vars(p)}
    assert opened and "[heal/s] gout?" not in opened  # never tried: its word is not in the sentence
    again = pickle.loads(pickle.dumps(loaded))  # a pattern opened or not pickles the same way
    assert again.find(view, 0, 4) == expected


_WORDISH = st.text(alphabet=st.sampled_from(list("aZz09_ -.,'’\n\tIİıſéΣς")), max_size=40)


@needs_core
@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.one_of(_WORDISH, st.sampled_from(["one", "Two", "NINETY", "Twice", "half", "ninety-nine", "3rd", "ſix", "x_y", "x1"])), max_size=8))
def test_the_compiled_words_of_a_text_are_pythons(parts):
    """requirements.text_words (the compiled core's ascii_words for an ASCII text) gives what
    text_words_py gives: the words, whether the text holds a number, the text."""
    from claimlint.patterns import requirements

    text = " ".join(parts)
    assert requirements.text_words(text) == requirements.text_words_py(text)
    found = matcher._CORE.ascii_words(text)
    assert (found is None) == (not text.isascii())


LITERALS = ["dr", "doctor", "prof", "%", "x ", "more", "“", "ss", "k", "é"]


@needs_core
@given(text=st.text(alphabet="drocktx %mé“ßKSs\u212a", max_size=30),
       needs=st.lists(st.lists(st.sampled_from(LITERALS), min_size=1, max_size=4).map(tuple), max_size=4).map(tuple))
def test_a_regexs_required_literals_are_decided_alike_in_both_cores(text, needs):
    from claimlint.ruleset.regex import lacks_group_py

    folded = text.casefold()
    assert matcher._CORE.lacks_group(folded, needs) == lacks_group_py(folded, needs)


def test_a_regex_is_searched_only_where_its_literals_occur_in_either_core(monkeypatch):
    from claimlint.ruleset import regex

    rx = regex.compile_user_regex(r"\b(?:Dr|Doctor)\.?\s+[A-Z]\w+ (?:says|recommends)")
    assert ("recommends", "says") in rx.needs  # one of the groups of literals a match must hold
    for loaded in (regex._core, lambda: None):
        monkeypatch.setattr(regex, "_core", loaded)
        assert rx.search("Dr Smith recommends rest") is not None
        assert rx.search("Doctor Who says hello") is not None
        assert rx._cannot("Dr Smith agrees") and rx.search("Dr Smith agrees") is None
        assert rx._cannot("Mrs Smith says hello") and not rx._cannot("DOCTOR X SAYS so")
