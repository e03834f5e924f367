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
A one-shot run also collects rarely while it starts and lints (`started()`).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

_freeze = False


_ONE_SHOT_THRESHOLD = 100_000  # allocations between collections in a one-shot run (see started)
_starting = False  # a one-shot run whose start-up is not yet frozen


def one_shot() -> None:
    """This process ends after one command: freeze what paused blocks build, and collect
    nothing while it starts (see started)."""
    global _freeze, _starting
    if not _freeze:
        _starting = True
        threshold = gc.get_threshold()
        gc.set_threshold(max(threshold[0], _ONE_SHOT_THRESHOLD), *threshold[1:])
    _freeze = True


def started() -> None:
    """A one-shot run's start-up is over (its configuration and rule pack are loaded and a
    linter is made): what it built is frozen, and the collector goes on running every
    100,000 allocations (`_ONE_SHOT_THRESHOLD`, set by one_shot), not 700, while the run lints.

    Start-up builds modules, functions, classes and the rule pack, which live until the
    process ends: the ~45 collections it used to trigger (a clean page's run made about 47
    in all) found nearly nothing, and scanning for it was about 2% of that run. Collections
    are rarer rather than off, so a command still collects what cyclic garbage it makes.
    Judging makes next to none: on 1 MB where every sentence is a claim, the ~440
    collections it triggered at 700 found nothing and took about 0.1 CPU s (3% of that
    run); at 100,000 it triggers two. A long-running process (the language server, the
    Python API) never calls one_shot and keeps Python's thresholds."""
    global _starting
    if _starting:
        gc.freeze()
        _starting = False


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
