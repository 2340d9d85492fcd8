"""Context rules for kinetic and political evidence (framing.context_conflict), each on real
sentences: the annotated set's dev split (ids given), the seed articles, and news sentences of the
kind the security-news sample holds. Each rule has a case where it applies and one where it must
not."""

from __future__ import annotations

import pytest

from framing.context_conflict import conflict_context
from framing.features import sentence_features
from framing.lexicon.registry import load_lexicons
from framing.model import Evidence

LEXICONS = load_lexicons(discover=False)


def axes(text: str) -> tuple[bool, bool]:
    features = sentence_features(text, LEXICONS.matcher.find(text), LEXICONS)
    return features.has("kinetic"), features.has("political")


def evidence(text: str) -> tuple[Evidence, ...]:
    return sentence_features(text, LEXICONS.matcher.find(text), LEXICONS).evidence


# rule 1, programme_name (borderline 7): a programme named "Operation ..." is not an operation
@pytest.mark.parametrize(("text", "kinetic", "political"), [
    # s0352 (dev)
    ("Borno's governor said more than 100,000 former fighters and their families had surrendered "
     "under the Operation Safe Corridor programme.", False, True),
    # a named military operation stays kinetic
    ("The army said Operation Zarb-e-Azb had cleared North Waziristan of militant hideouts.",
     True, False),
    ("Troops launched Operation Hudhud in the hills east of Mosul.", True, False),
])
def test_programme_name(text: str, kinetic: bool, political: bool) -> None:
    assert axes(text) == (kinetic, political)


def test_programme_name_relabels_with_a_reason() -> None:
    text = ("Borno's governor said more than 100,000 former fighters and their families had "
            "surrendered under the Operation Safe Corridor programme.")
    relabelled = [e for e in evidence(text) if e.cue == "operation"]
    assert relabelled and relabelled[0].feature == "political"
    assert relabelled[0].detail == ("conflict.kinetic_operations; programme name, not an "
                                    "operation")


# rule 2, metaphorical_object: a violence word whose object or arena is not violent
@pytest.mark.parametrize(("text", "kinetic"), [
    # s0142 (dev): the MPs attacked a budget, and "fired back" is a retort
    ("Opposition MPs attacked the budget as a betrayal of soldiers' families, and the finance "
     "minister fired back that they had offered no alternative.", False),
    ("The new president has pledged to fight corruption and improve the economy.", False),
    ("Republican leaders argued that the immigration fight was too poisonous to mix with the "
     "defense bill.", False),
    ("Conservative groups fight the senator's confirmation as defense secretary.", False),
    ("The opposition leader attacked the ruling in a speech to supporters.", False),
    # literal fighting, attacks and targets stay kinetic
    ("The generals who now fight over Khartoum were partners in the coup that ended Sudan's "
     "democratic transition.", True),  # s0187 (dev)
    ("Militants attacked the convoy as it passed through the Khyber district.", True),
    ("It also claimed to have killed 600 government soldiers in the fight for the Tabqa air base.",
     True),
    ("The power station was the primary target of the overnight strikes.", True),
    ("The Kremlin frames the war as a defensive response to NATO expansion.", True),  # s0140
])
def test_metaphorical_object(text: str, kinetic: bool) -> None:
    assert axes(text)[0] is kinetic


# rule 3, forces_without_action: naming a force is not kinetic; an act of force or troop
# presence keeps it; security-institution reform or pay makes it political
@pytest.mark.parametrize(("text", "kinetic", "political"), [
    # named without any act of force (dev: s0189, s0204, s0443, s0453, s0483, s0219)
    ("The army-aligned government in Port Sudan rejected the talks in Geneva, saying it would not "
     "sit with a 'terrorist militia'.", False, True),
    ("According to the commander, \u201cthe group has fewer than fifty fighters left, most of them "
     "teenagers.\u201d", False, False),
    ("Islamic State remnants might exploit the withdrawal of coalition troops from western Anbar.",
     False, False),
    ("The investigation by a Ukrainian news site proves that the drones were assembled in a "
     "factory in Tatarstan.", False, False),
    ("Burkina Faso's government said the volunteers for the defence of the homeland would receive "
     "additional weapons and training.", False, False),
    ("North Korea just tested its most powerful nuclear weapon to date.", False, False),
    # an act of force in the sentence keeps the forces words (dev: s0080, s0113, s0138, s0263)
    ("Pakistan's foreign office claimed that Indian troops had fired across the Line of Control "
     "without provocation.", True, False),
    ("Russian troops may have crossed into the Sumy region near the village of Yunakivka, a local "
     "official said.", True, False),
    ("The army should not be sent back into Cauca without a plan for what comes after.",
     True, False),
    ("Military officials said the rocket landed in an open area of a village.", True, False),
    # troop presence (borderline 9): s0425 (dev) and a news sentence; negated presence is not
    ("Kigali insists its troops are in Congo only to protect Rwanda's borders from the FDLR "
     "militia.", True, False),
    ("The Pentagon has about 2,200 troops in Syria supporting the militias.", True, False),
    ("Congo and Rwanda signed a peace agreement in Washington, though Rwanda says it has no troops "
     "in eastern Congo.", False, True),  # s0417 (dev)
    # security-institution reform, pay or budget without force: political (dev: s0386, s0112,
    # s0149)
    ("The new authorities in Damascus said they would dissolve all armed factions and integrate "
     "fighters into a unified national army.", False, True),
    ("In truth, the republic's army collapsed because soldiers had not been paid for months.",
     False, True),
    ("Russia's economy could overheat next year if military spending keeps rising at this pace.",
     False, True),
    ("Parliament voted to move the trials of civilians out of military courts.", False, True),
])
def test_forces_without_action(text: str, kinetic: bool, political: bool) -> None:
    assert axes(text) == (kinetic, political)


def test_security_reform_relabels_with_a_reason() -> None:
    text = ("It is possible that the Kurdish-led administration will accept integration into the "
            "national army in exchange for constitutional guarantees.")  # s0498 (dev)
    army = [e for e in evidence(text) if e.cue == "army" and e.feature in ("kinetic", "political")]
    assert [e.feature for e in army] == ["political"]
    assert army[0].detail == "conflict.kinetic_forces; security institution without force"


# rule 4, target_not_topic: infrastructure that is only hit is not development
@pytest.mark.parametrize(("text", "kinetic", "political"), [
    # s0113 (dev)
    ("Russian forces struck energy infrastructure in Kharkiv overnight with missiles and drones, "
     "leaving more than 200,000 people without power, the regional governor said.", True, False),
    ("The ministry said rebuilding the infrastructure destroyed in the war would cost $4 billion.",
     True, True),
    ("The government promised new investment in road and rail infrastructure for the province.",
     False, True),
])
def test_target_not_topic(text: str, kinetic: bool, political: bool) -> None:
    assert axes(text) == (kinetic, political)


# lexicon terms added with the rules (lexicons/README.md, change log)
@pytest.mark.parametrize(("text", "kinetic", "political"), [
    ("Police used tear gas and batons to disperse a sit-in in Quetta, and at least 30 protesters "
     "were arrested, organisers said.", True, True),  # s0026 (dev)
    ("It is well documented that the 2019 protests were met with live ammunition and snipers.",
     True, True),  # s0456 (dev)
    ("The social leader, who has received three death threats this year, said she no longer "
     "sleeps in the same house two nights in a row.", True, False),  # s0260 (dev)
    # legal and status nouns are not violence (borderline 7)
    ("The exchange of all prisoners of war was agreed at the talks in Istanbul.", False, True),
    ("The cessation of hostilities agreement signed in Pretoria has largely held.", False, True),
    ("The Kremlin's information war has found willing amplifiers in Western parliaments.",
     False, True),  # s0123 (dev)
    # "bank" is political only as a bank, not the West Bank
    ("Israeli troops raided a village in the West Bank.", True, False),
    ("Lebanon's banks, not its militias, did the most lasting damage to the state.", False, True),
])
def test_lexicon_terms(text: str, kinetic: bool, political: bool) -> None:
    assert axes(text) == (kinetic, political)


def test_other_features_pass_through() -> None:
    text = "Analysts said the troops had not been paid."
    items = [Evidence(9, 13, "attribution", "said", "attribution.reporting_verb"),
             Evidence(18, 24, "kinetic", "troops", "conflict.kinetic_forces")]
    out = conflict_context(items, text, 0, len(text))
    assert out[0] == items[0]
    assert [e.feature for e in out] == ["attribution", "political"]


def test_no_conflict_evidence_is_unchanged() -> None:
    assert conflict_context([], "Nothing to see here.", 0, 20) == []
