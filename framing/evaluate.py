"""Scoring the analyzer against human annotations: precision, recall and F1 for sentence
boundaries and for the framing features of annotated sentences (``framing eval``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.corpus.decode import decode_text
from framing.errors import InputError
from framing.features import FEATURES, sentence_features
from framing.lexicon.registry import LexiconSet
from framing.text.segment import segment


@dataclass(frozen=True, slots=True)
class Scores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """Gold positives."""
        return self.true_positives + self.false_negatives

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "support": self.support}

    def __str__(self) -> str:
        return f"P {self.precision:.3f} / R {self.recall:.3f} / F1 {self.f1:.3f}"


def sentence_boundary_scores(documents: Iterable[list[str]]) -> Scores:
    """Score sentence ends on documents given as their gold sentences, in order.

    Each document's sentences are joined by one space, as running text, and re-segmented; a
    predicted sentence end counts when it falls exactly where a gold sentence ends. The end of
    the text is left out of both sides: every segmenter finds it, so it would only inflate the
    scores.
    """
    tp = fp = fn = 0
    for sentences in documents:
        text = " ".join(sentences)
        gold, position = set(), 0
        for sentence in sentences:
            position += len(sentence)
            gold.add(position)
            position += 1
        gold.discard(len(text))
        predicted = {s.end for s in segment(text)} - {len(text)}
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    return Scores(tp, fp, fn)


@dataclass(slots=True)
class FeatureEvaluation:
    """Scores per label over annotated sentences, and source-type accuracy over the sentences
    both the annotation and the analyzer call attributed."""

    n: int = 0
    labels: dict[str, Scores] = field(default_factory=dict)
    source_type_correct: int = 0
    source_type_n: int = 0

    @property
    def source_type_accuracy(self) -> float:
        return self.source_type_correct / self.source_type_n if self.source_type_n else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``framing eval --format json``."""
        return {"n": self.n, "labels": {k: v.as_dict() for k, v in self.labels.items()},
                "source_type": {"accuracy": round(self.source_type_accuracy, 4),
                                "n": self.source_type_n}}


def read_annotations(path: Path, *, split: str | None = None) -> Iterator[dict[str, Any]]:
    """Annotated sentences from a JSONL file: objects with ``text`` and any of the 0/1 label
    fields and ``source_type``; unknown fields are ignored. ``split`` keeps only the records
    whose ``split`` field has that value. A line that is not a JSON object with a text is an
    error naming the line."""
    text, _ = decode_text(path.read_bytes(), path=str(path))
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise InputError(f"malformed JSON ({exc})", path=str(path), line=number) from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError("expected a JSON object with a \"text\" string", path=str(path),
                             line=number, hint="one annotated sentence per line")
        for label in FEATURES:
            if label in record and record[label] not in (0, 1, None):
                raise InputError(f"{label!r} must be 0 or 1, not {record[label]!r}",
                                 path=str(path), line=number)
        if split is None or record.get("split") == split:
            yield record


def evaluate_features(records: Iterable[dict[str, Any]], lexicons: LexiconSet) -> FeatureEvaluation:
    """Analyse each record's text as one sentence and score every label it carries."""
    counts: dict[str, list[int]] = {}  # label -> [tp, fp, fn]
    result = FeatureEvaluation()
    for record in records:
        result.n += 1
        text = record["text"]
        features = sentence_features(text, lexicons.matcher.find(text), lexicons)
        for label in FEATURES:
            gold = record.get(label)
            if gold is None:
                continue
            tally = counts.setdefault(label, [0, 0, 0])
            predicted = features.has(label)
            tally[0] += bool(gold) and predicted
            tally[1] += (not gold) and predicted
            tally[2] += bool(gold) and not predicted
        gold_source = record.get("source_type")
        if isinstance(gold_source, str) and features.has("attribution"):
            result.source_type_n += 1
            result.source_type_correct += features.source_type == gold_source
    result.labels = {label: Scores(*counts[label]) for label in FEATURES if label in counts}
    return result
