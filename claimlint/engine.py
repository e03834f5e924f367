"""The linter: from a parsed document to findings.

For each prose block that could match (see prefilter), spaCy tokenises and
splits sentences; every rule pattern is tried at the tokens it can start
with; a hit must satisfy the rule's `requires` and escape its `unless`; then
its context (negation, hedging, attribution, question, citation, a list's
lead-in) is weighed by the rule's policy, and the survivors are mapped back
to exact source positions.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from claimlint.citations import is_cited
from claimlint.documents.model import Block, Document
from claimlint.findings import Finding, lower_severity
from claimlint.positions import LineIndex
from claimlint.prefilter import Prefilter
from claimlint.ruleset.model import Policy, Rule, RuleSet
from claimlint.agreement import redundant_after
from claimlint.suggestions import fill, fit_context, is_title_case, with_articles, with_modal


@dataclass
class Selection:
    """Which rules run and at what severity (from the command line and configuration)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] | None = None

    def wants(self, rule: Rule) -> bool:
        names = {rule.id, rule.code, rule.category}
        if self.select and not names & set(self.select):
            return False
        return not names & set(self.ignore)

    def severity_of(self, rule: Rule) -> str:
        table = self.severity or {}
        for key in (rule.id, rule.code, rule.category):
            if key in table:
                return table[key]
        return rule.severity


class _Compiled:
    """Everything compiled from the rule pack. Built once, then cached on disk;
    spaCy itself is attached after loading and never pickled."""

    def __init__(self, ruleset: RuleSet, rules: list[Rule]) -> None:
        from claimlint.context import ContextEngine
        from claimlint.knowledge import PRODUCT_LEXICON, ApprovedUses, product_lexicon
        from claimlint.nlp import tokenize_phrase
        from claimlint.patterns.index import PatternIndex
        from claimlint.patterns.matcher import LexiconSet

        lexicons = dict(ruleset.lexicons)
        lexicons.setdefault(PRODUCT_LEXICON, product_lexicon(ruleset.products))
        self.lexicons = LexiconSet(lexicons, tokenize_phrase)
        self._patterns: dict = {}
        compile_pattern = self.compile
        self.main = PatternIndex([((rule, spec), compile_pattern(spec.source)) for rule in rules for spec in rule.patterns])
        self.requires = {r.id: [(s, PatternIndex([(s, compile_pattern(s.source))])) for s in r.requires] for r in rules}
        self.unless = {r.id: PatternIndex([(s, compile_pattern(s.source)) for s in r.unless]) for r in rules}
        self.unless_sentence = {r.id: PatternIndex([(s, compile_pattern(s.source)) for s in r.unless_sentence]) for r in rules}
        self.unless_lead_in = {r.id: PatternIndex([(s, compile_pattern(s.source)) for s in r.unless_lead_in]) for r in rules}
        self.regex_rules = [r for r in rules if r.regex]
        self.context = ContextEngine(ruleset.modifiers, compile_pattern, set(lexicons))
        self.approved = ApprovedUses(ruleset.products, set(lexicons))
        # Compile the strength cues too, so a cached build has them.
        for spec in (ruleset.strength.causal + ruleset.strength.weak_causal + ruleset.strength.association
                     + ruleset.strength.correlational + ruleset.strength.conditional_only
                     + ruleset.strength.not_causal + ruleset.strength.not_claim + ruleset.strength.study):
            compile_pattern(spec.source)
        # Build every lexicon trie a pattern uses now, so the cached build has them.
        for pattern in list(self._patterns.values()):
            for name, form in pattern.starts.lexicons | pattern.lexicons_used:
                self.lexicons.trie(name, form)
        self.attach()

    def compile(self, source: str):
        from claimlint.nlp import tokenize_phrase
        from claimlint.patterns.matcher import CompiledPattern

        pattern = self._patterns.get(source)
        if pattern is None:
            pattern = self._patterns[source] = CompiledPattern(source, tokenize_phrase, self.lexicons)
        return pattern

    def attach(self) -> None:
        from claimlint.nlp import pipeline

        self.nlp = pipeline()

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("nlp", None)
        return state

    def __setstate__(self, state) -> None:
        # An unpickled copy (a cache entry, a Spark or Dask task) needs spaCy back.
        self.__dict__.update(state)
        self.attach()

    @classmethod
    def load(cls, ruleset: RuleSet, rules: list[Rule]) -> "_Compiled":
        from claimlint import cache

        key = cache.compiled_key(ruleset.digest, [r.id for r in rules])
        compiled = cache.get_compiled(key)
        if compiled is not None:
            compiled.attach()
            return compiled
        compiled = cls(ruleset, rules)
        cache.put_compiled(key, compiled)
        return compiled


class Linter:
    def __init__(self, ruleset: RuleSet, selection: Selection | None = None, strength_engine: str = "rules") -> None:
        self.ruleset = ruleset
        self.strength_engine = strength_engine  # which claim-strength engine the conditional/correlational contexts use
        self.selection = selection or Selection()
        self.rules = [r for r in ruleset.rules if r.enabled and self.selection.wants(r)]
        self.prefilter = Prefilter(ruleset, self.rules)
        self._defaults = {cat: info.context for cat, info in ruleset.categories.items()}
        from claimlint.ruleset.model import CATEGORIES

        self.known_names = {r.id for r in ruleset.rules} | {r.code for r in ruleset.rules} | set(CATEGORIES)
        # What a cached finding depends on besides the file: the rules and the selection.
        self.settings_key = "|".join([ruleset.digest, ",".join(r.id for r in self.rules),
                                      repr(sorted((self.selection.severity or {}).items())), _engine_key(strength_engine)])

    @cached_property
    def compiled(self) -> _Compiled:
        return _Compiled.load(self.ruleset, self.rules)

    def __getstate__(self):
        # The claim-strength analyser may hold an ONNX Runtime session, which cannot be
        # pickled: a copy (a worker, a Spark or Dask task) builds its own when it needs one.
        state = dict(self.__dict__)
        state.pop("strength", None)
        return state

    @cached_property
    def strength(self):
        from claimlint.strength import StrengthAnalyser

        return StrengthAnalyser(self, self.strength_engine)

    # ------------------------------------------------------------------
    def lint(self, document: Document, dedupe: bool = True) -> list[Finding]:
        if not self.rules:
            return []
        from claimlint.context import SECTION_CATEGORIES, extend_lead_ins, research_abstract_blocks

        sections = extend_lead_ins(document.blocks, plain_text=document.format == "text")
        blocks = [chunk for b in document.blocks for chunk in _chunks(b) if self.prefilter.could_match(chunk.text)]
        if not blocks:
            return []
        c = self.compiled
        leads = {id(b.lead_in): b.lead_in for b in blocks if b.lead_in is not None}
        from claimlint.nlp import tokenisable

        lead_docs = dict(zip(leads, c.nlp.pipe([tokenisable(b.text) for b in leads.values()], batch_size=64)))
        index = LineIndex(document.source)
        findings: list[Finding] = []
        abstract = research_abstract_blocks(document.blocks)
        # Blocks are tokenised lazily, a batch at a time: holding every Doc of a 20 MB page costs gigabytes.
        docs = c.nlp.pipe((tokenisable(b.text) for b in blocks), batch_size=64)
        for block, doc in zip(blocks, docs):
            lead_categories = self._lead_in_categories(lead_docs[id(block.lead_in)]) if block.lead_in is not None else set()
            if id(block) in sections:
                lead_categories &= SECTION_CATEGORIES
            if id(block) in abstract:
                lead_categories = lead_categories | {"reported"}  # a study reporting its own results
            lead_doc = lead_docs[id(block.lead_in)] if block.lead_in is not None else None
            findings.extend(self._lint_block(document, block, doc, index, lead_categories,
                                             id(block) in abstract, lead_doc))
        if document.format == "docx":
            from bisect import bisect_right

            for f in findings:
                f.paragraph = f.line
                breaks = document.paragraph_breaks[f.line - 1] if document.paragraph_breaks else []
                f.paragraph_line = bisect_right(breaks, f.column - 1) + 1
        return dedupe_findings(findings) if dedupe else sorted(findings, key=lambda f: f.sort_key)

    def _context(self, doc):
        from claimlint.patterns.matcher import Context, TRANSPARENT

        rows = [(t.text, t.norm_, t.like_num, t.is_space) for t in doc]
        return Context(
            norms=[n.replace("’", "'").replace("‘", "'") if "’" in n or "‘" in n else n for _, n, _, _ in rows],
            nums=[r[2] for r in rows],
            transparent=[sp or text in TRANSPARENT for text, _, _, sp in rows],
            lexicons=self.compiled.lexicons,
            texts=[r[0] for r in rows],
        )

    def _lead_in_categories(self, doc) -> set[str]:
        """What a lead-in does to what follows: the modifiers open at its end, and a report
        in an earlier sentence of it ("Watch out for these claims. It might be a scam.")."""
        ctx = self._context(doc)
        sents = list(doc.sents)
        if not sents:
            return set()
        out: set[str] = set()
        for i, sent in enumerate(sents):
            mods = self.compiled.context.matches(ctx, sent.start, sent.end)
            open_ = self.compiled.context.open_at_end(ctx, mods, sent.end)
            out |= open_ if i == len(sents) - 1 else open_ & {"reported"}
        return out

    def _lint_block(self, document: Document, block: Block, doc, index: LineIndex, lead_categories: set[str],
                    self_cited: bool = False, lead_doc=None):
        from claimlint.context import scare_quoted

        c = self.compiled
        ctx = self._context(doc)
        out: list[Finding] = []
        could_match = self.prefilter.could_match
        # Rule regexes run on the whole block (a quoted testimonial may span sentences)
        # and count for the sentence where they start.
        regex_hits: dict[int, list] = {}
        for rule in c.regex_rules:
            for rx, _ in rule.regex:
                for m in rx.finditer(block.text):
                    span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                    if span is not None and len(span):
                        regex_hits.setdefault(span.start, []).append((rule, None, span.start, span.end, ()))
        for sent in doc.sents:
            s, e = sent.start, sent.end
            extra = [h for i in range(s, e) for h in regex_hits.get(i, ())]
            if not extra and not could_match(sent.text):
                continue  # most sentences of a page hold no claim: skip them as cheaply as blocks
            hits = [(rule, spec, hs, he, caps) for (rule, spec), hs, he, caps in c.main.find(ctx, s, e)] + extra
            if not hits:
                continue
            hits = _prune(hits)
            mods = None
            cited: dict[str, bool] = {}  # per category: does the sentence identify a source it accepts?
            lead_ctx = None
            strength = None
            question = _is_question(doc, s, e)
            for rule, spec, hs, he, caps in hits:
                if rule.blocks and block.kind not in rule.blocks:
                    continue
                if rule.unless_lead_in and lead_doc is not None:
                    if lead_ctx is None:
                        lead_ctx = self._context(lead_doc)
                    if c.unless_lead_in[rule.id].find(lead_ctx, 0, len(lead_doc)):
                        continue
                if not self._constraints_hold(ctx, rule, s, e, hs, he):
                    continue
                if c.context.is_measure(ctx, s, e, hs, he) or c.context.in_name(ctx, s, e, hs, he):
                    continue  # a concentration is not a statistic; a name is not a claim
                reason = None
                if rule.check == "approved-use":
                    reason = c.approved.violation(ctx, s, e, hs, he)
                    if reason is None:
                        continue
                if mods is None:
                    mods = c.context.matches(ctx, s, e)
                gaps = [(a, b) for name, a, b, _ in caps if name == "_gap"]
                mark = next(((a, b) for name, a, b, _ in caps if name == "_mark"), None)
                contexts = c.context.categories_for(mods, hs, he, gaps, mark) | lead_categories
                if question:
                    contexts.add("question")
                if scare_quoted(block.text, doc[mark[0] if mark else hs].idx):
                    contexts.add("reported")
                policy = {**self._defaults.get(rule.category, {}), **rule.context}
                if "conditional" in policy or "correlational" in policy:
                    if strength is None:
                        strength = self.strength.classify(ctx, doc, s, e).strength
                    if strength in ("conditional", "correlational"):
                        contexts.add(strength)
                if "cited" in policy:
                    if self_cited:
                        cited[rule.category] = True  # an abstract is the source of its own results
                    if rule.category not in cited:
                        cited[rule.category] = is_cited(document, block, sent.start_char, sent.end_char, self.ruleset.citations,
                                                        rule.category, self.ruleset.citation_scope,
                                                        self.ruleset.citation_unless) is not None
                    if cited[rule.category]:
                        contexts.add("cited")
                severity = self.selection.severity_of(rule)
                if severity == "off":
                    continue
                verdict = _apply_policy(policy, contexts, caps, severity)
                if verdict is None:
                    continue
                out.append(self._finding(document, block, doc, index, rule, spec, hs, he, caps, verdict, reason, sent, contexts))
        return out

    def _constraints_hold(self, ctx, rule: Rule, s: int, e: int, hs: int, he: int) -> bool:
        c = self.compiled
        for spec, idx in c.requires[rule.id]:
            found = idx.find(ctx, s, e)
            if spec.within is not None:
                found = [m for m in found if m[1] < he + spec.within and m[2] > hs - spec.within]
            if not found:
                return False
        if any(ms < he and hs < me for _, ms, me, _ in c.unless[rule.id].find(ctx, s, e)):
            return False
        if c.unless_sentence[rule.id].find(ctx, s, e):
            return False
        return True

    def _finding(self, document, block, doc, index, rule, spec, hs, he, caps, severity, reason, sent, contexts):
        mark = next(((ms, me) for name, ms, me, _ in caps if name == "_mark"), None)
        if mark is not None:
            hs, he = mark  # report and replace only the marked part
        ca = doc[hs].idx
        cb = doc[he - 1].idx + len(doc[he - 1].text)
        prose = block.text[ca:cb]
        captures: dict[str, str] = {}
        for name, cs, ce, entry in caps:
            if name not in captures and not name.startswith("_"):
                captures[name] = block.text[doc[cs].idx: doc[ce - 1].idx + len(doc[ce - 1].text)]
                if entry and "text" in entry:
                    captures[f"{name}.base"] = entry["text"]
        templates = (spec.suggestions if spec is not None and spec.suggestions else rule.suggestions)
        title = is_title_case(sent.text)
        suggestions = [fill(t, prose, captures, title) for t in templates]
        suggestions = fit_context(block.text[max(0, ca - 16):ca], block.text[cb:cb + 40], suggestions)
        back, suggestions = with_articles(block.text[max(0, ca - 8):ca], suggestions, block.text[cb:cb + 40])
        back = back or with_modal(block.text[max(0, ca - 8):ca], suggestions)
        if back and block.source_span(ca - back, ca)[1] <= block.source_span(ca, cb)[0]:
            ca -= back
        ahead = redundant_after(block.text[cb:cb + 40], suggestions)
        if ahead and block.source_span(ca, cb)[1] <= block.source_span(cb, cb + ahead)[0]:
            cb += ahead  # "... for some people for good": the rewording replaces the permanence claim too
        a, b = block.source_span(ca, cb)
        line, col = index.position(a)
        end_line, end_col = index.position(b)
        message = rule.message if reason is None else f"{rule.message} ({reason})"
        return Finding(
            path=document.path, line=line, column=col, end_line=end_line, end_column=end_col,
            rule=rule.id, code=rule.code, category=rule.category, severity=severity, message=message,
            text=document.source[a:b], suggestions=suggestions,
            start=a, end=b, sentence=" ".join(sent.text.split()), fix=rule.fix, contexts=sorted(contexts),
            plain=document.source[a:b] == block.text[ca:cb],
        )


def _engine_key(engine: str) -> str:
    """Cached findings depend on the learned model's file, not only on the code."""
    if engine != "learned":
        return engine
    import json

    from claimlint.learned import MODEL_DIR

    try:
        return "learned:" + json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))["model_sha256"]
    except (OSError, ValueError, KeyError):
        return "learned"


CHUNK = 100_000  # characters of prose given to spaCy at once: bounds memory on huge blocks


def _chunks(block: Block) -> list[Block]:
    """Split a huge block at sentence ends so no spaCy Doc holds more than ~CHUNK characters."""
    if len(block.text) <= CHUNK:
        return [block]
    import re

    out, start = [], 0
    text = block.text
    while start < len(text):
        end = min(len(text), start + CHUNK)
        if end < len(text):
            cut = max((m.end() for m in re.finditer(r"[.!?]\s+", text[start + CHUNK // 2:end])), default=None)
            end = start + CHUNK // 2 + cut if cut else end
        out.append(Block(text=text[start:end], offsets=block.offsets[start:end], kind=block.kind, lead_in=block.lead_in,
                         links=[(a - start, b - start) for a, b in block.links if a >= start and b <= end],
                         footnote_refs=[(a - start, b - start, lab) for a, b, lab in block.footnote_refs if start <= a < end],
                         ends={i - start: e for i, e in block.ends.items() if start <= i < end}))
        start = end
    return out


_ASKING = {"do", "does", "did", "is", "are", "was", "were", "should", "would", "might"}


def _is_question(doc, s: int, e: int) -> bool:
    """A sentence ending in '?', unless it is rhetorical ("Why keep taking pills that don't work?")."""
    for i in range(e - 1, s - 1, -1):
        t = doc[i].text
        if doc[i].is_space or t in {'"', "'", "”", "’", ")", "]"}:
            continue
        if "?" not in t:
            return False
        first = next((k for k in range(s, e) if not doc[k].is_space and doc[k].is_alpha), None)
        # "Why wait?" and "..., so why take the risk?" assert; "Why does it work?" asks.
        whys = [k for k in range(s, e - 1) if doc[k].lower_ == "why"
                and (k == first or doc[k - 1].lower_ in ("so", ",", "then", "and"))]
        if any(doc[k + 1].lower_ not in _ASKING for k in whys):
            return False
        return True
    return False


def _apply_policy(policy: dict[str, Policy], contexts: set[str], caps, severity: str) -> str | None:
    """The severity a hit keeps in its context, or None when the context removes it."""
    grades = {entry.get("grade") for _, _, _, entry in caps if entry}
    downgraded = False
    for ctx in sorted(contexts):
        p = policy.get(ctx)
        if p is None or p.action == "keep":
            continue
        if p.keep_if_grade and grades & set(p.keep_if_grade):
            continue
        if p.action == "suppress":
            return None
        if p.action == "downgrade" and not downgraded:
            severity = lower_severity(severity)
            downgraded = True
    return severity


def _prune(hits):
    """Per rule, keep the longest of overlapping hits."""
    hits = sorted(hits, key=lambda h: (h[0].id, -(h[3] - h[2]), h[2]))
    kept = []
    for h in hits:
        if any(k[0] is h[0] and k[2] < h[3] and h[2] < k[3] for k in kept):
            continue
        kept.append(h)
    return sorted(kept, key=lambda h: (h[2], h[0].id))


def dedupe_findings(findings: list[Finding]) -> list[Finding]:
    """One finding per category for overlapping spans: the most severe, then the longest."""
    from claimlint.ruleset.model import SEVERITY_RANK

    from bisect import bisect_left, insort

    ordered = sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], -(f.end - f.start), f.start))
    kept: list[Finding] = []
    spans: dict[str, list[tuple[int, int]]] = {}  # per category: kept spans, sorted, never overlapping
    for f in ordered:
        taken = spans.setdefault(f.category, [])
        i = bisect_left(taken, (f.start, f.end))
        if (i < len(taken) and taken[i][0] < f.end) or (i > 0 and taken[i - 1][1] > f.start):
            continue
        insort(taken, (f.start, f.end))
        kept.append(f)
    return sorted(kept, key=lambda f: f.sort_key)
