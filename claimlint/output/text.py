"""Human output: findings grouped by file, each with its source line and the
flagged words underlined, the severity in colour, the message, the rewording
and the command that explains the rule; then a summary table by category and
severity. Colour on a terminal or when FORCE_COLOR is set, never when
NO_COLOR is set. Excerpts fit the terminal's width; the flagged words are
the brightest thing on their line (bold, coloured, underlined) and only the
gutter is dim. The first line of each finding stays `path:line:col:
severity rule [code] message`, so editors and pre-commit users can jump to
it; `concise` prints only that line.
"""
from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict

from claimlint.output.json import summary

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
ANSI = {"error": "\x1b[1;31m", "warning": "\x1b[33m", "info": "\x1b[36m", "bold": "\x1b[1m", "dim": "\x1b[2m",
        "green": "\x1b[32m", "red": "\x1b[31m", "reset": "\x1b[0m"}
CONTEXT = 50  # at most this many characters of the source line on each side of the flagged words
MIN_CONTEXT = 12  # ... and at least this many, however narrow the terminal


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary_line(result) -> str:
    s = summary(result)
    line = (f"{_plural(s['findings'], 'finding')} ({s['error']} error, {s['warning']} warning, {s['info']} info) "
            f"in {_plural(s['files'], 'file')}.")
    if result.baselined:
        line += f" {result.baselined} more in the baseline."
    return line


def _notes(result) -> list[str]:
    notes = []
    for sup in result.suppressions:
        for problem in sup["problems"]:
            names = " ".join(sup["rules"]) or "all rules"
            kind = "" if sup["kind"] == "block" else "-" + sup["kind"]
            notes.append(f"{sup['path']}:{sup['line']}:{sup['column']}: note: claimlint-disable{kind} ({names}) {problem}")
    return notes


def render_text(result, sources: dict[str, str] | None = None, color: bool | None = None, quiet: bool = False,
                width: int | None = None) -> str:
    """Render to a string; `color` None means use_color(), `width` None the terminal's width (if any).

    quiet: the findings only, without notes, the table and the summary line."""
    from claimlint.terminal import safe_view

    result, sources = safe_view(result, sources)  # page text never reaches the terminal raw
    notes = [] if quiet else _notes(result)
    if not result.findings:
        return "\n".join(notes + ([] if quiet else [_summary_line(result)]))
    if color is None:
        color = use_color()
    if width is None:
        width = terminal_width()
    if not color:
        return _render_plain(result, sources or {}, notes, quiet, width)

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(record=True, width=width or 100, force_terminal=True, color_system="standard",
                      highlight=False, file=open(os.devnull, "w"))
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
            w = _window(f, lines, width)
            if w:
                gutter, before, flagged, after = w
                shown = Text()  # not Text(gutter, style=...): that style would be the whole line's base
                shown.append(gutter, style="dim")
                shown.append(before)
                shown.append(flagged, style=STYLE[f.severity].replace("bold ", "") + " bold underline")
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
    if quiet:
        return console.export_text(styles=True).rstrip("\n")

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
    return console.export_text(styles=True).rstrip("\n")


def use_color() -> bool:
    """Colour on a terminal or when FORCE_COLOR is set (https://force-color.org), never when
    NO_COLOR is set (https://no-color.org): NO_COLOR wins."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0", "false"):
        return True
    return sys.stdout.isatty()


def terminal_width() -> int | None:
    """The terminal's width, or COLUMNS when output is not a terminal; None when neither says."""
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    cols = os.environ.get("COLUMNS", "")
    return int(cols) if cols.isdigit() and int(cols) > 0 else None


def _window(f, lines: list[str], width: int | None = None) -> tuple[str, str, str, str] | None:
    """(gutter, text before, flagged text, text after) of the finding's source line, within `width`."""
    if not 0 < f.line <= len(lines):
        return None
    src = lines[f.line - 1].replace("\t", " ")
    end = f.end_column if f.end_line == f.line else len(src) + 1
    gutter = f"{f.line:>6} | "
    context = CONTEXT
    if width:
        room = width - len(gutter) - (end - f.column) - 2  # two ellipses
        context = max(MIN_CONTEXT, min(CONTEXT, room // 2))
    lo = max(0, f.column - 1 - context)
    hi = min(len(src), end - 1 + context)
    if width and (len(src) <= width - len(gutter)):
        lo, hi = 0, len(src)  # the whole line fits: show it all
    before = ("…" if lo else "") + src[lo:f.column - 1]
    after = src[end - 1:hi] + ("…" if hi < len(src) else "")
    return gutter, before, src[f.column - 1:end - 1], after


def render_concise(result, color: bool | None = None, quiet: bool = False) -> str:
    """One line per finding, `path:line:col: severity rule [code] message`, then the summary line."""
    if color is None:
        color = use_color()
    out = []
    for f in result.findings:
        sev = f"{ANSI[f.severity]}{f.severity}{ANSI['reset']}" if color else f.severity
        rule = f"{ANSI['bold']}{f.rule} [{f.code}]{ANSI['reset']}" if color else f"{f.rule} [{f.code}]"
        out.append(f"{f.path}:{f.line}:{f.column}: {sev} {rule} {f.message}")
    if not quiet:
        out += _notes(result) + [_summary_line(result)]
    return "\n".join(out)


def render_statistics(result, ruleset=None) -> str:
    """How many findings each rule has, most first, as `ruff --statistics` prints them."""
    counts = Counter((f.code, f.rule, f.severity) for f in result.findings)
    fixable = {r.id: r.fix for r in ruleset.rules} if ruleset else {}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not rows:
        return _summary_line(result)
    width = max(len(str(n)) for _, n in rows)
    rule_w = max(len(rule) for (_, rule, _), _ in rows)
    lines = [f"{n:>{width}}  {code:<6} {rule:<{rule_w}}  {sev:<7}  fix: {fixable.get(rule, '?')}"
             for (code, rule, sev), n in rows]
    return "\n".join(lines + [_summary_line(result)])


def color_diff(patch: str) -> str:
    """A unified diff coloured as git colours one: removed red, added green, hunks cyan."""
    out = []
    for line in patch.splitlines(keepends=True):
        body, nl = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        if line.startswith(("---", "+++")):
            out.append(f"{ANSI['bold']}{body}{ANSI['reset']}{nl}")
        elif line.startswith("@@"):
            out.append(f"{ANSI['info']}{body}{ANSI['reset']}{nl}")
        elif line.startswith("-"):
            out.append(f"{ANSI['red']}{body}{ANSI['reset']}{nl}")
        elif line.startswith("+"):
            out.append(f"{ANSI['green']}{body}{ANSI['reset']}{nl}")
        else:
            out.append(line)
    return "".join(out)


def _render_plain(result, sources: dict[str, str], notes: list[str], quiet: bool = False,
                  width: int | None = None) -> str:
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
            w = _window(f, lines, width)
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
    if quiet:
        return "\n".join(out).rstrip("\n")
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
