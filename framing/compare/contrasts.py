"""Contrasts: which outlets differ on which metric, by how much, and how sure we can be.

Every pair of outlets is compared on every metric. The difference is bootstrapped by pairing the
two outlets' independent replicates (see ``outlets``), which gives a percentile interval of the
difference (and of the ratio, for rates and shares) and a two-sided bootstrap p-value: twice the
share of replicate differences on the far side of zero. With many outlets and metrics some of
those would fall below any threshold by chance, so the p-values of all the pairs and metrics
tested are adjusted together (Benjamini–Hochberg, false discovery rate ``FDR``). A contrast is a
**difference** only when its adjusted q-value is at most ``FDR``, which also means its 90%
interval excludes zero. A contrast resting on fewer than ``MIN_SUPPORT`` pieces of evidence on
a side, or on an outlet with fewer than ``MIN_SENTENCES`` sentences to resample, is not tested
at all: a bootstrap of three cues, or of one sentence, is not evidence.

``resampled`` says what a contrast generalises over. When both outlets have enough documents to
resample whole documents, a difference is about the outlets' coverage; when either side is
resampled by sentences (one to four articles), it is about these articles, whose sentences are
not independent draws from the outlet's writing, so read it as such.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from framing.profile import CONFIDENCE

from .digest import Example
from .metrics import METRICS, Metric, support
from .outlets import OutletProfile

FDR = 0.10
MIN_SUPPORT = 10
MIN_SENTENCES = 10
EXAMPLES_PER_SIDE = 3

DIFFERENCE = "difference"
NO_CLEAR_DIFFERENCE = "no clear difference"
TOO_LITTLE_EVIDENCE = "too little evidence"
UNDEFINED = "undefined"
STATUSES = (DIFFERENCE, NO_CLEAR_DIFFERENCE, TOO_LITTLE_EVIDENCE, UNDEFINED)


@dataclass(frozen=True, slots=True)
class Contrast:
    """Two outlets on one metric. ``outlet_a`` is the one with the higher value."""

    metric: Metric
    outlet_a: str
    outlet_b: str
    value_a: float
    value_b: float
    difference: float
    difference_lo: float
    difference_hi: float
    ratio: float
    ratio_lo: float
    ratio_hi: float
    support_a: int
    support_b: int
    p_value: float
    q_value: float
    status: str
    resampled: str = "sentences"
    examples_a: tuple[Example, ...] = ()
    examples_b: tuple[Example, ...] = ()

    @property
    def is_difference(self) -> bool:
        return self.status == DIFFERENCE

    def summary(self) -> str:
        """The contrast in one plain sentence, with its interval."""
        m, a, b = self.metric, self.outlet_a, self.outlet_b
        if self.status == UNDEFINED:
            return f"{m.label}: not defined for {a if math.isnan(self.value_a) else b}"
        if m.kind == "rate":
            feature = m.name.removesuffix(".per_1k").replace("_", " ")
            text = (f"{a} has {self.value_a:.1f} {feature} cues per 1,000 tokens, {b} "
                    f"{self.value_b:.1f}")
            if math.isfinite(self.ratio):
                upper = (f"{self.ratio_hi:.1f}x" if math.isfinite(self.ratio_hi)
                         else "no upper bound")
                text += f": {self.ratio:.1f}x as many (90% interval {self.ratio_lo:.1f}x to {upper})"
            else:
                text += (f" (difference {self.difference:.1f}, 90% interval "
                         f"{self.difference_lo:.1f} to {self.difference_hi:.1f})")
        elif m.kind == "share" or m.name == "attribution_density" or m.name.endswith("share"):
            text = (f"{m.label}: {a} {self.value_a:.0%}, {b} {self.value_b:.0%} (difference "
                    f"{self.difference * 100:.0f} points, 90% interval "
                    f"{self.difference_lo * 100:.0f} to {self.difference_hi * 100:.0f})")
        else:
            text = (f"{m.label}: {a} {self.value_a:+.2f}, {b} {self.value_b:+.2f} (difference "
                    f"{self.difference:.2f}, 90% interval {self.difference_lo:.2f} to "
                    f"{self.difference_hi:.2f})")
        verdict = {DIFFERENCE: "a difference", NO_CLEAR_DIFFERENCE: "no clear difference",
                   TOO_LITTLE_EVIDENCE: "too little evidence to tell"}[self.status]
        if self.status == DIFFERENCE and self.resampled == "sentences":
            verdict += " between these articles"
        return f"{text}; {verdict}"


_TAIL = (1 - CONFIDENCE) / 2 * 100
_PAIRS_PER_BLOCK = 2000  # pairs whose replicates are differenced at once (memory bound)


def _row_percentiles(samples: np.ndarray, method: Literal["linear", "inverted_cdf"] = "linear"
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The ``CONFIDENCE`` interval of each row, ignoring NaN (undefined replicates); NaN for a
    row with none defined. ``np.nanpercentile`` gives the same numbers but loops over rows in
    Python when NaN is present; sorting once (NaN sorts last) keeps this vectorised."""
    ordered = np.sort(samples, axis=1)
    n = (~np.isnan(samples)).sum(axis=1)
    rows = np.arange(samples.shape[0])
    bounds = []
    for q in (_TAIL / 100, 1 - _TAIL / 100):
        if method == "inverted_cdf":  # the first sample whose cumulative share reaches q
            index = np.clip(np.ceil(n * q).astype(int) - 1, 0, None)
            value = ordered[rows, np.minimum(index, samples.shape[1] - 1)]
        else:  # linear interpolation between the two closest ranks
            position = (n - 1) * q
            below = np.clip(np.floor(position).astype(int), 0, None)
            above = np.clip(np.ceil(position).astype(int), 0, None)
            low, high = ordered[rows, below], ordered[rows, above]
            weight = position - below
            with np.errstate(invalid="ignore"):
                # numpy's own two-sided interpolation, so a bound that should be 0 is 0 (the
                # one-sided form leaves rounding residue such as 2e-16 near the upper rank)
                value = np.where(weight >= 0.5, high - (high - low) * (1 - weight),
                                 low + (high - low) * weight)
        bounds.append(np.where(n > 0, value, np.nan))
    return bounds[0], bounds[1]


def bootstrap_p_values(differences: np.ndarray) -> np.ndarray:
    """Two-sided bootstrap p-value of each row's difference being zero: twice the smaller share
    of (finite) replicates at or beyond zero on either side, with the +1 correction that keeps
    it from being 0 with finitely many replicates."""
    finite = np.isfinite(differences)
    n = finite.sum(axis=1)
    at_or_below = (finite & (differences <= 0)).sum(axis=1)
    at_or_above = (finite & (differences >= 0)).sum(axis=1)
    tail = np.minimum(at_or_below, at_or_above)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, np.minimum(1.0, 2 * (tail + 1) / (n + 1)), np.nan)


def bootstrap_p(differences: np.ndarray) -> float:
    """``bootstrap_p_values`` for one set of replicate differences."""
    return float(bootstrap_p_values(np.atleast_2d(differences))[0])


def benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    """Benjamini–Hochberg adjusted q-values, in the order given."""
    p = np.asarray(p_values, dtype=float)
    n = p.size
    if n == 0:
        return []
    order = np.argsort(p, kind="stable")
    ranked = p[order] * n / np.arange(1, n + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(n)
    q[order] = np.minimum(adjusted, 1.0)
    return q.tolist()


def _pair_statistics(ra: np.ndarray, rb: np.ndarray) -> dict[str, np.ndarray]:
    """Interval and p-value of the difference, and interval of the ratio, for pairs of replicate
    rows. A replicate where the lower outlet has none of the feature gives an infinite ratio;
    the ratio interval is taken without interpolation, so when such replicates are more than
    the upper tail the upper bound is infinite rather than a number computed from the rest."""
    differences = ra - rb
    lo, hi = _row_percentiles(differences)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = ra / rb
    ratio_lo, ratio_hi = _row_percentiles(ratios, method="inverted_cdf")
    return {"difference_lo": lo, "difference_hi": hi, "p_value": bootstrap_p_values(differences),
            "ratio_lo": ratio_lo, "ratio_hi": ratio_hi}


def _enough_units(profile: OutletProfile) -> bool:
    """Resampling estimates an outlet's variability from its units; with a handful of sentences
    every replicate is nearly the same and the interval would claim a precision it does not
    have (with one sentence, zero width). Five documents of one sentence each are resampled as
    documents but are still five sentences, so the rule holds whatever the unit."""
    return profile.tally.sentences >= MIN_SENTENCES


def _enough_evidence(metric: Metric, support_a: int, support_b: int) -> bool:
    """A rate needs ``MIN_SUPPORT`` cues between the two outlets (one may have none: that is a
    finding); a share or index needs that much behind each side's denominator."""
    if metric.kind == "rate":
        return support_a + support_b >= MIN_SUPPORT
    return support_a >= MIN_SUPPORT and support_b >= MIN_SUPPORT


def _examples(profile: OutletProfile, key: str) -> tuple[Example, ...]:
    return tuple(profile.tally.examples.get(key, [])[:EXAMPLES_PER_SIDE])


def _metric_rows(metric: Metric, profiles: Sequence[OutletProfile]) -> list[dict]:
    """Every pair of outlets on one metric, the higher-valued outlet first; status is left
    empty ("") for the pairs to be tested."""
    pairs = list(itertools.combinations(range(len(profiles)), 2))
    if not pairs:
        return []
    values = np.array([p.values[metric.name] for p in profiles])
    replicates = np.vstack([p.replicates[metric.name] for p in profiles])
    first = np.array([i for i, _ in pairs])
    second = np.array([j for _, j in pairs])
    swap = values[second] > values[first]  # False whenever a value is NaN
    a, b = np.where(swap, second, first), np.where(swap, first, second)
    statistics: dict[str, list[float]] = {}
    for block in range(0, len(pairs), _PAIRS_PER_BLOCK):
        part = slice(block, block + _PAIRS_PER_BLOCK)
        for key, column in _pair_statistics(replicates[a[part]], replicates[b[part]]).items():
            statistics.setdefault(key, []).extend(column.tolist())
    # A ratio needs a scale with a true zero: not certainty, which runs from -1 to 1.
    ratio_wanted = metric.kind != "index" or metric.name.endswith(("share", "density"))
    rows = []
    for k, (i, j) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        high, low = profiles[i], profiles[j]
        va, vb = float(values[i]), float(values[j])
        sa, sb = support(high.totals, metric), support(low.totals, metric)
        if math.isnan(va) or math.isnan(vb):
            status = UNDEFINED
        elif not (_enough_units(high) and _enough_units(low)) \
                or not _enough_evidence(metric, sa, sb):
            status = TOO_LITTLE_EVIDENCE
        else:
            status = ""  # decided once every p-value is known
        has_ratio = ratio_wanted and vb > 0
        nan = float("nan")
        rows.append(dict(
            metric=metric, outlet_a=high.name, outlet_b=low.name, value_a=va, value_b=vb,
            difference=va - vb, difference_lo=statistics["difference_lo"][k],
            difference_hi=statistics["difference_hi"][k],
            ratio=va / vb if has_ratio else nan,
            ratio_lo=statistics["ratio_lo"][k] if has_ratio else nan,
            ratio_hi=statistics["ratio_hi"][k] if has_ratio else nan,
            support_a=sa, support_b=sb,
            p_value=statistics["p_value"][k] if status == "" else nan,
            first=high, second=low, status=status,
            resampled=("documents" if high.tally.resampled == low.tally.resampled == "documents"
                       else "sentences")))
    return rows


def contrasts(profiles: Sequence[OutletProfile]) -> list[Contrast]:
    """Every pair of outlets on every metric, tested together; differences first, then by
    q-value and size."""
    rows = [row for metric in METRICS for row in _metric_rows(metric, profiles)]
    tested = [r for r in rows if r["status"] == ""]
    for row, q in zip(tested, benjamini_hochberg([r["p_value"] for r in tested]), strict=True):
        row["q_value"] = q
        # The interval check is implied by q <= FDR; stated so the two can never disagree.
        supported = q <= FDR and row["difference_lo"] > 0
        row["status"] = DIFFERENCE if supported else NO_CLEAR_DIFFERENCE
    result = []
    for row in rows:
        first, second, metric = row.pop("first"), row.pop("second"), row["metric"]
        row.setdefault("q_value", float("nan"))
        if row["status"] == DIFFERENCE:
            row["examples_a"] = _examples(first, metric.high)
            row["examples_b"] = _examples(second, metric.low)
        result.append(Contrast(**row))
    order = {s: i for i, s in enumerate(STATUSES)}
    return sorted(result, key=lambda c: (
        order[c.status], c.q_value if math.isfinite(c.q_value) else 2.0,
        -abs(c.difference) if math.isfinite(c.difference) else 0.0,
        c.metric.name, c.outlet_a, c.outlet_b))
