"""Token patterns: a small readable syntax for rule authors, compiled to fast matchers.

syntax.py parses a pattern (once); inflect.py gives a word's forms;
requirements.py says which words text needs for a pattern to match;
lexicons.py holds phrase lists and their tries; tokens.py is the token view
patterns read; matcher.py compiles a parse tree into nodes; index.py puts
many compiled patterns behind one start-token index. _cmatch.c is the
compiled core that walks the nodes and gates the patterns (native.py
chooses it or the Python reference). The package imports
nothing from the rest of claimlint (tests/test_architecture.py checks it).
"""
