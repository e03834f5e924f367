"""Load and validate rule packs, reporting every problem with file and line.

Files are parsed with PyYAML's safe loader (no tags that run code), keeping
the node tree so that a schema error, a bad pattern or an unknown lexicon is
reported as `path:line:column: problem`. Later paths override earlier ones
rule by rule, so a project can replace a built-in rule by reusing its id.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from claimlint.patterns.lexicons import LexiconData
from claimlint.ruleset.model import (
    CategoryInfo, Example, Modifier, PatternSpec, Policy, Product, Rule, RuleSet, StrengthCues,
)
from claimlint.ruleset.regex import RegexError, compile_user_regex
from claimlint.ruleset.schema import KINDS


_NO_ATTRIBUTES: dict = {}  # one shared (never written) dict for every term without attributes

class RuleError(Exception):
    """One or more problems in rule files; str() lists them one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def builtin_rules_dir() -> Path:
    """The rule pack shipped with claimlint (inside the wheel, or the source tree)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


def _rule_files(path: Path) -> list[Path]:
    return [p for p, _ in _rule_files_resolved(path)]


def _rule_files_resolved(path: Path) -> list[tuple[Path, str | None]]:
    """The rule files of a file or folder in load order (what sorted(path.rglob("*")) gives of
    *.yaml and *.yml files), each with its resolved path, or None where Path.resolve must say.

    Walked with os.scandir, not Path.rglob, and resolved from the folder's real path, not file
    by file: for the built-in pack's 59 files that was 2.8 ms of every run, now 0.6. As
    rglob does, symlinked folders are not entered; a link to a file counts (and is resolved)."""
    if path.is_file():
        return [(path, None)]
    if not path.is_dir():
        return []
    real = os.path.realpath(path)
    found: list[tuple[tuple[str, ...], str | None]] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(str(path), ())]
    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError:
            continue
        for e in listed:
            rel = parts + (e.name,)
            try:
                if e.is_dir():
                    if not e.is_symlink():
                        stack.append((e.path, rel))
                    continue
                dot = e.name.rfind(".")  # Path.suffix: the last dot, not leading, not last
                if not (0 < dot < len(e.name) - 1 and e.name[dot:] in (".yaml", ".yml")) or not e.is_file():
                    continue
                found.append((rel, None if e.is_symlink() else os.path.join(real, *rel)))
            except OSError:
                continue
    found.sort(key=lambda f: f[0])  # as Paths sort: part by part
    return [(path.joinpath(*rel), resolved) for rel, resolved in found]


_KEY = object()  # path marker: the key itself rather than its value


def did_you_mean(word: str, known) -> str:
    """'; did you mean 'x'?' for the nearest known name, or nothing."""
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, list(known), scorer=fuzz.ratio)
    return f"; did you mean {best[0]!r}?" if best and best[1] >= 70 else ""


def yaml_problem(exc, text: str = "") -> str:
    """YAML's message, or what to do about a tab, which YAML forbids in indentation
    (PyYAML's own message never says "tab" when a tab starts a line)."""
    problem = str(getattr(exc, "problem", None) or exc)
    mark = getattr(exc, "problem_mark", None)
    line = text.splitlines()[mark.line] if mark is not None and mark.line < len(text.splitlines()) else ""
    if "\t" in line[:len(line) - len(line.lstrip())] or "tab" in problem or "'\\t'" in problem:
        return "a tab character, which YAML does not allow for indentation: indent with spaces"
    return problem


class _File:
    """One parsed YAML file with its node tree, for locating problems."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        import yaml  # only to build a pack: a run whose pack is cached never imports PyYAML
        self.path = path
        self.problems = problems
        self.node = None
        self.data = None
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}:1:1: cannot read rule file: {exc}")
            return
        try:
            from claimlint.safeyaml import compose_bounded

            self.node, self.data = compose_bounded(text)  # aliases cannot expand it without bound
        except RecursionError:
            problems.append(f"{path}:1:1: invalid YAML: nested too deeply")
            self.node = self.data = None
            return
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problems.append(f"{path}:{line}:{col}: invalid YAML: {yaml_problem(exc, text)}")
            return
        except yaml.YAMLError as exc:
            problems.append(f"{path}:1:1: invalid YAML: {exc}")
            return
        if self.node is not None:
            self._check_duplicates(self.node)

    def _check_duplicates(self, root) -> None:
        """Each distinct node once (an alias is not walked again), without recursion."""
        import yaml  # only to build a pack: a run whose pack is cached never imports PyYAML
        stack, visited = [root], set()
        while stack:
            node = stack.pop()
            if id(node) in visited:
                continue
            visited.add(id(node))
            if isinstance(node, yaml.MappingNode):
                seen = set()
                for k, _ in node.value:
                    if isinstance(k, yaml.ScalarNode):
                        if k.value in seen:
                            self.error(k, f"duplicate key {k.value!r}")
                        seen.add(k.value)
                stack.extend(v for _, v in reversed(node.value))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))

    def node_at(self, path) -> object:
        """The node at a path of keys and indexes; for a block mapping or list
        under a key, the key itself (that is the line a reader looks at).
        A path ending in _KEY names the key node of its last key."""
        import yaml  # only to build a pack: a run whose pack is cached never imports PyYAML
        want_key = bool(path) and path[-1] is _KEY
        if want_key:
            path = path[:-1]
        node = self.node
        key_node = None
        for key in path:
            key_node = None
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
                nxt = pair[1] if pair else None
                key_node = pair[0] if pair else None
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                nxt = node.value[key]
            else:
                nxt = None
            if nxt is None:
                break
            node = nxt
        if want_key and key_node is not None:
            return key_node
        if key_node is not None and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
            return key_node
        return node

    def line(self, path) -> int:
        node = self.node_at(path)
        return node.start_mark.line + 1 if node is not None else 1

    def error(self, node_or_path, message: str) -> None:
        import yaml  # only to build a pack: a run whose pack is cached never imports PyYAML
        node = node_or_path if isinstance(node_or_path, yaml.Node) else self.node_at(node_or_path)
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        self.problems.append(f"{self.path}:{line}:{col}: {message}")


_LONG_LIST = 1000


def _long_text_lists(f: _File, data: dict) -> tuple[dict, bool]:
    """A lexicon's long term lists checked by hand (every item a non-empty string), and the
    document with them shortened for jsonschema, which is slow per item (300,000 terms: 15 s)."""
    ok = True
    lists = [(["terms"], data.get("terms"))] + [(["groups", g], v) for g, v in (
        data.get("groups").items() if isinstance(data.get("groups"), dict) else ())]
    short = dict(data)
    for path, items in lists:
        if not isinstance(items, list) or len(items) <= _LONG_LIST:
            continue
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                f.error(path + [i], f"{'/'.join(map(str, path + [i]))}: {item!r} is not a non-empty string")
                ok = False
        if path == ["terms"]:
            short["terms"] = items[:1]
        else:
            short["groups"] = {**short["groups"], path[1]: items[:1]}
    return short, ok


def _schema_errors(f: _File, schema: dict) -> bool:
    import jsonschema

    data, ok = _long_text_lists(f, f.data) if "lexicon" in f.data else (f.data, True)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    for err in errors:
        where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        detail = err.message
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            # Point at each misspelt key itself, with the nearest known key.
            known = sorted(err.schema.get("properties", {}))
            for key in sorted(k for k in err.instance if k not in known):
                f.error(list(err.absolute_path) + [key, _KEY],
                        f"{where}: unknown key {key!r}{did_you_mean(str(key), known)}")
            continue
        elif err.validator == "oneOf" and err.context:
            # The alternative that got furthest explains the problem best.
            best = max(err.context, key=lambda e: len(list(e.absolute_path)))
            detail = best.message
            where = "/".join(str(p) for p in best.absolute_path) or where
        f.error(list(err.absolute_path), f"{where}: {detail}")
    return ok and not errors


def _policy(raw: dict | None) -> dict[str, Policy]:
    out = {}
    for ctx, value in (raw or {}).items():
        if isinstance(value, str):
            out[ctx] = Policy(value)
        else:
            out[ctx] = Policy(value["action"], tuple(value.get("keep_if_grade", ())))
    return out


class _Builder:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.rules: dict[str, Rule] = {}
        self.rule_roots: dict[str, Path] = {}
        self.codes: dict[str, str] = {}
        self.lexicons: dict[str, LexiconData] = {}
        self.lexicon_files: dict[str, Path] = {}
        self.modifiers: list[Modifier] = []
        self.products: list[Product] = []
        self.categories: dict[str, CategoryInfo] = {}
        self.citations: list[tuple[str, re.Pattern]] = []
        self.citation_scope: dict[str, frozenset[str]] = {}
        self.citation_unless: dict[str, re.Pattern] = {}
        self.citation_examples: list[tuple[str, str, str]] = []
        self.strength = StrengthCues()
        self.pattern_refs: list[tuple[_File, list, str]] = []
        self.files: list[Path] = []

    def patterns(self, f: _File, raw: list, path: list) -> list[PatternSpec]:
        specs = []
        for i, item in enumerate(raw or []):
            spec = PatternSpec(item, 0) if isinstance(item, str) else PatternSpec(
                item["pattern"], 0, list(item.get("suggestions", [])), item.get("within"))
            here = path + [i] if isinstance(item, str) else path + [i, "pattern"]
            spec.line = f.line(here)
            from claimlint.patterns.syntax import PatternError, parse_pattern  # only to build a pack

            try:
                spec.tree = parse_pattern(spec.source)  # the only time a pattern is parsed
            except PatternError as exc:
                f.error(here, f"bad pattern {spec.source!r}: {exc}")
                continue
            self.pattern_refs.append((f, here, spec))
            specs.append(spec)
        return specs

    def add_file(self, path: Path, root: Path, rules: bool = True) -> None:
        f = _File(path, self.problems)
        self.files.append(path)
        if f.data is None:
            if not any(p.startswith(f"{path}:") for p in self.problems):
                f.error([], "empty rule file")
            return
        if not isinstance(f.data, dict):
            f.error([], "a rule file must be a mapping (key: value pairs)")
            return
        kind = next((KINDS[k] for k in KINDS if k in f.data), None)
        if kind is None:
            f.error([], "unknown file kind: expected a rule (id:), a lexicon (lexicon:), "
                        "modifiers:, products:, categories: or citations:")
            return
        name, schema = kind
        if name == "rule" and not rules:
            return
        if not _schema_errors(f, schema):
            return
        getattr(self, f"_{name}")(f, f.data, root)

    def _rule(self, f: _File, d: dict, root: Path) -> None:
        rid = d["id"]
        if rid in self.rules and self.rule_roots[rid] == root:
            f.error(["id"], f"duplicate rule id {rid!r} (also in {self.rules[rid].path})")
            return
        if rid in self.rules:
            # Refused rather than silently replacing it: a team would lose a built-in check without noticing.
            other = self.rules[rid]
            kind = "a built-in rule" if self.rule_roots[rid] == builtin_rules_dir() else "a rule"
            f.error(["id"], f"rule id {rid!r} is already {kind} ({other.path}:{other.line}); give this rule "
                            f"another id, and add {rid!r} to `ignore` if it should replace that one")
            return
        if d["code"] in self.codes and self.codes[d["code"]] != rid:
            f.error(["code"], f"code {d['code']} is already used by rule {self.codes[d['code']]!r}")
            return
        m = d["match"]
        rule = Rule(
            id=rid, code=d["code"], category=d["category"], severity=d.get("severity", ""),
            message=d["message"].strip(), why=d["why"].strip(), path=str(f.path), line=f.line([]),
            description=d.get("description", "").strip(), references=list(d.get("references", [])),
            suggestions=list(d.get("suggestions", [])), fix=d.get("fix", "unsafe"), enabled=d.get("enabled", True),
            patterns=self.patterns(f, m.get("patterns"), ["match", "patterns"]),
            requires=self.patterns(f, m.get("requires"), ["match", "requires"]),
            unless=self.patterns(f, m.get("unless"), ["match", "unless"]),
            unless_sentence=self.patterns(f, m.get("unless_sentence"), ["match", "unless_sentence"]),
            unless_lead_in=self.patterns(f, m.get("unless_lead_in"), ["match", "unless_lead_in"]),
            blocks=tuple(m.get("blocks", ())), check=m.get("check"), policy=_policy(d.get("context")),
        )
        for i, rx in enumerate(m.get("regex", [])):
            try:
                rule.regex.append((compile_user_regex(rx), f.line(["match", "regex", i])))
            except RegexError as exc:
                f.error(["match", "regex", i], f"bad regex {rx!r}: {exc}")
        ex = d["examples"]
        for item in ex["flag"]:
            rule.flag_examples.append(Example(item) if isinstance(item, str) else Example(
                item["text"], item.get("span"), item.get("suggestion"), item.get("fixed")))
        rule.pass_examples = list(ex["pass"])
        if rule.severity in ("error", "warning") and not rule.suggestions and not any(p.suggestions for p in rule.patterns):
            f.error(["suggestions"], "an error or warning rule needs at least one suggested rewording")
        self._check_placeholders(f, rule)
        self.rules[rid] = rule
        self.rule_roots[rid] = root
        self.codes[rule.code] = rid

    def _check_placeholders(self, f: _File, rule: Rule) -> None:
        """Every {name} in a suggestion must be something the patterns capture."""
        from claimlint.patterns.syntax import lexicon_names
        from claimlint.suggestions import placeholders

        names = {"match", "number"}
        for spec in rule.patterns:
            names |= lexicon_names(spec.tree)
        templates = [(t, ["suggestions", i]) for i, t in enumerate(rule.suggestions)]
        for k, spec in enumerate(rule.patterns):
            templates += [(t, ["match", "patterns", k, "suggestions", i]) for i, t in enumerate(spec.suggestions)]
        for template, path in templates:
            unknown = placeholders(template) - names
            if unknown:
                f.error(path, f"suggestion {template!r} uses {{{', '.join(sorted(unknown))}}}, which no pattern "
                              f"of this rule captures (available: {', '.join(sorted(names))})")

    def _lexicon(self, f: _File, d: dict, root: Path) -> None:
        name = d["lexicon"]
        entries = [(t, _NO_ATTRIBUTES) for t in d.get("terms", [])]
        attr = d.get("attribute", "group")
        for group, terms in (d.get("groups") or {}).items():
            entries += [(t, {attr: group}) for t in terms]
        if name in self.lexicons:
            # A later pack extends a lexicon of the same name, and its terms are inflected as the
            # lexicon's first file says: a different `inflect:` here would be silently ignored.
            lexicon = self.lexicons[name]
            if "inflect" in d and d["inflect"] != lexicon.inflect:
                f.error(["inflect"], f"lexicon {name!r} extends one that is inflected {lexicon.inflect!r}; "
                                     f"an extension cannot change that (leave 'inflect' out, or give a "
                                     f"new lexicon its own name)")
                return
            lexicon.entries.extend(entries)
        else:
            self.lexicons[name] = LexiconData(name, entries, d.get("inflect", "last"))
        self.lexicon_files[name] = f.path

    def _modifiers(self, f: _File, d: dict, root: Path) -> None:
        for i, m in enumerate(d["modifiers"]):
            direction = m["direction"]
            category = m["category"]
            if category in ("pseudo", "terminate") and direction != category:
                f.error(["modifiers", i, "direction"], f"a {category} modifier must have direction: {category}")
                continue
            self.modifiers.append(Modifier(
                category=category, direction=direction,
                patterns=self.patterns(f, m["patterns"], ["modifiers", i, "patterns"]),
                max_scope=m.get("max_scope", 12), terminated_by=list(m.get("terminated_by", [])), path=str(f.path),
            ))

    def _products(self, f: _File, d: dict, root: Path) -> None:
        for p in d["products"]:
            self.products.append(Product(p["name"], list(p["aliases"]), list(p["approved_uses"]), p.get("note", ""),
                                         p.get("pathway", "approval")))

    def _categories(self, f: _File, d: dict, root: Path) -> None:
        for cat, info in d["categories"].items():
            self.categories[cat] = CategoryInfo(info["title"], info["severity"], policy=_policy(info.get("context")))

    def _strength(self, f: _File, d: dict, root: Path) -> None:
        s = d["strength"]
        self.strength.causal += self.patterns(f, s["causal"], ["strength", "causal"])
        self.strength.correlational += self.patterns(f, s["correlational"], ["strength", "correlational"])
        self.strength.conditional_only += self.patterns(f, s.get("conditional_only", []), ["strength", "conditional_only"])
        self.strength.weak_causal += self.patterns(f, s.get("weak_causal", []), ["strength", "weak_causal"])
        self.strength.association += self.patterns(f, s.get("association", []), ["strength", "association"])
        self.strength.not_causal += self.patterns(f, s.get("not_causal", []), ["strength", "not_causal"])
        self.strength.not_claim += self.patterns(f, s.get("not_claim", []), ["strength", "not_claim"])
        self.strength.study += self.patterns(f, s.get("study", []), ["strength", "study"])
        self.strength.not_hedges |= {w.lower() for w in s.get("not_hedges", [])}
        self.strength.hedges += self.patterns(f, s.get("hedges", []), ["strength", "hedges"])
        self.strength.not_correlational += self.patterns(f, s.get("not_correlational", []), ["strength", "not_correlational"])
        for name, words in s.get("words", {}).items():
            self.strength.words.setdefault(name, set()).update(words)
        for strength, texts in s.get("examples", {}).items():
            for k, text in enumerate(texts):
                self.strength.examples.append((text, strength, f"{f.path}:{f.line(['strength', 'examples', strength, k])}"))

    def _citations(self, f: _File, d: dict, root: Path) -> None:
        for i, c in enumerate(d["citations"]):
            try:
                self.citations.append((c["name"], compile_user_regex(c["regex"])))
                if "satisfies" in c:
                    self.citation_scope[c["name"]] = frozenset(c["satisfies"])
                if "unless" in c:
                    self.citation_unless[c["name"]] = compile_user_regex(c["unless"])
                for k, text in enumerate(c.get("examples", [])):
                    self.citation_examples.append((c["name"], text, f"{f.path}:{f.line(['citations', i, 'examples', k])}"))
            except RegexError as exc:
                f.error(["citations", i, "regex" if "unless" not in c else "unless"], f"bad regex: {exc}")

    def finish(self) -> RuleSet:
        from claimlint.knowledge import PRODUCT_LEXICON, product_lexicon

        if PRODUCT_LEXICON not in self.lexicons and self.products:
            # The products table doubles as a lexicon: patterns can say @product.
            self.lexicons[PRODUCT_LEXICON] = product_lexicon(self.products)
        from claimlint.patterns.syntax import lexicon_names

        for f, here, spec in self.pattern_refs:
            for name in sorted(lexicon_names(spec.tree)):
                if name not in self.lexicons:
                    known = ", ".join(sorted(self.lexicons)) or "none loaded"
                    f.error(here, f"pattern {spec.source!r} refers to unknown lexicon @{name} (known: {known})")
        for rule in self.rules.values():
            if not rule.severity:
                info = self.categories.get(rule.category)
                rule.severity = info.severity if info else "warning"
        if self.problems:
            raise RuleError(self.problems)
        digest = hashlib.sha256()
        for p in self.files:
            digest.update(str(p).encode())
            try:
                digest.update(p.read_bytes())
            except OSError:
                pass
        return RuleSet(
            rules=list(self.rules.values()), lexicons=self.lexicons, modifiers=self.modifiers,
            products=self.products, categories=self.categories, citations=self.citations, citation_scope=self.citation_scope, citation_unless=self.citation_unless,
            citation_examples=self.citation_examples, strength=self.strength,
            digest=digest.hexdigest(),
        )


def load_ruleset(extra: list[str | Path] = (), builtin: bool = True) -> RuleSet:
    """Load the built-in pack and any extra rule files or folders.

    With builtin=False the built-in rules are left out, but their lexicons,
    context modifiers, categories and product knowledge are still loaded so
    that a project's own rules can use them. A validated pack is cached on
    disk, keyed by every file's size and modification time.
    """
    from claimlint import cache

    base = builtin_rules_dir()
    found = [(base, _rule_files_resolved(base), builtin)] + [(Path(p), _rule_files_resolved(Path(p)), True) for p in extra]
    roots = [(root, [f for f, _ in files], with_rules) for root, files, with_rules in found]
    # A content address of every file's path, size and time: never the raw --rules path itself.
    stamp = cache.files_stamp([f for _, files, _ in roots for f in files], builtin, *[str(r) for r, _, _ in roots],
                              resolved=[r for _, files, _ in found for _, r in files])
    cached = cache.get_ruleset(stamp)
    if cached is not None:
        return cached
    from claimlint.gcpause import paused

    with paused():  # a large lexicon is hundreds of thousands of long-lived objects: nothing to collect
        ruleset = _build(roots)
    cache.put_ruleset(stamp, ruleset)
    return ruleset


def _build(roots) -> RuleSet:
    """Read, validate and analyse every rule file (what the rule-pack cache saves)."""
    b = _Builder()
    for root, files, with_rules in roots:
        if not files:
            b.problems.append(f"{root}:1:1: no rule files (*.yaml, *.yml) found here")
            continue
        for path in files:
            b.add_file(path, root, rules=with_rules)
    ruleset = b.finish()
    from claimlint.patterns.requirements import best_keys, pattern_requirements, strict_requirements

    # What text a rule's pattern needs, for the prefilter that runs before spaCy is loaded,
    # and which of those needs the prefilter indexes it by (chosen once, cached with the pack).
    shared: dict = {}  # equal requirements (and key sets) of the whole pack: one object each
    for rule in ruleset.rules:
        for spec in rule.patterns:
            spec.requirements = pattern_requirements(spec.tree, ruleset.lexicons, shared)
            spec.anchors = [best_keys([r[3] for r in reqs]) for reqs in spec.requirements]
            spec.strict = strict_requirements(spec.tree, ruleset.lexicons)
    from claimlint.judge.prefilter import Prefilter

    # Its tables cost 2.5 ms to build and about a third of that to unpickle with the pack.
    enabled = [rule for rule in ruleset.rules if rule.enabled]
    ruleset.prefilters[tuple(rule.id for rule in enabled)] = Prefilter(enabled)
    for spec in _all_specs(ruleset):
        if spec.tree is not None:
            ruleset.trees[spec.source] = spec.tree
            spec.tree = None
    return ruleset


def _all_specs(ruleset: RuleSet) -> list[PatternSpec]:
    """Every pattern of the pack: rules, modifiers, strength cues."""
    specs = []
    for rule in ruleset.rules:
        specs += rule.patterns + rule.requires + rule.unless + rule.unless_sentence + rule.unless_lead_in
    for m in ruleset.modifiers:
        specs += m.patterns
    s = ruleset.strength
    specs += (s.causal + s.weak_causal + s.association + s.correlational + s.conditional_only + s.not_causal
              + s.not_claim + s.study + s.hedges + s.not_correlational)
    return specs
