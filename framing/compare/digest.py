"""What the comparator keeps of an analysed document: counts, a few example sentences and the
sentences alignment needs, never the whole analysis, so a corpus is compared from merged counts.

``digest(document)`` is pure: the same document gives the same digest wherever it sits in a
corpus.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from framing.attribution import SOURCE_TYPES
from framing.features import SentenceFeatures
from framing.model import Evidence
from framing.pipeline import AnalyzedDocument

from .align import FactSentence, fact_sentences
from .metrics import RATE_FEATURES, unit_rows

# Sentences kept per example key and document; outlets keep as many, preferring distinct
# documents, so a contrast can show two or three sentences per side.
EXAMPLES_PER_KEY = 3

_AUTHOR_KEYS = ("author.kinetic", "author.political", "author.booster", "author.hedge")
# "attribution.without.T": attributed sentences with no attribution to T, the low side's
# evidence for a share of T (a sentence citing T next to another source shows the opposite).
EXAMPLE_KEYS = (*RATE_FEATURES, *_AUTHOR_KEYS, "unattributed",
                *(f"source.{t}" for t in SOURCE_TYPES),
                *(f"attribution.without.{t}" for t in SOURCE_TYPES))

_STOP = frozenset(ENGLISH_STOP_WORDS) | {"s", "t", "said", "says", "mr", "ms"}
_LETTER = re.compile(r"[^\W\d_]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence shown in an example: offsets into the sentence text."""

    start: int
    end: int
    feature: str
    cue: str


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence that shows a feature, with the evidence of it. ``score`` is how much of the
    feature it holds; examples are ranked by it."""

    doc: str
    sentence: int
    text: str
    score: int
    cues: tuple[Cue, ...]
    source_type: str | None = None

    @property
    def sort_key(self) -> tuple[int, str, int]:
        return (-self.score, self.doc, self.sentence)


@dataclass(slots=True)
class DocumentDigest:
    """The counts and examples of one document that the comparator merges by outlet."""

    id: str
    outlet: str
    title: str | None
    source: str
    sentences: int
    tokens: int
    units: np.ndarray  # one row per sentence, ``metrics.UNIT_COLUMNS``
    words: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[str] = field(default_factory=Counter)
    lexicon_terms: Counter[tuple[str, str]] = field(default_factory=Counter)  # (category, term)
    attributions: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # type, stance, speech
    named_sources: Counter[tuple[str, str]] = field(default_factory=Counter)  # (name, type)
    labels: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # feature, category, term
    remedies: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[Example]] = field(default_factory=dict)
    fingerprint: str = ""  # hash of the normalised cleaned text, for exact copies
    facts: list[FactSentence] = field(default_factory=list)  # what alignment needs
    warnings: tuple[str, ...] = ()  # the analysis's (the text does not look English ...)

    @property
    def totals(self) -> np.ndarray:
        return self.units.sum(axis=0)


def words_of(text: str, tokens: Sequence[tuple[int, int]]) -> list[str]:
    """Lower-cased word tokens (curly apostrophes straightened), in order; tokens without a
    letter are ``""`` so bigrams never join words across a number or punctuation."""
    words = []
    for a, b in tokens:
        word = text[a:b].lower().translate(_APOSTROPHES)
        words.append(word if _LETTER.search(word) else "")
    return words


def _content(word: str) -> bool:
    return bool(word) and word not in _STOP and len(word) > 1


def _category(detail: str) -> str:
    """``"actors.label_terrorist; rule"`` -> ``"actors.label_terrorist"``."""
    return detail.split(";", 1)[0].strip()


def _source_name(text: str) -> str:
    """A named source as people would list it: whitespace collapsed, a leading article and
    trailing punctuation dropped ("the Inter-Services Public Relations," -> "Inter-Services
    Public Relations")."""
    name = " ".join(text.split()).strip(" ,;:.\"'\u201c\u201d\u2018\u2019")
    return re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)


def _example_scores(features: SentenceFeatures) -> Iterator[tuple[str, int, tuple[Evidence, ...]]]:
    """(key, score, evidence shown) for each example key this sentence can illustrate."""
    by_feature: dict[str, list[Evidence]] = {}
    for e in features.evidence:
        by_feature.setdefault(e.feature, []).append(e)
        if e.voice == "author" and e.feature in ("kinetic", "political", "booster", "hedge"):
            by_feature.setdefault("author." + e.feature, []).append(e)
    for key in (*RATE_FEATURES, *_AUTHOR_KEYS):
        if key == "attribution" and features.attributions:
            shown = tuple(e for e in features.evidence if e.feature in ("attribution", "source"))
            yield key, len(features.attributions), shown
        elif key != "attribution" and key in by_feature:
            yield key, len(by_feature[key]), tuple(by_feature[key])
    if not features.attributions:
        framing = tuple(e for e in features.evidence
                        if e.feature in ("kinetic", "political", "booster", "hedge"))
        if framing:
            yield "unattributed", len(framing), framing
    types = Counter(a.source_type for a in features.attributions)
    shown = tuple(e for e in features.evidence if e.feature in ("attribution", "source"))
    for source_type, n in types.items():
        yield f"source.{source_type}", n, shown
    if features.attributions:
        for source_type in SOURCE_TYPES:
            if source_type not in types:
                yield f"attribution.without.{source_type}", len(features.attributions), shown


def digest(document: AnalyzedDocument) -> DocumentDigest:
    """The comparator's summary of one analysed document."""
    doc, text = document.document, document.text
    features = document.features or tuple(SentenceFeatures(()) for _ in document.sentences)
    units = unit_rows(features, [len(s.tokens) for s in document.sentences])
    result = DocumentDigest(
        id=doc.id, outlet=doc.outlet, title=doc.title, source=str(doc.source),
        sentences=len(document.sentences), tokens=document.token_count, units=units,
        fingerprint=hashlib.sha1(" ".join(text.lower().split()).encode()).hexdigest(),
        facts=fact_sentences(document), warnings=document.warnings)
    candidates: dict[str, list[Example]] = {}
    for sentence, found in zip(document.sentences, features, strict=True):
        words = words_of(text, sentence.tokens)
        result.words.update(w for w in words if _content(w))
        result.bigrams.update(f"{a} {b}" for a, b in itertools.pairwise(words)
                              if _content(a) and _content(b))
        for a in found.attributions:
            result.attributions[(a.source_type, a.stance, a.speech)] += 1
            if not a.vague and a.source.strip():
                result.named_sources[(_source_name(a.source), a.source_type)] += 1
        for e in found.evidence:
            if e.feature in ("label", "killing"):
                term = " ".join(text[e.start:e.end].lower().split())
                result.labels[(e.feature, _category(e.detail), term)] += 1
            elif e.feature == "prescription":
                result.remedies[e.detail.removeprefix("remedy: ")] += 1
        for key, score, shown in _example_scores(found):
            cues = tuple(Cue(e.start - sentence.start, e.end - sentence.start, e.feature, e.cue)
                         for e in sorted(shown, key=lambda e: (e.start, e.end, e.feature)))
            candidates.setdefault(key, []).append(Example(
                doc.id, sentence.index, sentence.text, score, cues, found.source_type))
    for key, examples in candidates.items():
        result.examples[key] = sorted(examples, key=lambda x: x.sort_key)[:EXAMPLES_PER_KEY]
    for m in document.matches:
        term = " ".join(text[m.start:m.end].lower().translate(_APOSTROPHES).split())
        result.lexicon_terms[(f"{m.lexicon}.{m.category}", term)] += 1
    return result


@dataclass(frozen=True, slots=True)
class Digested:
    """An analysed document with its digest, for commands that keep some documents whole (the
    report's reading views) and merge every digest: ``with_digest`` makes it in the worker."""

    document: AnalyzedDocument
    digest: DocumentDigest


def with_digest(document: AnalyzedDocument) -> Digested:
    return Digested(document, digest(document))
