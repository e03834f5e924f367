"""A self-contained HTML report for compliance reviewers.

One page, no network resources: a summary by category and severity, then
each file's prose with every finding highlighted in place. Clicking (or
hovering) a highlight shows the rule, the message, why it is a problem, the
regulatory basis and the rewordings; checkboxes filter by category and
severity. Everything is escaped: the report never runs a page's own markup.
"""
from __future__ import annotations

import html
import json
from bisect import bisect_left
from collections import Counter, defaultdict
from datetime import datetime, timezone

from claimlint import __version__

SEVERITIES = ("error", "warning", "info")

CSS = """
:root { --error:#c62828; --warning:#b26a00; --info:#1565c0; --bg:#fafafa; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #222; background: var(--bg); }
header { background: #263238; color: #fff; padding: 16px 28px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 24px; padding: 20px 28px; }
section.file { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px 18px; margin-bottom: 20px; }
section.file h2 { font-size: 16px; margin: 4px 0 10px; word-break: break-all; }
.block { margin: 6px 0; white-space: pre-wrap; }
.block.heading { font-weight: 650; font-size: 17px; }
.block.list_item::before { content: "• "; color: #888; }
mark { background: none; border-bottom: 3px solid; cursor: pointer; padding: 0 1px; }
mark.sev-error { background: #ffebee; border-color: var(--error); }
mark.sev-warning { background: #fff3e0; border-color: var(--warning); }
mark.sev-info { background: #e3f2fd; border-color: var(--info); }
mark.hidden { background: none !important; border-color: transparent !important; cursor: text; }
mark.active { outline: 2px solid #263238; }
aside { position: sticky; top: 12px; align-self: start; }
.panel { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; }
.panel h3 { margin: 0 0 8px; font-size: 15px; }
table.summary { border-collapse: collapse; width: 100%; font-size: 14px; }
table.summary th, table.summary td { border-bottom: 1px solid #eee; padding: 3px 6px; text-align: right; }
table.summary th:first-child, table.summary td:first-child { text-align: left; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; color: #fff; font-size: 12px; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); } .badge.info { background: var(--info); }
#detail .why { color: #444; font-size: 14px; }
#detail ul { padding-left: 18px; margin: 4px 0; }
#detail code { background: #f1f1f1; padding: 0 4px; border-radius: 3px; }
.filters label { display: inline-block; margin: 2px 10px 2px 0; font-size: 14px; }
ol.findings { font-size: 13px; color: #555; padding-left: 20px; }
ol.findings li.hidden { display: none; }
.clean { color: #2e7d32; }
"""

JS = """
const DATA = JSON.parse(document.getElementById('claimlint-data').textContent);
const detail = document.getElementById('detail');
function esc(s) { const d = document.createElement('div'); d.textContent = s; return d.innerHTML; }
function show(ids) {
  document.querySelectorAll('mark.active').forEach(m => m.classList.remove('active'));
  const parts = ids.map(id => {
    const f = DATA.findings[id], r = DATA.rules[f.rule] || {};
    document.querySelectorAll('mark[data-ids~="' + id + '"]').forEach(m => m.classList.add('active'));
    const sugg = (f.suggestions || []).map(s => '<li>' + (s ? esc(s) : '<em>delete these words</em>') + '</li>').join('');
    const refs = (r.references || []).map(s => '<li>' + esc(s) + '</li>').join('');
    return '<div class="finding" data-rule="' + esc(f.rule) + '">' +
      '<h3><span class="badge ' + f.severity + '">' + f.severity + '</span> ' + esc(f.rule) + ' <small>' + esc(f.code) + ' · ' + esc(f.category) + '</small></h3>' +
      '<p><strong>' + esc(f.message) + '</strong></p>' +
      '<p>Flagged: <code>' + esc(f.text) + '</code> at ' + esc(f.path) + ':' + f.line + ':' + f.column + '</p>' +
      (sugg ? '<p>Write instead:</p><ul class="rewordings">' + sugg + '</ul>' : '') +
      '<p class="why">' + esc(r.why || '') + '</p>' +
      (refs ? '<p>Regulatory basis:</p><ul>' + refs + '</ul>' : '') +
      '<p>More: <code>claimlint rule ' + esc(f.rule) + '</code></p></div>';
  });
  detail.innerHTML = parts.join('<hr>');
}
document.querySelectorAll('mark').forEach(m => {
  const ids = m.dataset.ids.split(' ');
  m.addEventListener('click', () => show(ids));
  m.addEventListener('mouseenter', () => show(ids));
  m.tabIndex = 0;
  m.addEventListener('keydown', e => { if (e.key === 'Enter') show(ids); });
});
document.querySelectorAll('ol.findings li').forEach(li => li.addEventListener('click', () => {
  const m = document.querySelector('mark[data-ids~="' + li.dataset.id + '"]');
  if (m) { m.scrollIntoView({block: 'center'}); show([li.dataset.id]); }
}));
function applyFilters() {
  const cats = new Set([...document.querySelectorAll('input[name=category]:checked')].map(i => i.value));
  const sevs = new Set([...document.querySelectorAll('input[name=severity]:checked')].map(i => i.value));
  const visible = id => { const f = DATA.findings[id]; return cats.has(f.category) && sevs.has(f.severity); };
  document.querySelectorAll('mark').forEach(m => {
    const ids = m.dataset.ids.split(' ').filter(visible);
    m.classList.toggle('hidden', ids.length === 0);
    m.classList.remove('sev-error', 'sev-warning', 'sev-info');
    if (ids.length) {
      const rank = {error: 3, warning: 2, info: 1};
      const worst = ids.map(id => DATA.findings[id].severity).sort((a, b) => rank[b] - rank[a])[0];
      m.classList.add('sev-' + worst);
    }
  });
  document.querySelectorAll('ol.findings li').forEach(li => li.classList.toggle('hidden', !visible(li.dataset.id)));
  document.getElementById('visible-count').textContent = Object.keys(DATA.findings).filter(visible).length;
}
document.querySelectorAll('.filters input').forEach(i => i.addEventListener('change', applyFilters));
applyFilters();
"""


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, list[str]]]:
    """Cut text at every span boundary; each piece lists the finding ids covering it."""
    cuts = sorted({0, len(text), *[a for a, _, _ in spans], *[b for _, b, _ in spans]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        ids = [fid for s, e, fid in spans if s <= a and b <= e]
        out.append((text[a:b], ids))
    return out


def _file_section(path: str, source: str, fmt: str, findings: list, ids: dict, sev: dict, cat: dict) -> str:
    from claimlint.documents import parse

    if fmt == "docx":
        from claimlint.documents.text import parse_text
        doc = parse_text(path, source, join_lines=False)
    else:
        doc = parse(path, source, fmt)
    placed = set()
    parts = [f'<section class="file"><h2>{html.escape(path)}</h2>']
    for block in doc.blocks:
        if not block.offsets:
            continue
        lo, hi = block.offsets[0], block.offsets[-1] + 1
        spans = []
        for f in findings:
            if f.end <= lo or f.start >= hi:
                continue
            a = bisect_left(block.offsets, f.start)
            b = bisect_left(block.offsets, f.end)
            if b > a:
                spans.append((a, b, ids[id(f)]))
                placed.add(id(f))
        body = []
        for piece, pids in _segments(block.text, spans):
            if pids:
                worst = min((sev[i] for i in pids), key=SEVERITIES.index)
                cats = " ".join(sorted({cat[i] for i in pids}))
                body.append(f'<mark class="sev-{worst}" data-ids="{" ".join(pids)}" data-categories="{cats}">{html.escape(piece)}</mark>')
            else:
                body.append(html.escape(piece))
        parts.append(f'<div class="block {block.kind}">{"".join(body)}</div>')
    if not findings:
        parts.append('<p class="clean">No findings.</p>')
    else:
        parts.append('<ol class="findings">')
        for f in findings:
            parts.append(f'<li data-id="{ids[id(f)]}"><span class="badge {f.severity}">{f.severity}</span> '
                         f'{f.line}:{f.column} <strong>{html.escape(f.rule)}</strong> {html.escape(f.message)} '
                         f'<code>{html.escape(f.text)}</code>{"" if id(f) in placed else " (outside the prose shown)"}</li>')
        parts.append("</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def render_html(result, ruleset, files: list[str]) -> str:
    ids: dict[int, str] = {}
    sev: dict[str, str] = {}
    cat: dict[str, str] = {}
    data_findings = {}
    for n, f in enumerate(result.findings):
        fid = f"f{n}"
        ids[id(f)] = fid
        sev[fid], cat[fid] = f.severity, f.category
        data_findings[fid] = f.to_json()
    used = {f.rule for f in result.findings}
    rules = {r.id: {"why": r.why, "references": r.references, "message": r.message, "code": r.code}
             for r in ruleset.rules if r.id in used}
    counts = Counter((f.category, f.severity) for f in result.findings)
    categories = sorted({f.category for f in result.findings})
    rows = "".join(
        f"<tr><td>{html.escape(c)}</td>" + "".join(f"<td>{counts[(c, s)] or ''}</td>" for s in SEVERITIES) + "</tr>"
        for c in categories)
    totals = Counter(f.severity for f in result.findings)
    summary = ('<table class="summary"><tr><th>category</th>' + "".join(f"<th>{s}</th>" for s in SEVERITIES) + "</tr>"
               + rows + "<tr><th>total</th>" + "".join(f"<th>{totals[s]}</th>" for s in SEVERITIES) + "</tr></table>")
    filters = ('<div class="filters"><p>Severity:</p>'
               + "".join(f'<label><input type="checkbox" name="severity" value="{s}" checked> {s}</label>' for s in SEVERITIES)
               + "<p>Category:</p>"
               + "".join(f'<label><input type="checkbox" name="category" value="{c}" checked> {c}</label>' for c in categories)
               + "</div>")
    by_file = defaultdict(list)
    for f in result.findings:
        by_file[f.path].append(f)
    sections = [_file_section(p, result.sources.get(p, ""), result.formats.get(p, "markdown"), by_file.get(p, []), ids, sev, cat)
                for p in files if p in result.sources]
    errors = "".join(f"<li>{html.escape(e)}</li>" for e in result.errors)
    data = json.dumps({"findings": data_findings, "rules": rules}, ensure_ascii=False).replace("</", "<\\/")
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>claimlint report</title><style>{CSS}</style></head>
<body>
<header><h1>claimlint report</h1>
<div>{len(result.findings)} findings in {result.files} files · <span id="visible-count">{len(result.findings)}</span> shown · claimlint {__version__} · {generated}</div></header>
<main>
<div class="pages">
{('<section class="file"><h2>Files that could not be checked</h2><ul>' + errors + '</ul></section>') if errors else ''}
{"".join(sections)}
</div>
<aside>
<div class="panel"><h3>Summary</h3>{summary}</div>
<div class="panel"><h3>Filter</h3>{filters}</div>
<div class="panel" id="detail"><p>Click or hover a highlighted passage to see the rule, why it is a problem, the regulatory basis and what to write instead.</p></div>
</aside>
</main>
<script type="application/json" id="claimlint-data">{data}</script>
<script>{JS}</script>
</body></html>
"""
