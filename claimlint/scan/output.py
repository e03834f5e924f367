"""Where scan results go: JSON Lines (a file or standard output) or one Parquet file.

Files are written to a temporary name beside the target and renamed, so an
interrupted scan never leaves half a table under the name asked for.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from claimlint.scan.rows import to_finding


class OutputError(Exception):
    pass


def kind_of(output: str | None) -> str:
    if output is None or output == "-":
        return "stdout"
    if output.endswith(".parquet"):
        return "parquet"
    if output.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    raise OutputError(f"{output}: name the output .parquet or .jsonl")


def check_target(output: str, engine: str) -> None:
    """Refuse to overwrite what is not a previous findings table (Spark replaces a whole folder)."""
    p = Path(output)
    if not p.exists():
        if not p.parent.exists():
            raise OutputError(f"{output}: folder {p.parent} does not exist")
        return
    if p.is_dir():
        if engine != "spark":
            raise OutputError(f"{output}: is a folder (a Spark dataset?); give a new file name")
        if not all(c.name.startswith(("part-", "_", ".")) for c in p.iterdir()):
            raise OutputError(f"{output}: is a folder that is not a Parquet dataset; refusing to replace it")
    elif engine == "spark":
        raise OutputError(f"{output}: is a file; Spark writes a Parquet dataset (a folder): give a new name")


def write_jsonl(rows, fh) -> None:
    for row in rows:
        fh.write(json.dumps(to_finding(row), ensure_ascii=False, separators=(",", ":")) + "\n")


def write(rows: list[dict], output: str) -> None:
    target = Path(output)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if kind_of(output) == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            from claimlint.scan.rows import arrow_schema

            pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema()), tmp)
        else:
            with open(tmp, "w", encoding="utf-8") as fh:
                write_jsonl(rows, fh)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
