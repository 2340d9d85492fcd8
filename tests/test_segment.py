"""Sentences and tokens: hand-annotated seed boundaries, abbreviations, figures, offsets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, ROOT, SEEDS
from framing.text.clean import clean_text
from framing.text.segment import segment

ANNOTATED = sorted((FIXTURES / "sentences").glob("*.txt"))


def test_at_least_two_seeds_are_annotated_by_hand():
    assert len(ANNOTATED) >= 2


@pytest.mark.parametrize("fixture", ANNOTATED, ids=lambda p: p.stem)
def test_segmenter_reproduces_hand_annotated_seed_sentences(fixture: Path):
    expected = fixture.read_text(encoding="utf-8").splitlines()
    cleaned = clean_text((SEEDS / fixture.name).read_text(encoding="utf-8"))
    assert [s.text for s in segment(cleaned.text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Gen. Asim Munir met Dr. Khan at the U.N. on Feb. 3. It was No. 5 on the list.",
     ["Gen. Asim Munir met Dr. Khan at the U.N. on Feb. 3.", "It was No. 5 on the list."]),
    ("The U.S. Senate agreed. Mr. Smith did not.",
     ["The U.S. Senate agreed.", "Mr. Smith did not."]),
    ("It executed a “multi-pronged offensive.” On the night of the attacks, buses stopped.",
     ["It executed a “multi-pronged offensive.”", "On the night of the attacks, buses stopped."]),
    ('He said "it is over." Then he left.', ['He said "it is over."', "Then he left."]),
    ("More than 90,000 operations saw a 45% rise in 2025. A 40-hour blitz followed.",
     ["More than 90,000 operations saw a 45% rise in 2025.", "A 40-hour blitz followed."]),
    ("The push—the May 24 suicide bombing—signals a shift. Militants are moving.",
     ["The push—the May 24 suicide bombing—signals a shift.", "Militants are moving."]),
    ("Is peace possible? Officials said yes! Others doubt it.",
     ["Is peace possible?", "Officials said yes!", "Others doubt it."]),
])
def test_sentence_boundaries(text: str, expected: list[str]):
    assert [s.text for s in segment(text)] == expected


def test_headings_and_bullets_are_their_own_sentences_without_the_marker():
    text = ("The Path Ahead\n\n• Infrastructure Vulnerability: Rail lines span the desert\n"
            "- Second point. With two sentences.")
    sentences = segment(text)
    assert [(s.kind, s.text) for s in sentences] == [
        ("heading", "The Path Ahead"),
        ("bullet", "Infrastructure Vulnerability: Rail lines span the desert"),
        ("bullet", "Second point."),
        ("bullet", "With two sentences."),
    ]


@pytest.mark.parametrize(("sentence", "tokens"), [
    ("Counter-terrorism forces ran 90,000 operations.",
     ["Counter-terrorism", "forces", "ran", "90,000", "operations"]),
    ("A 45% increase and a 145-terrorist-kill count.",
     ["A", "45%", "increase", "and", "a", "145-terrorist-kill", "count"]),
    ("The U.N. cited Pakistan’s 3.5 million—roughly.",
     ["The", "U.N.", "cited", "Pakistan’s", "3.5", "million", "roughly"]),
])
def test_tokens(sentence: str, tokens: list[str]):
    (only,) = segment(sentence)
    assert [sentence[a:b] for a, b in only.tokens] == tokens


def test_offsets_point_into_the_cleaned_seed_text():
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean_text(path.read_text(encoding="utf-8")).text
        for s in segment(text):
            assert text[s.start:s.end] == s.text


# Text built from the pieces that trouble segmenters: abbreviations, quotes, dashes, bullets,
# figures, blank lines, plus arbitrary Unicode.
text_strategy = st.lists(
    st.sampled_from(["a", "Bb", " ", "Z", ".", "?", "!", ",", ";", ":", "“", "”", '"', "'",
                     "’", "—", "-", "\n", "\n\n", "0", "45%", "90,000", "• ", "(", ")",
                     "U.N.", "Dr. ", "Feb. ", "No. 5", "\u00a0", "\t"])
    | st.text(max_size=3),
    max_size=80,
).map("".join)


@given(text_strategy)
def test_sentences_are_ordered_disjoint_stripped_spans(text: str):
    sentences = segment(text)
    previous_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert previous_end <= s.start < s.end <= len(text)
        assert s.text == text[s.start:s.end] == s.text.strip()
        assert "\n" not in s.text
        previous_end = s.end


@given(text_strategy)
def test_every_token_lies_inside_its_sentence_and_covers_all_word_characters(text: str):
    for s in segment(text):
        covered = set()
        for a, b in s.tokens:
            assert s.start <= a < b <= s.end
            covered.update(range(a, b))
        for i in range(s.start, s.end):
            if text[i].isalnum():
                assert i in covered, (text[i], s.text)


def test_no_nltk_data_is_ever_loaded(monkeypatch):
    """Segmentation and the whole pipeline run with NLTK's data loading made to fail."""
    import nltk.data

    from framing import analyze, load_corpus
    from framing.text import segment as segment_module

    def refuse(*args, **kwargs):
        raise AssertionError(f"NLTK data requested: {args}")

    monkeypatch.setattr(nltk.data, "load", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    monkeypatch.setattr(nltk.data, "path", [])
    segment_module._punkt.cache_clear()  # build the tokenizer again under the patch
    analysis = analyze(load_corpus(SEEDS))
    assert len(analysis.documents) == 5 and sum(len(d.sentences) for d in analysis.documents) == 204


def test_works_with_an_empty_nltk_data_folder(tmp_path: Path):
    """No NLTK data is ever downloaded or needed: run the CLI with NLTK_DATA pointing nowhere."""
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "framing", "analyze", str(SEEDS), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "out" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 100
