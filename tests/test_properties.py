"""Property fuzzers: positions on whole source characters, LF and CRLF giving the same
findings, and `--fix` reaching a fixed point that a second run leaves alone.

The suite runs a bounded number of examples; set CLAIMLINT_FUZZ_EXAMPLES (e.g. 10000) for a
long run. Every failing example hypothesis finds is shrunk to a minimal one.
"""
from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claimlint import fixing
from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.positions import LineIndex
from claimlint.ruleset import load_ruleset

EXAMPLES = int(os.environ.get("CLAIMLINT_FUZZ_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_linter = None


def linter() -> Linter:
    global _linter
    if _linter is None:
        _linter = Linter(load_ruleset())
    return _linter


CLAIMS = ["cures insomnia", "Our tea cures gout.", "clinically proven", "100% safe", "65.8&#37; of users",
          "85% of users agree.", "65.8\\% of patients", "no side effects", "Studies show it works.", "a rapid effect",
          "instant relief", "guaranteed results", "It works every time.", "the best clinic", "FDA-approved for PTSD",
          "ketamine", "completely safe", "stayed sober", "heals", "your gut"]
MARKUP = ["**", "*", "_", "`", "```\n", "[", "](http://x.y)", "<b>", "</b>", "<p>", "</p>", "<!-- c -->", "&amp;",
          "&nbsp;", "&#37;", "&percnt;", "\\", "\\|", "- ", "# ", "> ", "| a | b |\n|---|---|\n| ", " | ", "[^1]",
          "[^1]: x\n", "---\n", "title: ", "🌿", "\t", " ", ":", ".", "?", "!", "{x}", "import y\n", "\x07", "a"]
LF = ["\n", "\n\n"]
PIECES = CLAIMS + MARKUP + LF
FORMATS = ["markdown", "html", "text", "mdx"]

documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30).map("".join)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _entities(source: str, fmt: str) -> list[tuple[int, int]]:
    """The spans of real character references, as the format reads them: in Markdown only
    `&name;` with a known name and `&#n;` (CommonMark); in HTML also a numeric reference
    without its `;` and the legacy names (`&amp`, `&copy`) that HTML5 reads without one, even
    as the start of a longer word. `&cures` is text in both: a claim may start after its `&`."""
    from html.entities import html5

    out = []
    for m in _ENTITY.finditer(source):
        body = m.group()[1:]
        if body.startswith("#"):
            if body.endswith(";") or fmt == "html":
                out.append(m.span())
        elif body.endswith(";") and body in html5:
            out.append(m.span())
        elif fmt == "html":
            name = body.rstrip(";")
            legacy = next((k for k in range(len(name), 0, -1) if name[:k] in html5), 0)
            if legacy:
                out.append((m.start(), m.start() + 1 + legacy))
    return out


def _inside(pos: int, spans) -> bool:
    return any(a < pos < b for a, b in spans)


def test_the_fuzzers_entity_spans_follow_the_formats():
    text = "a &amp; b &#37 c &copyright &cures d&amp;e"
    assert [text[a:b] for a, b in _entities(text, "markdown")] == ["&amp;", "&amp;"]
    assert [text[a:b] for a, b in _entities(text, "html")] == ["&amp;", "&#37", "&copy", "&amp;"]


@SETTINGS
@example("cures insomnia```\n&cures insomnia", "markdown")  # found by a 10,000-example run: `&cures` is text
@given(documents, st.sampled_from(FORMATS))
def test_positions_hold_on_whole_source_characters(source, fmt):
    doc = parse("fuzz", source, fmt)
    index = LineIndex(source)
    entities = _entities(source, fmt) if fmt in ("html", "markdown", "mdx") else []
    for f in linter().lint(doc):
        assert 0 <= f.start < f.end <= len(source)
        assert source[f.start:f.end] == f.text
        assert index.offset(f.line, f.column) == f.start and index.offset(f.end_line, f.end_column) == f.end
        assert not _inside(f.start, entities) and not _inside(f.end, entities), (f.text, source)
        if fmt in ("markdown", "mdx"):
            assert not (f.text.endswith("\\") and source[f.end:f.end + 1] and not source[f.end].isalnum()), f.text


def _key(f):
    return (f.rule, f.line, f.column, f.end_line, f.text.replace("\r\n", "\n"))


@SETTINGS
@given(documents.map(lambda s: s.replace("\r", "")), st.sampled_from(FORMATS))
def test_lf_and_crlf_give_the_same_findings(source, fmt):
    lf = sorted(map(_key, linter().lint(parse("fuzz", source, fmt))))
    crlf = sorted(map(_key, linter().lint(parse("fuzz", source.replace("\n", "\r\n"), fmt))))
    assert lf == crlf


@SETTINGS
@given(st.lists(st.sampled_from(CLAIMS + MARKUP + LF + [" ", " ", ". "]), max_size=25).map("".join),
       st.sampled_from(["markdown", "text", "html"]))
def test_fix_reaches_a_fixed_point(source, fmt):
    lint = linter()
    findings = lint.lint(parse("f", source, fmt))
    fixed, _ = fixing.converge(lint, "f", fmt, source, findings, unsafe=True)
    again = fixing.plan(fixed, lint.lint(parse("f", fixed, fmt)), unsafe=True)
    assert fixing.apply(fixed, again) == fixed, (source, fixed, [(e.finding.text, e.replacement) for e in again])


_unfiltered = None


def unfiltered() -> Linter:
    """The same rules with the prefilter switched off: every block and sentence is matched."""
    global _unfiltered
    if _unfiltered is None:
        _unfiltered = Linter(load_ruleset())
        _unfiltered.prefilter.always = True
    return _unfiltered


def _example_sentences() -> list[str]:
    ruleset = load_ruleset()
    out = [ex.text for r in ruleset.rules for ex in r.flag_examples] + [t for r in ruleset.rules for t in r.pass_examples]
    return sorted(set(out))


# Words that look like the words patterns need without being them (inflections, stopwords, numbers).
NEAR_MISSES = ["I", "is", "second", "next", "free", "cure", "cured", "curing", "prove", "studies", "research", "show",
               "shows", "safe", "100", "nine", "%", "percent", "never", "not", "may", "FDA", "approved", "clinic",
               "wont", "cant", "dont", "isnt", "gonna", "Wont"]  # respellings the tokenizer splits into other words
prose = st.lists(st.one_of(st.sampled_from(_example_sentences()), st.sampled_from(NEAR_MISSES + LF + [" ", ". ", ", "])),
                 min_size=1, max_size=12).map(" ".join)


_python_gated = None


def python_gated() -> Linter:
    """The same rules with the block prefilter asked in Python only (its word bag and strict
    groups, as on a small page), never by the compiled gate (the bag alone)."""
    global _python_gated
    if _python_gated is None:
        _python_gated = Linter(load_ruleset())
        _python_gated.prefilter.compile_after = float("inf")
    return _python_gated


@SETTINGS
@given(prose, st.sampled_from(FORMATS), st.booleans())
def test_the_prefilter_never_changes_findings(source, fmt, in_python):
    """Skipping blocks and sentences that cannot match is only a saving: the findings are
    those of matching everything, whether the block gate is the compiled one or Python's."""
    doc = parse("p", source, fmt)
    lint = python_gated() if in_python else linter()
    filtered = [f.to_cache() for f in lint.lint(parse("p", source, fmt))]
    assert filtered == [f.to_cache() for f in unfiltered().lint(doc)]


@SETTINGS
@given(st.lists(st.sampled_from(["http", "https", "://", ":/", "www", "WwW", ".", "@", "a", "b.c", "-", "+", "_", " ",
                                 "x1", "(", ")", ",", "é", "\n", "ftp", "mail", "org"]), max_size=20))
@example(["mail", "@", "b.c"])
@example(["WwW", ".", "b.c"])
@example(["https", "://", "b.c"])
def test_a_text_the_url_test_passes_over_holds_no_url(parts):
    """mask_urls searches only text that could_hold_url: it never passes over a URL or address."""
    from claimlint.documents.urls import URL, could_hold_url

    text = "".join(parts)
    if URL.search(text):
        assert could_hold_url(text), text
