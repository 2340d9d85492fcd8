"""Figures: the numbers a sentence states, with what they count.

"at least 16 militants were killed" gives the figure 16 counting "militants killed"; "a 45%
increase in complex attacks" gives 45 counting "percent increase"; "Rs 4.5 billion" is money.
Pure and rule-based: compiled regexes and a few words of context on each side of the number.

Kinds (``Figure.kind``):

- ``count``: a number of things or people ("17 suspected militants", "dozens of worshippers").
- ``percent``: "45%", "38 percent", "5 percentage points".
- ``money``: a currency symbol or code before ("$3m", "Rs 4.5 billion") or a currency word after
  ("5 million rupees"); the currency is part of the number expression.
- ``duration``: a number of time units ("72 hours", "two decades", "a 40-hour blitz").
- ``measure``: a number of physical units ("1,000 kilometres", "253,000 hectares").

Not figures, and never returned: years ("in 2023", "the 2016 deal"; a bare 1800-2099 counts only
after a quantifier such as "more than 2000"), dates ("11 February", "May 24", "9/11"), clock
times ("14:32", "3 pm"), ages ("aged 25", "a 25-year-old", "Rami, 28,"), ordinals ("2nd",
"second"), decades ("1990s"), phone numbers, identifiers ("AK-47", "M23", "4G") and labelled
numbers ("Article 370", "page 12", "grade six"). A bare "one" is kept only when it counts a
casualty or a unit ("one soldier was killed", "one week"), since it is mostly a pronoun.

``counts`` is the head noun of what is counted, lower-cased as written, followed by the casualty
or action word that applies to it: "militants killed" for both "16 militants were killed" and
"killed 16 militants" (a verb before the number is given as its participle). Its span
``[count_start, count_end)`` runs from the first to the last word used, so it encloses the number
when the action comes first. For percentages, ``counts`` is "percent increase" or "percent
decrease" when a change word is found ("rise", "fell"), with the span on that word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("count", "percent", "money", "duration", "measure")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number expression at ``[start, end)`` of the text, with what it counts.

    ``value`` is ``None`` for vague amounts ("dozens", "several hundred"); a range ("10–12")
    gives its lower bound, as "at least" would. ``count_start == count_end == end`` when nothing
    counted was found.
    """

    start: int
    end: int
    number: str
    value: float | None
    counts: str
    kind: str
    count_start: int
    count_end: int


# --- vocabulary -----------------------------------------------------------------------------

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "lakh": 1e5, "lakhs": 1e5, "million": 1e6, "crore": 1e7,
    "crores": 1e7, "billion": 1e9, "trillion": 1e12,
    # abbreviations written straight after digits: "$3m", "5bn", "20k"
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12,
}
_VAGUE = frozenset("dozens scores hundreds thousands millions billions tens several few many".split())

_DURATION_UNITS = frozenset("""
    seconds minute minutes min mins hour hours hr hrs day days night nights week weeks fortnight
    fortnights month months year years yr yrs decade decades century centuries
""".split())
_MEASURE_UNITS = frozenset("""
    km kms kilometre kilometres kilometer kilometers mile miles metre metres meter meters feet
    foot ft hectare hectares ha acre acres kg kilogram kilograms kilo kilos tonne tonnes ton tons
    litre litres liter liters gallon gallons barrel barrels megawatt megawatts mw gw square sq
""".split())
_CURRENCY_WORDS = frozenset("""
    dollar dollars rupee rupees euro euros pound pounds afghani afghanis taka naira shilling
    shillings dinar dinars riyal riyals dirham dirhams yuan yen rand
""".split())

# Casualty and action verbs: every form maps to the participle that `counts` uses.
_ACTION_FORMS: dict[str, str] = {}
for _forms in (
    "kill kills killed killing", "injure injures injured injuring",
    "wound wounds wounded wounding", "martyr martyrs martyred martyring",
    "arrest arrests arrested arresting", "detain detains detained detaining",
    "neutralise neutralises neutralised neutralising",
    "neutralize neutralizes neutralized neutralizing",
    "eliminate eliminates eliminated eliminating", "abduct abducts abducted abducting",
    "kidnap kidnaps kidnapped kidnapping", "rescue rescues rescued rescuing",
    "capture captures captured capturing", "displace displaces displaced displacing",
    "evacuate evacuates evacuated evacuating", "free frees freed freeing",
    "release releases released releasing", "execute executes executed executing",
    "behead beheads beheaded beheading", "shoot shoots shot shooting",
    "massacre massacres massacred massacring", "murder murders murdered murdering",
    "slaughter slaughters slaughtered slaughtering", "maim maims maimed maiming",
    "hurt hurts hurt hurting", "convict convicts convicted convicting",
    "sentence sentences sentenced sentencing", "deport deports deported deporting",
    "expel expels expelled expelling", "repatriate repatriates repatriated repatriating",
    "claim claims claimed claiming", "destroy destroys destroyed destroying",
    "seize seizes seized seizing", "recover recovers recovered recovering",
    "launch launches launched launching", "conduct conducts conducted conducting",
):
    _words = _forms.split()
    for _word in _words:
        _ACTION_FORMS[_word] = _words[2]
# After the counted noun only participles and state words count ("16 militants were killed",
# "five militants dead"); base forms there are usually something else ("5 people free").
_ACTIONS_AFTER = frozenset(set(_ACTION_FORMS.values()) | set("""
    dead died missing fled surrendered perished drowned disappeared homeless trapped stranded
""".split()))
# "the neutralisation of hundreds of militants" -> "militants neutralised"
_NOMINAL_ACTIONS = {
    "killing": "killed", "killings": "killed", "murder": "murdered", "murders": "murdered",
    "arrest": "arrested", "arrests": "arrested", "detention": "detained",
    "abduction": "abducted", "abductions": "abducted", "kidnapping": "kidnapped",
    "displacement": "displaced", "evacuation": "evacuated", "release": "released",
    "rescue": "rescued", "elimination": "eliminated", "neutralisation": "neutralised",
    "neutralization": "neutralized", "execution": "executed", "executions": "executed",
    "capture": "captured", "martyrdom": "martyred", "deaths": "dead", "death": "dead",
    "injury": "injured", "injuries": "injured", "surrender": "surrendered",
    "deportation": "deported", "repatriation": "repatriated", "massacre": "massacred",
    "recovery": "recovered", "destruction": "destroyed", "seizure": "seized",
}
# Words allowed between the counted noun and its participle: "were later killed", "are believed
# to have been killed".
_BRIDGE = frozenset("""
    were was are is be been being have has had having reportedly allegedly also later
    subsequently all believed feared said reported thought presumed confirmed to now already
    apparently either both more others
""".split())
_PASSIVE_AUX = frozenset("were was are is be been being".split())
# Quantifiers and determiners between an action verb and its number ("killed at least 16",
# "neutralising more than 100", "the elimination of 17").
_QUANTIFIER = frozenset("""
    at least most more less fewer than up to over nearly almost around about some roughly
    approximately estimated an a as many few only just another further all the its their his
    her total of
""".split())
_MAX_QUANTIFIER_WORDS = 4
# A year-like number after one of these is a count: "more than 2000 people".
_COUNT_QUANTIFIER = frozenset(
    "least than over nearly almost around about some roughly estimated approximately".split())
_CHANGE_UP = frozenset("""
    increase increases increased increasing rise rises rose risen rising jump jumps jumped surge
    surged growth grew grow grown climb climbed climbs soared soar spike hike up higher gain
""".split())
_CHANGE_DOWN = frozenset("""
    decrease decreases decreased decreasing reduction reductions reduced drop drops dropped fall
    falls fell fallen decline declines declined declining cut cuts plunge plunged slump slumped
    shrank shrunk down lower loss dip dipped
""".split())
# Words that label the number after them: it names a thing, not an amount.
_LABELS = frozenset("""
    article articles section sections clause clauses chapter chapters page pages p pp para
    paragraph paragraphs rule rules resolution resolutions vol volume art issue table tab figure fig
    annex annexure appendix schedule item items amendment ordinance flight route highway platform
    gate room block sector street ward grade phase level category step version episode season
    part division brigade battalion regiment unit number no nos reg act bill order
""".split())
# A bare "one" after these is a pronoun: "no one", "the one in Mastung".
_ONE_PRONOUN_BEFORE = frozenset("no any every each the this that which".split())
# Words that end the noun phrase after a number: function words, auxiliaries, reporting verbs.
_STOP = frozenset("""
    a an the this that these those his her its their our my your and or but nor of in on at to
    from by with without for into onto over under across near during after before since until
    till between among amid amidst around inside outside through throughout against along
    behind beyond per via as than while when where who whom whose which what were was are is be
    been being have has had will would could may might must shall should can did do does said
    say says told including such each more less most some all both either not no so then there
    here also only just still even ago later earlier away apart it they them he she we you i up
    down out off back again about according if because though although whether like unlike
    toward towards upon within alongside plus minus cent percent respectively apiece
""".split())
# Nouns that end in -ed/-ing/-ly, which the participle and adverb rules would otherwise drop.
_NOUN_EXCEPTIONS = frozenset("""
    hundred bed beds shed sheds seed seeds building buildings bombing bombings killing killings
    shooting shootings meeting meetings wedding weddings offering offerings uprising uprisings
    kidnapping kidnappings landing landings sibling siblings assembly family ally rally supply
    anomaly monopoly
""".split())
_MAX_NOUN_WORDS = 4
_IRREGULAR_PLURALS = frozenset("people children police personnel staff cattle militia".split())
_PLURAL_MODIFIERS = frozenset("rights arms news goods sports customs narcotics savings affairs".split())
# "he was 16", "she turned 30": a bare number after a person and a copula is an age.
_PERSONS = frozenset("he she i we they who".split())
_BE_AGE = frozenset("was is were am turned turns".split())
_DETERMINERS = frozenset("the its their these those his her our".split())
_MAX_BRIDGE_WORDS = 6
_TOLL_LOOKBACK_WORDS = 12

# --- regexes --------------------------------------------------------------------------------

_SMALL = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
          r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?"
          r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
          r"|one|two|three|four|five|six|seven|eight|nine|ten)")
_SCALE_WORD = r"(?:hundred|thousand|million|billion|trillion|lakhs?|crores?|dozen)"
# One pass finds every candidate; context decides which are figures.
_CORE = re.compile(
    r"(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"       # 1,200 / 1,200.5
    r"|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}"                      # 1,00,000 (South Asian grouping)
    r"|[0-9]{1,3}(?:[\u00a0\u202f\u2009][0-9]{3})+(?![0-9])"   # 10 000 with a non-breaking space
    r"|[0-9]+(?:\.[0-9]+)?)"
    r"|(?i:(?P<vague>\b(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions)"
    r"|dozens|hundreds|thousands|millions|billions|scores(?=\s+of\b))\b)"
    r"|(?P<words>\b(?:" + _SMALL +
    r"|(?:an?|half\s+a|several|a\s+few|many)(?=\s+" + _SCALE_WORD + r"\b))"
    r"(?:\s+" + _SCALE_WORD + r"(?:\s+(?:and\s+)?" + _SMALL + r")?)*\b))"
)
# A cheap test that a sentence may hold a _CORE match, so that the two thirds of sentences with
# no number at all skip its scan: every match has an ASCII digit or, matched case-insensitively,
# one of these words (the number, scale and vague words above; a "words" match starting with
# "a"/"several"/"many" holds a scale word by its lookahead).
_NUMBER_WORDS = (*"""
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion lakh crore dozen scores
""".split(),)
# str.lower() finds those words wherever the case-insensitive pattern does, except with the
# four characters that Python's re takes for an ASCII letter without lower() making them one
# (İ, ı, ſ and the Kelvin sign): a sentence with any of them, or a digit, is always scanned.
_MAY_HOLD_FIGURE = re.compile("[0-9\u0130\u0131\u017f\u212a]")
_RANGE_TAIL = re.compile(r"(?:\s?[–—]\s?|-)([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)")
_SCALE_TAIL = re.compile(
    r"(?i:\s+(hundred|thousand|million|billion|trillion|lakhs?|crores?)\b|(mn|bn|tn|m|k)\b)")
_PERCENT_TAIL = re.compile(r"(?i:\s?(?:%|％)|\s(?:per\s?cent|percentage\s+points?|pc)\b)")
_CURRENCY_BEFORE = re.compile(
    r"(?:US\$|A\$|C\$|\$|€|£|₹|¥|(?<![^\W\d_])(?:Rs\.?|PKR|INR|USD|EUR|GBP|AFN|Tk\.?|Rp\.?))"
    r"[ \u00a0\u202f]?$")
_TIME_TAIL = re.compile(r"(?i:\s?(?:[ap]\.?m\b\.?|o['’]clock\b))|:[0-9]")
_ORDINAL_TAIL = re.compile(r"(?i:st|nd|rd|th)\b")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_MONTH_BEFORE = re.compile(r"\b" + _MONTH + r"\.?\s*$")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTH + r"\b")
_AGE_TAIL = re.compile(r"(?i:[\s-]years?[\s-]olds?\b|\s+years?\s+of\s+age\b)")
_PHONE = re.compile(r"(?:\+|(?<![0-9])0)[0-9][0-9 ().\-]{6,}[0-9]"       # +92 300 1234567
                    r"|\([0-9]{2,5}\)\s?[0-9]{3}[\s.\-]?[0-9]{3,4}")  # (051) 555-1234
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|[0-9][0-9,.]*|[^\w\s]")
_LETTER = re.compile(r"[^\W\d_]")
_SEPARATORS = re.compile(r"[,\s]")
_WORD_SPLIT = re.compile(r"[\s-]+")
_MILITARY_TIME = re.compile(r"(?:[01][0-9]|2[0-3])[0-5][0-9]")
_HOURS_TAIL = re.compile(r"(?i:\s?(?:hrs|hours|h)\b)")
_GLUED_UNIT = re.compile(r"(?i:km|kg|mw|gw|ft|hrs?)\b")
_OF_SCALES = ("dozen", "hundred", "thousand", "million", "billion")
_CONTEXT_CHARS = 160  # enough for ~8 words either side; bounds the work per figure
_SENTENCE_START_PUNCT = frozenset(".!?:;•—–-\n")
_OPENERS = frozenset("\"'“‘([«")
_QUOTES = frozenset("\"'“”‘’«»")


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str
    lower: str


def _tokens(s: str, low: int, high: int) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), m.group().lower())
            for m in _TOKEN.finditer(s, max(0, low), min(len(s), high))]


def _tokens_after(s: str, pos: int) -> list[_Token]:
    high = pos + _CONTEXT_CHARS
    found = _tokens(s, pos, high)
    if found and high < len(s) and found[-1].end == high:
        found.pop()  # cut off by the window edge
    return found


def _tokens_before(s: str, pos: int) -> list[_Token]:
    low = pos - _CONTEXT_CHARS
    found = _tokens(s, low, pos)
    if found and low > 0 and found[0].start == low:
        found.pop(0)
    return found


# --- values ---------------------------------------------------------------------------------

def _words_value(raw: str) -> float | None:
    words = [w for w in _WORD_SPLIT.split(raw.lower()) if w and w != "and"]
    if any(w in _VAGUE for w in words):
        return None
    total = current = 0.0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in ("a", "an"):
            current += 1
        elif word == "half":
            current += 0.5
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0.0
    return total + current


# --- context checks -------------------------------------------------------------------------

def _at_sentence_start(s: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and (s[i].isspace() or s[i] in _OPENERS):
        i -= 1
    return i < 0 or s[i] in _SENTENCE_START_PUNCT


def _glued_identifier(s: str, a: int, b: int) -> bool:
    """Digits that are part of a code or version: "AK-47", "M23", "+92", "#1", "1.2.3", "9/11"."""
    before = s[a - 1] if a > 0 else ""
    if before and (before.isalnum() or before in "_+#@/\\"):
        return True
    if before in "-." and a > 1 and s[a - 2].isalnum():
        return True
    return _glued_after(s, b)


def _glued_after(s: str, b: int) -> bool:
    after = s[b] if b < len(s) else ""
    return after != "" and (after in "/\\@" or (after == "." and s[b + 1:b + 2].isdigit()))


def _is_year(raw: str, value: float) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1800 <= value <= 2099


def _age_apposition(s: str, a: int, b: int) -> bool:
    """ "Rami, 28, a teacher" / "Rami (28)": a bare number set off right after a name."""
    before, after = s[max(0, a - 2):a], s[b:b + 1]
    if before == ", " and after == ",":
        name_end = a - 2
    elif before.endswith("(") and after == ")":
        name_end = a - 1 - (1 if before == " (" else 0)
    else:
        return False
    name = _tokens_before(s, name_end)
    return bool(name) and name[-1].text[:1].isupper() and name[-1].text.isalpha()


# --- what is counted ------------------------------------------------------------------------

def _is_verb_form(word: str) -> bool:
    return word not in _NOUN_EXCEPTIONS and (word.endswith("ed") or word.endswith("ing"))


def _is_adverb(word: str) -> bool:
    return word.endswith("ly") and len(word) > 4 and word not in _NOUN_EXCEPTIONS


def _is_plural(word: str) -> bool:
    if word in _PLURAL_MODIFIERS:
        return False  # "human rights defenders", "arms dealers": the head comes after
    return word in _IRREGULAR_PLURALS or word.endswith("men") or (
        len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _noun_phrase(after: list[_Token]) -> tuple[_Token | None, _Token | None, int]:
    """Head noun and trailing participle of the noun phrase at the start of ``after``
    ("suspected militants killed" -> militants, killed) and the index where the phrase ends.

    Without a tagger the head is found by shape: -ed/-ing words before the head modify it
    ("suspected militants"), one after a word is the verb ("men killed"), and a plural ends the
    phrase, since what follows a plural is far more often a verb than another noun
    ("26,000 combatants proves", "62 trucks entered Gaza")."""
    run: list[_Token] = []
    action = None
    i = 0
    while i < len(after) and len(run) < _MAX_NOUN_WORDS:
        tok = after[i]
        if not tok.text[0].isalpha() or tok.lower in _STOP or _is_adverb(tok.lower):
            break
        if run and (_is_verb_form(tok.lower) or tok.lower in _ACTIONS_AFTER):
            if tok.lower in _ACTIONS_AFTER:
                action = tok
                i += 1
            break
        run.append(tok)
        i += 1
        if _is_plural(tok.lower):
            break
    while run and _is_verb_form(run[-1].lower.rsplit("-", 1)[-1]):
        dropped = run.pop()  # "the 1,300 confirmed so far": a lone -ed word is no head
        if action is None and dropped.lower in _ACTIONS_AFTER:
            action = dropped
    return (run[-1] if run else None), action, i


def _skip_coordinated(after: list[_Token], i: int) -> int:
    """Index past "and [their] [5] human rights defenders" so that a participle after it applies
    to the whole group: "181 leaders and human rights defenders were killed"."""
    if i >= len(after) or after[i].lower not in ("and", "or"):
        return i
    j = i + 1
    if j < len(after) and after[j].lower in _DETERMINERS:
        j += 1
    if j < len(after) and (after[j].text[0].isdigit() or after[j].lower in _UNITS):
        j += 1
    head, action, k = _noun_phrase(after[j:])
    return i if head is None or action is not None else j + k


def _action_after(after: list[_Token], i: int) -> tuple[_Token | None, _Token | None]:
    """A casualty participle within a few bridging words: "were killed", "are believed to have
    been killed", "shot dead". Returns the participle and an optional "dead" after "shot"."""
    passive = False
    for _ in range(_MAX_BRIDGE_WORDS):
        if i >= len(after) or after[i].lower not in _BRIDGE:
            break
        passive = passive or after[i].lower in _PASSIVE_AUX
        i += 1
    if i >= len(after) or after[i].lower not in _ACTIONS_AFTER:
        return None, None
    following = after[i + 1] if i + 1 < len(after) else None
    if not passive and following is not None and (
            following.text[0].isdigit() or following.lower in ("the", "a", "an", "their", "his")
            or following.lower in _UNITS):
        return None, None  # active verb with an object: "militants killed two soldiers"
    if after[i].lower == "shot" and following is not None and following.lower == "dead":
        return after[i], following
    return after[i], None


def _action_before(before: list[_Token]) -> tuple[str, _Token] | None:
    """An action verb or nominalisation right before the number: "killed at least 16",
    "killing dozens of", "the elimination of 17"."""
    i = len(before) - 1
    skipped = 0
    while i >= 0 and skipped < _MAX_QUANTIFIER_WORDS and (
            before[i].lower in _QUANTIFIER or before[i].text in _QUOTES):
        i -= 1  # "killed at least", "had 'eliminated' 30"
        skipped += 1
    if i < 0:
        return None
    word = before[i].lower
    if word in _ACTION_FORMS:
        return _ACTION_FORMS[word], before[i]
    if word in _NOMINAL_ACTIONS and i + 1 < len(before) and before[i + 1].lower == "of":
        return _NOMINAL_ACTIONS[word], before[i]
    return None


def _toll_before(before: list[_Token]) -> tuple[int, int, str] | None:
    """ "the death toll ... has risen to 26": the number is a death toll."""
    for j in range(len(before) - 1, max(-1, len(before) - 1 - _TOLL_LOOKBACK_WORDS), -1):
        tok = before[j]
        if not tok.text[0].isalnum():
            return None  # the toll belongs to another clause
        if tok.lower == "toll":
            if j > 0 and before[j - 1].lower == "death":
                return before[j - 1].start, tok.end, "death toll"
            return tok.start, tok.end, "toll"
    return None


def _percent_change(before: list[_Token], after: list[_Token]) -> _Token | None:
    if after and after[0].lower in _CHANGE_UP | _CHANGE_DOWN:
        return after[0]
    prev = [t for t in before[-2:] if t.lower != "by"]
    if prev and prev[-1].lower in _CHANGE_UP | _CHANGE_DOWN:
        return prev[-1]
    return None


# --- the scan -------------------------------------------------------------------------------

def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Figures in the sentence ``text[start:end]``, in order, with offsets into ``text``."""
    n = len(text)
    start = min(max(start, 0), n)
    end = n if end is None else min(max(end, start), n)
    s = text[start:end]
    if not _LETTER.search(s):
        return []  # a line of bare numbers is a page number or table furniture, not a claim
    if not _may_hold_figure(s):
        return []
    blocked = [m.span() for m in _PHONE.finditer(s)] if "0" in s or "+" in s or "(" in s else []
    figures: list[Figure] = []
    last_end = 0
    for match in _CORE.finditer(s):
        a, b = match.span()
        if a < last_end or any(lo <= a < hi for lo, hi in blocked):
            continue
        figure = _figure_at(s, match, a, b, last_end)
        if figure is not None:
            figures.append(_shift(figure, start))
            last_end = figure.end
    return figures


def _may_hold_figure(s: str) -> bool:
    """False only when ``_CORE`` certainly finds nothing in ``s``."""
    if _MAY_HOLD_FIGURE.search(s):
        return True
    lowered = s.lower()
    return any(word in lowered for word in _NUMBER_WORDS)


def _shift(f: Figure, offset: int) -> Figure:
    return Figure(f.start + offset, f.end + offset, f.number, f.value, f.counts, f.kind,
                  f.count_start + offset, f.count_end + offset)


def _label_before(before: list[_Token]) -> bool:
    """ "Article 370", "page 12", "p. 12", "No. 5": the number names a thing, not an amount.
    "no" counts as a label only with its dot, so "no 5 ..." stays a number."""
    dotted = bool(before) and before[-1].text == "."
    words = before[:-1] if dotted else before
    if not words:
        return False
    label = words[-1].lower
    return label in _LABELS and (dotted or label not in ("no", "nos"))


def _age_before(before: list[_Token]) -> bool:
    prev = before[-1].lower if before else ""
    return prev in ("aged", "age", "ages") or (
        prev == "of" and len(before) > 1 and before[-2].lower == "age")


def _person_was_before(before: list[_Token]) -> bool:
    return len(before) > 1 and before[-1].lower in _BE_AGE and before[-2].lower in _PERSONS


def _year_can_be_count(before: list[_Token]) -> bool:
    """ "more than 2000 people", "up to 2000": a quantifier makes a year-like number a count."""
    prev = before[-1].lower if before else ""
    if prev == "to":
        return len(before) > 1 and before[-2].lower == "up"
    return prev in _COUNT_QUANTIFIER


def _figure_at(s: str, match: re.Match[str], a: int, b: int, last_end: int) -> Figure | None:
    digits, words, vague = match.group("digits"), match.group("words"), match.group("vague")
    before = _tokens_before(s, a)
    if _label_before(before) or _age_before(before):
        return None
    currency = _CURRENCY_BEFORE.search(s, max(last_end, a - 8), a)
    value: float | None
    if digits:
        if (not currency and _glued_identifier(s, a, b)) or _TIME_TAIL.match(s, b) \
                or _ORDINAL_TAIL.match(s, b):
            return None
        if s[a - 1:a] == ":" and a > 1 and s[a - 2].isdigit():
            return None  # the minutes of a clock time
        if _MONTH_BEFORE.search(s, max(0, a - 12), a) or _MONTH_AFTER.match(s, b):
            return None
        plain = _SEPARATORS.sub("", digits)
        leading_zero = len(plain) > 1 and plain[0] == "0" and "." not in plain
        long_code = len(plain.split(".")[0]) >= 7 and "," not in digits
        if leading_zero or long_code:
            return None  # "0300", "1234567": codes and phone numbers, not amounts
        value = float(plain)
        tail = _RANGE_TAIL.match(s, b)
        if tail and not _glued_after(s, tail.end()) and not s[tail.end():tail.end() + 1].isalpha():
            if _is_year(digits, value):
                return None  # "2023-24", "2010–2015"
            b = tail.end()
        elif _is_year(digits, value) and not currency and not _year_can_be_count(before):
            return None
        scale = _SCALE_TAIL.match(s, b)
        if scale:
            value *= _SCALES[(scale.group(1) or scale.group(2)).lower()]
            b = scale.end()
        if _MILITARY_TIME.fullmatch(digits) and _HOURS_TAIL.match(s, b):
            return None  # "1400 hrs": a clock time
        glued = _GLUED_UNIT.match(s, b)
        if glued:
            unit = glued.group().lower()
            kind = "duration" if unit in _DURATION_UNITS else "measure"
            return Figure(a, b, s[a:b], value, unit, kind, glued.start(), glued.end())
        if b < len(s) and s[b].isalnum():
            return None  # "4G", "1990s", "3x": letters glued on make it a code
        if _AGE_TAIL.match(s, b) or _age_apposition(s, a, b):
            return None
    else:
        raw = words or vague or ""
        if raw[:1].isupper() and not _at_sentence_start(s, a):
            return None  # "the Three Brotherhood Alliance": part of a name
        if raw.lower() == "one" and before and before[-1].lower in _ONE_PRONOUN_BEFORE:
            return None  # "no one", "the one in Mastung"
        if _AGE_TAIL.match(s, b):
            return None
        value = _words_value(raw)
    kind = "count"
    if currency:
        a, kind = currency.start(), "money"
    percent = _PERCENT_TAIL.match(s, b)
    if percent:
        b, kind = percent.end(), "percent"
    lowered = (words or "").lower()
    return _with_counts(s, a, b, value, kind, before, bare_one=lowered == "one",
                        word_number=bool(words),
                        of_follows=bool(vague) or lowered.endswith(_OF_SCALES))


def _skip_of(after: list[_Token], of_follows: bool) -> int:
    """Index of what is counted after "hundreds of", "38 of the 42", "four of them"."""
    if not after or after[0].lower != "of":
        return 0
    partitive = len(after) > 1 and (after[1].lower in _DETERMINERS
                                    or after[1].lower in ("them", "whom"))
    if not (of_follows or partitive):
        return 0  # "5 of" anything else: "the 5 of Kabul" is no amount of Kabul
    i = 1
    if i < len(after) and after[i].lower in _DETERMINERS:
        i += 1
    if i < len(after) and (after[i].text[0].isdigit() or after[i].lower in ("them", "whom")):
        i += 1  # "38 of the 42 drones": skip the 42; "four of them": nothing named
    return i


def _with_counts(s: str, a: int, b: int, value: float | None, kind: str, before: list[_Token],
                 *, bare_one: bool, word_number: bool, of_follows: bool) -> Figure | None:
    after = _tokens_after(s, b)

    def figure(counts: str = "", spans: tuple[_Token | tuple[int, int], ...] = (),
               kind: str = kind, end: int = b) -> Figure:
        points = [(t.start, t.end) if isinstance(t, _Token) else t for t in spans]
        c0 = min((p[0] for p in points), default=end)
        c1 = max((p[1] for p in points), default=end)
        return Figure(a, end, s[a:end], value, counts, kind, c0, c1)

    if kind == "percent":
        change = _percent_change(before, after)
        if change is None:
            return figure()
        direction = "increase" if change.lower in _CHANGE_UP else "decrease"
        return figure(f"percent {direction}", (change,))

    if after and after[0].text == "-" and after[0].start == b and len(after) > 1 \
            and after[1].start == b + 1 and after[1].text[0].isalpha():
        compound = after[1]
        unit = compound.lower.split("-")[0]
        if compound.lower.startswith(("year-old", "years-old")):
            return None
        if unit in _DURATION_UNITS:
            return figure(unit, ((compound.start, compound.start + len(unit)),), "duration")
        if unit in _MEASURE_UNITS:
            return figure(unit, ((compound.start, compound.start + len(unit)),), "measure")
        if word_number:
            return None  # "one-sided", "two-thirds", "five-point": not an amount
        if unit == "strong":  # "a 400-strong force" counts the force
            head, _, _ = _noun_phrase(after[2:])
            if head is not None:
                return figure(head.lower, (head,))
        return figure(unit, ((compound.start, compound.start + len(unit)),))

    i = _skip_of(after, of_follows)
    first = after[i] if i < len(after) else None
    if first is not None and kind == "count" and first.lower in _CURRENCY_WORDS:
        return figure(kind="money", end=first.end)
    if first is not None and first.lower in _DURATION_UNITS | _MEASURE_UNITS and kind == "count":
        unit_kind = "duration" if first.lower in _DURATION_UNITS else "measure"
        return figure(first.lower, (first,), unit_kind)
    head, action_tok, j = _noun_phrase(after[i:])
    j += i
    action = action_tok.lower if action_tok else ""
    spans: list[_Token | tuple[int, int]] = []
    if kind == "count" and not action:
        # Nearest first: "16 militants were killed", then "killed 16 militants", then a
        # participle after a coordinated group ("181 leaders and defenders were killed").
        found, dead = _action_after(after, j)
        verb = _action_before(before) if found is None else None
        if found is None and verb is None:
            found, dead = _action_after(after, _skip_coordinated(after, j))
        if found is not None:
            action = found.lower + (" dead" if dead else "")
            spans.extend(t for t in (found, dead) if t is not None)
        elif verb is not None:
            action = verb[0]
            spans.append(verb[1])
    elif action_tok is not None:
        spans.append(action_tok)
    if head is None and not action and _person_was_before(before):
        return None  # "he was 16 when he was hit": an age
    if bare_one and not action:
        return None  # "one" without a casualty is a pronoun or determiner
    if head is not None:
        spans.append(head)
    counts = " ".join(w for w in (head.lower if head else "", action) if w)
    if not counts and kind == "count":
        toll = _toll_before(before)
        if toll is not None:
            return figure(toll[2], ((toll[0], toll[1]),))
    return figure(counts, tuple(spans))
