"""Products and their approved uses: is a claimed approval accurate?

The rule pack's `products` table says, for each product, which uses a
regulator has approved (ketamine: anaesthesia; esketamine: treatment-
resistant depression...; compounded ketamine: none). A rule with
`check: approved-use` passes a claim of approval only when the product it
names is approved for every use the claim states, so "ketamine is
FDA-approved for anaesthesia" passes and "approved to treat PTSD" does not.
A device that is only cleared (`pathway: clearance`, e.g. TMS) is not
"approved" for anything; a bare badge ("FDA Approved" alone) and an
approval pinned on the advertised product ("FDA-approved formula") claim
approval of a product nobody has named, so they are flagged too.
"""
from __future__ import annotations

import re

from claimlint.patterns.lexicons import LexiconData
from claimlint.patterns.tokens import TokenView
from claimlint.ruleset.model import Product

PRODUCT_LEXICON = "product"
USE_LEXICONS = ("condition", "medical-use")
_COPULA = {"is", "are", "was", "were", "be", "been", "being"}
_CLAUSE_END = {"and", ",", ".", "!", ";", ":", "&", "-", "–", "—", ")"}
_STOP = {"off", "but", ";", "however", "although", "whereas", "while", "not", "unlike", "except"}
_LIST_JOINERS = {"and", "or", "&"}
_APPROVAL_WORDS = ("approv", "licens", "licenc")
# Nouns for the advertised product itself: "FDA-approved formula" pins approval on it.
_PRODUCT_NOUNS = {"formula", "formulas", "supplement", "supplements", "gummy", "gummies", "capsule", "capsules",
                  "tea", "teas", "blend", "blends", "product", "products", "drip", "drips", "serum", "serums",
                  "oil", "oils", "tincture", "tinctures", "powder", "powders", "pills", "tablets", "cream",
                  "creams", "spray", "sprays", "patch", "patches", "kit", "kits", "shot", "shots", "remedy", "remedies"}
_BADGE_NOISE = {"✓", "✔", "★", "☆", "•", "*", "-", "–", "—", "|", "!", ".", ":", "100", "%", "(", ")", "[", "]"}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[-‐‑–]", " ", text.lower()).split())


def product_lexicon(products: list[Product]) -> LexiconData:
    entries = [(alias, {"product": p.name}) for p in products for alias in p.aliases]
    return LexiconData(PRODUCT_LEXICON, entries, "none")


class ApprovedUses:
    def __init__(self, products: list[Product], lexicon_names: set[str]) -> None:
        self.products = {p.name: p for p in products}
        self.approved = {p.name: {_key(u) for u in p.approved_uses} for p in products}
        self.use_lexicons = [n for n in USE_LEXICONS if n in lexicon_names]

    def _mentions(self, view: TokenView, name: str, start: int, end: int) -> list[tuple[int, int, dict]]:
        """Longest non-overlapping lexicon matches in [start, end)."""
        found = []
        for i, ends in view.lexicon_starts(name, None).items():
            if start <= i < end:
                e, entry = max(ends, key=lambda x: x[0])
                if e <= end:
                    found.append((i, e, entry))
        found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        out, last = [], -1
        for s, e, entry in found:
            if s >= last:
                out.append((s, e, entry))
                last = e
        return out

    def violation(self, view: TokenView, sent_start: int, sent_end: int, hit_start: int, hit_end: int) -> str | None:
        """Why the approval claim at [hit_start, hit_end) overstates, or None if it is accurate."""
        products = self._mentions(view, PRODUCT_LEXICON, sent_start, sent_end)
        before = [p for p in products if p[1] <= hit_start]
        inside = [p for p in products if p[0] >= hit_start and p[1] <= hit_end]
        after = [p for p in products if p[0] >= hit_end]
        chosen = (inside or before[-1:] or after[:1])
        product = self.products.get(chosen[-1][2]["product"]) if chosen else None

        # Uses claimed: from the claim to the end of its clause.
        found = [(s, e, lex, entry["text"]) for lex in self.use_lexicons
                 for s, e, entry in self._mentions(view, lex, hit_start, sent_end)]
        starts = {s for s, _e, _lex, _u in found}
        stop = sent_end
        for i in range(hit_end, sent_end):
            if view.norms[i] in _STOP:
                stop = i
                break
            # A comma after a scoped approval ends it unless more uses follow: in "FDA-approved as an
            # anaesthetic since 1970, research into its effects on depression ..." the depression is
            # another clause's; in "approved for anaesthesia, pain and depression" the list goes on.
            if view.norms[i] == "," and any(hit_end <= s < i for s in starts):
                nxt = i + 1
                while nxt < sent_end and view.norms[nxt] in _LIST_JOINERS:
                    nxt += 1
                if nxt not in starts:
                    stop = i
                    break
        mentions: list[tuple[str, str]] = [(lex, u) for s, e, lex, u in found if e <= stop]
        # The longest mention wins: "treatment-resistant depression" over "depression".
        mentions = [(lex, u) for lex, u in mentions
                    if not any(_key(u) != _key(v) and _key(u) in _key(v) for _, v in mentions)]
        uses = [u for _, u in mentions]

        if product is not None and product.pathway == "clearance" and any(
                view.norms[i].startswith(_APPROVAL_WORDS) for i in range(hit_start, hit_end)):
            return f"{product.name} devices are cleared, not approved: say FDA-cleared for {', '.join(product.approved_uses[:3])}"
        if product is not None:
            allowed = self.approved[product.name]
            if not allowed:
                return f"{product.name} has no regulatory approval for any use"
            wrong = [u for u in uses if _key(u) not in allowed]
            if wrong:
                return f"{product.name} is approved only for {', '.join(product.approved_uses)}, not for {', '.join(wrong)}"
            return None
        conditions = [u for lex, u in mentions if lex == "condition"]
        if conditions:
            return f"no approval on record for {', '.join(conditions)}"
        if self._bare_predicate(view, sent_start, sent_end, hit_start, hit_end):
            return "no approval on record for this product; name the approved product and its approved use"
        if self._badge(view, sent_start, sent_end, hit_start, hit_end):
            return "an approval badge that names no approved product or use"
        if hit_end < sent_end and view.norms[hit_end] in _PRODUCT_NOUNS:
            return f"no approval on record for this {view.norms[hit_end]}; name the approved product and its approved use"
        return None

    @staticmethod
    def _badge(view: TokenView, sent_start: int, sent_end: int, hit_start: int, hit_end: int) -> bool:
        """"✓ FDA Approved" on its own line: the claim is the whole sentence."""
        rest = [i for i in list(range(sent_start, hit_start)) + list(range(hit_end, sent_end))
                if not view.transparent[i] and view.norms[i] not in _BADGE_NOISE]
        return not rest

    @staticmethod
    def _bare_predicate(view: TokenView, sent_start: int, sent_end: int, hit_start: int, hit_end: int) -> bool:
        """"SlimRx is FDA-approved." claims approval of the advertised product as a whole.

        Why: with no product on record and no use named, the claim cannot be
        checked, and unlike "uses FDA-approved equipment" it is about the
        product itself, so a reviewer asks for it to be substantiated.
        """
        copula = view.norms[hit_start] in _COPULA or (hit_start > sent_start and view.norms[hit_start - 1] in _COPULA)
        after = view.norms[hit_end] if hit_end < sent_end else "."
        return copula and after in _CLAUSE_END
