"""Matching every lexicon in one pass over a text's words.

All terms of all lexicons go into one word trie (each word a dict lookup; a wildcard's prefix is
looked up by its length). From each word the trie is walked as far as the text allows; per
lexicon the longest match starting there wins and the next match of that lexicon starts after it
(leftmost-longest), so lexicons never compete with each other and a term may belong to several
categories. Exclusions ("war of words") are found in the same walk and remove the matches of
their category, and of its sub-categories, that they overlap. Cost is linear in the text for a
fixed longest term; no regular expression is built from terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from framing.lexicon.model import WORD, Lexicon, Term, normalise_word


@dataclass(frozen=True, slots=True, order=True)
class Match:
    """A lexicon term found in a text: character offsets, and which lexicon/category/term."""

    start: int
    end: int
    lexicon: str
    category: str
    term: str


@dataclass(frozen=True, slots=True)
class _Entry:
    lexicon: str
    categories: tuple[str, ...]
    term: str
    exclude: bool


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[_Entry] = field(default_factory=list)
    # Wildcard terms whose last word is a prefix: prefix -> entries, and the prefix lengths.
    prefixes: dict[str, list[_Entry]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()


class Matcher:
    """Finds the terms of several lexicons in texts."""

    def __init__(self, lexicons: Iterable[Lexicon]) -> None:
        self.lexicons = {lexicon.name: lexicon for lexicon in lexicons}
        self._root = _Node()
        self._normalised: dict[str, str] = {}  # raw word -> normalised, shared across texts
        self._below: dict[tuple[str, str], set[str]] = {}  # (lexicon, category) -> itself+descendants
        for lexicon in self.lexicons.values():
            self._add_lexicon(lexicon)

    def _add_lexicon(self, lexicon: Lexicon) -> None:
        # A term listed in several categories becomes one entry carrying all of them.
        grouped: dict[tuple[tuple[str, ...], bool, bool], tuple[Term, list[str]]] = {}
        for category in lexicon.categories.values():
            for term in category.terms:
                grouped.setdefault((*term.key, False), (term, []))[1].append(category.name)
            for term in category.exclude:
                grouped.setdefault((*term.key, True), (term, []))[1].append(category.name)
            self._below[(lexicon.name, category.name)] = {category.name}
        for name in lexicon.categories:
            for ancestor in lexicon.ancestors(name):
                self._below[(lexicon.name, ancestor)].add(name)
        for (_, wildcard, exclude), (term, names) in grouped.items():
            entry = _Entry(lexicon.name, tuple(names), term.text, exclude)
            for words in term.variants():
                self._insert(words, wildcard, entry)

    def _insert(self, words: Sequence[str], wildcard: bool, entry: _Entry) -> None:
        node = self._root
        last = len(words) - 1
        for i, word in enumerate(words):
            if i == last and wildcard:
                node.prefixes.setdefault(word, []).append(entry)
                node.prefix_lengths = tuple(sorted({len(p) for p in node.prefixes}, reverse=True))
                return
            node = node.children.setdefault(word, _Node())
        node.entries.append(entry)

    def find(self, text: str) -> list[Match]:
        """All matches in ``text``, ordered by position."""
        spans = []
        words = []
        cache = self._normalised
        for m in WORD.finditer(text):
            spans.append(m.span())
            raw = m.group()
            word = cache.get(raw)
            if word is None:
                word = cache[raw] = normalise_word(raw)
                if len(cache) > 200_000:  # bound memory on huge vocabularies
                    cache.clear()
            words.append(word)
        matches: list[Match] = []
        exclusions: list[tuple[int, int, str, str]] = []  # start, end, lexicon, category
        free_from: dict[str, int] = {}  # lexicon -> first word index its next match may use
        root = self._root
        starters = root.children
        root_prefixes = root.prefix_lengths
        for i, first in enumerate(words):
            # Fast path: most words start no term at all.
            if first not in starters and not (
                    root_prefixes and any(first[:n] in root.prefixes for n in root_prefixes
                                          if len(first) >= n)):
                continue
            longest: dict[str, tuple[int, list[_Entry]]] = {}  # lexicon -> (last word, entries)
            node = root
            j = i
            while j < len(words):
                word = words[j]
                if node.prefix_lengths:
                    # Longest prefix first; within a lexicon it is the most specific and wins.
                    done: set[str] = set()
                    for length in node.prefix_lengths:
                        hit = node.prefixes.get(word[:length]) if len(word) >= length else None
                        if hit:
                            fresh = [e for e in hit if e.lexicon not in done or e.exclude]
                            _record(longest, exclusions, fresh, i, j, spans)
                            done.update(e.lexicon for e in hit if not e.exclude)
                child = node.children.get(word)
                if child is None:
                    break
                node = child
                if node.entries:
                    _record(longest, exclusions, node.entries, i, j, spans)
                j += 1
            for lexicon, (last, entries) in longest.items():
                if i < free_from.get(lexicon, 0):
                    continue
                free_from[lexicon] = last + 1
                start, end = spans[i][0], spans[last][1]
                # One match per category: spelling variants ("crackdown", "crack down") or a
                # word and a wildcard of one category may both fit the same span.
                emitted: set[str] = set()
                for entry in entries:
                    for category in entry.categories:
                        if category not in emitted:
                            emitted.add(category)
                            matches.append(Match(start, end, lexicon, category, entry.term))
        if exclusions:
            matches = [m for m in matches if not self._excluded(m, exclusions)]
        matches.sort()
        return matches

    def _excluded(self, match: Match, exclusions: list[tuple[int, int, str, str]]) -> bool:
        return any(lexicon == match.lexicon and start < match.end and match.start < end
                   and match.category in self._below[(lexicon, category)]
                   for start, end, lexicon, category in exclusions)


def _record(longest: dict[str, tuple[int, list[_Entry]]],
            exclusions: list[tuple[int, int, str, str]], entries: list[_Entry], i: int, j: int,
            spans: list[tuple[int, int]]) -> None:
    for entry in entries:
        if entry.exclude:
            exclusions.extend((spans[i][0], spans[j][1], entry.lexicon, c) for c in entry.categories)
            continue
        current = longest.get(entry.lexicon)
        if current is None or current[0] < j:
            longest[entry.lexicon] = (j, [entry])
        elif current[0] == j and entry not in current[1]:
            current[1].append(entry)
