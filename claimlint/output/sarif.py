"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Each rule appears once in the driver with its short and full description
and help (the rule's why and rewordings, as text and Markdown); each result
carries its region in Unicode code points (`columnKind`), the rewording as
a SARIF fix, and a `partialFingerprints` entry built from the rule and the
normalised text, so code scanning tracks a finding across commits.

The log is laid out by output/layout.py: each rule descriptor and each result on
one line, written by the C encoder (`indent=2` ran Python's encoder, which on a
run with tens of thousands of results cost far more than building them). A
file's URI and fingerprint path are worked out once per file, not per result.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from claimlint.version import __version__
from claimlint.baseline import fingerprint
from claimlint.gcpause import paused
from claimlint.output.layout import ITEM, dumps
from claimlint.output.wording import shown_suggestion

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_RUN = ("runs", ITEM)
OPEN = frozenset({(), ("runs",), _RUN, _RUN + ("tool",), _RUN + ("tool", "driver"),
                  _RUN + ("tool", "driver", "rules"), _RUN + ("results",), _RUN + ("invocations",)})


def _uri(path: str) -> str:
    p = Path(path)
    if path == "-":
        return "stdin"
    if path.startswith(("http://", "https://")):
        return path  # a page from a web archive or a crawl: its URL is its location
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return p.resolve().as_uri()


def _rule_descriptor(rule, ruleset) -> dict:
    suggestions = rule.suggestions or [s for spec in rule.patterns for s in spec.suggestions]
    examples = "\n".join(f"- ✗ {ex.text}" for ex in rule.flag_examples[:3])
    instead = "\n".join(f"- ✓ {shown_suggestion(s)}" for s in suggestions[:3])
    refs = "\n".join(f"- {r}" for r in rule.references)
    markdown = (f"**{rule.message}**\n\n{rule.description or ''}\n\n### Why is this a problem?\n{rule.why}\n\n"
                f"### Example\n{examples}\n\n### Use instead\n{instead}\n\n### Regulatory basis\n{refs}\n")
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.message[:1024]},
        "fullDescription": {"text": (rule.description or rule.message)[:1024]},
        "help": {"text": f"{rule.why}\nUse instead: {'; '.join(shown_suggestion(s) for s in suggestions[:3])}", "markdown": markdown},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"category": rule.category, "code": rule.code, "tags": ["health-claims", rule.category],
                       "precision": "high" if rule.severity == "error" else "medium",
                       "problem.severity": {"error": "error", "warning": "warning", "info": "recommendation"}[rule.severity]},
    }


def render_sarif(result, ruleset) -> str:
    # The log is a tree of a dozen dicts and lists a result, no cycles: the collector would
    # only scan it again and again while it grows (2.6 -> 1.9 CPU s on 64,256 results).
    with paused():
        return _render(result, ruleset)


def _render(result, ruleset) -> str:
    uri = lru_cache(maxsize=None)(_uri)  # this run's files, each resolved once (the folder cannot change meanwhile)
    used = sorted({f.rule for f in result.findings})
    rules = [r for r in ruleset.rules if r.id in used]
    index = {r.id: i for i, r in enumerate(rules)}
    results = []
    for f in result.findings:
        region = {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
                  "snippet": {"text": f.text}}
        where = uri(f.path)
        location = {"physicalLocation": {"artifactLocation": {"uri": where}, "region": region}}
        res = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL[f.severity],
            "message": {"text": f.message + (f" Suggested rewording: {f.suggestions[0]!r}." if f.suggestions and f.suggestions[0] else "")},
            "locations": [location],
            "partialFingerprints": {"claimlint/v1": fingerprint(f)},
            "properties": {"category": f.category, "code": f.code, "sentence": f.sentence},
        }
        if f.suggestions:
            res["fixes"] = [{
                "description": {"text": f"Replace with {s!r}" if s else "Delete the flagged words"},
                "artifactChanges": [{"artifactLocation": {"uri": where},
                                     "replacements": [{"deletedRegion": {k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")},
                                                       "insertedContent": {"text": s}}]}],
            } for s in f.suggestions[:3]]
        results.append(res)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "claimlint", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule_descriptor(r, ruleset) for r in rules]}},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{"executionSuccessful": not result.errors,
                             "toolExecutionNotifications": [{"level": "error", "message": {"text": e}} for e in result.errors]}],
        }],
    }
    return dumps(log, OPEN)
