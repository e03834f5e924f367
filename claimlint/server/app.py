"""The language server: pygls handlers that lint open pages as they are written.

Every open, change and save re-lints the document's full text (the server
asks for full-text sync: a page is small and it keeps positions exact) with
the project's loaded linter and publishes the findings. A broken
configuration or rule file never stops the server: it is shown as a window
message and as diagnostics on that file, each page says it is not checked,
and the next lint after the file changes (or a watched-file event) loads it
again.
"""
from __future__ import annotations

import logging
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from claimlint.version import __version__
from claimlint.documents import FORMATS
from claimlint.server import features
from claimlint.server.positions import PositionMap
from claimlint.server.project import ProjectError, Projects, lint_text

log = logging.getLogger(__name__)

LANGUAGE_IDS = {"markdown": "markdown", "mdx": "mdx", "html": "html", "plaintext": "text", "text": "text"}
WATCHED = "**/{.claimlint.yaml,.claimlint.yml,pyproject.toml,*.yaml,*.yml}"


class ClaimlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("claimlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.projects = Projects()
        self.results: dict[str, tuple] = {}  # uri -> (version, LintResult, format, project, PositionMap)
        self.problem_diagnostics: dict[str, list[types.Diagnostic]] = {}  # on broken configuration and rule files
        self.located: dict[ProjectError, dict] = {}  # each current failure's diagnostics by file URI
        self.shown: str | None = None  # the configuration error last shown in a window message
        self.announced: set[tuple] = set()  # projects whose loading was logged

    # -- helpers -------------------------------------------------------
    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding or "utf-16"
        return str(getattr(encoding, "value", encoding))  # an enum member or the client's string

    def capability(self, path: str, default=None):
        from pygls.capabilities import get_capability

        return get_capability(self.client_capabilities, path, default)

    @staticmethod
    def path_of(uri: str) -> Path | None:
        if not uri.startswith("file:"):
            return None
        fs = to_fs_path(uri)
        return Path(fs) if fs else None

    @staticmethod
    def format_of(path: Path | None, language_id: str | None) -> str | None:
        if path is not None and path.suffix.lower() in FORMATS and FORMATS[path.suffix.lower()] != "docx":
            return FORMATS[path.suffix.lower()]
        return LANGUAGE_IDS.get(language_id or "")

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None = None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    # -- linting -------------------------------------------------------
    def lint(self, uri: str):
        """Lint an open document and publish its diagnostics; returns the cached entry or None."""
        try:
            return self._lint(uri)
        except Exception as exc:  # a bug must not take the writer's editor down with it
            log.exception("linting %s failed", uri)
            self.results.pop(uri, None)
            text = f"claimlint: internal error while linting {uri} ({type(exc).__name__}: {exc}); please report it"
            if text != self.shown:  # once, not on every keystroke
                self.shown = text
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=text))
            return None

    def _lint(self, uri: str):
        doc = self.workspace.get_text_document(uri)
        path = self.path_of(uri)
        fmt = self.format_of(path, doc.language_id)
        if fmt is None:
            return None
        try:
            project = self.projects.for_path(path)
        except ProjectError as exc:
            self.results.pop(uri, None)
            self.report(exc)
            self.publish(uri, [features.not_checked(exc.problems, exc.summary)], doc.version)
            return None
        self.report(None)
        self.announce(project)
        if path is not None and project.config.exclude and path.exists() and self.excluded(path, project):
            self.results.pop(uri, None)
            self.publish(uri, [], doc.version)
            return None
        result = lint_text(project, str(path) if path else uri, doc.source, fmt)
        pmap = PositionMap(doc.source, self.encoding)
        entry = (doc.version, result, fmt, project, pmap)
        self.results[uri] = entry
        self.publish(uri, features.diagnostics(result, pmap, project), doc.version)
        return entry

    def announce(self, project) -> None:
        """Log which configuration and how many rules a newly loaded project uses (the editor's server log)."""
        if project.stamp in self.announced:
            return
        self.announced.add(project.stamp)
        where = project.config.path or "no configuration file (defaults)"
        self.window_log_message(types.LogMessageParams(
            types.MessageType.Info, f"claimlint {__version__}: {len(project.linter.rules)} rules, {where}"))

    @staticmethod
    def excluded(path: Path, project) -> bool:
        from claimlint.discovery import discover

        found = discover([str(path)], project.config.exclude, project.config.root, force_exclude=True)
        return not found.files

    def current(self, uri: str):
        """The lint result for the document's current version (re-linting if it is stale)."""
        entry = self.results.get(uri)
        doc = self.workspace.get_text_document(uri)
        if entry is not None and entry[0] == doc.version and entry[4].text == doc.source:
            return entry
        return self.lint(uri)

    def lint_all(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.lint(uri)

    def report(self, exc: ProjectError | None) -> None:
        """Show a configuration or rule problem once, on the broken files too; clear it when fixed."""
        failing: dict[str, list[types.Diagnostic]] = {}
        located = {}
        for failure in self.projects.failures():
            # Located once, against the file as it was when it failed, not as it is being edited.
            by_uri = located[failure] = self.located.get(failure) or features.problem_diagnostics(failure.problems)
            for uri, diags in by_uri.items():
                failing.setdefault(uri, []).extend(diags)
        self.located = located
        for uri in self.problem_diagnostics.keys() - failing.keys():
            self.publish(uri, [])
        for uri, diags in failing.items():
            if self.problem_diagnostics.get(uri) != diags:
                self.publish(uri, diags)
        self.problem_diagnostics = failing
        if exc is None:
            if self.shown is not None and not failing:
                self.window_log_message(types.LogMessageParams(types.MessageType.Info, "claimlint: rules loaded again"))
                self.shown = None
            return
        text = f"{exc.summary}: " + "; ".join(str(p) for p in exc.problems[:3]) \
            + (f" (and {len(exc.problems) - 3} more)" if len(exc.problems) > 3 else "") \
            + ". Pages under it are not checked until the file is fixed."
        if text != self.shown:
            self.shown = text
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=text))


def create_server() -> ClaimlintServer:
    server = ClaimlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: ClaimlintServer, params: types.InitializeParams):
        root = None
        if params.workspace_folders:
            root = ls.path_of(params.workspace_folders[0].uri)
        elif params.root_uri:
            root = ls.path_of(params.root_uri)
        elif params.root_path:
            root = Path(params.root_path)
        ls.projects = Projects(root if root is not None and root.is_dir() else None)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ClaimlintServer, params: types.InitializedParams):
        if ls.capability("workspace.did_change_watched_files.dynamic_registration", False):
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                    id="claimlint-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=WATCHED)]))]))
            except Exception:  # a client that refuses still gets reloads on the next change
                log.warning("the client did not accept file watchers", exc_info=True)
        try:  # load spaCy and the rules before the first page arrives
            ls.projects.for_path(None)
            ls.report(None)
        except ProjectError as exc:
            ls.report(exc)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ClaimlintServer, params: types.DidOpenTextDocumentParams):
        ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ClaimlintServer, params: types.DidChangeTextDocumentParams):
        ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ClaimlintServer, params: types.DidSaveTextDocumentParams):
        uri = params.text_document.uri
        if ls.format_of(ls.path_of(uri), ls.workspace.get_text_document(uri).language_id) is None:
            ls.projects.retry_failed()  # a configuration or rule file was saved: re-check every page
            ls.report(None)
            ls.lint_all()
        else:
            ls.lint(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ClaimlintServer, params: types.DidCloseTextDocumentParams):
        ls.results.pop(params.text_document.uri, None)
        ls.publish(params.text_document.uri, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: ClaimlintServer, params: types.DidChangeWatchedFilesParams):
        ls.projects.retry_failed()
        ls.report(None)
        ls.lint_all()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, features.FIX_ALL]))
    def code_action(ls: ClaimlintServer, params: types.CodeActionParams):
        entry = ls.current(params.text_document.uri)
        if entry is None:
            return None
        _, result, fmt, project, pmap = entry
        only = [getattr(k, "value", k) for k in params.context.only or ()]  # enum members or plain strings

        def wanted(kind: str) -> bool:
            return not only or any(kind == k or kind.startswith(k + ".") for k in only)

        actions = []
        if wanted(types.CodeActionKind.QuickFix.value):
            start = pmap.offset(params.range.start.line, params.range.start.character)
            end = pmap.offset(params.range.end.line, params.range.end.character)
            actions += features.code_actions(params.text_document.uri, result, pmap, start, end, fmt, project,
                                             show_document=bool(ls.capability("window.show_document.support", False)))
        if wanted(features.FIX_ALL):
            fix_all = features.fix_all(params.text_document.uri, result, pmap)
            if fix_all is not None:
                actions.append(fix_all)
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ClaimlintServer, params: types.HoverParams):
        entry = ls.current(params.text_document.uri)
        if entry is None:
            return None
        _, result, _, project, pmap = entry
        formats = ls.capability("text_document.hover.content_format", []) or []
        offset = pmap.offset(params.position.line, params.position.character)
        return features.hover(result, pmap, offset, project, markdown=types.MarkupKind.Markdown in formats)

    @server.command(features.SUPPRESS_COMMAND)
    async def select_reason(ls: ClaimlintServer, uri: str, line: int, start: int, end: int):
        await ls.window_show_document_async(types.ShowDocumentParams(
            uri=uri, take_focus=True,
            selection=types.Range(types.Position(line, start), types.Position(line, end))))

    return server


def serve() -> None:
    """Run the server on standard input and output until the client exits."""
    logging.basicConfig(level=logging.WARNING, format="claimlint server: %(levelname)s %(message)s")
    create_server().start_io()
