"""The Spark engine: one Python task per input, results back through Arrow.

The inputs' paths become a one-column DataFrame spread over the cluster;
`mapInArrow` runs a Python function on each partition that lints its own
inputs (as Common Crawl's cc-pyspark jobs read their own WARC files) and
yields Arrow record batches, one row per finding. The linter travels once
per executor as a broadcast variable (it pickles; spaCy is re-attached on
arrival). File errors and page counts travel in the same batches, marked by
an internal `_kind` column, and are split off on the driver.

Paths must be readable by the executors under the same name: on a cluster,
give absolute paths on a shared file system.
"""
from __future__ import annotations

from claimlint.scan.rows import COLUMNS, NAMES, arrow_schema, lint_units, spark_ddl


class EngineError(Exception):
    """Spark could not start (no Java, a bad master URL)."""


def _session(master: str | None):
    from pyspark.sql import SparkSession

    import os

    builder = SparkSession.builder.appName("claimlint scan")
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local"):
        # Local mode talks to itself only: bind to the loopback interface, not the machine's address.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    builder = (builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "8"))
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # JAVA_GATEWAY_EXITED and friends
        raise EngineError(f"Spark did not start ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                          "it needs a Java runtime (java on PATH or JAVA_HOME)") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _partition_function(shared):
    """The function mapInArrow runs on each partition of input paths."""

    def lint_partition(batches):
        import pyarrow as pa

        linter = shared.value
        schema = pa.schema(list(arrow_schema()) + [pa.field("_kind", pa.string())])
        for batch in batches:
            for path in batch.column(0).to_pylist():
                rows, errors, pages = lint_units(linter, [path])
                out = [{**r, "_kind": "finding"} for r in rows]
                out += [{**dict.fromkeys(NAMES), "path": path, "message": e, "_kind": "error"} for e in errors]
                out.append({**dict.fromkeys(NAMES), "path": path, "line": pages, "_kind": "pages"})
                yield pa.RecordBatch.from_pylist(out, schema=schema)

    return lint_partition


def scan_spark(linter, units: list[str], master: str | None = None, output: str | None = None,
               partitions: int | None = None):
    """(rows, errors, pages). With `output` (a .parquet path), the executors write the
    findings there as a Parquet dataset, and the first item is the count by severity."""
    spark = _session(master)
    try:
        _ = linter.compiled  # compile once on the driver; the executors receive it built
        shared = spark.sparkContext.broadcast(linter)
        n = partitions or max(1, min(len(units), spark.sparkContext.defaultParallelism * 4))
        paths = spark.createDataFrame([(u,) for u in units], "path string").repartition(n)
        results = paths.mapInArrow(_partition_function(shared), spark_ddl() + ", `_kind` string").cache()
        meta = results.filter("_kind != 'finding'").select("_kind", "path", "message", "line").collect()
        errors = [r["message"] for r in meta if r["_kind"] == "error"]
        pages = sum(r["line"] or 0 for r in meta if r["_kind"] == "pages")
        findings = results.filter("_kind = 'finding'").select(*[f"`{c}`" for c, _, _ in COLUMNS])
        if output:
            findings.coalesce(max(1, min(n, 64))).write.mode("overwrite").parquet(output)
            counts = {r["severity"]: r["count"] for r in findings.groupBy("severity").count().collect()}
            return counts, errors, pages
        return [r.asDict() for r in findings.collect()], errors, pages
    finally:
        spark.stop()
