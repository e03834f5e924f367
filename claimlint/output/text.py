"""Human output: findings grouped by file, each with its source line and the
flagged words underlined, the severity in colour, the message, the rewording
and the command that explains the rule; then a summary table by category and
severity. Colour only on a terminal, and never when NO_COLOR is set (rich
does both). The first line of each finding stays `path:line:col: severity
rule [code] message`, so editors and pre-commit users can jump to it.
"""
from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict

from claimlint.output.json import summary

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
CONTEXT = 50  # characters of the source line shown on each side of the flagged words


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary_line(result) -> str:
    s = summary(result)
    line = (f"{_plural(s['findings'], 'finding')} ({s['error']} error, {s['warning']} warning, {s['info']} info) "
            f"in {_plural(s['files'], 'file')}.")
    if result.baselined:
        line += f" {result.baselined} more in the baseline."
    return line


def render_text(result, sources: dict[str, str] | None = None, color: bool | None = None) -> str:
    """Render to a string; `color` None means: colour if standard output is a terminal."""
    notes = []
    for sup in result.suppressions:
        for problem in sup["problems"]:
            names = " ".join(sup["rules"]) or "all rules"
            kind = "" if sup["kind"] == "block" else "-" + sup["kind"]
            notes.append(f"{sup['path']}:{sup['line']}:{sup['column']}: note: claimlint-disable{kind} ({names}) {problem}")
    if not result.findings:
        return "\n".join(notes + [_summary_line(result)])
    if color is None:
        color = use_color()
    if not color:
        return _render_plain(result, sources or {}, notes)

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(record=True, width=max(100, min(160, _terminal_width())), force_terminal=color,
                      no_color=not color, color_system="auto" if color else None, highlight=False,
                      file=open(os.devnull, "w"))
    by_file = defaultdict(list)
    for f in result.findings:
        by_file[f.path].append(f)
    for path, findings in by_file.items():
        console.print(Text(path, style="bold underline"))
        lines = (sources or {}).get(path, "").splitlines()
        for f in findings:
            head = Text(f"{f.path}:{f.line}:{f.column}: ")
            head.append(f.severity, style=STYLE[f.severity])
            head.append(f" {f.rule} [{f.code}] ", style="bold")
            head.append(f.message)
            console.print(head, soft_wrap=True)
            w = _window(f, lines)
            if w:
                gutter, before, flagged, after = w
                shown = Text(gutter, style="dim")
                shown.append(before)
                shown.append(flagged, style=STYLE[f.severity] + " underline")
                shown.append(after)
                console.print(shown, soft_wrap=True)
                console.print(Text(" " * (len(gutter) + len(before)) + "^" * max(1, len(flagged)), style=STYLE[f.severity]),
                              soft_wrap=True)
            else:
                console.print(Text(f"    {f.text}"))
            if f.suggestions:
                first = f.suggestions[0]
                sug = Text("    suggestion: ", style="green")
                sug.append(first if first else f"delete {f.text!r}")
                console.print(sug, soft_wrap=True)
            console.print(Text(f"    explain: claimlint rule {f.rule}", style="dim"))
        console.print()
    for n in notes:
        console.print(Text(n, style="dim"), soft_wrap=True)

    counts = Counter((f.category, f.severity) for f in result.findings)
    table = Table(title="Findings by category and severity", title_justify="left", show_footer=True)
    table.add_column("category", footer="total")
    totals = Counter(f.severity for f in result.findings)
    for sev in ("error", "warning", "info"):
        table.add_column(sev, justify="right", style=STYLE[sev], footer=str(totals[sev]))
    for cat in sorted({c for c, _ in counts}):
        table.add_row(cat, *[str(counts[(cat, s)] or "") for s in ("error", "warning", "info")])
    console.print(table)
    console.print(Text(_summary_line(result), style="bold"))
    return console.export_text(styles=color).rstrip("\n")


def use_color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _window(f, lines: list[str]) -> tuple[str, str, str, str] | None:
    """(gutter, text before, flagged text, text after) of the finding's source line."""
    if not 0 < f.line <= len(lines):
        return None
    src = lines[f.line - 1].replace("\t", " ")
    end = f.end_column if f.end_line == f.line else len(src) + 1
    lo = max(0, f.column - 1 - CONTEXT)
    hi = min(len(src), end - 1 + CONTEXT)
    before = ("…" if lo else "") + src[lo:f.column - 1]
    after = src[end - 1:hi] + ("…" if hi < len(src) else "")
    return f"{f.line:>6} | ", before, src[f.column - 1:end - 1], after


def _render_plain(result, sources: dict[str, str], notes: list[str]) -> str:
    """The same report without colour, and without importing rich (piped output, pre-commit, CI)."""
    out: list[str] = []
    by_file = defaultdict(list)
    for f in result.findings:
        by_file[f.path].append(f)
    for path, findings in by_file.items():
        out.append(path)
        lines = sources.get(path, "").splitlines()
        for f in findings:
            out.append(f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} [{f.code}] {f.message}")
            w = _window(f, lines)
            if w:
                gutter, before, flagged, after = w
                out.append(gutter + before + flagged + after)
                out.append(" " * (len(gutter) + len(before)) + "^" * max(1, len(flagged)))
            else:
                out.append(f"    {f.text}")
            if f.suggestions:
                out.append("    suggestion: " + (f.suggestions[0] or f"delete {f.text!r}"))
            out.append(f"    explain: claimlint rule {f.rule}")
        out.append("")
    out += notes
    counts = Counter((f.category, f.severity) for f in result.findings)
    cats = sorted({c for c, _ in counts})
    width = max(len("category"), *(len(c) for c in cats))
    out.append("Findings by category and severity")
    out.append(f"{'category':<{width}}  {'error':>7} {'warning':>7} {'info':>7}")
    for c in cats:
        out.append(f"{c:<{width}}  " + " ".join(f"{counts[(c, s)] or '':>7}" for s in ("error", "warning", "info")))
    totals = Counter(f.severity for f in result.findings)
    out.append(f"{'total':<{width}}  " + " ".join(f"{totals[s]:>7}" for s in ("error", "warning", "info")))
    out.append(_summary_line(result))
    return "\n".join(out)


def _terminal_width() -> int:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError):
        return 100
