"""Distinctive vocabulary per outlet: words, two-word phrases and lexicon terms, each scored by
the log-odds ratio with an informative Dirichlet prior against all the other outlets.

Words and phrases are counted without stop words (a phrase is two adjacent content words in one
sentence), so "security forces" can stand out and "of the" cannot. Lexicon terms (the words as
written, with their category) are scored within their lexicon: "terrorists" is weighed against
"militants" and "insurgents", which asks the question a reader has (which label does this outlet
prefer?).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Mapping

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .logodds import z_scores
from .termcounts import TermCounts

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


def _cells(counts: Mapping[str, Counter[str] | TermCounts], outlets: list[str]
           ) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The listable terms (used at least ``MIN_COUNT`` times by some outlet), sorted, and the
    (outlet row, term column, count) cells of the outlets x listable terms matrix, with every
    outlet's total over all its terms."""
    if all(isinstance(c, TermCounts) for c in counts.values()):
        arrays = [counts[o].arrays() for o in outlets]  # type: ignore[union-attr]
        terms = counts[outlets[0]].vocabulary.terms  # type: ignore[union-attr]
        totals = np.array([c.sum() for _, c in arrays], dtype=float)
        numbers = np.unique(np.concatenate([n[c >= MIN_COUNT] for n, c in arrays]))
        vocabulary = sorted(terms[n] for n in numbers.tolist())
        column = {term: j for j, term in enumerate(vocabulary)}
        by_number = np.full(len(terms), -1, dtype=np.int64)
        by_number[numbers] = [column[terms[n]] for n in numbers.tolist()]
        rows, cols, values = [], [], []
        for i, (n, c) in enumerate(arrays):
            j = by_number[n]
            kept = j >= 0
            rows.append(np.full(int(kept.sum()), i))
            cols.append(j[kept])
            values.append(c[kept].astype(float))
        if not vocabulary:
            return [], *(np.zeros(0) for _ in range(3)), totals  # type: ignore[return-value]
        return (vocabulary, np.concatenate(rows), np.concatenate(cols), np.concatenate(values),
                totals)
    vocabulary = sorted({t for counter in counts.values() for t, n in counter.items()
                         if n >= MIN_COUNT})
    column = {term: j for j, term in enumerate(vocabulary)}
    row_list, col_list, value_list = array("i"), array("i"), array("d")
    for i, outlet in enumerate(outlets):
        for term, n in counts[outlet].items():
            j = column.get(term)
            if j is not None:
                row_list.append(i)
                col_list.append(j)
                value_list.append(n)
    totals = np.array([sum(counts[o].values()) for o in outlets], dtype=float)  # type: ignore[union-attr]
    return (vocabulary, np.frombuffer(row_list, np.int32), np.frombuffer(col_list, np.int32),
            np.frombuffer(value_list, np.float64), totals)


def _scored(counts: Mapping[str, Counter[str] | TermCounts], kind: str, min_z: float,
            category: str = "") -> pd.DataFrame:
    """The (outlet, term) cells with ``z >= min_z`` and at least ``MIN_COUNT`` uses."""
    outlets = list(counts)
    if len(outlets) < 2 or not any(counts.values()):
        return pd.DataFrame(columns=TERM_COLUMNS)
    # Most terms (nearly all two-word phrases) never reach MIN_COUNT in any outlet and cannot
    # be listed. They count only through the outlets' totals and the corpus size, so they are
    # left out of the matrix, and only the cells that can be listed are scored: every listed
    # z is what the full outlets x terms matrix gives, in memory proportional to those cells.
    vocabulary, rows, cols, values, totals = _cells(counts, outlets)
    if not vocabulary:
        return pd.DataFrame(columns=TERM_COLUMNS)
    matrix = sp.csr_matrix((values, (rows, cols)), shape=(len(outlets), len(vocabulary)))
    corpus = np.asarray(matrix.sum(axis=0)).ravel()
    cells = matrix.tocoo()
    listable = cells.data >= MIN_COUNT
    r, c, n = cells.row[listable], cells.col[listable], cells.data[listable]
    z = z_scores(n, corpus[c], totals[r], float(totals.sum()))
    keep = z >= min_z
    r, c, n, z = r[keep], c[keep], n[keep], z[keep]
    terms = np.array(vocabulary, dtype=object)
    return pd.DataFrame({
        "outlet": [outlets[i] for i in r], "term": terms[c], "kind": kind,
        "category": category, "z": z, "count": n.astype(int),
        "count_others": (corpus[c] - n).astype(int)}, columns=TERM_COLUMNS)


def distinctive_terms(words: Mapping[str, Counter[str] | TermCounts],
                      bigrams: Mapping[str, Counter[str] | TermCounts],
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

