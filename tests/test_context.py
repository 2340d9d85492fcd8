"""Context rules for stance cues, each on sentences of the kind news and commentary use."""

from __future__ import annotations

import pytest

from framing.features import sentence_features
from framing.lexicon.registry import load_lexicons

LEXICONS = load_lexicons(discover=False)


def stance(text: str) -> tuple[bool, bool]:
    features = sentence_features(text, LEXICONS.matcher.find(text), LEXICONS)
    return features.has("hedge"), features.has("booster")


@pytest.mark.parametrize(("text", "hedge", "booster"), [
    # negated boosters are hedges, not boosters
    ("The Taliban's claims are not clearly supported by the attack data.", True, False),
    ("Nobody can say with certainty whether the dam was blown up deliberately.", True, False),
    ("We know with certainty that the convoy was hit twice.", False, True),
    # "could not" = was unable; but "could not be verified" marks the claim as unverified
    ("Reporters could not reach the village because the road was mined.", False, False),
    ("The figures could not be independently verified.", True, False),
    ("The death toll could rise as rescuers reach the hills.", True, False),
    # "may not" + verb = prohibition; "may not be" stays epistemic
    ("Foreign journalists may not travel to the border districts without a permit.", False, False),
    ("The official count may not be complete.", True, False),
    ("Forces must withdraw from the town by Friday.", False, False),
    # "alleged that" reports a claim; "allegedly" hedges it
    ("Hamas alleged that Israeli forces had fired on people waiting for flour.", False, False),
    ("The men allegedly planted the device near the market.", True, False),
    # a booster inside an open question is no commitment
    ("It remains to be seen whether the sanctions will, in fact, constrain the war effort.",
     True, False),
    ("The sanctions have, in fact, constrained the war effort.", False, True),
    # "suggest that" = indicates
    ("Our interviews suggest that a younger cohort has replaced the tribal leaders.", True, False),
    # "suggested" + a proposal = proposed, not a hedge (dev-split sentences)
    ("Saudi and US mediators suggested resuming the Jeddah talks, but neither the army nor the "
     "RSF replied.", False, False),
    ("The mediator from ECOWAS suggested a six-month transition charter, elections in 2027 and "
     "a national reconciliation commission.", False, False),
])
def test_stance_context_rules(text: str, hedge: bool, booster: bool):
    assert stance(text) == (hedge, booster)


def test_rule_reasons_are_kept_in_the_evidence():
    text = "The claims are not clearly supported by the data."
    (evidence,) = [e for e in sentence_features(text, LEXICONS.matcher.find(text), LEXICONS).evidence
                   if e.cue == "clearly"]
    assert evidence.feature == "hedge" and "negated booster" in evidence.detail
    assert text[evidence.start:evidence.end] == "clearly"
