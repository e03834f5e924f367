"""The compiled rules' packed parts are opened once, whichever thread asks first.

Opening takes the packed parts out of the object before it puts the opened
ones back; a second thread asking meanwhile (a Dask worker pickling its
scattered copy while a task lints with it) must wait, not find neither.
"""
from __future__ import annotations

import pickle
import threading
import time

from claimlint.engine import Linter
from claimlint.judge import packing
from claimlint.ruleset.loader import load_ruleset


def _packed_copy():
    compiled = Linter(load_ruleset()).compiled
    copy = pickle.loads(pickle.dumps(compiled))
    assert "modifiers" not in copy.__dict__ and "_packed" in copy.__dict__  # still packed
    return copy


def _race(copy, actions, monkeypatch):
    """Run each action in its own thread while opening is slowed down; their errors."""
    real_loads = packing.loads

    def slow_loads(*args, **kwargs):
        time.sleep(0.2)  # widen the window between taking the parts out and putting them back
        return real_loads(*args, **kwargs)

    monkeypatch.setattr(packing, "loads", slow_loads)
    errors, results = [], []
    start = threading.Barrier(len(actions))

    def run(action):
        start.wait()
        try:
            results.append(action(copy))
        except Exception as exc:  # the failure under test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors, results


def test_threads_asking_for_a_packed_part_at_once_all_get_it(monkeypatch):
    copy = _packed_copy()
    errors, results = _race(copy, [lambda c: c.modifiers] * 4, monkeypatch)
    assert errors == []
    assert len(results) == 4 and all(r is results[0] for r in results)


def test_pickling_while_another_thread_opens_the_parts(monkeypatch):
    copy = _packed_copy()
    errors, results = _race(copy, [lambda c: c.constraints, lambda c: pickle.dumps(c), lambda c: c.modifiers],
                            monkeypatch)
    assert errors == []
    again = pickle.loads(next(r for r in results if isinstance(r, bytes)))
    assert type(again.modifiers).__name__ == "ModifierFinder"
