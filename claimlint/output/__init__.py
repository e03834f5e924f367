"""Output formats for `claimlint check`; each module renders a RunResult."""
from __future__ import annotations

FORMATS = ("text", "json")


def render(fmt: str, result, ruleset, **options) -> str:
    if fmt == "json":
        from claimlint.output.json import render_json
        return render_json(result)
    from claimlint.output.text import render_text
    return render_text(result, **options)
