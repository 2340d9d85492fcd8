"""Lexicons as data: a lexicon has categories (optionally nested by ``parent``), each with terms
and exclusions. Terms are words or phrases, case-insensitive, with an optional trailing ``*``
prefix wildcard; nothing else is special, so matching stays linear and safe."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from framing.text.chars import LETTER

# Names end up in column names, file names and HTML ids: keep them to a safe alphabet.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
NAME_RULE = "lower-case letters, digits and _, starting with a letter (e.g. 'kinetic_ops')"

# Words as the matcher sees them: letters, digits and combining marks, with inner apostrophes
# ("don't"); hyphens, spaces and other punctuation separate words, so "counter-terrorism" is two.
WORD = re.compile(rf"(?:{LETTER})+(?:['’](?:{LETTER})+)*")


# Words whose 's is a contraction ("it is"), not a possessive.
_CONTRACTED = frozenset("it's let's that's what's there's here's he's she's who's where's "
                        "how's when's why's".split())


@functools.lru_cache(maxsize=1 << 16)  # pure, and called for every word of every sentence
def normalise_word(word: str) -> str:
    """Case-folded, curly apostrophes straightened, possessive ’s dropped:
    "Pakistan’s" -> "pakistan" (but "it's" stays "it's")."""
    word = unicodedata.normalize("NFC", word).casefold().replace("’", "'")
    if word.endswith("'s") and len(word) > 2 and word not in _CONTRACTED:
        return word[:-2]
    return word


@dataclass(frozen=True, slots=True)
class Term:
    """A term as written, its words after normalisation, and whether the last word is a prefix."""

    text: str
    words: tuple[str, ...]
    wildcard: bool = False
    line: int | None = None

    @classmethod
    def parse(cls, text: str, *, line: int | None = None) -> Term:
        """Parse a term; raise ``ValueError`` for a misplaced or lone wildcard."""
        stripped = text.strip()
        wildcard = stripped.endswith("*")
        body = stripped[:-1] if wildcard else stripped
        if "*" in body:
            raise ValueError(f"misplaced wildcard in {text!r}: '*' may only end a term")
        words = tuple(normalise_word(w) for w in WORD.findall(body))
        if not words:
            raise ValueError(f"term {text!r} has no letters or digits")
        if wildcard and not re.search(rf"(?:{LETTER})$", body):
            # "foo-*" or "foo *": the wildcard must be glued to the end of a word
            # ("anti-war*" is fine: its last word is "war").
            raise ValueError(f"misplaced wildcard in {text!r}: '*' must directly follow a word")
        return cls(text=stripped, words=words, wildcard=wildcard, line=line)

    @property
    def key(self) -> tuple[tuple[str, ...], bool]:
        """Identity for duplicate detection: "Counter-terrorism" == "counter terrorism"."""
        return self.words, self.wildcard

    def spellings(self) -> frozenset[tuple[tuple[str, ...], bool]]:
        """Everything this term matches, as (words, wildcard) pairs: two terms of one category
        that share a spelling ("crackdown", "crack down") are duplicates."""
        return frozenset((variant, self.wildcard) for variant in self.variants())

    def variants(self) -> Iterator[tuple[str, ...]]:
        """Word sequences this term matches: hyphen/space variants are the same words; the closed
        compound ("counterterrorism") joins them. Every gap is tried for terms up to 4 words."""
        yield self.words
        gaps = len(self.words) - 1
        if not 1 <= gaps <= 3:
            return
        for mask in range(1, 2**gaps):
            merged = [self.words[0]]
            for i, word in enumerate(self.words[1:]):
                if mask >> i & 1:
                    merged[-1] += word
                else:
                    merged.append(word)
            yield tuple(merged)


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    label: str
    description: str = ""
    parent: str | None = None
    terms: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    categories: dict[str, Category]
    version: str = ""
    description: str = ""
    language: str = "en"
    author: str = ""
    license: str = ""
    path: str | None = None
    origin: str = ""  # "built-in", "./lexicons", "FRAMING_LEXICONS", "--lexicon", "import"
    extra: dict[str, str] = field(default_factory=dict)

    def ancestors(self, category: str) -> list[str]:
        """The category's parents, nearest first (cycles are rejected at load time)."""
        chain: list[str] = []
        parent = self.categories[category].parent
        while parent is not None and parent not in chain and parent in self.categories:
            chain.append(parent)
            parent = self.categories[parent].parent
        return chain

    def children(self, category: str) -> list[str]:
        return [name for name, c in self.categories.items() if c.parent == category]

    @property
    def term_count(self) -> int:
        return sum(len(c.terms) for c in self.categories.values())

    def column(self, category: str) -> str:
        return f"{self.name}.{category}"
