"""Scoring the analyzer against human annotations: precision, recall and F1."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
