"""Claim strength: how strongly each sentence claims cause and effect.

Classifies each sentence as `causal` ("walking cuts dementia risk", "X can
lower Y"), `conditional` (a causal claim under a hedge: "may reduce",
"appears to improve"), `correlational` ("is associated with", "people who X
had lower Y") or `none`, following Yu et al.'s annotation scheme (EMNLP
2019, COLING 2020). The cues are YAML patterns (rules/strength/), compiled
by the same machinery as the rules, and hedging comes from the `hedged`
context modifiers, so reviewers can read and extend all of it. That is the
default engine (`rules`). The `learned` engine asks a small fine-tuned
transformer instead (claimlint.learned; the optional `strength` extra): it
reads verbless headlines and cue-less group comparisons the patterns miss,
at the cost of an extra dependency and of explaining itself only through
the rules' cue when the two agree; where it is unsure, a verdict of the
rules' cues is the engine's (claimlint.learned.combine). Between the two, `rules+linear` keeps
the rules' verdict wherever they find a cue and, where they say `none`,
asks a linear model over delexicalised n-grams and the rules' cue kinds
(claimlint.strength_linear: JSON weights, pure Python).
"""
from __future__ import annotations

from dataclasses import dataclass

ENGINES = ("rules", "rules+linear", "learned")
# The analyser's closed word lists (where a study's scope ends, reporting verbs, ...) are data:
# `strength.words` in rules/strength/strength.yaml (claimlint.ruleset.schema.STRENGTH_WORDS).


@dataclass
class _Hedge:
    """A match of the strength-only `hedges` patterns, shaped as a context modifier's match."""

    start: int
    end: int
    scope: list


@dataclass
class SentenceStrength:
    start: int  # token span in the Doc
    end: int
    strength: str
    cue: str = ""


class StrengthAnalyser:
    """Built from a Linter's compiled machinery (patterns, lexicons, context)."""

    def __init__(self, linter, engine: str = "rules") -> None:
        from claimlint.patterns.index import PatternIndex
        from claimlint.ruleset.schema import STRENGTH_WORDS

        if engine not in ENGINES:
            raise ValueError(f"unknown claim-strength engine {engine!r} (known: {', '.join(ENGINES)})")
        self.engine = engine
        self.model = None
        self.linear = None
        if engine == "rules+linear":
            from claimlint.strength_linear import model as linear_model

            self.linear = linear_model()
        if engine == "learned":
            from claimlint.learned import model

            self.model = model()  # raises LearnedUnavailable with the install command
        self.linter = linter
        compiled = linter.compiled
        cues = linter.ruleset.strength
        self.modifiers = compiled.modifiers
        # A not-hedge is a modifier's words ("help") or those and what follows them
        # ("suggest that": a reported finding, where a bare "suggest" still hedges).
        self.not_hedges = [tuple(h.split()) for h in cues.not_hedges]
        self.causal = PatternIndex([("causal", compiled.compile(s.source)) for s in cues.causal]
                                   + [("weak", compiled.compile(s.source)) for s in cues.weak_causal])
        self.correlational = PatternIndex([("correlational", compiled.compile(s.source)) for s in cues.correlational])
        self.conditional_only = PatternIndex([("cond", compiled.compile(s.source)) for s in cues.conditional_only])
        self.not_causal = PatternIndex([("not", compiled.compile(s.source)) for s in cues.not_causal])
        self.not_claim = PatternIndex([("no", compiled.compile(s.source)) for s in cues.not_claim])
        self.association = PatternIndex([("assoc", compiled.compile(s.source)) for s in cues.association])
        self.study = PatternIndex([("study", compiled.compile(s.source)) for s in cues.study])
        # Hedges of claim strength that are no hedge of a health claim ("the change would cut
        # deaths"): each hedges forward to the end of its clause, as far as a `hedged` modifier.
        self.hedges = PatternIndex([("hedge", compiled.compile(s.source)) for s in cues.hedges])
        self.not_correlational = PatternIndex([("notcorr", compiled.compile(s.source)) for s in cues.not_correlational])
        words = {name: frozenset(cues.words.get(name, ())) for name in STRENGTH_WORDS}
        self.scope_ends, self.reporting = words["scope_ends"], words["reporting"]
        self.study_nouns, self.determiners = words["study_nouns"], words["determiners"]
        self.study_subjects, self.predictors = words["study_subjects"], words["predictors"]
        self.to_finding, self.causative = words["to_finding"], words["causative"]
        self.recommend, self.clause_breaks, self.clause_ends = words["recommend"], words["clause_breaks"], words["clause_ends"]
        self.concessives = words["concessives"]

    def classify(self, ctx, doc, start: int, end: int, modifiers=None) -> SentenceStrength:
        """The sentence's strength; `modifiers`: its context modifiers when the caller has
        them already (ModifierFinder.matches over the same tokens), else found here."""
        ruled = self.classify_rules(ctx, doc, start, end, modifiers)
        if self.linear is not None:
            return self._linear(ctx, doc, ruled)
        if self.model is None:
            return ruled
        return self._learned(ruled, self.model.probabilities([doc[start:end].text])[0])

    def _linear(self, ctx, doc, ruled: SentenceStrength) -> SentenceStrength:
        """Where the rules say none, the linear model's verdict; its cue is the words
        that weighed most for it."""
        if ruled.strength != "none":
            return ruled
        from claimlint.strength_linear import features

        label, _, span = self.linear.predict(features(self, ctx, ruled.start, ruled.end, "none"))
        if label == "none":
            return ruled
        return SentenceStrength(ruled.start, ruled.end, label, doc[span[0]:span[1]].text if span else "")

    def _learned(self, ruled: SentenceStrength, probs: list[float]) -> SentenceStrength:
        """The model's verdict, or the rules' where it is unsure and they found a cue
        (claimlint.learned.combine), with the rules' cue when the verdicts agree."""
        from claimlint.learned import combine

        label = combine(ruled.strength, probs, self.model.labels, self.model.defer_below)
        return SentenceStrength(ruled.start, ruled.end, label, ruled.cue if ruled.strength == label else "")

    def _not_hedge(self, ctx, m) -> bool:
        return any(len(h) >= m.end - m.start and tuple(ctx.norms[m.start:m.start + len(h)]) == h
                   for h in self.not_hedges)

    @staticmethod
    def _opening_modifier(ctx, start: int, s: int, e: int) -> bool:
        """A participle (or "lower") that opens the sentence modifies its subject, it is not a
        verb: "Reduced sleep is a risk factor", "Significantly lower rates were seen", "Lower
        dementia risk in bilingual people"."""
        first = start
        while first < e and (not ctx.norms[first][:1].isalnum() or ctx.norms[first].endswith("ly")):
            first += 1  # an opening quote or bracket, an adverb ("Significantly reduced grip")
        if not s <= first < e:
            return False
        verb = ctx.norms[first]
        return verb.endswith("ed") or verb == "lower"

    def _relative(self, ctx, start: int, s: int, e: int) -> bool:
        """A cue that is a relative clause's verb ("which regulates", "genes that influence")."""
        k = s - 1
        while k >= start and ctx.norms[k].endswith("ly"):
            k -= 1
        if k >= start and ctx.norms[k] in ("which", "that"):
            # not "suggest that altered levels raise ...": a finding reported, no relative clause
            return ctx.norms[k] == "which" or k == start or ctx.norms[k - 1] not in self.reporting
        return e - s >= 3 and ctx.norms[s + 1] in ("which", "that")

    @staticmethod
    def _unblocked(cues: list, blockers: list) -> list:
        """The cues no blocker removes. A blocker shares a cue's first or last token ("the
        increased risk", "treated with") or ends on its first ("drugs to | lower cholesterol");
        a longer cue that holds the blocker whole is a claim of its own ("is driven by")."""
        if not blockers:
            return cues
        return [c for c in cues
                if not any(b[1] < c[2] and c[1] < b[2] and (b[1] == c[1] or b[2] == c[2] or b[2] - 1 == c[1])
                           and not (c[1] <= b[1] and b[2] <= c[2] and c[2] - c[1] > b[2] - b[1])
                           for b in blockers)]

    def _clause_end(self, ctx, k: int, end: int, most: int = 12) -> int:
        """Where a hedge's forward scope stops: its clause's end, or `most` tokens on."""
        stop = min(end, k + most)
        while k < stop and ctx.norms[k] not in self.clause_ends:
            k += 1
        return k

    def _purpose(self, ctx, start: int, s: int, e: int) -> bool:
        """A cue that is an infinitive states a purpose, not a finding: "nurses intervene to
        alleviate fatigue", "to attenuate loss and prevent falls", "education is needed to
        improve the diet of children". A longer cue after "to" is a finding where the words
        before it say what the cause did or can do ("was shown to reduce the risk", "may not
        be sufficient to improve the outcome")."""
        k = s - 1
        while k >= start and ctx.norms[k].endswith("ly"):
            k -= 1  # "to further reduce", "to significantly improve"
        if k < start:
            return False
        if e - s != 1:
            if ctx.norms[k] != "to":
                return False
            j = k - 1
            while j >= start and ctx.norms[j].endswith("ly"):
                j -= 1  # "was found significantly to improve"
            return j < start or not (ctx.norms[j] in self.to_finding
                                     or any(w in self.causative for w in ctx.norms[max(start, j - 3):j + 1]))
        if ctx.norms[k] == "to":
            return True
        return (ctx.norms[k] in ("and", "or") and not ctx.norms[s].endswith("s")
                and "to" in ctx.norms[max(start, k - 15):k])

    def _recommended(self, ctx, start: int, s: int) -> bool:
        """A cue under "should" or "must" in its clause recommends, it reports no finding:
        "the vaccine should be promoted more widely", "programmes must aim to reduce harm"."""
        for k in range(s, start - 1, -1):
            w = ctx.norms[k]
            if w in self.recommend:
                return True
            if w in self.clause_ends:
                return False
        return False

    def _outside_calls(self, ctx, start: int, end: int, cues: list) -> list:
        """The cues not in a clause that calls for research or recommends (`not_claim`)."""
        calls = self.not_claim.find(ctx, start, end)
        if not calls:
            return cues
        bounds, opened = [], False
        for k in range(start, end):
            w = ctx.norms[k]
            if w in self.clause_breaks or (opened and w == ","):
                bounds.append(k)
                # "Although X rose, further study is warranted": the comma closes the concession.
                opened = w in self.concessives

        def clause(i):
            return sum(1 for k in bounds if k < i)

        called = {clause(c[1]) for c in calls}
        return [c for c in cues if clause(c[1]) not in called]

    def _study_scopes(self, ctx, start: int, end: int) -> list[tuple[int, int]]:
        """What a study looked at ("examined whether X improves Y", "the link between X and Y
        was studied"): from the description to the next punctuation or reported finding."""
        scopes = []
        for _, s, e, _ in self.study.find(ctx, start, end):
            if s > start and ctx.norms[s] in self.study_nouns and ctx.norms[s - 1] in self.determiners:
                continue  # "In this study a high BMI predicted ...": a noun, no description
            if (s - 2 >= start and ctx.norms[s - 1] in ("that", "which")
                    and ctx.norms[s - 2] not in self.study_subjects):
                continue  # "a model of care that focuses on nurses has been associated with ...": no study
            k = e
            while k < end and ctx.norms[k] not in self.scope_ends:
                k += 1
            scopes.append((s, k))
        return scopes

    def classify_rules(self, ctx, doc, start: int, end: int, modifiers=None) -> SentenceStrength:
        """The rules' verdict on tokens [start, end); `modifiers` as classify() takes them."""
        mods = None
        studied = self._study_scopes(ctx, start, end) if self.study.size else []

        def outside(cues):
            return [c for c in cues if not any(a <= c[1] < b for a, b in studied)] if studied else cues

        causal = outside(self.causal.find(ctx, start, end))
        if causal:
            causal = [c for c in causal if not self._opening_modifier(ctx, start, c[1], c[2])
                      and not self._purpose(ctx, start, c[1], c[2])
                      and not self._recommended(ctx, start, c[1])]
        if causal:
            # "Future studies should examine whether X improves Y"; a call for research in another
            # clause leaves the finding standing ("X cut deaths, but larger trials are needed").
            causal = self._outside_calls(ctx, start, end, causal)
        if causal:
            causal = self._unblocked(causal, self.not_causal.find(ctx, start, end))
        if causal or self.conditional_only.size:
            mods = self.modifiers.matches(ctx, start, end) if modifiers is None else modifiers
            hypothetical = [m for m in mods if m.modifier.category in ("hypothetical", "reported")]
            causal = [c for c in causal if not any(any(a < c[2] and c[1] < b for a, b in m.scope) for m in hypothetical)]
            mods = [m for m in mods if m.modifier.category == "hedged" and not self._not_hedge(ctx, m)]
            if self.hedges.size:
                mods += [_Hedge(s, e, [(e, self._clause_end(ctx, e, end))]) for _, s, e, _ in self.hedges.find(ctx, start, end)]

        def is_hedged(s, e):
            return any((m.start >= s and m.end <= e) or any(a < e and s < b for a, b in m.scope) for m in mods)

        if mods and all(key == "weak" or self._relative(ctx, start, s, e) for key, s, e, _ in causal):
            # "Optimising vitamin D may be critical for health": a gerund subject under a hedged
            # evaluation is a conditional claim, as is an evaluation without a causal cue, or one
            # whose only cues are in relative clauses ("drugs which raise X may hold the key").
            # ("... may be a useful tool for screening" is `not_claim`: a test's use, no effect.)
            evaluative = [(s, e) for _, s, e, _ in self._outside_calls(ctx, start, end, outside(self.conditional_only.find(ctx, start, end)))
                          if is_hedged(s, e)]
            if evaluative:
                # "Low albumin may be a useful predictor of relapse": a hedged evaluation of a
                # predictor or marker reports an association, not a hedged cause.
                evaluative = [(s, e) for s, e in evaluative
                              if not any(ctx.norms[k] in self.predictors for k in range(s, min(end, e + 3)))]
            if evaluative:
                s, e = evaluative[0]
                return SentenceStrength(start, end, "conditional", doc[s:e].text)
        if causal:
            explicit = outside(self.association.find(ctx, start, end))
            if explicit and self.not_correlational.size:
                # "helps you change your relationship with alcohol": what blocks a correlational
                # cue blocks an explicit association too.
                explicit = self._unblocked(explicit, self.not_correlational.find(ctx, start, end))
            if explicit:
                # "X is associated with increased Y": the association is the claim, whatever
                # causal-looking words ride along (participles, "lower risk").
                _, s, e, _ = explicit[0]
                return SentenceStrength(start, end, "correlational", doc[s:e].text)
            if all((key == "weak" and ctx.norms[e - 1].endswith("ing")) or self._relative(ctx, start, s, e)
                   for key, s, e, _ in causal):
                # "Controlling parents linked to anxiety": a gerund or present participle beside
                # an association describes the groups compared; it claims no cause. (A past
                # tense is left alone: "the drug reduced pain compared with placebo" is causal.)
                # So does a relative clause's verb: "stress, a hormone which regulates mood, is
                # more common in ..." describes a term; "found genes that influence gout" with no
                # association beside it stays causal.
                corr = outside(self.correlational.find(ctx, start, end))
                if corr and not self.not_claim.find(ctx, start, end) and not any(is_hedged(s, e) for _, s, e, _ in causal):
                    _, s, e, _ = corr[0]
                    return SentenceStrength(start, end, "correlational", doc[s:e].text)
            hedged = [(s, e) for _, s, e, _ in causal if is_hedged(s, e)]
            strong_unhedged = [(s, e) for key, s, e, _ in causal if key == "causal" and (s, e) not in hedged]
            if hedged and not strong_unhedged:
                # "Increasing X might strengthen Y": the claim is the hedged verb, not the gerund.
                s, e = hedged[0]
                return SentenceStrength(start, end, "conditional", doc[s:e].text)
            s, e = (strong_unhedged or [(s, e) for _, s, e, _ in causal])[0]
            return SentenceStrength(start, end, "causal", doc[s:e].text)
        corr = [c for c in outside(self.correlational.find(ctx, start, end)) if not self._recommended(ctx, start, c[1])]
        if corr and self.not_correlational.size:
            # "Half the patients with gout were unaware of it": a share of a group described, no comparison.
            corr = self._unblocked(corr, self.not_correlational.find(ctx, start, end))
        if corr:
            corr = self._outside_calls(ctx, start, end, corr)  # "The relationship between X and Y deserves further study"
        if corr:
            _, s, e, _ = corr[0]
            return SentenceStrength(start, end, "correlational", doc[s:e].text)
        return SentenceStrength(start, end, "none")

    def analyse(self, document):
        """(block, sentence Span, SentenceStrength) for every sentence of the document."""
        from claimlint.nlp import tokenisable

        nlp = self.linter.compiled.nlp
        blocks = [b for b in document.blocks if b.text.strip()]
        rows = []
        for block, doc in zip(blocks, nlp.pipe([tokenisable(b.text) for b in blocks], batch_size=64)):
            ctx = self.linter.token_view(doc)
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                ruled = self.classify_rules(ctx, doc, sent.start, sent.end)
                rows.append((block, sent, self._linear(ctx, doc, ruled) if self.linear is not None else ruled))
        if self.model is not None:
            # One batched model call per document: far faster than a call per sentence.
            probs = self.model.probabilities([sent.text for _, sent, _ in rows])
            rows = [(block, sent, self._learned(r, p)) for (block, sent, r), p in zip(rows, probs)]
        yield from rows
