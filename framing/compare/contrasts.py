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
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

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
        return f"{text}; {verdict}"


def _percentiles(samples: np.ndarray) -> tuple[float, float]:
    samples = samples[np.isfinite(samples)]
    if samples.size == 0:
        return float("nan"), float("nan")
    tail = (1 - CONFIDENCE) / 2 * 100
    lo, hi = np.percentile(samples, [tail, 100 - tail])
    return float(lo), float(hi)


def bootstrap_p(differences: np.ndarray) -> float:
    """Two-sided bootstrap p-value of a difference being zero: twice the smaller share of
    replicates at or beyond zero on either side, with the +1 correction that keeps it from
    being 0 with finitely many replicates."""
    d = differences[np.isfinite(differences)]
    if d.size == 0:
        return float("nan")
    tail = min(np.count_nonzero(d <= 0), np.count_nonzero(d >= 0))
    return min(1.0, 2 * (tail + 1) / (d.size + 1))


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


def _ratio_interval(ra: np.ndarray, rb: np.ndarray) -> tuple[float, float]:
    """Percentile interval of the replicate ratios. Replicates where the lower outlet has none
    of the feature give an infinite ratio; when they are more than the upper tail, the upper
    bound is infinite rather than a finite number computed from the rest."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = ra / rb
    defined = ratios[~np.isnan(ratios)]
    if defined.size == 0:
        return float("nan"), float("nan")
    tail = (1 - CONFIDENCE) / 2 * 100
    # No interpolation: infinities sort last, and the upper bound may be one.
    lo, hi = np.percentile(defined, [tail, 100 - tail], method="inverted_cdf")
    return float(lo), float(hi)


def _enough_units(profile: OutletProfile) -> bool:
    """Resampling estimates an outlet's variability from its units; with a handful of sentences
    every replicate is nearly the same and the interval would claim a precision it does not
    have (with one sentence, zero width)."""
    tally = profile.tally
    return tally.resampled == "documents" or tally.sentences >= MIN_SENTENCES


def _enough_evidence(metric: Metric, support_a: int, support_b: int) -> bool:
    """A rate needs ``MIN_SUPPORT`` cues between the two outlets (one may have none: that is a
    finding); a share or index needs that much behind each side's denominator."""
    if metric.kind == "rate":
        return support_a + support_b >= MIN_SUPPORT
    return support_a >= MIN_SUPPORT and support_b >= MIN_SUPPORT


def _examples(profile: OutletProfile, key: str, *, exclude_type: str | None = None
              ) -> tuple[Example, ...]:
    found = profile.tally.examples.get(key, [])
    if exclude_type is not None:
        found = [x for x in found if x.source_type != exclude_type]
    return tuple(found[:EXAMPLES_PER_SIDE])


def _pair(metric: Metric, first: OutletProfile, second: OutletProfile) -> dict:
    va, vb = first.values[metric.name], second.values[metric.name]
    if not math.isnan(va) and not math.isnan(vb) and vb > va:
        first, second, va, vb = second, first, vb, va
    ra, rb = first.replicates[metric.name], second.replicates[metric.name]
    differences = ra - rb
    lo, hi = _percentiles(differences)
    ratio = ratio_lo = ratio_hi = float("nan")
    # A ratio needs a scale with a true zero: not certainty, which runs from -1 to 1.
    if (metric.kind != "index" or metric.name.endswith(("share", "density"))) and vb > 0:
        ratio = va / vb
        ratio_lo, ratio_hi = _ratio_interval(ra, rb)
    sa, sb = support(first.tally.totals, metric), support(second.tally.totals, metric)
    if math.isnan(va) or math.isnan(vb):
        status = UNDEFINED
    elif not (_enough_units(first) and _enough_units(second)) \
            or not _enough_evidence(metric, sa, sb):
        status = TOO_LITTLE_EVIDENCE
    else:
        status = ""  # decided once every p-value is known
    return dict(metric=metric, outlet_a=first.name, outlet_b=second.name, value_a=va,
                value_b=vb, difference=va - vb, difference_lo=lo, difference_hi=hi,
                ratio=ratio, ratio_lo=ratio_lo, ratio_hi=ratio_hi, support_a=sa, support_b=sb,
                p_value=bootstrap_p(differences) if status == "" else float("nan"),
                first=first, second=second, status=status)


def contrasts(profiles: Sequence[OutletProfile]) -> list[Contrast]:
    """Every pair of outlets on every metric, tested together; differences first, then by
    q-value and size."""
    rows = [_pair(metric, a, b) for metric in METRICS
            for a, b in itertools.combinations(profiles, 2)]
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
            exclude = metric.name.removeprefix("source.") if metric.kind == "share" else None
            row["examples_b"] = _examples(second, metric.low, exclude_type=exclude)
        result.append(Contrast(**row))
    order = {s: i for i, s in enumerate(STATUSES)}
    return sorted(result, key=lambda c: (
        order[c.status], c.q_value if math.isfinite(c.q_value) else 2.0,
        -abs(c.difference) if math.isfinite(c.difference) else 0.0,
        c.metric.name, c.outlet_a, c.outlet_b))
