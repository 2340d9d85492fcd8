"""Which articles get a reading view in the report.

Every article is counted in the comparison, but a reading view costs about 23 kB of HTML, so a
large corpus shows a bounded sample: the articles with the most evidence, taken in turn from
each outlet so that every outlet is represented. The sample is chosen while documents stream
past, keeping at most ``limit`` documents per outlet, so memory does not grow with the corpus.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from framing.errors import UsageError
from framing.pipeline import AnalyzedDocument

DEFAULT_READING_VIEWS = 100


@dataclass(frozen=True, slots=True)
class Choice:
    """``--documents``: all articles, at most ``limit`` of them, or the ones named by id."""

    limit: int | None = DEFAULT_READING_VIEWS
    ids: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, value: str | None) -> Choice:
        if value is None:
            return cls()
        text = value.strip()
        if text.lower() == "all":
            return cls(limit=None)
        if text.isdigit():
            return cls(limit=int(text))
        ids = frozenset(part.strip() for part in text.split(",") if part.strip())
        if not ids:
            raise UsageError(f"--documents {value!r} names no article",
                             hint="give all, a number, or document ids separated by commas")
        return cls(limit=None, ids=ids)


def _evidence(document: AnalyzedDocument) -> int:
    return sum(len(f.evidence) for f in document.features)


@dataclass(slots=True)
class ReadingSample:
    """Collects the documents that get a reading view, in the order they arrive."""

    choice: Choice = field(default_factory=Choice)
    _kept: dict[str, list[tuple[int, int, AnalyzedDocument]]] = field(default_factory=dict)
    _order: itertools.count = field(default_factory=itertools.count)
    named: list[AnalyzedDocument] = field(default_factory=list)
    seen: int = 0

    def add(self, document: AnalyzedDocument) -> None:
        self.seen += 1
        if self.choice.ids:
            if document.document.id in self.choice.ids:
                self.named.append(document)
            return
        order = next(self._order)
        if self.choice.limit is None:
            self.named.append(document)
            return
        # A min-heap per outlet of (evidence, -arrival order): the weakest is dropped first,
        # and among equals the later one, so the choice does not depend on chance.
        heap = self._kept.setdefault(document.document.outlet, [])
        entry = (_evidence(document), -order, document)
        if len(heap) < self.choice.limit:
            heapq.heappush(heap, entry)
        elif entry[:2] > heap[0][:2]:
            heapq.heapreplace(heap, entry)

    def missing_ids(self) -> list[str]:
        found = {d.document.id for d in self.named}
        return sorted(self.choice.ids - found)

    def chosen(self) -> list[AnalyzedDocument]:
        """The documents to show, in the order they came: with a limit, the outlets' best in
        turn (most evidence first) until the limit is reached."""
        if self.choice.ids or self.choice.limit is None:
            return list(self.named)
        ranked = {outlet: sorted(heap, key=lambda e: (-e[0], -e[1]))
                  for outlet, heap in sorted(self._kept.items())}
        picked: list[tuple[int, AnalyzedDocument]] = []
        for row in itertools.zip_longest(*ranked.values()):
            for entry in row:
                if entry is not None and len(picked) < self.choice.limit:
                    picked.append((-entry[1], entry[2]))
        return [document for _, document in sorted(picked, key=lambda p: p[0])]


def sample(documents: Iterable[AnalyzedDocument], choice: Choice) -> list[AnalyzedDocument]:
    collector = ReadingSample(choice)
    for document in documents:
        collector.add(document)
    return collector.chosen()
