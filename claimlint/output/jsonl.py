"""JSON Lines: one finding a line, each exactly one entry of the JSON contract's
`findings`, so a run over millions of pages can be streamed, split and
appended without holding one huge document. File errors go to standard
error, as in every format."""
from __future__ import annotations

import json


def finding_line(finding) -> str:
    return json.dumps(finding.to_json(), ensure_ascii=False, separators=(",", ":"))


def render_jsonl(result) -> str:
    return "\n".join(finding_line(f) for f in result.findings)
