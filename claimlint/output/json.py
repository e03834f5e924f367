"""The JSON contract of `check --format json` (see the README): version 1."""
from __future__ import annotations


def summary(result) -> dict:
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in result.findings:
        counts[f.severity] += 1
    out = {"files": result.files, "findings": len(result.findings), **counts}
    if result.baselined:
        out["baselined"] = result.baselined
    return out


def render_json(result) -> str:
    import json  # not imported by the text report, which reads summary() from here

    return json.dumps(
        {
            "version": 1,
            "findings": [f.to_json() for f in result.findings],
            "summary": summary(result),
            "errors": result.errors,
            "suppressions": result.suppressions,
        },
        ensure_ascii=False,
        indent=2,
    )
