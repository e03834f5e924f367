"""The fast Markdown reader (markdown-it-pyrs) against the reference (markdown-it-py).

Both must build the same blocks: the same prose, the same source offset for every
prose character, the same kinds, lead-ins, links, footnote references, entity ends,
footnote labels and comments. Checked on edge cases (front matter with LF and CRLF,
tables with `\\|`, lists nested 20 deep, entities, footnotes, links, non-ASCII text)
and on pages hypothesis builds from Markdown pieces; and through the CLI, findings
from both readers are identical. The fast reader's two walks of markdown-it-pyrs's tree
(the compiled core's and the Python one) must build the same Document on any page.
"""
from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimlint.documents import markdown_py, markdown_rs
from claimlint.documents.markdown_common import MAX_NESTING
from claimlint.patterns.native import load_core

EXAMPLES = int(os.environ.get("CLAIMLINT_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 300,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def summary(doc):
    blocks = [(b.text, list(b.offsets), b.kind, b.lead_in.text if b.lead_in is not None else None, b.links,
               b.footnote_refs, sorted(b.ends.items())) for b in doc.blocks]
    return blocks, sorted(doc.footnotes), doc.comments


def assert_same(source: str) -> None:
    want = summary(markdown_py.parse_markdown("page.md", source))
    got = summary(markdown_rs.parse_markdown("page.md", source))
    assert got == want
    for text, offsets, *_ in got[0]:  # and every prose character sits on its source character
        for ch, at in zip(text, offsets):
            assert ch == source[at] or ch == " " or source[at] in "&\\\n\r", (ch, source[at:at + 8])


EDGE_CASES = [
    "",
    "Plain paragraph. Our tea cures gout.",
    "---\ntitle: Our tea cures gout\ndescription: |\n  Clinically proven.\n  No side effects.\n---\n# Heading\n\nText.\n",
    "---\r\ntitle: Our tea cures gout\r\ndescription: |\r\n  Clinically proven.\r\n  No side effects.\r\n---\r\n"
    "# Heading\r\n\r\nText one\r\nline two  \r\nhard break.\r\n",
    "| claim | note |\n|---|---|\n| cures \\| gout | 100% safe |\n| a \\| b \\| c | x |\n",
    "".join("  " * i + f"- level {i} cures insomnia\n" for i in range(20)),
    "> quote\n> - item one:\n>   - nested item\n\n> > deeper quote cures gout\n",
    "Entities: 65.8&#37; of users &amp; &nbsp; &copy; &#x25; &bogus; done.",
    "A claim[^1] and another[^note].\n\n[^1]: Smith et al. 2019.\n[^note]: A longer\n    footnote text.\n",
    "See [the study](https://doi.org/10.1/x) and [home](/) and [ref][r] and <https://example.com> and "
    "![alt *text*](i.png \"t\") and [frag](#section).\n\n[r]: http://example.com/r\n",
    "Emphasis *a* **b** ***c*** ~~d~~ `code` ``co`de`` <b>bold</b> <!-- hidden --> x<br>y \\* \\_ \\\\.",
    "Setext heading\n===\n\nAnother\n---\n\n    indented code\n\n```\nfenced\n```\n\n***\n",
    "<div>\n<p>HTML block cures gout.</p>\n</div>\n\nAfter the block.\n",
    "Ünïcödé text — “quotes” 🌿 cures gout. ẞ and 中文 and é.\n\n- ïtem 🌿: one\n- two\n",
    "1. one\n2. two:\n   1. nested\n   2. nested two\n\n3) other\n",
    "- tight\n  ```\n  code\n  ```\n  after fence\n- next\n",
    "Lines\nwith\nsoft\nbreaks\r\nand CRLF\rand CR.",
    "Tab\tseparated\ttext and trailing spaces   \n\nnext",
    "# Heading with `code` and [link](http://x.y)\n\nText: \n\n- lead-in item\n",
    "*" * 300 + "deep emphasis" + "*" * 300,
    "[" * 50 + "brackets" + "]" * 50,
    "Paragraph with \\| escaped pipe outside a table | and a bare one.",
    "Term &lt;tag&gt; and &quot;quoted&quot; and &#128512; emoji.",
    "Visit <https://example.com> today.\nVisit <https://example.com> today.",  # the reference once dropped prose here
]


@pytest.mark.parametrize("source", EDGE_CASES)
def test_edge_cases(source):
    assert_same(source)


def test_lf_and_crlf_front_matter_give_the_same_prose():
    lf = "---\ntitle: Cures gout\nsummary: >\n  Clinically\n  proven.\n---\nBody text.\n"
    a = markdown_rs.parse_markdown("a.md", lf)
    b = markdown_rs.parse_markdown("b.md", lf.replace("\n", "\r\n"))
    assert [x.text for x in a.blocks] == [x.text for x in b.blocks]
    assert [x.text for x in a.blocks][:2] == ["Cures gout", "Clinically proven.\n"]


PIECES = ["cures insomnia", "Our tea cures gout.", "clinically proven", "100% safe", "65.8&#37; of users",
          "no side effects", "Studies show it works.", "ketamine", "é", "🌿", "中文",
          "**", "*", "_", "~~", "`", "``", "```\n", "~~~\n", "[", "]", "(", ")", "](http://x.y)", "](#f)", "[^1]",
          "[^1]: x\n", "<http://a.b>", "![", "<b>", "</b>", "<p>", "</p>", "<!-- c -->", "<br>", "&amp;", "&nbsp;",
          "&#37;", "&percnt;", "&x;", "\\", "\\|", "\\*", "- ", "* ", "1. ", "2) ", "# ", "## ", "> ", "    ",
          "  ", "| a | b |\n|---|---|\n| ", " | ", "|", "---\n", "===\n", "title: ", ":", ".", "\t", " ", "\n",
          "\n\n", "\r\n", "\r", "<div>\n", "</div>\n", "[r]: http://r\n", "[r]"]

pages = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)


def assert_positions_hold(source: str) -> None:
    """Every prose character comes from its own source character (or stands for markup:
    an entity, an escape, a line break, a masked URL)."""
    doc = markdown_rs.parse_markdown("page.md", source)
    for b in doc.blocks:
        assert len(b.offsets) == len(b.text)
        for i, (ch, at) in enumerate(zip(b.text, b.offsets)):
            end = b.ends.get(i, at + 1)
            piece = source[at:end]
            assert ch == piece or ch == " " or piece[:1] in "&\\\n\r" or (ch == "|" and piece == "\\|"), (ch, piece)


@SETTINGS
@given(pages)
def test_property_positions_hold_on_any_markup(source):
    """On arbitrary markup the two parsers may build different blocks (markdown-it.rs and
    markdown-it-py disagree on some malformed input, and the fast reader fixes the
    reference's lone-CR slips), but no prose character is ever put on the wrong source."""
    assert_positions_hold(source)
    assert_positions_hold("---\ntitle: Cures gout\n---\n" + source)


SENTENCES = ["Our tea cures gout.", "It is clinically proven &amp; 100% safe.", "Studies[^1] show it works.",
             "See [the trial](https://doi.org/10.1/x).", "Visit <https://example.com> today.", "No *side* **effects**.",
             "65.8&#37; of users agree.", "Ünïcödé 🌿 relief — “instant”.", "It heals\\* fast."]


def well_formed_page(draw) -> str:
    out = []
    for _ in range(draw(st.integers(1, 8))):
        text = " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)))
        form = draw(st.sampled_from(["p", "h", "ul", "ol", "nested", "quote", "table", "html", "lead"]))
        if form == "p":
            out.append(text.replace(". ", ".\n", 1))
        elif form == "h":
            out.append("## " + text)
        elif form == "ul":
            out.append("\n".join("- " + s for s in text.split(". ")))
        elif form == "ol":
            out.append("\n".join(f"{i + 1}. " + s for i, s in enumerate(text.split(". "))))
        elif form == "nested":
            out.append("\n".join("  " * i + "- " + s for i, s in enumerate(text.split(". "))))
        elif form == "quote":
            out.append("> " + text)
        elif form == "table":
            out.append("| a | b |\n|---|---|\n| cures \\| gout " + text + " | x |")
        elif form == "html":
            out.append("<div>\n<p>" + text + "</p>\n</div>")
        else:
            out.append("Benefits:\n\n- " + text)
    page = "\n\n".join(out) + "\n\n[^1]: Smith et al. 2019.\n"
    if draw(st.booleans()):
        page = "---\ntitle: " + draw(st.sampled_from(SENTENCES)) + "\n---\n" + page
    return page.replace("\n", "\r\n") if draw(st.booleans()) else page


@SETTINGS
@given(st.composite(well_formed_page)())
def test_property_same_blocks_as_the_reference_on_well_formed_pages(source):
    assert_same(source)


def test_a_parser_panic_falls_back_to_the_reference_reader(capfd):
    source = "._  ![é``- cures gout"  # markdown-it-pyrs 0.4.0 panics on this
    assert markdown_rs._tree(source) is None
    assert summary(markdown_rs.parse_markdown("p.md", source)) == summary(markdown_py.parse_markdown("p.md", source))
    assert "panicked" not in capfd.readouterr().err


def test_too_deep_pages_go_to_the_reference_reader_and_fail_cleanly(tmp_path):
    from tests.conftest import run_claimlint

    page = tmp_path / "deep.md"
    page.write_text(">" * 100_000 + " cures gout\n", encoding="utf-8")
    proc = run_claimlint("check", str(page))
    assert proc.returncode == 2, proc.stderr
    assert "levels deep" in proc.stderr


def test_findings_through_the_cli_are_the_same_with_either_reader(tmp_path):
    from tests.conftest import run_claimlint

    page = tmp_path / "page.md"
    page.write_text("\n\n".join(EDGE_CASES[1:19]), encoding="utf-8")
    fast = run_claimlint("check", "--no-cache", "--format", "json", str(page))
    slow = run_claimlint("check", "--no-cache", "--format", "json", str(page), env={"CLAIMLINT_MARKDOWN_READER": "py"})
    assert fast.returncode == slow.returncode == 1, (fast.stderr, slow.stderr)
    assert json.loads(fast.stdout)["findings"] and json.loads(fast.stdout) == json.loads(slow.stdout)


# ---- the fast reader's compiled walk (_cmatch.markdown_blocks) against its Python walk ----

needs_core = pytest.mark.skipif(load_core() is None or not hasattr(load_core(), "markdown_blocks"),
                                reason="the compiled core is not built here")


def exact(doc):
    """Everything a Document holds, a lead-in named by its block's index (it is that block)."""
    def where(block):
        return None if block is None else next(i for i, b in enumerate(doc.blocks) if b is block)

    blocks = [(type(b), b.text, type(b.offsets), b.offsets.typecode if hasattr(b.offsets, "typecode") else None,
               list(b.offsets), b.kind, where(b.lead_in), b.links, b.footnote_refs, list(b.ends.items()))
              for b in doc.blocks]
    return blocks, doc.footnotes, doc.comments, doc.paragraph_breaks, doc.source, doc.format


def assert_same_walk(source: str, compiled_must_take_it: bool = True) -> None:
    want = markdown_rs.parse_markdown("page.md", source, compiled=False)
    tree = markdown_rs._tree(source)
    if tree is None or markdown_rs.too_deep(source) or markdown_rs._has_dashed_comment(source):
        return
    got = markdown_rs._compiled_walk("page.md", source, "markdown", tree)
    if got is None:
        assert not compiled_must_take_it, "the compiled walk left this page to Python"
        got = markdown_rs.parse_markdown("page.md", source)
    assert exact(got) == exact(want)


# Made-up pages for what the walk handles: non-ASCII text (two-, three- and four-byte
# characters before, inside and after markup), entities, nested inline markup, tables,
# footnotes, links, hard and soft breaks, HTML, lead-ins, masked URLs.
WALK_CASES = [
    "Ça coûte 30 € — “natürlich” 🌿 and 中文: it *soothes* **every** ~~joint~~.\n\n- é one\n- 🌿 two\n",
    "Résumé &amp; café &eacute; &#233; &#x1F33F; &nbsp;&copy;&bogus; 65.8&#37; ok.",
    "A **bold *nested `code` and [link *in* it](https://doi.org/10.1/x)* text** end.",
    "***a*** __b__ _c_ ~~*d*~~ **~~e~~** *x **y** z*",
    "| drink | claim |\n|:---|---:|\n| tea | cures *gout* |\n| 🌿 herb | [study](http://a.b) |\n| | empty |\n",
    "Claim[^a] and again[^a] and another[^b].\n\n[^a]: Smith 2019, *Journal*.\n[^b]: See [here](#x).\n",
    "Line one  \nline two\\\nline three\nline four\r\nline five\rline six",
    "Text <span>inline</span> <BR> <br/> <brx> <!-- note --> end.\n\n<div>\nBlock **html**.\n</div>\n\nAfter.",
    "Benefits:\n\n- one\n- two\n\nNo colon\n\n1. three\n2. four\n\n## Heading:\n\n* five\n",
    "Mail me@example.com or visit www.example.com or https://example.com/a?b=c now.\n\n- see WWW.EXAMPLE.ORG",
    "[auto <https://a.b/c>](http://x.y) ![img *alt*](p.png) [ref][r] [^missing]\n\n[r]: https://doi.org/1\n",
    "> quote é\n> > nested *quote* 🌿\n>\n> - item\n>   continued\n",
    "---\ntitle: Tea: 🌿 cures\nsummary: Café quality\n---\nBody é.\n",
    "---\r\ntitle: CRLF front\r\n---\r\n\r\nBody\r\n",
    "Setext é\n===\n\n  Indented *start*  \n\n\tTabbed\n\n- \titem with tab é\n",
    "`code é` and ``double `tick``` and \\* escapes \\_ \\\\ \\é",
    "   \n\n  \n",
    "![](x.png)\n\n[](http://a.b)\n\n<https://only.link>",
    "- a\n\n  b\n\n  - c\n    d\n- e\n",
    "Term\n\n```python\ncode é\n```\n\n    indented\n\n***\n\nEnd [x]: no\n",
]


@needs_core
@pytest.mark.parametrize("source", EDGE_CASES + WALK_CASES)
def test_compiled_walk_builds_the_python_walks_document(source):
    assert_same_walk(source, compiled_must_take_it="\\|" not in source)


@needs_core
def test_compiled_walk_leaves_escaped_pipes_in_a_cell_to_python():
    source = "| a | b |\n|---|---|\n| cures \\| gout | x |\n"
    tree = markdown_rs._tree(source)
    assert markdown_rs._compiled_walk("p.md", source, "markdown", tree) is None
    assert exact(markdown_rs.parse_markdown("p.md", source)) == exact(markdown_rs.parse_markdown("p.md", source, compiled=False))


@needs_core
@SETTINGS
@given(pages)
def test_property_compiled_walk_equals_python_walk_on_any_markup(source):
    assert_same_walk(source, compiled_must_take_it=False)
    assert_same_walk("---\ntitle: Cures gout\n---\n" + source, compiled_must_take_it=False)


@needs_core
@SETTINGS
@given(st.composite(well_formed_page)())
def test_property_compiled_walk_equals_python_walk_on_well_formed_pages(source):
    assert_same_walk(source, compiled_must_take_it="\\|" not in source)


_MULTILINE_DEEP = re.compile(r"^[ \t>*+\-0-9.)]{%d}" % (MAX_NESTING // 2), re.M)
_marker_lines = st.lists(st.tuples(st.integers(0, MAX_NESTING // 2 + 8), st.sampled_from(list(" \t>*+-0123456789.)")),
                                   st.sampled_from(["\n", "\r\n", "\r", "x\n", " x", "\n\n", ""])), max_size=6)


@SETTINGS
@given(_marker_lines)
def test_too_deep_is_the_multiline_expression(lines):
    """too_deep's two expressions (at the start, after each "\\n") find what r"^[...]{128}" with
    re.M finds: runs of container markers just short of, at and past the limit, after LF, CRLF,
    a lone CR (no line start for re.M) and text."""
    source = "".join(ch * n + sep for n, ch, sep in lines)
    assert markdown_rs.too_deep(source) == (_MULTILINE_DEEP.search(source) is not None)
    assert markdown_rs.too_deep("x\n" + source) == (_MULTILINE_DEEP.search("x\n" + source) is not None)
