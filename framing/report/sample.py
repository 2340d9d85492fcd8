"""Which articles get a reading view in the report.

Every article is counted in the comparison, but a reading view costs about 4 bytes of HTML per
character of text (23 kB for a typical article), so a large corpus shows a bounded sample: the
articles with the most evidence, taken in turn from each outlet so that every outlet is
represented. Without ``--documents`` the sample also stops at ``TEXT_BUDGET`` characters of
text, since the articles with the most evidence are the longest ones, so the report stays under
5 MB however large the corpus.

The sample is chosen while documents stream past. Only documents the final pick can still
reach are kept: with ``limit`` views and the outlets' document counts so far, the pick takes
each outlet's best in turn for a number of rounds that can only fall as documents arrive, so
anything ranked below it in its outlet is dropped for good, and memory holds about ``limit``
documents whatever the corpus.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from framing.errors import UsageError
from framing.pipeline import AnalyzedDocument

DEFAULT_READING_VIEWS = 100
# Characters of article text shown in reading views by default: about 4 MB of HTML.
TEXT_BUDGET = 1_000_000


@dataclass(frozen=True, slots=True)
class Choice:
    """``--documents``: all articles, at most ``limit`` of them, or the ones named by id."""

    limit: int | None = DEFAULT_READING_VIEWS
    ids: frozenset[str] = frozenset()
    text_budget: int | None = None  # characters of text at most (the default choice only)

    @classmethod
    def parse(cls, value: str | None) -> Choice:
        if value is None:
            return cls(text_budget=TEXT_BUDGET)
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
    _per_outlet: dict[str, int] = field(default_factory=dict)  # documents seen
    _reach: list[int] = field(default_factory=list)
    _rounds: int = 0
    _covered: int = 0

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
        outlet = document.document.outlet
        heap = self._kept.setdefault(outlet, [])
        heapq.heappush(heap, (_evidence(document), -order, document))
        before = self._rounds
        self._count(outlet)
        # Only this outlet's heap grew; the others need trimming only when the rounds fall.
        for kept in self._kept.values() if self._rounds < before else (heap,):
            while len(kept) > self._rounds:
                heapq.heappop(kept)

    def _count(self, outlet: str) -> None:
        """Update ``_rounds``: how deep into each outlet's ranking the final pick can reach, the
        fewest rounds of one document per outlet that make ``limit`` picks with the documents
        seen so far. It never grows as documents arrive, and a document's rank in its outlet
        never improves, so what lies below it is never needed. Kept incrementally:
        ``_reach[r]`` outlets have at least r documents, and ``_covered`` is
        sum(min(rounds, n)) over the outlets, the picks that many rounds make."""
        limit = self.choice.limit or 0
        if not self._reach:
            self._reach = [0] * (limit + 1)
            self._rounds = limit
        n = self._per_outlet[outlet] = self._per_outlet.get(outlet, 0) + 1
        if n <= limit:
            self._reach[n] += 1
            if n <= self._rounds:
                self._covered += 1
        while self._rounds > 1 and self._covered - self._reach[self._rounds] >= limit:
            self._covered -= self._reach[self._rounds]
            self._rounds -= 1

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
        budget = self.choice.text_budget
        for row in itertools.zip_longest(*ranked.values()):
            for entry in row:
                if entry is None or len(picked) == self.choice.limit:
                    continue
                if budget is not None:
                    if len(entry[2].text) > budget:
                        continue  # too long for what is left: a shorter one may fit
                    budget -= len(entry[2].text)
                picked.append((-entry[1], entry[2]))
        return [document for _, document in sorted(picked, key=lambda p: p[0])]


def sample(documents: Iterable[AnalyzedDocument], choice: Choice) -> list[AnalyzedDocument]:
    collector = ReadingSample(choice)
    for document in documents:
        collector.add(document)
    return collector.chosen()
