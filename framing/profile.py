"""Document profiles: the sentence-level evidence summed into counts, rates, mixes and headline
indices, each index with a 90% bootstrap interval over sentences.

The indices (DESIGN.md, "Headline indices"):

* ``kinetic_share`` = K / (K + P), kinetic over kinetic plus political evidence;
* ``certainty`` = (B − H) / (B + H), boosters against hedges;
* ``attribution_density`` = attributed sentences / sentences;

and ``author.kinetic_share`` and ``author.certainty`` from the evidence in the author's own voice
alone. An index with an empty denominator is missing (NaN), never 0: a text with no stance cues
is not "neutral".

The interval resamples sentences with replacement (``BOOTSTRAP_REPLICATES`` times, fixed seed),
so the same document always gets the same interval, whatever else is in the corpus or the order
documents are processed in. Resampling is done with count weights, one matrix product per
document, so its cost grows with the number of sentences, not their square.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from framing.attribution import SOURCE_TYPES, STANCES
from framing.features import ALL_FEATURES, SentenceFeatures

BOOTSTRAP_REPLICATES = 1000
BOOTSTRAP_SEED = 20261121
CONFIDENCE = 0.90

# The per-sentence columns the indices are computed from.
INDEX_COLUMNS = ("kinetic", "political", "booster", "hedge", "attributed",
            "author.kinetic", "author.political", "author.booster", "author.hedge", "sentence")
_C = {name: i for i, name in enumerate(INDEX_COLUMNS)}
INDICES = ("kinetic_share", "certainty", "attribution_density", "author.kinetic_share",
           "author.certainty")
REMEDIES = ("kinetic", "political", "both", "unspecified")


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1),
                        np.nan)


def indices_from_sums(sums: np.ndarray) -> dict[str, np.ndarray]:
    """The headline indices from column sums (the last axis follows ``INDEX_COLUMNS``)."""
    def col(name: str) -> np.ndarray:
        return sums[..., _C[name]].astype(float)

    return {
        "kinetic_share": _ratio(col("kinetic"), col("kinetic") + col("political")),
        "certainty": _ratio(col("booster") - col("hedge"), col("booster") + col("hedge")),
        "attribution_density": _ratio(col("attributed"), col("sentence")),
        "author.kinetic_share": _ratio(col("author.kinetic"),
                                       col("author.kinetic") + col("author.political")),
        "author.certainty": _ratio(col("author.booster") - col("author.hedge"),
                                   col("author.booster") + col("author.hedge")),
    }


def sentence_matrix(features: Sequence[SentenceFeatures]) -> np.ndarray:
    """One row per sentence, one column per ``INDEX_COLUMNS`` entry."""
    matrix = np.zeros((len(features), len(INDEX_COLUMNS)), dtype=np.int32)
    for row, sentence in enumerate(features):
        for e in sentence.evidence:
            if e.feature in ("kinetic", "political", "booster", "hedge"):
                matrix[row, _C[e.feature]] += 1
                if e.voice == "author":
                    matrix[row, _C["author." + e.feature]] += 1
        matrix[row, _C["attributed"]] = bool(sentence.attributions)
        matrix[row, _C["sentence"]] = 1
    return matrix


def resample_weights(rng: np.random.Generator, n: int, replicates: int) -> np.ndarray:
    """How many times each of ``n`` rows is drawn in each of ``replicates`` resamples with
    replacement: the multinomial counts, built from uniform draws and one ``bincount``, which is
    five times faster than ``Generator.multinomial`` row by row at news-article sizes."""
    draws = rng.integers(0, n, size=(replicates, n))
    offsets = np.arange(replicates)[:, None] * n
    return np.bincount((draws + offsets).ravel(), minlength=replicates * n).reshape(replicates, n)


@dataclass(frozen=True, slots=True)
class Interval:
    """An index and its bootstrap interval; all NaN when the index is undefined."""

    value: float
    lo: float
    hi: float


def bootstrap(matrix: np.ndarray, *, replicates: int = BOOTSTRAP_REPLICATES,
              seed: int = BOOTSTRAP_SEED) -> dict[str, Interval]:
    """Each index of the rows of ``matrix`` with a ``CONFIDENCE`` percentile interval from
    resampling rows with replacement. Rows may be sentences or, for an outlet, documents."""
    point = indices_from_sums(matrix.sum(axis=0))
    n = matrix.shape[0]
    if n == 0:
        nan = float("nan")
        return {name: Interval(nan, nan, nan) for name in INDICES}
    rng = np.random.default_rng(seed)
    # Replicates in chunks, so a very long document (a 20 MB text has ~150,000 sentences)
    # does not need a replicates x sentences matrix at once.
    chunk = max(1, 4_000_000 // n)
    sums = np.vstack([resample_weights(rng, n, min(chunk, replicates - done)) @ matrix
                      for done in range(0, replicates, chunk)])
    replicated = indices_from_sums(sums)
    tail = (1 - CONFIDENCE) / 2 * 100
    result = {}
    for name in INDICES:
        value = float(point[name])
        samples = replicated[name][~np.isnan(replicated[name])]
        if math.isnan(value) or samples.size == 0:
            result[name] = Interval(value, float("nan"), float("nan"))
        else:
            lo, hi = np.percentile(samples, [tail, 100 - tail])
            result[name] = Interval(value, float(lo), float(hi))
    return result


@dataclass(frozen=True, slots=True)
class Profile:
    """A document's framing profile. ``counts`` are evidence counts per feature (all voices),
    ``author_counts`` those in the author's own voice; mixes are shares of the attributions."""

    sentences: int
    tokens: int
    counts: dict[str, int]
    author_counts: dict[str, int]
    indices: dict[str, Interval]
    attributed_sentences: int
    source_mix: dict[str, float] = field(default_factory=dict)
    stance_mix: dict[str, float] = field(default_factory=dict)
    speech: dict[str, int] = field(default_factory=dict)
    vague_attributions: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    killing: dict[str, int] = field(default_factory=dict)
    remedies: dict[str, int] = field(default_factory=dict)

    def rate(self, feature: str) -> float:
        """Evidence of ``feature`` per 1,000 tokens."""
        return self.counts.get(feature, 0) * 1000 / self.tokens if self.tokens else 0.0


def _shares(counter: Counter[str], keys: Sequence[str]) -> dict[str, float]:
    total = sum(counter.values())
    return {k: counter[k] / total if total else float("nan") for k in keys}


def _category(detail: str) -> str:
    """``"actors.label_terrorist; ..."`` -> ``"label_terrorist"``."""
    return detail.split(";", 1)[0].rpartition(".")[2]


def profile(features: Sequence[SentenceFeatures], tokens: int) -> Profile:
    """The profile of a document from its sentences' features."""
    counts: Counter[str] = Counter()
    author: Counter[str] = Counter()
    labels: Counter[str] = Counter()
    killing: Counter[str] = Counter()
    remedies: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    stances: Counter[str] = Counter()
    speech: Counter[str] = Counter()
    vague = 0
    for sentence in features:
        for e in sentence.evidence:
            counts[e.feature] += 1
            if e.voice == "author":
                author[e.feature] += 1
            if e.feature == "label":
                labels[_category(e.detail)] += 1
            elif e.feature == "killing":
                killing[_category(e.detail)] += 1
            elif e.feature == "prescription":
                remedies[e.detail.removeprefix("remedy: ")] += 1
        for a in sentence.attributions:
            sources[a.source_type] += 1
            stances[a.stance] += 1
            speech[a.speech] += 1
            vague += a.vague
    return Profile(
        sentences=len(features), tokens=tokens,
        counts={f: counts[f] for f in ALL_FEATURES}, author_counts={f: author[f] for f in ALL_FEATURES},
        indices=bootstrap(sentence_matrix(features)),
        attributed_sentences=sum(bool(s.attributions) for s in features),
        source_mix=_shares(sources, SOURCE_TYPES), stance_mix=_shares(stances, STANCES),
        speech={"direct": speech["direct"], "indirect": speech["indirect"]},
        vague_attributions=vague, labels=dict(labels), killing=dict(killing),
        remedies={r: remedies[r] for r in REMEDIES})


def profile_columns() -> list[str]:
    """The documents-table columns a profile fills, in order (named in the README). Label and
    killing-word choices are the ``actors.*`` lexicon columns the table already has."""
    columns: list[str] = []
    for feature in ALL_FEATURES:
        columns += [feature, feature + ".per_1k", "author." + feature]
    columns.append("attributed_sentences")
    for name in INDICES:
        columns += [name, name + "_lo", name + "_hi"]
    columns += [f"source.{t}" for t in SOURCE_TYPES]
    columns += [f"stance.{s}" for s in STANCES]
    columns += ["speech.direct", "speech.indirect", "vague_attributions"]
    columns += [f"remedy.{r}" for r in REMEDIES]
    return columns


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def profile_row(p: Profile) -> dict[str, float | int | None]:
    """A profile as one flat row of ``profile_columns``; undefined values are None."""
    row: dict[str, float | int | None] = {}
    for feature in ALL_FEATURES:
        row[feature] = p.counts.get(feature, 0)
        row[feature + ".per_1k"] = round(p.rate(feature), 3)
        row["author." + feature] = p.author_counts.get(feature, 0)
    row["attributed_sentences"] = p.attributed_sentences
    for name in INDICES:
        interval = p.indices[name]
        row[name], row[name + "_lo"], row[name + "_hi"] = (
            _round(interval.value), _round(interval.lo), _round(interval.hi))
    row.update({f"source.{t}": _round(p.source_mix.get(t, math.nan)) for t in SOURCE_TYPES})
    row.update({f"stance.{s}": _round(p.stance_mix.get(s, math.nan)) for s in STANCES})
    row["speech.direct"], row["speech.indirect"] = p.speech.get("direct", 0), p.speech.get(
        "indirect", 0)
    row["vague_attributions"] = p.vague_attributions
    row.update({f"remedy.{r}": p.remedies.get(r, 0) for r in REMEDIES})
    return row
