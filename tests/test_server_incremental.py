"""The server's per-block cache gives exactly what linting the whole page gives.

Pages are built from claims, hard negatives, list lead-ins, footnotes,
links, tables and repeated paragraphs; a run of edits (insert, delete,
change one word, move a paragraph) goes through one cache, and after every
edit the cached result must equal a fresh `Linter.lint` of the page.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.ruleset import load_ruleset
from claimlint.server.incremental import BlockCache

PARTS = [
    "Our tea cures gout.",
    "There is no cure for gout.",
    "In 2021, 65.8% of patients stayed sober.",
    "In 2021, 65.8% of patients stayed sober.[^1]",
    "[^1]: Smith J, et al. Addiction. 2021;116(3):1-9.",
    "Studies show our drips work within hours.",
    "It is [completely safe](https://example.com/safety), with zero side effects.",
    "It CANNOT:\n\n- cure anxiety\n- replace your medication",
    "## The best clinic in town",
    "| Drip | Claim |\n|---|---|\n| NAD+ 🧪 | reverses ageing |",
    "Our ketamine infusions cure addiction and are completely safe.",
    "Keep taking your prescribed medicine.",
    "> \"It gave me my life back\" — Maria",
    "Ünïcödé 🧪 text with no claim at all.",
    # context that reaches a block from elsewhere on the page
    "Watch out for these claims:",
    "## Red flags to watch out for",
    "## Abstract",
    "Results: 65.8% of patients improved within hours.",
    "Methods: we enrolled 120 adults.",
]
WORDS = ["cures", "proven", "safe", "guaranteed", "instantly", "may help", "the best", "\U0001d4aa"]


@pytest.fixture(scope="module")
def linter():
    lin = Linter(load_ruleset())
    _ = lin.compiled
    return lin


def _view(findings):
    return [(f.to_json(), f.start, f.end, f.contexts, f.plain) for f in findings]


edits = st.lists(st.tuples(st.sampled_from(["insert", "delete", "word", "move", "dup"]),
                           st.integers(0, 30), st.sampled_from(PARTS), st.sampled_from(WORDS)), max_size=6)


@pytest.mark.parametrize("fmt", ["markdown", "mdx", "html", "text"])
def test_cached_lint_equals_a_fresh_lint_after_every_edit(linter, fmt):
    cache = BlockCache(linter)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(PARTS), min_size=1, max_size=10), edits)
    def check(parts, steps):
        parts = list(parts)
        for op, at, part, word in [("none", 0, "", "")] + steps:
            i = at % (len(parts) + 1)
            if op == "insert":
                parts.insert(i, part)
            elif op == "delete" and parts:
                parts.pop(i % len(parts))
            elif op == "word" and parts:
                p = parts[i % len(parts)]
                cut = at % (len(p) + 1)
                parts[i % len(parts)] = p[:cut] + f" {word} " + p[cut:]
            elif op == "move" and parts:
                parts.append(parts.pop(i % len(parts)))
            elif op == "dup" and parts:
                parts.insert(i, parts[i % len(parts)])
            text = "\n\n".join(parts) + "\n"
            if fmt == "html":
                text = "".join(f"<p>{p}</p>\n" for p in parts)
            document = parse("page", text, fmt)
            cached = cache.lint(document, fresh_copy=lambda: parse("page", text, fmt))
            assert _view(cached) == _view(linter.lint(parse("page", text, fmt)))

    check()
    assert cache.entries  # the cache was used


@pytest.mark.parametrize("before, after", [
    # a footnote definition added elsewhere cites the unchanged block's statistic
    ("In 2021, 65.8% of patients stayed sober.[^1]\n", "In 2021, 65.8% of patients stayed sober.[^1]\n\n[^1]: Smith J. Addiction. 2021.\n"),
    # the list lead-in changes while the list item stays the same
    ("It CANNOT:\n\n- cure anxiety\n", "It can:\n\n- cure anxiety\n"),
    ("It can:\n\n- cure anxiety\n", "It CANNOT:\n\n- cure anxiety\n"),
    # the same paragraph moves down: same findings, new positions
    ("Our tea cures gout.\n", "Intro 🧪 line.\n\nOur tea cures gout.\n"),
    # a heading above turns the unchanged paragraphs into a reported list of claims
    ("Our tea cures gout.\n\nIt is completely safe.\n", "## Red flags to watch out for\n\nOur tea cures gout.\n\nIt is completely safe.\n"),
    ("Our tea cures gout.\n\nIt is completely safe.\n", "Watch out for these claims:\n\nOur tea cures gout.\n\nIt is completely safe.\n"),
    # a paragraph added after them looks back on the unchanged slogans as claims
    ("Our tea cures gout!\n\nIt is completely safe!\n", "Our tea cures gout!\n\nIt is completely safe!\n\nSound familiar? Such claims are everywhere.\n"),
])
def test_what_a_block_depends_on_outside_itself(linter, before, after):
    cache = BlockCache(linter)
    for text in (before, after):
        cached = cache.lint(parse("page", text, "markdown"), fresh_copy=lambda: parse("page", text, "markdown"))
        assert _view(cached) == _view(linter.lint(parse("page", text, "markdown")))
