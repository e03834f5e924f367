"""Generate a deterministic corpus of health-marketing Markdown for benchmarks.

Pages mix headings, paragraphs, lists, links, emphasis, code and a table;
about a third of sentences carry a claim (cure, proof, statistics, safety,
testimonials...), the rest are neutral clinic copy, as real sites are.
"""
from __future__ import annotations

import random
from pathlib import Path

PRODUCTS = ["ketamine therapy", "our IV drip", "NAD+ infusions", "this supplement", "CBD oil", "TMS sessions",
            "the detox programme", "psilocybin coaching", "red light therapy", "our peptide stack"]
CONDITIONS = ["depression", "anxiety", "addiction", "chronic pain", "insomnia", "PTSD", "migraines", "arthritis",
              "fatigue", "alcohol use disorder", "brain fog", "eczema"]
CLAIMS = [
    "{P} cures {C}.", "{P} is clinically proven to relieve {C}.", "{n}% of our clients report less {C}.",
    "{P} is completely safe and has zero side effects.", "Studies show that {P} reduces {C}.",
    "Feel instant relief from {C} after one session.", "We are the best clinic for {C} in the state.",
    "{P} is FDA-approved for {C}.", "Read our patient success stories.", "Antidepressants only mask the symptoms.",
    "Guaranteed results for {C} or your money back.", "{P} can reduce the severity of {C}.",
]
NEUTRAL = [
    "Our clinic is open Monday to Friday from nine to five.", "Parking is available behind the building.",
    "Please bring a photo ID and your insurance card to your first appointment.",
    "A nurse will check your blood pressure before and after each session.",
    "{P} may help some people with {C}, and results vary.", "Talk to your doctor about whether {P} is right for you.",
    "Common side effects include nausea, dizziness and tiredness.", "Research on {P} for {C} is still limited.",
    "We accept most insurance plans and offer payment plans.", "Our team includes nurses, psychiatrists and counsellors.",
    "Sessions usually last between forty and sixty minutes.", "You will need someone to drive you home afterwards.",
]


def sentence(rng: random.Random, claim_share: float) -> str:
    template = rng.choice(CLAIMS if rng.random() < claim_share else NEUTRAL)
    s = template.format(P=rng.choice(PRODUCTS), C=rng.choice(CONDITIONS), n=rng.randint(55, 97))
    return s[0].upper() + s[1:]


def page(rng: random.Random, size: int, claim_share: float = 0.33) -> str:
    parts = [f"---\ntitle: {sentence(rng, claim_share)}\n---\n", f"# {rng.choice(PRODUCTS).title()} for {rng.choice(CONDITIONS)}\n"]
    while sum(len(p) for p in parts) < size:
        kind = rng.random()
        if kind < 0.6:
            para = " ".join(sentence(rng, claim_share) for _ in range(rng.randint(2, 6)))
            para = para.replace(" relief", " **relief**", 1).replace(" our ", " [our](https://example.com/about) ", 1)
            parts.append(para + "\n")
        elif kind < 0.8:
            parts.append("\n".join(f"- {sentence(rng, claim_share)}" for _ in range(rng.randint(3, 6))) + "\n")
        elif kind < 0.9:
            parts.append(f"## {sentence(rng, claim_share).rstrip('.')}\n")
        elif kind < 0.95:
            parts.append("```\nconfig: cures everything 100% safe\n```\n")
        else:
            parts.append("| Session | Price |\n|---|---|\n| Initial | $450 |\n| Booster | $350 |\n")
    return "\n".join(parts)[:size] + "\n"


def write_corpus(folder: Path, pages: int, page_size: int, seed: int = 7, claim_share: float = 0.33) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(pages):
        p = folder / f"page{i:04}.md"
        p.write_text(page(rng, page_size, claim_share), encoding="utf-8")
        paths.append(p)
    return paths
