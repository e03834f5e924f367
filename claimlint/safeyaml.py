"""YAML for files written by others: the safe loader, with alias expansion bounded.

PyYAML's safe loader runs no code, but aliases still let 400 bytes stand for
billions of nodes ("billion laughs"); anything that walks the loaded data
(duplicate-key checks, schema validation, the rule builder) then hangs. As
safe loaders elsewhere do, a document whose aliases expand it beyond
MAX_NODES nodes (or beyond 10 times its written size), or whose alias refers
to itself, is rejected before anything walks it.
"""
from __future__ import annotations

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 200_000


class AliasBombError(yaml.MarkedYAMLError):
    pass


def check_expansion(root) -> None:
    """Raise AliasBombError if `root` (a composed node) expands past the bound."""
    if root is None:
        return
    sizes: dict[int, int] = {}
    distinct = 0
    stack = [(root, False)]
    active: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > max(MAX_NODES, 10 * max(distinct, 1)) and sizes[key] > 10_000:
                raise AliasBombError(problem=f"YAML aliases expand this document to more than {MAX_NODES:,} nodes "
                                     "(a 'billion laughs' file); write the values out instead",
                                     problem_mark=node.start_mark)
            continue
        if key in sizes:
            continue
        if key in active:
            raise AliasBombError(problem="a YAML alias refers to the node that contains it",
                                 problem_mark=node.start_mark)
        active.add(key)
        distinct += 1
        stack.append((node, True))
        for c in _children(node):
            if id(c) in active:
                raise AliasBombError(problem="a YAML alias refers to the node that contains it",
                                     problem_mark=c.start_mark)
            if id(c) not in sizes:
                stack.append((c, False))


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def compose_bounded(text: str):
    """(node, data) of a single-document YAML text; raises yaml.YAMLError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if "&" in text:  # no anchor, no alias: nothing to expand (and a 300,000-term lexicon is not walked)
            check_expansion(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def load_bounded(text: str):
    return compose_bounded(text)[1]
