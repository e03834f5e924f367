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


# The top level and its lists are laid out one entry a line; each finding, suppression and the
# summary are one line each (output/layout.py: the C encoder).
OPEN = frozenset({(), ("findings",), ("errors",), ("suppressions",)})


def render_json(result) -> str:
    from claimlint.output.layout import dumps  # imports json: the text report, which reads summary() here, does not

    return dumps(
        {
            "version": 1,
            "findings": [f.to_json() for f in result.findings],
            "summary": summary(result),
            "errors": result.errors,
            "suppressions": result.suppressions,
        },
        OPEN,
    )
