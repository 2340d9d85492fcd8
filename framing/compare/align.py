"""Same fact, different words: sentences from different outlets that report the same fact,
grouped, each with its framing evidence, ranked by how differently the group is framed.

Three steps, each cheap enough for a large corpus:

1. ``fact_sentences`` reduces an analysed document to what alignment needs of each sentence
   (``FactSentence``): its content-word stems, its fact anchors (figures and proper names) and
   its evidence, so a comparator can drop the documents and keep these.
2. ``align`` finds candidate pairs. Comparing every sentence with every other one is quadratic in
   the corpus, so documents are paired first: each document keeps its most similar document of
   every other outlet, and a few more that come close to it (TF-IDF cosine of whole documents),
   and sentences are compared only within those document pairs, one sparse product per pair.
   Finding the neighbours is still documents x documents in time, but in blocks of rows, so
   memory stays linear in the corpus. A sentence pair is a
   match when its TF-IDF cosine reaches ``HIGH_COSINE``, or ``ANCHORED_COSINE`` with at least one
   shared anchor: the same figure or name makes a moderate word overlap far more likely to be
   the same fact than a shared topic.
3. Pairs are merged greedily, best first, into groups that hold at most one sentence per outlet
   (union-find over outlet-disjoint groups). A merge is refused when it would put two sentences
   of one outlet together, or when some pair of sentences across the two groups is not itself a
   match: groups stay cliques, so a group cannot chain from one fact to a neighbouring one
   through a sentence that mentions both.

Thresholds were tuned on BASIL (100 events x 3 outlets; ``benchmarks/eval_alignment.py``), where
the event of each article is known: a group that mixes events is certainly wrong, and the share
of pure groups (event purity) and of events with a group (coverage) pull the thresholds in
opposite directions. Purity says nothing about "same fact" within one story, so groups were
also read: at the defaults, about 8 in 10 of the least similar groups (cosine 0.4-0.5) state the
same fact, against 5 in 10 at 0.35-0.4 and 2-3 in 10 at 0.3-0.35; see the thresholds below
and the hand-checked groups in the tests.

Every output is deterministic: inputs are sorted before use and every tie is broken by
(outlet, document id, sentence index), so the result does not depend on input order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

import numpy as np
import scipy.sparse as sp
from nltk.stem.porter import PorterStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from framing.figures import find_figures
from framing.pipeline import AnalyzedDocument

__all__ = ["ANCHORED_COSINE", "DIFFERENCE_FEATURES", "DOC_NEIGHBOURS", "DOC_RELATIVE", "HIGH_COSINE",
           "MIN_DOC_COSINE", "MIN_TOKENS", "AlignedGroup", "FactEvidence", "FactSentence",
           "align", "fact_sentences", "framing_difference", "group_record"]

# --- thresholds (tuned on BASIL with benchmarks/eval_alignment.py) ---------------------------

# A sentence pair this similar is a match on its words alone. On BASIL, unanchored pairs at
# 0.5-0.6 are mostly the same quotation or statement in other words; purity and the number of
# groups barely move between 0.45 and 0.6, so this matters less than ANCHORED_COSINE.
HIGH_COSINE = 0.5
# A pair that shares a figure or a name needs only this much word overlap. Measured on BASIL
# (event purity / coverage / groups): 0.3 gives 0.979 / 0.99 / 950, 0.35 gives 0.983 / 0.99 / 762,
# 0.4 gives 0.990 / 0.99 / 611. Coverage is flat, and reading the groups near each threshold
# showed that below 0.4 most pairs share a story and a name but not a fact, so 0.4.
ANCHORED_COSINE = 0.4
# Each document is compared, sentence by sentence, with its most similar document from every
# other outlet, and with up to DOC_NEIGHBOURS - 1 more of that outlet when they come close to the
# best (DOC_RELATIVE x its cosine): an outlet that ran several articles on the story has them all
# compared, while the next-best article of an outlet that ran one, which on BASIL is another
# story, is not (a false neighbour reaches a median 0.46 of the true one's cosine, 0.79 at the
# 90th percentile). BASIL has one article per outlet and story, so the best neighbour alone
# would do better there (purity 0.995 against 0.990); 0.8 is the price of not assuming that ...
DOC_NEIGHBOURS = 3
DOC_RELATIVE = 0.8
# ... as long as they are at least this similar as whole documents.
MIN_DOC_COSINE = 0.1
# Shorter sentences (datelines, headings, "He declined to comment.") state too little to align:
# a handful of words gives chance cosines as high as real matches.
MIN_TOKENS = 6
# Documents compared per block when finding neighbours: bounds memory at BLOCK x documents.
_DOC_BLOCK = 512

# The framing features whose per-sentence counts ``framing_difference`` compares.
DIFFERENCE_FEATURES = ("kinetic", "political", "hedge", "booster", "attribution", "distancing",
                       "label", "killing", "scare_quote")

# --- records ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactEvidence:
    """One evidence span of a sentence, with offsets relative to the sentence's start."""

    feature: str
    cue: str
    start: int
    end: int
    voice: str


@dataclass(frozen=True, slots=True)
class FactSentence:
    """What alignment needs of one sentence.

    ``start``/``end`` are offsets into the document's cleaned text (``text`` is that slice);
    ``terms`` the stems of its content words, in order; ``anchors`` its normalised fact anchors
    (``num:16`` for a figure, ``name:obama`` for a word of a proper name); ``counts`` the number
    of evidence spans per feature, as sorted (feature, count) pairs.
    """

    doc: str
    outlet: str
    index: int
    start: int
    end: int
    text: str
    source_type: str | None
    anchors: frozenset[str]
    terms: tuple[str, ...]
    evidence: tuple[FactEvidence, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()

    @property
    def key(self) -> tuple[str, str, int]:
        """The sort key every tie is broken by."""
        return (self.outlet, self.doc, self.index)

    def count(self, feature: str) -> int:
        return dict(self.counts).get(feature, 0)


@dataclass(frozen=True, slots=True)
class AlignedGroup:
    """Sentences from different outlets reporting one fact (ordered by outlet), the anchors at
    least two of them share, their mean pairwise cosine and their ``framing_difference``."""

    sentences: tuple[FactSentence, ...]
    anchors: frozenset[str]
    similarity: float
    framing_difference: float

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(s.outlet for s in self.sentences)


# --- from an analysed document to fact sentences ---------------------------------------------

_STEMMER = PorterStemmer()
_ALPHA = re.compile(r"[^\W\d_]")
# Capitalised words that are not names: titles before a name, calendar words, and any stop word
# ("The", "But" after a quotation mark). Titles differ between outlets ("President Obama",
# "Mr. Obama"), so they must not count as the shared name.
_NOT_NAMES = frozenset("""
    mr mrs ms miss dr sen senator rep representative gov governor president vice prime minister
    secretary gen general lt col capt sgt judge justice chairman chairwoman chief speaker leader
    rev st jr sr sir lord mayor king queen prince
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
""".split()) | ENGLISH_STOP_WORDS
# A capitalised word straight after one of these starts a quotation or a clause, as after a
# sentence end: its capital says nothing.
_OPENERS = frozenset("\"“‘'([:;—–-")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _STEMMER.stem(word)


def _norm(token: str) -> str:
    """Lower-cased, with possessives, dots of acronyms and typographic apostrophes removed:
    "Obama’s" -> "obama", "U.S." -> "us"."""
    word = token.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if _ALPHA.search(word):
        word = word.replace(".", "")  # not in numbers: "5.4" stays 5.4
    return word.replace("'", "")


# Honorifics are house style (the New York Times writes "Mr. Trump"), not content.
_NOT_TERMS = ENGLISH_STOP_WORDS | frozenset("mr mrs ms dr".split())
_NUMBER = re.compile(r"\d[\d,.]*%?")


def _content_terms(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(_stem(w) for w in words
                 if len(w) > 1 and w not in _NOT_TERMS and (_ALPHA.search(w) or _NUMBER.fullmatch(w)))


def _closing_quote(before: str) -> bool:
    """A straight quote after a comma or a full stop closes a quotation ('..., " Santorum
    said'): the name after it is no quotation's first word."""
    return before[-1] in "\"'" and len(before) > 1 and before[-2] in ",.!?"


def _name_anchors(text: str, tokens: Sequence[tuple[int, int]]) -> set[str]:
    """Words of proper names: capitalised tokens that are not the sentence's first word, do not
    follow an opening quotation mark or a colon, and are not titles, calendar or stop words.
    Single words rather than whole runs, so "President Barack Obama" and "Mr. Obama" share
    ``name:obama``."""
    names: set[str] = set()
    for i, (a, b) in enumerate(tokens):
        token = text[a:b]
        if i == 0 or not token[:1].isupper():
            continue
        before = text[tokens[i - 1][1]:a].strip()
        if before and before[-1] in _OPENERS and not _closing_quote(before):
            continue
        word = _norm(token)
        if len(word) > 1 and word not in _NOT_NAMES and _ALPHA.search(word):
            names.add(f"name:{word}")
    return names


def _number_anchors(text: str, start: int, end: int) -> set[str]:
    """The values of the figures ``framing.figures`` finds: "twelve", "12" and "12.0" all give
    ``num:12``; vague amounts ("dozens") have no value and give none."""
    return {f"num:{f.value:g}" for f in find_figures(text, start, end) if f.value is not None}


def fact_sentences(doc: AnalyzedDocument) -> list[FactSentence]:
    """The sentences of ``doc`` worth aligning: at least ``MIN_TOKENS`` tokens and one content
    word. Evidence comes from ``doc.features`` (empty when the document was analysed without
    lexicons)."""
    text = doc.text
    features = doc.features or (None,) * len(doc.sentences)
    out: list[FactSentence] = []
    for sentence, feats in zip(doc.sentences, features, strict=True):
        if len(sentence.tokens) < MIN_TOKENS:
            continue
        terms = _content_terms([_norm(text[a:b]) for a, b in sentence.tokens])
        if not any(_ALPHA.search(t) for t in terms):
            continue
        anchors = (_name_anchors(text, sentence.tokens)
                   | _number_anchors(text, sentence.start, sentence.end))
        evidence: tuple[FactEvidence, ...] = ()
        source_type = None
        if feats is not None:
            evidence = tuple(FactEvidence(e.feature, e.cue, e.start - sentence.start,
                                          e.end - sentence.start, e.voice) for e in feats.evidence)
            source_type = feats.source_type
        counts: dict[str, int] = defaultdict(int)
        for e in evidence:
            counts[e.feature] += 1
        out.append(FactSentence(
            doc=doc.document.id, outlet=doc.document.outlet, index=sentence.index,
            start=sentence.start, end=sentence.end, text=text[sentence.start:sentence.end],
            source_type=source_type, anchors=frozenset(anchors), terms=terms,
            evidence=evidence, counts=tuple(sorted(counts.items()))))
    return out


# --- alignment --------------------------------------------------------------------------------


def framing_difference(sentences: Sequence[FactSentence]) -> float:
    """How differently a group frames its fact: the mean, over its sentence pairs, of the L1
    distance between their counts of ``DIFFERENCE_FEATURES``, plus 1 when their source types
    differ (one attributes the fact to the military, the other to residents, or not at all).
    0 means every sentence carries the same framing cues in the same numbers; the scale is
    "evidence spans one sentence has that the other lacks"."""
    pairs = list(combinations(sentences, 2))
    if not pairs:
        return 0.0
    total = 0.0
    for x, y in pairs:
        cx, cy = dict(x.counts), dict(y.counts)
        total += sum(abs(cx.get(f, 0) - cy.get(f, 0)) for f in DIFFERENCE_FEATURES)
        total += x.source_type != y.source_type
    return total / len(pairs)


def _identity(terms: Sequence[str]) -> Sequence[str]:
    return terms


def _vectorizer() -> TfidfVectorizer:
    # The terms are already stemmed content words; sublinear tf keeps a word repeated through a
    # long article from dominating its document vector.
    return TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2", dtype=np.float64)


def _doc_pairs(docs: Sequence[tuple[str, str]], matrix: sp.csr_matrix, *,
               neighbours: int, relative: float, min_cosine: float) -> list[tuple[int, int]]:
    """Document index pairs (i < j) from different outlets: each document with up to
    ``neighbours`` most similar documents of every other outlet, the best one and those within
    ``relative`` of it. Computed in blocks of rows so memory stays at block x documents, never
    documents x documents."""
    outlets = np.array([outlet for outlet, _ in docs], dtype=object)
    by_outlet = {o: np.flatnonzero(outlets == o) for o in sorted(set(outlets.tolist()))}
    pairs: set[tuple[int, int]] = set()
    transposed = matrix.T.tocsc()
    for lo in range(0, len(docs), _DOC_BLOCK):
        block = (matrix[lo:lo + _DOC_BLOCK] @ transposed).toarray()
        for row, sims in enumerate(block):
            i = lo + row
            for outlet, members in by_outlet.items():
                if outlet == docs[i][0]:
                    continue
                scores = sims[members]
                # Most similar first; among equals, the lower index (documents are sorted by
                # outlet and id, so this is the stable tie-break).
                order = np.lexsort((members, -scores))[:neighbours]
                floor = max(min_cosine, min(relative, 1.0) * scores[order[0]]) if len(order) else 1.0
                for k in order:
                    if scores[k] >= floor:
                        j = int(members[k])
                        pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


class _Groups:
    """Union-find whose groups hold at most one sentence per outlet."""

    def __init__(self, outlets: Sequence[str]) -> None:
        self.parent = list(range(len(outlets)))
        self.outlets: list[frozenset[str]] = [frozenset([o]) for o in outlets]
        self.members: list[list[int]] = [[n] for n in range(len(outlets))]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def merge(self, i: int, j: int, matches: Callable[[int, int], bool]) -> bool:
        """Join the groups of ``i`` and ``j`` when their outlets are disjoint and every
        sentence of one ``matches`` every sentence of the other."""
        a, b = self.find(i), self.find(j)
        if a == b or self.outlets[a] & self.outlets[b]:
            return False
        left, right = self.members[a], self.members[b]
        if not all(matches(x, y) for x in left for y in right if (x, y) != (i, j)):
            return False
        a, b = min(a, b), max(a, b)  # the root is the lower index: stable whatever the order
        self.parent[b] = a
        self.outlets[a] = self.outlets[a] | self.outlets[b]
        self.members[a] = self.members[a] + self.members[b]
        return True


def align(sentences: Iterable[FactSentence], *, high_cosine: float = HIGH_COSINE,
          anchored_cosine: float = ANCHORED_COSINE, doc_neighbours: int = DOC_NEIGHBOURS,
          doc_relative: float = DOC_RELATIVE,
          min_doc_cosine: float = MIN_DOC_COSINE) -> list[AlignedGroup]:
    """Group sentences from different outlets that report the same fact.

    Groups hold two or more sentences, at most one per outlet, and are sorted by
    ``framing_difference`` (most differently framed first), then similarity, then their first
    sentence. See the module docstring for how pairs are found and merged.
    """
    items = sorted(sentences, key=lambda s: s.key)
    if not items:
        return []
    by_doc: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, s in enumerate(items):
        by_doc[(s.outlet, s.doc)].append(n)
    docs = sorted(by_doc)
    if len({outlet for outlet, _ in docs}) < 2:
        return []

    # Document vectors find which documents to compare; sentence vectors (with idf over
    # sentences, so a word every sentence of a story uses counts little) compare sentences.
    doc_terms = [[t for n in by_doc[d] for t in items[n].terms] for d in docs]
    doc_matrix = _vectorizer().fit_transform(doc_terms).tocsr()
    sent_matrix = _vectorizer().fit_transform([s.terms for s in items]).tocsr()

    # One sparse product per document, against the sentences of all its partners at once:
    # slicing the matrix costs more than multiplying, so it is done once per document.
    partners: dict[int, list[int]] = defaultdict(list)
    for di, dj in _doc_pairs(docs, doc_matrix, neighbours=doc_neighbours,
                             relative=doc_relative, min_cosine=min_doc_cosine):
        partners[di].append(dj)
    edges: list[tuple[float, int, int]] = []
    low = min(high_cosine, anchored_cosine)
    for di, djs in sorted(partners.items()):
        rows = by_doc[docs[di]]
        cols = [n for dj in djs for n in by_doc[docs[dj]]]
        sims = (sent_matrix[rows] @ sent_matrix[cols].T).tocoo()
        keep = sims.data >= low
        for r, c, cos in zip(sims.row[keep], sims.col[keep], sims.data[keep], strict=True):
            a, b = rows[r], cols[c]
            if cos >= high_cosine or (items[a].anchors & items[b].anchors):
                edges.append((float(cos), min(a, b), max(a, b)))
    # Best pair first; ties by sentence order, so the merge order is fixed.
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))

    # Every pair inside a group must itself be a match, not only the pair that joined it: the
    # groups stay cliques, so a sentence that matches one member on a side detail cannot join.
    cosine = _Cosine(sent_matrix)

    def matches(a: int, b: int) -> bool:
        cos = cosine(a, b)
        return cos >= high_cosine or (cos >= anchored_cosine
                                      and bool(items[a].anchors & items[b].anchors))

    groups = _Groups([s.outlet for s in items])
    for _, a, b in edges:
        groups.merge(a, b, matches)
    members: dict[int, list[int]] = defaultdict(list)
    for n in range(len(items)):
        members[groups.find(n)].append(n)

    aligned = [_group([items[n] for n in ns], [cosine(a, b) for a, b in combinations(ns, 2)])
               for ns in members.values() if len(ns) > 1]
    aligned.sort(key=lambda g: (-g.framing_difference, -g.similarity, g.sentences[0].key))
    return aligned


class _Cosine:
    """Cosine of two rows of an L2-normalised CSR matrix, without building sparse matrices:
    one small pair at a time, slicing the matrix would cost a hundred times the arithmetic."""

    def __init__(self, matrix: sp.csr_matrix) -> None:
        self.indptr, self.indices, self.data = matrix.indptr, matrix.indices, matrix.data

    def __call__(self, a: int, b: int) -> float:
        ia = slice(self.indptr[a], self.indptr[a + 1])
        ib = slice(self.indptr[b], self.indptr[b + 1])
        _, x, y = np.intersect1d(self.indices[ia], self.indices[ib], assume_unique=True,
                                 return_indices=True)
        return float(np.dot(self.data[ia][x], self.data[ib][y]))


def _group(sentences: list[FactSentence], similarities: list[float]) -> AlignedGroup:
    ordered = tuple(sorted(sentences, key=lambda s: s.key))
    seen: dict[str, int] = defaultdict(int)
    for s in ordered:
        for anchor in s.anchors:
            seen[anchor] += 1
    return AlignedGroup(sentences=ordered,
                        anchors=frozenset(a for a, n in seen.items() if n > 1),
                        similarity=round(sum(similarities) / len(similarities), 6),
                        framing_difference=round(framing_difference(ordered), 6))


# --- output -----------------------------------------------------------------------------------


def group_record(group: AlignedGroup, rank: int) -> dict[str, Any]:
    """One line of ``aligned.jsonl``: the group's rank (1 = most differently framed), its
    framing difference and similarity, the anchors its sentences share, and each sentence with
    where it is (offsets into the cleaned text of ``texts.jsonl``) and its evidence (offsets
    relative to the sentence)."""
    return {
        "rank": rank,
        "framing_difference": group.framing_difference,
        "similarity": group.similarity,
        "anchors": sorted(group.anchors),
        "sentences": [{
            "outlet": s.outlet, "doc": s.doc, "index": s.index, "start": s.start, "end": s.end,
            "text": s.text, "source_type": s.source_type,
            "counts": dict(s.counts),
            "evidence": [{"feature": e.feature, "cue": e.cue, "start": e.start, "end": e.end,
                          "voice": e.voice} for e in s.evidence],
        } for s in group.sentences],
    }
