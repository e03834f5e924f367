"""Judging: from a read document to findings, one step a module.

The steps run in this order (claimlint.judge.linter drives them):

- prefilter.py   skip blocks and sentences that hold no word a rule needs
                 (before anything is tokenised: a page that cannot match never loads the compiled rules)
- sentences.py   cut huge blocks, and turn a Doc's tokens into a token view
- compiled.py    the selected rules' patterns, compiled once and cached on disk
- hits.py        typed hits of the rules' patterns, pruned per rule
- constraints.py a hit's `requires`/`unless`, and what is no claim (a dose, a name)
- contexts/      the contexts a hit is in (negated, hedged, reported, question,
                 cited, conditional...): one module per context, one table
- selection.py   which rules run, at what severity, and what each context does
- reporting.py   findings at exact source positions, and their de-duplication
"""
