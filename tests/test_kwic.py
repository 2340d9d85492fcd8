"""Keyword in context: the library on the seeds and on generated text, and ``framing kwic`` end to
end (formats, hostile text, exit codes, atomic --out)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ARTICLE, SEEDS, write
from framing import pipeline as pipeline_module
from framing.compare.kwic import KWIC_COLUMNS, KwicHit, kwic, kwic_frame, parse_query
from framing.errors import UsageError
from framing.features import ALL_FEATURES
from framing.model import Document, Sentence, Source
from framing.pipeline import AnalyzedDocument


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def hits_for(analysis, term: str, width: int = 60) -> list[KwicHit]:
    return list(kwic(analysis.documents, parse_query(term, analysis.lexicons), width=width))


def plain_document(text: str, *, outlet: str = "Dawn", doc_id: str = "d1") -> AnalyzedDocument:
    """A document exactly as given (no cleaning), one sentence spanning it: for literal
    searches, which need only the text."""
    document = Document(id=doc_id, outlet=outlet, text=text, source=Source("mem"))
    sentence = Sentence(index=0, start=0, end=len(text), text=text, tokens=())
    return AnalyzedDocument(document=document, text=text, removals=(), sentences=(sentence,))


def assert_well_formed(hit: KwicHit, text: str, width: int) -> None:
    assert hit.keyword == collapse(text[hit.start:hit.end])
    assert len(hit.left) <= width and len(hit.right) <= width
    for part in (hit.left, hit.keyword, hit.right):
        assert "\n" not in part and "\r" not in part and "\t" not in part
    assert hit.left + hit.keyword + hit.right in collapse(text)


# -- literal terms on the seeds --------------------------------------------------------------

@pytest.mark.parametrize("term", ["Balochistan", "security forces", "terrorist attacks",
                                  "Pakistan's", "the"])
def test_literal_hits_are_the_term_at_their_offsets(seed_analysis, term: str):
    hits = hits_for(seed_analysis, term)
    assert hits
    texts = {d.document.id: d.text for d in seed_analysis.documents}
    for hit in hits:
        text = texts[hit.doc]
        assert text[hit.start:hit.end] == hit.keyword  # the seeds hold no phrase across lines
        assert hit.keyword.casefold().replace("’", "'") == term.casefold()
        assert_well_formed(hit, text, 60)


def test_literal_hits_are_every_whole_word_occurrence(seed_analysis):
    # An independent count: whole words, case-insensitive.
    expected = sum(len(re.findall(r"(?<!\w)security(?!\w)", d.text, re.IGNORECASE))
                   for d in seed_analysis.documents)
    assert len(hits_for(seed_analysis, "SECURITY")) == expected > 10


def test_hits_come_in_document_then_offset_order(seed_analysis):
    hits = hits_for(seed_analysis, "the")
    order = [d.document.id for d in seed_analysis.documents]
    keys = [(order.index(h.doc), h.start) for h in hits]
    assert keys == sorted(keys)
    assert [h.outlet for h in hits[:1]] == ["Source A"]


def test_sentence_index_is_the_sentence_holding_the_hit(seed_analysis):
    by_id = {d.document.id: d for d in seed_analysis.documents}
    for hit in hits_for(seed_analysis, "Balochistan"):
        sentence = by_id[hit.doc].sentences[hit.sentence]
        assert sentence.index == hit.sentence
        assert sentence.start <= hit.start and hit.end <= sentence.end


def test_wildcard_finds_every_word_with_the_prefix(seed_analysis):
    hits = hits_for(seed_analysis, "milit*")
    words = {h.keyword.lower() for h in hits}
    assert {"militancy", "militants", "military"} <= words
    assert all(w.startswith("milit") for w in words)
    expected = sum(len(re.findall(r"(?<!\w)milit\w*", d.text, re.IGNORECASE))
                   for d in seed_analysis.documents)
    assert len(hits) == expected


def test_wildcard_and_whole_words_on_constructed_text():
    doc = plain_document("Demilitarised zones, militia men and a MILITANT; military. Militar")
    query = parse_query("milit*", _no_lexicons())
    assert [h.keyword for h in kwic([doc], query)] == ["militia", "MILITANT", "military",
                                                       "Militar"]
    assert [h.keyword for h in kwic([doc], parse_query("men", _no_lexicons()))] == ["men"]
    assert list(kwic([doc], parse_query("militar", _no_lexicons()))) != []
    assert list(kwic([doc], parse_query("milita", _no_lexicons()))) == []  # whole words


def test_curly_and_straight_apostrophes_are_the_same(seed_analysis):
    curly = sum(d.text.count("Pakistan’s") for d in seed_analysis.documents)
    straight = hits_for(seed_analysis, "Pakistan's")
    assert len(straight) == curly > 3
    assert [h.start for h in hits_for(seed_analysis, "pakistan’s")] == [h.start for h in straight]
    doc = plain_document("The army's role and the army’s budget.")
    for term in ("army's", "army’s"):
        assert [h.keyword for h in kwic([doc], parse_query(term, _no_lexicons()))] == [
            "army's", "army’s"]


def test_phrase_across_a_line_break_and_whitespace_runs():
    text = "Troops and security\nforces raided it; the security \n\t  forces left. Security-forces."
    hits = list(kwic([plain_document(text)], parse_query("security   forces", _no_lexicons())))
    assert [h.keyword for h in hits] == ["security forces", "security forces"]
    assert "\n" in text[hits[0].start:hits[0].end]
    for hit in hits:
        assert_well_formed(hit, text, 60)


def test_phrase_across_a_line_break_in_a_cleaned_file(run_cli, tmp_path: Path):
    path = write(tmp_path / "dawn" / "a.txt", "Raid near Kech\n\nOfficials said on Monday that "
                 "troops and the security\nforces raided a compound near Kech, and that four "
                 "men were held after the raid.\n")
    result = run_cli("kwic", "security forces", path, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    [hit] = [json.loads(line) for line in result.stdout.splitlines()]
    assert hit["keyword"] == "security forces" and hit["outlet"] == "dawn"


def test_context_never_crosses_the_document_and_respects_width(seed_analysis):
    texts = {d.document.id: d.text for d in seed_analysis.documents}
    for width in (0, 1, 7, 60, 500):
        for hit in hits_for(seed_analysis, "Balochistan", width=width):
            assert_well_formed(hit, texts[hit.doc], width)
            if width == 0:
                assert hit.left == hit.right == ""
    first = hits_for(seed_analysis, "Pakistan's")[0]
    assert first.start == 0 and first.left == ""  # the first word of seed-000


@given(
    words=st.lists(st.sampled_from(["army", "Army", "army’s", "raid", "the", "x", "[bold]",
                                    "<script>", '"q"', "a,b", "é"]), min_size=1, max_size=40),
    gaps=st.lists(st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " \r\n ", "\u2028", ", "]),
                  min_size=40, max_size=40),
    term=st.sampled_from(["army", "army's", "the army", "raid*", "x", "a"]),
    width=st.integers(min_value=0, max_value=30),
)
def test_context_is_a_normalised_piece_of_the_document(words, gaps, term, width):
    text = "".join(w + g for w, g in zip(words, gaps, strict=False)).strip() or "x"
    doc = plain_document(text)
    for hit in kwic([doc], parse_query(term, _no_lexicons()), width=width):
        assert_well_formed(hit, text, width)
        assert re.fullmatch(r"[^\W_]+", hit.keyword.split()[0][:1]) is not None
        # Context is only cut short by the document's edges.
        assert len(hit.left) == width or collapse(text[:hit.start]) == hit.left
        assert len(hit.right) == width or collapse(text[hit.end:]) == hit.right


def test_a_long_blank_run_does_not_shorten_the_context():
    text = "alpha beta gamma" + "\n" * 500 + "army" + " \n" * 300 + "delta epsilon"
    [hit] = kwic([plain_document(text)], parse_query("army", _no_lexicons()), width=10)
    assert (hit.left, hit.keyword, hit.right) == ("eta gamma ", "army", " delta eps")


# -- categories and features -------------------------------------------------------------------

@pytest.mark.parametrize("column", ["conflict.kinetic", "conflict.kinetic_operations",
                                    "conflict.political", "stance.hedge",
                                    "actors.armed_group_label", "attribution.source"])
def test_category_hits_are_that_categorys_matches(seed_analysis, column: str):
    lexicons = seed_analysis.lexicons
    lexicon, category = column.split(".")
    hits = hits_for(seed_analysis, column)
    assert hits
    for doc in seed_analysis.documents:
        mine = [h for h in hits if h.doc == doc.document.id]
        matches = [m for m in doc.matches if lexicons.covers(m, lexicon, category)]
        assert [(h.start, h.end) for h in mine] == sorted({(m.start, m.end) for m in matches})
        assert len(mine) == doc.counts.get(column, 0)  # what the documents table counts
        terms = {(m.start, m.end): m.term for m in matches}
        for hit in mine:
            assert hit.keyword == doc.text[hit.start:hit.end]
            assert hit.cue == terms[(hit.start, hit.end)]
            assert all(c.split(".")[0] == lexicon for c in hit.category.split("; "))
            assert hit.feature is None


def test_a_parent_category_includes_its_sub_categories(seed_analysis):
    parent = hits_for(seed_analysis, "conflict.kinetic")
    children = [c for c in seed_analysis.lexicons.columns if c.startswith("conflict.kinetic_")]
    spans = {(h.doc, h.start, h.end) for c in children for h in hits_for(seed_analysis, c)}
    assert {(h.doc, h.start, h.end) for h in parent} == spans
    assert {h.category for h in parent} >= {"conflict.kinetic_violence",
                                            "conflict.kinetic_operations"}


@pytest.mark.parametrize("feature", ALL_FEATURES)
def test_feature_hits_are_that_features_evidence(seed_analysis, feature: str):
    hits = hits_for(seed_analysis, f"feature:{feature}")
    expected = [(d.document.id, s.index, e.start, e.end, e.cue, e.detail, e.voice)
                for d in seed_analysis.documents
                for s, f in zip(d.sentences, d.features, strict=True)
                for e in f.evidence if e.feature == feature]
    expected.sort(key=lambda row: ([d.document.id for d in seed_analysis.documents].index(row[0]),
                                   row[2], row[3]))
    assert [(h.doc, h.sentence, h.start, h.end, h.cue, h.detail, h.voice)
            for h in hits] == expected
    assert all(h.feature == feature and h.category is None for h in hits)


def test_every_hit_of_every_kind_is_well_formed(seed_analysis):
    texts = {d.document.id: d.text for d in seed_analysis.documents}
    for term in ("conflict.kinetic", "feature:attribution", "feature:scare_quote",
                 "feature:source", "the army"):
        for hit in hits_for(seed_analysis, term, width=25):
            assert_well_formed(hit, texts[hit.doc], 25)


def test_feature_queries_need_analysed_features():
    doc = plain_document("Officials said troops may have raided it.")
    with pytest.raises(ValueError, match="without lexicons"):
        list(kwic([doc], parse_query("feature:hedge", _no_lexicons())))


# -- parsing the term ----------------------------------------------------------------------------

@pytest.mark.parametrize(("term", "message"), [
    ("", "empty search term"),
    ("   ", "empty search term"),
    ("*", "misplaced wildcard"),
    ("mil*it", "misplaced wildcard"),
    ("milit *", "misplaced wildcard"),
    ("conflict.kinetik", "did you mean conflict.kinetic"),
    ("conflict.nothing_like_it", "no category 'conflict.nothing_like_it'"),
    ("stance.hedges", "did you mean stance.hedge"),
    ("feature:hedges", "did you mean feature:hedge"),
    ("feature:", "no feature ''"),
])
def test_bad_terms_are_usage_errors(seed_analysis, term: str, message: str):
    with pytest.raises(UsageError, match=re.escape(message)) as info:
        parse_query(term, seed_analysis.lexicons)
    assert info.value.exit_code == 2
    assert message in str(info.value)


@pytest.mark.parametrize(("term", "kind"), [
    ("conflict.kinetic", "category"), ("actors.killing_term", "category"),
    ("feature:label", "feature"), ("feature: hedge", "feature"),
    ("kinetic", "literal"), ("U.S.", "literal"), ("e.g", "literal"), ("Conflict.Kinetic", "literal"),
])
def test_query_kinds(seed_analysis, term: str, kind: str):
    assert parse_query(term, seed_analysis.lexicons).kind == kind


def test_parent_category_query_lists_its_sub_categories(seed_analysis):
    query = parse_query("conflict.kinetic", seed_analysis.lexicons)
    assert query.categories == {"kinetic", "kinetic_operations", "kinetic_violence",
                                "kinetic_forces", "kinetic_casualties"}
    assert "sub-categories" in query.describe()


def test_punctuated_literal():
    # Word edges are checked where the term has a letter: "U.S." is also the start of "U.S.A."
    # (its words U and S are whole there too), but not of "US".
    doc = plain_document("Talks with the U.S. failed, the U.S.A. said. US troops left.")
    hits = list(kwic([doc], parse_query("u.s.", _no_lexicons())))
    assert [(h.keyword, h.right[:2]) for h in hits] == [("U.S.", " f"), ("U.S.", "A.")]
    assert [h.keyword for h in kwic([doc], parse_query("u.s", _no_lexicons()))] == ["U.S", "U.S"]


# -- streaming and tables ----------------------------------------------------------------------

def test_kwic_streams_document_by_document():
    def documents():
        yield plain_document("the army came", doc_id="a")
        raise AssertionError("the second document was read before the first hit was used")

    hits = kwic(documents(), parse_query("army", _no_lexicons()))
    assert next(hits).doc == "a"


def test_kwic_frame(seed_analysis):
    frame = kwic_frame(kwic(seed_analysis.documents,
                            parse_query("feature:hedge", seed_analysis.lexicons)))
    assert tuple(frame.columns) == KWIC_COLUMNS
    assert len(frame) == len(hits_for(seed_analysis, "feature:hedge")) > 0
    assert set(frame["feature"]) == {"hedge"}
    empty = kwic_frame([])
    assert tuple(empty.columns) == KWIC_COLUMNS and empty.empty


def _no_lexicons():
    from framing.lexicon.registry import LexiconSet

    return LexiconSet()


# -- the command -------------------------------------------------------------------------------

def test_text_output_is_aligned_with_the_keyword_in_one_column(run_cli, seed_analysis):
    result = run_cli("kwic", "milit*", SEEDS, "--width", "30")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    hits = hits_for(seed_analysis, "milit*", width=30)
    assert len(lines) == len(hits)
    outlet_width = max(len(h.outlet) for h in hits)
    column = outlet_width + 2 + 30 + 2
    for line, hit in zip(lines, hits, strict=True):
        assert line.startswith(hit.outlet)
        assert line[column:column + len(hit.keyword)] == hit.keyword
        assert line[column - 2:column] == "  "
    assert f"{len(hits)} hit(s) for 'milit*'" in result.stderr


def test_csv_output_is_the_library_table(run_cli, seed_analysis):
    result = run_cli("kwic", "conflict.kinetic", SEEDS, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False, dtype=str)
    expected = kwic_frame(hits_for(seed_analysis, "conflict.kinetic")).fillna("").astype(str)
    assert tuple(frame.columns) == KWIC_COLUMNS
    pd.testing.assert_frame_equal(frame, expected)


def test_jsonl_output(run_cli, seed_analysis):
    result = run_cli("kwic", "feature:hedge", "--format", "jsonl", "--quiet")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    hits = hits_for(seed_analysis, "feature:hedge")
    assert [(r["doc"], r["start"], r["keyword"]) for r in records] == [
        (h.doc, h.start, h.keyword) for h in hits]
    assert result.stderr == ""  # --quiet: not even the bundled-seeds note


HOSTILE = ('He said "stop, now", then <script>alert(1)</script> and [bold]army[/bold] moved;\n'
           "the army's :smile: units, 'quoted', \"doubled\"\nand a comma, here.")


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    lines = [json.dumps({"id": "h<1>", "outlet": '[bold red]Da,"wn"[/]', "text": HOSTILE}),
             json.dumps({"id": "plain", "outlet": "Geo", "text": ARTICLE})]
    return write(tmp_path / "hostile.jsonl", "\n".join(lines) + "\n")


def test_csv_round_trips_hostile_text(run_cli, hostile: Path, tmp_path: Path):
    out = tmp_path / "hits.csv"
    result = run_cli("kwic", "army", hostile, "--format", "csv", "--out", out, "--width", "200")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    frame = pd.read_csv(out, keep_default_na=False)
    assert len(frame) == 2
    assert set(frame["outlet"]) == {'[bold red]Da,"wn"[/]'}
    assert set(frame["doc"]) == {"h<1>"}
    first = frame.iloc[0]
    assert first["left"] == collapse('He said "stop, now", then <script>alert(1)</script> and '
                                     "[bold]")
    assert first["keyword"] == "army"
    assert first["right"].startswith("[/bold] moved; the army's :smile: units, 'quoted', "
                                     '"doubled" and a comma, here.')
    # Context is on one line: no cell holds a line break, so the file has three lines.
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_markup_in_text_and_names_is_printed_literally(run_cli, hostile: Path):
    result = run_cli("kwic", "army", hostile, "--by-outlet", "--width", "80")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count('[bold red]Da,"wn"[/]') == 2
    assert "[bold]" in result.stdout and "[/bold]" in result.stdout
    assert ":smile:" in result.stdout and "<script>" in result.stdout
    assert 'hits per outlet: Geo 0, [bold red]Da,"wn"[/] 2' in result.stderr


def test_by_outlet_counts_every_outlet(run_cli, seed_analysis):
    result = run_cli("kwic", "terrorist attacks", SEEDS, "--by-outlet")
    assert result.exit_code == 0
    counts = {o: 0 for o in {d.document.outlet for d in seed_analysis.documents}}
    for hit in hits_for(seed_analysis, "terrorist attacks"):
        counts[hit.outlet] += 1
    assert 0 in counts.values()  # an outlet without a hit is listed too
    line = ", ".join(f"{o} {n}" for o, n in sorted(counts.items()))
    assert f"hits per outlet: {line}" in result.stderr


def test_limit(run_cli):
    result = run_cli("kwic", "the", SEEDS, "--limit", "3", "--by-outlet")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 3
    assert "stopped at --limit" in result.stderr
    assert "hits per outlet (stopped at --limit): Source A 3" in result.stderr
    assert run_cli("kwic", "the", SEEDS, "--limit", "0").exit_code == 2


def test_zero_hits_is_success_with_a_message(run_cli):
    result = run_cli("kwic", "zeppelin", SEEDS, "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [",".join(KWIC_COLUMNS)]
    assert "no hits for 'zeppelin' in 5 document(s)" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["conflict.kinetik"], "did you mean conflict.kinetic"),
    (["feature:hedgez"], "did you mean feature:hedge"),
    ([""], "empty search term"),
    (["army", "--format", "xml"], "xml"),
    (["army", "--width", "-1"], "--width"),
])
def test_usage_errors_exit_2(run_cli, args: list[str], message: str):
    result = run_cli("kwic", *args[:1], SEEDS, *args[1:])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_nothing_readable_exits_2(run_cli, tmp_path: Path):
    empty = write(tmp_path / "empty.txt", "")
    result = run_cli("kwic", "army", empty)
    assert result.exit_code == 2
    assert "nothing to search" in result.stderr


def test_skipped_inputs_exit_1_with_the_hits(run_cli, tmp_path: Path):
    good = write(tmp_path / "c" / "good.txt", "Raid near Kech\n\n" + ARTICLE)
    empty = write(tmp_path / "c" / "empty.txt", "")
    result = run_cli("kwic", "raided", good, empty)
    assert result.exit_code == 1
    assert "skipped:" in result.stderr and "raided" in result.stdout


def test_stdin(run_cli):
    result = run_cli("kwic", "officials", "-", "--format", "jsonl", input=ARTICLE.encode())
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["keyword"] == "Officials"


def test_out_replaces_the_file_only_on_success(run_cli, tmp_path: Path, monkeypatch):
    out = tmp_path / "hits.csv"
    good = "a good earlier result\n"
    out.write_text(good)
    empty = write(tmp_path / "in" / "empty.txt", "")
    assert run_cli("kwic", "army", empty, "--out", out).exit_code == 2  # nothing readable
    assert out.read_text() == good

    calls = []
    real = pipeline_module.analyze_document

    def failing(document, **kwargs):
        calls.append(document.id)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(document, **kwargs)

    monkeypatch.setattr(pipeline_module, "analyze_document", failing)
    result = run_cli("kwic", "the", SEEDS, "--out", out, "--format", "csv")
    assert result.exit_code != 0
    assert out.read_text() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hits.csv", "in"]  # no temp file left

    monkeypatch.setattr(pipeline_module, "analyze_document", real)
    result = run_cli("kwic", "the", SEEDS, "--out", out, "--format", "csv")
    assert result.exit_code == 0
    assert len(pd.read_csv(out)) > 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hits.csv", "in"]


def test_out_to_a_folder_is_a_usage_error(run_cli, tmp_path: Path):
    result = run_cli("kwic", "army", SEEDS, "--out", tmp_path)
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_text_out_file_is_plain_text(run_cli, tmp_path: Path):
    out = tmp_path / "sub" / "hits.txt"
    result = run_cli("kwic", "Balochistan", SEEDS, "--out", out, "--limit", "4")
    assert result.exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and all("  Balochistan  " in line for line in lines)
    assert "\x1b" not in out.read_text(encoding="utf-8")
