"""How to install an optional extra, said one way everywhere a missing one is reported.

claimlint is installed from its checkout (`pip install .`), so the hint names
the extra in that form; each caller says what needed it.
"""
from __future__ import annotations


def install_hint(extra: str) -> str:
    """The command that installs `extra`, e.g. "pip install '.[server]' in claimlint's checkout"."""
    return f"pip install '.[{extra}]' in claimlint's checkout"
