"""Which matcher core runs: the compiled one (`_cmatch`, C) or the Python nodes.

The Python nodes in matcher.py are the reference; the C core gives the same
matches several times faster. `CLAIMLINT_MATCHER=py` forces Python (for
comparisons); `CLAIMLINT_MATCHER=c` makes a missing extension an error (with CI set,
tests/test_cmatch.py fails the same way, so a clean clone proves the build compiled it). Otherwise a missing extension (a
machine without a C compiler) falls back to Python silently, or with one
note on stderr when `CLAIMLINT_DEBUG` is set.
"""
from __future__ import annotations

import os
import sys
from functools import lru_cache


@lru_cache(maxsize=1)
def load_core():
    """The compiled core's module, or None when Python matches: decided once a process, for
    every module that asks (matcher.py, lexicons.py), so a missing extension is noted once."""
    choice = os.environ.get("CLAIMLINT_MATCHER", "").strip().lower()
    if choice == "py":
        return None
    try:
        from claimlint.patterns import _cmatch
    except ImportError as err:
        if choice == "c":
            raise ImportError("CLAIMLINT_MATCHER=c, but claimlint's compiled matcher (claimlint/patterns/_cmatch.c) "
                              "is not built: reinstall with a C compiler and Python's headers "
                              "(pip install .)") from err
        if os.environ.get("CLAIMLINT_DEBUG"):
            print(f"claimlint: compiled matcher not available ({err}); matching in Python", file=sys.stderr)
        return None
    return _cmatch
