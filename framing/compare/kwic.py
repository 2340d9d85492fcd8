"""Keyword in context: every place a word, a lexicon category or a framing feature occurs, with
the words around it, outlet by outlet, so a reader can check how each outlet uses it.

A query is one of three kinds, told apart by how the user writes it:

* ``conflict.kinetic``: a lexicon category as in ``LexiconSet.columns``; a parent category also
  finds its sub-categories' matches, as the counts of ``framing analyze`` do;
* ``feature:hedge``: the evidence spans of a framing feature (``features.ALL_FEATURES``), after
  the context rules, so the hits are exactly what the profile counts;
* anything else: a literal word or phrase, matched case-insensitively as whole words, any run
  of whitespace (a line break too) between its words, curly and straight apostrophes alike, and
  an optional trailing ``*`` for any ending (``milit*``).

Hits carry offsets into the document's cleaned text (as every other output does) and their
context on one line: cut at ``width`` characters, never beyond the document, whitespace
collapsed, so ``left + keyword + right`` is a piece of the document with its whitespace
normalised.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal

from framing.errors import UsageError
from framing.features import ALL_FEATURES
from framing.lexicon.model import NAME_PATTERN
from framing.lexicon.registry import LexiconSet
from framing.model import Sentence
from framing.text.chars import LETTER

if TYPE_CHECKING:
    import pandas as pd

    from framing.pipeline import AnalyzedDocument

__all__ = ["KWIC_COLUMNS", "KwicHit", "KwicQuery", "kwic", "kwic_frame", "parse_query"]

FEATURE_PREFIX = "feature:"
DEFAULT_WIDTH = 60
QueryKind = Literal["literal", "category", "feature"]

_APOSTROPHES = "'’"
_WHITESPACE = re.compile(r"\s+")
# "x.y" in lower case, the shape of a category column; whether it is one is decided later.
_CATEGORY_SHAPE = re.compile(rf"{NAME_PATTERN.pattern[1:-1]}\.{NAME_PATTERN.pattern[1:-1]}")


@dataclass(frozen=True, slots=True)
class KwicQuery:
    """What to look for, resolved once against the lexicons in force, so that the search itself
    needs neither the lexicons nor the user's spelling.

    ``term`` is the user's text. For a category, ``lexicon`` and ``category`` name it and
    ``categories`` holds it and all its sub-categories (what a match may carry to count for it).
    For a feature, ``feature`` names it. For a literal, ``pattern`` is the compiled search."""

    term: str
    kind: QueryKind
    lexicon: str | None = None
    category: str | None = None
    categories: frozenset[str] = frozenset()
    feature: str | None = None
    pattern: re.Pattern[str] | None = None

    @property
    def needs_lexicons(self) -> bool:
        """Whether documents must be analysed with lexicons for this query to find anything: a
        literal search only needs the cleaned text, which is much cheaper to produce."""
        return self.kind != "literal"

    def describe(self) -> str:
        """The query in words, for messages."""
        if self.kind == "category":
            return f"category {self.lexicon}.{self.category}" + (
                " and its sub-categories" if len(self.categories) > 1 else "")
        if self.kind == "feature":
            return f"feature {self.feature}"
        return f"{self.term!r}"


@dataclass(frozen=True, slots=True)
class KwicHit:
    """One occurrence: where it is (outlet, document, sentence index, offsets into the cleaned
    text), the words before, the matched words and the words after, each on one line.

    For category hits, ``category`` is the matched ``lexicon.category`` column(s) (several when
    one span carries several sub-categories, joined by ``"; "``) and ``cue`` the lexicon term.
    For feature hits, ``feature``, ``cue``, ``detail`` and ``voice`` come from the evidence.
    Literal hits leave them ``None``."""

    outlet: str
    doc: str
    sentence: int
    start: int
    end: int
    left: str
    keyword: str
    right: str
    feature: str | None = None
    category: str | None = None
    cue: str | None = None
    detail: str | None = None
    voice: str | None = None


KWIC_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(KwicHit))


def parse_query(term: str, lexicons: LexiconSet) -> KwicQuery:
    """Read the user's TERM as a category, a feature or a literal (see the module docstring).

    Raises ``UsageError`` for an empty term, an unknown feature, a misplaced wildcard, or a
    ``lexicon.category`` that is not one, naming the closest existing ones: a typo in a category
    must not silently become a literal search that finds nothing."""
    stripped = unicodedata.normalize("NFC", term).strip()
    if not stripped:
        raise UsageError("empty search term", hint="give a word, a phrase, a category such as "
                         "conflict.kinetic, or feature:NAME")
    if stripped.startswith(FEATURE_PREFIX):
        name = stripped[len(FEATURE_PREFIX):].strip()
        if name not in ALL_FEATURES:
            close = difflib.get_close_matches(name, ALL_FEATURES, n=3)
            maybe = f"did you mean {', '.join(FEATURE_PREFIX + c for c in close)}? " if close else ""
            raise UsageError(f"no feature {name!r}",
                             hint=f"{maybe}features: {', '.join(ALL_FEATURES)}")
        return KwicQuery(term=stripped, kind="feature", feature=name)
    if stripped in lexicons.columns:
        lexicon_name, _, category = stripped.partition(".")
        lexicon = lexicons[lexicon_name]
        below = frozenset(c for c in lexicon.categories
                          if c == category or category in lexicon.ancestors(c))
        return KwicQuery(term=stripped, kind="category", lexicon=lexicon_name,
                         category=category, categories=below)
    if _CATEGORY_SHAPE.fullmatch(stripped):
        close = difflib.get_close_matches(stripped, lexicons.columns, n=3, cutoff=0.6)
        if close or stripped.partition(".")[0] in lexicons.lexicons:
            maybe = f"did you mean {', '.join(close)}? " if close else ""
            raise UsageError(f"no category {stripped!r}",
                             hint=f"{maybe}see the categories with: framing lexicon list")
    return KwicQuery(term=stripped, kind="literal", pattern=literal_pattern(stripped))


def literal_pattern(term: str) -> re.Pattern[str]:
    """The search for a literal term: its words in order, case-insensitive, any whitespace
    between them, whole words only, ``'`` and ``’`` interchangeable, a trailing ``*`` standing
    for any (possibly empty) rest of the last word.

    Word edges are tested with the matcher's notion of a letter (marks included), so ``milit*``
    does not stop inside a Devanagari or decomposed word and ``war`` does not match ``warfare``.
    """
    wildcard = term.endswith("*")
    body = term[:-1] if wildcard else term
    if "*" in body:
        raise UsageError(f"misplaced wildcard in {term!r}", hint="'*' may only end the term")
    if wildcard and not re.search(rf"(?:{LETTER})$", body):
        raise UsageError(f"misplaced wildcard in {term!r}",
                         hint="'*' must directly follow a letter or digit, as in milit*")
    words = body.split()
    if not words:
        raise UsageError("empty search term", hint="a wildcard needs a word before it: milit*")
    apostrophe = f"[{_APOSTROPHES}]"
    pieces = ["".join(apostrophe if ch in _APOSTROPHES else re.escape(ch) for ch in word)
              for word in words]
    body_pattern = r"\s+".join(pieces)
    before = rf"(?<!{LETTER})" if re.match(rf"(?:{LETTER})", body) else ""
    after = rf"(?:{LETTER})*" if wildcard else ""
    # A term ending in punctuation ("U.S.") needs no edge after it.
    if wildcard or re.search(rf"(?:{LETTER})$", body):
        after += rf"(?!{LETTER})"
    return re.compile(before + body_pattern + after, re.IGNORECASE)


def kwic(documents: Iterable[AnalyzedDocument], query: KwicQuery, *,
         width: int = DEFAULT_WIDTH) -> Iterator[KwicHit]:
    """The hits of ``query`` in ``documents``, document by document, each document's in order
    of offset (then end). Streams: only the current document is held, so it works on corpora of
    any size with ``iter_analyze``.

    Category and feature queries read the documents' matches and evidence, so the documents must
    have been analysed with the lexicons the query was parsed against."""
    if width < 0:
        raise ValueError("width must not be negative")
    for document in documents:
        if query.needs_lexicons and document.sentences and not document.features:
            # Without lexicons there are no matches or evidence: say so rather than find nothing.
            raise ValueError(f"document {document.document.id!r} was analysed without lexicons; "
                             f"a {query.kind} query needs them")
        if query.kind == "literal":
            yield from _literal_hits(document, query, width)
        elif query.kind == "category":
            yield from _category_hits(document, query, width)
        else:
            yield from _feature_hits(document, query, width)


def kwic_frame(hits: Iterable[KwicHit]) -> pd.DataFrame:
    """The hits as a table, one row per hit, in the columns of ``KWIC_COLUMNS`` (also when there
    are no hits, so code reading the table need not special-case an empty result)."""
    import pandas as pd

    rows = [[getattr(hit, name) for name in KWIC_COLUMNS] for hit in hits]
    return pd.DataFrame(rows, columns=list(KWIC_COLUMNS))


def _literal_hits(document: AnalyzedDocument, query: KwicQuery, width: int) -> Iterator[KwicHit]:
    assert query.pattern is not None
    starts = [s.start for s in document.sentences]
    for found in query.pattern.finditer(document.text):
        yield _hit(document, starts, found.start(), found.end(), width)


def _category_hits(document: AnalyzedDocument, query: KwicQuery,
                   width: int) -> Iterator[KwicHit]:
    # One hit per span: a term in two sub-categories is one occurrence (it is counted once
    # for the parent too), labelled with both.
    spans: dict[tuple[int, int], tuple[list[str], str]] = {}
    for match in document.matches:
        if match.lexicon == query.lexicon and match.category in query.categories:
            columns, _ = spans.setdefault((match.start, match.end), ([], match.term))
            column = f"{match.lexicon}.{match.category}"
            if column not in columns:
                columns.append(column)
    starts = [s.start for s in document.sentences]
    for (start, end), (columns, term) in sorted(spans.items()):
        yield _hit(document, starts, start, end, width, category="; ".join(columns), cue=term)


def _feature_hits(document: AnalyzedDocument, query: KwicQuery,
                  width: int) -> Iterator[KwicHit]:
    found: list[tuple[Sentence, int, int, str, str, str]] = []
    for sentence, features in zip(document.sentences, document.features, strict=True):
        for e in features.evidence:
            if e.feature == query.feature:
                found.append((sentence, e.start, e.end, e.cue, e.detail, e.voice))
    found.sort(key=lambda item: (item[1], item[2]))  # stable: evidence order within a span
    for sentence, start, end, cue, detail, voice in found:
        left, keyword, right = _context(document.text, start, end, width)
        yield KwicHit(document.document.outlet, document.document.id, sentence.index, start, end,
                      left, keyword, right, feature=query.feature, cue=cue, detail=detail,
                      voice=voice)


def _hit(document: AnalyzedDocument, starts: list[int], start: int, end: int, width: int,
         **extra: str) -> KwicHit:
    index = max(bisect.bisect_right(starts, start) - 1, 0)
    sentence = document.sentences[index].index if document.sentences else 0
    left, keyword, right = _context(document.text, start, end, width)
    return KwicHit(document.document.outlet, document.document.id, sentence, start, end,
                   left, keyword, right, **extra)


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """The ``width`` characters before and after ``text[start:end]`` once whitespace runs are
    collapsed, within the text. The raw window grows until it gives ``width`` characters, so a
    long run of blank lines does not shorten the context."""
    keyword = _collapse(text[start:end])
    if width == 0:
        return "", keyword, ""
    window = 2 * width
    while True:
        low = max(0, start - window)
        left = _collapse(text[low:start])
        if len(left) > width or low == 0:
            break
        window *= 2
    window = 2 * width
    while True:
        high = min(len(text), end + window)
        right = _collapse(text[end:high])
        if len(right) > width or high == len(text):
            break
        window *= 2
    left, right = left[-width:], right[:width]
    # A span with whitespace at its edge must not double a space the context also holds.
    if keyword[:1] == " " and left[-1:] == " ":
        left = left[:-1]
    if keyword[-1:] == " " and right[:1] == " ":
        right = right[1:]
    return left, keyword, right
