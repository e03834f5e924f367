from claimlint.cli import run

run()
