"""Compiled patterns and the per-sentence matching context.

Patterns are compiled once against a tokenizer, so words written in rules
are split exactly as text will be. Each compiled pattern knows the tokens it
can start with; the engine tries it only there, which keeps the cost of a
rule pack close to one dictionary lookup per token however many rules it has.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from claimlint.patterns.inflect import expand
from claimlint.patterns.syntax import Gap, Group, Item, Lex, Mark, Num, Word, parse_pattern

Tokenize = Callable[[str], list[str]]
Capture = tuple[str, int, int, dict]  # (lexicon name, start, end, entry attributes)

TRANSPARENT = {"-", "‐", "‑", "­"}
BARRIERS = {";", ":", ".", "!", "?", "…", "—", "–", "..", "...", "?!", "!!", ","}


@dataclass
class LexiconData:
    """A named phrase list; each phrase carries attributes (e.g. grade)."""

    name: str
    entries: list[tuple[str, dict]]
    inflect: str = "last"  # last | first | all | none


class Context:
    """Token attributes of one spaCy Doc, prepared once for all patterns."""

    def __init__(self, norms: list[str], nums: list[bool], transparent: list[bool], lexicons: "LexiconSet",
                 texts: list[str] | None = None) -> None:
        self.norms = norms
        self.texts = texts if texts is not None else norms
        self._gate_key = None
        self.nums = nums
        self.transparent = transparent
        self.barrier = [n in BARRIERS for n in norms]
        self.limit = len(norms)
        self.lexicons = lexicons
        self._lex_cache: dict[tuple[str, str | None], dict[int, list[tuple[int, dict]]]] = {}

    def gate(self, start: int, end: int):
        """A memoised test of whether a pattern's required words occur in tokens [start, end)."""
        from claimlint.prefilter import requirements_met, text_words

        key = (start, end)
        if self._gate_key != key:
            self._gate_key = key
            self._gate_memo = {}
            self._gate_words = text_words(" ".join(self.texts[start:end]))
        memo, words = self._gate_memo, self._gate_words

        def gate(pattern) -> bool:
            ok = memo.get(id(pattern))
            if ok is None:
                ok = memo[id(pattern)] = requirements_met(pattern.requirements, words)
            return ok

        return gate

    def skip(self, i: int) -> int:
        while i < self.limit and self.transparent[i]:
            i += 1
        return i

    def lexicon_starts(self, name: str, form: str | None) -> dict[int, list[tuple[int, dict]]]:
        """Token positions where a phrase of the lexicon starts, with its ends."""
        key = (name, form)
        index = self._lex_cache.get(key)
        if index is None:
            index = self._lex_cache[key] = self.lexicons.index(self, name, form)
        return index

    def lexicon_at(self, name: str, form: str | None, i: int) -> list[tuple[int, dict]]:
        return self.lexicon_starts(name, form).get(i, ())


def _forms(text: str, exact: bool, form: str | None, mode: str = "last") -> set[str]:
    """Surface strings to match for one word or phrase."""
    if exact or mode == "none":
        return {text.lower()}
    words = text.split(" ")
    if len(words) == 1 or mode == "all":
        if len(words) == 1:
            return set(expand(text, form))
        out = {text.lower()}
        for i in range(len(words)):
            for f in expand(words[i], form):
                out.add(" ".join(words[:i] + [f] + words[i + 1:]).lower())
        return out
    idx = 0 if mode == "first" else len(words) - 1
    return {" ".join(words[:idx] + [f] + words[idx + 1:]).lower() for f in expand(words[idx], form)}


class _Trie:
    """First token -> the remaining token sequences that complete a phrase."""

    def __init__(self) -> None:
        self.first: dict[str, list[tuple[tuple[str, ...], object]]] = {}

    def add(self, tokens: list[str], value: object) -> None:
        if tokens:
            self.first.setdefault(tokens[0], []).append((tuple(tokens[1:]), value))

    def match(self, ctx: Context, i: int) -> Iterator[tuple[int, object]]:
        if i >= ctx.limit:
            return
        for rest, value in self.first.get(ctx.norms[i], ()):
            j = i + 1
            for r in rest:
                j = ctx.skip(j)
                if j < ctx.limit and ctx.norms[j] == r:
                    j += 1
                else:
                    break
            else:
                yield j, value


class LexiconSet:
    """All lexicons, compiled lazily per (name, form) into tries."""

    def __init__(self, lexicons: dict[str, LexiconData], tokenize: Tokenize) -> None:
        self.data = lexicons
        self.tokenize = tokenize
        self._tries: dict[tuple[str, str | None], _Trie] = {}
        self._values: dict[str, list[dict]] = {}

    def trie(self, name: str, form: str | None) -> _Trie:
        lex = self.data[name]
        key = (name, None if lex.inflect == "none" else form)  # uninflected: every form is the same trie
        trie = self._tries.get(key)
        if trie is None:
            trie = _Trie()
            values = self._values.get(name)
            if values is None:
                # One read-only entry per phrase, shared by its variants and by every form's trie
                # (a dict per variant per form was most of a 300,000-term lexicon's memory).
                values = self._values[name] = [{"text": phrase, **attrs} for phrase, attrs in lex.entries]
            for (phrase, _), value in zip(lex.entries, values):
                for variant in _forms(phrase, False, form, lex.inflect):
                    trie.add(self.tokenize(variant), value)
            self._tries[key] = trie
        return trie

    def first_tokens(self, name: str, form: str | None) -> set[str]:
        return set(self.trie(name, form).first)

    def index(self, ctx: Context, name: str, form: str | None) -> dict[int, list[tuple[int, dict]]]:
        trie = self.trie(name, form)
        out: dict[int, list[tuple[int, dict]]] = {}
        saved = ctx.limit
        ctx.limit = len(ctx.norms)
        try:
            for i, norm in enumerate(ctx.norms):
                if norm in trie.first:
                    for end, value in trie.match(ctx, i):
                        out.setdefault(i, []).append((end, value))
        finally:
            ctx.limit = saved
        return out


# ---- compiled nodes: each yields (end, captures) for a start position -----

class _Node:
    def run(self, ctx: Context, i: int, caps: tuple) -> Iterator[tuple[int, tuple]]:
        raise NotImplementedError

    def ends(self, ctx: Context, i: int) -> set[int]:
        """Every end position a match starting at i can reach (no captures): fast, for rejecting."""
        return {end for end, _ in self.run(ctx, i, ())}


class _WordNode(_Node):
    def __init__(self, trie: _Trie) -> None:
        self.trie = trie

    def run(self, ctx, i, caps):
        i = ctx.skip(i)
        for end, _ in self.trie.match(ctx, i):
            yield end, caps

    def ends(self, ctx, i):
        i = ctx.skip(i)
        return {end for end, _ in self.trie.match(ctx, i)}


class _LexNode(_Node):
    def __init__(self, name: str, form: str | None) -> None:
        self.name, self.form = name, form

    def run(self, ctx, i, caps):
        i = ctx.skip(i)
        if i >= ctx.limit:
            return
        for end, entry in ctx.lexicon_at(self.name, self.form, i):
            if end <= ctx.limit:
                yield end, caps + ((self.name, i, end, entry),)

    def ends(self, ctx, i):
        i = ctx.skip(i)
        if i >= ctx.limit:
            return set()
        return {end for end, _ in ctx.lexicon_at(self.name, self.form, i) if end <= ctx.limit}


class _NumNode(_Node):
    def run(self, ctx, i, caps):
        i = ctx.skip(i)
        if i < ctx.limit and ctx.nums[i]:
            yield i + 1, caps + (("number", i, i + 1, {}),)

    def ends(self, ctx, i):
        i = ctx.skip(i)
        return {i + 1} if i < ctx.limit and ctx.nums[i] else set()


class _GapNode(_Node):
    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def ends(self, ctx, i):
        out, j, count = set(), i, 0
        while True:
            if count >= self.low:
                out.add(j)
            if count == self.high:
                return out
            j = ctx.skip(j)
            if j >= ctx.limit or ctx.barrier[j]:
                return out
            j += 1
            count += 1

    def run(self, ctx, i, caps):
        j = i
        count = 0
        while True:
            if count >= self.low:
                yield j, (caps + (("_gap", i, j, {}),) if j > i else caps)
            if count == self.high:
                return
            j = ctx.skip(j)
            if j >= ctx.limit or ctx.barrier[j]:
                return
            j += 1
            count += 1


class _SeqNode(_Node):
    def __init__(self, items: list[tuple[_Node, bool]]) -> None:
        self.items = items

    def ends(self, ctx, i):
        reachable = {i}
        for node, optional in self.items:
            nxt: set[int] = set()
            for pos in reachable:
                nxt |= node.ends(ctx, pos)
            if optional:
                nxt |= reachable
            if not nxt:
                return nxt
            reachable = nxt
        return reachable

    def run(self, ctx, i, caps):
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
                for end, c2 in node.run(ctx, pos, c):
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

    def ends(self, ctx, i):
        start = ctx.skip(i)
        return {e for e in self.inner.ends(ctx, i) if e > start}

    def run(self, ctx, i, caps):
        start = ctx.skip(i)
        for end, c in self.inner.run(ctx, i, caps):
            if end > start:
                yield end, c + (("_mark", start, end, {}),)


class _AltNode(_Node):
    def __init__(self, alternatives: list[_Node]) -> None:
        self.alternatives = alternatives

    def ends(self, ctx, i):
        out: set[int] = set()
        for alt in self.alternatives:
            out |= alt.ends(ctx, i)
        return out

    def run(self, ctx, i, caps):
        seen: set[int] = set()
        for alt in self.alternatives:
            for end, c in alt.run(ctx, i, caps):
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


class CompiledPattern:
    """One pattern string, ready to match."""

    def __init__(self, source: str, tokenize: Tokenize, lexicons: LexiconSet) -> None:
        self.source = source
        self._tokenize = tokenize
        self._lexicons = lexicons
        self.lexicons_used: set[tuple[str, str | None]] = set()
        alts = parse_pattern(source)
        self.node, self.starts = self._alts(alts)
        from claimlint.prefilter import pattern_requirements

        # Words a sentence must contain for this pattern to match (see prefilter).
        self.requirements = pattern_requirements(source, lexicons.data)

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
        if isinstance(atom, Word):
            trie = _Trie()
            for text, exact, form in atom.alternatives:
                for variant in _forms(text, exact, form):
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

    def match_at(self, ctx: Context, i: int) -> tuple[int, tuple] | None:
        """The longest match starting at token i, as (end, captures).

        The reachable ends are found first without captures (set propagation,
        no backtracking); only a successful match is then walked again for
        the captures of its longest end.
        """
        ends = self.node.ends(ctx, i)
        if not ends:
            return None
        best_end = max(ends)
        if best_end <= i:
            return None
        for end, caps in self.node.run(ctx, i, ()):
            if end == best_end:
                return end, caps
        return None
