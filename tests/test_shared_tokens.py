"""The analysis tokenises each sentence once and hands the words to every stage that reads them
(``Matcher.words`` -> ``Matcher.find(tokens=)``, ``find_prescriptions(tokens=)``,
``sentence_features(words=)``). These paths must give exactly what each stage finds on its own,
on real seed sentences and on arbitrary spans of them (which may cut words in two)."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from framing.features import sentence_features
from framing.lexicon.model import WORD, normalise_word
from framing.lexicon.registry import LexiconSet, load_lexicons
from framing.prescriptions import find_prescriptions
from framing.text.clean import clean_text
from framing.text.segment import segment
from tests.conftest import SEEDS


@cache
def _lexicons() -> LexiconSet:
    return load_lexicons(discover=False)


@cache
def _seed_texts() -> tuple[str, ...]:
    return tuple(clean_text(p.read_text(encoding="utf-8")).text
                 for p in sorted(SEEDS.glob("*.txt")))


def _sentence_spans() -> list[tuple[int, int, int]]:
    return [(n, s.start, s.end) for n, text in enumerate(_seed_texts()) for s in segment(text)]


# A seed text and a span of it: a sentence, or any window (possibly cutting words).
_spans = st.one_of(
    st.sampled_from(_sentence_spans()),
    st.integers(0, len(_seed_texts()) - 1).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, len(_seed_texts()[n])),
                            st.integers(0, 600)).map(lambda t: (t[0], t[1], t[1] + t[2]))),
)


def test_words_are_the_word_pattern_normalised() -> None:
    text = "Pakistan’s army said it's time: counter-terrorism ops don't end."
    assert _lexicons().matcher.words(text) == [
        (m.start(), m.end(), normalise_word(m.group())) for m in WORD.finditer(text)]
    assert _lexicons().matcher.words(text, 4, 20) == [
        (m.start(), m.end(), normalise_word(m.group())) for m in WORD.finditer(text, 4, 20)]


def test_every_seed_sentence_matches_the_same_with_precomputed_words() -> None:
    matcher = _lexicons().matcher
    for n, start, end in _sentence_spans():
        text = _seed_texts()[n]
        words = matcher.words(text, start, end)
        assert matcher.find(text, start, end, tokens=words) == matcher.find(text, start, end)


@settings(max_examples=200, deadline=None)
@given(_spans)
def test_precomputed_words_change_no_stage(span: tuple[int, int, int]) -> None:
    n, start, end = span
    text = _seed_texts()[n]
    end = min(end, len(text))
    lexicons = _lexicons()
    matcher = lexicons.matcher
    words = matcher.words(text, start, end)
    matches = matcher.find(text, start, end)
    assert matcher.find(text, start, end, tokens=words) == matches
    features = sentence_features(text, matches, lexicons, start=start, end=end)
    assert sentence_features(text, matches, lexicons, start=start, end=end,
                             words=words) == features
    assert find_prescriptions(text, start, end, features.evidence, tokens=words) == \
        find_prescriptions(text, start, end, features.evidence)


# Words with inner apostrophes, marks and digits, cut anywhere: the cases where a span's words
# are not simply a slice of the sentence's.
_wordy = st.text(alphabet=st.sampled_from(list("ab9'’ -,.\u0301é_")), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_wordy, st.data())
def test_sentence_words_between_is_the_pattern_on_the_span(text: str, data: st.DataObject) -> None:
    from framing.attribution import _Words

    low = data.draw(st.integers(0, len(text)))
    high = data.draw(st.integers(low, len(text)))
    words = _Words(text, low, high)
    start = data.draw(st.integers(max(0, low - 3), len(text)))
    end = data.draw(st.integers(max(0, start - 2), len(text) + 2))
    assert words.between(start, end) == [
        (m.start(), m.end(), normalise_word(m.group())) for m in WORD.finditer(text, start, end)]


@settings(max_examples=200, deadline=None)
@given(_spans)
def test_attributions_are_the_same_with_precomputed_words(span: tuple[int, int, int]) -> None:
    from framing.attribution import find_attributions

    n, start, end = span
    text = _seed_texts()[n]
    end = min(end, len(text))
    lexicons = _lexicons()
    matches = lexicons.matcher.find(text, start, end)
    assert find_attributions(text, start, end, matches, lexicons,
                             tokens=lexicons.matcher.words(text, start, end)) == \
        find_attributions(text, start, end, matches, lexicons)
