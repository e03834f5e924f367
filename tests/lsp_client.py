"""A small synchronous LSP client for the tests and the benchmark.

It starts `claimlint server` as a real process and speaks JSON-RPC with
Content-Length framing over its standard input and output, as an editor
does. It shares no code with the server: positions are converted here with
an independent UTF-16 count, so a range the server gets wrong shows up.
"""
from __future__ import annotations

import itertools
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def server_command() -> list[str]:
    exe = Path(sys.executable).with_name("claimlint")
    return [str(exe), "server"] if exe.exists() else [sys.executable, "-m", "claimlint", "server"]


def utf16_index(text: str, line: int, character: int) -> int:
    """The str index of an LSP position (UTF-16 code units; LF, CRLF and CR end lines)."""
    starts = [0]
    i = 0
    while i < len(text):
        if text[i] == "\r" and text[i + 1:i + 2] == "\n":
            i += 1
        if text[i] in "\r\n":
            starts.append(i + 1)
        i += 1
    at = starts[line]
    units = 0
    while units < character and at < len(text) and text[at] not in "\r\n":
        units += 2 if ord(text[at]) > 0xFFFF else 1
        at += 1
    assert units == character, f"position {line}:{character} is not on a character boundary"
    return at


def apply_edits(text: str, edits: list[dict]) -> str:
    """Apply LSP TextEdits (all relative to the original text), as an editor does."""
    spans = []
    for e in edits:
        r = e["range"]
        spans.append((utf16_index(text, r["start"]["line"], r["start"]["character"]),
                      utf16_index(text, r["end"]["line"], r["end"]["character"]), e["newText"]))
    for a, b, new in sorted(spans, reverse=True):
        text = text[:a] + new + text[b:]
    return text


def range_text(text: str, rng: dict) -> str:
    a = utf16_index(text, rng["start"]["line"], rng["start"]["character"])
    b = utf16_index(text, rng["end"]["line"], rng["end"]["character"])
    return text[a:b]


CAPABILITIES = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "synchronization": {"didSave": True, "dynamicRegistration": False},
        "publishDiagnostics": {"versionSupport": True, "codeDescriptionSupport": True, "dataSupport": True},
        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}},
                       "isPreferredSupport": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
    },
    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}, "applyEdit": True,
                  "workspaceEdit": {"documentChanges": False}},
    "window": {"showDocument": {"support": True}, "showMessage": {}},
}


class LspClient:
    """An LSP client driving one server process."""

    def __init__(self, cwd: Path, env: dict | None = None, command: list[str] | None = None) -> None:
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(command or server_command(), cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr,
                                     env={**os.environ, **(env or {})})
        self.ids = itertools.count(1)
        self.inbox: queue.Queue = queue.Queue()
        self.notifications: list[dict] = []
        self.server_requests: list[dict] = []
        self.versions: dict[str, int] = {}
        threading.Thread(target=self._read, daemon=True).start()

    # -- wire ----------------------------------------------------------
    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.lower()] = value.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _next(self, deadline: float) -> dict:
        try:
            msg = self.inbox.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            raise TimeoutError("no message from the server in time; stderr:\n" + self.stderr_text()) from None
        if msg is None:
            raise ConnectionError("the server exited; stderr:\n" + self.stderr_text())
        if "method" in msg and "id" in msg:  # a request from the server: answer as an editor would
            self.server_requests.append(msg)
            result = {"window/showDocument": {"success": True}, "workspace/applyEdit": {"applied": True}}.get(msg["method"])
            self._send({"id": msg["id"], "result": result})
        elif "method" in msg:
            self.notifications.append(msg)
        return msg

    def stderr_text(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")[-4000:]

    # -- requests and notifications ------------------------------------
    def request(self, method: str, params, timeout: float = 120):
        rid = next(self.ids)
        self._send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            msg = self._next(deadline)
            if msg.get("id") == rid and "method" not in msg:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result")

    def notify(self, method: str, params) -> None:
        self._send({"method": method, "params": params})

    def wait_for(self, method: str, predicate=lambda p: True, timeout: float = 120, since: int = 0) -> dict:
        """The params of the first notification `method` (from index `since`) that satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        seen = since
        while True:
            for msg in self.notifications[seen:]:
                if msg["method"] == method and predicate(msg["params"]):
                    return msg["params"]
            seen = len(self.notifications)
            self._next(deadline)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = 120, since: int = 0) -> list[dict]:
        """The next published diagnostics for `uri` (for `version`, when given)."""
        params = self.wait_for("textDocument/publishDiagnostics",
                               lambda p: p["uri"] == uri and (version is None or p.get("version") == version),
                               timeout, since)
        return params["diagnostics"]

    # -- session -------------------------------------------------------
    def initialize(self, root: Path, capabilities: dict | None = None) -> dict:
        result = self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": capabilities if capabilities is not None else CAPABILITIES,
        })
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str, language_id: str = "markdown") -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language_id,
                                                              "version": 1, "text": text}})
        return uri

    def change(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": self.versions[uri]},
                                               "contentChanges": [{"text": text}]})
        return self.versions[uri]

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=30)
                self.notify("exit", None)
                self.proc.wait(timeout=30)
        except (OSError, TimeoutError, ConnectionError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        finally:
            self.stderr.close()
