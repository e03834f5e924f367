"""Developer aid: show tokens, sentences, modifiers and raw hits for a text."""
import sys

from claimlint.documents import parse
from claimlint.engine import Linter
from claimlint.ruleset import load_ruleset

text = " ".join(sys.argv[1:])
ruleset = load_ruleset()
linter = Linter(ruleset)
c = linter.compiled
doc = c.nlp(text)
ctx = linter.token_view(doc)
print("tokens:", [(i, t.text, n) for i, (t, n) in enumerate(zip(doc, ctx.norms))])
for sent in doc.sents:
    print("SENT", sent.start, sent.end, repr(sent.text))
    for m in c.modifiers.matches(ctx, sent.start, sent.end):
        print("  MOD", m.modifier.category, m.modifier.direction, m.start, m.end, doc[m.start:m.end].text, "scope", m.scope)
    for (rule, spec), hs, he, caps in c.main.find(ctx, sent.start, sent.end):
        ok = c.constraints.hold(ctx, rule, sent.start, sent.end, hs, he)
        print("  HIT", rule.id, hs, he, repr(doc[hs:he].text), "constraints", ok, [(n, a, b) for n, a, b, _ in caps])
print("FINDINGS:")
for f in linter.lint(parse("x", text, "text")):
    print(" ", f.rule, f.severity, repr(f.text), f.contexts, f.suggestions[:1])
