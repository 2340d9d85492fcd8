"""Distinctive vocabulary per outlet: words, two-word phrases and lexicon terms, each scored by
the log-odds ratio with an informative Dirichlet prior against all the other outlets.

Words and phrases are counted without stop words (a phrase is two adjacent content words in one
sentence), so "security forces" can stand out and "of the" cannot. Lexicon terms (the words as
written, with their category) are scored within their lexicon: "terrorists" is weighed against
"militants" and "insurgents", which asks the question a reader has (which label does this outlet
prefer?).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .logodds import log_odds_z

TERM_COLUMNS = ["outlet", "term", "kind", "category", "z", "count", "count_others"]
# A term must occur this often in the outlet to be listed as distinctive of it: the prior keeps
# rare terms' z small, but a term used once is an anecdote, not a habit.
MIN_COUNT = 2
_SEP = "\x1f"
# Listed terms have z >= MIN_Z. With the corpus itself as the prior the estimates are shrunk
# hard, so on a few articles almost nothing reaches 1.96 (the two-sided 5% level); the list is
# a ranking of each outlet's leanings, not a set of significance claims, and z says how strong
# each one is.
MIN_Z = 1.0


def _scored(counts: Mapping[str, Counter[str]], kind: str, min_z: float,
            category: str = "") -> pd.DataFrame:
    """The (outlet, term) cells with ``z >= min_z`` and at least ``MIN_COUNT`` uses."""
    from sklearn.feature_extraction import DictVectorizer

    outlets = list(counts)
    if len(outlets) < 2 or not any(counts.values()):
        return pd.DataFrame(columns=TERM_COLUMNS)
    vectorizer = DictVectorizer(dtype=float, sort=True)
    sparse = vectorizer.fit_transform([counts[o] for o in outlets]).tocsc()
    # Most terms (nearly all two-word phrases) never reach MIN_COUNT in any outlet and cannot
    # be listed; they are pooled into one column instead of scored, which keeps the dense
    # matrix small and leaves every total, and so every listed term's z, exactly as it was.
    listable = np.flatnonzero(sparse.max(axis=0).toarray().ravel() >= MIN_COUNT)
    if listable.size == 0:
        return pd.DataFrame(columns=TERM_COLUMNS)
    vocabulary = vectorizer.get_feature_names_out()[listable]
    kept = sparse[:, listable].toarray()
    pooled = np.asarray(sparse.sum(axis=1)).ravel() - kept.sum(axis=1)
    matrix = np.column_stack([kept, pooled])
    z = log_odds_z(pd.DataFrame(matrix)).to_numpy()[:, :-1]
    matrix = kept
    rows, cols = np.nonzero((z >= min_z) & (matrix >= MIN_COUNT))
    totals = matrix.sum(axis=0)
    return pd.DataFrame({
        "outlet": [outlets[r] for r in rows], "term": vocabulary[cols], "kind": kind,
        "category": category, "z": z[rows, cols], "count": matrix[rows, cols].astype(int),
        "count_others": (totals[cols] - matrix[rows, cols]).astype(int)}, columns=TERM_COLUMNS)


def distinctive_terms(words: Mapping[str, Counter[str]], bigrams: Mapping[str, Counter[str]],
                      lexicon_terms: Mapping[str, Counter[tuple[str, str]]], *,
                      top: int | None = 30, min_z: float = MIN_Z) -> pd.DataFrame:
    """The terms each outlet uses more than the others: ``z >= min_z`` and at least
    ``MIN_COUNT`` uses, the ``top`` highest per outlet, kind and category (all when None).
    Needs two outlets or more; with one the frame is empty."""
    frames = [_scored(words, "word", min_z), _scored(bigrams, "bigram", min_z)]
    lexicons = sorted({c.split(".", 1)[0] for counter in lexicon_terms.values() for c, _ in counter})
    for lexicon in lexicons:
        # One vocabulary per lexicon, the term and its category joined by a separator no term
        # holds, so a term is weighed against the lexicon's other terms.
        per_outlet = {o: Counter({f"{t}{_SEP}{c}": n for (c, t), n in counter.items()
                                  if c.split(".", 1)[0] == lexicon})
                      for o, counter in lexicon_terms.items()}
        scored = _scored(per_outlet, "lexicon", min_z)
        if not scored.empty:
            split = scored["term"].str.split(_SEP, n=1, expand=True)
            scored["term"], scored["category"] = split[0], split[1]
        frames.append(scored)
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=TERM_COLUMNS)
    terms = pd.concat(frames, ignore_index=True)
    terms = terms.sort_values(["outlet", "kind", "category", "z", "term"],
                              ascending=[True, True, True, False, True], kind="stable")
    if top is not None:
        terms = terms.groupby(["outlet", "kind", "category"], sort=False).head(top)
    return terms.reset_index(drop=True)

