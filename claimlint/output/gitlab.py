"""GitLab Code Quality report: a JSON array GitLab shows in merge requests, one issue a
line (output/layout.py: the C encoder)."""
from __future__ import annotations

from claimlint.baseline import fingerprint
from claimlint.output.layout import dumps
from claimlint.output.wording import shown_suggestion

SEVERITY = {"error": "critical", "warning": "major", "info": "info"}


def render_gitlab(result) -> str:
    issues = []
    for f in result.findings:
        description = f"{f.message} {f.text!r}"
        if f.suggestions:
            description += f" — suggestion: {shown_suggestion(f.suggestions[0])}"
        issues.append({
            "type": "issue",
            "check_name": f.rule,
            "description": description,
            "content": {"body": f.sentence},
            "categories": ["Style"],
            "fingerprint": fingerprint(f),
            "severity": SEVERITY[f.severity],
            "location": {"path": f.path.removeprefix("./"),
                         "positions": {"begin": {"line": f.line, "column": f.column},
                                       "end": {"line": f.end_line, "column": f.end_column}}},
        })
    return dumps(issues)
