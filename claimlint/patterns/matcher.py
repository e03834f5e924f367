"""Compiled patterns: a parsed pattern turned into nodes that match a token view.

Patterns are compiled once against a tokenizer, so words written in rules
are split exactly as text will be. Each compiled pattern knows the tokens it
can start with (see index.py, which tries it only there) and the words a
sentence must contain for it to match (see requirements.py).
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, NamedTuple

from claimlint.patterns.inflect import surface_forms
from claimlint.patterns.lexicons import LexiconSet, PhraseTrie, Tokenize
from claimlint.patterns.native import load_core
from claimlint.patterns.requirements import pattern_requirements
from claimlint.patterns.tokens import TokenView

if TYPE_CHECKING:
    from claimlint.patterns.syntax import Item


class Capture(NamedTuple):
    """A named part of a match: a lexicon phrase (with its entry's attributes), a number,
    a gap (`_gap`) or the marked part to report (`_mark`)."""

    name: str
    start: int
    end: int
    entry: dict


# ---- compiled nodes: each yields (end, captures) for a start position -----

class _Node:
    def run(self, view: TokenView, i: int, caps: tuple) -> Iterator[tuple[int, tuple]]:
        raise NotImplementedError

    def flat(self) -> tuple:
        """This node as the nested tuples the compiled core (_cmatch.c) is built from."""
        raise NotImplementedError

    def ends(self, view: TokenView, i: int) -> set[int]:
        """Every end position a match starting at i can reach (no captures): fast, for rejecting."""
        return {end for end, _ in self.run(view, i, ())}


class _WordNode(_Node):
    def __init__(self, trie: PhraseTrie) -> None:
        self.trie = trie
        # Most words are one token: then a set lookup is the whole match.
        one_token = all(not rest for entries in trie.first.values() for rest, _ in entries)
        self.single = frozenset(trie.first) if one_token else None

    def __getstate__(self):
        # A one-token word matches by its set alone: its trie is left out of the pickle
        # (the compiled rules hold about 13,000 such words; their tries were a third of
        # the objects the cache had to rebuild on every run).
        if self.single is not None:
            return {"trie": None, "single": self.single}
        return self.__dict__

    def flat(self):
        return ("word", self.single) if self.single is not None else ("trie", self.trie.first)

    def run(self, view, i, caps):
        i = view.skip(i)
        if self.single is not None:
            if i < view.limit and view.norms[i] in self.single:
                yield i + 1, caps
            return
        for end, _ in self.trie.match(view, i):
            yield end, caps

    def ends(self, view, i):
        i = view.skip(i)
        if self.single is not None:
            return {i + 1} if i < view.limit and view.norms[i] in self.single else set()
        return {end for end, _ in self.trie.match(view, i)}


class _LexNode(_Node):
    def __init__(self, name: str, form: str | None) -> None:
        self.name, self.form = name, form

    def flat(self):
        return ("lex", self.name, self.form)

    def run(self, view, i, caps):
        i = view.skip(i)
        if i >= view.limit:
            return
        for end, entry in view.lexicon_at(self.name, self.form, i):
            if end <= view.limit:
                yield end, caps + (Capture(self.name, i, end, entry),)

    def ends(self, view, i):
        i = view.skip(i)
        if i >= view.limit:
            return set()
        return {end for end, _ in view.lexicon_at(self.name, self.form, i) if end <= view.limit}


class _NumNode(_Node):
    def flat(self):
        return ("num",)

    def run(self, view, i, caps):
        i = view.skip(i)
        if i < view.limit and view.nums[i]:
            yield i + 1, caps + (Capture("number", i, i + 1, {}),)

    def ends(self, view, i):
        i = view.skip(i)
        return {i + 1} if i < view.limit and view.nums[i] else set()


class _GapNode(_Node):
    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def flat(self):
        return ("gap", self.low, self.high)

    def ends(self, view, i):
        out, j, count = set(), i, 0
        while True:
            if count >= self.low:
                out.add(j)
            if count == self.high:
                return out
            j = view.skip(j)
            if j >= view.limit or view.barrier[j]:
                return out
            j += 1
            count += 1

    def run(self, view, i, caps):
        j = i
        count = 0
        while True:
            if count >= self.low:
                yield j, (caps + (Capture("_gap", i, j, {}),) if j > i else caps)
            if count == self.high:
                return
            j = view.skip(j)
            if j >= view.limit or view.barrier[j]:
                return
            j += 1
            count += 1


class _SeqNode(_Node):
    def __init__(self, items: list[tuple[_Node, bool]]) -> None:
        self.items = items

    def flat(self):
        return ("seq", tuple((node.flat(), bool(optional)) for node, optional in self.items))

    def ends(self, view, i):
        reachable = {i}
        for node, optional in self.items:
            nxt: set[int] = set()
            for pos in reachable:
                nxt |= node.ends(view, pos)
            if optional:
                nxt |= reachable
            if not nxt:
                return nxt
            reachable = nxt
        return reachable

    def run(self, view, i, caps):
        """Each reachable end once, with the captures of the first path (in the order a
        depth-first walk would take) that reaches it.

        Item by item, each position is kept once, with its first captures: the work is
        items x positions x choices, where enumerating every path (five {0,25} gaps: 25^5
        of them) is exponential. A position's continuation depends only on the position,
        so the first path to each end is the one the depth-first walk would find first.
        """
        states = {i: caps}
        for node, optional in self.items:
            nxt: dict[int, tuple] = {}
            for pos, c in states.items():
                for end, c2 in node.run(view, pos, c):
                    if end not in nxt:
                        nxt[end] = c2
                if optional and pos not in nxt:
                    nxt[pos] = c
            if not nxt:
                return
            states = nxt
        yield from states.items()


class _MarkNode(_Node):
    def __init__(self, inner: _Node) -> None:
        self.inner = inner

    def flat(self):
        return ("mark", self.inner.flat())

    def ends(self, view, i):
        start = view.skip(i)
        return {e for e in self.inner.ends(view, i) if e > start}

    def run(self, view, i, caps):
        start = view.skip(i)
        for end, c in self.inner.run(view, i, caps):
            if end > start:
                yield end, c + (Capture("_mark", start, end, {}),)


class _AltNode(_Node):
    def __init__(self, alternatives: list[_Node]) -> None:
        self.alternatives = alternatives

    def flat(self):
        return ("alt", tuple(alt.flat() for alt in self.alternatives))

    def ends(self, view, i):
        out: set[int] = set()
        for alt in self.alternatives:
            out |= alt.ends(view, i)
        return out

    def run(self, view, i, caps):
        seen: set[int] = set()
        for alt in self.alternatives:
            for end, c in alt.run(view, i, caps):
                if end not in seen:  # the first alternative to reach an end wins, as before
                    seen.add(end)
                    yield end, c


@dataclass
class Starts:
    """Where a compiled pattern can begin."""

    words: set[str] = field(default_factory=set)
    lexicons: set[tuple[str, str | None]] = field(default_factory=set)
    number: bool = False
    anywhere: bool = False

    def update(self, other: "Starts") -> None:
        self.words |= other.words
        self.lexicons |= other.lexicons
        self.number |= other.number
        self.anywhere |= other.anywhere


_CORE = load_core()  # the compiled core (C), or None: matching stays in Python (see native.py)


class CompiledPattern:
    """One pattern, ready to match: compiled from its parse tree (parsed once, at loading)."""

    _program = None  # the compiled core's program, built on first use; False when Python matches

    def __init__(self, source: str, tokenize: Tokenize, lexicons: LexiconSet, tree=None, requirements=None) -> None:
        self.source = source
        self._tokenize = tokenize
        self._lexicons = lexicons
        self.lexicons_used: set[tuple[str, str | None]] = set()
        if tree is None:
            from claimlint.patterns.syntax import parse_pattern  # the tree's module: only a build reads it

            tree = parse_pattern(source)
        self.node, self.starts = self._alts(tree)
        # Words a sentence must contain for this pattern to match (see requirements.py).
        self.requirements = requirements if requirements is not None else pattern_requirements(tree, lexicons.data)

    def _alts(self, alts) -> tuple[_Node, Starts]:
        nodes, starts = [], Starts()
        for seq in alts:
            node, s = self._seq(seq)
            nodes.append(node)
            starts.update(s)
        return (nodes[0] if len(nodes) == 1 else _AltNode(nodes)), starts

    def _seq(self, seq: tuple[Item, ...]) -> tuple[_Node, Starts]:
        items, starts = [], Starts()
        open_start = True
        for item in seq:
            node, s = self._atom(item.atom)
            items.append((node, item.optional))
            if open_start:
                starts.update(s)
                if not item.optional:
                    open_start = False
        return _SeqNode(items), starts

    def _atom(self, atom) -> tuple[_Node, Starts]:
        from claimlint.patterns.syntax import Gap, Group, Lex, Mark, Num, Word

        if isinstance(atom, Word):
            trie = PhraseTrie()
            for text, exact, form in atom.alternatives:
                for variant in surface_forms(text, exact, form):
                    toks = self._tokenize(variant)
                    if toks:
                        trie.add(toks, None)
            return _WordNode(trie), Starts(words=set(trie.first))
        if isinstance(atom, Lex):
            if atom.name not in self._lexicons.data:
                raise KeyError(atom.name)
            self.lexicons_used.add((atom.name, atom.form))
            return _LexNode(atom.name, atom.form), Starts(lexicons={(atom.name, atom.form)})
        if isinstance(atom, Num):
            return _NumNode(), Starts(number=True)
        if isinstance(atom, Gap):
            return _GapNode(atom.low, atom.high), Starts(anywhere=True)
        if isinstance(atom, Group):
            return self._alts(atom.alternatives)
        if isinstance(atom, Mark):
            node, starts = self._alts(atom.alternatives)
            return _MarkNode(node), starts
        raise TypeError(atom)

    def __getstate__(self):
        # The compiled core's program is built from the nodes after unpickling, never pickled.
        # The nodes are pickled as one bytes object per pattern and opened on first use
        # (__getattr__): a page tries a few dozen of the pack's ~700 patterns, and unpickling
        # every node tree was half of what loading the compiled rules cost.
        state = self.__dict__.copy()
        state.pop("_program", None)
        node = state.pop("node", None)
        if node is not None:
            state["_node_packed"] = pickle.dumps(node, protocol=pickle.HIGHEST_PROTOCOL)
        else:
            state["_node_packed"] = self.__dict__["_node_packed"]
        return state

    def __getattr__(self, name: str):
        # Only reached for attributes not set: the node tree of an unpickled pattern.
        packed = self.__dict__.get("_node_packed") if name == "node" else None
        if packed is None:
            raise AttributeError(name)
        node = self.__dict__["node"] = pickle.loads(packed)  # from the authenticated compiled-rules entry
        del self.__dict__["_node_packed"]
        return node

    def program(self):
        """The compiled core's program for this pattern (built once), or None without the core."""
        if self._program is None:
            self._program = _CORE.Program(self.node.flat(), Capture) if _CORE is not None else False
        return self._program or None

    def match_at(self, view: TokenView, i: int) -> tuple[int, tuple] | None:
        """The longest match starting at token i, as (end, captures): by the compiled core when
        it is built (the same answer, see tests/test_cmatch.py), else by the Python nodes."""
        program = self._program
        if program is None:
            program = self.program() or False
        if program:
            return program.match_at(view, i)
        return self.match_at_py(view, i)

    def match_at_py(self, view: TokenView, i: int) -> tuple[int, tuple] | None:
        """The longest match starting at token i, as (end, captures), by the Python nodes.

        One walk gives every reachable end once, each with the captures of the
        first path to it (no backtracking). A pattern is tried only where the
        sentence holds its required words and a word it starts with, so most
        attempts match: walking once with captures is cheaper than finding
        the ends first and walking again.
        """
        best = None
        for end, caps in self.node.run(view, i, ()):
            if best is None or end > best[0]:
                best = (end, caps)
        if best is None or best[0] <= i:
            return None
        return best
