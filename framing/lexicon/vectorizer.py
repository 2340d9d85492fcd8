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
from framing.text.segment import TOKEN


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
        rows = []
        for text in X:
            row = np.zeros(len(columns), dtype=float if self.per_1k else np.int64)
            counts = self.lexicon_set_.count(self.lexicon_set_.matcher.find(text))
            for column, count in counts.items():
                row[columns[column]] = count
            if self.per_1k:
                tokens = sum(1 for _ in TOKEN.finditer(text))
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
    objects = [x for x in lexicons if isinstance(x, Lexicon)]
    paths = [x for x in lexicons if not isinstance(x, Lexicon)]
    loaded = load_lexicons(paths, builtin=False, discover=False) if paths else LexiconSet()
    result = LexiconSet(lexicons={x.name: x for x in objects})
    result.lexicons.update(loaded.lexicons)
    return result
