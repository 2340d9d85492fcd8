"""Character classes shared by tokenisation and lexicon matching.

Python's ``\\w`` leaves out combining marks (Unicode categories Mn, Mc, Me), so on its own it
cuts words of Devanagari, Bengali, Tamil, Arabic with vowel signs, or decomposed accents into
pieces ("हिंदी" into "ह" and "द"). ``LETTER`` is a letter or digit, or a mark, for use inside
``[...]`` in patterns.
"""

from __future__ import annotations

import sys
import unicodedata


def _mark_ranges() -> str:
    """The combining marks of the Basic Multilingual Plane and the one above, as class ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, min(sys.maxunicode, 0x1FFFF) + 1):
        if unicodedata.category(chr(code)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


MARKS = _mark_ranges()
# A word character without the underscore: letters, digits and combining marks.
LETTER = rf"[^\W_]|[{MARKS}]"
