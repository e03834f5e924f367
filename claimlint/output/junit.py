"""JUnit XML: one test case per file (clean files pass), one failure per finding."""
from __future__ import annotations

from collections import defaultdict
from xml.etree import ElementTree as ET

from claimlint.output.wording import shown_suggestion


def render_junit(result, files: list[str]) -> str:
    by_file = defaultdict(list)
    for f in result.findings:
        by_file[f.path].append(f)
    suite = ET.Element("testsuite", name="claimlint", tests=str(len(files)),
                       failures=str(sum(1 for p in files if by_file.get(p))), errors=str(len(result.errors)))
    for path in files:
        case = ET.SubElement(suite, "testcase", classname="claimlint", name=path)
        for f in by_file.get(path, []):
            failure = ET.SubElement(case, "failure", message=f"{f.line}:{f.column} {f.rule}: {f.message}", type=f.severity)
            failure.text = (f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} [{f.code}] {f.message}\n"
                            f"{f.text}\n" + (f"suggestion: {shown_suggestion(f.suggestions[0])}\n" if f.suggestions else ""))
    for e in result.errors:
        case = ET.SubElement(suite, "testcase", classname="claimlint", name=e.split(":")[0])
        ET.SubElement(case, "error", message=e).text = e
    root = ET.Element("testsuites", name="claimlint")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
