"""Front matter of plain `key: value` lines is read without PyYAML, exactly as PyYAML reads it."""
from __future__ import annotations

import subprocess
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from claimlint.documents.markdown_common import _yaml_front_matter, simple_front_matter

KEYS = st.sampled_from(["title", "description", "Summary", "excerpt", "subtitle", "layout", "tags", "date", "x_1"])
VALUE_CHARS = st.sampled_from(list("abc XYZ019:#-'\",[]{}&*!|>%@`?.\t\u00e9\u2028\u2014\ufeff\r\\"))
VALUES = st.text(VALUE_CHARS, max_size=14)
LINES = st.one_of(
    st.tuples(KEYS, st.sampled_from([": ", ":  ", ":", ":\t", " : "]), VALUES, st.sampled_from(["", " ", "  "]))
    .map(lambda t: "".join(t)),
    st.sampled_from(["", "# a comment", "  ", "  indented: x", "- item", "---", "...", "%YAML 1.1"]),
)


@settings(max_examples=800, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=6))
@example(["title: Our clinic: a place", "description: calm"])
@example(["title: Gentle care #1 in town"])
@example(["title: Rest well", "  and recover"])
@example(["title: Rest\u2028well"])
@example(["title: 'Quoted'"])
@example(["title: a ", "title: b"])
def test_the_plain_reading_agrees_with_pyyaml(lines):
    content = "\n".join(lines) + "\n"
    fields = simple_front_matter(content)
    if fields is None:
        return  # PyYAML reads it
    # PyYAML's reading, for published (non-empty) scalar values: the same keys, text and spans.
    assert [f for f in fields if f[1].strip()] == [f for f in _yaml_front_matter(content) if f[1].strip()]


def test_typical_front_matter_takes_the_plain_reading():
    content = "title: Calm sleep coaching\n# draft\nlayout: post\n\ndescription: Sessions for adults.\n"
    assert simple_front_matter(content) == [
        ("title", "Calm sleep coaching", 7, 26),
        ("layout", "post", 43, 47),
        ("description", "Sessions for adults.", 62, 82),
    ]


def test_anything_else_is_left_to_pyyaml():
    for content in ("title: 'Quoted: yes'\n", "title: >\n  folded\n", "tags:\n  - a\n", "title: a: b\n",
                    "title: a #b\n", "title:\tx\n", "title: x\r\n"):
        assert simple_front_matter(content) is None, content


def test_a_page_with_plain_front_matter_is_checked_without_importing_pyyaml(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Our tea cures gout\nlayout: post\n---\n\nWelcome.\n", encoding="utf-8")
    code = ("import sys\nfrom claimlint.documents import parse\n"
            f"doc = parse({str(page)!r}, open({str(page)!r}).read(), 'markdown')\n"
            "assert any(b.text == 'Our tea cures gout' for b in doc.blocks), [b.text for b in doc.blocks]\n"
            "assert 'yaml' not in sys.modules\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
