"""`claimlint server`: a Language Server Protocol server for editors.

Needs the `server` extra (pygls); without it `claimlint server` says how to
install it instead of failing with a traceback.
"""
from __future__ import annotations

from claimlint.extras import install_hint

INSTALL_HINT = f"claimlint server needs the language-server extra: {install_hint('server')} (or pip install pygls)"


def available() -> bool:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        return False
    return True


def serve() -> None:
    from claimlint.server.app import serve as run

    run()
