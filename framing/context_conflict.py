"""Context rules for kinetic and political evidence: where a conflict word does not describe the
use of force or politics in this sentence (metaphor, an armed group named without any action,
security-institution reform without force).

The lexicon can only exclude fixed phrases ("war of words", "heart attack"). These rules look at
what varies: the object of "attacked", whether anything in the sentence is an act of force, and
whether the sentence is about reforming or paying a security institution. Each rule is small and
named; a rule that drops an item says so nowhere (the item is gone), a rule that re-labels an item
appends its reason to the Evidence detail (``conflict.kinetic_forces; <reason>``).

The rules (1, 2 and 4 look at one item at a time and run first; 3 looks at the whole sentence's
kinetic evidence and runs last):

1. ``programme_name`` (annotation guidelines, borderline 7): "Operation Safe Corridor programme"
   names a programme, not an operation: the "operation" cue becomes political.
2. ``metaphorical_object``: "attacked the budget", "fight corruption", "a battle over the bill":
   a violence word whose object is a non-violent thing (a budget, a law, an idea, a disease) or
   that happens in a non-violent venue ("in parliament", "on social media") is dropped.
3. ``forces_without_action``: when the only kinetic evidence is a forces or weapons word
   ("troops", "army", "drones") and the sentence holds no act of force (no firing, striking,
   capturing, deploying, using ..., and no troop presence such as "troops are in Congo"), naming
   the force is not kinetic. If the sentence is about reforming, paying, funding, integrating or
   judging the security institution ("integrate fighters into a national army", "military
   spending", "soldiers had not been paid"), the items become political evidence; otherwise they
   are dropped.
4. ``target_not_topic``: "struck energy infrastructure", "shelled the power grid": a development
   word that is only the target of an attack is not political content; the political item is
   dropped (the sentence stays kinetic through the attack).

Rules are tuned on the dev split of tests/data only.
"""

from __future__ import annotations

import re
from dataclasses import replace

from framing.model import Evidence

KINETIC, POLITICAL = "kinetic", "political"
FORCES_DETAIL = "conflict.kinetic_forces"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


# --- rule 1: a programme named "Operation ..." --------------------------------------------------
# A capitalised "Operation" starting a name, then within a few words a programme noun.
PROGRAMME_NAME = re.compile(
    r"\bOperations?\s+(?:[A-Z][\w'-]*\s+){1,4}(?:programmes?|programs?|initiatives?|schemes?|"
    r"camps?|centres?|centers?|projects?)\b")

# --- rule 2: a violence word with a non-violent object or venue ---------------------------------
# Only these cues can be metaphors in this way; "killed", "troops", "shelling" never are.
METAPHOR_CUES = _words(r"attack\w*|fight|fights|fought|fighting|battle|battles|target\w*|combat|"
                       r"war|wars|offensive|assault\w*|bombard\w*|torpedo\w*")
# Words that may stand between the cue and its object ("attacked the government's new budget").
_FILLER = (r"(?:the|a|an|this|that|these|those|his|her|its|their|our|my|your|new|proposed|"
           r"planned|draft|latest|against|on|over|for|of|to|about|[A-Z]\w*'s|\w+'s)")
NONVIOLENT_OBJECT = re.compile(
    rf"^\W*(?:{_FILLER}\W+){{0,4}}"
    r"(?:budgets?|bills?|laws?|legislation|polic(?:y|ies)|plans?|proposals?|decisions?|"
    r"rulings?|verdicts?|reforms?|deals?|agreements?|treaty|treaties|protocol|corruption|"
    r"poverty|inflation|unemployment|hunger|illiteracy|diseases?|virus|pandemic|polio|"
    r"malaria|cholera|cancer|climate|misinformation|disinformation|propaganda|narratives?|"
    r"ideas?|ideology|record|report|taxe?s?|prices?|results?|nominations?|appointments?|"
    r"candidacy|confirmation|impeachment|shutdown|deficits?|debts?|criticism|claims?|"
    r"allegations?|accusations?|"
    r"remarks?|comments?|statements?|speech|credibility|reputation|words|"
    r"judiciary|constitution)\b",
    re.IGNORECASE)
# "attacked the plan as a betrayal", "in a speech", "on social media": words, not force.
# "as a ..." only after "attack": "attacked the plan as a betrayal" (but "frames the war as a
# defensive response" is still war).
ATTACKED_AS = re.compile(
    r"^[^.;,]{0,40}?\bas\s+(?:a|an|being|unconstitutional|illegal|unfair|reckless)\b",
    re.IGNORECASE)
NONVIOLENT_VENUE = re.compile(
    r"^[^.;,]{0,30}?\b(?:in\s+(?:parliament|the\s+(?:senate|assembly|house|press|media)|court|an?\s+"
    r"(?:speech|interview|op-ed|editorial|statement|tweet|post))|"
    r"on\s+(?:social\s+media|television|tv|twitter|facebook|the\s+radio))\b",
    re.IGNORECASE)
# "a political fight", "the impeachment battle", "a verbal attack": the modifier names the arena.
VERBAL = re.compile(
    r"\b(?:verbal(?:ly)?|rhetorical(?:ly)?|political|legal|court|courtroom|budget|primary|"
    r"impeachment|immigration|funding|confirmation|election|electoral|policy|partisan|"
    r"procedural|legislative|ideological|custody|bidding|turf|PR|public\s+relations|"
    r"trade|tariff|price)\s+$", re.IGNORECASE)

# --- rule 3: forces named without any act of force ----------------------------------------------
# An act of force anywhere in the sentence keeps the forces words: firing, striking, moving on or
# taking ground, deploying, using weapons, violence verbs the lexicon leaves out (they are too
# ambiguous alone, but not next to "troops" or "drones").
ACTION = _words(
    r"fir(?:e|es|ed|ing)\s+(?:on|at|upon|into|across|towards?|back\s+at|rockets?|missiles?|"
    r"shells?|shots?|warning)|shots?|shoot\w*|shot\s+(?:down|at|dead)|downed|intercept\w*|"
    r"struck|strikes?|hits?|hitting|pound\w*|bombard\w*|launch\w*|target\w*|"
    r"(?:rocket|artillery|mortar|sniper|tank|machine-gun|small-arms)\s+fire|landed|incoming|"
    r"advanc\w*|crossed|cross\s+into|entered|enter|invad\w*|storm\w*|overr[au]n|encircl\w*|"
    r"pushed\s+(?:into|through|back)|captur\w*|seiz\w*|liberat\w*|retook|retake\w*|recaptur\w*|"
    r"took\s+control|take\s+control|occup(?:y|ied|ying|ation)|halted|repel\w*|"
    r"deploy\w*|redeploy\w*|stationed|patrol\w*|presence|posted|sen[dt]\s+(?:back\s+)?(?:in)?to|"
    r"sen(?:d|ds|t|ding)\b[^.;]{0,40}?\binto|"
    r"send\s+(?:in\s+)?(?:troops|soldiers|forces)|mobili[sz]\w*|massed|amass\w*|build-?up|"
    r"burn\w*|torch\w*|execut(?:e|ed|es|ing|ion|ions)|beat|beaten|beating|rap(?:e|ed)|loot\w*|"
    r"destroy\w*|roadblocks?|checkpoints?|lethal|us(?:e|ed|es|ing)|(?:take|took|taking|taken)"
    r"\s+up\s+arms|(?:by|through|with)\s+(?:\w+\s+){0,2}force|dying|die|measures\s+against|action\s+against|on\s+the\s+streets|at\s+every")
# "troops are in Congo": troops present in a place (borderline 9), not negated ("no troops in").
PRESENCE = re.compile(
    r"(?<!\bno\s)\b(?:troops|soldiers|forces|fighters)\s+(?:are|were|is|was|remain\w*|stay\w*)\s+"
    r"(?:still\s+)?(?:in|at|inside|across|on)\b|"
    # "has about 2,200 troops in Syria": troops or soldiers in a named place
    r"(?<!\bno\s)\b(?i:troops|soldiers)\s+(?i:in|inside)\s+(?:the\s+)?[A-Z]")
# Reform, pay, budgets, integration and justice of a security institution: political content.
REFORM = _words(
    r"reform\w*|moderni[sz]\w*|restructur\w*|integrat\w*|merg\w*|dissolv\w*|disband\w*|"
    r"budgets?|spending|funding|salar(?:y|ies)|wages?|paid|unpaid|pay|pensions?|recruit\w*|"
    r"appoint\w*|procurement|courts?|tribunals?|oversight|civilian\s+control|accountab\w*|"
    r"parliament\w*|legislation|constitution\w*|guarantees?|mandate")


# --- rule 4: a development word as the target of an attack -------------------------------------
DEVELOPMENT_DETAIL = "conflict.political_development"
ATTACK_BEFORE = re.compile(
    r"\b(?:struck|strikes?\s+on|hit|hitting|shell(?:ed|ing)|bomb(?:ed|ing)|attack(?:ed|ing)|"
    r"attacks?\s+on|target(?:ed|ing)|damag(?:ed|ing)|destroy(?:ed|ing)|knock(?:ed|ing)\s+out)\s+"
    r"(?:(?:the|its|their|key|critical|civilian|energy|power|vital|public)\s+){0,3}$",
    re.IGNORECASE)


def _drop_metaphor(e: Evidence, text: str, low: int, high: int) -> bool:
    """Rule 2: a kinetic cue that reads as a metaphor here (see the module docstring)."""
    if not METAPHOR_CUES.fullmatch(text[e.start:e.end]):
        return False
    after = text[e.end:high]
    before = text[max(low, e.start - 20):e.start]
    cue = text[e.start:e.end].lower()
    attack = cue.startswith("attack")  # noun or verb: "attack on the budget", "attacked the plan"
    attacked = cue in ("attacked", "attacking")  # "attacked the plan as a betrayal"
    verbal = attack or cue.startswith(("fight", "fought", "battle"))
    if NONVIOLENT_OBJECT.match(after):
        return True
    if verbal and NONVIOLENT_VENUE.match(after):
        return True
    if attacked and ATTACKED_AS.match(after):
        return True
    # "the primary target" is still a target of force: modifiers only for fight, war, attack ...
    return not cue.startswith("target") and bool(VERBAL.search(before))


def conflict_context(evidence: list[Evidence], text: str, low: int, high: int) -> list[Evidence]:
    """The sentence ``text[low:high]``'s evidence with kinetic/political items that the context
    overrules removed or re-labelled; other features pass through unchanged."""
    sentence = text[low:high]
    programmes = [(low + m.start(), low + m.end()) for m in PROGRAMME_NAME.finditer(sentence)]
    out: list[Evidence] = []
    for e in evidence:
        if e.feature == KINETIC and any(s <= e.start < t for s, t in programmes):
            # rule 1, programme_name: a named programme is governance, not an operation
            out.append(replace(e, feature=POLITICAL,
                               detail=f"{e.detail}; programme name, not an operation"))
        elif e.feature == KINETIC and _drop_metaphor(e, text, low, high):
            continue  # rule 2, metaphorical_object: "attacked the budget"
        else:
            out.append(e)

    # rule 4, target_not_topic: "struck energy infrastructure" is an attack, not development
    out = [e for e in out if not (e.feature == POLITICAL and e.detail == DEVELOPMENT_DETAIL
                                  and ATTACK_BEFORE.search(text[max(low, e.start - 60):e.start]))]

    # rule 3, forces_without_action
    kinetic = [e for e in out if e.feature == KINETIC]
    if not kinetic or not all(e.detail.startswith(FORCES_DETAIL) for e in kinetic):
        return out
    if ACTION.search(sentence) or PRESENCE.search(sentence):
        return out
    if REFORM.search(sentence):
        # security-institution reform, pay or budget without force: political, not kinetic
        return [replace(e, feature=POLITICAL,
                        detail=f"{e.detail}; security institution without force")
                if e.feature == KINETIC else e for e in out]
    # an armed group, force or weapon named without any act of force: not kinetic
    return [e for e in out if e.feature != KINETIC]
