"""Attribution, quotations and voice on real news sentences (the annotated set's dev split, the
seeds) and properties that must hold on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.features import sentence_features
from framing.lexicon.registry import load_lexicons
from framing.quotes import find_quotes

LEXICONS = load_lexicons(discover=False)


def features(text: str):
    return sentence_features(text, LEXICONS.matcher.find(text), LEXICONS)


def main_attribution(text: str):
    found = features(text)
    assert found.attributions, text
    return found.attributions[0]


@pytest.mark.parametrize(("text", "source", "source_type"), [
    # subject before the verb
    ("The mayor said there was no doubt that the strike had been aimed at the railway station.",
     "The mayor", None),
    # a parenthetical between subject and verb is skipped; anonymity anywhere wins
    ("Security officials, speaking on condition of anonymity, said the attackers had been "
     "tracked to a hideout near the Iranian border.", "Security officials", "anonymous"),
    # inverted order after a quotation
    ("“We found the bodies on the roadside at dawn,” said a resident of Panjgur, who asked not "
     "to be named for fear of reprisals.", "a resident of Panjgur", "anonymous"),
    # source at the end of the sentence
    ("Insurgents beheaded at least a dozen villagers in Cabo Delgado, a local official said, in "
     "attacks that have forced thousands to flee.", "a local official", "government"),
    # according to
    ("Explosions have been heard in the centre of Kyiv, according to our correspondent; "
     "air-raid sirens sounded across the country.", "our correspondent", None),
    # passive with an agent
    ("This operation, described by the Inter-Services Public Relations (ISPR) as a "
     "“comprehensive clearance initiative,” was a direct response to a series of attacks.",
     "the Inter-Services Public Relations", "state_security"),
    # auxiliaries and adverbs between subject and verb are not part of the source
    ("It is encouraging to note that the Chief Minister of Khyber Pakhtunkhwa has publicly "
     "acknowledged that terrorists do not belong to any particular province.",
     "the Chief Minister of Khyber Pakhtunkhwa", "government"),
    # a relative clause after the subject
    ("The mother, who has searched for her son for six years, said she was absolutely sure the "
     "police had handed him over to the cartel.", "The mother", None),
    # an armed group's name makes its military spokesman militant
    ("A Houthi military spokesman claimed that the group had targeted a US aircraft carrier "
     "with drones, but US officials said no attack had taken place.",
     "A Houthi military spokesman", "militant"),
])
def test_source_span_and_type(text: str, source: str, source_type: str | None):
    attribution = main_attribution(text)
    assert attribution.source == source
    assert text[attribution.source_start:attribution.source_end] == source
    if source_type is not None:
        assert attribution.source_type == source_type


@pytest.mark.parametrize(("text", "stance"), [
    ("Hamas alleged that Israeli forces had fired on people waiting for flour.", "distancing"),
    ("Kigali insists its troops are in Congo only to protect Rwanda's borders.", "distancing"),
    ("The Chief Minister has publicly acknowledged that terrorists do not belong to any "
     "particular province.", "endorsing"),
    ("The mayor said the strike had been aimed at the railway station.", "neutral"),
])
def test_cue_stance(text: str, stance: str):
    assert main_attribution(text).stance == stance
    assert features(text).has("distancing") == (stance == "distancing")


@pytest.mark.parametrize(("text", "speech"), [
    ("A battalion commander near Bakhmut said: \"Every day the line moves a few hundred metres, "
     "and every metre costs lives.\"", "direct"),
    ("“There is no safe place,” said Um Khalil, standing in the sand where her tent had been.",
     "direct"),
    ("Independent election monitors said turnout in the junta's election was probably well "
     "below the official figure of 52 percent.", "indirect"),
])
def test_direct_and_indirect_speech(text: str, speech: str):
    assert main_attribution(text).speech == speech


@pytest.mark.parametrize("text", [
    "It is said in the camps that the RSF pays recruits more in a month than a teacher earns.",
    "The drone may have been targeting a Hamas official, Lebanese security sources said.",
    "Reports indicate that hundreds of families have been displaced due to militant activity.",
])
def test_vague_attribution(text: str):
    assert main_attribution(text).vague


@pytest.mark.parametrize("text", [
    # "reportedly", "alleged" + noun and "so-called" hedge but name no source
    "The men allegedly planted the device near the market.",
    "The alleged attack on the convoy was never confirmed.",
    # evidence nouns and the writer's reasoning are not sources
    "The evidence clearly shows that every major military offensive since 2005 has been "
    "followed by a new generation of insurgent leaders.",
    "To say that the peace talks failed is, in fact, too generous.",
    "It is well established that most victims of enforced disappearance are young men.",
    # a death toll, not a claim; a policy frame, not a framing verb
    "The attack on a shuttle train in Quetta claimed 16 lives.",
    "These concerns are framed within Pakistan’s broader counterterrorism policy.",
    # a setting of speech without a reporting verb
    "The senator defended the president at a news conference following the hearing.",
])
def test_not_attribution(text: str):
    assert not features(text).has("attribution"), features(text).attributions


def test_voice_separates_the_author_from_the_quoted_speaker():
    text = ("“I have no doubt that my brother was killed by a sniper,” she said, although the "
            "army clearly denies it.")
    found = features(text)
    voices = {(e.cue, e.voice) for e in found.evidence if e.feature == "booster"}
    assert ("no doubt", "quoted") in voices
    assert ("clearly", "author") in voices
    assert found.has("booster", voice="author") and found.has("booster", voice="quoted")


def test_scare_quotes_without_a_speaker():
    text = "The 40-hour “blitz” saw a combination of aerial surveillance and surgical strikes."
    found = features(text)
    (quote,) = [e for e in found.evidence if e.feature == "scare_quote"]
    assert quote.cue == "blitz" and text[quote.start:quote.end] == "“blitz”"
    assert not found.has("distancing")  # no source: no one to distance from (guideline 5)


def test_quotation_marks_around_no_words_are_no_scare_quotes():
    text = "The margin held a “42”, then a “—” and a “...” in pencil."
    assert not features(text).has("scare_quote")


def test_scare_quoted_label_in_an_attributed_sentence_is_distancing():
    text = ("The Taliban government described the killings as 'isolated acts of personal "
            "revenge' and said no policy of reprisals existed.")
    assert features(text).has("distancing")


def test_an_unclosed_quotation_ends_at_its_speaker():
    text = ("\"The operation was a success and the terrorists have been degraded, the army "
            "spokesman said in a statement, adding that troops were pursuing fleeing fighters.")
    attribution = main_attribution(text)
    assert attribution.source == "the army spokesman"
    assert attribution.source_type == "state_security"


@pytest.mark.parametrize(("text", "quoted"), [
    ("He said “stop” and left.", ["“stop”"]),
    ("Pakistan’s army and the militants’ spokesman disagree.", []),
    ("The so-called 'development' of Gwadar 'works'.", ["'development'", "'works'"]),
    ("“Nested ‘inner’ quotes stay whole,” she said.", ["“Nested ‘inner’ quotes stay whole,”"]),
    ("“Unclosed at the start runs to the end", ["“Unclosed at the start runs to the end"]),
    ("Unclosed “in the middle is ignored", []),
    ("Don't split the officers' and Pakistan's apostrophes", []),
])
def test_quotations(text: str, quoted: list[str]):
    assert [text[q.start:q.end] for q in find_quotes(text)] == quoted


def test_seed_attributions_are_found_in_their_sentences(seed_analysis):
    found = [(a, d) for d in seed_analysis.documents for f in d.features for a in f.attributions]
    assert len(found) >= 8
    for attribution, document in found:
        cue = document.text[attribution.cue_start:attribution.cue_end]
        assert cue.casefold() == attribution.cue.casefold()
        assert document.text[attribution.source_start:attribution.source_end] == attribution.source


texts = st.text(alphabet=st.sampled_from(list("ab said “”‘’'\"., according to: police ")),
                max_size=120) | st.text(max_size=80)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 10), st.integers(0, 10))
def test_every_span_lies_inside_its_sentence(text: str, cut_start: int, cut_end: int):
    start, end = min(cut_start, len(text)), max(len(text) - cut_end, 0)
    start = min(start, end)
    found = sentence_features(text, LEXICONS.matcher.find(text, start, end), LEXICONS,
                              start=start, end=end)
    for e in found.evidence:
        assert start <= e.start <= e.end <= end
        assert e.voice in ("author", "quoted")
    for a in found.attributions:
        for lo, hi in ((a.cue_start, a.cue_end), (a.source_start, a.source_end),
                       (a.content_start, a.content_end)):
            assert start <= lo <= hi <= end
    previous = start
    for q in find_quotes(text, start, end):
        assert previous <= q.start < q.end <= end
        previous = q.end


def test_a_source_with_two_cues_is_one_source_span():
    # New York Times, 2020: "called on" and "added" share their source.
    text = ("Leggett, who called on the militant group to uphold their commitments to the peace "
            "deal signed on Feb. 29, added that Taliban forces had conducted 43 attacks on Afghan "
            "troops on Tuesday in the same province.")
    found = features(text)
    assert len(found.attributions) == 2
    sources = [(e.start, e.end) for e in found.evidence if e.feature == "source"]
    assert sources == [(0, len("Leggett"))]
    spans = [(e.start, e.end, e.feature, e.cue) for e in found.evidence]
    assert len(spans) == len(set(spans))


@pytest.mark.parametrize("text", [
    # The Hill, 2018: "say" is a noun here, no one says anything
    "Trump should submit any eventual deal to the Senate for approval as a treaty, so that "
    "lawmakers have a full say on the matter.",
    "Voters will have the final say in a referendum next year.",
    "The opposition gets to have its say.",
])
def test_say_as_a_noun_is_no_attribution(text: str):
    assert not features(text).attributions


def test_some_say_is_still_attribution():
    assert features("Some say the ceasefire will not hold beyond the winter.").attributions
