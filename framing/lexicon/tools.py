"""Tools for lexicon authors: mark matches in a text, measure a lexicon's coverage of a corpus,
and suggest new terms for a category from the corpus itself (offline, no models)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from framing.lexicon.matcher import Match
from framing.lexicon.model import WORD, normalise_word
from framing.lexicon.registry import LexiconSet
from framing.pipeline import AnalyzedDocument

# Words shorter than this, numbers and stop words are never reported as content words.
_MIN_WORD = 3


def _content_word(word: str) -> bool:
    return len(word) >= _MIN_WORD and word.isalpha() and word not in ENGLISH_STOP_WORDS


def mark_matches(text: str, matches: Sequence[Match]) -> str:
    """``text`` with each matched span bracketed and labelled:
    ``Troops [raided]{conflict.kinetic_operations: raid*} ...``. Matches of several categories on
    one span share a bracket; overlapping spans of different lexicons nest left to right."""
    by_span: dict[tuple[int, int], list[Match]] = defaultdict(list)
    for match in matches:
        by_span[(match.start, match.end)].append(match)
    pieces, position = [], 0
    for (start, end), group in sorted(by_span.items()):
        if start < position:  # overlaps the previous bracket (another lexicon): label only
            pieces.append("{" + _labels(group) + "}")
            continue
        pieces += [text[position:start], "[", text[start:end], "]{", _labels(group), "}"]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _labels(group: list[Match]) -> str:
    return "; ".join(f"{m.lexicon}.{m.category}: {m.term}" for m in group)


@dataclass(frozen=True, slots=True)
class CategoryCoverage:
    column: str  # <lexicon>.<category>
    matches: int  # rolled up: sub-categories count for their parents
    sentences: int  # sentences with at least one match
    share: float  # of all sentences
    top_terms: list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Coverage:
    documents: int
    sentences: int
    categories: list[CategoryCoverage]
    unmatched_words: list[tuple[str, int]] = field(default_factory=list)


def coverage(documents: Iterable[AnalyzedDocument], lexicons: LexiconSet, *,
             top: int = 10) -> Coverage:
    """How much of a corpus each category reaches, and frequent words no category reaches."""
    matches: Counter[str] = Counter()
    sentences_hit: Counter[str] = Counter()
    terms: dict[str, Counter[str]] = defaultdict(Counter)
    unmatched: Counter[str] = Counter()
    n_documents = n_sentences = 0
    for doc in documents:
        n_documents += 1
        n_sentences += len(doc.sentences)
        matches.update(doc.counts)
        for sentence_matches in doc.matches_by_sentence():
            reached: set[str] = set()
            for match in sentence_matches:
                for column in lexicons.lineage_columns(match):
                    reached.add(column)
                    terms[column][match.term] += 1
            sentences_hit.update(reached)
        covered = _covered_offsets(doc.matches)
        for found in WORD.finditer(doc.text):
            if found.start() not in covered:
                normalised = normalise_word(found.group())
                if _content_word(normalised):
                    unmatched[normalised] += 1
    categories = [
        CategoryCoverage(column=column, matches=matches[column], sentences=sentences_hit[column],
                         share=sentences_hit[column] / n_sentences if n_sentences else 0.0,
                         top_terms=terms[column].most_common(top))
        for column in lexicons.columns
    ]
    return Coverage(n_documents, n_sentences, categories, unmatched.most_common(top * 3))


def _covered_offsets(matches: Iterable[Match]) -> set[int]:
    return {offset for m in matches for offset in range(m.start, m.end)}


@dataclass(frozen=True, slots=True)
class Suggestion:
    word: str
    in_category: int  # sentences the category reaches that contain the word
    elsewhere: int  # other sentences that contain it
    z: float  # log-odds z-score of in-category versus elsewhere
    examples: list[str]


def suggest(documents: Iterable[AnalyzedDocument], lexicons: LexiconSet, category: str, *,
            top: int = 20, min_count: int = 2, context: int = 60) -> list[Suggestion]:
    """Candidate terms for ``category`` (``lexicon.category`` or an unambiguous ``category``):
    words over-represented in the sentences the category already reaches, ranked by the z-score
    of the smoothed log-odds ratio (in those sentences versus all others), with two examples.
    Words already matched by the category are left out."""
    lexicon_name, category_name = lexicons.resolve_category(category)
    in_sentences: Counter[str] = Counter()
    out_sentences: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    known: set[str] = set()
    n_in = n_out = 0
    for doc in documents:
        for sentence, sentence_matches in zip(doc.sentences, doc.matches_by_sentence(), strict=True):
            hits = [m for m in sentence_matches
                    if lexicons.covers(m, lexicon_name, category_name)]
            covered = _covered_offsets(hits)
            words: dict[str, int] = {}  # word -> offset of its first occurrence
            for found in WORD.finditer(doc.text, sentence.start, sentence.end):
                normalised = normalise_word(found.group())
                if found.start() in covered:
                    known.add(normalised)
                elif _content_word(normalised):
                    words.setdefault(normalised, found.start())
            if hits:
                n_in += 1
                in_sentences.update(words.keys())  # keys: the values are offsets
                for word, offset in words.items():
                    if len(examples[word]) < 2:
                        examples[word].append(_snippet(doc.text, offset, sentence.start,
                                                       sentence.end, context))
            else:
                n_out += 1
                out_sentences.update(words.keys())
    scored = []
    for word, a in in_sentences.items():
        if a < min_count or word in known:
            continue
        b = out_sentences[word]
        # Haldane-Anscombe smoothing keeps empty cells finite.
        a_, c_, b_, d_ = a + 0.5, n_in - a + 0.5, b + 0.5, n_out - b + 0.5
        log_odds = math.log(a_ / c_) - math.log(b_ / d_)
        z = log_odds / math.sqrt(1 / a_ + 1 / c_ + 1 / b_ + 1 / d_)
        scored.append(Suggestion(word, a, b, round(z, 2), examples[word]))
    scored.sort(key=lambda s: (-s.z, s.word))
    return scored[:top]


def _snippet(text: str, offset: int, low: int, high: int, width: int) -> str:
    start, end = max(low, offset - width), min(high, offset + width)
    return ("…" if start > low else "") + text[start:end] + ("…" if end < high else "")
