"""Building a finding (judge/reporting.py) with its shortcuts gives what the plain steps give.

build_finding reads a rule's templates once (suggestions.prepared, fill_prepared), fits the
rewordings to the words around them in one call (suggestions.fit_all) and finds both ends'
lines with one search (LineIndex.span). Each is compared here with the steps it stands for
(fill_all; fit_surroundings, with_articles, with_modal and redundant_after; position twice)
on hypothesis-built input, and the whole of build_finding with the steps written out
(`reference_finding`, the code before the shortcuts) at every finding the linter builds on
the rules' examples and the test corpus's pages.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimlint.agreement import redundant_after
from claimlint.findings import Finding
from claimlint.positions import LineIndex
from claimlint.suggestions import (
    case_of, fill_all, fill_prepared, fit_all, fit_surroundings, is_title_case, prepared, with_articles, with_modal)

# Words the expressions around a finding look for, in several cases, and characters that
# test their edges: Unicode white space, curly apostrophes, letters that fold to ASCII
# under re.I (the Kelvin sign, the long s), punctuation and a line break.
_WORDS = ["a", "an", "A", "An", "AN", "the", "The", "may", "May", "MAY", "might", "can", "Can", "could", "will",
          "would", "not", "NOT", "don't", "don’t", "isn't", "to", "To", "just", "only", "simply", "SIMPLY",
          "help", "helps", "ease", "treat", "cures", "immune", "hour", "one", "use", "for good", "forever",
          "for the rest of your life", "permanently", "once and for all", "support", "supports", "Proven",
          "PROVEN", "FDA-approved", "Can Treat", "x", "K", "ſimply", "ſ", "é"]
_SEPARATORS = [" ", "  ", "\n", "\t", "\u00a0", "\u2009", ",", ", ", ".", "", "(", "’"]
_SPACES = [" ", "  ", "\n", "\t", "\u00a0", "\u2009", " \n"]
_piece = st.one_of(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS))
_text = st.lists(_piece, max_size=8).map("".join)
# Text before a finding often ends in a word and white space, the word after it often
# follows white space or a comma, and a rewording often begins with a modal: each is
# drawn that way half the time, so that every expression and its edges are reached.
_CUES = ["a", "an", "A", "An", "AN", "may", "MAY", "might", "can", "Can", "could", "will", "WILL", "would", "not",
         "don't", "don’t", "to", "To", "just", "only", "simply", "ſimply", "x"]
_before = st.one_of(_text, st.tuples(_text, st.sampled_from(_SEPARATORS), st.sampled_from(_CUES),
                                     st.sampled_from(_SPACES)).map("".join))
_after = st.one_of(_text, st.tuples(st.sampled_from(_SPACES + [",", ", ", " ,"]), st.sampled_from(_WORDS),
                                    _text).map("".join))
_rewording = st.one_of(_text, st.tuples(st.sampled_from(["may", "May", "MAY", "might", "can", "Could", "ſ", "K"]),
                                        st.sampled_from([" ", " ", "\u00a0", "", "x"]), _text).map("".join))


@settings(max_examples=2000, deadline=None)
@given(_before, _after, st.lists(_rewording, max_size=3), st.booleans())
def test_fit_all_is_the_four_steps(before, after, replacements, asked):
    expected = fit_surroundings(before, after, replacements, asked)
    near = before[-8:]
    back, expected = with_articles(near, expected, after)
    back = back or with_modal(near, expected)
    assert fit_all(before, after, replacements, asked) == (back, expected, redundant_after(after, expected))


_template = st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS),
                               st.sampled_from(["{match}", "{condition}", "{condition.base}", "{product}",
                                                "{unknown}", "{"])), max_size=6).map("".join)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_template, min_size=1, max_size=3), _text, st.dictionaries(
    st.sampled_from(["condition", "condition.base", "product"]), _text, max_size=3), st.booleans())
def test_fill_prepared_is_fill_all(templates, match, captures, title):
    case = case_of(match, title)
    ready = prepared(tuple(templates))
    assert fill_prepared(ready, match, captures, case) == fill_all(templates, match, captures, title, case)
    if not ready[0]:  # no template names a capture: the captures are not read
        assert fill_prepared(ready, match, {}, case) == fill_all(templates, match, captures, title, case)


@given(st.text(alphabet="abcA ,.-’\u00e9", min_size=1))
def test_a_lower_case_ascii_start_is_first_case(prose):
    if "a" <= prose[:1] <= "z":
        assert case_of(prose, True) == "first"


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["ab", "c", "\n", "\r\n", "\r", "é", ""]), max_size=12).map("".join), st.data())
def test_line_index_span_is_two_positions(text, data):
    index = LineIndex(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert index.span(a, b) == index.position(a) + index.position(b)


def reference_finding(document, block, facts, index, hit, severity, reason, contexts) -> Finding:
    """build_finding as it was before its shortcuts, step by step: the reference."""
    rule, spec = hit.rule, hit.spec
    hs, he = hit.mark or (hit.start, hit.end)
    texts, starts = facts.texts, facts.starts
    ca = starts[hs]
    cb = starts[he - 1] + len(texts[he - 1])
    prose = block.text[ca:cb]
    captures: dict[str, str] = {}
    for c in hit.captures:
        if c.name not in captures and not c.name.startswith("_"):
            captures[c.name] = block.text[starts[c.start]: starts[c.end - 1] + len(texts[c.end - 1])]
            if c.entry and "text" in c.entry:
                captures[f"{c.name}.base"] = c.entry["text"]
    templates = (spec.suggestions if spec is not None and spec.suggestions else rule.suggestions)
    title = True
    case = case_of(prose, title)
    if case == "title" and not is_title_case(facts.text):
        title = False
        case = case_of(prose, title)
    suggestions = fill_all(templates, prose, captures, title, case)
    before, after = block.text[max(0, ca - 16):ca], block.text[cb:cb + 40]
    suggestions = fit_surroundings(before, after, suggestions, facts.asks)
    near = before[-8:]
    back, suggestions = with_articles(near, suggestions, after)
    back = back or with_modal(near, suggestions)
    if back and block.source_span(ca - back, ca)[1] <= block.source_span(ca, cb)[0]:
        ca -= back
    ahead = redundant_after(after, suggestions)
    if ahead and block.source_span(ca, cb)[1] <= block.source_span(cb, cb + ahead)[0]:
        cb += ahead
    a, b = block.source_span(ca, cb)
    line, col = index.position(a)
    end_line, end_col = index.position(b)
    message = rule.message if reason is None else f"{rule.message} ({reason})"
    text = document.source[a:b]
    return Finding(document.path, line, col, end_line, end_col, rule.id, rule.code, rule.category, severity, message,
                   text, suggestions, a, b, facts.sentence, rule.fix, sorted(contexts) if contexts else [],
                   text == block.text[ca:cb])


def test_build_finding_is_the_reference_while_linting(monkeypatch):
    """At every finding of the rules' own examples and the test corpus's pages."""
    from claimlint.documents import parse
    from claimlint.engine import Linter
    from claimlint.judge import reporting
    from claimlint.ruleset.loader import load_ruleset

    built = reporting.build_finding
    compared = []

    def both(*args):
        finding = built(*args)
        assert finding == reference_finding(*args)
        compared.append(finding)
        return finding

    monkeypatch.setattr(reporting, "build_finding", both)
    ruleset = load_ruleset()
    linter = Linter(ruleset)
    for text in [ex.text for rule in ruleset.rules for ex in rule.flag_examples]:
        linter.lint(parse("<example>", text, "text"), dedupe=False)
    for page in sorted((Path(__file__).parent / "corpus" / "pages").glob("*.md")):
        linter.lint(parse(str(page), page.read_text(encoding="utf-8"), "markdown"), dedupe=False)
    assert len(compared) > 1000
    assert sum(bool(f.suggestions) for f in compared) > 500
    assert any(f.text != f.sentence[:len(f.text)] for f in compared)
