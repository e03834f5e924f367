"""Claim strength: how strongly each sentence claims cause and effect.

Classifies each sentence as `causal` ("walking cuts dementia risk", "X can
lower Y"), `conditional` (a causal claim under a hedge: "may reduce",
"appears to improve"), `correlational` ("is associated with", "people who X
had lower Y") or `none`, following Yu et al.'s annotation scheme (EMNLP
2019, COLING 2020). The cues are YAML patterns (rules/strength/), compiled
by the same machinery as the rules, and hedging comes from the `hedged`
context modifiers, so reviewers can read and extend all of it. Nothing is
trained.
"""
from __future__ import annotations

from dataclasses import dataclass

STRENGTHS = ("none", "correlational", "conditional", "causal")

@dataclass
class SentenceStrength:
    start: int  # token span in the Doc
    end: int
    strength: str
    cue: str = ""


class StrengthAnalyser:
    """Built from a Linter's compiled machinery (patterns, lexicons, context)."""

    def __init__(self, linter) -> None:
        from claimlint.patterns.index import PatternIndex

        self.linter = linter
        compiled = linter.compiled
        cues = linter.ruleset.strength
        self.context = compiled.context
        self.not_hedges = cues.not_hedges
        self.causal = PatternIndex([("causal", compiled.compile(s.source)) for s in cues.causal]
                                   + [("weak", compiled.compile(s.source)) for s in cues.weak_causal])
        self.correlational = PatternIndex([("correlational", compiled.compile(s.source)) for s in cues.correlational])
        self.conditional_only = PatternIndex([("cond", compiled.compile(s.source)) for s in cues.conditional_only])
        self.not_causal = PatternIndex([("not", compiled.compile(s.source)) for s in cues.not_causal])
        self.not_claim = PatternIndex([("no", compiled.compile(s.source)) for s in cues.not_claim])
        self.association = PatternIndex([("assoc", compiled.compile(s.source)) for s in cues.association])

    def classify(self, ctx, doc, start: int, end: int) -> SentenceStrength:
        mods = None
        causal = self.causal.find(ctx, start, end)
        if causal and self.not_claim.find(ctx, start, end):
            causal = []  # "Future studies should examine whether X improves Y"
        if causal:
            # A blocker shares the cue's first or last token: "the increased risk", "treated with".
            blocked = self.not_causal.find(ctx, start, end)
            causal = [c for c in causal
                      if not any(b[1] < c[2] and c[1] < b[2] and (b[1] == c[1] or b[2] == c[2]) for b in blocked)]
        if causal or self.conditional_only.size:
            mods = self.context.matches(ctx, start, end)
            hypothetical = [m for m in mods if m.modifier.category in ("hypothetical", "reported")]
            causal = [c for c in causal if not any(any(a < c[2] and c[1] < b for a, b in m.scope) for m in hypothetical)]
            mods = [m for m in mods if m.modifier.category == "hedged"
                    and " ".join(ctx.norms[m.start:m.end]) not in self.not_hedges]

        def is_hedged(s, e):
            return any((m.start >= s and m.end <= e) or any(a < e and s < b for a, b in m.scope) for m in mods)

        if not causal and mods:
            evaluative = [(s, e) for _, s, e, _ in self.conditional_only.find(ctx, start, end) if is_hedged(s, e)]
            if evaluative:
                s, e = evaluative[0]
                return SentenceStrength(start, end, "conditional", doc[s:e].text)
        if causal:
            explicit = self.association.find(ctx, start, end)
            if explicit:
                # "X is associated with increased Y": the association is the claim, whatever
                # causal-looking words ride along (participles, "lower risk").
                _, s, e, _ = explicit[0]
                return SentenceStrength(start, end, "correlational", doc[s:e].text)
            hedged = [(s, e) for _, s, e, _ in causal if is_hedged(s, e)]
            strong_unhedged = [(s, e) for key, s, e, _ in causal if key == "causal" and (s, e) not in hedged]
            if hedged and not strong_unhedged:
                # "Increasing X might strengthen Y": the claim is the hedged verb, not the gerund.
                s, e = hedged[0]
                return SentenceStrength(start, end, "conditional", doc[s:e].text)
            s, e = (strong_unhedged or [(s, e) for _, s, e, _ in causal])[0]
            return SentenceStrength(start, end, "causal", doc[s:e].text)
        corr = self.correlational.find(ctx, start, end)
        if corr:
            _, s, e, _ = corr[0]
            return SentenceStrength(start, end, "correlational", doc[s:e].text)
        return SentenceStrength(start, end, "none")

    def analyse(self, document):
        """(block, sentence Span, SentenceStrength) for every sentence of the document."""
        nlp = self.linter.compiled.nlp
        blocks = [b for b in document.blocks if b.text.strip()]
        for block, doc in zip(blocks, nlp.pipe([b.text for b in blocks], batch_size=64)):
            ctx = self.linter._context(doc)
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                yield block, sent, self.classify(ctx, doc, sent.start, sent.end)
