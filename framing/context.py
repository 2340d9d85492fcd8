"""Context rules: where the words around a lexicon cue change what it means.

Each rule looks at a cue and the few words before or after it in its sentence and says what
the cue is evidence of: a hedge, a booster, or nothing. Rules are small, named and tested on
real sentences; they are tuned on the dev split of tests/data only.
"""

from __future__ import annotations

import re

from framing.lexicon.model import WORD, normalise_word

# Words that negate what follows them within a short window ("not clearly", "nobody can say
# with certainty", "isn't clear").
NEGATORS = frozenset("not no never nobody none nor hardly cannot neither without".split())
_NEGATION_WINDOW = 3
# After "may not", these keep the epistemic sense ("it may not be true"); any other verb makes
# it a prohibition ("journalists may not travel without a permit").
_EPISTEMIC_AFTER_MAY_NOT = frozenset("be have been".split())
_OPEN_QUESTION = re.compile(r"\b(?:whether|remains to be seen|it is unclear if)\b", re.IGNORECASE)


def _words_before(text: str, start: int, low: int, count: int) -> list[str]:
    words = [normalise_word(w) for w in WORD.findall(text, low, start)]
    return words[-count:]


def _words_after(text: str, end: int, high: int, count: int) -> list[str]:
    found = []
    for match in WORD.finditer(text, end, high):
        found.append(normalise_word(match.group()))
        if len(found) == count:
            break
    return found


def _negated(text: str, start: int, low: int) -> bool:
    before = _words_before(text, start, low, _NEGATION_WINDOW)
    return any(w in NEGATORS or w.endswith("n't") for w in before)


def stance_of(cue: str, kind: str, text: str, start: int, end: int, low: int,
              high: int) -> tuple[str | None, str]:
    """What a stance cue (``kind`` "hedge" or "booster") at ``text[start:end]`` in the sentence
    ``text[low:high]`` is evidence of: ``("hedge"|"booster"|None, reason)``."""
    word = normalise_word(text[start:end])
    after = _words_after(text, end, high, 2)
    if kind == "booster":
        if _negated(text, start, low):
            return "hedge", "negated booster"  # "not clearly supported", "no certainty"
        if _OPEN_QUESTION.search(text, low, start):
            return None, "booster inside an open question"  # "whether ... in fact"
        return "booster", ""
    if word in ("could", "can") and after[:1] in (["not"], ["n't"]):
        return None, "'could not' = was unable"
    if (word == "may" and after[:1] == ["not"] and after[1:2]
            and after[1] not in _EPISTEMIC_AFTER_MAY_NOT):
        return None, "'may not' + verb = not permitted"
    if word in ("alleged", "alleges") and after[:1] == ["that"]:
        return None, "'alleged that' reports a claim (attribution), it does not hedge"
    return "hedge", ""
