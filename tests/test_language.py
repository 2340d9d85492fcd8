"""The English check: the share of function words, counted in batches."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from framing.text.language import (
    _ENGLISH_FUNCTION_WORDS,
    MIN_WORDS,
    english_share,
    language_warning,
)

_words = st.lists(st.sampled_from(["The", "of", "AND", "Kech", "troops", "ſaid", "İt", "und", "é"]),
                  max_size=20_000)


@given(_words)
def test_share_counts_every_word_once(words: list[str]) -> None:
    hits = sum(w.casefold() in _ENGLISH_FUNCTION_WORDS for w in words)
    assert english_share(iter(words)) == ((hits / len(words) if words else 0.0), len(words))


def test_warning_only_for_long_non_english_text() -> None:
    assert language_warning(["der", "Soldat"] * MIN_WORDS) is not None
    assert language_warning(["the", "soldier"] * MIN_WORDS) is None
    assert language_warning(["der"] * (MIN_WORDS - 1)) is None
