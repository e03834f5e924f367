"""A finding: one flagged span, with everything a reviewer or a tool needs."""
from __future__ import annotations

from dataclasses import dataclass, field

from claimlint.ruleset.model import SEVERITIES, SEVERITY_RANK


@dataclass
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    code: str
    category: str
    severity: str
    message: str
    text: str
    suggestions: list[str]
    start: int = 0  # source offsets [start, end)
    end: int = 0
    sentence: str = ""
    fix: str = "unsafe"
    contexts: list[str] = field(default_factory=list)
    plain: bool = True  # the flagged source text is plain prose (no markup inside): safe to rewrite
    paragraph: int | None = None  # Word drafts: paragraph number (= line) and line within it
    paragraph_line: int | None = None
    record: dict | None = None  # web archives and crawls: url, warc_file, warc_record_offset/_length/_id

    def to_json(self) -> dict:
        return {
            "path": self.path, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "rule": self.rule, "code": self.code, "category": self.category, "severity": self.severity,
            "message": self.message, "text": self.text, "suggestions": self.suggestions,
            "fix": self.fix, "sentence": self.sentence,
            **({"paragraph": self.paragraph, "paragraph_line": self.paragraph_line} if self.paragraph else {}),
            **(self.record or {}),
        }

    def to_dict(self) -> dict:
        """Exactly one entry of the JSON contract's `findings` (the public API's name for to_json)."""
        return self.to_json()

    def to_cache(self) -> dict:
        """Every field, for the findings cache (read back by findings_from_json)."""
        return {name: getattr(self, name) for name in _FIELDS}

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, -SEVERITY_RANK[self.severity], self.rule)


def lower_severity(severity: str) -> str:
    """One step down: error -> warning -> info."""
    return SEVERITIES[max(0, SEVERITY_RANK[severity] - 1)]


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


_STR, _INT, _BOOL = (str,), (int,), (bool,)
_FIELDS = {
    "path": _STR, "line": _INT, "column": _INT, "end_line": _INT, "end_column": _INT, "rule": _STR, "code": _STR,
    "category": _STR, "severity": _STR, "message": _STR, "text": _STR, "suggestions": list, "start": _INT,
    "end": _INT, "sentence": _STR, "fix": _STR, "contexts": list, "plain": _BOOL, "paragraph": (int, type(None)),
    "paragraph_line": (int, type(None)), "record": (dict, type(None)),
}


def findings_from_json(data) -> list[Finding]:
    """Findings from cached JSON, checked field by field; ValueError if anything is off."""
    if not isinstance(data, list):
        raise ValueError("not a list of findings")
    out = []
    for item in data:
        if not isinstance(item, dict) or set(item) != set(_FIELDS):
            raise ValueError("not a finding")
        for name, types in _FIELDS.items():
            value = item[name]
            if not isinstance(value, types if isinstance(types, tuple) else (types,)) or (
                    isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))):
                raise ValueError(f"bad {name}")
        if not all(isinstance(s, str) for s in item["suggestions"] + item["contexts"]):
            raise ValueError("bad suggestions")
        if item["severity"] not in SEVERITY_RANK or not (0 <= item["start"] <= item["end"]) or item["line"] < 1:
            raise ValueError("bad position or severity")
        out.append(Finding(**item))
    return out
