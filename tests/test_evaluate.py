"""Segmentation accuracy on human-annotated sentences: ours (seeds) and FactBank's news text."""

from __future__ import annotations

import json
from collections import defaultdict

from conftest import FIXTURES
from framing.evaluate import Scores, sentence_boundary_scores


def test_the_end_of_the_text_is_not_a_free_true_positive():
    scores = sentence_boundary_scores([["One sentence without a split Mr. Smith said."]])
    assert (scores.true_positives, scores.false_positives, scores.false_negatives) == (0, 0, 0)
    scores = sentence_boundary_scores([["First.", "Second."]])
    assert (scores.true_positives, scores.false_negatives) == (1, 0)


def test_scores_arithmetic():
    scores = Scores(true_positives=8, false_positives=2, false_negatives=8)
    assert (scores.precision, scores.recall) == (0.8, 0.5)
    assert round(scores.f1, 4) == 0.6154
    assert Scores(0, 0, 0).f1 == 0.0


def test_hand_annotated_seed_sentences_score_perfectly_as_running_text():
    documents = [path.read_text(encoding="utf-8").splitlines()
                 for path in sorted((FIXTURES / "sentences").glob("*.txt"))]
    # Joined into one running line, headings lose their line breaks; score prose lines only.
    prose = [[s for s in doc if s.endswith((".", "?", "!", "”", '"'))] for doc in documents]
    scores = sentence_boundary_scores(prose)
    assert scores.f1 >= 0.99, scores


def test_sentence_boundaries_on_factbank_news(shared_data):
    """README figure: P 0.983 / R 0.957 / F1 0.970 (benchmarks/eval_segmentation.py)."""
    documents: dict[str, list[str]] = defaultdict(list)
    with (shared_data / "hedges_factbank.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            documents[record["doc"]].append(record["text"])
    scores = sentence_boundary_scores(documents.values())
    # 3,129 sentences in 208 documents: each document's final end is not scored.
    assert scores.true_positives + scores.false_negatives == 3129 - 208
    assert scores.precision >= 0.97 and scores.recall >= 0.95, scores
