"""Build large long-lived structures without the cyclic garbage collector running.

Unpickling the compiled rules creates about half a million objects, and the
collector, triggered every 700 allocations, rescans the growing heap again
and again: loading them took 0.40 CPU s with it and 0.08 s without. Nothing
built here is garbage, so the collector has nothing to find until the build
is over; it is switched back on (if it was on) as soon as the block ends.

Switched back on, it would still scan every one of those objects once more
(about 0.1 s) the next time it runs. A command-line run, which ends soon
after, calls `one_shot()`: then what an unpickling block (`paused(freeze=True)`,
which makes no garbage) built is moved out of the collector's reach
(gc.freeze) instead. A long-running process (the language server, the
Python API) does not, so its reloaded rules stay collectable; and a block that
computes (compiling rules) is never frozen, so its cyclic garbage is collected.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

_freeze = False


def one_shot() -> None:
    """This process ends after one command: freeze what paused blocks build."""
    global _freeze
    _freeze = True


@contextmanager
def paused(freeze: bool = False):
    """Run the block with the cyclic collector off; reference counting still frees memory.
    freeze: the block only builds long-lived objects (unpickling); in a one-shot run they
    are then frozen."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze and _freeze:
            gc.freeze()  # what exists now lives until the process exits: never scan it again
        if was_enabled:
            gc.enable()
