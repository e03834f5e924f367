"""scripts/wright_data.py: the loader and near-duplicate filter for Wright & Augenstein's data.

Written sentences only (none from the dataset): a made-up folder in the dataset's layout,
to check that both sides of each pair and pet_cls are read, that near-repeats of a
measuring sentence and exact repeats within the data go, that grouped folds keep a pair
together, and that the cached result is reused only for the same inputs.
"""
from __future__ import annotations

import csv
import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import wright_data  # noqa: E402

PAIRS = [
    ("a-1", "Eating kale daily lowers blood pressure in retirees.", 3,
     "Kale intake was associated with lower systolic pressure.", 1),
    ("a-2", "Night owls may be more prone to gum disease.", 2,
     "Late chronotype correlated with periodontal scores.", 1),
    ("a-3", "Sauna bathing cuts the risk of migraine, say researchers.", 3,
     "Sauna use was linked to fewer migraine days.", 1),
    ("a-4", "Eating kale daily lowers blood pressure in retirees.", 3,
     "The trial enrolled 240 adults from four clinics.", 0),
]
PET = [("Standing desks might ease lower back pain.", 2, "press"),
       ("Participants completed a sleep diary for two weeks.", 0, "abstract")]
MEASURING = ["Sauna bathing cuts the risk of migraines, researchers say.",
             "Cycling to work improves mood in office staff."]


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "wright"
    (d / "pet_cls").mkdir(parents=True)
    rows = [{"original_file_id": fid, "press_release_conclusion": pr, "press_release_strength": prs,
             "abstract_conclusion": ab, "abstract_strength": abs_, "exaggeration_label": "same"}
            for fid, pr, prs, ab, abs_ in PAIRS]
    (d / "insciout_train.jsonl").write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    (d / "insciout_test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[1:]), encoding="utf-8")
    with (d / "pet_cls" / "train_pet.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(PET)
    return d


@pytest.fixture
def measuring(tmp_path):
    path = tmp_path / "measure.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["sentId", "sentence", "label"])
        w.writerows([(n, s, 3) for n, s in enumerate(MEASURING)])
    return path


def test_load_reads_both_sides_of_each_pair_and_pet_cls(folder):
    items = wright_data.load(folder)
    assert len(items) == 2 * len(PAIRS) + len(PET)
    first = [i for i in items if i["group"] == "insciout:a-1"]
    assert [(i["side"], i["label"]) for i in first] == [("press", 3), ("abstract", 1)]
    assert {i["side"] for i in items if i["id"].startswith("pet_cls")} == {"press", "abstract"}


def test_near_repeats_of_measuring_sentences_and_repeats_within_go(folder):
    kept, dropped = wright_data.drop_overlaps(wright_data.load(folder), MEASURING)
    gone = {d["sentence"]: d["reason"] for d in dropped}
    assert gone["Sauna bathing cuts the risk of migraine, say researchers."].startswith("near-duplicate")
    assert gone["Eating kale daily lowers blood pressure in retirees."] == "repeat within Wright"
    assert sum(i["sentence"].startswith("Eating kale") for i in kept) == 1
    assert "Sauna use was linked to fewer migraine days." in {i["sentence"] for i in kept}
    assert len(kept) + len(dropped) == 2 * len(PAIRS) + len(PET)


def test_a_stricter_threshold_keeps_more(folder):
    kept, _ = wright_data.drop_overlaps(wright_data.load(folder), MEASURING, threshold=100)
    assert "Sauna bathing cuts the risk of migraine, say researchers." in {i["sentence"] for i in kept}


def test_grouped_folds_keep_a_pair_in_one_fold(folder):
    items = wright_data.load(folder)
    folds = wright_data.grouped_folds(items, 3, seed=17)
    assert sorted(i for f in folds for i in f) == list(range(len(items)))
    fold_of = {i: k for k, f in enumerate(folds) for i in f}
    for group in {i["group"] for i in items}:
        assert len({fold_of[n] for n, i in enumerate(items) if i["group"] == group}) == 1
    assert folds == wright_data.grouped_folds(items, 3, seed=17)


def test_kept_items_caches_by_the_inputs_hashes(folder, measuring, tmp_path):
    cache = tmp_path / "kept.json"
    kept, record = wright_data.kept_items(folder, [measuring], cache)
    assert cache.is_file()
    assert record["kept"] == len(kept) and record["dropped"] == {
        "near-duplicate": 1, "repeat within Wright": 1}
    assert set(record["files"]) == set(wright_data.FILES) and "measure.csv" in record["checked_against"]
    # A changed measuring file is a different key: the filter runs again and drops more.
    with measuring.open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerow([9, "Standing desks may ease lower-back pain.", 2])
    again, record2 = wright_data.kept_items(folder, [measuring], cache)
    assert len(again) == len(kept) - 1 and record2["dropped"]["near-duplicate"] == 2
