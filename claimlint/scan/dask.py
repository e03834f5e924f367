"""The Dask engine: one task per input on a Dask cluster (`--master tcp://scheduler:8786`),
or on a local cluster of worker processes when no scheduler is named.

Dask's worker processes are daemonic, so each task lints in its own process
(the runner never forks there). The linter is scattered to the workers once.
"""
from __future__ import annotations

from claimlint.scan.rows import lint_units


def _task(linter, path):
    return lint_units(linter, [path])


def scan_dask(linter, units: list[str], master: str | None = None, jobs: int | None = None):
    """(rows, errors, pages)."""
    from dask.distributed import Client, LocalCluster

    if master:
        client, cluster = Client(master), None
    else:
        import os

        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        workers = jobs or cpus
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=50)
        client = Client(cluster)
    try:
        shared = client.scatter(linter, broadcast=True)
        futures = client.map(_task, [shared] * len(units), units, pure=False)
        rows, errors, pages = [], [], 0
        for r, e, n in client.gather(futures):
            rows += r
            errors += e
            pages += n
        return rows, errors, pages
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
