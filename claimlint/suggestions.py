"""Fill a rule's rewording templates and match the case of the original text.

Templates name what the pattern captured: `{match}` is the flagged text and
`{condition}`, `{product}`... the text a lexicon of that name matched.
"Proven" becomes "Studied", "PROVEN" becomes "STUDIED".
"""
from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_-]*)\}")


def placeholders(template: str) -> set[str]:
    return set(PLACEHOLDER.findall(template))


def match_case(original: str, suggestion: str) -> str:
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return suggestion.upper()
    if original[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    if original[:1].islower() and suggestion[:1].isupper() and not suggestion[:2].isupper():
        return suggestion[:1].lower() + suggestion[1:]
    return suggestion


def fill(template: str, match: str, captures: dict[str, str]) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name == "match":
            return match
        return captures.get(name, m.group(0))

    return match_case(match, " ".join(PLACEHOLDER.sub(sub, template).split()))
