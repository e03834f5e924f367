"""The public Python API: lint strings, bytes, files and web archives from a program.

    import claimlint
    linter = claimlint.Linter.from_options(select=["cure", "safety"])
    for f in linter.lint_text("Our tea cures insomnia.", format="text"):
        print(f.to_dict())

A `Linter` is built as `claimlint check` builds one (the same configuration
discovery, rule loading and name validation), every lint call applies
inline suppressions as `check` does, and each finding's `to_dict()` is
exactly one entry of the JSON contract's `findings`. A linter pickles (its
tokenizer is re-attached on unpickling), so Spark and Dask can ship it
to their workers. Errors are exceptions, never exits: ConfigError,
RuleError, DecodeError, ArchiveError.
"""
from __future__ import annotations

from pathlib import Path

from claimlint import engine
from claimlint.config import ConfigError
from claimlint.documents import DecodeError, format_for, is_archive, load
from claimlint.documents.model import Document
from claimlint.documents.warc import ArchiveError, Page, iter_pages
from claimlint.findings import Finding
from claimlint.ruleset import RuleError

__all__ = ["Linter", "Finding", "ConfigError", "RuleError", "DecodeError", "ArchiveError", "lint_archive"]

_LEVELS = ("error", "warning", "info", "off")
_FORMATS = ("markdown", "mdx", "html", "text", "docx")


def _check_format(fmt: str) -> str:
    if fmt not in _FORMATS:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(_FORMATS)})")
    return fmt


def _names(values) -> list[str]:
    """Names given as a list, or as one comma-separated string (as on the command line)."""
    if isinstance(values, str):
        values = [values]
    return [x.strip() for v in values or () for x in str(v).split(",") if x.strip()]


class Linter(engine.Linter):
    """engine.Linter with the entry points a program needs."""

    require_reason = False

    @classmethod
    def from_options(cls, config: str | Path | None = None, rules=(), select=(), ignore=(),
                     severity: dict[str, str] | None = None, builtin_rules: bool = True) -> "Linter":
        """A linter configured as the CLI would be: `config` names a configuration
        file (None: the nearest .claimlint.yaml or [tool.claimlint], as `check`
        finds it), `rules` adds rule files or folders, `select`/`ignore`/`severity`
        add to the configuration's as --select/--ignore and the severity table do.
        Raises ConfigError (unknown names, bad configuration) or RuleError."""
        from claimlint.config import load_config, validate_names
        from claimlint.ruleset import load_ruleset

        cfg = load_config(Path(config) if config is not None else None)
        ruleset = load_ruleset(list(cfg.rules) + [Path(p) for p in ([rules] if isinstance(rules, (str, Path)) else rules)],
                               builtin=cfg.builtin_rules and builtin_rules)
        chosen, skipped = _names(select) or cfg.select, cfg.ignore + _names(ignore)
        levels = {**cfg.severity, **{str(k): str(v) for k, v in (severity or {}).items()}}
        known = {r.id for r in ruleset.rules} | {r.code for r in ruleset.rules}
        validate_names(chosen, known, "select" if select else f"{cfg.path}")
        validate_names(skipped, known, "ignore" if ignore else f"{cfg.path}")
        validate_names(list(levels), known, "severity")
        for name, level in levels.items():
            if level not in _LEVELS:
                raise ConfigError(f"severity: level of '{name}' must be one of {', '.join(_LEVELS)}, not {level!r}")
        if cfg.strength_engine == "learned":
            from claimlint.learned import require

            require()  # LearnedUnavailable names the missing extra
        linter = cls(ruleset, engine.Selection(tuple(chosen), tuple(skipped), levels), cfg.strength_engine)
        linter.require_reason = cfg.require_reason
        linter.config = cfg  # excludes and root, for commands that discover files
        return linter

    # ------------------------------------------------------------------
    def lint_document(self, document: Document) -> list[Finding]:
        """Findings of a parsed document, after its inline suppressions."""
        return self._suppressed(document, self.lint(document))[0]

    def lint_text(self, text: str, format: str = "markdown", path: str = "<string>") -> list[Finding]:
        """Lint a string of Markdown, HTML, text or MDX."""
        from claimlint.documents import parse

        if _check_format(format) == "docx":
            raise ValueError("a Word draft is bytes: use lint_bytes(data, format='docx')")
        return self.lint_document(parse(path, text, format))

    def lint_bytes(self, data: bytes, format: str | None = None, path: str = "<bytes>",
                   encoding: str | None = None, errors: str = "strict") -> list[Finding]:
        """Lint file contents. `format` defaults to the one `path`'s extension
        names (text when it names none); `encoding` is a charset declared
        outside the bytes (an HTTP header); errors="replace" decodes lossily.
        Raises DecodeError when the bytes are binary or do not decode."""
        fmt = _check_format(format or format_for(path, default="text"))
        return self.lint_document(load(path, data, fmt, encoding, errors))

    def lint_file(self, path: str | Path) -> list[Finding]:
        """Lint one file as `claimlint check FILE` does (a WARC/WET file: all its pages).
        Raises OSError, DecodeError or ArchiveError."""
        path = str(path)
        if is_archive(path):
            return lint_archive(self, path, self.require_reason, keep_sources=False)[0]
        with open(path, "rb") as fh:
            data = fh.read()
        return self.lint_bytes(data, format_for(path, default="text"), path)

    def lint_page(self, page: Page) -> list[Finding]:
        """Lint one web-archive page; findings carry its URL and record."""
        return self._page(page)[0]

    # ------------------------------------------------------------------
    def _suppressed(self, document: Document, findings: list[Finding]):
        from claimlint.positions import LineIndex
        from claimlint.suppressions import apply_suppressions, parse_suppressions

        suppressions = parse_suppressions(document, self.known_names)
        if suppressions:
            findings = apply_suppressions(findings, suppressions, LineIndex(document.source), self.require_reason)
        return findings, suppressions

    def _page(self, page: Page, require_reason: bool | None = None):
        """(findings, document, suppressions) of one archive page, decoded lossily."""
        document = load(page.path, page.data, page.format, page.encoding, errors="replace")
        saved = self.require_reason
        if require_reason is not None:
            self.require_reason = require_reason
        try:
            findings, suppressions = self._suppressed(document, self.lint(document))
        finally:
            self.require_reason = saved
        record = page.record()
        for f in findings:
            f.record = dict(record)
        return findings, document, suppressions


def lint_archive(linter: engine.Linter, path: str, require_reason: bool = False, keep_sources: bool = True):
    """Lint every page of a WARC/WET file, in the runner's shape: (findings,
    sources by page (only with keep_sources: a crawl's pages add up),
    suppressions, meta with the pages, their formats and the records that
    could not be read). Raises ArchiveError or OSError."""
    if not isinstance(linter, Linter):
        api = Linter.__new__(Linter)
        api.__dict__.update(linter.__dict__)  # the same rules, selection and compiled matchers
        linter = api
    findings: list[Finding] = []
    sources: dict[str, str] = {}
    suppressions: list[dict] = []
    meta: dict = {"records": [], "formats": {}, "errors": []}
    for page in iter_pages(path, errors=meta["errors"]):
        page_findings, document, sups = linter._page(page, require_reason)
        findings.extend(page_findings)
        if keep_sources:
            sources[page.path] = document.source
        suppressions.extend(s.to_json(page.path) for s in sups)
        meta["records"].append(page.path)
        meta["formats"][page.path] = page.format
    return findings, sources, suppressions, meta
