"""Findings: a judged hit reported at its exact source position, with its rewordings.

The reported words are the hit's marked part, if it has one; the rewordings
are the rule's templates filled with the captures, fitted to the words
around them (an article before, a redundant phrase after); the prose span
is mapped back to source offsets through the block's offset map. Overlapping
findings of one category are then reduced to the most severe and longest.
What every finding of one sentence shares (the sentence's text and its
normalised form, the block's token columns) is read once per sentence
(SentenceFacts), not once per finding; whether the sentence is in title case,
only for words that look like a title.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import NamedTuple

from claimlint.findings import Finding
from claimlint.ruleset.model import SEVERITY_RANK
from claimlint.suggestions import asks, case_of, fill_prepared, fit_all, is_title_case, prepared
from claimlint.tokendoc import columns


class SentenceFacts(NamedTuple):
    """What every finding of one sentence reads: the same for all of them."""

    texts: list  # the block's token texts and start offsets (tokendoc.columns)
    starts: list
    text: str  # the sentence's text
    sentence: str  # its text with runs of white space made one space, as findings report it
    asks: bool  # a yes/no question ("Can X cure Y? Yes."): rewordings drop their modal


def sentence_facts(doc, sent) -> SentenceFacts:
    """The facts build_finding reads of sentence `sent` (a Span of `doc`)."""
    texts, starts, _ = columns(doc)  # read directly, not through a Token object per offset
    text = sent.text
    return SentenceFacts(texts, starts, text, " ".join(text.split()), asks(text))


def build_finding(document, block, facts: SentenceFacts, index, hit, severity: str, reason: str | None,
                  contexts) -> Finding:
    """The finding for a hit that survived judging, at `severity`, with its contexts; `facts`:
    sentence_facts() of the hit's sentence."""
    rule, spec = hit.rule, hit.spec
    templates = (spec.suggestions if spec is not None and spec.suggestions else rule.suggestions)
    ready = prepared(tuple(templates))  # read once per list of templates, not per finding
    texts, starts = facts.texts, facts.starts
    source_text = block.text
    # One pass over the captures: the marked part to report and replace (the first `_mark`, as
    # Hit.mark), and the captured words, only when a template names them.
    mark = None
    captures: dict[str, str] = {}
    want = ready[0]
    for c in hit.captures:
        name = c.name
        if name[:1] == "_":
            if mark is None and name == "_mark":
                mark = c
        elif want and name not in captures:
            captures[name] = source_text[starts[c.start]: starts[c.end - 1] + len(texts[c.end - 1])]
            if c.entry and "text" in c.entry:
                captures[f"{name}.base"] = c.entry["text"]
    hs, he = (mark.start, mark.end) if mark is not None else (hit.start, hit.end)
    ca = starts[hs]
    cb = starts[he - 1] + len(texts[he - 1])
    prose = source_text[ca:cb]
    # The rewordings all replace `prose`: its case is read once (a word in lower case, as most
    # are: "first"). Whether the sentence is in title case matters only when the words look like
    # a title ("Can Treat"): only then is it read.
    if "a" <= prose[:1] <= "z":
        case = "first"
    else:
        case = case_of(prose, True)
        if case == "title" and not is_title_case(facts.text):
            case = case_of(prose, False)
    suggestions = fill_prepared(ready, prose, captures, case)
    before, after = source_text[max(0, ca - 16):ca], source_text[cb:cb + 40]  # the words around it
    back, suggestions, ahead = fit_all(before, after, suggestions, facts.asks)
    if back or ahead:
        if back and block.source_span(ca - back, ca)[1] <= block.source_span(ca, cb)[0]:
            ca -= back
        if ahead and block.source_span(ca, cb)[1] <= block.source_span(cb, cb + ahead)[0]:
            cb += ahead  # "... for some people for good": the rewording replaces the permanence claim too
    offsets, ends = block.offsets, block.ends  # block.source_span(ca, cb), inline
    a = offsets[ca]
    b = ends.get(cb - 1, offsets[cb - 1] + 1) if ends else offsets[cb - 1] + 1
    line, col, end_line, end_col = index.span(a, b)
    message = rule.message if reason is None else f"{rule.message} ({reason})"
    text = document.source[a:b]
    # Positional, in Finding's field order (a call with 18 keywords costs more than the rest of this line).
    return Finding(document.path, line, col, end_line, end_col, rule.id, rule.code, rule.category, severity, message,
                   text, suggestions, a, b, facts.sentence, rule.fix, sorted(contexts) if contexts else [],
                   text == source_text[ca:cb])


def word_paragraphs(document, findings: list[Finding]) -> None:
    """Word drafts: a finding's line is its paragraph; its line within it follows manual breaks."""
    for f in findings:
        f.paragraph = f.line
        breaks = document.paragraph_breaks[f.line - 1] if document.paragraph_breaks else []
        f.paragraph_line = bisect_right(breaks, f.column - 1) + 1


def dedupe_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per category for overlapping spans: the most severe, then the longest."""
    ordered = sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], -(f.end - f.start), f.start))
    kept: list[Finding] = []
    spans: dict[str, list[tuple[int, int]]] = {}  # per category: kept spans, sorted, never overlapping
    for f in ordered:
        taken = spans.setdefault(f.category, [])
        i = bisect_left(taken, (f.start, f.end))
        if (i < len(taken) and taken[i][0] < f.end) or (i > 0 and taken[i - 1][1] > f.start):
            continue
        insort(taken, (f.start, f.end))
        kept.append(f)
    return sorted(kept, key=lambda f: f.sort_key)
