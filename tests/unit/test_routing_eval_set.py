"""The hand-labelled routing evaluation set is well formed and uses only catalog topics."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "tests" / "data" / "routing_eval"
TOPICS_FILE = ROOT / "chalicelib" / "data" / "lapor_topics.json"
FIELDS = {"id", "title", "description", "region_code", "topic", "subtopic", "style"}
STYLES = {"short", "long", "informal", "mixed", "typo"}


def _load(name: str) -> list[dict]:
    lines = (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def splits() -> dict[str, list[dict]]:
    return {"tuning": _load("tuning.jsonl"), "held_out": _load("held_out.jsonl")}


@pytest.fixture(scope="module")
def catalog() -> tuple[set[str], set[str]]:
    topics = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))["topics"]
    top = {t["topic_id"] for t in topics}
    sub = {s["topic_id"] for t in topics for s in t["subtopics"]}
    return top, sub


def test_the_set_is_large_enough_and_its_ids_are_unique(splits):
    items = splits["tuning"] + splits["held_out"]
    ids = [item["id"] for item in items]

    assert len(items) >= 300
    assert len(splits["held_out"]) >= 130
    assert len(ids) == len(set(ids))


def test_every_item_has_the_fields_and_the_limits(splits):
    for item in splits["tuning"] + splits["held_out"]:
        assert set(item) == FIELDS, item["id"]
        assert item["title"].strip() and len(item["title"]) <= 150, item["id"]
        assert item["description"].strip() and len(item["description"]) <= 5000, item["id"]
        assert item["style"] in STYLES, item["id"]
        region = item["region_code"]
        assert region is None or (len(region) == 5 and region[2] == "." and region.replace(".", "").isdigit()), item["id"]


def test_every_label_is_in_the_catalog_and_a_subtopic_belongs_to_its_topic(splits, catalog):
    top, sub = catalog
    for item in splits["tuning"] + splits["held_out"]:
        assert item["topic"] in top, item["id"]
        if item["subtopic"] is not None:
            assert item["subtopic"] in sub, item["id"]
            assert item["subtopic"].startswith(item["topic"] + "."), item["id"]


def test_the_set_covers_at_least_20_top_level_topics(splits):
    assert len({item["topic"] for item in splits["tuning"] + splits["held_out"]}) >= 20


def test_no_text_is_shared_between_tuning_and_held_out(splits):
    def texts(items):
        return {item[field].strip().lower() for item in items for field in ("title", "description")}

    assert not texts(splits["tuning"]) & texts(splits["held_out"])
