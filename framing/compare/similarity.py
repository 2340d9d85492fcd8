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

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

NEAR_DUPLICATE = 0.9
# Pairs listed in similarity.csv: every pair up to this many documents, then only each
# document's closest neighbours and near copies, and each exact copy with the first document of
# its text, so the table grows linearly.
ALL_PAIRS_UP_TO = 200
NEIGHBOURS = 5
COPIES_LISTED = 50
# Up to this many documents every document is compared with every other (in blocks, so memory
# stays linear, but time is quadratic: about 3 s at 5,000, 13 s at 10,000, 57 s at 20,000).
# Beyond it, near copies are found by MinHash locality-sensitive hashing of the documents' word
# sets, each candidate pair checked with the same TF-IDF cosine, and closest neighbours are no
# longer listed.
EXACT_UP_TO = 5_000
# 20 bands of 5 hashes: word sets with a Jaccard similarity of 0.6 become candidates with
# probability 0.80, of 0.7 with 0.975, of 0.8 with 0.9996 (1 - (1 - J^5)^20); a near copy
# (cosine >= 0.9) shares well over 0.7 of its distinct words.
_BANDS, _ROWS = 20, 5
_PRIME = (1 << 31) - 1
_BUCKET_ALL_PAIRS = 50  # larger buckets pair each member with the first only

SIMILARITY_COLUMNS = ["doc_a", "outlet_a", "doc_b", "outlet_b", "cosine", "relation"]


class WordBags:
    """Documents' word counts, kept compactly: a shared vocabulary numbers each word once, and
    each document adds (word number, count) pairs to two flat arrays. That is 6 bytes per
    distinct word of a document instead of about 100 for a Counter of strings, which is what
    lets a hundred thousand documents be compared in bounded memory."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self._words = array("I")
        self._counts = array("H")  # a word's count in one document, capped at 65,535
        self._ends = array("q")

    def add(self, words: Counter[str]) -> None:
        number = self.vocabulary.setdefault
        self._words.extend(number(word, len(self.vocabulary)) for word in words)
        self._counts.extend(min(n, 65_535) for n in words.values())
        self._ends.append(len(self._words))

    def __len__(self) -> int:
        return len(self._ends)

    def count_matrix(self) -> sp.csr_matrix:
        """Documents x words; the columns in alphabetical order of the words, as
        ``sklearn.feature_extraction.DictVectorizer`` orders them, so weights and cosines come
        out the same as from the Counters."""
        words = list(self.vocabulary)  # in order of their numbers
        alphabetical = sorted(range(len(words)), key=words.__getitem__)
        column = np.empty(len(words), dtype=np.int32)
        column[alphabetical] = np.arange(len(words), dtype=np.int32)
        indptr = np.concatenate([[0], np.frombuffer(self._ends, dtype=np.int64)])
        columns = column[np.frombuffer(self._words, dtype=np.uint32)]
        matrix = sp.csr_matrix((np.frombuffer(self._counts, dtype=np.uint16).astype(float),
                                columns, indptr), shape=(len(self), len(self.vocabulary)))
        matrix.sort_indices()
        return matrix

    def words_of(self, i: int) -> np.ndarray:
        """Document ``i``'s word numbers."""
        start = self._ends[i - 1] if i else 0
        return np.frombuffer(self._words, dtype=np.uint32)[start:self._ends[i]]

    def tfidf_rows(self) -> Callable[[int], tuple[np.ndarray, np.ndarray]]:
        """A function giving document ``i``'s TF-IDF row (word numbers sorted, L2-normalised
        weights) as ``tfidf_matrix`` weighs it, one row at a time, without the whole matrix."""
        numbers = np.frombuffer(self._words, dtype=np.uint32)
        counts = np.frombuffer(self._counts, dtype=np.uint16)
        frequency = np.bincount(numbers, minlength=len(self.vocabulary))
        # sklearn's smoothed idf and sublinear tf (TfidfTransformer(sublinear_tf=True)).
        idf = np.log((1 + len(self)) / (1 + frequency)) + 1

        def row(i: int) -> tuple[np.ndarray, np.ndarray]:
            start, end = (self._ends[i - 1] if i else 0), self._ends[i]
            order = np.argsort(numbers[start:end])
            words = numbers[start:end][order]
            weights = (1 + np.log(counts[start:end][order].astype(float))) * idf[words]
            norm = np.linalg.norm(weights)
            return words, weights / norm if norm else weights

        return row


def tfidf_matrix(words: Sequence[Counter[str]] | WordBags) -> sp.csr_matrix:
    """Rows of L2-normalised TF-IDF weights (sublinear term frequency: a word repeated ten
    times is not ten times the evidence)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = (words.count_matrix() if isinstance(words, WordBags)
              else DictVectorizer(dtype=float).fit_transform(words))
    if counts.shape[1] == 0:  # no document has a content word: nothing is alike
        return sp.csr_matrix(counts.shape)
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


def similarity_pairs(ids: Sequence[str], outlets: Sequence[str],
                     words: Sequence[Counter[str]] | WordBags,
                     fingerprints: Sequence[str]) -> pd.DataFrame:
    """Document pairs with their cosine and any copy relation, most similar first: every pair
    up to ``ALL_PAIRS_UP_TO`` documents, each document's closest neighbours and near copies up
    to ``EXACT_UP_TO``, then near copies only; exact copies always."""
    n = len(ids)
    if n < 2:
        return pd.DataFrame(columns=SIMILARITY_COLUMNS)
    cosines = _compared_pairs(words, n) if n <= EXACT_UP_TO else _near_copy_pairs(
        words if isinstance(words, WordBags) else _bags(words))
    pairs = set(cosines)
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


def _bags(words: Sequence[Counter[str]]) -> WordBags:
    bags = WordBags()
    for counter in words:
        bags.add(counter)
    return bags


def _compared_pairs(words: Sequence[Counter[str]] | WordBags,
                    n: int) -> dict[tuple[int, int], float]:
    """Every pair (``n <= ALL_PAIRS_UP_TO``), else each document's closest few and near copies,
    from the full similarity of every document with every other."""
    matrix = tfidf_matrix(words)
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
                if j != i:
                    cosines[(min(i, j), max(i, j))] = float(min(1.0, max(0.0, row[j])))
    return cosines


def _near_copy_pairs(bags: WordBags) -> dict[tuple[int, int], float]:
    """Pairs with a cosine of at least ``NEAR_DUPLICATE``, found without comparing every pair:
    documents whose MinHash signatures agree on a whole band are candidates, and each candidate
    pair is kept if its TF-IDF cosine (computed as ``tfidf_matrix`` would) passes."""
    n = len(bags)
    hashes = _BANDS * _ROWS
    rng = np.random.default_rng(20261121)
    a = rng.integers(1, _PRIME, size=hashes, dtype=np.uint64)
    b = rng.integers(0, _PRIME, size=hashes, dtype=np.uint64)
    signatures = np.full((n, hashes), _PRIME, dtype=np.uint64)
    for i in range(n):
        numbers = bags.words_of(i).astype(np.uint64)
        if numbers.size:  # x < 2^32 and a < 2^31: the products fit in 64 bits
            signatures[i] = ((np.outer(numbers, a) + b) % _PRIME).min(axis=0)
    has_words = signatures[:, 0] < _PRIME
    candidates: set[tuple[int, int]] = set()
    mix = rng.integers(1, 1 << 63, size=_ROWS, dtype=np.uint64)
    for band in range(_BANDS):
        keys = signatures[:, band * _ROWS:(band + 1) * _ROWS] @ mix  # wraps around: a hash
        order = np.flatnonzero(has_words)[np.argsort(keys[has_words], kind="stable")]
        runs = np.flatnonzero(np.diff(keys[order]) != 0) + 1
        for members in np.split(order, runs):
            if len(members) < 2:
                continue
            members = np.sort(members)
            if len(members) <= _BUCKET_ALL_PAIRS:
                candidates.update((int(x), int(y)) for k, x in enumerate(members)
                                  for y in members[k + 1:])
            else:
                candidates.update((int(members[0]), int(y)) for y in members[1:])
    row = bags.tfidf_rows()
    cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    cosines: dict[tuple[int, int], float] = {}
    for i, j in sorted(candidates):
        wi = cache[i] if i in cache else cache.setdefault(i, row(i))
        wj = cache[j] if j in cache else cache.setdefault(j, row(j))
        _, x, y = np.intersect1d(wi[0], wj[0], assume_unique=True, return_indices=True)
        cosine = float(np.dot(wi[1][x], wj[1][y]))
        if cosine >= NEAR_DUPLICATE:
            cosines[(i, j)] = min(1.0, cosine)
        # Bounded (10,000 rows of a few kB): candidates come in order of their first document.
        if len(cache) > 10_000:
            cache.clear()
    return cosines
