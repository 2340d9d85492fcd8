"""Distinctive vocabulary: the log-odds ratio with an informative Dirichlet prior (Monroe,
Colaresi & Quinn 2008, "Fightin' Words", section 3.5), each group against all the others.

For a term w, a group i with counts y_i (total n_i) and the other groups together with y_j
(total n_j), and a prior alpha_w with total alpha_0:

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w))
            - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w))
    var_w   ~ 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior is informative: a_w = a_0 * (share of w in the whole corpus), so frequent words need a
large difference to stand out and a word seen twice in one outlet does not top the list, which is
what the raw log-odds ratio does. ``prior_total`` (a_0) sets how strongly estimates are pulled to
the corpus-wide rate; Monroe et al. use the corpus counts themselves, a_0 = the corpus size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def log_odds_z(counts: pd.DataFrame, *, prior_total: float | None = None) -> pd.DataFrame:
    """z-scores of each term (column) for each group (row) against all other groups.

    ``counts`` holds non-negative term counts, one row per group (an outlet), one column per term.
    ``prior_total`` is a_0; None uses the corpus size (all counts summed). Returns a frame of the
    same shape; a positive z means the term is used more by that group than by the others.
    """
    values = counts.to_numpy(dtype=float)
    if values.ndim != 2 or values.shape[0] < 2:
        raise ValueError("log-odds needs at least two groups to compare")
    if (values < 0).any():
        raise ValueError("counts must not be negative")
    corpus = values.sum(axis=0)
    size = corpus.sum()
    if size == 0:
        return pd.DataFrame(0.0, index=counts.index, columns=counts.columns)
    z = z_scores(values, corpus, values.sum(axis=1, keepdims=True), size,
                 prior_total=prior_total)
    return pd.DataFrame(z, index=counts.index, columns=counts.columns)


def z_scores(mine: np.ndarray, corpus: np.ndarray, mine_total: np.ndarray | float, size: float,
             *, prior_total: float | None = None) -> np.ndarray:
    """The z of each cell from its count (``mine``), its term's corpus count, its group's total
    and the corpus size; arrays broadcast, so a whole matrix or only chosen cells can be scored
    (the comparator scores only the cells it may list, which a sparse matrix holds)."""
    a0 = size if prior_total is None else float(prior_total)
    alpha = a0 * corpus / size
    theirs, theirs_total = corpus - mine, size - mine_total
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (np.log((mine + alpha) / (mine_total + a0 - mine - alpha))
                 - np.log((theirs + alpha) / (theirs_total + a0 - theirs - alpha)))
        variance = 1 / (mine + alpha) + 1 / (theirs + alpha)
        z = delta / np.sqrt(variance)
    # A term no one uses has alpha 0: no evidence either way.
    return np.where(alpha > 0, z, 0.0)
