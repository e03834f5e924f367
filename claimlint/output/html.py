"""A self-contained HTML report for compliance reviewers.

One page, no network resources: an index of the files with their counts by
category, a summary by category and severity, then each file's prose with
every finding highlighted in place. Clicking a highlight pins its
explanation (rule, message, why, regulatory basis, rewordings); hovering
previews one only while nothing is pinned. Checkboxes filter by category
and severity. A print stylesheet puts each finding's why and rewording
beside its paragraph, since reviewers file reports as PDF.

The page comes from Jinja2 templates with autoescaping, so no text from a
linted page is ever markup. The JSON data block is escaped separately
(`<`, `>`, `&`, U+2028, U+2029 as \\u escapes): inside <script> the HTML
parser does not decode entities, and `<!--<script>` in a file name would
otherwise swallow the rest of the page's script.
"""
from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter, defaultdict
from datetime import datetime, timezone
from functools import lru_cache

from claimlint.version import __version__
from claimlint.output.wording import shown_suggestion

SEVERITIES = ("error", "warning", "info")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data) -> str:
    """JSON that is inert inside <script type="application/json">, whatever strings it holds."""
    text = json.dumps(data, ensure_ascii=False)
    return "".join(_JSON_ESCAPES.get(c, c) for c in text) if any(c in text for c in _JSON_ESCAPES) else text


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("claimlint.output", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["rewording"] = shown_suggestion
    return env


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, list[str]]]:
    """Cut text at every span boundary; each piece lists the finding ids covering it."""
    cuts = sorted({0, len(text), *[a for a, _, _ in spans], *[b for _, b, _ in spans]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        ids = [fid for s, e, fid in spans if s <= a and b <= e]
        out.append((text[a:b], ids))
    return out


def _file_view(path: str, anchor: str, source: str, fmt: str, findings: list, ids: dict, rules: dict) -> dict:
    """One file's blocks cut into highlighted pieces, plus its findings for the list and print notes."""
    from claimlint.documents import parse

    if fmt == "docx":
        from claimlint.documents.text import parse_text
        doc = parse_text(path, source, join_lines=False)
    else:
        doc = parse(path, source, fmt)
    placed = set()
    explained: set[str] = set()
    blocks = []
    for block in doc.blocks:
        if not block.offsets:
            continue
        lo, hi = block.offsets[0], block.offsets[-1] + 1
        spans, here = [], []
        for f in findings:
            if f.end <= lo or f.start >= hi:
                continue
            a = bisect_left(block.offsets, f.start)
            b = bisect_left(block.offsets, f.end)
            if b > a:
                spans.append((a, b, ids[id(f)]))
                if id(f) not in placed:
                    here.append(f)
                placed.add(id(f))
        pieces = []
        for text, pids in _segments(block.text, spans):
            worst = min((f.severity for f in findings if ids[id(f)] in pids), key=SEVERITIES.index) if pids else ""
            cats = " ".join(sorted({f.category for f in findings if ids[id(f)] in pids}))
            pieces.append({"text": text, "ids": " ".join(pids), "severity": worst, "categories": cats})
        notes = []
        for f in here:
            note = _item(f, ids, rules)
            note["why_above"] = f.rule in explained  # print each rule's why once per file: fewer pages
            explained.add(f.rule)
            notes.append(note)
        blocks.append({"kind": block.kind, "pieces": pieces, "notes": notes})
    return {"path": path, "anchor": anchor, "blocks": blocks,
            "findings": [dict(_item(f, ids, rules), placed=id(f) in placed) for f in findings]}


def _item(f, ids: dict, rules: dict) -> dict:
    r = rules.get(f.rule, {})
    return {"id": ids[id(f)], "line": f.line, "column": f.column, "rule": f.rule, "code": f.code,
            "category": f.category, "severity": f.severity, "message": f.message, "text": f.text,
            "suggestions": f.suggestions, "why": r.get("why", "")}


def render_html(result, ruleset, files: list[str]) -> str:
    ids: dict[int, str] = {}
    data_findings = {}
    for n, f in enumerate(result.findings):
        ids[id(f)] = f"f{n}"
        data_findings[f"f{n}"] = f.to_json()
    used = {f.rule for f in result.findings}
    rules = {r.id: {"why": r.why, "references": r.references, "message": r.message, "code": r.code}
             for r in ruleset.rules if r.id in used}
    counts = Counter((f.category, f.severity) for f in result.findings)
    categories = sorted({f.category for f in result.findings})
    by_file = defaultdict(list)
    for f in result.findings:
        by_file[f.path].append(f)
    shown = [p for p in files if p in result.sources]
    views = [_file_view(p, f"file-{n}", result.sources[p], result.formats.get(p, "markdown"), by_file.get(p, []),
                        ids, rules) for n, p in enumerate(shown)]
    index = [{"path": v["path"], "anchor": v["anchor"], "total": len(by_file.get(v["path"], [])),
              "by_category": Counter(f.category for f in by_file.get(v["path"], []))} for v in views]
    return _environment().get_template("report.html.j2").render(
        version=__version__,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        total=len(result.findings), checked=result.files, severities=SEVERITIES, categories=categories,
        counts=counts, totals=Counter(f.severity for f in result.findings), index=index, files=views,
        errors=result.errors, data=script_json({"findings": data_findings, "rules": rules}),
    )
