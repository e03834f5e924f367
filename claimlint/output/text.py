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
    s = summary(result)
    lines.append(
        f"{s['findings']} finding{'s' if s['findings'] != 1 else ''} "
        f"({s['error']} error, {s['warning']} warning, {s['info']} info) in {s['files']} file{'s' if s['files'] != 1 else ''}."
    )
    return "\n".join(lines)
