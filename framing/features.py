"""Sentence-level framing features, each a list of evidence spans (start, end, feature, cue,
detail, voice), assembled from the stages that find them:

* kinetic / political and hedge / booster: lexicon matches, passed through the context rules of
  ``framing.context`` (stance) and ``framing.context_conflict`` (force and politics);
* attribution, its source and distancing: ``framing.attribution``;
* scare quotes: short quotations with no speaker (``framing.quotes``);
* actor labels and killing words: the actors lexicon;
* prescriptions: ``framing.prescriptions``; figures: ``framing.figures``.

Every evidence span then gets its voice: the author's own, or quoted/attributed content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from framing.attribution import SOURCE_TYPES, STANCES, Attribution, Voices, find_attributions
from framing.context import stance_of
from framing.context_conflict import conflict_context
from framing.figures import find_figures
from framing.lexicon.matcher import Match, WordToken
from framing.lexicon.registry import LexiconSet
from framing.model import Evidence
from framing.prescriptions import find_prescriptions

__all__ = ["ALL_FEATURES", "FEATURES", "SOURCE_TYPES", "STANCES", "SentenceFeatures",
           "sentence_features"]

# The features scored against human annotation (``framing eval``).
FEATURES = ("kinetic", "political", "hedge", "booster", "attribution", "distancing")
# Every feature evidence can carry.
ALL_FEATURES = (*FEATURES, "source", "scare_quote", "label", "killing", "prescription", "figure")

# Lexicon features: matches of these (lexicon, category) pairs, sub-categories included.
LEXICON_FEATURES: dict[str, tuple[tuple[str, str], ...]] = {
    "kinetic": (("conflict", "kinetic"),),
    "political": (("conflict", "political"),),
    "hedge": (("stance", "hedge"),),
    "booster": (("stance", "booster"),),
    "label": (("actors", "armed_group_label"), ("actors", "state_force_label")),
    "killing": (("actors", "killing_term"),),
}
# A quotation this short with no speaker is a scare quote ("social blitz").
SCARE_QUOTE_MAX_WORDS = 4
SCARE_QUOTE_LABEL_MAX_WORDS = 8
_LABELLING_WORDS = frozenset("as calls called call dubbed termed branded labelled labeled".split())


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """A sentence's evidence, its attributions and the spans spoken in other voices."""

    evidence: tuple[Evidence, ...]
    attributions: tuple[Attribution, ...] = ()
    quoted: tuple[tuple[int, int], ...] = ()

    @property
    def source_type(self) -> str | None:
        """The type of the main source, when the sentence is attributed: the first named one,
        else the first ("Gunfire has been reported ..., according to residents": residents)."""
        named = [a for a in self.attributions if not a.vague]
        main = named[0] if named else self.attributions[0] if self.attributions else None
        return main.source_type if main else None

    def has(self, feature: str, voice: str | None = None) -> bool:
        """Whether any evidence of ``feature`` (in ``voice``, when given) is present."""
        return any(e.feature == feature and (voice is None or e.voice == voice)
                   for e in self.evidence)


def _lexicon_evidence(text: str, matches: Sequence[Match], lexicons: LexiconSet,
                      start: int, end: int) -> list[Evidence]:
    if not matches:
        return []
    wanted = {feature: [(lex, cat) for lex, cat in pairs
                        if lex in lexicons.lexicons and cat in lexicons[lex].categories]
              for feature, pairs in LEXICON_FEATURES.items()}
    evidence: list[Evidence] = []
    seen: set[tuple[int, int, str]] = set()
    for m in matches:
        for feature, pairs in wanted.items():
            if not any(lexicons.covers(m, lex, cat) for lex, cat in pairs):
                continue
            shows, detail = feature, f"{m.lexicon}.{m.category}"
            if feature in ("hedge", "booster"):
                resolved, reason = stance_of(m.term, feature, text, m.start, m.end, start, end)
                if resolved is None:  # the context says it is no stance cue here
                    continue
                shows = resolved
                if reason:
                    detail = f"{detail}; {reason}"
            if (m.start, m.end, shows) not in seen:  # a term in two sub-categories: once
                seen.add((m.start, m.end, shows))
                evidence.append(Evidence(m.start, m.end, shows, m.term, detail))
    return evidence


def _attribution_evidence(text: str, voices: Voices) -> list[Evidence]:
    evidence: list[Evidence] = []
    sources: set[tuple[int, int]] = set()
    for a in voices.attributions:
        detail = f"source type: {a.source_type}; stance: {a.stance}; {a.speech} speech"
        if a.vague:
            detail += "; vague source"
        evidence.append(Evidence(a.cue_start, a.cue_end, "attribution", a.cue, detail))
        # A source with two cues ("X said ..., adding ...") is one source: one span.
        if a.source_end > a.source_start and (a.source_start, a.source_end) not in sources:
            sources.add((a.source_start, a.source_end))
            evidence.append(Evidence(a.source_start, a.source_end, "source", a.source,
                                     f"source type: {a.source_type}"))
        if a.stance == "distancing":
            evidence.append(Evidence(a.cue_start, a.cue_end, "distancing", a.cue,
                                     "distancing reporting term"))
    return evidence


def _scare_quote_evidence(text: str, voices: Voices) -> list[Evidence]:
    """Short quotations that no cue introduces as speech; in an attributed sentence they hold
    the source's own term at a distance ("described the killings as 'isolated acts'")."""
    direct = {(a.content_start, a.content_end) for a in voices.attributions
              if a.speech == "direct"}
    evidence: list[Evidence] = []
    for quote in voices.quotes:
        if not quote.closed or quote.inner in direct:
            continue
        words = quote.words(text)
        before = text[max(0, quote.start - 12):quote.start].split()[-1:]
        # The source's own label, quoted after "as" or "calls", may run a little longer.
        labelled = bool(before) and before[0].casefold() in _LABELLING_WORDS
        if not 0 < words <= (SCARE_QUOTE_LABEL_MAX_WORDS if labelled else SCARE_QUOTE_MAX_WORDS):
            continue
        inner = text[quote.inner[0]:quote.inner[1]].strip(" ,.;:!?")
        if not any(ch.isalpha() for ch in inner):
            continue  # '""' or '“42”' quotes no term
        evidence.append(Evidence(quote.start, quote.end, "scare_quote", inner,
                                 "short quotation with no speaker"))
        if voices.attributions:
            evidence.append(Evidence(quote.start, quote.end, "distancing", inner,
                                     "scare quotes in an attributed sentence"))
    return evidence


def sentence_features(text: str, matches: Sequence[Match], lexicons: LexiconSet, *,
                      start: int = 0, end: int | None = None,
                      words: list[WordToken] | None = None) -> SentenceFeatures:
    """The features of the sentence ``text[start:end]`` from its lexicon matches (offsets into
    ``text``). ``words``, when given, are ``lexicons.matcher.words(text, start, end)``, already
    computed for the matches: the stages that read words then do not tokenise again."""
    end = len(text) if end is None else end
    evidence = _lexicon_evidence(text, matches, lexicons, start, end)
    evidence = conflict_context(evidence, text, start, end)
    evidence += find_prescriptions(text, start, end, evidence, tokens=words)
    evidence += [Evidence(f.start, f.end, "figure", f.number,
                          f"{f.kind}: {f.counts}" if f.counts else f.kind)
                 for f in find_figures(text, start, end)]
    voices = find_attributions(text, start, end, matches, lexicons, tokens=words)
    evidence += _attribution_evidence(text, voices)
    evidence += _scare_quote_evidence(text, voices)
    evidence.sort(key=lambda e: (e.start, e.end, e.feature))
    return SentenceFeatures(_voiced(evidence, voices), voices.attributions, voices.quoted)


def _voiced(evidence: list[Evidence], voices: Voices) -> tuple[Evidence, ...]:
    """The evidence with each span's voice. Built directly rather than with
    ``dataclasses.replace`` (a tenth of the feature stage), and only where the voice changes."""
    voiced = []
    for e in evidence:
        voice = voices.voice_of(e.start, e.end)
        voiced.append(e if voice == e.voice else
                      Evidence(e.start, e.end, e.feature, e.cue, e.detail, voice))
    return tuple(voiced)
