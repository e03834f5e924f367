"""The findings table: one row per finding, and the task every engine runs.

The columns are the JSON contract's finding keys, the web-archive columns
(url, warc_file, warc_record_offset, warc_record_length, warc_record_id),
and `extra`: any other key a finding has, as a JSON object, so a key added
to findings later is kept rather than dropped. A task returns its findings
and, separately, its file errors and how many pages it linted.
"""
from __future__ import annotations

import json

# (name, Arrow type name, Spark SQL type) in table order.
COLUMNS = [
    ("path", "string", "string"), ("line", "int32", "int"), ("column", "int32", "int"),
    ("end_line", "int32", "int"), ("end_column", "int32", "int"), ("rule", "string", "string"),
    ("code", "string", "string"), ("category", "string", "string"), ("severity", "string", "string"),
    ("message", "string", "string"), ("text", "string", "string"), ("suggestions", "list<string>", "array<string>"),
    ("fix", "string", "string"), ("sentence", "string", "string"),
    ("paragraph", "int32", "int"), ("paragraph_line", "int32", "int"),
    ("url", "string", "string"), ("warc_file", "string", "string"), ("warc_record_offset", "int64", "bigint"),
    ("warc_record_length", "int64", "bigint"), ("warc_record_id", "string", "string"), ("extra", "string", "string"),
]
NAMES = [c[0] for c in COLUMNS]
_KNOWN = set(NAMES) - {"extra"}


def to_row(finding: dict) -> dict:
    """A JSON-contract finding as a table row (every column present)."""
    row = {name: finding.get(name) for name in NAMES if name != "extra"}
    rest = {k: v for k, v in finding.items() if k not in _KNOWN}
    row["extra"] = json.dumps(rest, ensure_ascii=False, sort_keys=True) if rest else None
    return row


def to_finding(row: dict) -> dict:
    """Back from a row to the JSON-contract finding (the keys it had)."""
    out = {k: row[k] for k in NAMES if k != "extra" and row.get(k) is not None}
    out["suggestions"] = list(row.get("suggestions") or [])
    if row.get("extra"):
        out.update(json.loads(row["extra"]))
    return out


def arrow_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(), "list<string>": pa.list_(pa.string())}
    return pa.schema([(name, types[t]) for name, t, _ in COLUMNS])


def spark_ddl() -> str:
    return ", ".join(f"`{name}` {t}" for name, _, t in COLUMNS)


def lint_units(linter, paths) -> tuple[list[dict], list[str], int]:
    """Lint inputs in this process: (rows, file errors, pages linted). What every engine's task runs."""
    from claimlint.runner import run

    result = run(linter, list(paths), jobs=1)
    return [to_row(f.to_json()) for f in result.findings], result.errors, result.files
