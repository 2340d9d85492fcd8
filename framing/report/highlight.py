"""The reading view's evidence highlighting: a document's cleaned text as safe HTML, with every
evidence span (and every span in a quoted voice) wrapped in an element that carries its feature
and a plain-text tooltip.

``document_marks`` turns an analysed document into ``Mark`` records; ``highlight_html`` renders
text and marks. Everything from the text and the marks is escaped, tooltips live only in
attributes, so stripping the tags and unescaping the rest gives back the text exactly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from framing.attribution import Attribution
    from framing.pipeline import AnalyzedDocument

__all__ = ["QUOTED", "Mark", "class_token", "document_marks", "highlight_html"]

QUOTED = "quoted"  # the feature of a span in another voice than the author's
SEPARATOR = " · "
TIP_CUE_CHARS = 80  # longer words in a tooltip are cut with an ellipsis
_NOT_CLASS = re.compile(r"[^a-z0-9_-]")
_VOICES = {"author": "author's voice", "quoted": "quoted voice"}
_QUOTE_MARKS = frozenset("\"'“”‘’«»„‚‹›")


@dataclass(frozen=True, slots=True)
class Mark:
    """A span ``[start, end)`` of a text to highlight as ``feature``, with a plain-text ``tip``
    shown on hover and keyboard focus."""

    start: int
    end: int
    feature: str
    tip: str = ""


def class_token(feature: str) -> str:
    """``feature`` as a safe CSS class suffix: lower case, anything but ``[a-z0-9_-]`` as ``_``."""
    return _NOT_CLASS.sub("_", feature.lower()) or "_"


def _words(text: str) -> str:
    """Words as written, on one line, cut to ``TIP_CUE_CHARS``."""
    words = " ".join(text.split())
    return words if len(words) <= TIP_CUE_CHARS else words[:TIP_CUE_CHARS - 1].rstrip() + "…"


def _quoted(text: str) -> str:
    """Words as written in curly quotes, unless they are a quotation already."""
    words = _words(text)
    if len(words) > 1 and words[0] in _QUOTE_MARKS and words[-1] in _QUOTE_MARKS:
        return words
    return f"“{words}”"


def _attribution_at(attributions: Sequence[Attribution], start: int, end: int,
                    feature: str) -> Attribution | None:
    """The attribution whose cue (or, for a source, whose source) is the span."""
    for a in attributions:
        if feature == "source" and (a.source_start, a.source_end) == (start, end):
            return a
        if feature != "source" and (a.cue_start, a.cue_end) == (start, end):
            return a
    return None


def _quoted_tip(text: str, attributions: Sequence[Attribution], start: int, end: int) -> str:
    parts = [_VOICES["quoted"]]
    for a in attributions:
        if a.content_start < end and start < a.content_end:
            source = _words(text[a.source_start:a.source_end]) if a.source_end > a.source_start \
                else "unnamed source"
            parts.append(f"attributed to “{source}” ({a.source_type}, {a.speech} speech)")
            break
    else:
        parts.append("quotation")
    return SEPARATOR.join(parts)


def document_marks(doc: AnalyzedDocument) -> list[Mark]:
    """One mark per evidence span of ``doc`` and one ``"quoted"`` mark per span in a quoted
    voice, in document order (start, longer first, feature, tip). Empty spans and spans outside
    ``doc.text`` are left out."""
    text = doc.text
    size = len(text)
    marks: set[Mark] = set()
    for features in doc.features:
        for e in features.evidence:
            if not 0 <= e.start < e.end <= size:
                continue
            rule, _, rest = e.detail.partition(";")
            # The highlighted words are on screen; the tip names the lexicon term only when it
            # differs from them ("terrorist*" for "terrorists"), which keeps a 200-article report
            # small (every tip is repeated in the HTML).
            parts = [e.feature]
            if " ".join(e.cue.lower().split()) != " ".join(text[e.start:e.end].lower().split()):
                parts.append(f"term {_quoted(e.cue)}")
            parts += [p.strip() for p in (rule, *rest.split(";")) if p.strip()]
            # Who is cited and how: the attribution of this cue or source; an attribution or
            # source found by no attribution gets the sentence's main source type.
            a = _attribution_at(features.attributions, e.start, e.end, e.feature)
            source_type = a.source_type if a else None
            if source_type is None and e.feature in ("attribution", "source"):
                source_type = features.source_type
            for extra in (source_type and f"source type: {source_type}",
                          a and f"stance: {a.stance}"):
                if extra and extra not in parts:
                    parts.append(extra)
            if e.voice != "author":  # the author's voice is the default, said once in the legend
                parts.append(_VOICES.get(e.voice, f"{e.voice} voice"))
            marks.add(Mark(e.start, e.end, e.feature, SEPARATOR.join(parts)))
        for start, end in features.quoted:
            if 0 <= start < end <= size:
                marks.add(Mark(start, end, QUOTED,
                               _quoted_tip(text, features.attributions, start, end)))
    return sorted(marks, key=lambda m: (m.start, -m.end, m.feature, m.tip))


def _attribute(value: str) -> str:
    """A double-quoted attribute value: &, <, > and " escaped (an apostrophe needs nothing)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def _tags(index: int, mark: Mark) -> tuple[str, str, str, str]:
    """A mark's first opening tag (focusable), the same with its fragment number, its reopening
    tag (always numbered) and its closing tag. Only marks split into fragments carry the
    number: in a long report most are whole, and the attribute would cost a tenth of its size."""
    tip = f'aria-description="{_attribute(mark.tip)}"'
    number = f'data-m="{index}"'
    if mark.feature == QUOTED:
        tag, opening = "span", '<span class="voice-quoted"'
    else:
        tag, opening = "mark", f'<mark class="ev ev-{class_token(mark.feature)}"'
    return (f'{opening} {tip} tabindex="0">', f'{opening} {number} {tip} tabindex="0">',
            f"{opening} {number} {tip}>", f"</{tag}>")


def highlight_html(text: str, marks: Sequence[Mark], *, number_whole: bool = True) -> str:
    """``text`` as HTML with every mark wrapped in an element: ``<mark class="ev ev-FEATURE">``,
    or ``<span class="voice-quoted">`` for the quoted voice.

    Each element carries its feature in its class and ``aria-description`` (the tooltip, which
    screen readers announce and the report's CSS draws); the fragments of a mark that had to be
    split carry ``data-m`` (the mark's index in ``marks``), so a script can find them all, and
    so do whole marks unless ``number_whole`` is False (the report leaves it out: most marks are
    whole, and the attribute would be a tenth of a long report's size). Marks are clipped to the
    text; empty ones are left out. A mark that crosses the end of an enclosing one is closed
    there and reopened after, so the output is always well-formed; only a mark's first element
    gets ``tabindex="0"``. Text is escaped with ``html.escape(..., quote=False)``, attributes
    fully, so ``html.unescape(re.sub(r"<[^>]*>", "", result)) == text``.
    """
    size = len(text)
    spans: list[tuple[int, int, str, int]] = []
    for index, mark in enumerate(marks):
        start, end = max(0, mark.start), min(size, mark.end)
        if start < end:
            spans.append((start, end, mark.feature, index))
    # Outer before inner: earlier start, then longer, then by feature.
    spans.sort(key=lambda s: (s[0], -s[1], s[2], s[3]))
    starts_at: dict[int, list[int]] = {}
    ends_at: dict[int, set[int]] = {}
    start_of: dict[int, int] = {}
    end_of: dict[int, int] = {}
    for start, end, _, index in spans:
        starts_at.setdefault(start, []).append(index)
        ends_at.setdefault(end, set()).add(index)
        start_of[index], end_of[index] = start, end
    tags: dict[int, tuple[str, str, str, str]] = {}
    first_at: dict[int, int] = {}  # mark -> where its first opening tag is in ``out``
    split: set[int] = set()

    out: list[str] = []
    stack: list[int] = []  # open marks, outermost first
    depth: dict[int, int] = {}  # mark -> its place in the stack
    last = 0
    for point in sorted(starts_at.keys() | ends_at.keys()):
        if point > last:
            out.append(html.escape(text[last:point], quote=False))
            last = point
        reopen: list[int] = []
        ending = ends_at.get(point)
        if ending:
            # Close from the top down to the outermost mark that ends here.
            floor = min(depth[i] for i in ending)
            while len(stack) > floor:
                index = stack.pop()
                del depth[index]
                out.append(tags[index][3])
                if end_of[index] != point:
                    reopen.append(index)
                    split.add(index)
        opening = starts_at.get(point, [])
        if reopen:
            # Reopened marks and new ones together, the latest-ending outermost so that fewer
            # have to be split again (ties: earlier start, feature), as at the start.
            reopen.extend(opening)
            reopen.sort(key=lambda i: (-end_of[i], start_of[i], marks[i].feature, i))
            opening = reopen
        for index in opening:
            if index in tags:
                out.append(tags[index][2])
            else:
                tags[index] = _tags(index, marks[index])
                first_at[index] = len(out)
                out.append(tags[index][0])
            depth[index] = len(stack)
            stack.append(index)
    out.append(html.escape(text[last:], quote=False))
    for index in (first_at if number_whole else split):  # numbered first fragments
        out[first_at[index]] = tags[index][1]
    return "".join(out)


def span_html(text: str, start: int, end: int, marks: Sequence[Mark]) -> str:
    """``text[start:end]`` (a sentence) highlighted with the marks that overlap it, clipped to it
    and shifted to its offsets; fragment numbers only on split marks (``number_whole=False``)."""
    inside = [Mark(max(m.start, start) - start, min(m.end, end) - start, m.feature, m.tip)
              for m in marks if m.start < end and m.end > start]
    return highlight_html(text[start:end], inside, number_whole=False)
