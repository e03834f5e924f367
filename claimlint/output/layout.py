"""JSON reports written by the standard library's C encoder, laid out to stay readable.

`json.dumps(..., indent=2)` cannot use the C encoder (before Python 3.13 only an
unindented dump runs in C): on a run with tens of thousands of findings the pure-Python
encoder cost about three times what the C one does. A report is therefore laid out by
hand down to the containers named in `open_paths` (one key or item a line, indented by
two spaces, as `indent=2` does) and every value below them is encoded in one C call, on
one line: a JSON report has one finding a line, a SARIF log one result a line. The
content is the same JSON value; only the white space differs from `indent=2`.
"""
from __future__ import annotations

import json

ITEM = "*"  # in an open path, any item of a list
_encode = json.JSONEncoder(ensure_ascii=False).encode  # no indent: the C encoder, one value a call


def dumps(value, open_paths=frozenset({()})) -> str:
    """`value` as JSON text (UTF-8 characters as they are, like ensure_ascii=False): each
    dict or list whose path is in `open_paths` (a tuple of keys from the top, ITEM for a
    list's items; () is the value itself) has one entry a line, everything else is on one
    line, with ", " and ": " between its parts."""
    out: list[str] = []
    _write(value, open_paths, (), "\n", out)
    return "".join(out)  # one join: a report of many megabytes is not copied once per level


def _write(value, open_paths, path, newline, out) -> None:
    if path not in open_paths or not isinstance(value, (dict, list)) or not value:
        out.append(_encode(value))
        return
    inner = newline + "  "
    is_dict = isinstance(value, dict)
    out.append("{" if is_dict else "[")
    sep = inner
    if is_dict:
        for key, item in value.items():
            out.append(sep)
            out.append(_encode(key))
            out.append(": ")
            _write(item, open_paths, path + (key,), inner, out)
            sep = "," + inner
    else:
        here = path + (ITEM,)
        if here in open_paths:
            for item in value:
                out.append(sep)
                _write(item, open_paths, here, inner, out)
                sep = "," + inner
        else:
            out.append(inner)
            out.append(("," + inner).join(map(_encode, value)))
    out.append(newline)
    out.append("}" if is_dict else "]")
