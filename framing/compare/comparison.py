"""The comparator's front: ``Comparator`` merges analysed documents one at a time into outlet
tallies, and ``Comparison`` holds the result as tidy DataFrames that the report, the exercises
and the ``compare`` command read.

``compare(...)`` is the one-call version for notebooks.
"""

from __future__ import annotations

import hashlib
import heapq
import html
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from framing.attribution import SOURCE_TYPES, STANCES
from framing.corpus.loader import Corpus
from framing.lexicon.registry import LexiconSet
from framing.model import Document, Skipped
from framing.pipeline import Analysis, AnalyzedDocument, analyze_document
from framing.profile import INDICES, REMEDIES

from .align import FactSentence, align, group_record
from .contrasts import DIFFERENCE, MIN_SUPPORT, Contrast, contrasts
from .digest import DocumentDigest, digest
from .metrics import METRICS, RATE_FEATURES, column, support
from .outlets import DOCUMENT_BOOTSTRAP_MIN, OutletProfile, OutletTally, outlet_profile
from .similarity import EXACT_UP_TO, WordBags, similarity_pairs
from .termcounts import Vocabulary
from .terms import distinctive_terms

# An outlet with fewer sentences than this gets a note that its intervals are wide.
FEW_SENTENCES = 30
# Same-fact alignment holds every fact sentence of the documents it searches (about 80 kB a
# document) and its cost grows faster than the corpus: beyond this many documents it searches a
# random sample of this size, the same whatever the input order.
ALIGN_DOCUMENTS = 1_000
TOP_NAMED_SOURCES = 20

OUTPUT_FILES = ("outlets.csv", "contrasts.csv", "contrast_evidence.csv", "distinctive_terms.csv",
                "sources.csv", "named_sources.csv", "labels.csv", "aligned.jsonl",
                "similarity.csv", "compared_documents.csv")


@dataclass(frozen=True, slots=True)
class _DocumentEntry:
    """What is kept of each document after its counts are merged: enough for the similarity
    table and the documents list."""

    id: str
    outlet: str
    title: str | None
    source: str
    sentences: int
    tokens: int
    fingerprint: str


@dataclass(slots=True)
class Comparison:
    """Outlets side by side, as tidy tables (one row per observation, named columns):

    * ``outlets``: one row per outlet, every metric with ``_lo``/``_hi`` interval columns;
    * ``contrasts``: every pair of outlets on every metric, with a status; only rows whose
      status is ``"difference"`` are findings (see ``framing.compare.contrasts``);
    * ``contrast_evidence``: two or three sentences per side for each difference;
    * ``terms``: distinctive words, two-word phrases and lexicon terms per outlet;
    * ``sources``: who speaks, attributions by source type, stance and speech;
    * ``named_sources``: the sources named most often per outlet;
    * ``labels``: the words used for armed groups and state forces, and for killing;
    * ``aligned``: same fact, different words (one record per group of sentences);
    * ``similarity``: document pairs with their cosine and copy flags;
    * ``documents``: the documents compared.
    """

    outlets: pd.DataFrame
    contrasts: pd.DataFrame
    contrast_evidence: pd.DataFrame
    terms: pd.DataFrame
    sources: pd.DataFrame
    named_sources: pd.DataFrame
    labels: pd.DataFrame
    aligned: list[dict[str, Any]]
    similarity: pd.DataFrame
    documents: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    aligned_searched: bool = True  # False when same-fact alignment was turned off
    profiles: list[OutletProfile] = field(default_factory=list, repr=False)
    contrast_objects: list[Contrast] = field(default_factory=list, repr=False)

    def differences(self) -> pd.DataFrame:
        """The contrasts that are findings."""
        return self.contrasts[self.contrasts["status"] == DIFFERENCE].reset_index(drop=True)

    def aligned_frame(self) -> pd.DataFrame:
        """``aligned`` flattened: one row per sentence in a group."""
        rows = [{"rank": g["rank"], "framing_difference": g["framing_difference"],
                 "similarity": g["similarity"],
                 **{k: v for k, v in s.items() if k not in ("evidence", "counts")},
                 "cues": "; ".join(f"{e['feature']}: {e['cue']}" for e in s.get("evidence", []))}
                for g in self.aligned for s in g.get("sentences", [])]
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        """A notebook summary. Every value is escaped: outlet names and sentences are data."""
        parts = [f"<div class='framing-comparison'><h3>Comparison of {len(self.outlets)} "
                 f"outlet(s), {len(self.documents)} document(s)</h3>"]
        parts += [f"<p>{html.escape(note)}</p>" for note in self.notes]
        shown = ["outlet", "documents", "sentences", "tokens"]
        table = self.outlets[shown].copy()
        for name in ("kinetic_share", "certainty", "attribution_density"):
            table[name] = [_with_interval(v, lo, hi) for v, lo, hi in zip(
                self.outlets[name], self.outlets[name + "_lo"], self.outlets[name + "_hi"],
                strict=True)]
        parts.append(table.to_html(index=False, escape=True, border=0))
        found = self.differences()
        parts.append(f"<h4>Differences the data support ({len(found)})</h4>")
        if found.empty:
            parts.append("<p>None: no contrast passed the test at this amount of evidence.</p>")
        else:
            parts.append("<ul>" + "".join(f"<li>{html.escape(s)}</li>"
                                          for s in found["summary"].head(20)) + "</ul>")
        if not self.terms.empty:
            words = self.terms[self.terms["kind"] == "word"].groupby("outlet").head(8)
            listed = words.groupby("outlet")["term"].apply(", ".join).reset_index()
            parts.append("<h4>Distinctive words</h4>")
            parts.append(listed.to_html(index=False, escape=True, border=0))
        parts.append("</div>")
        return "".join(parts)


def _with_interval(value: float, lo: float, hi: float) -> str:
    if not math.isfinite(value):
        return "–"
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return f"{value:.2f}"
    return f"{value:.2f} [{lo:.2f}, {hi:.2f}]"


class Comparator:
    """Merges analysed documents into outlet tallies as they stream past; ``result()`` builds
    the ``Comparison``. Texts are not kept: only digests' counts, examples, each document's
    word counts (compactly, for similarity) and the fact sentences of at most
    ``align_documents`` documents (for alignment), so memory grows by a few kilobytes a
    document."""

    def __init__(self, *, top_terms: int | None = 30,
                 align_documents: int = ALIGN_DOCUMENTS) -> None:
        self.top_terms = top_terms
        self.align_documents = align_documents
        self.tallies: dict[str, OutletTally] = {}
        self.entries: list[_DocumentEntry] = []
        self.word_bags = WordBags()
        self.vocabulary = Vocabulary()  # the outlets' words and phrases, numbered once
        # The documents whose facts are kept: those with the smallest hashes of (outlet, id,
        # text), a max-heap by hash, so the sample does not depend on the input order. Ties
        # (one article twice under one id, its case or spacing changed) are broken by the fact
        # sentences' offsets and texts, then by arrival, so the facts are never compared.
        self._fact_sample: list[tuple[int, str, str, tuple[tuple[int, int, int, str], ...],
                                      int, list[FactSentence]]] = []
        self._documents_with_facts = 0
        self.skipped: list[Skipped] = []
        self.warnings: list[str] = []  # the analysis's warnings about documents (language ...)

    def add(self, document: AnalyzedDocument | DocumentDigest) -> None:
        d = document if isinstance(document, DocumentDigest) else digest(document)
        self.warnings += [f"{d.id} ({d.source}): {w}" for w in d.warnings]
        self._sample_facts(d)
        if d.outlet not in self.tallies:
            self.tallies[d.outlet] = OutletTally(d.outlet, vocabulary=self.vocabulary)
        self.tallies[d.outlet].add(d)
        self.word_bags.add(d.words)
        self.entries.append(_DocumentEntry(d.id, d.outlet, d.title, d.source, d.sentences,
                                           d.tokens, d.fingerprint))

    def _sample_facts(self, d: DocumentDigest) -> None:
        if not d.facts:
            return
        self._documents_with_facts += 1
        if self.align_documents <= 0:
            return
        key = f"{d.outlet}\0{d.id}\0{d.fingerprint}".encode()
        rank = -int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")
        sentences = tuple((f.index, f.start, f.end, f.text) for f in d.facts)
        item = (rank, d.outlet, d.id, sentences, self._documents_with_facts, d.facts)
        if len(self._fact_sample) < self.align_documents:
            heapq.heappush(self._fact_sample, item)
        elif item[:4] > self._fact_sample[0][:4]:  # a smaller hash than the largest kept
            heapq.heapreplace(self._fact_sample, item)

    @property
    def facts(self) -> list[FactSentence]:
        """The fact sentences alignment searches: every document's, up to ``align_documents``
        documents with facts, else those of a random sample of that many."""
        # In the sample's order, not the heap's (which depends on the order of arrival).
        return [fact for *_, facts in sorted(self._fact_sample, key=lambda item: item[:5])
                for fact in facts]

    @property
    def fact_documents(self) -> int:
        """How many documents' fact sentences are searched."""
        return len(self._fact_sample)

    def result(self) -> Comparison:
        names = sorted(self.tallies)
        profiles = [outlet_profile(self.tallies[name]) for name in names]
        found = contrasts(profiles)
        notes = _notes(profiles, found)
        notes += [f"not compared: {item}" for item in self.skipped]
        notes += [f"warning: {warning}" for warning in self.warnings]
        similarity = similarity_pairs([e.id for e in self.entries],
                                      [e.outlet for e in self.entries],
                                      self.word_bags,
                                      [e.fingerprint for e in self.entries])
        aligned = _align(self.facts)
        searched = self.fact_documents
        with_facts = self._documents_with_facts
        if self.align_documents <= 0:
            notes.append("same-fact alignment was turned off (--align-documents 0): "
                         "aligned.jsonl is empty")
        elif searched < with_facts:
            notes.append(f"same-fact alignment searched a random sample of {searched:,} of the "
                         f"{with_facts:,} documents (aligned.jsonl); raise --align-documents to "
                         "search more, at about 80 kB of memory a document")
        if len(names) > 1 and not aligned and self.align_documents > 0:
            notes.append("no sentences from different outlets were found to report the same "
                         "fact (aligned.jsonl is empty): the articles share a topic more than "
                         "facts, or say the same thing in words too different to match")
        if len(self.entries) > EXACT_UP_TO:
            notes.append(f"with over {EXACT_UP_TO:,} documents, similarity.csv lists copies "
                         "only: near copies were found by MinHash among documents sharing most "
                         "of their words (each checked by its cosine), not by comparing every "
                         "pair, and closest neighbours are not listed")
        copies = similarity[similarity["relation"] != ""]
        if not copies.empty:
            notes.append(f"{len(copies)} pair(s) of documents are copies or near copies (see "
                         "similarity.csv); each copy counts as a document of its outlet")
        terms = distinctive_terms({n: self.tallies[n].words for n in names},
                                  {n: self.tallies[n].bigrams for n in names},
                                  {n: self.tallies[n].lexicon_terms for n in names},
                                  top=self.top_terms)
        return Comparison(
            outlets=_outlets_frame(profiles), contrasts=_contrasts_frame(found),
            contrast_evidence=_evidence_frame(found), terms=terms,
            sources=_sources_frame(profiles), named_sources=_named_sources_frame(profiles),
            labels=_labels_frame(profiles), aligned=aligned,
            similarity=similarity, documents=_documents_frame(self.entries, similarity),
            notes=notes, aligned_searched=self.align_documents > 0, profiles=profiles,
            contrast_objects=found)


def _align(facts: list[FactSentence]) -> list[dict[str, Any]]:
    return [group_record(group, rank) for rank, group in enumerate(align(facts), start=1)]


def _notes(profiles: list[OutletProfile], found: list[Contrast]) -> list[str]:
    notes = []
    if len(profiles) == 1:
        notes.append(f"only one outlet ({profiles[0].name}): there is nothing to contrast; "
                     "give documents from two or more outlets")
    for p in profiles:
        if p.tally.sentences < FEW_SENTENCES:
            n = p.tally.sentences
            notes.append(f"{p.name} has only {n} sentence{'s' if n != 1 else ''}: its intervals are "
                         "wide and few of its contrasts can be tested")
    if any(c.status == DIFFERENCE and c.resampled == "sentences" for c in found):
        notes.append(f"outlets with fewer than {DOCUMENT_BOOTSTRAP_MIN} articles are resampled "
                     "by sentence: their differences are between these articles, not measured "
                     "habits of the outlets")
    if len(profiles) > 1 and not any(c.status == DIFFERENCE for c in found):
        notes.append("no contrast between outlets is supported by the evidence at this size")
    return notes


def _outlets_frame(profiles: list[OutletProfile]) -> pd.DataFrame:
    rows = []
    for p in profiles:
        t = p.tally
        totals = p.totals
        row: dict[str, Any] = {"outlet": p.name, "documents": len(t.documents),
                               "sentences": t.sentences, "tokens": t.tokens,
                               "resampled": t.resampled}
        thin = []
        for m in METRICS:
            lo, hi = p.interval(m.name)
            row[m.name], row[m.name + "_lo"], row[m.name + "_hi"] = p.values[m.name], lo, hi
            if m.kind == "index":
                row[m.name + "_n"] = n = support(totals, m)
                if 0 < n < MIN_SUPPORT and m.name in INDICES[:3]:
                    unit = "sentence" if m.name == "attribution_density" else "cue"
                    thin.append(f"{m.name} rests on {n} {unit}{'s' if n != 1 else ''}, too few "
                                "for a reliable interval")
        for f in RATE_FEATURES:
            row[f] = column(totals, f"count.{f}")
        row["attributed_sentences"] = column(totals, "attributed")
        row["attributions"] = column(totals, "attributions")
        stances: Counter[str] = Counter()
        speech: Counter[str] = Counter()
        for (_, stance, kind), n in t.attributions.items():
            stances[stance] += n
            speech[kind] += n
        total = sum(stances.values())
        for s in STANCES:
            row[f"stance.{s}"] = stances[s] / total if total else float("nan")
        row["speech.direct"], row["speech.indirect"] = speech["direct"], speech["indirect"]
        for r in REMEDIES:
            row[f"remedy.{r}"] = t.remedies[r]
        notes = [f"only {t.sentences} sentences: intervals are wide"] \
            if t.sentences < FEW_SENTENCES else []
        notes += thin
        row["note"] = "; ".join(notes)
        rows.append(row)
    return pd.DataFrame(rows, columns=outlet_columns())


def outlet_columns() -> list[str]:
    """The columns of ``outlets.csv``, in order (named in the README)."""
    columns = ["outlet", "documents", "sentences", "tokens", "resampled"]
    for m in METRICS:
        columns += [m.name, m.name + "_lo", m.name + "_hi"]
        if m.kind == "index":
            columns.append(m.name + "_n")
    columns += [*RATE_FEATURES, "attributed_sentences", "attributions"]
    columns += [f"stance.{s}" for s in STANCES]
    columns += ["speech.direct", "speech.indirect", *(f"remedy.{r}" for r in REMEDIES), "note"]
    return columns


CONTRAST_COLUMNS = ["contrast", "metric", "kind", "outlet_a", "outlet_b", "value_a", "value_b",
                    "difference", "difference_lo", "difference_hi", "ratio", "ratio_lo",
                    "ratio_hi", "support_a", "support_b", "resampled", "p_value", "q_value",
                    "status", "summary"]
EVIDENCE_COLUMNS = ["contrast", "metric", "side", "outlet", "doc", "sentence", "text", "cues",
                    "source_type"]


def _contrasts_frame(found: list[Contrast]) -> pd.DataFrame:
    rows = [{"contrast": i, "metric": c.metric.name, "kind": c.metric.kind,
             "outlet_a": c.outlet_a, "outlet_b": c.outlet_b, "value_a": c.value_a,
             "value_b": c.value_b, "difference": c.difference, "difference_lo": c.difference_lo,
             "difference_hi": c.difference_hi, "ratio": c.ratio, "ratio_lo": c.ratio_lo,
             "ratio_hi": c.ratio_hi, "support_a": c.support_a, "support_b": c.support_b,
             "resampled": c.resampled, "p_value": c.p_value, "q_value": c.q_value, "status": c.status,
             "summary": c.summary()}
            for i, c in enumerate(found, start=1)]
    return pd.DataFrame(rows, columns=CONTRAST_COLUMNS)


def _evidence_frame(found: list[Contrast]) -> pd.DataFrame:
    rows = []
    for i, c in enumerate(found, start=1):
        for side, outlet, examples in (("a", c.outlet_a, c.examples_a),
                                       ("b", c.outlet_b, c.examples_b)):
            for x in examples:
                rows.append({"contrast": i, "metric": c.metric.name, "side": side,
                             "outlet": outlet, "doc": x.doc, "sentence": x.sentence,
                             "text": x.text, "source_type": x.source_type or "",
                             "cues": "; ".join(f"{q.feature}: {x.text[q.start:q.end]}"
                                               for q in x.cues)})
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


def _sources_frame(profiles: list[OutletProfile]) -> pd.DataFrame:
    rows = []
    for p in profiles:
        total = sum(p.tally.attributions.values())
        for (source_type, stance, speech), n in sorted(p.tally.attributions.items()):
            rows.append({"outlet": p.name, "source_type": source_type, "stance": stance,
                         "speech": speech, "attributions": n, "share": n / total})
    frame = pd.DataFrame(rows, columns=["outlet", "source_type", "stance", "speech",
                                        "attributions", "share"])
    order = {t: i for i, t in enumerate(SOURCE_TYPES)}
    return frame.sort_values(["outlet", "source_type", "stance", "speech"],
                             key=lambda s: s.map(order) if s.name == "source_type" else s,
                             kind="stable").reset_index(drop=True)


def _named_sources_frame(profiles: list[OutletProfile]) -> pd.DataFrame:
    rows = []
    for p in profiles:
        # The same name in different case counts once, shown as first written most often.
        merged: Counter[tuple[str, str]] = Counter()
        shown: dict[tuple[str, str], Counter[str]] = {}
        for (name, source_type), n in p.tally.named_sources.items():
            key = (name.casefold(), source_type)
            merged[key] += n
            shown.setdefault(key, Counter())[name] += n
        ranked = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_NAMED_SOURCES]
        for key, n in ranked:
            rows.append({"outlet": p.name, "source": shown[key].most_common(1)[0][0],
                         "source_type": key[1], "count": n})
    return pd.DataFrame(rows, columns=["outlet", "source", "source_type", "count"])


def _labels_frame(profiles: list[OutletProfile]) -> pd.DataFrame:
    rows = [{"outlet": p.name, "feature": feature, "category": category, "term": term,
             "count": n, "per_1k": n * 1000 / p.tally.tokens if p.tally.tokens else float("nan")}
            for p in profiles
            for (feature, category, term), n in sorted(p.tally.labels.items())]
    frame = pd.DataFrame(rows, columns=["outlet", "feature", "category", "term", "count",
                                        "per_1k"])
    return frame.sort_values(["outlet", "feature", "category", "count", "term"],
                             ascending=[True, True, True, False, True],
                             kind="stable").reset_index(drop=True)


def _documents_frame(entries: list[_DocumentEntry], similarity: pd.DataFrame) -> pd.DataFrame:
    copy_of: dict[str, str] = {}
    for row in similarity[similarity["relation"] != ""].itertuples():
        copy_of.setdefault(str(row.doc_b), str(row.doc_a))
    rows = [{"doc": e.id, "outlet": e.outlet, "title": e.title or "", "source": e.source,
             "sentences": e.sentences, "tokens": e.tokens, "copy_of": copy_of.get(e.id, "")}
            for e in entries]
    return pd.DataFrame(rows, columns=["doc", "outlet", "title", "source", "sentences", "tokens",
                                       "copy_of"])


def compare(source: Analysis | Corpus | Iterable[AnalyzedDocument | Document | Skipped], *,
            lexicons: LexiconSet | None = None, top_terms: int | None = 30) -> Comparison:
    """Compare outlets: from an ``Analysis``, analysed documents, or documents and a corpus
    (analysed here, one at a time, with ``lexicons``: default the lexicons in force). Inputs
    that could not be analysed are listed in the comparison's notes, never dropped silently."""
    comparator = Comparator(top_terms=top_terms)
    if isinstance(source, Analysis):
        for analysed in source.documents:
            comparator.add(analysed)
        comparator.skipped.extend(source.skipped)
        return comparator.result()
    if isinstance(source, Corpus):
        comparator.skipped.extend(source.skipped)
    for item in source:
        if isinstance(item, Document):
            if lexicons is None:
                from framing.lexicon.registry import load_lexicons

                lexicons = load_lexicons()
            item = analyze_document(item, lexicons=lexicons)
        if isinstance(item, AnalyzedDocument):
            comparator.add(item)
        elif isinstance(item, Skipped):
            comparator.skipped.append(item)
        else:
            raise TypeError(f"cannot compare a {type(item).__name__}: give documents, analysed "
                            "documents or an Analysis")
    return comparator.result()
