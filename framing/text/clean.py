"""Cleaning: normalise Unicode and whitespace, drop repeated copies and site furniture, and move
title, byline, date line and author block into metadata, recording every removal.

The cleaned text is the article body as paragraphs separated by one blank line; every line of the
input that is not removed becomes one paragraph (hard-wrapped text is re-joined first). Curly
quotes, dashes and all other characters are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from dateutil import parser as date_parser

from framing.model import Removal

# -- normalisation --------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# Invisible characters that only get in the way of matching. Zero-width (non-)joiners stay: they
# carry meaning in Persian, Urdu and Indic scripts and in emoji.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def normalise(raw: str) -> list[str]:
    """NFC-normalised lines with runs of spaces collapsed and ends stripped."""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", raw)))
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


# -- blocks ---------------------------------------------------------------------------------

BULLET = re.compile(r"^(?:[•◦▪▫‣∙·●○■□➢➤►▶*+\-–]|\d{1,2}[.)])\s+")


@dataclass(slots=True)
class _Block:
    line: int  # 1-based line of the input where the block starts
    text: str


def _blocks(lines: list[str]) -> list[_Block]:
    """One block per non-empty line, unless the text is hard-wrapped: then lines are re-joined
    into paragraphs, except after a line that stopped well short of the wrap width (it ended
    a paragraph, a heading or a list item) and before a bullet."""
    width = _wrap_width(lines)
    if not width:
        return [_Block(n, text) for n, text in enumerate(lines, start=1) if text]
    blocks: list[_Block] = []
    previous = ""
    for n, text in enumerate(lines, start=1):
        if not text:
            previous = ""
            continue
        if not previous or len(previous) < _SHORT_LINE * width or BULLET.match(text):
            blocks.append(_Block(n, text))
        else:
            joiner = "" if blocks[-1].text.endswith("-") else " "
            blocks[-1].text += joiner + text
        previous = text
    return blocks


# A line shorter than this share of the wrap width was ended by its author, not by wrapping.
_SHORT_LINE = 0.6


def _wrap_width(lines: list[str]) -> int:
    """The width hard-wrapped text breaks at, or 0 if it is not hard-wrapped: paragraphs
    separated by blank lines whose inner lines mostly break near one width (at most 100)."""
    paragraphs: list[list[str]] = [[]]
    for text in lines:
        if text:
            paragraphs[-1].append(text)
        elif paragraphs[-1]:
            paragraphs.append([])
    inner = [text for para in paragraphs for text in para[:-1] if not BULLET.match(text)]
    if len(paragraphs) < 2 or len(inner) < 3:
        return 0
    width = max(len(text) for text in inner)
    if width > 100:
        return 0
    # Judge by prose paragraphs only: a list of short lines says nothing about wrapping.
    prose = [text for para in paragraphs if any(len(t) >= _SHORT_LINE * width for t in para)
             for text in para[:-1] if not BULLET.match(text)]
    wrapped = sum(len(text) >= _SHORT_LINE * width for text in prose) >= 0.8 * len(prose)
    return width if len(prose) >= 3 and wrapped else 0


# -- what a block is ------------------------------------------------------------------------

_FURNITURE = re.compile(
    r"^(?:latest posts?|related (?:posts?|articles?|stories|news|content)|read more|read also|"
    r"also read|see also|advertisement|advertisment|sponsored(?: content)?|"
    r"share(?: this)?(?: article| story| post)?(?: on \w+)?|share via \w+|"
    r"print(?: this)?(?: article| page)?|"
    r"comments?|leave a (?:comment|reply)|subscribe(?: now| to our newsletter)?|"
    r"sign up for our newsletter|follow us(?: on .{1,30})?|click here\b.{0,60}|continue reading|"
    r"skip to (?:main )?content|you may also like|recommended(?: for you)?|most (?:read|popular)|"
    r"tags?:.{0,120}|all rights reserved\.?.{0,60}|(?:copyright )?©.{0,100})[.:»›>]*$",
    re.IGNORECASE,
)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|date)\s*(?:on)?\s*:?\s*)?"
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|rsday|sday)?\.?,?\s+)?"
    rf"(?P<date>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
    r"(?:[\s,|•·–—-]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?\.?$",
    re.IGNORECASE,
)

_BYLINE = re.compile(r"^\(?\s*by\s+(?P<names>.+?)\s*\)?$|^\((?P<bare>[^()]+)\)$", re.IGNORECASE)
_NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "al", "el",
                   "bin", "ibn", "ul", "ur", "ud", "abu", "bint"}
# Capitalised words that show a short line is a heading, not a person's name.
_NOT_NAME_WORDS = {"the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "from", "at",
                   "by", "path", "ahead", "conclusion", "introduction", "summary", "news",
                   "opinion", "editorial", "analysis", "comment", "update", "live", "breaking",
                   "report", "world", "pakistan", "india", "balochistan", "security"}
_BIO_START = re.compile(r"^(?:the\s+)?(?:writer|author|columnist|contributor)\s+(?:is|was|has|"
                        r"teaches|works|heads|leads|can be|tweets)\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?;:,…]['\"’”)\]]*$")


def parse_date_line(text: str) -> str | None:
    """The ISO date if the whole line is a date line ("February 11, 2026", "Updated: 2026-02-11")."""
    if len(text) > 80 or not (match := _DATE_LINE.match(text)):
        return None
    try:
        return date_parser.parse(match.group("date"), fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        return None


def parse_byline(text: str) -> str | None:
    """The author(s) if the line is a byline: "By Jane Doe and John Roe, Reuters", "(Jane Doe)"."""
    if len(text) > 120 or not (match := _BYLINE.match(text)):
        return None
    names = match.group("names") or match.group("bare")
    names = re.split(r"\s*[,|/–—]\s*|\s+-\s+", names)[0]  # drop ", Reuters", "| Staff reporter"
    people = [p for p in re.split(r"\s*(?:&|\band\b)\s*", names) if p]
    if people and all(_is_person_name(p) for p in people):
        return " and ".join(people)
    return None


def _is_person_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 60:
        return False
    capitalised = [w for w in words if w.lower() not in _NAME_PARTICLES]
    return len(capitalised) >= 2 and all(
        w[0].isupper() and not any(ch.isdigit() for ch in w)
        and re.fullmatch(r"[^\W\d_][\w’'.\-]*", w) is not None
        and w.lower().strip(".") not in _NOT_NAME_WORDS
        for w in capitalised)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w.lower() not in _NAME_PARTICLES).upper()


def _key(text: str) -> str:
    """Comparison key for repeated blocks: case, punctuation and spacing ignored."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def is_heading_like(text: str) -> bool:
    """Short, no closing punctuation other than ? or !: a title or section heading."""
    words = text.split()
    return (1 <= len(words) <= 25 and not BULLET.match(text)
            and not re.search(r"[.,;:…]['\"’”)\]]*$", text))


# -- cleaning -------------------------------------------------------------------------------

# A repeated block counts as part of a duplicated copy when it has at least this many words; a
# short repeated block (a heading) only goes when it sits inside such a copy, since short lines
# ("Analysis", "The Path Ahead") may legitimately recur.
_LONG_BLOCK_WORDS = 8
# How far into the text a title, byline or date line may stand.
_HEADER_BLOCKS = 6


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text, what was removed from it, and the metadata found in the removed blocks
    (``title``, ``author``, ``date`` as ISO, ``section``, ``author_bio``)."""

    text: str
    removals: tuple[Removal, ...]
    found: dict[str, str] = field(default_factory=dict)


def clean_text(raw: str) -> Cleaned:
    """Clean one article's raw text; see the module docstring for what is kept and dropped."""
    blocks = _blocks(normalise(raw))
    removals: list[Removal] = []
    found: dict[str, str] = {}
    blocks = _drop_furniture(blocks, removals)
    blocks = _drop_repeats(blocks, removals, found)
    blocks = _take_header(blocks, removals, found)
    blocks = _take_trailer(blocks, removals, found)
    removals.sort(key=lambda r: r.line)
    return Cleaned(text="\n\n".join(b.text for b in blocks), removals=tuple(removals), found=found)


def _remove(block: _Block, kind: str, reason: str, removals: list[Removal]) -> None:
    removals.append(Removal(kind=kind, text=block.text, line=block.line, reason=reason))


def _drop_furniture(blocks: list[_Block], removals: list[Removal]) -> list[_Block]:
    kept = []
    for block in blocks:
        if _FURNITURE.match(block.text):
            _remove(block, "site furniture", "navigation or page element, not article text",
                    removals)
        else:
            kept.append(block)
    return kept


def _drop_repeats(blocks: list[_Block], removals: list[Removal],
                  found: dict[str, str]) -> list[_Block]:
    """Drop runs of blocks that repeat earlier ones (a scraped page carrying the article twice).

    When the repeated run is a copy of the article's opening and a heading-like line stands just
    before it, that line is the title of the copy: scrapers often emit body, title, body again.
    """
    first_seen: dict[str, int] = {}
    original: list[int | None] = []  # index of the earlier block each block repeats
    for i, block in enumerate(blocks):
        key = _key(block.text)
        original.append(first_seen.get(key) if key else None)
        first_seen.setdefault(key, i)

    drop: set[int] = set()
    i = 0
    while i < len(blocks):
        if original[i] is None:
            i += 1
            continue
        run_end = i
        while run_end + 1 < len(blocks) and original[run_end + 1] is not None:
            run_end += 1
        run = range(i, run_end + 1)
        if any(len(blocks[j].text.split()) >= _LONG_BLOCK_WORDS for j in run):
            drop.update(run)
            before = i - 1
            if (original[i] == 0 and before > 0 and before not in drop
                    and "title" not in found and is_heading_like(blocks[before].text)):
                found["title"] = blocks[before].text
                drop.add(before)
                _remove(blocks[before], "title", "title line standing before a repeated copy "
                        "of the article", removals)
        i = run_end + 1

    for j in sorted(drop):
        if (first := original[j]) is not None:
            _remove(blocks[j], "repeated", f"repeats line {blocks[first].line}", removals)
    return [b for j, b in enumerate(blocks) if j not in drop]


def _take_header(blocks: list[_Block], removals: list[Removal],
                 found: dict[str, str]) -> list[_Block]:
    """Move a date line, byline, title and section label at the top into metadata."""
    i = 0
    while i < min(len(blocks) - 1, _HEADER_BLOCKS):  # always leave some text behind
        text = blocks[i].text
        if "date" not in found and (date := parse_date_line(text)):
            found["date"] = date
            _remove(blocks[i], "date line", f"publication date {date}", removals)
        elif "author" not in found and (author := parse_byline(text)):
            found["author"] = author
            _remove(blocks[i], "byline", f"author {author}", removals)
        elif "title" not in found and i == _first_unremoved(blocks, removals) \
                and is_heading_like(text) and len(text.split()) >= 3:
            found["title"] = text
            _remove(blocks[i], "title", "heading at the top of the article", removals)
            after = i + 1
            if (after < len(blocks) - 1 and len(blocks[after].text.split()) <= 3
                    and is_heading_like(blocks[after].text)
                    and not is_heading_like(blocks[after + 1].text)):
                found["section"] = blocks[after].text
                _remove(blocks[after], "section label", "section or place label under the title",
                        removals)
                i = after
        else:
            break
        i += 1
    return blocks[i:]


def _first_unremoved(blocks: list[_Block], removals: list[Removal]) -> int:
    """Index of the first block not yet moved to metadata (date lines may precede titles)."""
    removed_lines = {r.line for r in removals}
    return next((i for i, b in enumerate(blocks) if b.line not in removed_lines), 0)


def _take_trailer(blocks: list[_Block], removals: list[Removal],
                  found: dict[str, str]) -> list[_Block]:
    """Move a trailing author block into metadata: "By Jane Doe", or an optional initials line,
    a name line, and a bio that names the author; or a "The writer is ..." note."""
    if len(blocks) < 2:
        return blocks
    last = blocks[-1].text
    if "author" not in found and (author := parse_byline(last)):
        found["author"] = author
        _remove(blocks[-1], "byline", f"author {author}", removals)
        return blocks[:-1]
    if _BIO_START.match(last) and len(last) < 400:
        found["author_bio"] = last
        _remove(blocks[-1], "author bio", "note about the writer", removals)
        return blocks[:-1]
    for k in range(len(blocks) - 1, max(len(blocks) - 4, 0), -1):
        name = blocks[k].text
        if not _is_person_name(name) or not is_heading_like(name):
            continue
        surnames = {w.lower() for w in name.split() if len(w) > 2}
        bios = blocks[k + 1:]
        if not all(surnames & {w.lower().strip(".,’'s") for w in b.text.split()} for b in bios):
            continue
        has_initials = k > 1 and blocks[k - 1].text == _initials(name)
        if not bios and not has_initials and k != len(blocks) - 1:
            continue
        found.setdefault("author", name)
        start = k - 1 if has_initials else k
        if has_initials:
            _remove(blocks[k - 1], "author block", f"initials of {name}", removals)
        _remove(blocks[k], "author block", f"author {name}", removals)
        for bio in bios:
            found["author_bio"] = bio.text
            _remove(bio, "author block", f"note about {name}", removals)
        return blocks[:start]
    return blocks
