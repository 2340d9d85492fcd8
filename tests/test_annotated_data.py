"""The project's hand-labelled sentence set (tests/data) keeps its schema and its promises."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import ROOT

PATH = ROOT / "tests" / "data" / "annotated_sentences.jsonl"
LABELS = ("kinetic", "political", "hedge", "booster", "attribution", "distancing")
SOURCE_TYPES = {"state_security", "government", "civil_society", "expert", "media", "militant",
                "anonymous", "international", "other"}
KEYS = {"id", "split", "text", *LABELS, "source_type", "conflict", "register", "phenomena", "note"}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    lines = PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_at_least_300_sentences_with_unique_ids(records):
    assert len(records) >= 300
    assert len({r["id"] for r in records}) == len(records)


def test_every_record_follows_the_schema(records):
    for r in records:
        assert set(r) == KEYS, r["id"]
        assert r["split"] in ("dev", "test") and r["text"].strip()
        assert all(r[label] in (0, 1) for label in LABELS), r["id"]
        assert (r["source_type"] is None) == (r["attribution"] == 0), r["id"]
        assert r["source_type"] is None or r["source_type"] in SOURCE_TYPES, r["id"]
        assert not r["distancing"] or r["attribution"], r["id"]
        assert r["phenomena"] and all(isinstance(p, str) for p in r["phenomena"])


def test_both_splits_hold_every_phenomenon_and_both_classes_of_every_label(records):
    by_split = {split: [r for r in records if r["split"] == split] for split in ("dev", "test")}
    phenomena = {p for r in records for p in r["phenomena"]}
    for split, rows in by_split.items():
        assert phenomena <= {p for r in rows for p in r["phenomena"]}, split
        for label in LABELS:
            counts = Counter(r[label] for r in rows)
            assert counts[0] and counts[1], (split, label)


def test_conflicts_are_varied(records):
    conflicts = Counter(r["conflict"].split(":")[0] for r in records)
    assert len(conflicts) >= 10
    assert conflicts.most_common(1)[0][1] / len(records) <= 0.2
