"""claimlint: a linter for health marketing copy."""

__version__ = "0.1.0"
