"""Sentence alignment across outlets (framing.compare.align): fact sentences, their anchors and
evidence, the grouping invariants, determinism, edge cases, and accuracy on BASIL with groups
checked by reading the articles."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing import Document, Source, analyze, analyze_document, load_corpus, load_lexicons
from framing.compare.align import (
    DIFFERENCE_FEATURES,
    MIN_TOKENS,
    AlignedGroup,
    FactEvidence,
    FactSentence,
    align,
    fact_sentences,
    framing_difference,
    group_record,
)
from framing.pipeline import AnalyzedDocument
from tests.conftest import SHARED_DATA

# Thresholds loose enough that the seeds, which share a topic but few facts, give groups to
# check the invariants on (at the defaults they give none).
LOOSE = {"high_cosine": 0.3, "anchored_cosine": 0.15}


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons(discover=False)


def analysed(text: str, outlet: str, doc_id: str, lexicons) -> AnalyzedDocument:
    result = analyze_document(Document(id=doc_id, outlet=outlet, text=text,
                                       source=Source(f"{doc_id}.txt")), lexicons=lexicons)
    assert isinstance(result, AnalyzedDocument)
    return result


def facts(documents: Sequence[AnalyzedDocument]) -> list[FactSentence]:
    return [s for d in documents for s in fact_sentences(d)]


def check_groups(groups: Sequence[AlignedGroup]) -> None:
    """The invariants every result holds."""
    seen: set[tuple[str, str, int]] = set()
    for g in groups:
        outlets = [s.outlet for s in g.sentences]
        assert len(g.sentences) >= 2
        assert outlets == sorted(set(outlets)), "one sentence per outlet, ordered by outlet"
        for s in g.sentences:
            assert s.key not in seen, "a sentence belongs to one group at most"
            seen.add(s.key)
        assert 0.0 <= g.similarity <= 1.0 + 1e-9
        assert g.framing_difference == pytest.approx(framing_difference(g.sentences), abs=1e-6)
        assert all(sum(a in s.anchors for s in g.sentences) >= 2 for a in g.anchors)
    keys = [(-g.framing_difference, -g.similarity) for g in groups]
    assert keys == sorted(keys)


# --- the seeds --------------------------------------------------------------------------------


def test_fact_sentences_point_into_the_cleaned_text(seed_analysis):
    for doc in seed_analysis.documents:
        sentences = fact_sentences(doc)
        assert sentences, doc.document.id
        by_index = {s.index: s for s in doc.sentences}
        for f in sentences:
            assert f.doc == doc.document.id and f.outlet == doc.document.outlet
            assert f.text == doc.text[f.start:f.end]
            assert (f.start, f.end) == (by_index[f.index].start, by_index[f.index].end)
            assert len(by_index[f.index].tokens) >= MIN_TOKENS
            for e in f.evidence:
                assert 0 <= e.start <= e.end <= len(f.text), (f.text, e)
            assert dict(f.counts) == {k: sum(e.feature == k for e in f.evidence)
                                      for k in {e.feature for e in f.evidence}}
            features = doc.features[f.index]
            assert f.source_type == features.source_type
            # The evidence is the pipeline's, shifted to the sentence.
            assert [(e.start + f.start, e.end + f.start, e.feature, e.cue) for e in f.evidence] \
                == [(e.start, e.end, e.feature, e.cue) for e in features.evidence]


@pytest.mark.parametrize("options", [{}, LOOSE], ids=["defaults", "loose"])
def test_seed_groups_hold_the_invariants(seed_analysis, options):
    groups = align(facts(seed_analysis.documents), **options)
    check_groups(groups)
    if options:
        assert groups, "the loose thresholds exist to give the seeds some groups"


def test_seed_alignment_is_deterministic_and_order_free(seed_analysis):
    documents = list(seed_analysis.documents)
    first = align(facts(documents), **LOOSE)
    assert align(facts(documents), **LOOSE) == first
    for seed in range(3):
        shuffled = documents[:]
        random.Random(seed).shuffle(shuffled)
        sentences = facts(shuffled)
        random.Random(seed).shuffle(sentences)
        assert align(sentences, **LOOSE) == first


# --- anchors and terms ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "present", "absent"), [
    ("Officials said twelve soldiers were killed in the attack on Monday.",
     {"num:12"}, {"name:officials", "name:monday"}),
    ("Officials said 12 soldiers were killed in the attack on the base.", {"num:12"}, set()),
    ("The ad shows President Barack Obama’s meeting with the Israeli prime minister.",
     {"name:barack", "name:obama", "name:israeli"}, {"name:president", "name:the"}),
    # "U.S." would be "us", a stop word, and is dropped. (Not "F.B.I." here: the segmenter
    # ends a sentence after a dotted acronym even before a lower-case word.)
    ("Critics said Mr. Obama had met the FBI director and leaders of the U.S. Senate on Tuesday.",
     {"name:obama", "name:fbi", "name:senate"},
     {"name:mr", "name:critics", "name:tuesday", "name:us"}),
    ('"I was talking about the environmentalists," Santorum said in Ohio.',
     {"name:santorum", "name:ohio"}, set()),
    ('He said: "Nobody knows what is happening in the country now."', set(),
     {"name:nobody", "name:he"}),
    ("The bill would cut Medicare by $800 billion over the coming years.",
     {"num:8e+11", "name:medicare"}, set()),
])
def test_anchors(lexicons, text, present, absent):
    (sentence,) = fact_sentences(analysed(text, "A", "a", lexicons))
    assert present <= sentence.anchors
    assert not absent & sentence.anchors


def test_twelve_and_12_are_one_anchor(lexicons):
    a = fact_sentences(analysed("Police said twelve protesters were arrested near the square.",
                                "A", "a", lexicons))
    b = fact_sentences(analysed("Police said 12 protesters were arrested near the square.",
                                "B", "b", lexicons))
    assert "num:12" in a[0].anchors & b[0].anchors
    (group,) = align(a + b)
    assert "num:12" in group.anchors


def test_short_sentences_and_headings_are_skipped(lexicons):
    doc = analysed("Troops raided a compound.\n\nAttack in Quetta\n\n"
                   "Troops raided a compound near Kech on Monday morning. "
                   "He declined to comment.", "A", "a", lexicons)
    assert [s.kind for s in doc.sentences] == ["text", "heading", "text", "text"]
    assert [s.index for s in fact_sentences(doc)] == [2]


# --- framing difference -----------------------------------------------------------------------


def fact(outlet: str, counts: dict[str, int], source_type: str | None = None,
         terms: tuple[str, ...] = ("troop", "raid"), index: int = 0) -> FactSentence:
    return FactSentence(doc=f"{outlet}-doc", outlet=outlet, index=index, start=0, end=10,
                        text="x" * 10, source_type=source_type, anchors=frozenset(),
                        terms=terms, counts=tuple(sorted(counts.items())))


def test_framing_difference_by_hand():
    # A: kinetic 2, attribution 1 (military); B: kinetic 1, hedge 1 (residents); C: nothing.
    a = fact("A", {"kinetic": 2, "attribution": 1, "figure": 5}, "state_security")
    b = fact("B", {"kinetic": 1, "hedge": 1}, "civil_society")
    c = fact("C", {})
    # A-B: |2-1| + |0-1| + |1-0| + 1 (source types differ) = 4; "figure" is not compared.
    # A-C: 2 + 1 + 1 = 4;  B-C: 1 + 1 + 1 (civil_society vs none) = 3.  Mean: 11 / 3.
    assert framing_difference([a, b, c]) == pytest.approx(11 / 3)
    assert framing_difference([a]) == 0.0
    assert "figure" not in DIFFERENCE_FEATURES


# --- edge cases -------------------------------------------------------------------------------


def test_one_outlet_gives_no_groups(lexicons):
    text = "Troops raided a compound near Kech on Monday and arrested four men."
    docs = [analysed(text, "Only", f"d{i}", lexicons) for i in range(3)]
    assert align(facts(docs)) == []
    assert align([]) == []


def test_a_document_with_no_sentences(lexicons):
    empty = AnalyzedDocument(document=Document(id="e", outlet="B", text="", source=Source("e")),
                             text="", removals=(), sentences=())
    assert fact_sentences(empty) == []
    text = "Troops raided a compound near Kech on Monday and arrested four men."
    assert align(fact_sentences(analysed(text, "A", "a", lexicons))) == []


def test_identical_sentences_in_two_outlets(lexicons):
    text = ("Security forces killed five militants in a raid near Kech on Monday, officials "
            "said.")
    a = analysed("Intro line with enough words to be a sentence here. " + text, "A", "a", lexicons)
    b = analysed(text, "B", "b", lexicons)
    (group,) = align(facts([a, b]))
    assert [s.outlet for s in group.sentences] == ["A", "B"]
    assert group.framing_difference == 0
    assert group.similarity == pytest.approx(1.0)
    assert {"num:5", "name:kech"} <= group.anchors
    assert group.sentences[0].text == group.sentences[1].text == text


@pytest.mark.parametrize("outlets", [
    ("<script>alert(1)</script>", "Tom & Jerry's \"News\""),
    ("../../etc/passwd", "C:\\news\\outlet"),
    ("a/b", "a\\b"),
])
def test_outlet_names_with_html_and_path_characters(lexicons, outlets):
    text = "Security forces killed five militants in a raid near Kech on Monday, officials said."
    docs = [analysed(text, outlet, f"doc{i}", lexicons) for i, outlet in enumerate(outlets)]
    (group,) = align(facts(docs))
    record = json.loads(json.dumps(group_record(group, 1)))
    assert [s["outlet"] for s in record["sentences"]] == sorted(outlets)


# --- the record -------------------------------------------------------------------------------


def test_group_record(lexicons):
    a = analysed("Officials said 12 soldiers were killed in an attack on a base in Kech.",
                 "Outlet B", "b1", lexicons)
    b = analysed("At least 12 soldiers died when militants attacked a base in Kech, "
                 "residents claimed.", "Outlet A", "a1", lexicons)
    (group,) = align(facts([a, b]), anchored_cosine=0.2)
    record = group_record(group, 3)
    assert json.loads(json.dumps(record)) == record
    assert list(record) == ["rank", "framing_difference", "similarity", "anchors", "sentences"]
    assert record["rank"] == 3
    assert record["anchors"] == sorted(record["anchors"]) and "num:12" in record["anchors"]
    assert [s["outlet"] for s in record["sentences"]] == ["Outlet A", "Outlet B"]
    first = record["sentences"][0]
    assert set(first) == {"outlet", "doc", "index", "start", "end", "text", "source_type",
                          "counts", "evidence"}
    assert first["doc"] == "a1" and first["text"] == b.text[first["start"]:first["end"]]
    for e in first["evidence"]:
        assert set(e) == {"feature", "cue", "start", "end", "voice"}
        assert first["text"][e["start"]:e["end"]]
    assert any(e["feature"] == "distancing" for e in first["evidence"])  # "claimed"


# --- properties on made-up sentences ----------------------------------------------------------

_WORDS = ["raid", "troop", "kech", "arrest", "protest", "court", "budget", "vote", "bomb", "talk"]


@st.composite
def sentence_sets(draw) -> list[FactSentence]:
    out = []
    for outlet in draw(st.lists(st.sampled_from("ABCD"), min_size=1, max_size=4, unique=True)):
        for doc in range(draw(st.integers(1, 2))):
            for index in range(draw(st.integers(0, 4))):
                terms = tuple(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=5)))
                anchors = frozenset(draw(st.sets(st.sampled_from(["num:5", "name:kech"]))))
                out.append(FactSentence(
                    doc=f"{outlet}{doc}", outlet=outlet, index=index, start=0, end=1, text="x",
                    source_type=draw(st.sampled_from([None, "government"])), anchors=anchors,
                    terms=terms, evidence=(FactEvidence("kinetic", "raid", 0, 1, "author"),),
                    counts=(("kinetic", draw(st.integers(0, 2))),)))
    return out


@given(sentence_sets(), st.randoms(use_true_random=False))
def test_grouping_properties(sentences, rnd):
    groups = align(sentences)
    check_groups(groups)
    shuffled = sentences[:]
    rnd.shuffle(shuffled)
    assert align(shuffled) == groups


def test_groups_do_not_chain():
    # B matches A (the raid) and C (the court vote); A and C share nothing. Greedy merging alone
    # would put all three together through B; the group must stay a clique of matches.
    a = fact("A", {}, terms=("raid", "troop", "kech", "compound"))
    b = fact("B", {}, terms=("raid", "troop", "kech", "compound", "court", "vote"))
    c = fact("C", {}, terms=("court", "vote", "budget"))
    pairs = {frozenset(x.outlet for x in g.sentences) for g in align([a, b, c], high_cosine=0.3)}
    assert pairs == {frozenset("AB")}
    for g in align([a, b, c], high_cosine=0.3):
        for x, y in combinations(g.sentences, 2):
            assert {x.outlet, y.outlet} != {"A", "C"}


# --- BASIL ------------------------------------------------------------------------------------

BASIL = SHARED_DATA / "basil" / "documents.jsonl"


@pytest.fixture(scope="module")
def basil(lexicons):
    if not BASIL.is_file():
        pytest.skip(f"BASIL not found at {BASIL} (set FRAMING_SHARED_DATA)")
    documents = analyze(load_corpus(BASIL), lexicons=lexicons).documents
    events = {d.document.id: str(d.document.meta["event"]) for d in documents}
    return documents, events, align(facts(documents))


def test_basil_event_purity_and_coverage(basil):
    documents, events, groups = basil
    assert len(documents) == 300
    check_groups(groups)
    pure = [g for g in groups if len({events[s.doc] for s in g.sentences}) == 1]
    purity = len(pure) / len(groups)
    coverage = len({events[g.sentences[0].doc] for g in pure}) / len(set(events.values()))
    # Measured: 611 groups, purity 0.990, coverage 0.99 (benchmarks/eval_alignment.py).
    assert len(groups) >= 550
    assert purity >= 0.98
    assert coverage >= 0.97


def grouped_with(groups: Sequence[AlignedGroup], event: str,
                 wanted: dict[str, str]) -> AlignedGroup | None:
    """The group holding, for each outlet in ``wanted``, its sentence containing that text."""
    for g in groups:
        found = {s.outlet: s for s in g.sentences if s.doc.startswith(event)}
        if all(o in found and text in found[o].text for o, text in wanted.items()):
            return g
    return None


# Facts found by reading all three articles of an event, checked to be the same fact.
SPOT_CHECKS = [
    # Kathy Griffin's photo with a bloodied Trump head (2017): Fox and HuffPost both name the
    # photographer (Fox: "photo shoot with controversial photographer Tyler Shields in which she
    # is holding a bloodied mask"; HuffPost: "Shot by celebrity photographer ... Tyler Shields,
    # ... she holds what resembles the bloody head"). NYT does not name him.
    ("d16050b3", {"Fox News": "photographer Tyler Shields",
                  "Huffington Post": "Shot by celebrity photographer"}),
    # Her apology, quoted by Fox ("I understand how it offends people," she said, ...) and by the
    # NYT, whose video transcript is cut into short sentences.
    ("d16050b3", {"Fox News": "I understand how it offends people",
                  "New York Times": "I understand how it offends people"}),
    # Cantor's primary defeat (2014): Brat was helped by radio host Laura Ingraham (Fox: "with
    # endorsements from ... radio host Laura Ingraham"; NYT: "with significant help from
    # conservative talk radio hosts like Laura Ingraham").
    ("ee05c9b3", {"Fox News": "radio host Laura Ingraham",
                  "New York Times": "talk radio hosts like Laura Ingraham"}),
    # Indiana's religious freedom law (2015): Seattle's mayor banned city-funded travel to
    # Indiana (Fox: "Seattle Mayor Ed Murray banning government-funded travel"; NYT: "Mayor Ed
    # Murray of Seattle announced a ban on city employees traveling to Indiana").
    ("4f473faf", {"Fox News": "Seattle Mayor Ed Murray",
                  "New York Times": "Mayor Ed Murray of Seattle announced a ban"}),
    # ... and the NCAA president said it was concerned (Fox quotes Mark Emmert's statement, the
    # NYT reports it: "said the organization was 'deeply concerned'").
    ("4f473faf", {"Fox News": "said NCAA President Mark Emmert",
                  "New York Times": "Mark Emmert, said the organization"}),
    # ... and Governor Inslee's statement, quoted word for word by Fox and HuffPost.
    ("4f473faf", {"Fox News": "I find Indiana’s new law disturbing",
                  "Huffington Post": "I find Indiana’s new law disturbing"}),
]


@pytest.mark.parametrize(("event", "wanted"), SPOT_CHECKS)
def test_basil_hand_checked_facts(basil, event, wanted):
    _, _, groups = basil
    group = grouped_with(groups, event, wanted)
    assert group is not None, f"not grouped: {wanted}"
    assert all(s.doc.startswith(event) for s in group.sentences)


@pytest.mark.xfail(strict=True, reason="known miss: the same figure in differently worded "
                   "sentences (TF-IDF cosine 0.11-0.24, under the anchored threshold)")
def test_basil_same_figure_few_shared_words(basil):
    # All three outlets report Brat's $200,000 against Cantor's millions, in different words:
    # NYT "With just over $200,000, David Brat ... toppled Mr. Cantor", Fox "He raised just over
    # $200,000 for his campaign, while Cantor spent more than $1 million", HuffPost "outraising
    # the college professor $5.4 million to $200,000".
    _, _, groups = basil
    assert grouped_with(groups, "ee05c9b3", {"Fox News": "just over $200,000",
                                             "Huffington Post": "$5.4 million to $200,000"})
