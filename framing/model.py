"""Plain data records passed between the stages: documents, where they came from, what cleaning
removed, what could not be read, and sentences with character offsets."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from: a file, and for tables the line (CSV/JSONL) or row (Parquet)."""

    path: str
    line: int | None = None
    format: str = "txt"
    encoding: str | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from its source, before cleaning. ``text_line`` is the line of the
    source file where ``text`` starts (after front matter)."""

    id: str
    outlet: str
    text: str
    source: Source
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    text_line: int = 1

    def with_fields(self, **changes: Any) -> Document:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input, or part of one, that could not be analysed, with the reason and what to do."""

    source: Source
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Removal:
    """A block that cleaning took out of a document's text, and why.

    ``line`` is the 1-based line in the document's raw text where the block starts.
    """

    kind: str
    text: str
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with character offsets into its document's cleaned text.

    ``tokens`` holds ``(start, end)`` offsets, also into the cleaned text. ``kind`` is
    ``"text"``, ``"heading"`` or ``"bullet"``.
    """

    index: int
    start: int
    end: int
    text: str
    tokens: tuple[tuple[int, int], ...]
    kind: str = "text"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a sentence carries a feature: the span ``[start, end)`` in the document's cleaned text,
    the feature it is evidence of, the cue (the lexicon term or the words found) and a detail
    (where the cue comes from, ``lexicon.category``, and any context rule that applied).

    ``voice`` is ``"author"`` when the span is in the writer's own words and ``"quoted"`` when it
    lies inside a quotation or attributed content.
    """

    start: int
    end: int
    feature: str
    cue: str
    detail: str
    voice: str = "author"
