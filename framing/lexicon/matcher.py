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
from typing import NamedTuple

from framing.lexicon.model import WORD, Lexicon, Term, normalise_word

# A word of a sentence as the matcher sees it: its character offsets and its normalised form
# (``normalise_word``). Other stages of the analysis (prescriptions) read the same words, so a
# sentence is tokenised once (``Matcher.words``) and the list handed to each.
WordToken = tuple[int, int, str]


class Match(NamedTuple):
    """A lexicon term found in a text: character offsets, and which lexicon/category/term.

    A named tuple rather than a dataclass: analyses create millions of them, and tuples are
    built and compared in C while staying immutable and ordered by position."""

    start: int
    end: int
    lexicon: str
    category: str
    term: str


@dataclass(frozen=True, slots=True, eq=False)  # identity: "in" checks stay at C speed
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
        self._root_steps: dict[str, tuple[_Node | None, list[tuple[int, list[_Entry]]]]] = {}
        self._resolved: dict[str, list[tuple[str, list[tuple[str, str]]]] | None] = {}
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

    def words(self, text: str, start: int = 0, end: int | None = None) -> list[WordToken]:
        """The words of ``text[start:end]`` (``WORD``, offsets into ``text``) with their
        normalised forms: what ``find`` matches against."""
        normalised = self._normalised
        tokens: list[WordToken] = []
        add = tokens.append
        for m in WORD.finditer(text, start, len(text) if end is None else end):
            raw = m.group()
            word = normalised.get(raw)
            if word is None:
                word = normalised[raw] = normalise_word(raw)
            add((m.start(), m.end(), word))
        return tokens

    def find(self, text: str, start: int = 0, end: int | None = None, *,
             tokens: Sequence[WordToken] | None = None) -> list[Match]:
        """All matches in ``text[start:end]`` (offsets stay those of ``text``), in text order
        (by start; on one span, lexicons in load order). Call it once per sentence, so that no
        match runs across a sentence end.

        ``tokens``, when given, must be ``self.words(text, start, end)``: a caller that needs
        the sentence's words for other stages too tokenises it only once."""
        spans = self.words(text, start, end) if tokens is None else tokens
        words = [token[2] for token in spans]
        normalised = self._normalised
        matches: list[Match] = []
        exclusions: list[tuple[int, int, str, str]] = []  # start, end, lexicon, category
        free_from: dict[str, int] = {}  # lexicon -> first word index its next match may use
        root_steps = self._root_steps
        resolved_words = self._resolved
        step_from = self._step
        free_get = free_from.get
        n_words = len(words)
        add = matches.append
        for i, first in enumerate(words):
            # Words repeat (Zipf), so the first step from the root is worked out once per word;
            # most words start no term at all and are passed over here.
            step = root_steps.get(first)
            if step is None:
                step = root_steps[first] = self._step(self._root, first)
                resolved_words[first] = self._resolve_single_word(step)
            if step is _NO_STEP:
                continue
            resolved = resolved_words[first]
            child = step[0]
            if resolved is not None and (  # only one-word terms match here: no walk needed
                    child is None or not (child.children or child.prefix_lengths)
                    or i + 1 == n_words
                    or (words[i + 1] not in child.children if not child.prefix_lengths
                        else step_from(child, words[i + 1]) is _NO_STEP)):
                start, end = spans[i][0], spans[i][1]
                for lexicon, pairs in resolved:
                    if i < free_get(lexicon, 0):
                        continue
                    free_from[lexicon] = i + 1
                    for category, term in pairs:
                        add(Match(start, end, lexicon, category, term))
                continue
            longest: _Longest = {}
            child, prefix_hits = step
            j = i
            while True:
                if prefix_hits:
                    _record_prefixes(longest, exclusions, prefix_hits, i, j, spans)
                if child is None:
                    break
                if child.entries:
                    _record(longest, exclusions, child.entries, i, j, spans, _EXACT)
                j += 1
                if j == len(words):
                    break
                child, prefix_hits = self._step(child, words[j])
            for lexicon, (last, _, entries) in longest.items():
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
        if len(normalised) > _CACHE_LIMIT:  # bound memory on endless vocabularies
            normalised.clear()
            root_steps.clear()
            resolved_words.clear()
        if exclusions:
            by_lexicon: dict[str, list[tuple[int, int, str]]] = {}
            for start, end, lexicon, category in exclusions:
                by_lexicon.setdefault(lexicon, []).append((start, end, category))
            matches = [m for m in matches if m.lexicon not in by_lexicon
                       or not self._excluded(m, by_lexicon[m.lexicon])]
        return matches  # already in text order: starts only grow as i does

    @staticmethod
    def _step(node: _Node, word: str) -> tuple[_Node | None, list[tuple[int, list[_Entry]]]]:
        """Where ``word`` leads from ``node``: the child node, and (prefix length, entries) for
        the wildcards whose prefix it starts with."""
        child = node.children.get(word)
        if not node.prefix_lengths:
            return _NO_STEP if child is None else (child, _NO_HITS)
        hits = [(length, entries) for length in node.prefix_lengths if len(word) >= length
                if (entries := node.prefixes.get(word[:length]))]
        if child is None and not hits:
            return _NO_STEP
        return child, hits

    @staticmethod
    def _resolve_single_word(step: tuple[_Node | None, list[tuple[int, list[_Entry]]]],
                             ) -> list[tuple[str, list[tuple[str, str]]]] | None:
        """What a word matches on its own, when no longer term continues after it and no
        exclusion is in play: per lexicon, the (category, term) pairs. ``None`` when the word
        starts an exclusion, so the general walk is needed."""
        child, hits = step
        longest: _Longest = {}
        exclusions: list[tuple[int, int, str, str]] = []
        if hits:
            _record_prefixes(longest, exclusions, hits, 0, 0, [(0, 0, "")])
        if child is not None and child.entries:
            _record(longest, exclusions, child.entries, 0, 0, [(0, 0, "")], _EXACT)
        if exclusions:
            return None
        resolved = []
        for lexicon, (_, _, entries) in longest.items():
            pairs: dict[str, str] = {}
            for entry in entries:
                for category in entry.categories:
                    pairs.setdefault(category, entry.term)  # one match per category
            resolved.append((lexicon, list(pairs.items())))
        return resolved

    def _excluded(self, match: Match, exclusions: list[tuple[int, int, str]]) -> bool:
        """Whether an exclusion of the match's lexicon overlaps it and covers its category."""
        return any(start < match.end and match.start < end
                   and match.category in self._below[(match.lexicon, category)]
                   for start, end, category in exclusions)


# Per lexicon, the best match so far from the current word: (last word, specificity, entries).
_Longest = dict[str, tuple[int, int, list[_Entry]]]
_NO_HITS: list[tuple[int, list[_Entry]]] = []
_NO_STEP: tuple[None, list[tuple[int, list[_Entry]]]] = (None, _NO_HITS)
_CACHE_LIMIT = 500_000
# Specificity of a term's last word: an exact word beats any prefix, a longer prefix a shorter.
_EXACT = 1_000_000


def _record_prefixes(longest: _Longest, exclusions: list[tuple[int, int, str, str]],
                     hits: list[tuple[int, list[_Entry]]], i: int, j: int,
                     spans: Sequence[WordToken]) -> None:
    for length, entries in hits:
        _record(longest, exclusions, entries, i, j, spans, length)


def _record(longest: _Longest, exclusions: list[tuple[int, int, str, str]],
            entries: list[_Entry], i: int, j: int, spans: Sequence[WordToken],
            specificity: int) -> None:
    """Keep, per lexicon, the longest match (most words) and, on the same words, the most
    specific one; equally good entries (a term in several categories, spelling variants) all
    stay. Exclusions are collected apart: they never compete."""
    for entry in entries:
        if entry.exclude:
            exclusions.extend((spans[i][0], spans[j][1], entry.lexicon, c) for c in entry.categories)
            continue
        current = longest.get(entry.lexicon)
        if current is None or (current[0], current[1]) < (j, specificity):
            longest[entry.lexicon] = (j, specificity, [entry])
        elif (current[0], current[1]) == (j, specificity) and entry not in current[2]:
            current[2].append(entry)
