"""Lexicon format, validation, matching, discovery, roll-up counts and the vectorizer."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from framing.errors import UsageError
from framing.lexicon import LexiconError, Matcher, parse_lexicon
from framing.lexicon.model import WORD, Term, normalise_word
from framing.lexicon.registry import LexiconSet, load_lexicons
from framing.lexicon.vectorizer import LexiconVectorizer

DEMO = textwrap.dedent('''\
    [lexicon]
    name = "demo"
    version = "1.0"

    [categories.kinetic]
    label = "Armed force"
    terms = ["killed"]
    exclude = ["war of words", "attack on the budget"]

    [categories.operations]
    parent = "kinetic"
    terms = ["counter-terrorism operation", "raid*", "neutrali*", "attack*"]

    [categories.political]
    label = "Politics"
    terms = ["budget", "dialogue", "war", "security forces"]

    [categories.forces]
    parent = "kinetic"
    terms = ["forces", "troops"]
    ''')


def lexicon(source: str = DEMO, path: str = "demo.toml"):
    lex, problems = parse_lexicon(source, path=path)
    assert lex is not None, problems
    return lex


def found(text: str, source: str = DEMO) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.category) for m in Matcher([lexicon(source)]).find(text)]


# -- validation ---------------------------------------------------------------------------

HEADER = '[lexicon]\nname = "x"\n'


@pytest.mark.parametrize(("source", "message", "line"), [
    ('[lexicon]\nname = "x"\n[categories.a\nterms = ["b"]\n', "TOML syntax", 3),
    (HEADER + '[categories.a]\nterms = ["b"]\ncolour = "red"\n', "unknown key 'colour'", 5),
    (HEADER + 'editor = "me"\n[categories.a]\nterms = ["b"]\n', "unknown key 'editor'", 3),
    (HEADER + '[categories.a]\nlabel = "A"\n', "category 'a' is empty", 3),
    (HEADER + '[categories.a]\nterms = [\n  "raid",\n  "Raid",\n]\n', "duplicate term 'Raid'", 6),
    (HEADER + '[categories.a]\nterms = ["*raid"]\n', "misplaced wildcard", 4),
    (HEADER + '[categories.a]\nterms = ["ra*id"]\n', "misplaced wildcard", 4),
    (HEADER + '[categories.a]\nterms = ["*"]\n', "has no letters or digits", 4),
    (HEADER + '[categories.a]\nterms = ["raid -*"]\n', "misplaced wildcard", 4),
    (HEADER + '[categories.a]\nparent = "nope"\nterms = ["b"]\n', "unknown parent 'nope'", 3),
    (HEADER + '[categories.a]\nparent = "b"\nterms = ["x"]\n[categories.b]\nparent = "a"\n'
     'terms = ["y"]\n', "cyclic parents", 3),
    ('[lexicon]\nname = "<script>"\n[categories.a]\nterms = ["b"]\n', "is not allowed", 2),
    ('[lexicon]\nname = "../x"\n[categories.a]\nterms = ["b"]\n', "is not allowed", 2),
    (HEADER + '[categories."<b>"]\nterms = ["b"]\n', "category name '<b>' is not allowed", 3),
    (HEADER, "no categories", None),
    ('[lexicon]\n[categories.a]\nterms = ["b"]\n', "needs name", 1),
    ('[lexicon]\nname = "x"\nversion = true\n[categories.a]\nterms = ["b"]\n',
     "version must be a string", 3),
    ("", "missing [lexicon]", None),
])
def test_errors_name_the_line(source: str, message: str, line: int | None):
    lex, problems = parse_lexicon(source, path="bad.toml")
    assert lex is None
    errors = [p for p in problems if p.severity == "error"]
    matching = [p for p in errors if message in p.message]
    assert matching, errors
    assert matching[0].line == line
    assert str(matching[0]).startswith(f"bad.toml:{line}: error:" if line else "bad.toml: error:")


def test_warning_for_a_term_inside_a_longer_term_of_another_category():
    _, problems = parse_lexicon(DEMO, path="demo.toml")
    (warning,) = problems
    assert warning.severity == "warning"
    assert "'forces' (forces) is part of 'security forces' (political)" in warning.message
    assert warning.line == 20


def test_warning_for_a_term_covered_by_a_wildcard():
    _, problems = parse_lexicon(HEADER + '[categories.a]\nterms = ["raid*", "raids"]\n', path="w")
    assert [p.message for p in problems] == [
        "term 'raids' is already covered by 'raid*' in a (they count once; the term can go)"]
    # ... and the two really do count once.
    assert found("two raids", HEADER + '[categories.a]\nterms = ["raid*", "raids"]\n') == [
        ("raids", "a")]


def test_spelling_variants_in_one_category_are_duplicates_with_their_own_lines():
    source = HEADER + '[categories.a]\nterms = [\n  "crack down",\n  "crackdown",\n]\n'
    _, problems = parse_lexicon(source, path="d.toml")
    (problem,) = problems
    assert problem.line == 6 and "matches the same words as 'crack down' on line 5" in problem.message


def test_no_shadowing_warning_when_the_longer_phrase_is_in_the_same_category():
    source = HEADER + ('[categories.a]\nterms = ["reports", "reports indicate"]\n'
                       '[categories.d]\nterms = ["reports indicate"]\n'
                       '[categories.b]\nterms = ["strike"]\n'
                       '[categories.c]\nterms = ["air strike", "hunger strike"]\n')
    _, problems = parse_lexicon(source, path="w.toml")
    assert [p.message.split(":")[0] for p in problems] == [
        "term 'strike' (b) is part of 'air strike' (c)"]


def test_lexicon_error_lists_every_problem():
    with pytest.raises(LexiconError) as caught:
        raise LexiconError(parse_lexicon(HEADER + '[categories.a]\nterms = ["*", "x*y"]\n',
                                         path="p.toml")[1])
    # Both terms are invalid, which also leaves the category empty.
    assert len(caught.value.problems) == 3
    assert str(caught.value).startswith("p.toml:4: error:") and "2 more" in str(caught.value)


# -- matching -----------------------------------------------------------------------------
@pytest.mark.parametrize(("word", "normalised"), [
    ("Pakistan’s", "pakistan"), ("army's", "army"), ("It's", "it's"), ("let’s", "let's"),
    ("don’t", "don't"), ("'s", "'s"),
])
def test_normalise_word(word: str, normalised: str):
    assert normalise_word(word) == normalised


@pytest.mark.parametrize(("text", "expected"), [
    ("a counter-terrorism operation", [("counter-terrorism operation", "operations")]),
    ("a counter terrorism operation", [("counter terrorism operation", "operations")]),
    ("a Counterterrorism Operation", [("Counterterrorism Operation", "operations")]),
    ("raids and a raid, Raiders", [("raids", "operations"), ("raid", "operations"),
                                   ("Raiders", "operations")]),
    ("145 terrorists neutralised", [("neutralised", "operations")]),
    ("the security forces", [("security forces", "political")]),  # longest wins: not "forces"
    ("troops and forces", [("troops", "forces"), ("forces", "forces")]),
    ("a war of words over the budget", [("war", "political"), ("budget", "political")]),
    ("an attack on the budget", [("budget", "political")]),  # excluded for kinetic only
    ("an attack on the army", [("attack", "operations")]),  # exclusion covers sub-categories
    ("the troops’ raid", [("troops", "forces"), ("raid", "operations")]),
    ("it’s Pakistan’s war", [("war", "political")]),
    ("no match here", []),
])
def test_matching(text: str, expected: list[tuple[str, str]]):
    assert found(text) == expected


def test_wildcard_after_a_hyphenated_word():
    source = HEADER + '[categories.a]\nterms = ["anti-war*"]\n'
    assert found("anti-war protesters and antiwarriors", source) == [
        ("anti-war", "a"), ("antiwarriors", "a")]


def test_a_term_in_several_categories_matches_for_each():
    source = HEADER + '[categories.a]\nterms = ["strike"]\n[categories.b]\nterms = ["strike"]\n'
    assert found("a strike", source) == [("strike", "a"), ("strike", "b")]


def test_lexicons_do_not_compete():
    other = lexicon('[lexicon]\nname = "labels"\n[categories.force]\nterms = ["forces"]\n')
    matches = Matcher([lexicon(), other]).find("security forces")
    assert [(m.lexicon, m.category) for m in matches] == [("demo", "political"),
                                                         ("labels", "force")]


def test_wildcards_of_different_lexicons_on_one_word_both_match():
    a = lexicon('[lexicon]\nname = "a"\n[categories.x]\nterms = ["neutrali*"]\n')
    b = lexicon('[lexicon]\nname = "b"\n[categories.y]\nterms = ["neutral*"]\n')
    assert [m.lexicon for m in Matcher([a, b]).find("neutralised")] == ["a", "b"]


def test_longest_prefix_wins_within_a_lexicon():
    source = HEADER + '[categories.a]\nterms = ["attack*"]\n[categories.b]\nterms = ["attacker*"]\n'
    assert found("attackers", source) == [("attackers", "b")]


WORDS = ["raid", "raids", "war", "of", "words", "counter", "terrorism", "operation", "security",
         "forces", "troops", "budget", "attack", "on", "the", "killed", "neutralised"]


@given(st.lists(st.sampled_from([*WORDS, "-", " ", ", ", ". ", "’s "]), max_size=40).map(
    lambda parts: " ".join(parts)))
def test_matches_are_exact_term_variants_and_never_overlap_within_a_lexicon(text: str):
    lex = lexicon()
    terms = {t.text: t for c in lex.categories.values() for t in c.terms}
    matches = Matcher([lex]).find(text)
    spans = sorted({(m.start, m.end) for m in matches})
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
    for m in matches:
        words = tuple(normalise_word(w) for w in WORD.findall(text[m.start:m.end]))
        term: Term = terms[m.term]
        variants = set(term.variants())
        if term.wildcard:
            assert any(words[:-1] == v[:-1] and words[-1].startswith(v[-1]) for v in variants)
        else:
            assert words in variants


# -- discovery and counting ---------------------------------------------------------------

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_user_lexicon_overrides_a_builtin_of_the_same_name_with_a_notice(tmp_path: Path):
    builtin = load_lexicons(cwd=tmp_path, environ={})
    assert len(builtin) >= 1
    name = next(iter(builtin.lexicons))
    user = write(tmp_path / "mine.toml", f'[lexicon]\nname = "{name}"\n[categories.a]\n'
                                         'terms = ["b"]\n')
    lexicons = load_lexicons([user], cwd=tmp_path, environ={})
    assert lexicons[name].origin == "--lexicon" and list(lexicons[name].categories) == ["a"]
    assert lexicons.notices == [f"lexicon {name!r} from {user} (--lexicon) overrides the one "
                                f"from {builtin[name].path} (built-in)"]


def test_local_folder_and_environment_are_searched(tmp_path: Path):
    write(tmp_path / "lexicons" / "local.toml", '[lexicon]\nname = "local"\n'
          '[categories.a]\nterms = ["b"]\n')
    env_dir = tmp_path / "env"
    write(env_dir / "nested" / "envlex.toml", '[lexicon]\nname = "envlex"\n'
          '[categories.a]\nterms = ["b"]\n')
    lexicons = load_lexicons(builtin=False, cwd=tmp_path, environ={"FRAMING_LEXICONS": str(env_dir)})
    assert [(x.name, x.origin) for x in lexicons] == [("local", "./lexicons"),
                                                      ("envlex", "FRAMING_LEXICONS")]


def test_broken_lexicon_file_stops_loading(tmp_path: Path):
    bad = write(tmp_path / "bad.toml", '[lexicon\nname = "x"\n')
    with pytest.raises(LexiconError, match=r"bad\.toml:1: error: TOML syntax"):
        load_lexicons([bad], builtin=False, cwd=tmp_path, environ={})
    with pytest.raises(UsageError, match="no such lexicon file"):
        load_lexicons([tmp_path / "missing.toml"], builtin=False, cwd=tmp_path, environ={})
    dic = write(tmp_path / "liwc.dic", "%\n1\ta\n%\nword\t1\n")
    with pytest.raises(UsageError, match=r"must be \.toml") as caught:
        load_lexicons([dic], builtin=False, cwd=tmp_path, environ={})
    assert "framing lexicon import" in str(caught.value)


def test_counts_roll_up_to_parents_once_per_span():
    lexicons = LexiconSet(lexicons={"demo": lexicon()})
    text = "Troops raided; troops killed. A counter-terrorism operation."
    counts = lexicons.count(lexicons.matcher.find(text))
    assert counts == {"demo.forces": 2, "demo.operations": 2, "demo.kinetic": 5}


# -- scikit-learn ---------------------------------------------------------------------------

TEXTS = ["Troops raided the village and killed two.", "Dialogue on the budget resumed.", ""]


def test_vectorizer_counts_and_feature_names():
    vectorizer = LexiconVectorizer([lexicon()]).fit(TEXTS)
    names = list(vectorizer.get_feature_names_out())
    assert names == ["demo.kinetic", "demo.operations", "demo.political", "demo.forces"]
    counts = vectorizer.transform(TEXTS)
    assert counts.tolist() == [[3, 1, 0, 1], [0, 0, 2, 0], [0, 0, 0, 0]]


def test_vectorizer_rates_pandas_output_and_pipeline():
    vectorizer = LexiconVectorizer([lexicon()], per_1k=True).set_output(transform="pandas")
    frame = make_pipeline(FunctionTransformer(lambda texts: texts), vectorizer) \
        .fit_transform(TEXTS)
    assert list(frame.columns) == ["demo.kinetic", "demo.operations", "demo.political",
                                   "demo.forces"]
    assert np.isclose(frame.loc[0, "demo.kinetic"], 3 * 1000 / 7)


def test_vectorizer_must_be_fitted_and_wants_a_list_of_texts():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        LexiconVectorizer([lexicon()]).transform(TEXTS)
    with pytest.raises(ValueError, match="iterable of texts"):
        LexiconVectorizer([lexicon()]).fit().transform("one string")
    with pytest.raises(ValueError, match="text 1 is NoneType"):
        LexiconVectorizer([lexicon()]).fit().transform(["a text", None])


def test_vectorizer_counts_like_analyze_no_match_across_sentences():
    text = "He was sentenced to death. Toll roads closed. The death toll rose."
    source = HEADER + '[categories.a]\nterms = ["death toll"]\n'
    counts = LexiconVectorizer([lexicon(source)]).fit().transform([text])
    assert counts.tolist() == [[1]]


def test_an_exact_word_beats_a_wildcard_and_a_longer_prefix_a_shorter_one():
    source = HEADER + ('[categories.a]\nterms = ["kill*"]\n[categories.b]\nterms = ["killer"]\n'
                      '[categories.c]\nterms = ["killers*"]\n')
    assert found("killer killers killed", source) == [
        ("killer", "b"), ("killers", "c"), ("killed", "a")]


def test_words_with_combining_marks_are_whole_words():
    source = '[lexicon]\nname = "hi"\n[categories.a]\nterms = ["दो", "हमला"]\n'
    text = "आतंकवादी हमले में दो लोग मारे गए"  # neither term is inside another word
    assert found(text, source) == [("दो", "a")]
    decomposed = HEADER + '[categories.a]\nterms = ["cafe\u0301"]\n'  # NFD term, NFC text
    assert found("a café", decomposed) == [("café", "a")]
