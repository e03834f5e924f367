"""Findings packed for the trip from a worker process (wire.py) come back the same."""
from __future__ import annotations

import dataclasses
import pickle

from claimlint.findings import Finding
from claimlint.wire import pack, unpack


def _finding(i: int, **changes) -> Finding:
    """A finding whose every field holds a value of its own (no field left at its default)."""
    f = Finding(path=f"site/p{i % 2}.md", line=3 + i, column=5, end_line=4 + i, end_column=9, rule=f"rule-{i % 3}",
                code=f"CL{i % 3:03d}", category=f"cat{i % 3}", severity=("error", "warning", "info")[i % 3],
                message=f"Says something {i}.", text=f"heals it {i}", suggestions=[f"may ease it {i}", ""],
                start=10 * i, end=10 * i + 8, sentence=f"Tea heals it {i}.", fix=("unsafe", "safe")[i % 2],
                contexts=["hedged"] if i % 2 else [], plain=i % 2 == 0, paragraph=i + 1, paragraph_line=2,
                record={"url": f"https://example.org/{i}", "warc_record_offset": i})
    return dataclasses.replace(f, **changes)


def test_every_field_comes_back_through_pickle():
    findings = [_finding(i) for i in range(7)] + [_finding(7, paragraph=None, paragraph_line=None, record=None)]
    back = unpack(pickle.loads(pickle.dumps(pack(findings))))
    assert [dataclasses.asdict(f) for f in back] == [dataclasses.asdict(f) for f in findings]
    assert all(type(f) is Finding for f in back)


def test_a_field_left_at_its_default_would_be_noticed():
    # Every field of _finding differs from its default, so a field pack() forgot would show above.
    defaults = Finding(path="", line=1, column=1, end_line=1, end_column=1, rule="", code="", category="",
                       severity="info", message="", text="", suggestions=[])
    f = _finding(1)
    assert all(getattr(f, field.name) != getattr(defaults, field.name) for field in dataclasses.fields(Finding))


def test_no_findings():
    assert unpack(pack([])) == []
