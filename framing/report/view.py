"""The report's view-model: every value the templates show, already formatted as text (or as
HTML built here by escaping functions), so templates only lay things out and users who override
them never have to format a number or escape a string.

``build_view(analysis, comparison, ...)`` is pure: the same inputs and ``generated`` date give
the same view, and so the same report, byte for byte.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from framing import __version__
from framing.attribution import SOURCE_TYPES
from framing.compare.comparison import Comparison
from framing.compare.contrasts import MIN_SUPPORT
from framing.features import FEATURES
from framing.lexicon.registry import LexiconSet
from framing.model import Source
from framing.pipeline import AnalyzedDocument

from . import measured
from .highlight import Mark, document_marks, highlight_html, span_html

# Features shown in the reading view's legend, in order, with a one-letter tag that is drawn
# next to each highlight (colour is never the only cue) and a plain description.
LEGEND: tuple[tuple[str, str, str], ...] = (
    ("kinetic", "K", "armed force: operations, attacks, casualties, weapons"),
    ("political", "P", "politics, governance, rights, development, dialogue"),
    ("hedge", "H", "marks a claim as uncertain"),
    ("booster", "B", "marks a claim as certain"),
    ("attribution", "A", "a reporting cue: said, according to ..."),
    ("source", "S", "who is cited"),
    ("distancing", "D", "the writer keeps a distance from a claim"),
    ("scare_quote", "Q", "a term set in quotation marks"),
    ("label", "L", "a label for an armed group or state force"),
    ("killing", "X", "a word for killing, euphemistic or plain"),
    ("prescription", "R", "a call for action"),
    ("figure", "N", "a number with what it counts"),
    ("quoted", "“", "words in another voice than the author's"),
)
TAGS = {feature: tag for feature, tag, _ in LEGEND}
SHOWN_CONTRASTS = 12
SHOWN_ALIGNED = 10
SHOWN_TERMS = 10


@dataclass(frozen=True, slots=True)
class IntervalView:
    """A value with its interval as text, and positions in [0, 1] for the drawn interval
    (None when there is nothing to draw)."""

    text: str
    position: float | None = None
    lo: float | None = None
    hi: float | None = None
    thin: bool = False


@dataclass(frozen=True, slots=True)
class Share:
    name: str
    text: str
    width: float  # 0..100, for the drawn bar
    colour: int = 0  # a fixed colour per source type, the same in every outlet's bar


@dataclass(frozen=True, slots=True)
class OutletView:
    name: str
    anchor: str
    documents: int
    sentences: int
    tokens: int
    kinetic_share: IntervalView
    certainty: IntervalView
    attribution_density: IntervalView
    sources: tuple[Share, ...]
    attributions: int
    labels: str
    note: str


@dataclass(frozen=True, slots=True)
class CitedSentence:
    outlet: str
    document: str
    link: str
    html: Markup


@dataclass(frozen=True, slots=True)
class ContrastView:
    summary: str
    resampled: str
    side_a: tuple[CitedSentence, ...]
    side_b: tuple[CitedSentence, ...]
    outlet_a: str
    outlet_b: str


@dataclass(frozen=True, slots=True)
class TermView:
    term: str
    z: str
    count: int
    category: str = ""


@dataclass(frozen=True, slots=True)
class OutletTermsView:
    outlet: str
    words: tuple[TermView, ...]
    bigrams: tuple[TermView, ...]
    lexicon: tuple[TermView, ...]


@dataclass(frozen=True, slots=True)
class SpeakersView:
    outlet: str
    attributions: int
    types: tuple[Share, ...]
    stances: tuple[Share, ...]
    named: tuple[tuple[str, str, int], ...]  # (source, type, count)


@dataclass(frozen=True, slots=True)
class LabelsView:
    outlet: str
    labels: tuple[tuple[str, str, int], ...]  # (category, term, count)
    killing: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True, slots=True)
class PrescriptionsView:
    outlet: str
    remedies: tuple[tuple[str, int], ...]
    examples: tuple[CitedSentence, ...]


@dataclass(frozen=True, slots=True)
class AlignedView:
    rank: int
    difference: str
    similarity: str
    anchors: str
    sentences: tuple[CitedSentence, ...]


@dataclass(frozen=True, slots=True)
class RemovalView:
    kind: str
    line: int
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class DocumentView:
    anchor: str
    outlet: str
    id: str
    title: str
    author: str
    date: str
    url: str
    url_is_link: bool
    source: str
    sentences: int
    tokens: int
    evidence: int
    removals: tuple[RemovalView, ...]
    warnings: tuple[str, ...]
    html: Markup


@dataclass(frozen=True, slots=True)
class LexiconView:
    name: str
    version: str
    terms: int
    origin: str
    sha256: str


@dataclass(frozen=True, slots=True)
class ReportView:
    title: str
    generated: str
    version: str
    command: str
    outlets: tuple[OutletView, ...]
    contrasts: tuple[ContrastView, ...]
    contrasts_total: int
    terms: tuple[OutletTermsView, ...]
    speakers: tuple[SpeakersView, ...]
    labels: tuple[LabelsView, ...]
    prescriptions: tuple[PrescriptionsView, ...]
    aligned: tuple[AlignedView, ...]
    aligned_total: int
    aligned_searched: bool
    documents: tuple[DocumentView, ...]
    documents_total: int
    notes: tuple[str, ...]
    skipped: tuple[str, ...]
    lexicons: tuple[LexiconView, ...]
    legend: tuple[tuple[str, str, str], ...] = LEGEND
    accuracy: tuple[tuple[str, str, str, str, int], ...] = field(default_factory=tuple)
    source_type_accuracy: str = ""
    eval_command: str = measured.EVAL_COMMAND


# --- formatting ----------------------------------------------------------------------------

def _finite(x: float) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)


def share_interval(value: float, lo: float, hi: float, n: int, *,
                   unit: str = "cue") -> IntervalView:
    """A share in [0, 1] as "49% [38–59%]"; ``n`` is how many ``unit``s it rests on."""
    if not _finite(value):
        return IntervalView("no evidence")
    if n < MIN_SUPPORT:
        return IntervalView(f"{value:.0%} (only {n} {unit}{'s' if n != 1 else ''})", value,
                            thin=True)
    if not (_finite(lo) and _finite(hi)):
        return IntervalView(f"{value:.0%}", value)
    return IntervalView(f"{value:.0%} [{lo:.0%}–{hi:.0%}]", value, lo, hi)


def signed_interval(value: float, lo: float, hi: float, n: int) -> IntervalView:
    """A value in [-1, 1] (certainty) as "+0.33 [−0.20, +0.80]", drawn on [0, 1]."""
    def place(x: float) -> float:
        return (x + 1) / 2

    if not _finite(value):
        return IntervalView("no stance cues")
    if n < MIN_SUPPORT:
        return IntervalView(f"{value:+.2f} (only {n} cue{'s' if n != 1 else ''})", place(value),
                            thin=True)
    if not (_finite(lo) and _finite(hi)):
        return IntervalView(f"{value:+.2f}", place(value))
    return IntervalView(f"{value:+.2f} [{lo:+.2f}, {hi:+.2f}]", place(value), place(lo),
                        place(hi))


def safe_link(url: str | None) -> tuple[str, bool]:
    """The URL as text, and whether it may become a link: only http and https do, so a
    ``javascript:`` or ``data:`` URL in metadata stays inert text."""
    if not url:
        return "", False
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return url, False
    return url, scheme in ("http", "https") and not any(c in url for c in "\n\r\t\"'<> ")


def _slug(index: int) -> str:
    return f"d{index}"


# --- building ------------------------------------------------------------------------------

@dataclass(slots=True)
class _Sentences:
    """Where each sentence of the report's documents is, to link and to highlight it."""

    anchors: dict[tuple[str, int], str] = field(default_factory=dict)
    html: dict[tuple[str, int], Markup] = field(default_factory=dict)


def _sentence_html(text: str, start: int, end: int, marks: Sequence[Mark]) -> Markup:
    return Markup(span_html(text, start, end, marks))


def _document_html(document: AnalyzedDocument, slug: str, sentences: _Sentences) -> Markup:
    """The whole cleaned text, each sentence in a linkable span with its highlights; the text
    between sentences (spaces, paragraph breaks) as it is."""
    import html

    text = document.text
    marks = sorted(document_marks(document), key=lambda m: (m.start, -m.end))
    starts = [m.start for m in marks]
    parts: list[str] = []
    position = 0
    for sentence in document.sentences:
        parts.append(html.escape(text[position:sentence.start], quote=False))
        # Marks that can overlap this sentence start before its end.
        nearby = marks[:bisect.bisect_left(starts, sentence.end)]
        inner = _sentence_html(text, sentence.start, sentence.end, nearby)
        anchor = f"{slug}-s{sentence.index}"
        sentences.anchors[(document.document.id, sentence.index)] = anchor
        sentences.html[(document.document.id, sentence.index)] = inner
        parts.append(f'<span class="sentence" id="{anchor}">{inner}</span>')
        position = sentence.end
    parts.append(html.escape(text[position:], quote=False))
    return Markup("".join(parts))


def _cited(doc: str, sentence: int, text: str, outlets: dict[str, str],
           titles: dict[str, str], sentences: _Sentences) -> CitedSentence:
    anchor = sentences.anchors.get((doc, sentence), "")
    html_text = sentences.html.get((doc, sentence))
    if html_text is None:
        html_text = Markup(highlight_html(text, []))
    return CitedSentence(outlets.get(doc, ""), titles.get(doc, doc),
                         f"#{anchor}" if anchor else "", html_text)


def _lexicon_views(lexicons: LexiconSet) -> tuple[LexiconView, ...]:
    views = []
    for lexicon in sorted(lexicons, key=lambda x: x.name):
        digest = ""
        if lexicon.path and Path(lexicon.path).is_file():
            digest = hashlib.sha256(Path(lexicon.path).read_bytes()).hexdigest()[:12]
        views.append(LexiconView(lexicon.name, lexicon.version or "–", lexicon.term_count,
                                 lexicon.origin or "", digest))
    return tuple(views)


def build_view(documents: Sequence[AnalyzedDocument], comparison: Comparison,
               lexicons: LexiconSet, *, generated: str, command: str,
               skipped: Sequence[str] = (), title: str | None = None) -> ReportView:
    """The report's view-model. ``documents`` are the analysed documents given a reading view
    (all of them for a small corpus)."""
    outlets_of = {str(r.doc): str(r.outlet) for r in comparison.documents.itertuples()}
    titles = {d.document.id: d.document.title
              or f"Untitled article from {d.document.outlet} ({d.document.id})"
              for d in documents}
    sentences = _Sentences()
    document_views = []
    for index, document in enumerate(documents, start=1):
        slug = _slug(index)
        html_text = _document_html(document, slug, sentences)
        doc = document.document
        url, is_link = safe_link(doc.url)
        document_views.append(DocumentView(
            anchor=slug, outlet=doc.outlet, id=doc.id,
            title=doc.title or f"Untitled article from {doc.outlet} ({doc.id})",
            author=doc.author or "", date=doc.date or "", url=url, url_is_link=is_link,
            source=_source_name(doc.source), sentences=len(document.sentences),
            tokens=document.token_count,
            evidence=sum(len(f.evidence) for f in document.features),
            removals=tuple(RemovalView(r.kind, r.line, r.reason, _excerpt(r.text))
                           for r in document.removals),
            warnings=document.warnings, html=html_text))

    outlets = []
    rows = comparison.outlets.to_dict("records")
    labels_by_outlet = _top_labels(comparison)
    for index, row in enumerate(rows, start=1):
        total = row["attributions"]
        sources = tuple(Share(t.replace("_", " "), f"{row[f'source.{t}']:.0%}",
                              100 * row[f"source.{t}"], SOURCE_TYPES.index(t))
                        for t in SOURCE_TYPES if total and row[f"source.{t}"] > 0)
        outlets.append(OutletView(
            name=row["outlet"], anchor=f"o{index}", documents=row["documents"],
            sentences=row["sentences"], tokens=row["tokens"],
            kinetic_share=share_interval(row["kinetic_share"], row["kinetic_share_lo"],
                                         row["kinetic_share_hi"], row["kinetic_share_n"]),
            certainty=signed_interval(row["certainty"], row["certainty_lo"],
                                      row["certainty_hi"], row["certainty_n"]),
            attribution_density=share_interval(
                row["attribution_density"], row["attribution_density_lo"],
                row["attribution_density_hi"], row["attribution_density_n"],
                unit="sentence"),  # attributed sentences / sentences
            sources=sources, attributions=int(total),
            labels=labels_by_outlet.get(row["outlet"], ""), note=row["note"]))

    differences = [c for c in comparison.contrast_objects if c.is_difference]
    contrast_views = tuple(ContrastView(
        summary=c.summary(), resampled=c.resampled, outlet_a=c.outlet_a, outlet_b=c.outlet_b,
        side_a=tuple(_cited(x.doc, x.sentence, x.text, outlets_of, titles, sentences)
                     for x in c.examples_a),
        side_b=tuple(_cited(x.doc, x.sentence, x.text, outlets_of, titles, sentences)
                     for x in c.examples_b))
        for c in differences[:SHOWN_CONTRASTS])

    aligned_views = []
    for group in comparison.aligned[:SHOWN_ALIGNED]:
        cited = []
        for s in group["sentences"]:
            cited.append(_cited(s["doc"], s["index"], s["text"], outlets_of, titles, sentences))
        aligned_views.append(AlignedView(
            rank=group["rank"], difference=f"{group['framing_difference']:.1f}",
            similarity=f"{group['similarity']:.2f}",
            anchors=", ".join(a.split(":", 1)[-1] for a in group["anchors"]),
            sentences=tuple(cited)))

    return ReportView(
        title=title or _default_title(comparison), generated=generated, version=__version__,
        command=command, outlets=tuple(outlets), contrasts=contrast_views,
        contrasts_total=len(differences), terms=_terms(comparison),
        speakers=_speakers(comparison), labels=_labels(comparison),
        prescriptions=_prescriptions(comparison, outlets_of, titles, sentences),
        aligned=tuple(aligned_views), aligned_total=len(comparison.aligned),
        aligned_searched=comparison.aligned_searched,
        documents=tuple(document_views), documents_total=len(comparison.documents),
        notes=tuple(comparison.notes), skipped=tuple(skipped),
        lexicons=_lexicon_views(lexicons),
        accuracy=tuple((f, f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}", n)
                       for f, (p, r, f1, n) in measured.FEATURE_SCORES.items()
                       if f in FEATURES),
        source_type_accuracy=(f"{measured.SOURCE_TYPE_ACCURACY[0]:.3f} over "
                              f"{measured.SOURCE_TYPE_ACCURACY[1]} sentences"))


def _source_name(source: Source) -> str:
    """The file's name (and line, for tables): enough to find it, without writing the folders
    of the machine that made the report into it."""
    name = Path(source.path).name or source.path
    return name if source.line is None else f"{name}:{source.line}"


def _excerpt(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _default_title(comparison: Comparison) -> str:
    n, d = len(comparison.outlets), len(comparison.documents)
    return f"How {n} outlet{'s' if n != 1 else ''} framed the story ({d} article{'s' if d != 1 else ''})"


def _top_labels(comparison: Comparison) -> dict[str, str]:
    labels = comparison.labels[comparison.labels["feature"] == "label"]
    result = {}
    for outlet, group in labels.groupby("outlet", sort=True):
        top = group.groupby("term")["count"].sum().sort_values(ascending=False, kind="stable")
        result[str(outlet)] = ", ".join(f"{term} ({n})" for term, n in top.head(4).items())
    return result


def _terms(comparison: Comparison) -> tuple[OutletTermsView, ...]:
    terms = comparison.terms
    views = []
    for outlet in comparison.outlets["outlet"]:
        mine = terms[terms["outlet"] == outlet]

        def pick(kind: str, mine=mine) -> tuple[TermView, ...]:
            rows = mine[mine["kind"] == kind].sort_values(["z", "term"], ascending=[False, True],
                                                          kind="stable").head(SHOWN_TERMS)
            return tuple(TermView(str(r.term), f"{r.z:.1f}", int(r.count),
                                  str(r.category) if isinstance(r.category, str) else "")
                         for r in rows.itertuples())

        views.append(OutletTermsView(str(outlet), pick("word"), pick("bigram"), pick("lexicon")))
    return tuple(views)


def _speakers(comparison: Comparison) -> tuple[SpeakersView, ...]:
    views = []
    for outlet in comparison.outlets["outlet"]:
        mine = comparison.sources[comparison.sources["outlet"] == outlet]
        total = int(mine["attributions"].sum())
        types = Counter({str(k): int(v) for k, v in
                         mine.groupby("source_type")["attributions"].sum().items()})
        stances = Counter({str(k): int(v) for k, v in
                           mine.groupby("stance")["attributions"].sum().items()})
        named = comparison.named_sources[comparison.named_sources["outlet"] == outlet]
        views.append(SpeakersView(
            str(outlet), total,
            tuple(Share(t.replace("_", " "), f"{types[t]} ({types[t] / total:.0%})",
                        100 * types[t] / total, SOURCE_TYPES.index(t))
                  for t in SOURCE_TYPES if types[t]),
            tuple(Share(s, f"{n} ({n / total:.0%})", 100 * n / total)
                  for s, n in sorted(stances.items())),
            tuple((str(r.source), str(r.source_type).replace("_", " "), int(r.count))
                  for r in named.head(8).itertuples())))
    return tuple(views)


def _labels(comparison: Comparison) -> tuple[LabelsView, ...]:
    views = []
    for outlet in comparison.outlets["outlet"]:
        mine = comparison.labels[comparison.labels["outlet"] == outlet]

        def rows(feature: str, mine=mine) -> tuple[tuple[str, str, int], ...]:
            part = mine[mine["feature"] == feature].sort_values(
                ["count", "term"], ascending=[False, True], kind="stable")
            return tuple((str(r.category).rpartition(".")[2].replace("_", " "), str(r.term),
                          int(r.count)) for r in part.itertuples())

        views.append(LabelsView(str(outlet), rows("label"), rows("killing")))
    return tuple(views)


def _prescriptions(comparison: Comparison, outlets_of: dict[str, str], titles: dict[str, str],
                   sentences: _Sentences) -> tuple[PrescriptionsView, ...]:
    views = []
    for profile in comparison.profiles:
        remedies = tuple((r, n) for r, n in sorted(profile.tally.remedies.items()) if n)
        examples = tuple(_cited(x.doc, x.sentence, x.text, outlets_of, titles, sentences)
                         for x in profile.tally.examples.get("prescription", [])[:3])
        views.append(PrescriptionsView(profile.name, remedies, examples))
    return tuple(views)
