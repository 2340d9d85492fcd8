"""Attribution: who is cited, how, and with what distance — and so which parts of a sentence are
the author's own voice.

For every attribution cue the lexicons find outside a quotation (a reporting verb or phrase,
"according to", "it is believed"), the rules below find

* the **source span**: the speaker before the verb ("Security officials ... said"), after it in
  inverted order ("..., said a resident of Panjgur"), or after "according to";
* the **source type**, from the source nouns of the attribution lexicon and the armed-group and
  state-force names of the actors lexicon inside that span; anonymity anywhere in the sentence
  ("on condition of anonymity") makes it anonymous, and so does an agentless cue ("it is
  believed", "are often described as");
* the **stance** of the cue (neutral, endorsing, distancing: the verb's sub-category);
* **direct or indirect** speech: direct when a quotation stands next to the cue or its source;
* whether the attribution is **vague** (no named source: "sources said", "reports indicate");
* the **content span**: the quotation, or the clause on the other side of the cue from the
  source. Content spans and quotations make up the quoted voice; the rest is the author's.

Everything here works on one sentence, ``text[low:high]``, with offsets into the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from framing.lexicon.matcher import Match, WordToken
from framing.lexicon.model import WORD, normalise_word
from framing.lexicon.registry import LexiconSet
from framing.quotes import Quote, find_quotes, inside

SOURCE_TYPES = ("state_security", "government", "civil_society", "expert", "media", "militant",
                "anonymous", "international", "other")
STANCES = ("neutral", "endorsing", "distancing")

_ATTRIBUTION = "attribution"
_CUE_CATEGORIES = ("reporting_verb", "attribution_phrase")
_STANCE_OF_CATEGORY = {"verb_neutral": "neutral", "verb_endorsing": "endorsing",
                       "verb_distancing": "distancing"}
_SOURCE_PREFIX = "source_"
# Actors-lexicon categories that make a speaker militant or state security.
_ACTOR_SOURCE_TYPES = (("actors", "armed_group_label", "militant"),
                       ("actors", "named_armed_group", "militant"),
                       ("actors", "state_force_label", "state_security"))

# Cues that attribute without a speaker: the source is vague by construction.
_AGENTLESS_CUES = frozenset(("it is believed", "it was believed", "it is learnt", "it was learnt",
                             "it is learned", "it is understood", "it was understood",
                             "it is reported", "it was reported", "is said to", "are said to",
                             "was said to", "were said to"))
# Cues whose source follows them ("according to the police").
_SOURCE_AFTER_CUES = frozenset(("according to", "as per", "citing", "quoting", "in the words of",
                                "cited"))
# Adverbs and adjectives that hedge a claim but name no source: not attribution cues on their
# own (tests/data/README.md: "reportedly" and "alleged" alone do not make a sentence attributed).
# Settings of speech ("at a news conference") attribute only with a reporting verb, which is
# then the cue.
_NOT_CUES_ALONE = frozenset(("reportedly", "purportedly", "so-called", "purported",
                             "press conference", "news conference", "press release"))
# "alleged"/"claimed" directly before a noun is an adjective ("the alleged attack").
_ADJECTIVAL = frozenset(("alleged", "purported", "claimed"))
_DETERMINERS = frozenset("the a an this that these those its their his her our".split())
# "say" after these is a noun: "should have a full say", "the final say", "no say".
_SAY_NOUN_BEFORE = frozenset("a an no any full final last greater bigger more equal real its "
                             "their his her our your".split())
_ANONYMITY = re.compile(
    r"\b(?:on condition of anonymity|requested anonymity|declined to be (?:named|identified)|"
    r"asked not to be (?:named|identified)|not authori[sz]ed to (?:speak|talk|comment)|"
    r"spoke anonymously|speaking anonymously|unnamed|anonymous)\b", re.IGNORECASE)
# Framing verbs attribute only with "as": "ISPR frames these operations as a triumph".
_NEED_AS = frozenset("frames framed framing branded brands termed labelled labeled".split())
# Passive reporting verbs that attribute to an unnamed crowd ("are often described as", "was
# alleged to"); other passives ("was never confirmed") report no one's words.
_AGENTLESS_PASSIVES = frozenset("said believed thought reported described alleged claimed "
                                "rumoured rumored understood learnt learned feared".split())
_VAGUE_HEADS = frozenset(("sources", "source", "reports"))
# Role nouns that take the type of the body named before them ("the army spokesman").
_GENERIC_ROLES = frozenset("spokesman spokesperson spokeswoman official officials chief "
                           "commander statement".split())
_BE = frozenset("is are was were be been being".split())
# "To say that ...", "Nobody can say ...": a verb with no reporting subject.
_NO_SUBJECT_BEFORE = frozenset("to can cannot could would might may".split())
# Evidence nouns as subjects report the writer's reasoning, not a source ("the data shows").
_EVIDENCE_SUBJECTS = frozenset(("evidence", "data", "polling", "pattern", "figures", "record",
                                "numbers", "history", "results", "trend", "trends", "map"))
# Where a clause ends, for the edges of source and content spans.
_CLAUSE_EDGE = re.compile(r"[,;:()—–]|\s-\s")
_CLAUSE_WORDS = frozenset("that while but and as when whereas though although because since if so "
                          "yet".split())
_AUXILIARIES = frozenset("has have had is are was were will would also long already still often "
                         "repeatedly again then now".split())
_RELATIVES = frozenset("who which whose".split())
_PRONOUNS = frozenset("he she they it we i you who which".split())
_MAX_SOURCE_WORDS = 14
_WINDOW = 400  # characters either side of a cue where its source and content are looked for


def _start(match: Match) -> int:
    return match.start


def _quote_start(quote: Quote) -> int:
    return quote.start


def _end(quote: Quote) -> int:
    return quote.end


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution in a sentence. Spans are ``[start, end)`` offsets into the text; a missing
    source has ``source_start == source_end`` (at the cue)."""

    cue_start: int
    cue_end: int
    cue: str
    stance: str
    source_start: int
    source_end: int
    source: str
    source_type: str
    speech: str  # "direct" | "indirect"
    vague: bool
    content_start: int
    content_end: int


@dataclass(frozen=True, slots=True)
class Voices:
    """A sentence's quotations and attributions, and the spans spoken in other voices."""

    quotes: tuple[Quote, ...]
    attributions: tuple[Attribution, ...]
    quoted: tuple[tuple[int, int], ...]  # merged, ordered spans not in the author's own voice

    def voice_of(self, start: int, end: int) -> str:
        """``"quoted"`` when ``[start, end)`` lies in a quoted or attributed span, else
        ``"author"``."""
        # ``quoted`` is merged and ordered: the only span that can hold ``start`` is the last
        # one starting at or before it (a bisection keeps a long sentence linear).
        at = bisect.bisect_right(self.quoted, (start, float("inf"))) - 1
        return "quoted" if at >= 0 and end <= self.quoted[at][1] else "author"


def _is_cue(match: Match, lexicons: LexiconSet) -> bool:
    return any(lexicons.covers(match, _ATTRIBUTION, c) for c in _CUE_CATEGORIES
               if c in lexicons[_ATTRIBUTION].categories)


def _tokenise(text: str, start: int, end: int) -> list[WordToken]:
    return [(m.start(), m.end(), normalise_word(m.group())) for m in WORD.finditer(text, start, end)]


class _Words:
    """The words of one sentence, ``text[low:high]``, tokenised once: the rules below ask for
    the words of many overlapping spans of it (tens of thousands of times per hundred
    articles), and a span's words are a slice of the sentence's.

    ``between(start, end)`` is exactly ``WORD.finditer(text, start, end)`` (with normalised
    words): a word of the sentence that the span cuts in two is tokenised again from the cut,
    as the pattern would see it, and a span outside the sentence is tokenised on its own."""

    __slots__ = ("ends", "high", "low", "starts", "text", "tokens")

    def __init__(self, text: str, low: int, high: int,
                 tokens: list[WordToken] | None = None) -> None:
        self.text, self.low, self.high = text, low, high
        self.tokens = _tokenise(text, low, high) if tokens is None else tokens
        self.starts = [t[0] for t in self.tokens]
        self.ends = [t[1] for t in self.tokens]

    def between(self, start: int, end: int) -> list[WordToken]:
        if start < self.low or end > self.high:
            return _tokenise(self.text, start, end)
        if start >= end:
            return []
        # The words overlapping [start, end): they end after start and start before end.
        found = self.tokens[bisect.bisect_right(self.ends, start):
                            bisect.bisect_left(self.starts, end)]
        if not found:
            return found
        first, last = found[0], found[-1]
        if first is last and (first[0] < start or first[1] > end):
            return _tokenise(self.text, max(start, first[0]), min(end, first[1]))
        # The pattern scanning from a cut inside a word stops where the word ends (a word is
        # as long as the pattern allows), and then goes on exactly as the sentence's scan did.
        if first[0] < start:
            found[:1] = _tokenise(self.text, start, first[1])
        if last[1] > end:
            found[-1:] = _tokenise(self.text, last[0], end)
        return found

    def normalised(self, start: int, end: int) -> list[str]:
        return [t[2] for t in self.between(start, end)]


def _left_edge(words: _Words, low: int, position: int, quotes: Sequence[Quote]) -> int:
    """Where the clause holding ``position`` starts: after the last clause mark, closing
    quotation or "that" before it."""
    edge = low
    for mark in _CLAUSE_EDGE.finditer(words.text, low, position):
        if inside(list(quotes), mark.start(), mark.end()) is None:
            edge = mark.end()
    for quote in quotes:
        if quote.end <= position:
            edge = max(edge, quote.end)
    for _, word_end, word in words.between(edge, position):
        if word in _CLAUSE_WORDS:
            edge = word_end
    return edge


def _right_edge(text: str, position: int, high: int, quotes: Sequence[Quote]) -> int:
    """Where the clause from ``position`` ends: at the next clause mark or quotation."""
    for mark in _CLAUSE_EDGE.finditer(text, position, high):
        if inside(list(quotes), mark.start(), mark.end()) is None:
            return mark.start()
    return next((q.start for q in quotes if q.start >= position), high)


def _trim(words: _Words, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding spaces and punctuation."""
    found = words.between(start, end)
    return (found[0][0], found[-1][1]) if found else (start, start)


def _source_type_in(start: int, end: int, matches: Sequence[Match],
                    lexicons: LexiconSet) -> str | None:
    """The source type named inside ``[start, end)``: the last source noun (the head of "a
    Houthi military spokesman" is "spokesman"), armed-group names counting as militant ones."""
    found: list[tuple[int, int, str]] = []
    for match in matches:
        if match.start < start or match.end > end:
            continue
        if match.lexicon == _ATTRIBUTION and match.category.startswith(_SOURCE_PREFIX):
            kind = match.category[len(_SOURCE_PREFIX):]
            if kind in SOURCE_TYPES:
                found.append((match.start, match.end, kind))
        for lexicon, category, kind in _ACTOR_SOURCE_TYPES:
            if lexicon in lexicons.lexicons and category in lexicons[lexicon].categories \
                    and lexicons.covers(match, lexicon, category):
                found.append((match.start, match.end, kind))
                break
    if not found:
        return None
    # The head is the last noun; of two starting together, the longer ("Taliban administration"
    # over "Taliban").
    found.sort()
    head = found[-1][2]
    last = max((m for m in matches if start <= m.start and m.end <= end),
               key=lambda m: (m.start, m.end))
    if len(found) > 1 and normalise_word(last.term) in _GENERIC_ROLES:
        head = found[-2][2]  # "the army spokesman": the army's
    # A named armed group owns its military spokesmen: "a Houthi military spokesman" is militant;
    # but "the Taliban administration's spokesman" speaks for a government.
    if head == "state_security" and any(kind == "militant" for _, _, kind in found):
        return "militant"
    return head


def _adjacent_quote(text: str, quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """A quotation right before ``start`` or right after ``end``, separated only by spaces,
    commas or a colon: the quotation a cue and its source introduce."""
    for quote in quotes:
        if quote.end <= start and not text[quote.end:start].strip(" ,:—–-\u00a0"):
            return quote
        if quote.start >= end and not text[end:quote.start].strip(" ,:\u00a0"):
            return quote
    return None


def _content(words: _Words, low: int, high: int, cue: tuple[int, int],
             source: tuple[int, int]) -> tuple[int, int]:
    """The attributed content: the clause after the cue when the sentence goes on past it,
    else the text before the cue and its source."""
    text = words.text
    left = min(cue[0], source[0])
    right = max(cue[1], source[1])
    after = words.between(right, high)
    if len(after) >= 3:
        first = after[0]
        start = first[1] if first[2] == "that" else first[0]
        end = high
        for mark in re.finditer(r";", text[start:high]):
            end = start + mark.start()
            break
        return _trim(words, start, end)
    start = low
    for mark in re.finditer(r";", text[low:left]):
        start = low + mark.end()
    return _trim(words, start, left)


def find_attributions(text: str, low: int, high: int, matches: Sequence[Match],
                      lexicons: LexiconSet, *, tokens: list[WordToken] | None = None) -> Voices:
    """The attributions and quotations of the sentence ``text[low:high]`` from its lexicon
    matches. ``tokens``, when given, are the sentence's words from ``Matcher.words(text, low,
    high)``, so that they are not tokenised again."""
    quotes = find_quotes(text, low, high)
    if _ATTRIBUTION not in lexicons.lexicons:
        return Voices(tuple(quotes), (), _merge([(q.start, q.end) for q in quotes]))
    anonymous: bool | None = None  # looked for at the first attribution: most sentences have none
    attributions: list[Attribution] = []
    sentence_low, sentence_high = low, high
    words: _Words | None = None  # built at the first cue: most sentences have none
    for match in matches:
        if not _is_cue(match, lexicons):
            continue
        if words is None:
            words = _Words(text, sentence_low, sentence_high, tokens)
        # Sources and content are found near their cue: a window keeps a 5,000-word "sentence"
        # (a table or a list run together) linear in its length.
        low, high = max(sentence_low, match.start - _WINDOW), min(sentence_high, match.end + _WINDOW)
        near = matches[bisect.bisect_left(matches, low, key=_start):
                       bisect.bisect_right(matches, high, key=_start)]
        # The quotations in the window (they are ordered and do not overlap).
        nearby_quotes = quotes[bisect.bisect_right(quotes, low, key=_end):
                               bisect.bisect_left(quotes, high, key=_quote_start)]
        holder = inside(nearby_quotes, match.start, match.end)
        if holder is not None:
            if holder.closed:
                continue  # the quoted speaker's own reporting
            # An unclosed quotation ends where the cue's clause starts: '"The operation was a
            # success, the army spokesman said'.
            quotes = _close_at_clause(text, quotes, holder, match.start)
            nearby_quotes = [q for q in quotes if q.end > low and q.start < high]
        cue = normalise_word(match.term)
        if cue in _NOT_CUES_ALONE:
            continue
        following = words.normalised(match.end, min(high, match.end + 40))[:1]
        before = words.normalised(low, match.start)[-1:]
        if cue in _ADJECTIVAL and following and following[0] not in ("that", "to", "by") \
                and (not before or before[0] in _DETERMINERS):
            continue  # "the alleged attack": a hedge, not a report
        if before and (before[0] in _NO_SUBJECT_BEFORE or before[0] == "well"):
            continue  # "to say that", "it is well established that"
        if cue == "say" and before and before[0] in _SAY_NOUN_BEFORE:
            continue  # "lawmakers should have a full say on the matter": a noun
        next_words = words.normalised(match.end,
                                      _right_edge(text, match.end, high, nearby_quotes))
        last_two = words.normalised(max(low, match.start - 40), match.start)[-2:]
        if set(last_two) & _BE and cue not in _AGENTLESS_PASSIVES and next_words[:1] != ["by"]:
            continue  # "the attack was never confirmed": a passive with no one reporting
        if cue.startswith("claim") and {"lives", "life"} & set(next_words[:4]):
            continue  # "an attack which claimed 16 lives": a toll, not a claim
        if cue in _NEED_AS and "as" not in next_words[:10]:
            continue  # "concerns are framed within a policy": no one frames anything as X
        stance = next((s for c, s in _STANCE_OF_CATEGORY.items()
                       if lexicons.covers(match, _ATTRIBUTION, c)), "neutral")
        if anonymous is None:
            anonymous = _ANONYMITY.search(text, sentence_low, sentence_high) is not None
        attributions.append(_attribution(words, low, high, match, cue, stance, nearby_quotes,
                                         near, lexicons, anonymous))
    if words is not None:
        attributions = [a for a in attributions
                        if not set(words.normalised(a.source_start, a.source_end)[-1:])
                        & _EVIDENCE_SUBJECTS]
    quoted = [(q.start, q.end) for q in quotes]
    quoted += [(a.content_start, a.content_end) for a in attributions
               if a.content_end > a.content_start]
    return Voices(tuple(quotes), tuple(attributions), _merge(quoted))


def _attribution(words: _Words, low: int, high: int, match: Match, cue: str, stance: str,
                 quotes: list[Quote], matches: Sequence[Match], lexicons: LexiconSet,
                 anonymous: bool) -> Attribution:
    text = words.text
    cue_span = (match.start, match.end)
    before = words.normalised(low, match.start)
    passive = cue in _AGENTLESS_PASSIVES and (
        (bool(before) and before[-1] in _BE) or (len(before) > 1 and before[-2] in _BE))
    agentless = cue in _AGENTLESS_CUES or passive
    clause_after = words.between(match.end, _right_edge(text, match.end, high, quotes))
    by_agent = bool(clause_after) and clause_after[0][2] == "by"
    named_in_cue = _source_type_in(match.start, match.end, matches, lexicons) is not None
    if cue in _SOURCE_AFTER_CUES:
        source = _trim(words, match.end, _right_edge(text, match.end, high, quotes))
    elif by_agent:
        # "described by the Inter-Services Public Relations as ...": the agent is the source.
        agentless = False
        source = _agent_after_by(words, clause_after)
    elif named_in_cue:
        source = cue_span  # "reports indicate", "security sources said"
    elif agentless:
        source = (match.start, match.start)
    else:
        edge = _left_edge(words, low, match.start, quotes)
        source = _trim(words, edge, match.start)
        if source[0] == source[1] and edge > low and text[edge - 1] == "," and not any(
                q.end in (edge - 1, edge) for q in quotes):
            # "X, <aside>, said": the aside names the source ("the military wing, ISPR,
            # frames") unless it is a participle or relative clause about it ("Security
            # officials, speaking on condition of anonymity, said").
            edge = _left_edge(words, low, edge - 1, quotes)
            source = _trim(words, edge, _last_comma(text, edge, match.start))
        first = words.normalised(*source)[:1]
        if first and (first[0] in _RELATIVES or first[0].endswith("ing")) \
                and edge > low and text[edge - 1] == ",":
            # "The mother, who has searched for her son for six years, said": the antecedent.
            source = _trim(words, _left_edge(words, low, edge - 1, quotes), edge - 1)
        if source[0] == source[1]:
            # Inverted order: "..., said a resident of Panjgur".
            source = _trim(words, match.end, _right_edge(text, match.end, high, quotes))
    source = _strip_trailing_verb_words(words, *source)
    source_words = words.normalised(*source)
    if len(source_words) > _MAX_SOURCE_WORDS:
        source = (source[1], source[1])
        source_words = []
    source_type = _source_type_in(*source, matches, lexicons)
    if source_type is None:
        # The cue itself may name the source ("sources said", "reports indicate").
        source_type = _source_type_in(match.start, match.end, matches, lexicons)
    if source_type is None and source_words and all(w in _PRONOUNS for w in source_words):
        # "she said": the speaker was named earlier; the nearest source noun in the sentence's
        # own words is the best guess.
        source_type = _nearest_source(text, low, high, match, matches, lexicons, quotes)
    if anonymous or agentless or source_words[-1:] in (["sources"], ["source"]):
        source_type = "anonymous"  # whatever their kind, unnamed sources are anonymous
    vague = agentless or source_type == "anonymous" or bool(set(source_words) & _VAGUE_HEADS)
    quote = _adjacent_quote(text, quotes, min(cue_span[0], source[0]),
                            max(cue_span[1], source[1]))
    if quote is not None:
        speech, content = "direct", quote.inner
    else:
        speech, content = "indirect", _content(words, low, high, cue_span, source)
    return Attribution(
        cue_start=match.start, cue_end=match.end, cue=match.term, stance=stance,
        source_start=source[0], source_end=source[1], source=text[source[0]:source[1]],
        source_type=source_type or "other", speech=speech, vague=vague,
        content_start=content[0], content_end=content[1])


def _last_comma(text: str, start: int, end: int) -> int:
    comma = text.rfind(",", start, end)
    return comma if comma >= 0 else end


def _agent_after_by(words: _Words, clause: list[WordToken]) -> tuple[int, int]:
    """The agent noun phrase after "by", up to "as"/"in"/"on" or the clause end."""
    end = clause[0][1]
    for _, word_end, word in clause[1:]:
        if word in ("as", "in", "on", "at", "that", "to", "after"):
            break
        end = word_end
    return _trim(words, clause[0][1], end)


def _strip_trailing_verb_words(words: _Words, start: int, end: int) -> tuple[int, int]:
    """A subject without the auxiliaries and adverbs between it and its verb ("the Chief
    Minister has publicly", "Islamabad frequently")."""
    found = words.between(start, end)  # a copy: popped below
    while len(found) > 1 and (found[-1][2] in _AUXILIARIES
                              or words.text[found[-1][0]:found[-1][1]].endswith("ly")):
        found.pop()
    return (found[0][0], found[-1][1]) if found else (start, end)


def _close_at_clause(text: str, quotes: list[Quote], holder: Quote, position: int) -> list[Quote]:
    """``quotes`` with the unclosed ``holder`` ended at the last comma before ``position``."""
    comma = text.rfind(",", holder.start, position)
    if comma <= holder.start:
        return [q for q in quotes if q is not holder]
    return [Quote(q.start, comma + 1, closed=False) if q is holder else q for q in quotes]


def _nearest_source(text: str, low: int, high: int, cue: Match, matches: Sequence[Match],
                    lexicons: LexiconSet, quotes: list[Quote]) -> str | None:
    candidates = [m for m in matches if not inside(quotes, m.start, m.end)]
    candidates.sort(key=lambda m: abs(m.start - cue.start))
    for match in candidates:
        kind = _source_type_in(match.start, match.end, [match], lexicons)
        if kind is not None:
            return kind
    return None


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)
