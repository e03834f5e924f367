"""Optional extras in tests: skip where one is not installed, fail where CI said it must be.

.ci/run installs the extras (spark, dask, crawl, main-content) and sets
CLAIMLINT_REQUIRE_ENGINES=1, so there a missing one fails the run instead
of silently skipping its tests."""
from __future__ import annotations

import importlib.util
import os

import pytest

REQUIRED = os.environ.get("CLAIMLINT_REQUIRE_ENGINES") == "1"


def need(module: str, extra: str) -> None:
    if importlib.util.find_spec(module) is None:
        if REQUIRED:
            pytest.fail(f"{module} is not installed but CLAIMLINT_REQUIRE_ENGINES=1 (pip install '.[{extra}]')")
        pytest.skip(f"{module} not installed (pip install '.[{extra}]')")
