"""Fill a rule's rewording templates and match the case of the original text.

Templates name what the pattern captured: `{match}` is the flagged text and
`{condition}`, `{product}`... the text a lexicon of that name matched.
"Proven" becomes "Studied", "PROVEN" becomes "STUDIED".
"""
from __future__ import annotations

import re
from functools import lru_cache

from claimlint.agreement import agree_word, could_agree, first_word, may_be_inflected, redundant_after

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_-]*)(\.base)?\}")
_ARTICLE_BEFORE = re.compile(r"(?:^|(?<=\W))(a|an|A|An|AN)\s+$")
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s", re.I)


def placeholders(template: str) -> set[str]:
    """Lexicon names a template refers to ({condition} and {condition.base} both name `condition`)."""
    return {name for name, _ in PLACEHOLDER.findall(template)}


def article_for(word: str) -> str:
    """'a' or 'an' for the word that follows, by its sound as far as spelling tells."""
    w = word.lower()
    if w.startswith(("hour", "honest", "honour", "honor", "heir")) or (w[:1] in "aeiou" and not w.startswith(("one", "uni", "use", "usu", "eu", "ur"))):
        return "an"
    if len(w) > 1 and w.isupper() and w[0] in "AEFHILMNORSX":
        return "an"
    return "a"


def _search_before(expression: re.Pattern, before: str):
    """expression.search(before) for an expression of the words before a finding, which all end
    in `\\s+$`: text that does not end in white space cannot match, and is not searched."""
    return expression.search(before) if before[-1:].isspace() else None


def with_articles(before: str, replacements: list[str], after: str = "") -> tuple[int, list[str]]:
    """Agree an article that precedes the flagged text with each rewording.

    Returns how many characters before the span to replace too (0 when the
    article can stay) and the rewordings to put there: "a rapid effect" ->
    "an effect"; "has a low risk" + "a risk ..." -> "has a risk ...".
    """
    m = _search_before(_ARTICLE_BEFORE, before)
    if not m or not replacements:
        return 0, replacements
    article = m.group(1)
    following = after.split()[0] if after.split() else ""

    def next_word(r: str) -> str:
        return r.split()[0] if r.split() else following

    needs_change = any(
        _LEADING_ARTICLE.match(r) or (next_word(r) and article_for(next_word(r)) != article.lower())
        for r in replacements
    )
    if not needs_change:
        return 0, replacements
    out = []
    for r in replacements:
        if _LEADING_ARTICLE.match(r):
            out.append(match_case(article, r))
        elif not next_word(r):
            out.append(r)
        else:
            new = article_for(next_word(r))
            new = new.capitalize() if article[:1].isupper() else new
            out.append(f"{new} {r}" if r else new)
    return len(before) - m.start(1), out


_WORDISH = re.compile(r"[A-Za-z][\w'’-]*")
_LONGER_WORD = re.compile(r"[A-Za-z][\w'’-]{3,}")  # a _WORDISH match of more than three characters
_LETTERS = re.compile(r"[A-Za-z]+")
_LOWER_START = re.compile(r"(?<![\[\w'’-])([a-z])")


def is_title_case(text: str) -> bool:
    """Whether a line is written in title case, judged on its longer words.

    Why: a match such as "Over 20,000 Australians" looks title-cased on its own
    (a proper noun), but only a title-cased heading should make the rewording
    title case.
    """
    longer = _LONGER_WORD.findall(text)
    return not longer or sum(w[:1].isupper() for w in longer) >= 0.6 * len(longer)


def case_of(original: str, title: bool = True) -> str:
    """How rewordings of `original` take its case: "upper", "as-is" (an acronym leads), "title"
    or "first" (their first letter follows its first letter). Found once for all of a
    finding's rewordings, which replace the same words."""
    # A text with a lower-case letter, or with no cased letter at all, is never "upper":
    # str.isupper() tells both at once, before its letters are looked at one by one.
    if original.isupper():
        letters = "".join(filter(str.isalpha, original))
        if len(letters) > 1 and all(map(str.isupper, letters)) and len(original.split()) > 1:
            return "upper"
    first_word = _LETTERS.match(original)
    if first_word:
        letters = first_word.group()
        if len(letters) > 1 and letters.isupper():
            return "as-is"  # an acronym ("FDA-approved") says nothing about sentence case
        if letters[0].islower():
            return "first"  # the first of its _WORDISH words starts there, in lower case: not a title
    if title:
        words = _WORDISH.findall(original)
        if len(words) > 1 and all(w[:1].isupper() for w in words):
            return "title"  # a title-case heading stays title case ("Can Treat" -> "May Help Treat")
    return "first"


def _upper(m: re.Match) -> str:
    return m.group(1).upper()


def in_case(case: str, original: str, suggestion: str) -> str:
    """The suggestion in the case case_of(original) found."""
    if case == "upper":
        return suggestion.upper()
    if case == "as-is":
        return suggestion
    if case == "title":
        return _LOWER_START.sub(_upper, suggestion)
    if original[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    if original[:1].islower() and suggestion[:1].isupper() and not suggestion[:2].isupper():
        return suggestion[:1].lower() + suggestion[1:]
    return suggestion


def match_case(original: str, suggestion: str, title: bool = True) -> str:
    return in_case(case_of(original, title), original, suggestion)


@lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple:
    """A rule's template cut at its placeholders, once per template: its literal text and,
    for each placeholder, (the name it fills, the placeholder as written), in order."""
    out: list = []
    pos = 0
    for m in PLACEHOLDER.finditer(template):
        out.append(template[pos:m.start()])
        out.append((m.group(1) + (m.group(2) or ""), m.group(0)))
        pos = m.end()
    out.append(template[pos:])
    return tuple(out)


@lru_cache(maxsize=4096)
def _template(template: str) -> tuple:
    """A rule's template, prepared once: its pieces (_pieces) and, when it has no placeholder,
    its text with runs of white space made one space (what every rewording of it starts from)."""
    pieces = _pieces(template)
    return pieces, (" ".join(pieces[0].split()) if len(pieces) == 1 else None)


def fill(template: str, match: str, captures: dict[str, str], title: bool = True, case: str | None = None) -> str:
    """The rewording for `match`: placeholders filled, its first verb agreeing with
    the flagged verb ("resets" -> "supports"), in the flagged text's case (`case`:
    case_of(match, title), when the caller fills several templates for one match).
    An unknown placeholder stays as written."""
    return fill_all((template,), match, captures, title, case)[0]


def fill_all(templates, match: str, captures: dict[str, str], title: bool = True, case: str | None = None) -> list[str]:
    """fill() of each template, for one match: what depends only on the flagged words (their
    case, the first word the rewordings agree with) is read once for all of them."""
    if case is None:
        case = case_of(match, title)
    first = first_word(match)
    out = []
    for template in templates:
        pieces, text = _template(template)
        if text is None:
            text = " ".join("".join(p if p.__class__ is str else match if p[0] == "match" else captures.get(p[0], p[1])
                                    for p in pieces).split())
        out.append(in_case(case, match, agree_word(first, text)))
    return out


@lru_cache(maxsize=4096)
def prepared(templates: tuple) -> tuple:
    """A finding's templates (a rule's or its pattern's), read once per list of templates, not
    once per finding: (whether any names a capture other than {match}, whether any rewording's
    first word could take the flagged verb's form, and per template (its pieces, its text with
    white space made one when it has no placeholder, else None; and whether agree_word can change
    it)). fill_prepared() fills them as fill_all() fills the templates."""
    entries = []
    captures = agrees = False
    for template in templates:
        pieces, text = _template(template)
        if text is None:
            captures = captures or any(p.__class__ is not str and p[0] != "match" for p in pieces)
            verb = True  # the text is known only once filled
        else:
            verb = could_agree(text)  # agree_word returns the others as they are
        agrees = agrees or verb
        entries.append((pieces, text, verb))
    return captures, agrees, tuple(entries)


def fill_prepared(ready: tuple, match: str, captures: dict[str, str], case: str) -> list[str]:
    """fill_all(templates, match, captures, title, case) for ready = prepared(tuple(templates)),
    with `case` given: the same rewordings, with what depends only on the templates read once."""
    first = first_word(match) if ready[1] else None
    if first is not None and not may_be_inflected(first):
        first = None  # a word that is no verb form: no rewording agrees with it
    out = []
    for pieces, text, verb in ready[2]:
        if text is None:
            text = " ".join("".join([p if p.__class__ is str else match if p[0] == "match" else captures.get(p[0], p[1])
                                     for p in pieces]).split())
        if verb and first is not None:
            text = agree_word(first, text)
        out.append(in_case(case, match, text))
    return out


_MODAL_BEFORE = re.compile(r"(?:^|(?<=\W))(may|might|can|could|will|would)\s+$", re.I)
_LEADING_MODAL = re.compile(r"^(may|might|can|could)\s", re.I)


def with_modal(before: str, replacements: list[str]) -> int:
    """Characters before the span to replace too when every rewording brings its own modal:
    "may protect" + "may help protect" -> "may help protect", not "may may help protect"."""
    m = _search_before(_MODAL_BEFORE, before)
    if not m or not replacements or not all(_LEADING_MODAL.match(r) for r in replacements):
        return 0
    return len(before) - m.start(1)


_ASKED = re.compile(r"\s*[\"'“‘(]?(?:can|could|will|would|does|do|did|should|is|are|was|were|has|have|may|might)\b", re.I)


def asks(sentence: str) -> bool:
    """Whether the sentence is a yes/no question ("Can ketamine cure depression?"), whose
    auxiliary already stands before the verb: a rewording then drops its own modal
    ("Can ketamine help ease ...?", not "Can ketamine may help ease ...?")."""
    return sentence.rstrip().rstrip("\"'”’)").endswith("?") and _ASKED.match(sentence) is not None


_NEGATION_BEFORE = re.compile(r"(?:n't|n’t|\bnot|\bto)\s+(?:just\s+|only\s+|simply\s+)?$", re.I)
_TRAILING_ARTICLE = re.compile(r"(?:^|\s)(a|an|A|An)$")
_ARTICLE_ENDS = ("a", "A", "n", "\n")


def _article_agreeing(replacement: str, following: str) -> str:
    """A rewording ending in "a", "an", "A" or "An" (or those and a final newline, which $
    allows) with the article the word after the finding takes."""
    m = _TRAILING_ARTICLE.search(replacement) if replacement.endswith(_ARTICLE_ENDS) else None
    if m and following[:1].isalpha():
        new = article_for(following)
        new = new.capitalize() if m.group(1)[:1].isupper() else new
        return replacement[:m.start(1)] + new
    return replacement


def fit_surroundings(before: str, after: str, replacements: list[str], asked: bool = False) -> list[str]:
    """Rewordings adjusted to the words around the flagged text.

    A modal cannot follow a negation or "to" ("don't just may help treat" ->
    "don't just help treat"), nor the auxiliary of a yes/no question (`asked`:
    "Can it may help treat?" -> "Can it help treat?"), and a rewording that ends
    in an article agrees with the word after it ("a" + "immune defense" -> "an
    immune defense")."""
    out = []
    words = after.split(None, 1)  # its first word is the first of after.split()
    following = words[0] if words else ""
    # the same words before every rewording
    no_modal = asked or _search_before(_NEGATION_BEFORE, before) is not None
    for r in replacements:
        if no_modal and _LEADING_MODAL.match(r):
            r = r[_LEADING_MODAL.match(r).end():]
        out.append(_article_agreeing(r, following))
    return out


# What the last word before a finding must end in for an expression of the words before it
# to match (each ends in `\s+$`, so its last word ends where the trailing white space starts):
# the negations and "to" (with "just", "only", "simply"), and the articles and modals. A test on
# one character spares searching the text for most findings; the expressions decide the rest.
_NEGATION_ENDS = "tToOyY"
_ARTICLE_OR_MODAL_ENDS = "aAnNyYtTdDlL"
_MODAL_INITIALS = "mMcC"


def fit_all(before: str, after: str, replacements: list[str], asked: bool = False) -> tuple[int, list[str], int]:
    """fit_surroundings(before, after, replacements, asked), then with_articles and with_modal on
    the 8 characters before, and redundant_after, in one call: (characters before the span to
    replace too, the rewordings, characters after it to replace too). The same answers as those
    four (tests/test_rewordings.py compares them); what they share (the white space at the end of
    `before`, the word after) is read once."""
    spaced = before[-1:].isspace()  # every expression of the words before ends in \s+$
    last = before.rstrip()[-1:] if spaced else ""
    words = after.split(None, 1)  # its first word is the first of after.split()
    following = words[0] if words else ""
    no_modal = None  # found at the first rewording that begins with a modal
    out = []
    for r in replacements:
        if r[:1] in _MODAL_INITIALS:
            m = _LEADING_MODAL.match(r)
            if m:
                if no_modal is None:
                    no_modal = asked or (spaced and last in _NEGATION_ENDS
                                         and _NEGATION_BEFORE.search(before) is not None)
                if no_modal:
                    r = r[m.end():]
        out.append(_article_agreeing(r, following))
    back = 0
    if spaced and last in _ARTICLE_OR_MODAL_ENDS:
        near = before[-8:]
        back, out = with_articles(near, out, after)
        if not back:
            back = with_modal(near, out)
    first = after[:1]
    ahead = redundant_after(after, out) if first == "," or first.isspace() else 0
    return back, out, ahead
