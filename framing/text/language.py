"""A cheap check that a text is English, the language of the built-in lexicons.

English prose is about 40-50% function words ("the", "of", "and" ...); news in other languages
using the Latin script has almost none of them, and other scripts have none at all. Below a low
share the analysis still runs, but its features are mostly missing, so the user is warned.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

_ENGLISH_FUNCTION_WORDS = frozenset("""
the of and to in a is that for on with as was by it at from be are this an or has have had
not but which were been their its his her they he she we you will would can could there who
after into than also more about over said says all one two new when while against what
""".split())
MIN_WORDS = 30
MIN_SHARE = 0.08


def english_share(words: Iterable[str]) -> tuple[float, int]:
    """The share of ``words`` that are common English function words, and how many words."""
    # In batches, folded and looked up by map: a loop in Python over every word of every
    # document cost as much as cleaning the text, and a batch keeps memory flat.
    total = hits = 0
    stream = iter(words)
    while batch := list(islice(stream, 8192)):
        total += len(batch)
        hits += sum(map(_ENGLISH_FUNCTION_WORDS.__contains__, map(str.casefold, batch)))
    return (hits / total if total else 0.0), total


def language_warning(words: Iterable[str]) -> str | None:
    """A warning when a text of some length does not look English, else None."""
    share, total = english_share(words)
    if total < MIN_WORDS or share >= MIN_SHARE:
        return None
    return (f"the text does not look English ({share:.0%} English function words in {total} "
            "words); it was analysed, but the built-in lexicons are English, so most features "
            "will be missing — add lexicons in its language (see lexicons/README.md)")
