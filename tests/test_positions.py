"""Every finding's line/column range must slice the original file to exactly its text."""
from __future__ import annotations

import pytest

from conftest import assert_positions_hold, check_json, text_at

MARKDOWN = """---
title: Clinically proven relief
description: "Our tea cures insomnia"
tags: [cures anxiety]
---

# Our **miracle** cure for gout

Intro paragraph with *emphasis* that **cures arthritis** and a
soft break before 85% of users. Entities &amp; escapes \\* stay put,
and a [link that cures gout](https://example.com "cures migraines").

1. Item one is *totally safe*.
2. Item two has `code that cures cancer` inline.

| Product | Claim |
|---------|-------|
| Tea     | cures eczema |

> A quote: "It gave me my life back."

Footnoted 40% figure[^n].

[^n]: Smith J. 2020.

```python
# 100% safe code: cures everything
```

<div class="callout">This drip is <b>completely safe</b>.</div>

Text with an emoji 🌿 before cures psoriasis.
"""

HTML = """<!DOCTYPE html>
<html><head><title>Clinically proven sleep</title>
<meta name="description" content="Our gummies are completely safe &amp; natural">
<style>.x { content: "cures cancer"; }</style></head>
<body>
<h1>The best clinic</h1>
<p>Our infusions <em>cure</em> depression &mdash; and are
   <strong>100% safe</strong>. Studies show it works.</p>
<ul><li>Zero side effects</li><li>Works every time</li></ul>
<script>var x = "guaranteed results";</script>
<pre>cures arthritis</pre>
<p>Read <a href="https://example.org" title="cures gout">the study</a> showing 70% improvement.</p>
<img alt="cures eczema" src="x.png">
</body></html>
"""

TEXT = "Our tea cures insomnia.\r\nIt is\tcompletely safe.\rZero side effects.\n\nWhat to know\n- Guaranteed results\n"


@pytest.mark.parametrize("name,content", [("page.md", MARKDOWN), ("page.html", HTML), ("page.txt", TEXT),
                                          ("page.mdx", "import X from './x'\n\n<X prop={\"cures cancer\"} />\n\nOur drip cures gout.\n")])
def test_every_position_holds_its_text(cli, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    data = check_json(cli, path)
    assert data["findings"], "the fixture contains claims"
    assert_positions_hold(data, {str(path): content})


def test_markdown_skips_code_urls_and_non_prose_front_matter(cli, tmp_path):
    path = tmp_path / "page.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    texts = [f["text"] for f in check_json(cli, path)["findings"]]
    joined = " | ".join(texts)
    assert "cures cancer" not in joined  # inline code
    assert "cures everything" not in joined  # fenced code
    assert "cures anxiety" not in joined  # a front-matter key that is not published text
    assert "cures migraines" not in joined  # link title attribute
    assert any("Clinically proven" in t for t in texts)  # title is linted
    assert any("cures insomnia" in t for t in texts)  # description is linted
    assert any("cures arthritis" in t for t in texts)  # across emphasis markup
    assert any("cures eczema" in t for t in texts)  # table cell
    assert any("completely safe" in t for t in texts)  # HTML block inside Markdown
    assert any("cures psoriasis" in t for t in texts)  # after a non-BMP character


def test_markdown_columns_count_code_points(cli, tmp_path):
    path = tmp_path / "emoji.md"
    path.write_text("🌿🌿 Our balm cures psoriasis.\n", encoding="utf-8")
    f = check_json(cli, path)["findings"][0]
    assert (f["line"], f["column"]) == (1, 13)  # two emoji, a space, "Our balm "
    assert f["text"] == "cures psoriasis"


def test_markdown_footnote_with_note_cites_the_statistic(cli, tmp_path):
    path = tmp_path / "fn.md"
    path.write_text("Over 70% improved[^1].\n\n[^1]: Lee, 2021.\n\nOver 70% improved[^2].\n", encoding="utf-8")
    stats = [f for f in check_json(cli, path)["findings"] if f["category"] == "unsourced-stat"]
    assert [f["line"] for f in stats] == [5]  # the marker with no footnote does not cite


def test_html_skips_scripts_styles_pre_and_attributes(cli, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    data = check_json(cli, path)
    joined = " | ".join(f["text"] for f in data["findings"])
    for hidden in ("cures cancer", "guaranteed results", "cures arthritis", "cures gout", "cures eczema"):
        assert hidden not in joined
    assert any(f["text"] == "Clinically proven" for f in data["findings"])  # <title>
    assert any("completely safe" in f["text"] for f in data["findings"])  # meta description
    assert any(f["text"].startswith("cure</em> depression") for f in data["findings"])  # across inline tags
    stats = [f for f in data["findings"] if f["category"] == "unsourced-stat"]
    assert all("70%" not in f["text"] for f in stats)  # cited by the link in its sentence


def test_text_line_endings_tabs_and_bom(cli, tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    data = check_json(cli, path)
    got = {(f["line"], f["column"], f["text"]) for f in data["findings"]}
    assert (1, 9, "cures insomnia") in got
    assert (2, 7, "completely safe") in got or (2, 4, "is\tcompletely safe") in got
    assert (3, 1, "Zero side effects") in got
    assert (6, 3, "Guaranteed") in got or any(t[0] == 6 for t in got)
    for f in data["findings"]:
        assert text_at(TEXT, f) == f["text"]


def test_crlf_markdown_positions(cli, tmp_path):
    content = "# Title\r\n\r\nOur tea\r\ncures insomnia and is **totally safe**.\r\n"
    path = tmp_path / "crlf.md"
    path.write_bytes(content.encode())
    data = check_json(cli, path)
    assert_positions_hold(data, {str(path): content})
    assert {(f["line"], f["text"]) for f in data["findings"]} >= {(4, "cures insomnia")}


@pytest.mark.parametrize("text", ["", "one line", "a\n", "\n\n", "a\nb\n\nc", "é\n😀x\nlast", "a\r\nb\rc\n",
                                  "\r", "x\u2028y\n"])
def test_line_starts_of_lf_text_match_the_line_break_regex(text):
    """LineIndex sums LF-only lines' lengths instead of searching: the same starts."""
    from claimlint.positions import LINE_BREAK, LineIndex

    index = LineIndex(text)
    assert index.starts == [0] + [m.end() for m in LINE_BREAK.finditer(text)]
    for offset in range(len(text) + 1):
        line, column = index.position(offset)
        assert index.offset(line, column) == offset
