"""How alike the documents are: TF-IDF cosine similarity of their content words, with copies
flagged.

A syndicated wire story run by two outlets, or an article loaded twice, would otherwise count as
two independent pieces of evidence about framing; the comparator flags them so the user can
decide (it never drops a document on its own). Exact copies have the same normalised text;
near copies have a cosine of at least ``NEAR_DUPLICATE`` (edited or re-headlined copies of one
story score 0.9 and above; two outlets' own articles on the same event rarely pass 0.6).

Similarity is computed from the digests' word counts, not the texts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

NEAR_DUPLICATE = 0.9
# Pairs listed in similarity.csv: every pair up to this many documents, then only each
# document's closest neighbours and near copies, and each exact copy with the first document of
# its text, so the table grows linearly.
ALL_PAIRS_UP_TO = 200
NEIGHBOURS = 5
COPIES_LISTED = 50

SIMILARITY_COLUMNS = ["doc_a", "outlet_a", "doc_b", "outlet_b", "cosine", "relation"]


def tfidf_matrix(words: Sequence[Counter[str]]):  # -> scipy.sparse.csr_matrix
    """Rows of L2-normalised TF-IDF weights (sublinear term frequency: a word repeated ten
    times is not ten times the evidence)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = DictVectorizer(dtype=float).fit_transform(words)
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts)


def similarity_matrix(words: Sequence[Counter[str]]) -> np.ndarray:
    """Cosine similarity of every pair of documents (dense: for a few thousand documents)."""
    if not words:
        return np.zeros((0, 0))
    matrix = tfidf_matrix(words)
    return np.asarray((matrix @ matrix.T).todense())


def _relation(cosine: float, same_text: bool) -> str:
    if same_text:
        return "exact copy"
    return "near copy" if cosine >= NEAR_DUPLICATE else ""


def similarity_pairs(ids: Sequence[str], outlets: Sequence[str], words: Sequence[Counter[str]],
                     fingerprints: Sequence[str]) -> pd.DataFrame:
    """Document pairs with their cosine and any copy relation, most similar first."""
    n = len(ids)
    if n < 2:
        return pd.DataFrame(columns=SIMILARITY_COLUMNS)
    matrix = tfidf_matrix(words)
    pairs: set[tuple[int, int]] = set()
    cosines: dict[tuple[int, int], float] = {}
    # Row blocks keep memory linear in the corpus: only one block of the matrix is dense.
    block = max(1, 2_000_000 // n)
    for first in range(0, n, block):
        rows = np.asarray((matrix[first:first + block] @ matrix.T).todense())
        for offset, row in enumerate(rows):
            i = first + offset
            row[i] = -1.0
            wanted: Iterable[int]
            if n <= ALL_PAIRS_UP_TO:
                wanted = range(n)
            else:
                # The closest few, and the near copies among the closest COPIES_LISTED: bounded
                # per document, however many copies of one story there are.
                closest = np.argsort(-row, kind="stable")[:COPIES_LISTED]
                wanted = sorted({*closest[:NEIGHBOURS].tolist(),
                                 *(j for j in closest.tolist() if row[j] >= NEAR_DUPLICATE)})
            for j in wanted:
                if j == i:
                    continue
                key = (min(i, j), max(i, j))
                pairs.add(key)
                cosines[key] = float(min(1.0, max(0.0, row[j])))
    # Exact copies are found by hash, whatever their words' weights.
    by_text: dict[str, list[int]] = {}
    for i, fingerprint in enumerate(fingerprints):
        by_text.setdefault(fingerprint, []).append(i)
    # Each copy is paired with the first document of its text (a star, not every pair), so a
    # thousand copies of one wire story add a thousand rows, not half a million.
    for group in by_text.values():
        for other in group[1:]:
            key = (group[0], other)
            if key not in pairs:
                pairs.add(key)
                cosines[key] = 1.0
    rows_out = [{"doc_a": ids[a], "outlet_a": outlets[a], "doc_b": ids[b], "outlet_b": outlets[b],
                 "cosine": round(cosines[(a, b)], 6),
                 "relation": _relation(cosines[(a, b)], fingerprints[a] == fingerprints[b])}
                for a, b in pairs]
    frame = pd.DataFrame(rows_out, columns=SIMILARITY_COLUMNS)
    return frame.sort_values(["cosine", "doc_a", "doc_b"], ascending=[False, True, True],
                             kind="stable").reset_index(drop=True)
