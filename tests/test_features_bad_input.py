"""Framing features on hostile and unusual text: a 5,000-word sentence, no letters, unbalanced
and nested quotes, all caps, another language, HTML fragments. Each is analysed (never dropped)
and every evidence span stays inside its sentence."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SEEDS, write
from framing import analyze, load_corpus, load_lexicons
from framing.features import sentence_features

LEXICONS = load_lexicons(discover=False)
SEED_TEXT = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")


def analysed(tmp_path: Path, text: str):
    path = write(tmp_path / "doc.txt", text)
    analysis = analyze(load_corpus([path]), lexicons=LEXICONS)
    assert not analysis.skipped, analysis.skipped
    (document,) = analysis.documents
    for sentence, features in zip(document.sentences, document.features, strict=True):
        for e in features.evidence:
            assert sentence.start <= e.start <= e.end <= sentence.end
    return document


def features_of(document) -> set[str]:
    return {e.feature for f in document.features for e in f.evidence}


def test_a_five_thousand_word_sentence(tmp_path: Path):
    clause = ("the army said that militants attacked a 'checkpoint' and “officials claimed "
              "victory, while residents reportedly fled")
    text = "; ".join([clause] * 320) + "."  # one sentence, over 5,000 words
    assert len(text.split()) > 5000
    document = analysed(tmp_path, text)
    assert len(document.sentences) == 1
    assert {"kinetic", "attribution", "hedge", "distancing"} <= features_of(document)


def test_text_with_no_letters_is_analysed_with_no_features(tmp_path: Path):
    document = analysed(tmp_path, "1234 5678 — 90 %\n\n--- *** ... 42 !!!\n")
    # Numbers may be figures; nothing else is evidence in a text without words.
    assert {e.feature for f in document.features for e in f.evidence} <= {"figure"}
    assert document.warnings == ()  # too short to judge its language


def test_unbalanced_and_nested_quotes(tmp_path: Path):
    text = ("“The army said ‘we will win’ and left. He said \"never. ’Tis the ‘season. "
            "Officials said “nothing” about it.\n")
    document = analysed(tmp_path, text)
    assert "attribution" in features_of(document)


def test_all_caps_text_is_matched_like_any_other(tmp_path: Path):
    lower = analysed(tmp_path, SEED_TEXT)
    upper = analysed(tmp_path, SEED_TEXT.upper())
    count = lambda d, f: sum(e.feature == f for s in d.features for e in s.evidence)  # noqa: E731
    for feature in ("kinetic", "political", "label"):
        assert count(upper, feature) >= 0.8 * count(lower, feature) > 0


def test_another_language_is_analysed_with_a_warning(tmp_path: Path, run_cli):
    spanish = ("El ejército informó que los enfrentamientos en la frontera dejaron varios muertos "
               "y heridos. Las autoridades locales pidieron calma a la población mientras se "
               "investigan los hechos. Según fuentes oficiales, la operación continuará durante "
               "los próximos días en las zonas rurales del departamento.\n")
    document = analysed(tmp_path, spanish)
    (warning,) = document.warnings
    assert "does not look English" in warning
    result = run_cli("analyze", tmp_path / "doc.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "does not look English" in result.stderr and "doc.txt" in result.stderr
    assert analysed(tmp_path, SEED_TEXT).warnings == ()


def test_html_fragments_are_text_never_markup(tmp_path: Path, run_cli):
    text = ("<script>alert('x')</script> The army said <b>militants</b> attacked the post.\n"
            "<img src=x onerror=alert(1)> Officials claimed “victory”.\n")
    path = write(tmp_path / "doc.txt", text)
    result = run_cli("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in
               (tmp_path / "out" / "sentences.jsonl").read_text("utf-8").splitlines()]
    joined = " ".join(r["text"] for r in records)
    assert "<script>alert('x')</script>" in joined and "<b>militants</b>" in joined
    features = {e["feature"] for r in records for e in r["evidence"]}
    assert {"kinetic", "attribution"} <= features


def _work(monkeypatch, module, name: str, text: str) -> int:
    """How often ``module.name`` is called while analysing ``text`` as one sentence: a count of
    work done, not a timing."""
    calls = 0
    original = getattr(module, name)

    def counted(*args, **kwargs):
        nonlocal calls
        calls += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    matches = LEXICONS.matcher.find(text, 0, len(text))
    sentence_features(text, matches, LEXICONS)
    monkeypatch.setattr(module, name, original)
    return calls


def test_long_sentences_full_of_cues_and_quotes_take_linear_work(monkeypatch):
    """A sentence four times longer takes about four times the work, not sixteen: prescription
    clause starts are looked for within a bound, the question mark ending a cue's clause and the
    evidence in a cue's scope by bisection."""
    import framing.prescriptions

    unit = ("the government must hold talks and forces should withdraw, the army said “we "
            "neutralised five militants” and 'officials' claimed \"so-called\" ")
    short, long = unit * 60, unit * 240
    for module, name in ((framing.prescriptions, "_gap"), (framing.prescriptions, "_w")):
        assert _work(monkeypatch, module, name, long) < 6 * _work(monkeypatch, module, name,
                                                                  short), name


def test_voices_of_evidence_in_a_sentence_with_many_quotations():
    text = " ".join(f"the army said “we will win {i}” and “retreat”" for i in range(50)) + "."
    features = sentence_features(text, LEXICONS.matcher.find(text, 0, len(text)), LEXICONS)
    for e in features.evidence:
        held = any(s <= e.start and e.end <= t for s, t in features.quoted)
        assert e.voice == ("quoted" if held else "author"), e
    assert {e.voice for e in features.evidence} == {"quoted", "author"}
