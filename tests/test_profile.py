"""Document profiles: every number is computed from the evidence, intervals are reproducible
and honest about undefined indices."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import SEEDS
from framing import analyze, load_corpus, load_lexicons
from framing.features import SentenceFeatures
from framing.model import Evidence
from framing.profile import INDICES, bootstrap, profile, sentence_matrix


def same_intervals(a: dict, b: dict) -> bool:
    """Equal, with NaN equal to NaN (an undefined index is the same in both)."""
    return a.keys() == b.keys() and all(
        np.allclose([a[k].value, a[k].lo, a[k].hi], [b[k].value, b[k].lo, b[k].hi],
                    equal_nan=True, rtol=0, atol=0) for k in a)


def sentence(*features: str, voice: str = "author") -> SentenceFeatures:
    return SentenceFeatures(tuple(Evidence(i, i + 1, f, "cue", "", voice)
                                  for i, f in enumerate(features)))


def test_indices_by_hand():
    features = [sentence("kinetic", "kinetic", "hedge"), sentence("political", "booster"),
                sentence("kinetic", voice="quoted"), sentence()]
    p = profile(features, tokens=40)
    assert p.indices["kinetic_share"].value == pytest.approx(3 / 4)
    assert p.indices["author.kinetic_share"].value == pytest.approx(2 / 3)
    assert p.indices["certainty"].value == pytest.approx(0.0)  # (1 - 1) / 2
    assert p.indices["attribution_density"].value == 0.0
    assert p.rate("kinetic") == pytest.approx(3 * 1000 / 40)
    assert p.counts["kinetic"] == 3 and p.author_counts["kinetic"] == 2


def test_an_index_without_evidence_is_missing_not_zero():
    p = profile([sentence("kinetic"), sentence()], tokens=10)
    assert math.isnan(p.indices["certainty"].value)
    assert math.isnan(p.indices["certainty"].lo) and math.isnan(p.indices["certainty"].hi)
    empty = profile([], tokens=0)
    assert all(math.isnan(empty.indices[name].value) for name in INDICES)


def test_bootstrap_is_reproducible_and_brackets_the_estimate(seed_analysis):
    for document in seed_analysis.documents:
        matrix = sentence_matrix(document.features)
        first, second = bootstrap(matrix), bootstrap(matrix)
        assert same_intervals(first, second)
        for interval in first.values():
            if not math.isnan(interval.lo):
                assert interval.lo <= interval.value + 1e-9 and interval.value <= interval.hi + 1e-9


def test_wider_interval_for_a_shorter_text():
    long = [sentence("kinetic"), sentence("political")] * 50
    short = long[:6]
    def width(features):
        interval = bootstrap(sentence_matrix(features))["kinetic_share"]
        return interval.hi - interval.lo
    assert width(short) > width(long) > 0


def test_a_documents_profile_does_not_depend_on_the_rest_of_the_corpus(seed_analysis):
    alone = analyze(load_corpus([next(SEEDS.glob("003_*.txt"))]),
                    lexicons=load_lexicons(discover=False))
    (single,) = alone.documents
    together = next(d for d in seed_analysis.documents if d.document.source.path.endswith(
        Path(single.document.source.path).name))
    assert single.profile.counts == together.profile.counts
    assert same_intervals(single.profile.indices, together.profile.indices)


def test_documents_csv_counts_are_the_evidence_in_sentences_jsonl(run_cli, tmp_path: Path):
    assert run_cli("analyze", SEEDS, "--out", tmp_path).exit_code == 0
    documents = pd.read_csv(tmp_path / "documents.csv")
    evidence: Counter[tuple[str, str]] = Counter()
    author: Counter[tuple[str, str]] = Counter()
    attributed: Counter[str] = Counter()
    texts = {json.loads(line)["doc"]: json.loads(line)["text"]
             for line in (tmp_path / "texts.jsonl").read_text("utf-8").splitlines()}
    for line in (tmp_path / "sentences.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        attributed[record["doc"]] += bool(record["attributions"])
        for e in record["evidence"]:
            evidence[record["doc"], e["feature"]] += 1
            author[record["doc"], e["feature"]] += e["voice"] == "author"
            assert record["start"] <= e["start"] <= e["end"] <= record["end"]
            if e["feature"] in ("kinetic", "political", "hedge", "booster"):
                span = texts[record["doc"]][e["start"]:e["end"]].casefold()
                assert span.split()[0][:3] == e["cue"].casefold().split()[0][:3]
    for row in documents.to_dict("records"):
        for feature in ("kinetic", "political", "hedge", "booster", "attribution", "figure",
                        "prescription", "label"):
            assert row[feature] == evidence[row["id"], feature]
            assert row["author." + feature] == author[row["id"], feature]
        assert row["attributed_sentences"] == attributed[row["id"]]
        assert row["attribution_density"] == pytest.approx(
            attributed[row["id"]] / row["sentences"], abs=1e-4)
        k, p = evidence[row["id"], "kinetic"], evidence[row["id"], "political"]
        assert row["kinetic_share"] == pytest.approx(k / (k + p), abs=1e-4)
        assert row["kinetic_share_lo"] <= row["kinetic_share"] <= row["kinetic_share_hi"]


def test_resample_weights_are_resamples_with_replacement():
    import numpy as np

    from framing.profile import resample_weights

    weights = resample_weights(np.random.default_rng(7), 40, 2000)
    assert weights.shape == (2000, 40)
    assert (weights.sum(axis=1) == 40).all() and (weights >= 0).all()
    # Each row is drawn 40 * 1/40 = 1 time on average, with the binomial variance (1 - 1/40).
    assert abs(weights.mean() - 1) < 0.01
    assert abs(weights.var() - (1 - 1 / 40)) < 0.05
