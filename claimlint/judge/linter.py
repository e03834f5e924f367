"""The linter: drives the judging steps over a document's blocks and sentences.

For each block that could match (prefilter.py), the tokenizer tokenises it and
splits its sentences (sentences.py); each sentence that could match (the main
index's gate, patterns/index.py) is matched by every selected rule's patterns at the tokens they can start
with (compiled.py, hits.py); a hit must stand (constraints.py), then the
contexts it is in are found by the judges of contexts/ and weighed by the
rule's policy (selection.py), and the survivors are reported at exact
source positions (reporting.py).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property

from claimlint.documents.model import Block, Document
from claimlint.findings import Finding
from claimlint.judge.compiled import CompiledRules
from claimlint.judge.contexts import JUDGES
from claimlint.judge.hits import Hit, prune
from claimlint.judge.prefilter import Prefilter
from claimlint.judge.selection import Selection, apply_policy, policy_of
from claimlint.judge.sentences import chunks, token_view
from claimlint.positions import LineIndex
from claimlint.ruleset.model import RuleSet

_NO_GRADES: frozenset = frozenset()  # a hit's grades, for a rule whose policy never reads them


@dataclass
class Sentence:
    """One sentence being judged, with what its judges found so far (each found at most once)."""

    linter: "Linter"
    document: Document
    block: Block
    doc: object  # the block's Doc (a claimlint.tokendoc.TokenDoc)
    view: object  # its TokenView
    span: object  # the sentence's Span
    lead_categories: set[str]
    self_cited: bool
    memo: dict = field(default_factory=dict)
    _facts: object = field(default=None, repr=False)

    @property
    def facts(self):
        """What its findings share (reporting.sentence_facts): read for its first finding (kept
        in a field, not a functools.cached_property, whose first read takes a lock)."""
        facts = self._facts
        if facts is None:
            from claimlint.judge.reporting import sentence_facts

            facts = self._facts = sentence_facts(self.doc, self.span)
        return facts

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def compiled(self) -> CompiledRules:
        return self.linter.compiled


class Linter:
    def __init__(self, ruleset: RuleSet, selection: Selection | None = None, strength_engine: str = "rules") -> None:
        self.ruleset = ruleset
        self.strength_engine = strength_engine  # which claim-strength engine the conditional/correlational contexts use
        self.selection = selection or Selection()
        self.rules = [r for r in ruleset.rules if r.enabled and self.selection.wants(r)]
        self.prefilter = ruleset.prefilters.get(tuple(r.id for r in self.rules)) or Prefilter(self.rules)
        from claimlint.ruleset.model import CATEGORIES

        self.known_names = {r.id for r in ruleset.rules} | {r.code for r in ruleset.rules} | set(CATEGORIES)
        # What a cached finding depends on besides the file: the rules and the selection.
        self.settings_key = "|".join([ruleset.digest, ",".join(r.id for r in self.rules),
                                      repr(sorted((self.selection.severity or {}).items())), _engine_key(strength_engine)])
        self._plans: dict[str, tuple] = {}  # rule id -> _plan(rule)
        from claimlint.gcpause import started

        started()  # in a one-shot run, start-up is over: freeze it, collect every 100,000 allocations

    @cached_property
    def compiled(self) -> CompiledRules:
        return CompiledRules.load(self.ruleset, self.rules)

    @cached_property
    def judges(self) -> list:
        """The context judges of contexts.JUDGES, in order."""
        return [importlib.import_module(f"claimlint.judge.contexts.{name}") for name in JUDGES]

    def __getstate__(self):
        # The claim-strength analyser may hold an ONNX Runtime session, which cannot be
        # pickled: a copy (a worker, a Spark or Dask task) builds its own when it needs one.
        # Judges are modules, which cannot be pickled either: a copy imports them again.
        state = dict(self.__dict__)
        state.pop("strength", None)
        state.pop("judges", None)
        state["_plans"] = {}  # they name the judges
        return state

    @cached_property
    def strength(self):
        from claimlint.strength import StrengthAnalyser

        return StrengthAnalyser(self, self.strength_engine)

    def prepare_for_workers(self) -> None:
        """Load and build now what every worker of a multi-process run would otherwise load and
        build for itself: the compiled rules and their packed parts, the claim-strength
        analyser, and every pattern index's compiled gate and loop (and the block
        prefilter's gate). Forked workers inherit them; what is built is then frozen out of
        the garbage collector's reach, so that collecting in a worker does not copy the
        inherited pages (in a one-shot run: gcpause)."""
        from claimlint.gcpause import paused
        from claimlint.patterns.index import prepare_all

        compiled = self.compiled
        getattr(compiled, "modifiers", None)  # opens the packed parts
        if self.strength_engine != "learned":  # an ONNX Runtime session is made in each worker, after the fork
            _ = self.strength
        if self.prefilter._gate is None:
            self.prefilter._gate = self.prefilter._build_gate()
        prepare_all()
        with paused(freeze=True):
            pass  # what exists now is what the workers inherit

    def token_view(self, doc):
        """The token view patterns read, for a Doc of this linter's pipeline."""
        return token_view(doc, self.compiled.lexicons)

    # ------------------------------------------------------------------
    def lint(self, document: Document, dedupe: bool = True) -> list[Finding]:
        if not self.rules:
            return []
        from claimlint.judge.contexts.lead_in import (
            SECTION_CATEGORIES, extend_lead_ins, lead_in_categories, looked_back_blocks, research_abstract_blocks)

        sections = extend_lead_ins(document.blocks, plain_text=document.format == "text")
        blocks = [chunk for b in document.blocks for chunk in chunks(b) if self.prefilter.could_match(chunk.text)]
        if not blocks:
            return []
        c = self.compiled
        leads = {id(b.lead_in): b.lead_in for b in blocks if b.lead_in is not None}
        from claimlint.nlp import tokenisable

        lead_docs = dict(zip(leads, c.nlp.pipe([tokenisable(b.text) for b in leads.values()], batch_size=64)))
        index = LineIndex(document.source)
        findings: list[Finding] = []
        abstract = research_abstract_blocks(document.blocks)
        looked_back = looked_back_blocks(document.blocks)
        # Blocks are tokenised lazily, a batch at a time: holding every Doc of a 20 MB page costs gigabytes.
        docs = c.nlp.pipe((tokenisable(b.text) for b in blocks), batch_size=64)
        # The last lead-in's contexts: the items under a lead-in follow one another, so they are
        # worked out once per lead-in, not per item, and only one lead-in's are held at a time.
        last_lead: list = [None, None]  # [the lead-in Doc, its lead_in_categories]
        for block, doc in zip(blocks, docs):
            lead_doc = lead_docs[id(block.lead_in)] if block.lead_in is not None else None

            def lead_categories(block=block, lead_doc=lead_doc) -> set[str]:
                """The block's lead-in contexts: worked out only for a block with a hit, and once
                for the items of a list that follow one another under the same lead-in."""
                out = set()
                if lead_doc is not None:
                    if last_lead[0] is not lead_doc:
                        last_lead[:] = [lead_doc, lead_in_categories(self, lead_doc)]
                    out |= last_lead[1]
                if id(block) in sections:
                    out &= SECTION_CATEGORIES
                if id(block) in abstract:
                    out = out | {"reported"}  # a study reporting its own results
                if id(block) in looked_back:
                    out = out | {"reported"}  # slogans that the next paragraph calls claims
                return out

            findings.extend(self._lint_block(document, block, doc, index, lead_categories,
                                             id(block) in abstract, lead_doc))
        if not findings:
            return []
        # Building findings needs rewording agreement and suggestions: imported by a page that has one.
        from claimlint.judge.reporting import dedupe_findings, word_paragraphs

        if document.format == "docx":
            word_paragraphs(document, findings)
        return dedupe_findings(findings) if dedupe else sorted(findings, key=lambda f: f.sort_key)

    def _plan(self, rule) -> tuple:
        """What judging reads of a rule, the same for each of its hits, found at its first:
        its severity in this selection, its policy, the judges worth running for it (a
        judge whose contexts the policy never names is not), and whether the policy keeps
        findings by their grades (only then are a hit's grades read)."""
        policy = policy_of(rule, self.ruleset.categories)
        judges = tuple(j for j in self.judges if j.NEEDS is None or not j.NEEDS.isdisjoint(policy))
        graded = any(p.keep_if_grade for p in policy.values())
        return self.selection.severity_of(rule), policy, judges, graded

    def _regex_hits(self, block: Block, doc) -> dict[int, list[Hit]]:
        """Rule regexes run on the whole block (a quoted testimonial may span sentences)
        and count for the sentence where they start: token -> hits starting there."""
        out: dict[int, list[Hit]] = {}
        for rule, rx in self.compiled.regex_set.candidates(block.text):  # the others lack a literal they need
            for m in rx.compiled.finditer(block.text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span):
                    out.setdefault(span.start, []).append(Hit(rule, None, span.start, span.end, ()))
        return out

    def _lint_block(self, document: Document, block: Block, doc, index: LineIndex, lead_of,
                    self_cited: bool = False, lead_doc=None) -> list[Finding]:
        """The findings of one block; `lead_of()` gives its lead-in contexts."""
        c = self.compiled
        lead_categories = None
        view = self.token_view(doc)
        lead_view = None
        out: list[Finding] = []
        main = c.main
        plans = self._plans
        build_finding = None  # imported by the first finding (reporting.py: a clean page never needs it)
        regex_hits = self._regex_hits(block, doc)
        for span in doc.sents:
            s, e = span.start, span.end
            extra = [h for i in range(s, e) for h in regex_hits.get(i, ())] if regex_hits else []
            # Most sentences of a page hold no claim: the main index's gate (compiled, from the
            # sentence's words) skips them. It files the same requirements as the block
            # prefilter, so a second, Python test of the sentence's text would only repeat it.
            possible = main.possible(view, s, e)
            if not possible and not extra:
                continue
            hits = [Hit(rule, spec, hs, he, caps) for (rule, spec), hs, he, caps in main.find(view, s, e, possible)]
            hits += extra
            if not hits:
                continue
            if lead_categories is None:
                lead_categories = lead_of()
            sentence = Sentence(self, document, block, doc, view, span, lead_categories, self_cited)
            for hit in prune(hits):
                rule = hit.rule
                if rule.blocks and block.kind not in rule.blocks:
                    continue
                if rule.unless_lead_in and lead_doc is not None:
                    if lead_view is None:
                        lead_view = self.token_view(lead_doc)
                    if c.constraints.lead_in_voids(rule, lead_view):
                        continue
                if not c.constraints.stands(view, rule, s, e, hit.start, hit.end):
                    continue
                reason = None
                if rule.check == "approved-use":
                    reason = c.approved.violation(view, s, e, hit.start, hit.end)
                    if reason is None:
                        continue
                plan = plans.get(rule.id)
                if plan is None:
                    plan = plans[rule.id] = self._plan(rule)
                severity, policy, judges, graded = plan
                if severity == "off":
                    continue
                grades = hit.grades if graded else _NO_GRADES
                contexts: set[str] = set()
                verdict = severity
                for judge in judges:
                    found = judge.find(hit, sentence)
                    if found:
                        contexts |= found
                        # A context that removes the hit removes it whatever the later judges
                        # find (apply_policy: no context brings a removed hit back), so a hedged
                        # claim is not weighed for claim strength or citations too.
                        verdict = apply_policy(policy, contexts, grades, severity)
                        if verdict is None:
                            break
                if verdict is None:
                    continue
                if build_finding is None:
                    from claimlint.judge.reporting import build_finding
                out.append(build_finding(document, block, sentence.facts, index, hit, verdict, reason, contexts))
        return out


def _engine_key(engine: str) -> str:
    """Cached findings depend on the learned model's file and threshold, not only on the code."""
    if engine == "rules+linear":
        import hashlib

        from claimlint.strength_linear import WEIGHTS

        try:
            return "rules+linear:" + hashlib.sha256(WEIGHTS.read_bytes()).hexdigest()
        except OSError:
            return engine
    if engine != "learned":
        return engine
    from claimlint.learned import LearnedUnavailable, read_meta

    try:
        meta = read_meta()  # the threshold defaulted and checked as the engine reads it
        return f"learned:{meta['model_sha256']}:{meta['defer_below']}"
    except (LearnedUnavailable, KeyError):
        return "learned"
