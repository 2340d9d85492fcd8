"""The measures outlets are compared on, all ratios of sums so they can be computed from merged
counts and bootstrapped from resampled sums.

Each comparison unit (a sentence, or a whole document when an outlet has enough of them) is one
row of ``UNIT_COLUMNS``; an outlet's value is the metric of its column sums, never an average of
per-document ratios, so a long article weighs what its sentences weigh.

Three kinds of metric:

* the headline **indices** of the document profiles (kinetic share, certainty, attribution
  density, and the author's-voice versions), from ``framing.profile``;
* **rates**: evidence of a feature per 1,000 tokens;
* **source shares**: attributions to a source type over all attributions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from framing.attribution import SOURCE_TYPES
from framing.features import SentenceFeatures
from framing.profile import INDEX_COLUMNS, INDICES, indices_from_sums, sentence_matrix

RATE_FEATURES = ("kinetic", "political", "hedge", "booster", "attribution", "distancing",
                 "label", "scare_quote", "prescription", "killing")
UNIT_COLUMNS = (*INDEX_COLUMNS, "tokens", *(f"count.{f}" for f in RATE_FEATURES),
                "attributions", *(f"source.{t}" for t in SOURCE_TYPES))
_COL = {name: i for i, name in enumerate(UNIT_COLUMNS)}


@dataclass(frozen=True, slots=True)
class Metric:
    """A measure outlets are compared on.

    ``support`` names the columns whose sum is the evidence behind a value (the denominator of a
    share, the count of a rate): a difference resting on a handful of cues is not reported.
    ``high`` and ``low`` are the example keys (see ``digest.EXAMPLE_KEYS``) whose sentences show
    why one outlet scores higher and the other lower.
    """

    name: str
    kind: str  # "index", "rate" or "share"
    label: str
    support: tuple[str, ...]
    high: str
    low: str


def _index(name: str, label: str, support: tuple[str, ...], high: str, low: str) -> Metric:
    return Metric(name, "index", label, support, high, low)


METRICS: tuple[Metric, ...] = (
    _index("kinetic_share", "kinetic share (kinetic / kinetic + political evidence)",
           ("kinetic", "political"), "kinetic", "political"),
    _index("certainty", "certainty ((boosters − hedges) / (boosters + hedges))",
           ("booster", "hedge"), "booster", "hedge"),
    _index("attribution_density", "attribution density (attributed sentences / sentences)",
           ("sentence",), "attribution", "unattributed"),
    _index("author.kinetic_share", "kinetic share in the author's own voice",
           ("author.kinetic", "author.political"), "author.kinetic", "author.political"),
    _index("author.certainty", "certainty in the author's own voice",
           ("author.booster", "author.hedge"), "author.booster", "author.hedge"),
    *(Metric(f"{f}.per_1k", "rate", f"{f.replace('_', ' ')} evidence per 1,000 tokens",
             (f"count.{f}",), f, f) for f in RATE_FEATURES),
    *(Metric(f"source.{t}", "share", f"share of attributions to {t.replace('_', ' ')} sources",
             ("attributions",), f"source.{t}", f"attribution.without.{t}")
      for t in SOURCE_TYPES),
)
METRIC_NAMES = tuple(m.name for m in METRICS)
assert set(INDICES) <= set(METRIC_NAMES)


def unit_rows(features: Sequence[SentenceFeatures], tokens: Sequence[int]) -> np.ndarray:
    """One ``UNIT_COLUMNS`` row per sentence, from its features and token count."""
    rows = np.zeros((len(features), len(UNIT_COLUMNS)), dtype=np.int64)
    rows[:, :len(INDEX_COLUMNS)] = sentence_matrix(features)
    rows[:, _COL["tokens"]] = tokens
    rate_columns = {f: _COL[f"count.{f}"] for f in RATE_FEATURES}
    for row, sentence in enumerate(features):
        for e in sentence.evidence:
            column = rate_columns.get(e.feature)
            if column is not None:
                rows[row, column] += 1
        for a in sentence.attributions:
            rows[row, _COL["attributions"]] += 1
            rows[row, _COL[f"source.{a.source_type}"]] += 1
    return rows


def _ratio(numerator: np.ndarray, denominator: np.ndarray, scale: float = 1.0) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0,
                        scale * numerator / np.where(denominator > 0, denominator, 1), np.nan)


def metric_values(sums: np.ndarray) -> dict[str, np.ndarray]:
    """Every metric from column sums (the last axis follows ``UNIT_COLUMNS``); NaN where a
    metric has no denominator (a text with no stance cues has no certainty, not 0)."""
    sums = np.asarray(sums, dtype=float)
    values = dict(indices_from_sums(sums[..., :len(INDEX_COLUMNS)]))
    tokens = sums[..., _COL["tokens"]]
    for f in RATE_FEATURES:
        values[f"{f}.per_1k"] = _ratio(sums[..., _COL[f"count.{f}"]], tokens, 1000.0)
    attributions = sums[..., _COL["attributions"]]
    for t in SOURCE_TYPES:
        values[f"source.{t}"] = _ratio(sums[..., _COL[f"source.{t}"]], attributions)
    return values


def metric_range(metric: Metric) -> tuple[float, float]:
    """The values ``metric`` can take: rates are at least 0, shares lie in [0, 1] and
    certainty in [-1, 1]."""
    if metric.kind == "rate":
        return 0.0, math.inf
    return (-1.0 if metric.name.endswith("certainty") else 0.0), 1.0


def support(sums: np.ndarray, metric: Metric) -> int:
    """The amount of evidence behind ``metric`` in these sums."""
    return int(sum(sums[_COL[c]] for c in metric.support))


def column(sums: np.ndarray, name: str) -> int:
    return int(sums[_COL[name]])
