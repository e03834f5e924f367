"""Output formats for `claimlint check`; each module renders a RunResult."""
from __future__ import annotations

FORMATS = ("text", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit", "html")


def render(fmt: str, result, ruleset, files=(), **options) -> str:
    if fmt == "json":
        from claimlint.output.json import render_json
        return render_json(result)
    if fmt == "jsonl":
        from claimlint.output.jsonl import render_jsonl
        return render_jsonl(result)
    if fmt == "sarif":
        from claimlint.output.sarif import render_sarif
        return render_sarif(result, ruleset)
    if fmt == "github":
        from claimlint.output.github import render_github
        return render_github(result)
    if fmt == "gitlab":
        from claimlint.output.gitlab import render_gitlab
        return render_gitlab(result)
    if fmt == "html":
        from claimlint.output.html import render_html
        return render_html(result, ruleset, list(files))
    if fmt == "junit":
        from claimlint.output.junit import render_junit
        return render_junit(result, list(files))
    if fmt == "concise":
        from claimlint.output.text import render_concise
        return render_concise(result, **options)
    from claimlint.output.text import render_text
    return render_text(result, sources=result.sources, **options)
