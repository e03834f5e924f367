"""The local engine: this machine's cores, through the same runner as `check`."""
from __future__ import annotations

from claimlint.scan.rows import to_row


def scan_local(linter, units: list[str], jobs: int | None = None, on_rows=None):
    """(rows, errors, pages); `on_rows` receives each input's rows as it is linted (streaming)."""
    from claimlint.runner import run

    def stream(findings):
        if on_rows is not None:
            on_rows([to_row(f.to_json()) for f in findings])

    result = run(linter, units, jobs=jobs, on_findings=stream)
    return [to_row(f.to_json()) for f in result.findings], result.errors, result.files
