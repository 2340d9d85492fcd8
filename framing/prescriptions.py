"""Prescriptions: sentences that recommend action, and whether the remedy they prescribe is
kinetic, political or both.

A *prescribing cue* is the deontic wording that recommends (or forbids) an action:

* modals: deontic ``must``, ``should``, ``ought to`` (with ``not``/``never`` when it follows:
  a prohibition is a prescription too, and the cue ``must not`` shows it);
* ``need(s) to``, ``has/have to`` (also ``will need to``, ``will have to``);
* impersonal necessity: ``it is imperative/essential/vital/crucial/necessary/important/urgent
  (that|to|for)``, ``making it imperative for ... to``, ``it is (high) time (to|for|that)``,
  ``the time has come``;
* predicative necessity with the remedy as subject: ``X is/are/remain(s) (now) essential /
  imperative / vital / crucial / necessary / indispensable``, ``X is/are (urgently) needed /
  required``;
* ``requires`` / ``require``, ``call(s/ed/ing) for``, ``call(s/ed) on ... to``,
  ``urge(s/d)``, ``recommend(s/ed)``;
* ``the only way/solution/option/path ...``, ``there is a need (for|to)``, ``underscores the
  (urgent) need for``;
* op-ed imperatives opening a sentence: ``Let us/Let's/Let the ...``, ``Stop/End/Halt/Cease
  the ...`` or ``+ -ing``, ``Give/Bring/Restore/Release/Withdraw/Lift/Reopen the ...``,
  ``Do not/Don't ...``.

Decisions (each tested in tests/test_prescriptions.py):

* **Epistemic modals are not prescriptions**: ``must have`` + participle ("must have been") is
  an inference; a modal whose verb is one of change or arrival ("the toll should rise", "should
  reach") or ``be known/ready/over/complete ...`` ("should be known by Friday") is an expectation;
  so is a modal after a quantity noun ("the number should ...") and ``there must be`` + a number
  or quantifier ("there must be hundreds"). ``should have`` + participle ("should have acted
  sooner") is a counterfactual reproach and *is* counted.
* **Questions are not prescriptions**: a cue whose clause ends in "?" ("Why must civilians pay?",
  "Should the state talk?") is skipped. In op-eds such questions are rhetorical and imply a
  criticism, but what they would prescribe is not stated. A sentence-initial ``Should`` is a
  question or a conditional ("Should talks fail, ..."), and ``if/in case ... should`` is a
  conditional.
* **Absent obligation is not a prescription**: ``need not``, ``needn't``, ``do not need to``,
  ``do not have to``, ``is not necessary``, ``there is no need``. They lift an obligation rather
  than recommending an action. ``must not`` / ``should not`` forbid an action and *are*
  prescriptions.
* **Reports of past requirements are not prescriptions**: ``had to``, ``have had to``,
  ``required`` (past active: "the law required registration"), ``was necessary``, and a present
  ``requires`` whose subject is a law, rule, bill, treaty, court or order ("the constitution
  requires elections within 90 days") state a rule, not a recommendation. Hypothetical
  necessity (``would/could/might/may require``, ``would need to``, ``would have to``) is analysis
  of what something would take, not a recommendation, and is skipped. ``urged``, ``called
  for`` and ``recommended`` in the past *are* prescriptions: they report a recommendation being
  made (whose voice it is, is decided elsewhere).
* **Discourse and cognition uses are not prescriptions**: "it should be said/noted", "it must be
  stressed", "should not be confused with", "must be seen as", "I must admit", "it is important
  to note/understand that". A modal with a cognition verb and an actor as subject ("New Delhi
  should recognise that ...") urges the actor to change its view and is counted.
* **Scope and remedy**: the remedy is decided from the sentence's kinetic and political evidence
  whose span overlaps the cue's scope (not the cue itself). The scope is the words after the cue
  up to a clause end: ``; : — – ( )``, a sentence end, a subordinator (while, whereas,
  although, because, unless, until, before, if, when, since, lest), a contrast ("rather than",
  "instead of", ", not", ", but"), a purpose ("in order to", "so that", "so as to"), a comma
  before which/who/where/as/yet, or the next cue (cut back to the ``and`` or comma that joins
  the two clauses). Where the remedy is the grammatical subject ("Judicial reforms are essential
  ...", "X is needed", "Dialogue is the only way"), the scope is the subject: the words from the
  clause start to the cue. In "the only way to END is MEANS", the scope is MEANS. A colon does
  not end the scope, so "requires a holistic approach: full implementation ..." keeps its list.
  "remedy: kinetic" with a negated cue ("must not repeat the clearing of villages") means the
  prescription is *about* force, forbidding it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from framing.lexicon.model import WORD, normalise_word
from framing.model import Evidence

FEATURE = "prescription"

_Tok = tuple[int, int, str]  # start, end, normalised word

_MODALS = frozenset("must should mustn't shouldn't".split())
_NEGATORS = frozenset("not never".split())
_HYPOTHETICAL = frozenset("would could might may wouldn't couldn't".split())
_DO_NOT = frozenset("don't doesn't didn't".split())
_DO = frozenset("do does did".split())
# Words that may sit between a modal and its verb ("must also address", "should now be").
_ADVERBS = frozenset("also now still then therefore thus first instead rather too all both each "
                     "again finally soon urgently immediately at least once".split())
# Verbs of change or arrival: "the toll should rise" is an expectation.
_EXPECT_VERBS = frozenset("rise climb fall drop increase decrease decline grow arrive reach "
                          "last occur happen exceed emerge expire peak".split())
# "should be known by Friday", "should be over soon": expectations.
_EXPECT_STATES = frozenset("known ready available complete completed finished over done out "
                           "higher lower possible likely expected operational".split())
_QUANTITY_NOUNS = frozenset("toll tolls number numbers figure figures count counts total totals "
                            "price prices rate rates result results turnout estimate estimates "
                            "temperature temperatures casualties tally".split())
_REPLACED = frozenset("replaced supplanted superseded substituted".split())
_TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february "
                        "march april june july august september october november december then "
                        "now tomorrow tonight midnight noon next early late mid the end".split())
_QUANTIFIERS = frozenset("hundreds thousands dozens scores millions many more some several "
                         "few at least".split())
# "it should be said", "must not be confused with": discourse, not a recommended action.
_DISCOURSE_PARTICIPLES = frozenset("said noted added stressed emphasised emphasized remembered "
                                   "recalled admitted conceded acknowledged mentioned understood "
                                   "confused mistaken pointed reiterated repeated".split())
_AS_PARTICIPLES = frozenset("seen viewed regarded read".split())  # "must be seen as"
# "I must admit", "we should add": discourse.
_DISCOURSE_VERBS = frozenset("say admit confess add note mention concede point stress emphasise "
                             "emphasize".split())
# "it is important to understand that ...": an authorial discourse move, not an action.
_COGNITION_VERBS = frozenset("understand note remember recall mention stress emphasise emphasize "
                             "point say add acknowledge realise realize bear keep know consider "
                             "appreciate highlight reiterate".split())
_THAT_VERBS = frozenset("recognise recognize accept".split())  # cognition only with "that"
_IRREGULAR_PARTICIPLES = frozenset(
    "been had done made felt heard thought met got lost left sent built brought caught taught "
    "fought bought sought known seen taken given gone begun run come become put set let hit cut "
    "shut spent meant kept read led fled held told sold found won stood understood struck".split())
_NECESSITY_ADJ = frozenset("imperative essential vital crucial necessary important urgent "
                           "critical indispensable incumbent".split())
_PREDICATIVE_ADJ = frozenset("imperative essential vital crucial necessary indispensable".split())
_PRESENT_COPULA = frozenset("is are remains remain becomes become 's".split())
_IT_COPULA = frozenset("is remains becomes".split())
_DEGREE = frozenset("now therefore thus also absolutely equally all the more increasingly "
                    "particularly especially critically so most vitally clearly urgently "
                    "still only".split())
# "the law requires ...": a rule, not a recommendation.
_RULE_NOUNS = frozenset("law laws act constitution rule rules regulation regulations bill "
                        "ordinance treaty agreement accord statute code article clause section "
                        "court ruling order policy convention charter".split())
_NOUN_DETERMINERS = frozenset("a an the no any this that our their its his her my your "
                              "urgent pressing real clear growing dire desperate basic special "
                              "every".split())
_CALL_FOR_OBJECTS = frozenset("help backup back prayer prayers papers comment comments "
                              "submissions".split())
_TIME_HAS_COME = {("the", "time", "has", "come"), ("now", "is", "the", "time")}
_WAY_NOUNS = frozenset("way solution option path route remedy answer".split())
_NEED_VERBS = frozenset("underscore underscores underscored underline underlines underlined "
                        "highlight highlights highlighted stress stresses stressed emphasise "
                        "emphasises emphasised emphasize emphasizes emphasized show shows "
                        "demonstrate demonstrates reinforce reinforces reflect reflects "
                        "illustrate illustrates".split())
_NEED_ADJ = frozenset("urgent pressing clear real dire desperate growing critical".split())
# Sentence-opening imperatives, and the words that may come before them.
_CONNECTIVES = frozenset("so now first then and but instead rather finally second third lastly "
                         "therefore thus".split())
_IMPERATIVE_VERBS = frozenset("stop end halt cease give bring restore release withdraw lift "
                              "reopen return".split())
_GERUND_IMPERATIVES = frozenset("stop end cease".split())
_OBJECT_STARTS = frozenset("the this these those all its their our your his her them it any "
                           "every".split())
# Words that end a clause, looking forward from a cue.
_CLAUSE_WORDS = frozenset("while whereas although though because unless until before lest if "
                          "when since".split())
_AFTER_COMMA = frozenset("but not which who whom whose where as yet so".split())
_PAIRS = {("rather", "than"), ("instead", "of"), ("so", "that"), ("in", "order"), ("so", "as")}
# Words that start a clause, looking back from a predicative cue to find its subject.
_SUBORDINATORS = frozenset("that while whereas although though because since if when but "
                           "whether unless".split())
_SUBJECT_BOUNDARY = re.compile(r"[;:—–()\[\].!?]|\s-\s")
_FORWARD_BOUNDARY = re.compile(r"[;—–()\[\].!?]|\s-\s")  # a colon keeps the list after it
_MAX_CLAUSE_TOKENS = 100  # how far back a clause's start is looked for
_SENTENCE_MARK = re.compile(r"[.!?]")


@dataclass(frozen=True, slots=True)
class _Cue:
    first: int  # token index of the cue's first word
    last: int  # token index of the cue's last word (inclusive)
    # "after" (the words after the cue), "subject" (the clause's subject, before the cue),
    # "passive" (both: the subject of a passive is what the prescription acts on), or "from"
    # (the words from token scope_from on)
    scope: str = "after"
    scope_from: int = -1


def find_prescriptions(text: str, low: int, high: int, evidence: Sequence[Evidence], *,
                       tokens: list[_Tok] | None = None) -> list[Evidence]:
    """Prescription evidence in the sentence text[low:high]: one Evidence(feature="prescription",
    cue=<the deontic words as written, e.g. "must", "needs to", "it is imperative", "should be">,
    detail="remedy: kinetic" | "remedy: political" | "remedy: both" | "remedy: unspecified") per
    prescribing cue, with start/end the cue's span. `evidence` is the sentence's other evidence
    (features "kinetic"/"political"/... with spans), used to decide the remedy from
    kinetic/political evidence in the cue's scope (the words after the cue up to a clause
    end).

    ``tokens``, when given, are the sentence's words as the lexicon matcher gives them
    (``Matcher.words(text, low, high)``): the same words this would find, tokenised once."""
    low = max(0, low)
    high = min(len(text), high)
    if low >= high:
        return []
    toks: list[_Tok] = tokens if tokens is not None else [
        (m.start(), m.end(), normalise_word(m.group())) for m in WORD.finditer(text, low, high)]
    marks = [(m.start(), m.group()) for m in _SENTENCE_MARK.finditer(text, low, high)]
    cues: list[_Cue] = []
    starts_rule = _rules_by_start()
    i = 0
    while i < len(toks):
        if toks[i][2] not in starts_rule:  # most words start no cue: no call for them
            i += 1
            continue
        cue = _cue_at(text, low, high, toks, i)
        if cue is not None and not _in_question(marks, toks[cue.last][1]):
            cues.append(cue)
            i = cue.last + 1
        else:
            i += 1
    # The kinetic/political evidence by start, so each cue looks only at what its scope can
    # overlap (a long sentence full of cues stays linear).
    remedies = sorted((e for e in evidence if e.feature in ("kinetic", "political")),
                      key=lambda e: e.start)
    remedy_starts = [e.start for e in remedies]
    longest = max((e.end - e.start for e in remedies), default=0)
    found = []
    for n, cue in enumerate(cues):
        start, end = toks[cue.first][0], toks[cue.last][1]
        next_first = cues[n + 1].first if n + 1 < len(cues) else None
        scope_start, scope_end = _scope(text, low, high, toks, cue, next_first)
        candidates = remedies[bisect.bisect_left(remedy_starts, scope_start - longest):
                              bisect.bisect_left(remedy_starts, scope_end)]
        found.append(Evidence(start, end, FEATURE, text[start:end],
                              f"remedy: {_remedy(candidates, scope_start, scope_end, start, end)}"))
    return found


# --- the rules ----------------------------------------------------------------------------------

def _cue_at(text: str, low: int, high: int, toks: list[_Tok], i: int) -> _Cue | None:
    # Only the rules whose cue can start with this word are tried: most words start none, and
    # trying all thirteen rules at every word was half the cost of the whole feature stage.
    for rule in _rules_by_start().get(toks[i][2], ()):
        cue = rule(text, low, toks, i)
        if cue is not None:
            return cue
    return None


_Rule = Callable[[str, int, list[_Tok], int], "_Cue | None"]


@functools.cache
def _rules_by_start() -> dict[str, tuple[_Rule, ...]]:
    """Each word a cue can start with -> the rules to try, in priority order."""
    rules: list[tuple[_Rule, frozenset[str]]] = [
        (_imperative, _IMPERATIVE_VERBS | {"let", "let's", "do", "don't"}),
        (_it_is_necessary, frozenset(("it", "it's", "making", "make", "makes", "the", "now"))),
        (_there_is_a_need, frozenset(("there", "there's"))),
        (_need_noun, _NEED_VERBS),
        (_only_way, frozenset(("the",))),
        (_modal, _MODALS),
        (_ought, frozenset(("ought", "oughtn't"))),
        (_need_to, frozenset(("need", "needs"))),
        (_have_to, frozenset(("have", "has"))),
        (_predicative, _PRESENT_COPULA),
        (_requires, frozenset(("requires", "require"))),
        (_call_for, frozenset(("call", "calls", "called", "calling"))),
        (_urge_recommend, frozenset(("urge", "urges", "urged", "urging", "recommend",
                                     "recommends", "recommended", "recommending"))),
    ]
    table: dict[str, list[_Rule]] = {}
    for rule, starts in rules:
        for word in starts:
            table.setdefault(word, []).append(rule)
    return {word: tuple(found) for word, found in table.items()}


def _w(toks: list[_Tok], i: int) -> str:
    return toks[i][2] if 0 <= i < len(toks) else ""


def _gap(text: str, low: int, toks: list[_Tok], i: int) -> str:
    """The characters between token i-1 (or the sentence start) and token i."""
    return text[toks[i - 1][1] if i > 0 else low:toks[i][0]]


def _skip_adverbs(toks: list[_Tok], j: int) -> int:
    while _w(toks, j) in _ADVERBS or (_w(toks, j).endswith("ly") and len(_w(toks, j)) > 4):
        j += 1
    return j


def _is_participle(word: str) -> bool:
    return word.endswith(("ed", "en", "wn")) or word in _IRREGULAR_PARTICIPLES


def _sentence_initial(text: str, low: int, toks: list[_Tok], i: int) -> bool:
    """Token i opens the sentence (or its first clause after a connective)."""
    if i == 0:
        return True
    if i == 1 and _w(toks, 0) in _CONNECTIVES:
        return True
    return bool(re.search(r"[.!?:;]\s*[\"'“‘(]*\s*$", _gap(text, low, toks, i)))


def _discourse_after_be(toks: list[_Tok], j: int) -> bool:
    """toks[j] is "be": is the passive a discourse use ("be said", "be seen as")?"""
    word = _w(toks, j + 1)
    return word in _DISCOURSE_PARTICIPLES or (word in _AS_PARTICIPLES and _w(toks, j + 2) == "as")


def _passive(toks: list[_Tok], j: int) -> bool:
    """toks[j] is "be" followed (after adverbs) by a participle: "be hunted down", "be replaced"."""
    return _w(toks, j) == "be" and _is_participle(_w(toks, _skip_adverbs(toks, j + 1)))


def _passive_scope(toks: list[_Tok], j: int) -> str:
    """The scope of a cue whose verb is at j: the subject and what follows for a passive
    ("Security operations must be complemented by ..."), only what follows when the subject is
    what gets replaced ("Military crackdowns must be replaced by dialogue")."""
    if not _passive(toks, j):
        return "after"
    return "after" if _w(toks, _skip_adverbs(toks, j + 1)) in _REPLACED else "passive"


def _epistemic(toks: list[_Tok], i: int, verb_at: int) -> bool:
    """The modal at i, whose verb (after negation and adverbs) is at verb_at, is epistemic."""
    verb = _w(toks, verb_at)
    if _passive(toks, verb_at):
        # "results should be announced by Friday" is an expectation; "must be followed by a
        # social blitz" is not
        by = _skip_adverbs(toks, verb_at + 2)
        while _w(toks, by) in ("up", "down", "out", "off", "over"):
            by += 1
        return _w(toks, by) == "by" and _w(toks, by + 1) in _TIME_WORDS
    if _w(toks, i - 1) in _QUANTITY_NOUNS:
        return True
    if verb in _EXPECT_VERBS and _w(toks, verb_at + 1) not in _OBJECT_STARTS | {"a", "an", "out"}:
        return True  # "the toll should rise", but "must drop the pretence", "should reach out"
    if verb == "be" and _w(toks, verb_at + 1) in _EXPECT_STATES:
        return True
    # "there must be hundreds of fighters"
    return (_w(toks, i - 1) == "there" and verb == "be"
            and (_w(toks, verb_at + 1) in _QUANTIFIERS or _w(toks, verb_at + 1).isdigit()))


def _modal(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    word = _w(toks, i)
    if word not in _MODALS:
        return None
    if word.startswith("should") and (
            _sentence_initial(text, low, toks, i) or _w(toks, i - 1) in ("if", "lest", "case")
            or _w(toks, _clause_start(text, low, toks, i) - 1) in ("if", "lest")):
        return None  # "Should talks fail, ...", "if the talks should fail"
    last = i
    if _w(toks, i + 1) in _NEGATORS:
        last = i + 1
    verb_at = _skip_adverbs(toks, last + 1)
    verb = _w(toks, verb_at)
    if word.startswith("must") and verb == "have" and _is_participle(_w(toks, verb_at + 1)):
        return None  # "must have been": inference
    if _epistemic(toks, i, verb_at):
        return None
    if verb in _DISCOURSE_VERBS:
        return None  # "I must admit"
    if verb == "be" and _discourse_after_be(toks, verb_at):
        return None  # "it should be said", "should not be confused with"
    scope = _passive_scope(toks, verb_at)
    if verb == "be" and verb_at == last + 1:
        last = verb_at  # the cue "should be", "must not be"
    return _Cue(i, last, scope)


def _ought(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    if _w(toks, i) not in ("ought", "oughtn't"):
        return None
    last = i + 1
    if _w(toks, last) in _NEGATORS:
        last += 1
    if _w(toks, last) != "to":
        return None
    verb_at = _skip_adverbs(toks, last + 1)
    if _epistemic(toks, i, verb_at) or _w(toks, verb_at) in _DISCOURSE_VERBS:
        return None
    if _w(toks, verb_at) == "be" and _discourse_after_be(toks, verb_at):
        return None
    return _Cue(i, last, _passive_scope(toks, verb_at))


def _obligation_blocked(toks: list[_Tok], i: int) -> bool:
    """need/have at i is hypothetical ("would likely need to") or negated ("do not need to")."""
    j = i - 1
    while j > 0 and (_w(toks, j) in _ADVERBS or _w(toks, j).endswith("ly")):
        j -= 1
    before, before2 = _w(toks, j), _w(toks, j - 1)
    if before in _HYPOTHETICAL or before in _DO_NOT:
        return True
    return before == "not" and (before2 in _DO or before2 in _HYPOTHETICAL)


def _need_to(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    if _w(toks, i) not in ("need", "needs") or _w(toks, i + 1) != "to":
        return None
    if _w(toks, i - 1) in _NOUN_DETERMINERS or _obligation_blocked(toks, i):
        return None  # "the need to", "would need to", "don't need to"
    if _w(toks, i + 2) == "be" and _discourse_after_be(toks, i + 2):
        return None  # "it needs to be said"
    return _Cue(i, i + 1, _passive_scope(toks, i + 2))


def _have_to(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    if _w(toks, i) not in ("have", "has") or _w(toks, i + 1) != "to":
        return None
    after = _w(toks, i + 2)
    if after == "do" and _w(toks, i + 3) == "with":
        return None  # "has to do with"
    if after in ("say", "offer", "tell", "show") or _w(toks, i - 1) in ("what", "to"):
        return None  # "what the army has to offer"
    if _obligation_blocked(toks, i):
        return None  # "would have to", "does not have to"
    if after == "be" and _discourse_after_be(toks, i + 2):
        return None  # "it has to be said"
    if not after:
        return None
    return _Cue(i, i + 1, _passive_scope(toks, i + 2))


def _it_is_necessary(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    """it is imperative that / to / for; making it imperative for; it is (high) time to."""
    word = _w(toks, i)
    if word == "it's":
        j = i + 1
    elif word == "it" and _w(toks, i + 1) in _IT_COPULA:
        j = i + 2
    elif word == "it" and _w(toks, i + 1) == "has" and _w(toks, i + 2) == "become":
        j = i + 3
    elif word in ("making", "makes", "make") and _w(toks, i + 1) == "it":
        j = i + 2
    elif ((word, _w(toks, i + 1), _w(toks, i + 2), _w(toks, i + 3)) in _TIME_HAS_COME
          and (word == "the" or _w(toks, i + 4) in ("to", "for"))):
        return _Cue(i, i + 3)  # "the time has come", "now is the time to"
    else:
        return None
    while _w(toks, j) in _DEGREE or _w(toks, j) in ("high", "long", "past"):
        j += 1
    adj = _w(toks, j)
    if adj == "time" and _w(toks, j + 1) in ("to", "for", "that"):
        return _Cue(i, j)
    if adj not in _NECESSITY_ADJ:
        return None
    nxt = _w(toks, j + 1)
    if nxt not in ("that", "to", "for", "on", "upon"):
        return None
    if adj == "incumbent" and nxt not in ("on", "upon"):
        return None
    if nxt == "to" and (_w(toks, j + 2) in _COGNITION_VERBS
                        or (_w(toks, j + 2) in _THAT_VERBS and _w(toks, j + 3) == "that")):
        return None  # "it is important to note that"
    return _Cue(i, j)


def _there_is_a_need(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    word = _w(toks, i)
    if word == "there's":
        j = i + 1
    elif word == "there" and _w(toks, i + 1) in ("is", "remains"):
        j = i + 2
    else:
        return None
    if _w(toks, j) in ("a", "an"):
        j += 1
    while _w(toks, j) in _NEED_ADJ or _w(toks, j) in _DEGREE:
        j += 1
    if _w(toks, j) == "need" and _w(toks, j + 1) in ("for", "to"):
        return _Cue(i, j)
    return None


def _need_noun(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    """"underscores the (urgent) need for/to": the writer states that something is needed."""
    if _w(toks, i) not in _NEED_VERBS:
        return None
    j = i + 1
    if _w(toks, j) == "to" and _w(toks, i) in ("point", "points", "pointed"):
        j += 1
    if _w(toks, j) != "the":
        return None
    first = j
    j += 1
    while _w(toks, j) in _NEED_ADJ:
        j += 1
    if _w(toks, j) == "need" and _w(toks, j + 1) in ("for", "to"):
        return _Cue(first, j)
    return None


def _only_way(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    if _w(toks, i) != "the" or _w(toks, i + 1) != "only" or _w(toks, i + 2) not in _WAY_NOUNS:
        return None
    last = i + 2
    if _w(toks, last + 1) in ("forward", "out"):
        last += 1
    before = _w(toks, i - 1)
    if before in ("not", "n't") or _w(toks, i - 2) in ("isn't", "wasn't") or before in (
            "was", "were", "isn't", "wasn't"):
        return None
    if before in ("is", "remains", "are"):  # "Dialogue is the only way": the remedy is the subject
        return _Cue(i - 1, last, "subject")
    # "the only way (to END) is MEANS": the scope starts after the copula
    j = last + 1
    while j < len(toks) and j < last + 25:
        if _w(toks, j) in ("is", "lies", "remains"):
            return _Cue(i, last, "from", j + 1)
        if _w(toks, j) in ("was", "were"):
            return None  # a past report
        j += 1
    return _Cue(i, last)


def _predicative(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    """X is/are/remain(s) (now) essential/necessary/...; X is (urgently) needed/required."""
    if _w(toks, i) not in _PRESENT_COPULA or _w(toks, i - 1) in ("it", "there", "what"):
        return None
    if _w(toks, i) == "'s":
        return None
    j = i + 1
    while _w(toks, j) in _DEGREE:
        j += 1
    adj = _w(toks, j)
    nxt = _w(toks, j + 1)
    if adj in ("needed", "required"):
        if nxt in ("by",) or (adj == "required" and nxt == "to"):
            return None  # "is required to report": a rule; "needed by": not a copula
        return _Cue(i, j, "subject")
    if adj not in _PREDICATIVE_ADJ:
        return None
    after_gap = text[toks[j][1]:toks[j + 1][0]] if j + 1 < len(toks) else ""
    if nxt and nxt not in ("to", "for", "that", "if", "in", "now", "here", "too", "because") \
            and not re.search(r"[,;:—–.!?]", after_gap):
        return None  # "are essential components": an attributive adjective
    return _Cue(i, j, "subject")


def _requires(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    word = _w(toks, i)
    if word not in ("requires", "require"):
        return None
    before = _w(toks, i - 1)
    if before in _HYPOTHETICAL or before in ("to", "not", "n't") or before in _DO_NOT:
        return None  # "would require", "does not require"
    if word == "require" and before in _DO:
        return None
    clause = _clause_words_before(text, low, toks, i)
    if any(w in _RULE_NOUNS for w in clause):
        return None  # "the law requires", "the bill would ... require": a rule
    if any(w in _HYPOTHETICAL for w in clause):
        return None  # "any deal would likely require": what something would take
    return _Cue(i, i)


def _call_for(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    if _w(toks, i) not in ("call", "calls", "called", "calling"):
        return None
    nxt = _w(toks, i + 1)
    if nxt == "for" and _w(toks, i + 2) not in _CALL_FOR_OBJECTS:
        return _Cue(i, i + 1)
    if nxt in ("on", "upon"):
        for k in range(i + 2, min(len(toks), i + 10)):
            if _w(toks, k) == "to":
                return _Cue(i, i + 1)
    return None


def _urge_recommend(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    word = _w(toks, i)
    if word not in ("urge", "urges", "urged", "urging", "recommend", "recommends",
                    "recommended", "recommending"):
        return None
    if _w(toks, i - 1) in _NOUN_DETERMINERS or _w(toks, i - 1) in ("not", "n't"):
        return None  # "the urge to", "the recommended dose", "did not recommend"
    return _Cue(i, i)


def _imperative(text: str, low: int, toks: list[_Tok], i: int) -> _Cue | None:
    word = _w(toks, i)
    if word not in _IMPERATIVE_VERBS and word not in ("let", "let's", "do", "don't"):
        return None
    if not _sentence_initial(text, low, toks, i):
        return None
    if re.search(r"[A-Za-z]", _gap(text, low, toks, i)) is not None:
        return None
    nxt = _w(toks, i + 1)
    gap_after = text[toks[i][1]:toks[i + 1][0]] if i + 1 < len(toks) else ""
    if "-" in gap_after:
        return None  # "Stop-and-search operations"
    if word == "let's":
        return _Cue(i, i)
    if word == "let":
        if nxt in ("me", "alone", "it", "") or nxt.isdigit():
            return None
        return _Cue(i, i + 1) if nxt == "us" else _Cue(i, i)
    if word == "don't":
        return _Cue(i, i) if nxt and nxt not in _OBJECT_STARTS else None
    if word == "do":
        if nxt == "not" and _w(toks, i + 2) and _w(toks, i + 2) not in _OBJECT_STARTS:
            return _Cue(i, i + 1)
        return None
    if nxt in _OBJECT_STARTS or (word in _GERUND_IMPERATIVES and nxt.endswith("ing")
                                 and len(nxt) > 4):
        return _Cue(i, i)
    return None


def _clause_start(text: str, low: int, toks: list[_Tok], i: int) -> int:
    """The index of the first token of the clause that holds token i (looking back, at most
    ``_MAX_CLAUSE_TOKENS``: a 5,000-word "sentence" with no clause marks stays linear)."""
    j = i - 1
    while j >= max(0, i - _MAX_CLAUSE_TOKENS):
        if _w(toks, j) in _SUBORDINATORS:
            return j + 1
        if j > 0 and _SUBJECT_BOUNDARY.search(_gap(text, low, toks, j)):
            return j
        j -= 1
    return max(0, i - _MAX_CLAUSE_TOKENS)


def _clause_words_before(text: str, low: int, toks: list[_Tok], i: int) -> list[str]:
    return [t[2] for t in toks[_clause_start(text, low, toks, i):i]]


# --- questions, scope and remedy ----------------------------------------------------------------

def _in_question(marks: list[tuple[int, str]], end: int) -> bool:
    """The clause holding the cue ends in a question mark: the first of the sentence's ``marks``
    (offsets and ``.``, ``!`` or ``?``) after ``end``."""
    at = bisect.bisect_left(marks, (end, ""))
    return at < len(marks) and marks[at][1] == "?"


def _clause_break(text: str, low: int, toks: list[_Tok], j: int) -> bool:
    """Looking forward, a clause ends before token j."""
    gap = _gap(text, low, toks, j)
    if _FORWARD_BOUNDARY.search(gap):
        return True
    word = _w(toks, j)
    if word in _CLAUSE_WORDS or (word, _w(toks, j + 1)) in _PAIRS:
        return True
    return "," in gap and word in _AFTER_COMMA


def _scope(text: str, low: int, high: int, toks: list[_Tok], cue: _Cue,
           next_first: int | None) -> tuple[int, int]:
    if cue.scope in ("subject", "passive"):
        first = _clause_start(text, low, toks, cue.first)
        start = toks[first][0] if first < cue.first else toks[cue.first][0]
        if cue.scope == "subject":
            return start, toks[cue.first][0]
        return start, _scope(text, low, high, toks, _Cue(cue.first, cue.last), next_first)[1]
    first = cue.scope_from if cue.scope == "from" else cue.last + 1
    if first >= len(toks):
        return high, high
    end = high
    j = first
    while j < len(toks):
        if j > first and _clause_break(text, low, toks, j):
            end = toks[j - 1][1]
            break
        if next_first is not None and j == next_first:
            # the next cue: cut back to the "and"/"but" or comma that joins its clause
            end = toks[j - 1][1]
            for k in range(j - 1, first, -1):
                if _w(toks, k) in ("and", "but") or "," in _gap(text, low, toks, k):
                    end = toks[k - 1][1]
                    break
            break
        j += 1
    return toks[first][0], end


def _remedy(evidence: Sequence[Evidence], start: int, end: int, cue_start: int,
            cue_end: int) -> str:
    kinds = {e.feature for e in evidence
             if e.feature in ("kinetic", "political") and e.start < end and e.end > start
             and not (e.start < cue_end and e.end > cue_start)}
    if kinds == {"kinetic", "political"}:
        return "both"
    if kinds:
        return kinds.pop()
    return "unspecified"
