"""claimlint: a linter for health marketing copy.

The public API (see the README's "Python API"): `claimlint.Linter`
(`from_options`, `lint_text`, `lint_bytes`, `lint_file`), `Finding`, and the
errors it raises. They are imported on first use, so `import claimlint`
(and the command line's start-up) stays cheap.
"""

from claimlint.version import __version__

_API = {"Linter", "Finding", "ConfigError", "RuleError", "DecodeError", "ArchiveError", "lint_archive"}
__all__ = ["__version__", *sorted(_API)]


def __getattr__(name):
    if name in _API:
        from claimlint import api

        return getattr(api, name)
    raise AttributeError(f"module 'claimlint' has no attribute {name!r}")
