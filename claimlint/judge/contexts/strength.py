"""The claim strength of the sentence (claimlint.strength): conditional or correlational.

Only asked when the rule's policy says what one of these does, since
classifying a sentence is the dearest context. A short label before a
colon ("Pain relief: it may help ...") is not classified with the
explanation after it (lead_in.label_end). Finds: conditional,
correlational.
"""
from __future__ import annotations

NEEDS = frozenset({"conditional", "correlational"})


def find(hit, sentence) -> set[str]:
    from claimlint.judge.contexts.lead_in import label_end

    end = label_end(sentence)
    if end is not None and hit.end <= end:
        return set()  # a verbless label ("Pain relief: it may help ..."): the explanation's strength is its own
    strength = sentence.memo.get("strength")
    if strength is None:
        linter = sentence.linter
        # The modifiers judge runs first (contexts.JUDGES) and keeps the sentence's modifiers:
        # the strength rules read the same ones (the same finder over the same tokens).
        strength = sentence.memo["strength"] = linter.strength.classify(
            sentence.view, sentence.doc, sentence.start, sentence.end, sentence.memo.get("modifiers")).strength
    return {strength} if strength in ("conditional", "correlational") else set()
