"""Cleaning: normalisation, repeated copies, furniture, and metadata moved out of the text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SEEDS
from framing.text.clean import clean_text, normalise, parse_byline, parse_date_line


def seed(name_prefix: str) -> str:
    (path,) = SEEDS.glob(f"{name_prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_seed_001_article_carried_twice_is_counted_once():
    raw = seed("001")
    cleaned = clean_text(raw)
    opening = "Balochistan’s evolving governance and security architecture"
    assert raw.count(opening) == 2
    assert cleaned.text.count(opening) == 1
    repeated = [r for r in cleaned.removals if r.kind == "repeated"]
    assert len(repeated) == 10
    assert all(r.reason.startswith("repeats line ") for r in repeated)
    assert cleaned.found["title"] == ("Balochistan’s Security and Governance Reforms: "
                                      "A Holistic Approach to Stability")
    assert "Latest Post" not in cleaned.text
    assert any(r.kind == "site furniture" and r.text == "Latest Post" for r in cleaned.removals)


def test_seed_002_parenthesised_byline_becomes_the_author():
    cleaned = clean_text(seed("002"))
    assert cleaned.found["author"] == "Mushtaq Yusufzai"
    assert not cleaned.text.startswith("(")
    assert [(r.kind, r.line) for r in cleaned.removals] == [("byline", 1)]


def test_seed_003_trailing_author_block_becomes_metadata():
    cleaned = clean_text(seed("003"))
    assert cleaned.found["author"] == "Daniel Green"
    assert cleaned.found["title"].startswith("The Real Reason Pakistan Cannot Kill")
    assert cleaned.found["author_bio"].startswith("Drawing on years of industry experience")
    assert "Daniel Green" not in cleaned.text
    assert cleaned.text.rstrip().endswith("will remain fleeting.")
    kinds = [r.kind for r in cleaned.removals]
    assert kinds == ["title", "author block", "author block", "author block"]


def test_seed_004_date_line_title_and_section_label():
    cleaned = clean_text(seed("004"))
    assert cleaned.found["date"] == "2026-02-11"
    assert cleaned.found["title"] == "Held in the Grip of Turmoil: Balochistan’s Search for Stability"
    assert cleaned.found["section"] == "Balochistan"
    assert cleaned.text.startswith("The start of February 2026")


def test_seed_000_has_nothing_to_remove():
    raw = seed("000")
    cleaned = clean_text(raw)
    assert cleaned.removals == ()
    assert cleaned.found == {}
    assert cleaned.text == "\n\n".join(line for line in raw.splitlines() if line.strip())


def test_curly_quotes_and_dashes_are_kept():
    cleaned = clean_text(seed("004"))
    for ch in "“”’—":
        assert ch in cleaned.text


@pytest.mark.parametrize(("line", "iso"), [
    ("February 11, 2026", "2026-02-11"),
    ("Feb. 11, 2026", "2026-02-11"),
    ("11 February 2026", "2026-02-11"),
    ("Wednesday, February 11, 2026", "2026-02-11"),
    ("Published: 2026-02-11", "2026-02-11"),
    ("Updated February 11, 2026 at 10:45 PM PKT", "2026-02-11"),
    ("February 11, 2026 was a cold day.", None),
    ("Balochistan", None),
    ("The events of February 2026", None),
])
def test_date_lines(line: str, iso: str | None):
    assert parse_date_line(line) == iso


@pytest.mark.parametrize(("line", "author"), [
    ("(Mushtaq Yusufzai)", "Mushtaq Yusufzai"),
    ("By Jane Doe", "Jane Doe"),
    ("BY JANE DOE", "JANE DOE"),
    ("By Jane Doe and Shahzad Baloch, Reuters", "Jane Doe and Shahzad Baloch"),
    ("By Syed Ali ul Hassan | Staff reporter", "Syed Ali ul Hassan"),
    ("By integrating intelligence-led operations with legal reforms, the state gains.", None),
    ("(The Path Ahead)", None),
    ("(ISPR)", None),
])
def test_bylines(line: str, author: str | None):
    assert parse_byline(line) == author


def test_trailing_writer_note_becomes_author_bio():
    raw = ("Security forces said the operation ended.\nOfficials gave no figures.\n"
           "The writer is a security analyst based in Quetta.")
    cleaned = clean_text(raw)
    assert cleaned.found["author_bio"] == "The writer is a security analyst based in Quetta."
    assert cleaned.text.endswith("Officials gave no figures.")


def test_a_short_heading_repeated_alone_is_not_dropped():
    raw = ("Analysis\nThe first part of the story has many words in it for sure.\n"
           "Analysis\nThe second part of the story also has many words in it.")
    cleaned = clean_text(raw)
    assert cleaned.text.count("Analysis") == 2
    assert not [r for r in cleaned.removals if r.kind == "repeated"]


def test_hard_wrapped_paragraphs_are_rejoined():
    raw = ("Security forces in Balochistan said on Tuesday that an\n"
           "operation near Kech had ended after two days of clashes\n"
           "with armed men, officials said.\n\n"
           "Residents said the road to Turbat was closed for most of\n"
           "the week and that shops in the bazaar stayed shut until\n"
           "Friday.\n")
    cleaned = clean_text(raw)
    paragraphs = cleaned.text.split("\n\n")
    assert len(paragraphs) == 2
    assert paragraphs[0].startswith("Security forces") and paragraphs[0].endswith("officials said.")


def test_whitespace_and_unicode_are_normalised():
    raw = "  Cafe\u0301 owners\u00a0said\t\tthe  road was\u200b closed.\r\nIt reopened.\r\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "Café owners said the road was closed.\n\nIt reopened."
    assert unicodedata.is_normalized("NFC", cleaned.text)


@given(st.text(max_size=400))
def test_cleaning_invariants(raw: str):
    cleaned = clean_text(raw)
    assert unicodedata.is_normalized("NFC", cleaned.text)
    assert cleaned.text == cleaned.text.strip()
    assert "  " not in cleaned.text and "\r" not in cleaned.text and "\n\n\n" not in cleaned.text
    normalised_input = "\n".join(normalise(raw))  # NFC, invisible characters dropped
    for removal in cleaned.removals:
        assert removal.line >= 1
        # What was removed really was in the input (modulo whitespace normalisation).
        assert all(word in normalised_input for word in removal.text.split())


@given(st.lists(st.sampled_from([
    "Troops raided a compound near Kech on Monday, officials said.",
    "The provincial government announced a new development package.",
    "Latest Post", "By Jane Doe", "February 11, 2026", "Analysis",
    "Residents said the road remained closed for most of the week.",
]), max_size=12))
def test_every_input_line_is_kept_or_recorded_as_removed(lines: list[str]):
    """Nothing vanishes silently: each line is in the text or in a removal."""
    cleaned = clean_text("\n".join(lines))
    kept = cleaned.text.split("\n\n") if cleaned.text else []
    removed = [r.text for r in cleaned.removals]
    assert sorted(kept + removed) == sorted(lines)
