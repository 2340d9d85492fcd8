"""An outlet's word or phrase counts in bounded memory.

A ``Counter`` of strings costs about 100 bytes per distinct term, and each outlet holds its own:
over a large corpus the outlets' two-word phrases alone reach millions of entries (every outlet
ends up using most of the corpus's phrases), gigabytes as Counters. Here the terms are numbered
once in a vocabulary shared by every outlet, and each outlet keeps sorted numpy arrays of
(term number, count), 8 bytes per entry, merging the counts of new documents in batches.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator

import numpy as np


class Vocabulary:
    """Terms numbered in order of first use, shared by the outlets' ``TermCounts``."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.terms: list[str] = []

    def number(self, term: str) -> int:
        found = self.numbers.get(term)
        if found is None:
            found = self.numbers[term] = len(self.terms)
            self.terms.append(term)
        return found


# New counts wait in a flat buffer until there are this many, or half as many as the merged
# counts hold, then are merged: one sort per batch instead of a dictionary entry per term, and a
# buffer small enough that hundreds of outlets' buffers stay a few megabytes.
_MIN_BATCH = 8_192


class TermCounts:
    """One outlet's counts of terms from a shared ``Vocabulary``."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        # int32: fewer than 2^31 distinct terms, and no term used 2^31 times by one outlet
        self._numbers = np.zeros(0, dtype=np.int32)  # sorted, distinct
        self._counts = np.zeros(0, dtype=np.int32)
        self._new_numbers = array("i")
        self._new_counts = array("i")

    def update(self, counts: Counter[str]) -> None:
        number = self.vocabulary.number
        self._new_numbers.extend(number(term) for term in counts)
        self._new_counts.extend(counts.values())
        if len(self._new_numbers) >= max(_MIN_BATCH, len(self._numbers) // 2):
            self._merge()

    def _merge(self) -> None:
        if not self._new_numbers:
            return
        numbers = np.concatenate([self._numbers, np.frombuffer(self._new_numbers, np.int32)])
        counts = np.concatenate([self._counts, np.frombuffer(self._new_counts, np.int32)])
        self._numbers, where = np.unique(numbers, return_inverse=True)
        # Float sums are exact below 2^53, far beyond any count of words.
        self._counts = np.bincount(where, weights=counts,
                                   minlength=len(self._numbers)).astype(np.int32)
        self._new_numbers, self._new_counts = array("i"), array("i")

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(term numbers, counts), sorted by number, every count merged."""
        self._merge()
        return self._numbers, self._counts

    def __len__(self) -> int:
        return len(self.arrays()[0])

    def __bool__(self) -> bool:
        return bool(self._new_numbers) or len(self._numbers) > 0

    def items(self) -> Iterator[tuple[str, int]]:
        terms = self.vocabulary.terms
        numbers, counts = self.arrays()
        return ((terms[n], int(c)) for n, c in zip(numbers.tolist(), counts.tolist(),
                                                   strict=True))

    def counter(self) -> Counter[str]:
        """The counts as a Counter (for a few terms, or tests)."""
        return Counter(dict(self.items()))

    def __getitem__(self, term: str) -> int:
        number = self.vocabulary.numbers.get(term)
        if number is None:
            return 0
        numbers, counts = self.arrays()
        at = int(np.searchsorted(numbers, number))
        return int(counts[at]) if at < len(numbers) and numbers[at] == number else 0
