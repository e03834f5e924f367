"""The configuration, rules and loaded linter that apply to a document.

The server finds a document's configuration as `check` does (the nearest
`.claimlint.yaml`, `.claimlint.yml` or `pyproject.toml` with
`[tool.claimlint]`, walking up from the document's folder) and keeps one
loaded `Linter` per configuration, so spaCy and the compiled rules stay in
memory between keystrokes. Each lookup compares the modification times of
the configuration and of its rule files with the loaded ones: an edited
configuration or rule file is reloaded, and a broken one becomes a
`ProjectError` the server shows, until it is fixed.

`lint_text` is the one place the server calls the engine; it mirrors
`runner.lint_file` on text held in memory, so it can later become a call to
the public API's `Linter.lint_text`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimlint.config import Config, ConfigError, find_config, load_config, validate_names
from claimlint.documents import Document, parse
from claimlint.engine import Linter, Selection
from claimlint.findings import Finding
from claimlint.ruleset import RuleError, RuleSet, load_ruleset
from claimlint.suppressions import Suppression

if TYPE_CHECKING:
    from claimlint.server.incremental import BlockCache


@dataclass
class Problem:
    """One problem in a configuration or rule file, located when the message says where."""

    path: str | None
    line: int  # 1-based; 1 when unknown
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}" if self.path else self.message


_LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$", re.S)
_PATH_ONLY = re.compile(r"^(?P<path>[^:\n]+\.(?:ya?ml|toml)): (?P<msg>.*)$", re.S)


def parse_problem(text: str) -> Problem:
    """'file:line:col: message' (as RuleError and ConfigError word them) as a Problem."""
    m = _LOCATED.match(text)
    if m:
        return Problem(m["path"], int(m["line"]), int(m["col"] or 1), m["msg"])
    m = _PATH_ONLY.match(text)
    if m:
        return Problem(m["path"], 1, 1, m["msg"])
    return Problem(None, 1, 1, text)


class ProjectError(Exception):
    """The configuration or rules that apply to a document cannot be used."""

    def __init__(self, summary: str, problems: list[Problem]) -> None:
        super().__init__(summary)
        self.summary = summary
        self.problems = problems


@dataclass
class Project:
    config: Config
    ruleset: RuleSet
    linter: Linter
    stamp: tuple
    docs: dict[str, str] = field(default_factory=dict)  # rule id -> hover text, built on demand
    blocks: "BlockCache | None" = None  # findings of unchanged blocks, kept between keystrokes

    def __post_init__(self) -> None:
        if self.blocks is None:
            from claimlint.server.incremental import BlockCache

            self.blocks = BlockCache(self.linter)


@dataclass
class LintResult:
    document: Document
    findings: list[Finding]
    suppressions: list[Suppression]


def lint_text(project: Project, path: str, text: str, fmt: str) -> LintResult:
    """Findings of a document held in memory, after its inline suppressions, as `check` reports them."""
    from claimlint.positions import LineIndex
    from claimlint.suppressions import apply_suppressions, parse_suppressions

    document = parse(path, text, fmt)
    # = project.linter.lint(document), re-linting changed blocks only
    findings = project.blocks.lint(document, fresh_copy=lambda: parse(path, text, fmt))
    suppressions = parse_suppressions(document, project.linter.known_names)
    if suppressions:
        findings = apply_suppressions(findings, suppressions, LineIndex(document.source), project.config.require_reason)
    return LintResult(document, findings, suppressions)


def _stat(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    return (str(path), st.st_size, st.st_mtime_ns)


def _rule_files_stamp(paths: list[Path]) -> tuple:
    from claimlint.ruleset.loader import _rule_files

    out = []
    for p in paths:
        out.append(_stat(p))
        out.extend(_stat(f) for f in _rule_files(p))
    return tuple(out)


class Projects:
    """Loaded projects by configuration file (None: no configuration found)."""

    def __init__(self, fallback_dir: Path | None = None) -> None:
        self.fallback_dir = fallback_dir or Path.cwd()
        self._loaded: dict[str | None, Project] = {}
        self._failed: dict[str | None, tuple[tuple, ProjectError]] = {}

    def for_path(self, path: Path | None) -> Project:
        """The project a document belongs to; raises ProjectError while its configuration or rules are broken."""
        start = path.parent if path is not None else self.fallback_dir
        try:
            config_path = find_config(start)
        except OSError as exc:
            raise ProjectError("claimlint cannot look for its configuration",
                               [Problem(None, 1, 1, f"{start}: {exc.strerror or exc}")]) from None
        return self.for_config(config_path)

    def for_config(self, config_path: Path | None) -> Project:
        key = str(config_path) if config_path else None
        config_stamp = _stat(config_path) if config_path else None
        loaded = self._loaded.get(key)
        if loaded is not None and loaded.stamp[0] == config_stamp \
                and loaded.stamp[1] == _rule_files_stamp(loaded.config.rules):
            return loaded
        failed = self._failed.get(key)
        if failed is not None and failed[0] == (config_stamp, self._rules_stamp_of(failed[1])):
            raise failed[1]
        try:
            project = self._load(config_path, config_stamp)
        except ProjectError as exc:
            self._failed[key] = ((config_stamp, self._rules_stamp_of(exc)), exc)
            self._loaded.pop(key, None)
            raise
        self._failed.pop(key, None)
        self._loaded[key] = project
        return project

    def failures(self) -> list[ProjectError]:
        return [exc for _, exc in self._failed.values()]

    def retry_failed(self) -> None:
        """Try the broken projects again (after a watched file changed), forgetting deleted configurations."""
        for key in list(self._failed):
            if key is not None and not Path(key).exists():
                del self._failed[key]
                continue
            try:
                self.for_config(Path(key) if key else None)
            except ProjectError:
                pass

    @staticmethod
    def _rules_stamp_of(exc: ProjectError) -> tuple:
        return _rule_files_stamp([Path(p.path) for p in exc.problems if p.path])

    def _load(self, config_path: Path | None, config_stamp) -> Project:
        try:
            cfg = load_config(config_path) if config_path else Config(root=self.fallback_dir.resolve())
        except ConfigError as exc:
            raise ProjectError("claimlint cannot use its configuration", [parse_problem(str(exc))]) from None
        try:
            ruleset = load_ruleset(list(cfg.rules), builtin=cfg.builtin_rules)
        except RuleError as exc:
            raise ProjectError("claimlint cannot load its rules", [parse_problem(p) for p in exc.problems]) from None
        known = {r.id for r in ruleset.rules} | {r.code for r in ruleset.rules}
        try:
            validate_names(cfg.select, known, str(cfg.path))
            validate_names(cfg.ignore, known, str(cfg.path))
            validate_names(list(cfg.severity), known, str(cfg.path))
        except ConfigError as exc:
            raise ProjectError("claimlint cannot use its configuration", [parse_problem(str(exc))]) from None
        if not cfg.cache:
            from claimlint import cache

            cache.disable_findings()
        linter = Linter(ruleset, Selection(tuple(cfg.select), tuple(cfg.ignore), cfg.severity))
        _ = linter.compiled  # load spaCy and compile the rules now, not on the first keystroke
        return Project(cfg, ruleset, linter, (config_stamp, _rule_files_stamp(cfg.rules)))

