"""``LexiconVectorizer``: lexicon category counts as a scikit-learn transformer, for pipelines.

Unlike ``CountVectorizer(vocabulary=...)`` it understands phrases, hyphen variants, wildcards
(``attack*``), exclusions and category roll-up, because it uses the project's matcher.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from framing.lexicon.model import Lexicon
from framing.lexicon.registry import LexiconSet, load_lexicons
from framing.text.segment import segment


class LexiconVectorizer(TransformerMixin, BaseEstimator):
    """Turn texts into counts (or rates per 1,000 tokens) per ``<lexicon>.<category>``.

    Parameters
    ----------
    lexicons : None, LexiconSet, or a sequence of ``Lexicon`` objects and lexicon paths
        ``None`` uses ``load_lexicons()`` (built-in, ./lexicons, $FRAMING_LEXICONS).
    per_1k : bool
        Rates per 1,000 word tokens instead of counts.
    """

    def __init__(self, lexicons: LexiconSet | Sequence[Lexicon | str | Path] | None = None, *,
                 per_1k: bool = False) -> None:
        self.lexicons = lexicons
        self.per_1k = per_1k

    def fit(self, X: Iterable[str] | None = None, y: object = None) -> LexiconVectorizer:
        """Resolve the lexicons; the texts are not needed (lexicons are not learned)."""
        self.lexicon_set_ = _resolve(self.lexicons)
        self.feature_names_ = np.asarray(self.lexicon_set_.columns, dtype=object)
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        check_is_fitted(self, "lexicon_set_")
        if isinstance(X, str):
            raise ValueError("LexiconVectorizer expects an iterable of texts, not one string")
        columns = {name: i for i, name in enumerate(self.feature_names_)}
        matcher = self.lexicon_set_.matcher
        rows = []
        for number, text in enumerate(X):
            if not isinstance(text, str):
                raise ValueError(f"text {number} is {type(text).__name__}, not a string")
            row = np.zeros(len(columns), dtype=float if self.per_1k else np.int64)
            # Sentence by sentence, as framing analyze counts (no match across a sentence end).
            sentences = segment(text)
            matches = [m for s in sentences for m in matcher.find(text, s.start, s.end)]
            for column, count in self.lexicon_set_.count(matches).items():
                row[columns[column]] = count
            if self.per_1k:
                tokens = sum(len(s.tokens) for s in sentences)
                row = row * 1000 / tokens if tokens else row
            rows.append(row)
        return np.vstack(rows) if rows else np.zeros((0, len(columns)))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "lexicon_set_")
        return self.feature_names_


def _resolve(lexicons: LexiconSet | Sequence[Lexicon | str | Path] | None) -> LexiconSet:
    if lexicons is None:
        return load_lexicons()
    if isinstance(lexicons, LexiconSet):
        return lexicons
    result = LexiconSet()
    for item in lexicons:  # in the order given, a later one replacing an earlier namesake
        for lexicon in ([item] if isinstance(item, Lexicon)
                        else load_lexicons([item], builtin=False, discover=False)):
            result.lexicons.pop(lexicon.name, None)
            result.lexicons[lexicon.name] = lexicon
    return result
