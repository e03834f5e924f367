"""Plain text output: one finding per block, `path:line:col: severity rule [code] message`."""
from __future__ import annotations

from claimlint.output.json import summary


def render_text(result, show_suggestions: bool = True) -> str:
    lines = []
    for f in result.findings:
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} [{f.code}] {f.message}")
        lines.append(f"    {f.text!s}")
        if show_suggestions and f.suggestions:
            first = f.suggestions[0]
            lines.append(f"    suggestion: {first}" if first else f"    suggestion: delete {f.text!r}")
    for sup in result.suppressions:
        for problem in sup["problems"]:
            names = " ".join(sup["rules"]) or "all rules"
            lines.append(f"{sup['path']}:{sup['line']}:{sup['column']}: note: claimlint-disable{'-' + sup['kind'] if sup['kind'] != 'block' else ''} ({names}) {problem}")
    s = summary(result)
    lines.append(
        f"{s['findings']} finding{'s' if s['findings'] != 1 else ''} "
        f"({s['error']} error, {s['warning']} warning, {s['info']} info) in {s['files']} file{'s' if s['files'] != 1 else ''}."
        + (f" {result.baselined} more in the baseline." if result.baselined else "")
    )
    return "\n".join(lines)
