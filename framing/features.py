"""Sentence-level framing features, each a list of evidence spans (start, end, feature, cue,
detail), drawn from lexicon matches.

Lexicon categories map onto the headline features of DESIGN.md: a sentence is kinetic when it
holds a ``conflict.kinetic`` match, and so on. Stance cues then pass through the context rules of
``framing.context`` (negated boosters become hedges; "could not" = unable, "may not" =
prohibition and "alleged that" are not hedges; a booster inside an open question is no
commitment). Other features have no context rules yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from framing.context import stance_of
from framing.context_conflict import conflict_context
from framing.lexicon.matcher import Match
from framing.lexicon.registry import LexiconSet
from framing.model import Evidence

FEATURES = ("kinetic", "political", "hedge", "booster", "attribution", "distancing")

# Each feature's evidence: matches of these (lexicon, category) pairs, sub-categories included.
FEATURE_CATEGORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "kinetic": (("conflict", "kinetic"),),
    "political": (("conflict", "political"),),
    "hedge": (("stance", "hedge"),),
    "booster": (("stance", "booster"),),
    "attribution": (("attribution", "reporting_verb"), ("attribution", "attribution_phrase")),
    "distancing": (("attribution", "verb_distancing"),),
}
# attribution.source_state_security -> source type "state_security"
SOURCE_LEXICON, SOURCE_PARENT, SOURCE_PREFIX = "attribution", "source", "source_"
SOURCE_TYPES = ("state_security", "government", "civil_society", "expert", "media", "militant",
                "anonymous", "international", "other")


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    evidence: tuple[Evidence, ...]
    source_type: str | None  # the type of the first source named, when attributed

    def has(self, feature: str) -> bool:
        return any(e.feature == feature for e in self.evidence)


def sentence_features(text: str, matches: Sequence[Match], lexicons: LexiconSet, *,
                      start: int = 0, end: int | None = None) -> SentenceFeatures:
    """The features of the sentence ``text[start:end]`` from its lexicon matches."""
    end = len(text) if end is None else end
    wanted = {feature: [(lex, cat) for lex, cat in pairs
                        if lex in lexicons.lexicons and cat in lexicons[lex].categories]
              for feature, pairs in FEATURE_CATEGORIES.items()}
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
    evidence = conflict_context(evidence, text, start, end)
    source_type = None
    if any(e.feature == "attribution" for e in evidence):
        source_type = "other"  # attributed, but no source noun the lexicon knows
        has_sources = (SOURCE_LEXICON in lexicons.lexicons
                       and SOURCE_PARENT in lexicons[SOURCE_LEXICON].categories)
        for m in matches if has_sources else ():
            if (lexicons.covers(m, SOURCE_LEXICON, SOURCE_PARENT)
                    and m.category.startswith(SOURCE_PREFIX)
                    and m.category[len(SOURCE_PREFIX):] in SOURCE_TYPES):
                source_type = m.category[len(SOURCE_PREFIX):]
                break
    return SentenceFeatures(tuple(evidence), source_type)
