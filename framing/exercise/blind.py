"""Blind outlets for the classroom: outlets become "Source A", "Source B" ... in an order shuffled
by a seed, and everything that would give an outlet away is taken out of the students' sheet.

Hiding the outlet name from the metadata is not enough: articles name their own outlet ("Dawn
has learnt"), carry their author's name, or quote their headline. The ``Redactor`` replaces every
known identifying string (outlet names, titles, authors, URLs, document ids and file names)
wherever it occurs in text the worksheet shows, longest first, case-insensitively.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from framing.pipeline import AnalyzedDocument


def _letters(n: int) -> list[str]:
    """A, B, ... Z, AA, AB ... for any number of sources."""
    names = []
    for i in range(n):
        label, k = "", i
        while True:
            label = string.ascii_uppercase[k % 26] + label
            k = k // 26 - 1
            if k < 0:
                break
        names.append(label)
    return names


@dataclass(frozen=True, slots=True)
class SourceNames:
    """What students see for each outlet, and for each document, and the way back."""

    by_outlet: dict[str, str]
    by_document: dict[str, str]  # doc id -> "Source B, article 2"
    blind: bool

    def outlet(self, name: str) -> str:
        return self.by_outlet.get(name, name)

    def document(self, doc: str) -> str:
        return self.by_document.get(doc, doc)

    def mapping(self) -> list[tuple[str, str]]:
        """(shown name, outlet) in the order students see them."""
        return sorted(((shown, outlet) for outlet, shown in self.by_outlet.items()),
                      key=lambda pair: (len(pair[0]), pair[0]))


def source_names(documents: Sequence[AnalyzedDocument], *, seed: int, blind: bool) -> SourceNames:
    """Blind names in an order shuffled by ``seed`` (the same seed, the same names), or the
    outlets' own names."""
    outlets = sorted({d.document.outlet for d in documents})
    if blind:
        shuffled = outlets[:]
        random.Random(seed).shuffle(shuffled)
        by_outlet = {o: f"Source {letter}" for o, letter in zip(shuffled, _letters(len(outlets)),
                                                                  strict=True)}
    else:
        by_outlet = {o: o for o in outlets}
    counts: dict[str, int] = {}
    by_document = {}
    for d in sorted(documents, key=lambda d: (by_outlet[d.document.outlet], d.document.id)):
        shown = by_outlet[d.document.outlet]
        counts[shown] = counts.get(shown, 0) + 1
        by_document[d.document.id] = f"{shown}, article {counts[shown]}"
    return SourceNames(by_outlet, by_document, blind)


@dataclass(frozen=True, slots=True)
class Redactor:
    """Replaces identifying strings in text. With nothing to hide it returns text unchanged."""

    pattern: re.Pattern[str] | None
    replacements: dict[str, str]

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(
            lambda m: self.replacements.get(m.group(0).casefold(), "[hidden]"), text)


# Strings shorter than this are not searched for in text: a two-letter outlet code would
# blank out ordinary words. Outlet names are always searched for, whatever their length >= 3.
_MIN_HIDDEN = 4


def _variants(value: str) -> Iterable[str]:
    value = " ".join(value.split())
    yield value
    yield value.replace("\u2019", "'")
    yield value.replace("'", "\u2019")


def redactor(documents: Sequence[AnalyzedDocument], names: SourceNames) -> Redactor:
    """A redactor for the students' sheet of a blind exercise (none without blinding)."""
    if not names.blind:
        return Redactor(None, {})
    hidden: dict[str, str] = {}

    def hide(value: str | None, replacement: str, minimum: int = _MIN_HIDDEN) -> None:
        if not value:
            return
        for variant in _variants(value):
            if len(variant) >= minimum:
                hidden.setdefault(variant.casefold(), replacement)

    for d in documents:
        doc = d.document
        shown = names.outlet(doc.outlet)
        hide(doc.outlet, f"[{shown}]", minimum=3)
        hide(doc.title, "[title]")
        hide(doc.author, "[author]")
        hide(doc.url, "[link]")
        hide(doc.id, "[id]")
        hide(Path(doc.source.path).name, "[file]")
        if doc.url:  # the site's own name: "www.dawn.com" -> "dawn.com"
            host = re.sub(r"^[a-z]+://(www\.)?", "", doc.url.strip(), flags=re.I).split("/")[0]
            hide(host, "[link]")
        for key in ("author_bio",):
            hide(str(doc.meta.get(key) or ""), "[author]")
    if not hidden:
        return Redactor(None, {})
    # Longest first, so "Dawn News" is replaced before "Dawn"; word edges where the string
    # starts or ends with a word character, so "Dawn" does not blank out "dawned".
    parts = []
    for value in sorted(hidden, key=lambda v: (-len(v), v)):
        escaped = re.escape(value)
        if value[:1].isalnum():
            escaped = r"(?<!\w)" + escaped
        if value[-1:].isalnum():
            escaped += r"(?!\w)"
        parts.append(escaped)
    return Redactor(re.compile("|".join(parts), re.IGNORECASE), hidden)
