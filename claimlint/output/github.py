"""GitHub Actions workflow commands: inline annotations on the pull request.

    ::error file=site/a.md,line=3,col=5,endLine=3,endColumn=20,title=claimlint cure-claim (CL001)::message%0Asuggestion: ...

Data is escaped (% CR LF) and so are properties (also : and ,), as the
Actions toolkit does. Info findings become notices.
"""
from __future__ import annotations

from claimlint.output.wording import shown_suggestion

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(result) -> str:
    lines = []
    for f in result.findings:
        msg = f"{f.message}\n{f.text!r}"
        if f.suggestions:
            msg += f"\nsuggestion: {shown_suggestion(f.suggestions[0])}"
        props = (f"file={_prop(f.path)},line={f.line},col={f.column},endLine={f.end_line},endColumn={f.end_column},"
                 f"title={_prop(f'claimlint {f.rule} ({f.code})')}")
        lines.append(f"::{LEVEL[f.severity]} {props}::{_data(msg)}")
    for e in result.errors:
        lines.append(f"::error title=claimlint::{_data(e)}")
    return "\n".join(lines)
