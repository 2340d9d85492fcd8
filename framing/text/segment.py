"""Segmentation: sentences and word tokens as character offsets into the cleaned text.

Sentences come from NLTK's Punkt, untrained, with a list of news abbreviations: it needs no
downloaded data and knows that "Gen.", "U.N." and "Feb. 3" do not end a sentence. Every line is a
paragraph, so a heading or a bullet line is always its own sentence; a bullet's marker is left
out of its sentence. Tokens come from one compiled stdlib pattern (NLTK's tokenizers route every
pattern through the slower ``regex`` engine): words with inner hyphens and apostrophes
("counter-terrorism", "145-terrorist-kill", "Pakistan’s"), figures ("90,000", "45%", "3.5") and
dotted acronyms ("U.N."). Punctuation is not a token, so token counts are word counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from framing.model import Sentence
from framing.text.chars import MARKS
from framing.text.clean import BULLET, is_heading_like

# Lower-case, without the final period; dotted forms keep their inner periods ("u.n").
ABBREVIATIONS = frozenset("""
    mr mrs ms dr prof sr jr st mt ft rev hon
    gen lt col maj capt cpt sgt cpl pvt adm cmdr brig cdr insp supt
    gov sen rep pres amb sec atty
    co corp inc ltd bros dept univ assn govt
    no nos vol vols p pp fig approx est ca cf vs
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thurs fri sat sun
    u.s u.s.a u.n u.k e.u u.a.e a.m p.m e.g i.e
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
    neb nev okla ore pa tenn tex va vt wash wis wyo
""".split())

TOKEN = re.compile(rf"""
      (?:[^\W\d_]\.){{2,}}              # dotted acronyms: U.N., U.S.A., e.g.
    | \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?%?  # 90,000  1,250.5
    | \d+(?:\.\d+)?%                  # 45%  3.5%
    | \d+\.\d+                        # 3.5
    | (?:\w|[{MARKS}])+(?:[-‐‑'’](?:\w|[{MARKS}])+)*   # words (with combining marks: हिंदी),
                                      # compounds, 40-hour, Pakistan’s
""", re.VERBOSE)

_LINE = re.compile(r"[^\n]+")
_span = re.Match.span  # mapped over every token: no generator frame per token
# Used only where Punkt gives up (NLTK 3.10 stops a regex after a few seconds, which a single
# paragraph of a megabyte can reach): sentence ends followed by space and a capital or digit.
_FALLBACK_BOUNDARY = re.compile(r"""([.!?]["'”’)\]]*)\s+(?=["“‘(\[]?[A-Z0-9])""")


def _fallback_spans(body: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for boundary in _FALLBACK_BOUNDARY.finditer(body):
        spans.append((start, boundary.end(1)))  # closing quotes stay with their sentence
        start = boundary.end()
    spans.append((start, len(body)))
    return spans


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    parameters = PunktParameters()
    parameters.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(parameters)


def segment(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with their tokens, all as offsets into ``text``."""
    punkt = _punkt()
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        start = line.start() + len(line.group()) - len(line.group().lstrip())
        body = text[start:line.end()].rstrip()
        kind = "text"
        if marker := BULLET.match(body):
            kind = "bullet"
            start += marker.end()
            body = body[marker.end():]
        if not body:
            continue
        if kind == "text" and is_heading_like(body):
            kind = "heading"
            spans = [(0, len(body))]
        else:
            try:
                spans = list(punkt.span_tokenize(body))
            except TimeoutError:
                spans = _fallback_spans(body)
        for begin, end in spans:
            begin, end = start + begin, start + end
            # Punkt's whitespace is not Python's (U+001C-U+001F count for str.strip): trim so
            # a sentence never starts or ends with a space of either kind.
            while begin < end and text[begin].isspace():
                begin += 1
            while end > begin and text[end - 1].isspace():
                end -= 1
            if begin == end:
                continue
            tokens = tuple(map(_span, TOKEN.finditer(text, begin, end)))
            sentences.append(Sentence(index=len(sentences), start=begin, end=end,
                                      text=text[begin:end], tokens=tokens, kind=kind))
    return sentences
