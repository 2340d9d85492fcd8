"""The accuracy figures the report's methods section quotes: F1 per feature on the unseen test
split of the project's annotated sentences, as ``framing eval tests/data/annotated_sentences.jsonl
--split test`` prints them. A test re-runs the evaluation and fails when these drift from it, so
the report never quotes figures the code no longer earns."""

from __future__ import annotations

EVAL_COMMAND = "framing eval tests/data/annotated_sentences.jsonl --split test"

# feature -> (precision, recall, F1, support), rounded to 3 decimals
FEATURE_SCORES: dict[str, tuple[float, float, float, int]] = {
    "kinetic": (0.913, 0.840, 0.875, 125),
    "political": (0.901, 0.674, 0.771, 135),
    "hedge": (0.913, 0.863, 0.887, 73),
    "booster": (0.970, 0.903, 0.935, 72),
    "attribution": (0.933, 0.836, 0.882, 116),
    "distancing": (0.765, 0.765, 0.765, 17),
}
SOURCE_TYPE_ACCURACY = (0.711, 97)  # accuracy, sentences both call attributed
