"""Compiled rules: every pattern of the selected rules compiled once, then cached on disk.

Building the tries and nodes of a large pack costs far more than loading a
pickle, so the whole build is cached (claimlint.cache, keyed by the pack's
digest and the selected rules). The entry names the rule pack's own objects
instead of copying them, and keeps what only a sentence with a hit needs
(constraints, modifiers, approved uses, rewording agreement) packed until it
is first used (packing.py), in a cache entry of its own (later.py): a page
whose sentences match nothing never reads it. The tokenising pipeline is
attached after loading and is never pickled.
"""
from __future__ import annotations

import threading

from claimlint.judge import later, packing
from claimlint.patterns.matcher import CompiledPattern
from claimlint.ruleset.loader import _all_specs
from claimlint.ruleset.model import Rule, RuleSet

# What only a sentence with a hit reads: packed in a pickled build until first used.
_PACKED = ("constraints", "modifiers", "approved", "agreement")
# Opening the packed parts takes them out of the object before it puts them back: a second
# thread (a Dask worker pickling its scattered copy to spill or send it while a task lints
# with it, an editor server's threads) must wait for the first, not find neither.
_OPENING = threading.RLock()


class CompiledRules:
    """The selected rules' patterns behind start-token indexes, the lexicons' tries, the
    context modifiers and the constraints, ready to match a token view."""

    def __init__(self, ruleset: RuleSet, rules: list[Rule]) -> None:
        from claimlint.judge.constraints import Constraints
        from claimlint.judge.contexts.modifiers import ModifierFinder
        from claimlint.knowledge import PRODUCT_LEXICON, ApprovedUses, product_lexicon
        from claimlint.nlp import tokenize_phrase
        from claimlint.patterns.index import PatternIndex
        from claimlint.patterns.lexicons import LexiconSet

        lexicons = dict(ruleset.lexicons)
        lexicons.setdefault(PRODUCT_LEXICON, product_lexicon(ruleset.products))
        # The pack's objects this build points at, which its pickles name (packing.py).
        self._pack = (list(ruleset.rules), list(ruleset.modifiers), dict(ruleset.lexicons))
        self.lexicons = LexiconSet(lexicons, tokenize_phrase)
        self._patterns: dict = {}
        self._trees = ruleset.trees  # only while compiling: the cache need not hold the trees twice
        self._requirements = {spec.source: spec.requirements for rule in ruleset.rules for spec in rule.patterns}
        compile_pattern = self.compile
        self.main = PatternIndex([((rule, spec), compile_pattern(spec.source)) for rule in rules for spec in rule.patterns])
        self.constraints = Constraints(rules, compile_pattern, set(lexicons))
        self.regex_rules = [r for r in rules if r.regex]
        self.modifiers = ModifierFinder(ruleset.modifiers, compile_pattern)
        self.approved = ApprovedUses(ruleset.products, set(lexicons))
        # Compile the strength cues too, so a cached build has them.
        for spec in _all_specs(ruleset):
            compile_pattern(spec.source)
        # Build every lexicon trie a pattern uses now, so the cached build has them.
        for pattern in list(self._patterns.values()):
            for name, form in pattern.starts.lexicons | pattern.lexicons_used:
                self.lexicons.trie(name, form)
        del self._trees, self._requirements
        from claimlint.agreement import answers_ahead

        # What rewording agreement will ask lemminflect about the words these patterns match,
        # asked once now, so linting a page seldom has to load it (claimlint.agreement).
        self.agreement = answers_ahead(self._words(), [t for r in rules for t in r.suggestions]
                                       + [t for r in rules for spec in r.patterns for t in spec.suggestions])
        self.attach()

    _LEXICON_WORDS_MAX = 5_000  # a larger lexicon's words are left to lemminflect when they are flagged

    def _words(self) -> set[str]:
        """Every word the compiled patterns match (their tries and small lexicons' tries)."""
        out: set[str] = set()
        tries = []
        stack = [p.node for p in self._patterns.values()]
        for pattern in self._patterns.values():
            for name, form in pattern.starts.lexicons | pattern.lexicons_used:
                if len(self.lexicons.data[name].entries) <= self._LEXICON_WORDS_MAX:
                    tries.append(self.lexicons.trie(name, form))
        while stack:
            node = stack.pop()
            if getattr(node, "trie", None) is not None:
                tries.append(node.trie)
            stack.extend(n for n, _ in getattr(node, "items", ()))
            stack.extend(getattr(node, "alternatives", ()))
            if getattr(node, "inner", None) is not None:
                stack.append(node.inner)
        for trie in tries:
            for first, rests in trie.first.items():
                out.add(first)
                for rest, _ in rests:
                    out.update(rest)
        return out

    def compile(self, source: str):
        """The compiled pattern for a source string (each compiled once, from its one parse)."""
        from claimlint.nlp import tokenize_phrase
        from claimlint.patterns.matcher import CompiledPattern

        pattern = self._patterns.get(source)
        if pattern is None and "_packed" in self.__dict__:
            self._open()  # a strength cue or modifier pattern, packed with what uses it
            pattern = self._patterns.get(source)
        if pattern is None:
            trees = getattr(self, "_trees", {})
            tree = trees.get(source)
            requirements = getattr(self, "_requirements", {}).get(source)
            pattern = self._patterns[source] = CompiledPattern(source, tokenize_phrase, self.lexicons, tree, requirements)
        return pattern

    def attach(self) -> None:
        from claimlint.nlp import light_pipeline

        from claimlint import agreement

        self.nlp = light_pipeline()
        if "_packed" in self.__dict__:
            agreement.remember_later(lambda: self.agreement)
        else:
            agreement.remember(getattr(self, "agreement", {}))

    @property
    def regex_set(self):
        """The selected rules' regexes as one RegexSet of (rule, regex): which of them a block
        could match, asked once a block. Built on first use and never pickled (its regexes are
        the rules' own, which a pickle names)."""
        found = self.__dict__.get("_regex_set")
        if found is None:
            from claimlint.ruleset.regex import RegexSet

            found = self.__dict__["_regex_set"] = RegexSet((rx, (rule, rx)) for rule in self.regex_rules
                                                           for rx, _ in rule.regex)
        return found

    def _objects(self) -> packing.PackObjects:
        return packing.PackObjects(*self._pack, patterns=self._patterns)

    def __getstate__(self):
        with _OPENING:  # while no other thread opens the packed parts (they change _patterns)
            return self._state()

    def _state(self) -> dict:
        if isinstance(self.__dict__.get("_packed"), later.Stored):
            self._open()  # a copy for another process carries its packed parts, not a cache entry's name
        state = dict(self.__dict__)
        state.pop("nlp", None)
        state.pop("_source", None)
        state.pop("_regex_set", None)
        opened = {k: state.pop(k) for k in _PACKED if k in state}
        if opened:
            # Only the patterns the main index matches with stay outside the packed parts;
            # the others (constraints', modifiers', strength cues') are packed with them.
            eager = {id(p) for p in packing.reachable(self.main, CompiledPattern)}
            patterns = state["_patterns"]
            state["_patterns"] = {s: p for s, p in patterns.items() if id(p) in eager}
            opened["_more_patterns"] = {s: p for s, p in patterns.items() if id(p) not in eager}
            objects = packing.PackObjects(*self._pack, patterns=state["_patterns"])
            state["_packed"] = later.Packed(packing.dumps(opened, objects))
        return state

    def __setstate__(self, state) -> None:
        # An unpickled copy (a cache entry, a Spark or Dask task) needs its tokenizer back.
        self.__dict__.update(state)
        self.attach()

    def __getattr__(self, name: str):
        """Open the packed parts on first use of one of them."""
        if name not in _PACKED:
            raise AttributeError(name)
        with _OPENING:
            if name not in self.__dict__:  # another thread may have opened them meanwhile
                if "_packed" not in self.__dict__:
                    raise AttributeError(name)
                self._open()
            return self.__dict__[name]

    def _open(self) -> None:
        data = self.__dict__.pop("_packed").data()
        try:
            parts = packing.loads(data, self._objects()) if data is not None else None
        except Exception:  # authenticated, so only a bug could get here: still never trusted
            parts = None
        if not isinstance(parts, dict):  # their cache entry is gone or cannot be used: compile them again
            self._compile_packed()
            return
        self._patterns.update(parts.pop("_more_patterns", {}))
        self.__dict__.update(parts)

    def _compile_packed(self) -> None:
        """The packed parts from a new build of the same rules (which is cached again)."""
        if "_source" not in self.__dict__:
            raise RuntimeError("the compiled rules' packed parts are missing and they cannot be rebuilt")
        # The build asks rewording agreement, which settles what attach() left pending: these
        # answers. None yet: the new build remembers its own (the same) when it attaches.
        self.__dict__["agreement"] = {}
        fresh = self._build(*self.__dict__["_source"])
        self.__dict__.update({k: fresh.__dict__[k] for k in _PACKED})
        for source, pattern in fresh._patterns.items():
            self._patterns.setdefault(source, pattern)

    @classmethod
    def load(cls, ruleset: RuleSet, rules: list[Rule]) -> "CompiledRules":
        from claimlint import cache

        key = cache.compiled_key(ruleset.digest, [r.id for r in rules])
        objects = packing.PackObjects(ruleset.rules, ruleset.modifiers, ruleset.lexicons)
        compiled = cache.get_compiled(key, later.loading(objects.persistent_load))
        if compiled is not None:
            compiled._source = (ruleset, rules)  # to compile the packed parts again, should their entry be gone
            return compiled  # attached by __setstate__
        return cls._build(ruleset, rules, key, objects)

    @classmethod
    def _build(cls, ruleset: RuleSet, rules: list[Rule], key: str | None = None,
               objects: packing.PackObjects | None = None) -> "CompiledRules":
        """Compile the rules and cache the build (its packed parts in an entry of their own);
        `key` and `objects`: the cache key and pack objects, when load() has made them."""
        from claimlint import cache
        from claimlint.gcpause import paused

        if key is None:
            key = cache.compiled_key(ruleset.digest, [r.id for r in rules])
        if objects is None:
            objects = packing.PackObjects(ruleset.rules, ruleset.modifiers, ruleset.lexicons)
        with paused():  # millions of long-lived trie objects for a large lexicon: nothing to collect
            compiled = cls(ruleset, rules)
        cache.put_compiled(key, compiled, later.storing(objects.persistent_id))
        return compiled
