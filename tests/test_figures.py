"""Figures: numbers with what they count, on sentences from the seeds and the annotated set."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SEEDS
from framing.figures import KINDS, Figure, find_figures

ANNOTATED = ROOT / "tests" / "data" / "annotated_sentences.jsonl"


def summary(text: str) -> list[tuple[str, float | None, str, str]]:
    return [(f.number, f.value, f.kind, f.counts) for f in find_figures(text)]


def annotated_text(sentence_id: str) -> str:
    with ANNOTATED.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] == sentence_id:
                return str(record["text"])
    raise LookupError(sentence_id)


def seed_sentence(name: str, contains: str) -> str:
    """The sentence of a seed article that contains ``contains``, read from the real file."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    at = text.index(contains)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1)
    stop = text.find(". ", at)
    return text[start:stop + 1 if stop >= 0 else len(text)]


# --- the seeds ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "contains", "expected"), [
    ("001_9fb1ed76ff5fdf6a.txt", "90,000 operations", [
        ("90,000", 90000.0, "count", "operations executed"),
        ("hundreds", None, "count", "militants neutralised"),  # "during 2025" is a year
    ]),
    ("002_54e15a369dc5eb1d.txt", "a dozen locations", [
        ("a dozen", 12.0, "count", "locations"),
    ]),
    ("002_54e15a369dc5eb1d.txt", "hundreds of families", [
        ("hundreds", None, "count", "families displaced"),
    ]),
    ("003_c56aade4c5908234.txt", "eliminated 17", [
        ("17", 17.0, "count", "militants eliminated"),
    ]),
    ("003_c56aade4c5908234.txt", "claimed 16 lives", [
        ("16", 16.0, "count", "lives claimed"),  # "May 24" is a date
    ]),
    ("003_c56aade4c5908234.txt", "The elimination of 17", [
        ("17", 17.0, "count", "militants eliminated"),
    ]),
    ("003_c56aade4c5908234.txt", "thousands of miles", [
        ("thousands", None, "measure", "miles"),
    ]),
    ("004_2d0042e4e27af5a7.txt", "recorded at 145", [
        ("40", 40.0, "duration", "hour"),
        ("145", 145.0, "count", "death toll"),
    ]),
    ("004_2d0042e4e27af5a7.txt", "45% increase", [
        ("45%", 45.0, "percent", "percent increase"),  # "February 1, 2026" and 2025 are dates
    ]),
    ("004_2d0042e4e27af5a7.txt", "Of the 145 terrorists", [
        ("145", 145.0, "count", "terrorists neutralized"),
    ]),
    ("004_2d0042e4e27af5a7.txt", "past 40 hours", [
        ("40", 40.0, "duration", "hours"),
    ]),
])
def test_seed_sentences(name: str, contains: str, expected: list[tuple]) -> None:
    assert summary(seed_sentence(name, contains)) == expected


def test_a_seed_article_with_no_figures_gives_none() -> None:
    text = (SEEDS / "000_5594c652b8505b8a.txt").read_text(encoding="utf-8")
    assert find_figures(text) == []


def test_seed_dateline_and_title_are_not_figures() -> None:
    # "February 11, 2026" and "The start of February 2026" open seed 004
    text = (SEEDS / "004_2d0042e4e27af5a7.txt").read_text(encoding="utf-8")
    first_figure = find_figures(text)[0]
    assert first_figure.number == "40" and text.index("40-hour") == first_figure.start


# --- the annotated set ----------------------------------------------------------------------

@pytest.mark.parametrize(("sentence_id", "expected"), [
    ("s0006", [("14", 14.0, "count", "passengers")]),
    ("s0014", [("Rs 4.5 billion", 4.5e9, "money", ""), ("200", 200.0, "count", "schools"),
               ("1,800", 1800.0, "count", "teachers")]),
    ("s0016", [("26", 26.0, "count", "death toll")]),  # "14:32" is a clock time
    ("s0026", [("30", 30.0, "count", "protesters arrested")]),
    ("s0039", [("84", 84.0, "count", "people killed")]),
    ("s0040", [("four", 4.0, "count", "neutralised")]),
    ("s0045", [("500", 500.0, "count", "vehicles"), ("Rs 3 billion", 3e9, "money", "plan")]),
    ("s0052", [("seven", 7.0, "count", "districts")]),  # "in 2018" is a year
    ("s0066", [("Two", 2.0, "count", "militants killed")]),  # "AK-47" is a name
    ("s0067", [("five", 5.0, "duration", "years")]),  # "Article 370" is a label
    ("s0068", []),  # "he was 16 when": an age; "the 2016 protests": a year
    ("s0070", [("18", 18.0, "duration", "months")]),  # "4G" is a name
    ("s0077", [("38 percent", 38.0, "percent", "")]),
    ("s0092", [("dozens", None, "count", "worshippers killed")]),
    ("s0098", [("46", 46.0, "count", "people killed")]),
    ("s0151", [("1,000", 1000.0, "measure", "kilometres")]),  # "24 February 2022" is a date
    ("s0160", [("30", 30.0, "count", "terrorists eliminated")]),
    ("s0165", [("45", 45.0, "count", "people killed")]),
    ("s0220", [("11", 11.0, "count", "killed")]),
    ("s0261", [("181", 181.0, "count", "leaders killed")]),
    ("s0264", [("10 percent", 10.0, "percent", "percent increase"),
               ("253,000", 253000.0, "measure", "hectares")]),
    ("s0267", [("32 percent", 32.0, "percent", "percent decrease")]),
    ("s0276", [("48", 48.0, "count", "guerrillas killed")]),
    ("s0283", [("74", 74.0, "count", "massacres"), ("48,000", 48000.0, "count", "people displaced"),
               ("two", 2.0, "count", "factions")]),
    ("s0314", [("thousands", None, "count", "herders"), ("$50", 50.0, "money", "")]),
    ("s0319", [("47", 47.0, "count", "soldiers killed"), ("10", 10.0, "count", "toll")]),
    ("s0343", [("Three", 3.0, "count", "members missing")]),
    ("s0344", [("Seven", 7.0, "count", "members killed")]),
    ("s0347", [("19", 19.0, "count", "terrorists neutralised"),
               ("43", 43.0, "count", "hostages rescued")]),
    ("s0350", [("10,000", 10000.0, "count", "people died")]),
    ("s0401", []),  # "Rami, 28, a teacher": an age
    ("s0427", [("3,000", 3000.0, "count", "inmates freed")]),
    ("s0440", [("three", 3.0, "count", "soldiers dead"), ("five", 5.0, "count", "militants dead")]),
    ("s0445", [("26,000", 26000.0, "count", "combatants")]),
    ("s0449", [("600", 600.0, "count", "shot dead")]),  # "Iraq's 2019 protesters": a year
    ("s0464", [("a dozen", 12.0, "count", "villagers beheaded"),
               ("thousands", None, "count", "")]),
    ("s0465", [("$20 billion", 2e10, "money", "project")]),
    ("s0480", []),  # "the Three Brotherhood Alliance" is a name
    ("s0491", [("two million", 2e6, "count", "")]),
])
def test_annotated_sentences(sentence_id: str, expected: list[tuple]) -> None:
    assert summary(annotated_text(sentence_id)) == expected


# --- constructions --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("At least 16 militants were killed, the ISPR said.", [("16", 16.0, "count", "militants killed")]),
    ("Security forces killed 16 militants in Kech.", [("16", 16.0, "count", "militants killed")]),
    ("The army conducted 16 operations last week.",
     [("16", 16.0, "count", "operations conducted")]),
    ("Three soldiers were martyred and 1,200 people displaced.",
     [("Three", 3.0, "count", "soldiers martyred"), ("1,200", 1200.0, "count", "people displaced")]),
    ("There was a 40 percent increase, a 40% rise and a 12 per cent drop.",
     [("40 percent", 40.0, "percent", "percent increase"), ("40%", 40.0, "percent", "percent increase"),
      ("12 per cent", 12.0, "percent", "percent decrease")]),
    ("Budgets fell by 5 percentage points.",
     [("5 percentage points", 5.0, "percent", "percent decrease")]),
    ("It approved Rs 5 billion, $3m, Rs4.5bn and 5 million rupees.",
     [("Rs 5 billion", 5e9, "money", ""), ("$3m", 3e6, "money", ""),
      ("Rs4.5bn", 4.5e9, "money", ""), ("5 million rupees", 5e6, "money", "")]),
    ("Nearly 1.5 million people fled, and two dozen homes burned.",
     [("1.5 million", 1.5e6, "count", "people fled"), ("two dozen", 24.0, "count", "homes")]),
    ("Dozens were injured and scores of people were arrested.",
     [("Dozens", None, "count", "injured"), ("scores", None, "count", "people arrested")]),
    ("Hundreds of thousands of people fled.",
     [("Hundreds of thousands", None, "count", "people fled")]),
    ("Two hundred and fifty thousand people were displaced.",
     [("Two hundred and fifty thousand", 250000.0, "count", "people displaced")]),
    ("Twenty-five were wounded.", [("Twenty-five", 25.0, "count", "wounded")]),
    ("More than 2000 troops were deployed in 2000.", [("2000", 2000.0, "count", "troops")]),
    ("One soldier was killed, but no one was arrested.", [("One", 1.0, "count", "soldier killed")]),
    ("One tribal elder said the one in Mastung was different.", []),
    ("It had 1,00,000 members.", [("1,00,000", 100000.0, "count", "members")]),
    ("The convoy covered 10km in 40 hrs.",
     [("10", 10.0, "measure", "km"), ("40", 40.0, "duration", "hrs")]),
    ("A six-week truce began.", [("six", 6.0, "duration", "week")]),
    ("Militants killed two soldiers.", [("two", 2.0, "count", "soldiers killed")]),
    ("Gunmen killed two and injured five others near Turbat.",
     [("two", 2.0, "count", "killed"), ("five", 5.0, "count", "others injured")]),
    ("Police arrested 120 suspects, including 14 Afghan nationals.",
     [("120", 120.0, "count", "suspects arrested"), ("14", 14.0, "count", "nationals")]),
    ("The province got Rs. 500, PKR 2.5bn and US$ 40 million.",
     [("Rs. 500", 500.0, "money", ""), ("PKR 2.5bn", 2.5e9, "money", ""),
      ("US$ 40 million", 4e7, "money", "")]),
    ("Only the 400-strong force remained.", [("400", 400.0, "count", "force")]),
    ("At 0800 hours, 300 troops moved in; by 1400 hrs, 2 posts had fallen.",
     [("300", 300.0, "count", "troops"), ("2", 2.0, "count", "posts")]),
    ("38 of the 42 drones were shot down.",
     [("38", 38.0, "count", "drones shot"), ("42", 42.0, "count", "drones shot")]),
])
def test_constructions(text: str, expected: list[tuple]) -> None:
    assert summary(text) == expected


def test_active_verb_after_the_noun_is_not_what_is_counted() -> None:
    # the militants did the killing; what the 5 counts is militants
    assert summary("5 militants killed two soldiers.")[0] == ("5", 5.0, "count", "militants")


def test_count_span_covers_the_words_counts_is_built_from() -> None:
    text = "Security forces killed 16 militants in Kech."
    (figure,) = find_figures(text)
    assert text[figure.count_start:figure.count_end] == "killed 16 militants"
    text = "At least 16 militants were killed."
    (figure,) = find_figures(text)
    assert text[figure.count_start:figure.count_end] == "militants were killed"


def test_nothing_counted_gives_an_empty_span_at_the_end() -> None:
    (figure,) = find_figures("Casualties may have exceeded 16,000.")
    assert figure.counts == "" and figure.count_start == figure.count_end == figure.end


# --- unicode --------------------------------------------------------------------------------

def test_unicode_ranges_spaces_and_quotes() -> None:
    assert summary("Between 10–12 people were killed and 10-12 more were injured.") == [
        ("10–12", 10.0, "count", "people killed"), ("10-12", 10.0, "count", "injured")]
    assert summary("It had 10\u00a0000 supporters and Rs\u00a05\u00a0billion.") == [
        ("10\u00a0000", 10000.0, "count", "supporters"), ("Rs\u00a05\u00a0billion", 5e9, "money", "")]
    assert summary("About 16\u00a0militants and 40\u00a0% of funds.") == [
        ("16", 16.0, "count", "militants"), ("40\u00a0%", 40.0, "percent", "")]
    assert summary("Troops had “neutralised” 12 terrorists.") == [
        ("12", 12.0, "count", "terrorists neutralised")]


# --- not figures ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "In 2023, the army said operations continued into 2024.",
    "The 1990s and the 2000s were hard; the 2010–2015 plan and the 2023-24 budget failed.",
    "The attack took place on 11 February in Quetta.",
    "It happened on February 11, 2026 at 14:32.",
    "The May 24 bombing was the worst since the Sept. 11 attacks.",
    "The blast occurred at 3 pm and again at 10.30am.",
    "See page 12, Article 370, p. 45 and No. 5 of the report.",
    "Students beyond grade six and Section 144 of the code.",
    "Call +92 300 1234567 or (051) 555-1234 or 0300-1234567 for details.",
    "Rami, 28, a teacher, and a 25-year-old man, aged 30, were detained.",
    "The boy was 12 years old.",
    "He was hit in the second attack, the 3rd of its kind, on the 5th.",
    "Leaders met at the G20 summit as 5G rolled out under Section 144.",
    "The 9 May protests, the 18th Amendment and Resolution 1325.",
    "Militants fired AK-47 rifles at the M23 camp after 4G was cut during COVID-19.",
    "The vote was 9/11 and 24/7 and 1.2.3 and #1 and version 2.",
    "Two-thirds of the one-sided deal.",
    "12",
    "- 14 -",
])
def test_not_figures(text: str) -> None:
    assert find_figures(text) == []


# --- offsets and robustness -----------------------------------------------------------------

def test_offsets_are_into_the_whole_text() -> None:
    text = "Header 2024. At least 16 militants were killed. Then 5 more died."
    second = text.index("At least")
    third = text.index("Then")
    (figure,) = find_figures(text, second, third)
    assert (text[figure.start:figure.end], figure.counts) == ("16", "militants killed")
    assert second <= figure.count_start < figure.count_end <= third
    assert [f.number for f in find_figures(text)] == ["16", "5"]


@pytest.mark.parametrize(("start", "end"), [(-5, None), (0, 10_000), (30, 10), (10_000, None)])
def test_out_of_range_bounds_are_clamped(start: int, end: int | None) -> None:
    text = "At least 16 militants were killed."
    for figure in find_figures(text, start, end):
        assert figure.number == "16"


_PIECES = st.sampled_from([
    "16", "1,200", "1.5", " million", "%", " percent", "Rs ", "$", "3m", "2024", "11 February",
    "14:32", "–", "-", "10–12", " people", " militants", " were killed", "killed ", " of ",
    "dozens", "hundreds of", "two", "Three", " dozen", "one", "aged ", "-year-old", "Article ",
    "\u00a0", "“", "”", "’", ",", ".", " ", "the", "a ", "of the ", "0300-1234567", "+92 ",
    "(051)", "/", "hours", "km", "increase", "no one", "AK-47", "\n", "1,00,000", "9",
])


def check_figures(text: str, start: int, end: int | None) -> None:
    figures = find_figures(text, start, end)
    low = min(max(start, 0), len(text))
    high = len(text) if end is None else min(max(end, low), len(text))
    previous_end = low
    for figure in figures:
        assert isinstance(figure, Figure) and figure.kind in KINDS
        assert low <= previous_end <= figure.start < figure.end <= high
        assert text[figure.start:figure.end] == figure.number
        assert low <= figure.count_start <= figure.count_end <= high
        assert figure.value is None or figure.value >= 0
        previous_end = figure.end


@given(st.text(), st.integers(-3, 60), st.one_of(st.none(), st.integers(-3, 60)))
def test_never_crashes_on_any_text(text: str, start: int, end: int | None) -> None:
    check_figures(text, start, end)


@given(st.lists(_PIECES, max_size=25).map("".join), st.integers(-3, 40),
       st.one_of(st.none(), st.integers(0, 200)))
def test_spans_hold_on_number_heavy_text(text: str, start: int, end: int | None) -> None:
    check_figures(text, start, end)


# Number words as the case-insensitive pattern may meet them: any case, and with the characters
# Python's re takes for an ASCII letter although str.lower() does not make them one.
_LOOKALIKES = {"i": ("i", "I", "\u0130", "\u0131"), "s": ("s", "S", "\u017f"), "k": ("k", "K", "\u212a")}


def _spelt(word: str) -> st.SearchStrategy[str]:
    return st.tuples(*(st.sampled_from(_LOOKALIKES.get(c, (c, c.upper()))) for c in word)).map(
        "".join)


_NUMBERISH = st.sampled_from([
    *"one two three five eleven fifteen twenty ninety hundred thousand million billion lakh "
     "crores dozen dozens scores tens hundreds a an half several few many of and".split(),
    "six", "seventy-six", "fourteen", "trillion", "kill", "sixth"]).flatmap(_spelt)


@settings(max_examples=1000)
@given(st.lists(st.one_of(_NUMBERISH, st.sampled_from([" ", "-", ", ", "\u00a0", "", "x", "7"])),
                max_size=12).map("".join))
def test_the_number_gate_never_skips_a_candidate(text: str) -> None:
    from framing.figures import _CORE, _may_hold_figure

    assert _may_hold_figure(text) or _CORE.search(text) is None


def test_the_number_gate_lets_lookalike_letters_through() -> None:
    from framing.figures import _CORE, _may_hold_figure

    for text in ("ſcores of people", "fıve men", "FİVE men", "\u212a"):
        assert _may_hold_figure(text)
    assert _CORE.search("ſcores of people") and _CORE.search("fıve men")
    assert not _may_hold_figure("Troops raided a compound near Kech on Monday.")
