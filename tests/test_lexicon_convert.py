"""Lexicon import (LIWC .dic, word lists, CSV, spaCy JSONL) and export to .dic: real-looking
files, every bad line reported with its line, and results that always save as valid TOML."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from framing.errors import InputError, UsageError
from framing.lexicon.convert import import_lexicon, safe_name, to_dic
from framing.lexicon.model import NAME_PATTERN, Category, Lexicon, Term
from framing.lexicon.toml_io import Problem, parse_lexicon, to_toml

# The Moral Foundations Dictionary (Graham & Haidt) as published: zero-padded ids, tabs, CRLF.
MFD = """%
01\tHarmVirtue
02\tHarmVice
03\tFairnessVirtue
04\tFairnessVice
11\tMoralityGeneral
%
safe*\t01
peace*\t01
compassion*\t01
protect*\t01
harm*\t02
suffer*\t02
war\t02
hurt*\t02
fair\t03
fairly\t03
equal*\t03\t11
unfair*\t04
bias*\t04
righteous*\t11
""".replace("\n", "\r\n")

# LIWC-22 layout: nesting by indentation, every term listing its category and all ancestors.
LIWC22 = """%
1\tfunction
\t2\tpronoun
\t\t3\tppron
\t\t4\tipron
\t5\tarticle
6\taffect
\t7\temotion
\t\t8\temo_pos
%
i\t1\t2\t3
we\t1\t2\t3
it\t1\t2\t4
the\t1\t5
happ*\t6\t7\t8
good\t6\t7\t8
"""
LIWC22_PARENTS = {"function": None, "pronoun": "function", "ppron": "pronoun",
                  "ipron": "pronoun", "article": "function", "affect": None,
                  "emotion": "affect", "emo_pos": "emotion"}
LIWC22_TERMS = {"function": set(), "pronoun": set(), "ppron": {"i", "we"}, "ipron": {"it"},
                "article": {"the"}, "affect": set(), "emotion": set(), "emo_pos": {"happ*", "good"}}


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def load(tmp_path: Path, filename: str, content: str | bytes,
         **options: str) -> tuple[Lexicon, list[Problem]]:
    """Import a file and check the result saves as TOML that reads back without errors."""
    lexicon, problems = import_lexicon(write(tmp_path / filename, content), **options)
    assert_saves_cleanly(lexicon)
    return lexicon, problems


def assert_saves_cleanly(lexicon: Lexicon) -> None:
    again, problems = parse_lexicon(to_toml(lexicon), path="saved.toml")
    assert [p for p in problems if p.severity == "error"] == []
    assert again is not None
    assert {n: (c.label, c.parent, [t.text for t in c.terms]) for n, c in again.categories.items()} \
        == {n: (c.label, c.parent, [t.text for t in c.terms]) for n, c in lexicon.categories.items()}


def terms(lexicon: Lexicon) -> dict[str, set[str]]:
    return {name: {t.text for t in c.terms} for name, c in lexicon.categories.items()}


def where(problems: list[Problem]) -> list[tuple[int | None, str]]:
    return [(p.line, p.severity) for p in problems]


# --- .dic -------------------------------------------------------------------------------------


def test_mfd_dic_keeps_zero_padded_ids_wildcards_and_original_names_as_labels(tmp_path: Path):
    lexicon, problems = load(tmp_path, "mfd.dic", MFD)
    assert problems == []
    assert (lexicon.name, lexicon.origin, lexicon.path) == ("mfd", "import", str(tmp_path / "mfd.dic"))
    assert {n: c.label for n, c in lexicon.categories.items()} == {
        "harmvirtue": "HarmVirtue", "harmvice": "HarmVice", "fairnessvirtue": "FairnessVirtue",
        "fairnessvice": "FairnessVice", "moralitygeneral": "MoralityGeneral"}
    assert terms(lexicon) == {
        "harmvirtue": {"safe*", "peace*", "compassion*", "protect*"},
        "harmvice": {"harm*", "suffer*", "war", "hurt*"},
        "fairnessvirtue": {"fair", "fairly", "equal*"},
        "fairnessvice": {"unfair*", "bias*"},
        "moralitygeneral": {"equal*", "righteous*"},
    }
    safe = lexicon.categories["harmvirtue"].terms[0]
    assert (safe.words, safe.wildcard, safe.line) == (("safe",), True, 8)
    assert all(c.parent is None for c in lexicon.categories.values())


def test_mfd2_dotted_names_become_identifiers(tmp_path: Path):
    lexicon, problems = load(tmp_path, "MFD 2.0.dic",
                             "%\n1\tcare.virtue\n2\tcare.vice\n%\ncompassion\t1\nabuse\t2\n")
    assert problems == []
    assert lexicon.name == "mfd_2_0"
    assert {n: c.label for n, c in lexicon.categories.items()} == {
        "care_virtue": "care.virtue", "care_vice": "care.vice"}


@pytest.mark.parametrize("header", [
    LIWC22.split("%")[1],  # tabs before the id (what to_dic writes)
    LIWC22.split("%")[1].replace("\t\t", "        ").replace("\n\t", "\n    "),  # spaces
    # nesting shown by extra tabs between the id and the name
    "\n1\tfunction\n2\t\tpronoun\n3\t\t\tppron\n4\t\t\tipron\n5\t\tarticle\n6\taffect\n"
    "7\t\temotion\n8\t\t\temo_pos\n",
], ids=["tabs", "spaces", "tabs-after-id"])
def test_liwc22_indentation_gives_parents_and_terms_stay_in_the_deepest_category(
        tmp_path: Path, header: str):
    text = "%" + header + "%" + LIWC22.split("%", 2)[2]
    lexicon, problems = load(tmp_path, "liwc22.dic", text)
    assert problems == []
    assert {n: c.parent for n, c in lexicon.categories.items()} == LIWC22_PARENTS
    assert terms(lexicon) == LIWC22_TERMS
    assert lexicon.ancestors("emo_pos") == ["emotion", "affect"]


def test_term_listed_in_parent_on_another_line_is_kept_only_in_the_child(tmp_path: Path):
    text = "%\n1\tfamily\n\t2\tparent\n%\nmother\t1\nmother\t2\nfamily\t1\n"
    lexicon, _ = load(tmp_path, "fam.dic", text)
    assert terms(lexicon) == {"family": {"family"}, "parent": {"mother"}}


@pytest.mark.parametrize(("line", "text", "categories"), [
    ("kind of 3", "kind of", {"tentat"}),
    ("kind of   3 4", "kind of", {"tentat", "discrep"}),
    ("kind of\t3", "kind of", {"tentat"}),                    # tab-delimited phrase
    ("kind of\t3 4", "kind of", {"tentat", "discrep"}),       # ids space-separated after a tab
    ("24/7 4", "24/7", {"discrep"}),                         # slash in the term, not an id
    ("sort of* 3", "sort of*", {"tentat"}),
])
def test_space_delimited_dic_splits_phrase_from_trailing_ids(
        tmp_path: Path, line: str, text: str, categories: set[str]):
    dic = f"%\n3 tentat\n4 discrep\n%\nmaybe 3\nshould 4\n{line}\n"
    lexicon, problems = load(tmp_path, "phr.dic", dic)
    assert problems == []
    assert {n for n, c in lexicon.categories.items() if text in {t.text for t in c.terms}} \
        == categories


def test_cp1252_dic_with_accents_and_curly_apostrophe(tmp_path: Path):
    text = "%\r\n1\t\xc9motion\r\n2\tn\xe9gation\r\n%\r\ncaf\xe9*\t1\r\ndon\u2019t\t2\r\n"
    lexicon, problems = load(tmp_path, "emo.dic", text.encode("cp1252"))
    assert problems == []
    assert {n: c.label for n, c in lexicon.categories.items()} == {
        "emotion": "\xc9motion", "negation": "n\xe9gation"}
    assert terms(lexicon) == {"emotion": {"caf\xe9*"}, "negation": {"don\u2019t"}}
    assert lexicon.categories["negation"].terms[0].words == ("don't",)


def test_undefined_id_is_reported_with_its_line_and_the_rest_imported(tmp_path: Path):
    text = "%\n1\tcare\n2\tharm\n%\nsafe*\t1\nhurt\t2\t7\nkill*\t9\nwound*\t2\n"
    lexicon, problems = load(tmp_path, "u.dic", text)
    assert terms(lexicon) == {"care": {"safe*"}, "harm": {"hurt", "wound*"}}
    assert where(problems) == [(6, "warning"), (7, "error")]
    assert "7" in problems[0].message and "9" in problems[1].message
    assert str(problems[1]).startswith(f"{tmp_path / 'u.dic'}:7: error:")


@pytest.mark.parametrize("entry", ["like\t02 134<53>", "kind\t(02 134)125/464", "like 02 134<53>"])
def test_liwc2007_conditional_entry_is_skipped_and_reported(tmp_path: Path, entry: str):
    text = ("%\n02\tfunct\n53\tverb\n125\tsocial\n134\tposemo\n464\tcogmech\n%\n"
            f"a\t02\n{entry}\nlove\t134\n")
    lexicon, problems = load(tmp_path, "liwc2007.dic", text)
    # verb, social and cogmech are used only by the skipped entry: dropped as empty.
    assert where(problems) == [(3, "warning"), (4, "warning"), (6, "warning"), (9, "error")]
    assert "conditional" in problems[3].message
    assert terms(lexicon) == {"funct": {"a"}, "posemo": {"love"}}


@pytest.mark.parametrize(("entry", "why"), [
    ("*\t1", "no letters"),
    ("fo*o\t1", "misplaced wildcard"),
    ("nothing", "no category id"),
    ("word\tx1", "not defined"),
])
def test_unusable_entries_are_skipped_with_their_line(tmp_path: Path, entry: str, why: str):
    lexicon, problems = load(tmp_path, "bad.dic", f"%\n1\tcare\n%\nsafe\t1\n{entry}\nkind\t1\n")
    assert terms(lexicon) == {"care": {"safe", "kind"}}
    assert where(problems) == [(5, "error")]
    assert why in problems[0].message


def test_duplicates_empty_categories_and_bad_header_lines_are_warned_about(tmp_path: Path):
    text = ("%\n1\tcare\n2\tempty\nthree\tbad\n1\tagain\n\t4\tleaf\n%\n"
            "harm\t1\nHarm\t1\nwar\t1\t2\nwar\t1\n")
    lexicon, problems = load(tmp_path, "d.dic", text)
    # "war" lists 1 and 2; 2 is a sibling (not an ancestor), so it stays in both.
    assert terms(lexicon) == {"care": {"harm", "war"}, "empty": {"war"}}
    assert where(problems) == [(4, "error"), (5, "error"), (6, "warning"), (9, "warning"),
                               (11, "warning")]
    assert "leaf" in problems[2].message and "dropped" in problems[2].message
    assert "duplicate" in problems[3].message


@pytest.mark.parametrize(("content", "message", "line"), [
    ("1\tcare\n2\tharm\nsafe\t1\n", "must start with a line holding only '%'", 1),
    ("\n\nsafe*\t01\n", "must start with a line holding only '%'", 3),
    ("%\n1\tcare\nsafe\t1\n", "never closed", 1),
    ("%\n%\nsafe\t1\n", "no categories", 1),
    ("%\n1\tcare\n%\n", "nothing to import", None),
    ("%\n1\tcare\n%\nfo*o\t1\n", "nothing to import", 4),
    ("", "empty file", None),
    ("  \n\n", "empty file", None),
])
def test_dic_with_nothing_usable_raises_input_error_naming_the_file(
        tmp_path: Path, content: str, message: str, line: int | None):
    path = write(tmp_path / "broken.dic", content)
    with pytest.raises(InputError, match=message) as caught:
        import_lexicon(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "PNG"),
    (b"%\n1\tcare\n%\nsafe\x00\x01\x02\t1\n", "NUL"),
    (bytes(range(1, 32)) * 10, "control characters"),
])
def test_binary_file_named_dic_is_refused(tmp_path: Path, data: bytes, message: str):
    path = write(tmp_path / "liwc.dic", data)
    with pytest.raises(InputError, match=message) as caught:
        import_lexicon(path)
    assert str(caught.value).startswith(f"{path}: binary file")


def test_missing_file_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="cannot read") as caught:
        import_lexicon(tmp_path / "nope.dic")
    assert caught.value.path == str(tmp_path / "nope.dic")


@pytest.mark.parametrize(("written", "name"), [
    ("<script>alert(1)</script>", "script_alert_1_script"),
    ("../../etc/passwd", "etc_passwd"),
    ('"><img src=x onerror=alert(1)>', "img_src_x_onerror_alert_1"),
    ("Care.Virtue", "care_virtue"),
    ("2nd person", "c_2nd_person"),
    ("Straße", "strasse"),
    ("../", "category_1"),
    ("Гнев", "category_1"),
])
def test_unsafe_category_names_are_sanitised_and_label_kept_verbatim(
        tmp_path: Path, written: str, name: str):
    lexicon, problems = load(tmp_path, "x.dic", f"%\n1\t{written}\n%\nword\t1\n")
    category = lexicon.categories[name]
    assert NAME_PATTERN.match(name)
    assert category.label == written  # escaping is the renderer's job
    assert parse_lexicon(to_toml(lexicon), path="t")[0].categories[name].label == written
    assert where(problems) == ([(2, "warning")] if name == "category_1" else [])


def test_names_that_clash_after_sanitising_are_made_unique_and_reported(tmp_path: Path):
    text = "%\n1\tCare.Virtue\n2\tcare_virtue\n3\tcare virtue\n%\na\t1\nb\t2\nc\t3\n"
    lexicon, problems = load(tmp_path, "clash.dic", text)
    assert {n: c.label for n, c in lexicon.categories.items()} == {
        "care_virtue": "Care.Virtue", "care_virtue_2": "care_virtue", "care_virtue_3": "care virtue"}
    assert terms(lexicon) == {"care_virtue": {"a"}, "care_virtue_2": {"b"}, "care_virtue_3": {"c"}}
    assert where(problems) == [(3, "warning"), (4, "warning")]
    assert "'care_virtue_2'" in problems[0].message


# --- other formats ----------------------------------------------------------------------------


def test_txt_word_list_is_one_category_named_from_the_file(tmp_path: Path):
    text = ("# Terms for military operations, one per line\n\nraid*\nair strike\n"
            "  Counter-terrorism \n*\ncounter terrorism\nfo*o\n")
    lexicon, problems = load(tmp_path, "Kinetic Ops.txt", text)
    assert lexicon.name == "kinetic_ops"
    assert {n: (c.label, c.line) for n, c in lexicon.categories.items()} == {
        "kinetic_ops": ("Kinetic Ops", None)}
    assert terms(lexicon) == {"kinetic_ops": {"raid*", "air strike", "Counter-terrorism"}}
    assert where(problems) == [(6, "error"), (7, "warning"), (8, "error")]
    assert "duplicate" in problems[1].message


def test_txt_with_only_comments_raises(tmp_path: Path):
    with pytest.raises(InputError, match="nothing to import"):
        import_lexicon(write(tmp_path / "w.txt", "# nothing yet\n\n"))


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_rows_become_terms_and_bad_rows_are_reported(tmp_path: Path, delimiter: str):
    rows = [
        ["Term", " CATEGORY ", "Label", "notes"],
        ["safe*", "Care.Virtue", "", "MFD 2.0"],
        ["protect", "Care.Virtue", "Care (virtue)", ""],
        ["", "Care.Virtue", "", ""],
        ["harm*", "", "", ""],
        ["kind of", "Care.Virtue", "", ""],
        [],
        ["hurt", "care_virtue", "", ""],
        ["fo*o", "harm", "", ""],
        ["safe*", "Care.Virtue", "Other", ""],
    ]
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    lexicon, problems = load(tmp_path, "moral.csv", text)
    assert {n: c.label for n, c in lexicon.categories.items()} == {
        "care_virtue": "Care (virtue)", "care_virtue_2": "care_virtue"}
    assert terms(lexicon) == {"care_virtue": {"safe*", "protect", "kind of"},
                              "care_virtue_2": {"hurt"}}
    assert where(problems) == [(4, "error"), (5, "error"), (8, "warning"), (9, "error"),
                               (10, "warning"), (10, "warning")]
    assert "'Other'" in problems[4].message and "duplicate" in problems[5].message
    assert "no term" in problems[0].message and "no category" in problems[1].message


def test_csv_line_numbers_count_quoted_multiline_cells(tmp_path: Path):
    text = 'term,category\n"air\nstrike",kinetic\n,kinetic\nraid,kinetic\n'
    lexicon, problems = load(tmp_path, "k.csv", text)
    assert terms(lexicon) == {"kinetic": {"air strike", "raid"}}
    assert where(problems) == [(4, "error")]


def test_csv_without_term_and_category_columns_raises(tmp_path: Path):
    with pytest.raises(InputError, match="'term' and a 'category' column") as caught:
        import_lexicon(write(tmp_path / "t.csv", "word,class\nraid,kinetic\n"))
    assert caught.value.line == 1


JSONL = [
    {"label": "GPE", "pattern": "New York"},
    {"label": "GPE", "pattern": [{"LOWER": "san"}, {"LOWER": "francisco"}]},
    {"label": "NEG", "pattern": [{"ORTH": "do"}, {"ORTH": "n't"}, {"lower": "know"}]},
    {"label": "GPE", "pattern": [{"TEXT": "Pakistan"}, {"NORM": "'s"}]},
    {"label": "ORG", "pattern": [{"LOWER": "un"}, {"IS_PUNCT": True}]},
    {"label": "ORG", "pattern": [{"LOWER": "un", "OP": "?"}]},
    {"label": "ORG", "pattern": [{"POS": "PROPN"}]},
    {"label": "ORG", "pattern": [{"LOWER": {"IN": ["un", "nato"]}}]},
    {"label": "ORG", "pattern": [{"TEXT": {"REGEX": "^U\\.?N\\.?$"}}]},
    {"label": "ORG", "pattern": "NATO", "id": "nato"},
    {"pattern": "nolabel"},
    {"label": "ORG", "pattern": "U.N*"},
    {"label": "Rebel <b>group</b>", "pattern": "Baloch Liberation Army", "source": "x"},
    {"label": "ORG", "pattern": []},
]


def test_spacy_jsonl_patterns_import_and_unsupported_ones_are_reported(tmp_path: Path):
    text = "\n".join(json.dumps(r) for r in JSONL) + "\n{not json\n"
    lexicon, problems = load(tmp_path, "patterns.jsonl", text)
    assert {n: c.label for n, c in lexicon.categories.items()} == {
        "gpe": "GPE", "neg": "NEG", "org": "ORG", "rebel_b_group_b": "Rebel <b>group</b>"}
    assert terms(lexicon) == {"gpe": {"New York", "san francisco", "Pakistan's"},
                              "neg": {"don't know"}, "org": {"NATO"},
                              "rebel_b_group_b": {"Baloch Liberation Army"}}
    assert lexicon.categories["gpe"].terms[2].words == ("pakistan",)
    assert where(problems) == [(5, "error"), (6, "error"), (7, "error"), (8, "error"),
                               (9, "error"), (11, "error"), (12, "error"), (13, "warning"),
                               (14, "error"), (15, "error")]
    assert all("unsupported" in p.message for p in problems[1:5])
    assert "OP" in problems[1].message and "IN" in problems[3].message
    assert "REGEX" in problems[4].message and "not JSON" in problems[-1].message


# --- format and name options ------------------------------------------------------------------


def test_format_comes_from_the_option_over_the_file_ending(tmp_path: Path):
    lexicon, _ = load(tmp_path, "mfd.tsv", MFD, fmt="dic", name="moral")
    assert lexicon.name == "moral" and len(lexicon.categories) == 5


@pytest.mark.parametrize(("filename", "options", "message"), [
    ("mfd.tsv", {}, "cannot tell the lexicon format"),
    ("mfd.dic", {"fmt": "xml"}, "unknown lexicon format"),
    ("mfd.dic", {"name": "Moral Foundations"}, "not allowed"),
])
def test_bad_options_are_usage_errors(tmp_path: Path, filename: str, options: dict[str, str],
                                      message: str):
    with pytest.raises(UsageError, match=message):
        import_lexicon(write(tmp_path / filename, MFD), **options)


@pytest.mark.parametrize(("stem", "name"), [("2015 LIWC", "lex_2015_liwc"), ("Ωμέγα", "imported")])
def test_lexicon_name_from_awkward_file_stems(tmp_path: Path, stem: str, name: str):
    lexicon, _ = load(tmp_path, f"{stem}.txt", "war\n")
    assert lexicon.name == name


def test_safe_name_rules():
    # Valid names stay as they are; others lose unsafe runs, accents and outer underscores.
    assert [safe_name(s) for s in ("posemo", "a_", "a__b", "Care.Virtue", "__x__", "a--b", "9")] \
        == ["posemo", "a_", "a__b", "care_virtue", "x", "a_b", "c_9"]


# --- export -----------------------------------------------------------------------------------


def category(name: str, terms: list[str], parent: str | None = None) -> Category:
    return Category(name=name, label=name.title(), parent=parent,
                    terms=tuple(Term.parse(t) for t in terms))


CONFLICT = Lexicon(name="conflict", categories={
    "violence": category("violence", ["violence", "bloodshed"]),
    "kinetic": category("kinetic", ["air strike*", "raid*", "shelling"], parent="violence"),
    "drone": category("drone", ["drone strike*", "uav", "raid*"], parent="kinetic"),
    "diplomacy": category("diplomacy", ["peace talks", "ceasefire", "cease-fire agreement"]),
    "security": category("security", ["counter-terrorism", "raid*", "ceasefire"]),
})


def test_to_dic_writes_indented_header_and_ancestor_ids():
    assert to_dic(CONFLICT) == (
        "%\n1\tviolence\n\t2\tkinetic\n\t\t3\tdrone\n4\tdiplomacy\n5\tsecurity\n%\n"
        "air strike*\t1\t2\nbloodshed\t1\ncease-fire agreement\t4\nceasefire\t4\t5\n"
        "counter-terrorism\t5\ndrone strike*\t1\t2\t3\npeace talks\t4\nraid*\t1\t2\t3\t5\n"
        "shelling\t1\t2\nuav\t1\t2\t3\nviolence\t1\n")


def test_to_dic_numbers_in_lexicon_order_even_when_a_child_comes_before_its_parent():
    lexicon = Lexicon(name="x", categories={
        "child": category("child", ["kid"], parent="root"), "root": category("root", ["all"])})
    assert to_dic(lexicon).split("%")[1] == "\n2\troot\n\t1\tchild\n"


def test_to_dic_round_trip_keeps_categories_parents_and_terms(tmp_path: Path):
    lexicon, problems = load(tmp_path, "conflict.dic", to_dic(CONFLICT))
    # "raid*" is in kinetic and in drone (its child): kept in the deepest only.
    expected = {name: {t.key for t in c.terms} for name, c in CONFLICT.categories.items()}
    expected["kinetic"].discard((("raid",), True))
    assert problems == []
    assert {n: c.parent for n, c in lexicon.categories.items()} == \
        {n: c.parent for n, c in CONFLICT.categories.items()}
    assert {n: {t.key for t in c.terms} for n, c in lexicon.categories.items()} == expected
    assert to_dic(lexicon) == to_dic(CONFLICT)  # roll-up makes the dropped listing implicit


def test_to_dic_keeps_phrases_on_one_line_and_merges_spelling_variants():
    lexicon = Lexicon(name="x", categories={
        "a": Category("a", "A", terms=(Term.parse("new\tyork"), Term.parse("Counter-terrorism"))),
        "b": Category("b", "B", terms=(Term.parse("counter terrorism"),)),
    })
    assert to_dic(lexicon).splitlines()[4:] == ["Counter-terrorism\t1\t2", "new york\t1"]


WORDS = st.text(alphabet="abcé", min_size=1, max_size=4)
TERMS = st.builds(lambda words, sep, star: sep.join(words) + ("*" if star else ""),
                  st.lists(WORDS, min_size=1, max_size=3), st.sampled_from([" ", "  "]),
                  st.booleans())


@st.composite
def lexicons(draw: st.DrawFn) -> Lexicon:
    names = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
                          min_size=1, max_size=6, unique=True))
    categories: dict[str, Category] = {}
    for i, name in enumerate(names):
        parent = draw(st.one_of(st.none(), st.sampled_from(names[:i]))) if i else None
        texts = draw(st.lists(TERMS, min_size=1, max_size=6))
        categories[name] = Category(name=name, label=name, parent=parent,
                                    terms=tuple(Term.parse(t) for t in texts))
    return Lexicon(name="random", categories=categories)


@given(lexicons())
def test_dic_round_trip_preserves_each_categorys_terms(lexicon: Lexicon):
    # Only valid lexicons: no two terms of a category match the same words ("cé", "c é").
    for category in lexicon.categories.values():
        spellings = [s for t in category.terms for s in t.spellings()]
        assume(len(spellings) == len(set(spellings)))
    # Written with ancestor ids, read back deepest-only: a term is expected in a category
    # unless one of its descendants has it too.
    def below(name: str) -> set[tuple[tuple[str, ...], bool]]:
        keys: set[tuple[tuple[str, ...], bool]] = set()
        for child in lexicon.children(name):
            keys |= {t.key for t in lexicon.categories[child].terms} | below(child)
        return keys

    expected = {name: {t.key for t in c.terms} - below(name)
                for name, c in lexicon.categories.items()}
    with tempfile.TemporaryDirectory() as folder:
        back, problems = import_lexicon(write(Path(folder) / "random.dic", to_dic(lexicon)))
    assert {n: {t.key for t in c.terms} for n, c in back.categories.items()} == expected
    assert {n: c.parent for n, c in back.categories.items()} == \
        {n: c.parent for n, c in lexicon.categories.items()}
    assert [p for p in problems if p.severity == "error"] == []
    assert_saves_cleanly(back)


def test_right_aligned_ids_are_not_a_hierarchy(tmp_path: Path):
    dic = write(tmp_path / "aligned.dic", "%\n 1\tfunct\n10\taffect\n 2\tpronoun\n%\n"
                                          "the\t1\nhappy\t10\nthey\t2\n")
    lexicon, problems = import_lexicon(dic)
    assert {name: c.parent for name, c in lexicon.categories.items()} == {
        "funct": None, "affect": None, "pronoun": None}
    assert problems == []
