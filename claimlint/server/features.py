"""What the server answers, as LSP types: diagnostics, quick fixes, hovers.

Pure functions of a lint result and the document text, so the protocol
handlers in `app.py` stay thin and these stay easy to test.
"""
from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types

from claimlint.findings import Finding
from claimlint.server.positions import PositionMap
from claimlint.server.project import LintResult, Problem, Project

SOURCE = "claimlint"
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
SUPPRESS_COMMAND = "claimlint.selectSuppressionReason"
FIX_ALL = "source.fixAll.claimlint"


def _range(pmap: PositionMap, start: int, end: int) -> types.Range:
    (l1, c1), (l2, c2) = pmap.position(start), pmap.position(end)
    return types.Range(types.Position(l1, c1), types.Position(l2, c2))


def _rule_href(project: Project, rule_id: str) -> types.CodeDescription | None:
    rule = project.ruleset.rule(rule_id)
    if rule is None or not rule.path:
        return None
    path = Path(rule.path)
    if not path.is_absolute() or not path.is_file():
        return None
    return types.CodeDescription(href=path.as_uri())


def diagnostic(f: Finding, pmap: PositionMap, project: Project) -> types.Diagnostic:
    message = f.message
    if f.suggestions:
        message += f"\nInstead: {f.suggestions[0]}" if f.suggestions[0] else "\nInstead: delete these words"
    return types.Diagnostic(
        range=_range(pmap, f.start, f.end), message=message, severity=SEVERITY[f.severity],
        code=f.rule, code_description=_rule_href(project, f.rule), source=SOURCE,
        data={"rule": f.rule, "code": f.code, "category": f.category, "start": f.start, "end": f.end},
    )


def diagnostics(result: LintResult, pmap: PositionMap, project: Project) -> list[types.Diagnostic]:
    """The findings, and the problems of the page's suppression comments (unused, unknown names, no reason)."""
    out = [diagnostic(f, pmap, project) for f in result.findings]
    for s in result.suppressions:
        if s.problems:
            out.append(types.Diagnostic(
                range=_range(pmap, *s.comment), message=f"claimlint suppression: {'; '.join(s.problems)}",
                severity=types.DiagnosticSeverity.Information, code="suppression", source=SOURCE))
    return out


def not_checked(problems: list[Problem], summary: str) -> types.Diagnostic:
    """Shown on a page while its configuration or rules are broken, so silence is never mistaken for a pass."""
    first = problems[0] if problems else None
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        message=f"{summary}, so this page is not checked: {first}{more}", severity=types.DiagnosticSeverity.Error,
        code="configuration", source=SOURCE)


def problem_diagnostics(problems: list[Problem]) -> dict[str, list[types.Diagnostic]]:
    """Diagnostics on the broken configuration and rule files themselves, by file URI."""
    out: dict[str, list[types.Diagnostic]] = {}
    for p in problems:
        if not p.path:
            continue
        path = Path(p.path).resolve()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        pmap = PositionMap(text)
        line = min(max(p.line, 1), len(pmap.index.starts))
        start = pmap.index.starts[line - 1] + min(max(p.column - 1, 0), len(pmap.index.line_text(line)))
        out.setdefault(path.as_uri(), []).append(types.Diagnostic(
            range=_range(pmap, start, pmap.line_end(line - 1)), message=p.message,
            severity=types.DiagnosticSeverity.Error, source=SOURCE))
    return out


def _minimal_edit(pmap: PositionMap, before: str, after: str) -> types.TextEdit:
    """One TextEdit that turns `before` into `after`, touching only what changed."""
    p = 0
    limit = min(len(before), len(after))
    while p < limit and before[p] == after[p]:
        p += 1
    q = 0
    while q < limit - p and before[len(before) - 1 - q] == after[len(after) - 1 - q]:
        q += 1
    # Never start or end between the CR and LF of a line break: that is no LSP position.
    if 0 < p < len(before) and before[p - 1] == "\r" and before[p] == "\n":
        p -= 1
    end = len(before) - q
    if 0 < end < len(before) and before[end - 1] == "\r" and before[end] == "\n":
        end += 1
        q -= 1
    return types.TextEdit(range=_range(pmap, p, len(before) - q), new_text=after[p:len(after) - q])


def _applied(source: str, f: Finding, rewording: str) -> bool:
    """The rewording already stands in the text around the flagged words."""
    if not rewording:
        return False
    lo = max(0, f.end - len(rewording))
    at = source.find(rewording, lo, f.start + len(rewording))
    while at != -1 and at <= f.start:
        if at + len(rewording) >= f.end:
            return True
        at = source.find(rewording, at + 1, f.start + len(rewording))
    return False


def _overlaps(f: Finding, start: int, end: int) -> bool:
    return f.start <= end and start <= f.end


def code_actions(uri: str, result: LintResult, pmap: PositionMap, start: int, end: int, fmt: str, project: Project,
                 show_document: bool = False) -> list[types.CodeAction]:
    """Each rewording of a finding in [start, end] as a quick fix, then one 'suppress on this line' per rule."""
    from claimlint.rewrite import apply_rewording
    from claimlint.suppressions import PLACEHOLDER_REASON, comment

    source = pmap.text
    actions: list[types.CodeAction] = []
    suppress: list[types.CodeAction] = []
    seen_rules: set[tuple[int, str]] = set()
    for f in result.findings:
        if not _overlaps(f, start, end):
            continue
        diag = diagnostic(f, pmap, project)
        # Markup inside the flagged words would be lost: leave those to a person. A rewording
        # already in place ("65.8% [add the citation]" still wants a real citation) is not offered again.
        if f.plain and not any(_applied(source, f, s) for s in f.suggestions):
            for i, s in enumerate(dict.fromkeys(f.suggestions)):
                after = apply_rewording(source, f.start, f.end, s)
                title = f"Replace “{f.text}” with “{s}”" if s else f"Delete “{f.text}”"
                actions.append(types.CodeAction(
                    title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                    is_preferred=(f.fix == "safe" and i == 0) or None,
                    edit=types.WorkspaceEdit(changes={uri: [_minimal_edit(pmap, source, after)]})))
        line = pmap.position(f.start)[0]
        at = _comment_point(pmap, line, fmt)
        if (line, f.rule) in seen_rules or not _can_comment(result, at):
            continue
        seen_rules.add((line, f.rule))
        text = " " + comment(fmt, "disable-line", [f.rule])
        pos = types.Position(*pmap.position(at))
        action = types.CodeAction(
            title=f"Suppress {f.rule} on this line, with a reason", kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag], edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(types.Range(pos, pos), text)]}))
        if show_document:
            # After the edit, select the placeholder so the writer types the reason over it
            # (the comment is ASCII: one code unit a character in every encoding).
            col = pos.character + text.index(PLACEHOLDER_REASON)
            action.command = types.Command(title="Write the reason", command=SUPPRESS_COMMAND,
                                           arguments=[uri, line, col, col + len(PLACEHOLDER_REASON)])
        suppress.append(action)
    return actions + suppress


def fix_all(uri: str, result: LintResult, pmap: PositionMap) -> types.CodeAction | None:
    """Every safe rewording of the page at once (what `check --fix` applies), for fix-on-save."""
    from claimlint import fixing

    edits = fixing.plan(pmap.text, result.findings, unsafe=False)
    if not edits:
        return None
    after = fixing.apply(pmap.text, edits)
    return types.CodeAction(
        title=f"Apply claimlint's safe rewordings ({len(edits)})", kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes={uri: [_minimal_edit(pmap, pmap.text, after)]}))


def _comment_point(pmap: PositionMap, line: int, fmt: str) -> int:
    """Where a same-line suppression comment goes: the line's end, but in Markdown before a
    hard break (trailing spaces or backslash) and inside a table row's last cell, where it stays
    part of the row."""
    start = pmap.index.starts[line]
    text = pmap.index.line_text(line + 1)
    if fmt not in ("markdown", "mdx"):
        return start + len(text)
    body = text.rstrip(" \t")
    if body.endswith("\\") or (body.endswith("|") and body.lstrip().startswith("|")):
        body = body[:-1].rstrip(" \t")
    return start + len(body)


_RAW_TEXT = re.compile(r"<(title|textarea|script|style)\b[^>]*>(?:(?!</\1).)*$", re.S | re.I)


def _can_comment(result: LintResult, offset: int) -> bool:
    """A comment appended at `offset` stays a comment (not text of an HTML <title> or <textarea>)."""
    if result.document.format != "html":
        return True
    return _RAW_TEXT.search(result.document.source, 0, offset) is None


def finding_at(result: LintResult, offset: int) -> list[Finding]:
    return [f for f in result.findings if f.start <= offset <= f.end]


def rule_doc(project: Project, rule_id: str) -> str:
    """What `claimlint rule ID` prints, built once per loaded rule pack."""
    text = project.docs.get(rule_id)
    if text is None:
        from claimlint.ruledoc import render_rule

        rule = project.ruleset.rule(rule_id)
        text = project.docs[rule_id] = render_rule(rule, project.ruleset) if rule else ""
    return text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def _esc(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _as_markdown(doc: str) -> str:
    """The terminal rule documentation as Markdown: headings bold, wrapped prose as paragraphs,
    the indented example and context lines as list items."""
    out = []
    heading_seen = False
    for line in doc.splitlines():
        if line.startswith("## "):
            heading_seen = True
            out.append(f"\n**{_esc(line[3:])}**\n")
        elif line.startswith(" ") and line.strip():
            item = line.strip()
            out.append(f"- {_esc(item[2:] if item.startswith('- ') else item)}")
        else:
            out.append(_esc(line) + ("  " if line and not heading_seen else ""))
    return "\n".join(out)


def hover(result: LintResult, pmap: PositionMap, offset: int, project: Project, markdown: bool) -> types.Hover | None:
    found = finding_at(result, offset)
    if not found:
        return None
    parts = []
    for f in found:
        head = f"{f.rule} ({f.code}) · {f.severity} · {f.category}"
        doc = rule_doc(project, f.rule)
        instead = [s or "(delete these words)" for s in f.suggestions]
        if markdown:
            parts.append(f"**{head}**\n\n{_esc(f.message)}\n\n" + "".join(f"- {_esc(s)}\n" for s in instead)
                         + "\n---\n" + _as_markdown(doc))
        else:
            parts.append(f"{head}\n{f.message}\n" + "".join(f"  → {s}\n" for s in instead) + "\n" + doc)
    first = min(found, key=lambda f: f.start)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
                                     value=("\n\n---\n\n" if markdown else "\n\n").join(parts)),
        range=_range(pmap, first.start, first.end))
