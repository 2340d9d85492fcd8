"""Quotations in a sentence: spans between matching quote marks, straight or curly, double or
single, with the apostrophes of "Pakistan’s" and "the militants’ spokesman" told apart from
closing single quotes.

Unbalanced marks never raise: an opening mark with no closing one is a quotation only when it
opens the sentence (news style carries a long quotation over several sentences and closes it
once, at the end); anywhere else it is ignored. Marks inside a quotation belong to it: a
single-quoted phrase inside a double-quoted one is not a quotation of its own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Opening mark -> the closing marks that may end it.
_PAIRS = {"“": "”\"", "\"": "\"”", "«": "»", "‘": "’'", "'": "'’", "„": "“”"}
# A quote mark that can open: before a letter, digit, ellipsis or currency sign, and (checked in
# code) after the sentence start, a space or an opening bracket or dash.
_OPENING = re.compile(r"""[“"«‘'„](?=[^\W_]|[“"‘'(….$£€])""")
_BEFORE_OPENING = frozenset("([—–-/")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_ANY_MARK = re.compile("[" + re.escape("".join(set("".join(_PAIRS) + "".join(_PAIRS.values()))))
                       + "]")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``[start, end)`` includes its marks; ``closed`` is False for a quotation that
    opens the sentence and runs to its end unclosed."""

    start: int
    end: int
    closed: bool = True

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - (1 if self.closed else 0)

    def words(self, text: str) -> int:
        start, end = self.inner
        return len(text[start:end].split())


def _closing_at(text: str, position: int, marks: str, high: int) -> bool:
    """Whether the mark at ``position`` can close a quotation: a closing mark right after a
    non-space, and not followed by a letter (the apostrophe of "don’t", "Pakistan’s")."""
    if text[position] not in marks or position == 0 or text[position - 1].isspace():
        return False
    after = text[position + 1] if position + 1 < high else ""
    return not (after and _LETTER_OR_DIGIT.match(after))


def find_quotes(text: str, low: int = 0, high: int | None = None) -> list[Quote]:
    """The quotations in ``text[low:high]``, in order, not overlapping."""
    high = len(text) if high is None else high
    quotes: list[Quote] = []
    # Where each kind of closing mark can close, found once: looking ahead from every opening
    # would be quadratic in a long sentence full of unmatched marks.
    positions = [m.start() for m in _ANY_MARK.finditer(text, low, high)]
    if not positions:
        return quotes  # most sentences: no quote mark at all
    closers: dict[str, list[int]] = {}
    for marks in set(_PAIRS.values()):
        closers[marks] = [i for i in positions
                          if text[i] in marks and _closing_at(text, i, marks, high)]
    position = low
    while True:
        opening = _OPENING.search(text, position, high)
        if opening is None:
            break
        start, mark = opening.start(), opening.group()
        if start > low and not (text[start - 1].isspace() or text[start - 1] in _BEFORE_OPENING):
            position = start + 1  # an apostrophe or a closing mark, not an opening one
            continue
        closing_marks = _PAIRS[mark]
        candidates = closers[closing_marks]
        at = bisect.bisect_left(candidates, start + 2)
        end = candidates[at] if at < len(candidates) else None
        if end is not None:
            quotes.append(Quote(start, end + 1))
            position = end + 1
        elif not text[low:start].strip() and mark not in "‘'":
            # An unclosed double quote opening the sentence runs to its end.
            quotes.append(Quote(start, high, closed=False))
            break
        else:
            position = start + 1
    return quotes


def inside(spans: list[Quote], start: int, end: int) -> Quote | None:
    """The quotation that holds ``[start, end)``, if any."""
    return next((q for q in spans if q.start <= start and end <= q.end), None)
