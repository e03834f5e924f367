"""Pickling a compiled build without copies of the rule pack it was built from.

A compiled build (compiled.py) points at the pack's own objects: its rules, their
pattern specs and requirement lists, its modifiers and lexicons. Its cache entry
is always read after the pack is loaded, so the entry names those objects
(`("rule", "cure-claim")`) instead of holding a second copy, which halves what
a run unpickles. The same names let parts of a build that most pages never need
(the constraints, the modifiers, rewording agreement) be packed into bytes that
are opened on first use, while still pointing at the one copy of each pattern.
"""
from __future__ import annotations

import io
import pickle
from functools import cached_property

_SPEC_FIELDS = ("patterns", "requires", "unless", "unless_sentence", "unless_lead_in")


def _named(rules, modifiers, lexicons):
    """(name, object) for every pack object a build may point at."""
    for rule in rules:
        yield ("rule", rule.id), rule
        for field in _SPEC_FIELDS:
            for j, spec in enumerate(getattr(rule, field)):
                yield ("spec", rule.id, field, j), spec
                if spec.requirements is not None:
                    yield ("reqs", rule.id, field, j), spec.requirements
                    # Each alternative too: the indexes' gates file alternatives, not whole lists.
                    for a, alternative in enumerate(spec.requirements):
                        yield ("alt", rule.id, field, j, a), alternative
    for i, m in enumerate(modifiers):
        yield ("modifier", i), m
    for name, lex in lexicons.items():
        yield ("lexicon", name), lex


class PackObjects:
    """The names of a rule pack's objects, both ways."""

    def __init__(self, rules, modifiers, lexicons, patterns: dict | None = None) -> None:
        pairs = list(_named(rules, modifiers, lexicons))
        if patterns:
            pairs += [(("pattern", source), p) for source, p in patterns.items()]
        self.by_name = dict(pairs)

    @cached_property
    def names(self) -> dict:
        """id -> name, for writing (a run that only reads an entry never needs it)."""
        return {id(obj): name for name, obj in self.by_name.items()}

    def persistent_id(self, obj):
        return self.names.get(id(obj))

    def persistent_load(self, name):
        try:
            return self.by_name[tuple(name)]
        except KeyError:
            raise pickle.UnpicklingError(f"no pack object named {name!r}") from None


def dumps(value, objects: PackObjects) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.persistent_id = objects.persistent_id
    pickler.dump(value)
    return out.getvalue()


def loads(data, objects: PackObjects):
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = objects.persistent_load
    return unpickler.load()


def reachable(root, kind) -> list:
    """Every object of `kind` in root's attributes and the containers they hold (the patterns
    an index points at), not looking inside any other object."""
    seen: set[int] = set()
    found: list = []
    stack = list(vars(root).values())
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, kind):
            found.append(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
    return found
