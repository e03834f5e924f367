"""Property tests: any input parses without error and every finding's span holds its text."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.positions import LineIndex
from claimlint.ruleset import load_ruleset

_linter = None


def linter():
    global _linter
    if _linter is None:
        _linter = Linter(load_ruleset())
    return _linter


PIECES = ["cures insomnia", "clinically proven", "100% safe", "85% of users", "**", "*", "_", "`", "```\n",
          "[", "](http://x.y)", "<b>", "</b>", "<!-- c -->", "&amp;", "\\", "\n", "\r\n", "\r", "\n\n", "- ", "# ",
          "> ", "| a | b |\n|---|---|\n", "[^1]", "[^1]: x\n", "---\n", "🌿", "\t", " ", "no side effects",
          "Studies show", "<script>x</script>", "<p>", "</p>", "{x}", "import y\n", "ketamine", ":", ".", "?"]

documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(["markdown", "html", "text", "mdx"]))
def test_any_document_positions_hold(source, fmt):
    doc = parse("fuzz", source, fmt)
    for block in doc.blocks:
        assert len(block.offsets) == len(block.text)
        assert all(0 <= o < len(source) for o in block.offsets)
    index = LineIndex(source)
    for f in linter().lint(doc):
        assert 0 <= f.start < f.end <= len(source)
        assert source[f.start:f.end] == f.text
        assert index.offset(f.line, f.column) == f.start
        assert index.offset(f.end_line, f.end_column) == f.end
