"""Token patterns: a small readable syntax for rule authors, compiled to fast matchers."""
