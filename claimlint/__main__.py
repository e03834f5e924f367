"""`python -m claimlint`: the same command line as the `claimlint` script."""
from claimlint.cli import run

run()
