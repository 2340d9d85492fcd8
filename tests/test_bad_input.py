"""Regressions for hostile and unusual input found in review: nothing may be dropped silently,
and no input may crash the whole run."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from conftest import ARTICLE, SEEDS, write
from framing import load_corpus
from framing.output import AnalysisWriter
from framing.text import segment as segment_module
from framing.text.clean import clean_text


def test_jsonl_row_without_the_text_field_skips_only_that_row(tmp_path: Path):
    path = write(tmp_path / "p.jsonl", "\n".join([
        json.dumps({"id": "a", "text": ARTICLE}), json.dumps({"id": "b", "body_missing": 1}),
        json.dumps({"id": "c", "text": ARTICLE}), json.dumps({"id": "d", "text": ARTICLE})]))
    corpus = load_corpus(path, columns=None)
    assert [d.id for d in corpus] == ["a", "c", "d"]
    (skip,) = corpus.skipped
    assert skip.source.line == 2 and "no text column" in skip.reason and "'body_missing'" in skip.reason


def test_a_named_column_missing_from_some_json_records_is_just_empty(tmp_path: Path):
    from framing import ColumnMap

    path = write(tmp_path / "p.jsonl", "\n".join([
        json.dumps({"text": ARTICLE, "paper": "Dawn"}), json.dumps({"text": ARTICLE})]))
    corpus = load_corpus(path, columns=ColumnMap(outlet="paper"))
    assert [d.outlet for d in corpus] == ["Dawn", tmp_path.name]  # the file's folder


@pytest.mark.parametrize(("name", "content"), [
    ("header.csv", "text,outlet\n"),
    ("noheader.csv", "headline,outlet\n"),
    ("empty.jsonl", ""),
    ("blank.jsonl", "\n\n  \n"),
    ("array.json", "[]"),
])
def test_tables_without_rows_are_reported(tmp_path: Path, name: str, content: str):
    corpus = load_corpus(write(tmp_path / name, content))
    assert corpus.documents == []
    (skip,) = corpus.skipped
    assert skip.source.path.endswith(name)
    assert "empty" in skip.reason or "no documents" in skip.reason


def test_symlinked_folders_are_followed_and_broken_links_reported(tmp_path: Path):
    write(tmp_path / "real" / "dawn" / "a.txt", ARTICLE)
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "dawn").symlink_to(tmp_path / "real" / "dawn")
    (corpus_dir / "loop").symlink_to(corpus_dir)
    (corpus_dir / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    corpus = load_corpus(corpus_dir)
    assert [(d.id, d.outlet) for d in corpus] == [("dawn/a", "dawn")]
    (skip,) = corpus.skipped
    assert skip.source.path.endswith("gone.txt") and "broken symbolic link" in skip.reason


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("deep.json", "[" * 100_000 + "]" * 100_000, "unreadable JSON (RecursionError"),
    ("bigint.jsonl", '{"text": "a", "n": ' + "9" * 5000 + "}", "unreadable JSON (ValueError"),
    ("bad.jsonl.gz", b"\x1f\x8b\x08\x00garbage-not-deflate", "cannot read"),
])
def test_pathological_files_are_skipped_not_fatal(tmp_path: Path, name, content, reason):
    good = write(tmp_path / "good.txt", ARTICLE)
    corpus = load_corpus([good, write(tmp_path / name, content)])
    assert [d.id for d in corpus] == ["good"]
    (skip,) = corpus.skipped
    assert reason in skip.reason


def test_a_column_named_text_line_is_ordinary_metadata(tmp_path: Path):
    path = write(tmp_path / "t.csv", f'text,text_line\n"{ARTICLE}",banana\n')
    (doc,) = load_corpus(path)
    assert doc.meta == {"text_line": "banana"} and doc.text_line == 1


def test_non_string_text_names_its_type(tmp_path: Path):
    path = write(tmp_path / "t.jsonl", json.dumps({"text": ["a", "list"]}))
    (skip,) = load_corpus(path).skipped
    assert skip.reason == "the text in column 'text' is a list, not a string"


def test_utf8_bom_is_dropped_even_with_an_explicit_encoding(tmp_path: Path):
    path = write(tmp_path / "bom.csv", ("\ufefftext,outlet\n" + f'"{ARTICLE}",Dawn\n').encode())
    (doc,) = load_corpus(path, encoding="utf-8")
    assert doc.outlet == "Dawn"


def test_short_legacy_file_with_a_stray_control_byte_is_text(tmp_path: Path):
    path = write(tmp_path / "short.txt", "Caf\xe9 \x81 \x1b closed.".encode("latin-1"))
    (doc,) = load_corpus(path)
    assert doc.text.startswith("Café")


def test_front_matter_keys_differing_only_in_case_are_an_error(tmp_path: Path):
    path = write(tmp_path / "a.md", f"---\nTitle: A\ntitle: B\n---\n{ARTICLE}")
    (skip,) = load_corpus(path).skipped
    assert "key 'title' twice" in skip.reason and skip.source.line == 2


@pytest.mark.parametrize(("manifest", "message"), [
    ("file,outlet\n../outside.txt,Dawn\n", "outside the manifest's folder"),
    ("file,outlet\na.txt,Dawn,extra\n", "row has 3 cells but the header has 2"),
    ("file,outlet,Outlet\na.txt,Dawn,Geo\n", "named twice: outlet"),
])
def test_manifest_problems_are_usage_errors(run_cli, tmp_path: Path, manifest, message):
    write(tmp_path / "c" / "a.txt", ARTICLE)
    write(tmp_path / "outside.txt", ARTICLE)
    write(tmp_path / "c" / "manifest.csv", manifest)
    result = run_cli("analyze", tmp_path / "c")
    assert result.exit_code == 2 and message in result.stderr


def test_explicit_manifest_may_name_files_elsewhere(tmp_path: Path):
    article = write(tmp_path / "corpus" / "a.txt", ARTICLE)
    manifest = write(tmp_path / "meta" / "m.csv", "file,outlet\n../corpus/a.txt,Dawn\n")
    (doc,) = load_corpus(article, manifest=manifest)
    assert doc.outlet == "Dawn"


def test_binary_manifest_is_a_usage_error(run_cli, tmp_path: Path):
    manifest = write(tmp_path / "m.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_cli("analyze", SEEDS, "--manifest", manifest)
    assert result.exit_code == 2 and "cannot read manifest: binary file" in result.stderr


def test_short_lines_in_hard_wrapped_text_are_not_merged():
    raw = ("Security forces in Balochistan said on Tuesday that an\n"
           "operation near Kech had ended after two days of clashes\n"
           "with armed men, officials in the provincial capital said.\n\n"
           "Key facts\n"
           "Two days of clashes\n"
           "Four men detained\n\n"
           "Residents said the road to Turbat was closed for most of\n"
           "the week and that shops in the bazaar stayed shut until\n"
           "Friday.\n")
    paragraphs = clean_text(raw).text.split("\n\n")
    assert paragraphs[1:4] == ["Key facts", "Two days of clashes", "Four men detained"]
    assert paragraphs[0].endswith("provincial capital said.")


def test_segmenter_falls_back_when_punkt_times_out(monkeypatch):
    class Stuck:
        def span_tokenize(self, text):
            raise TimeoutError("regex timed out")

    monkeypatch.setattr(segment_module, "_punkt", lambda: Stuck())
    text = "Troops left. Then “Quiet.” And 5 more followed."
    assert [s.text for s in segment_module.segment(text)] == [
        "Troops left.", "Then “Quiet.”", "And 5 more followed."]


def test_abort_removes_temporary_files_even_when_closing_fails(tmp_path: Path):
    writer = AnalysisWriter(tmp_path)
    for handle in writer._files.values():
        handle.write("x")
        real_close = handle.close

        def failing_close(real_close=real_close):
            real_close()
            raise OSError(28, "No space left on device")

        handle.close = failing_close  # type: ignore[method-assign]
    writer.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_place_of_an_output_file_fails_before_any_work(run_cli, tmp_path: Path):
    out = tmp_path / "out"
    (out / "sentences.jsonl").mkdir(parents=True)
    write(out / "documents.csv", "keep\n")
    result = run_cli("analyze", SEEDS, "--out", out)
    assert result.exit_code == 2 and "sentences.jsonl in the output folder is a folder" in result.stderr
    assert (out / "documents.csv").read_text() == "keep\n"


def test_meta_with_missing_values_is_valid_json(run_cli, tmp_path: Path):
    frame = pd.DataFrame({"text": [ARTICLE], "score": [float("nan")]})
    frame.to_parquet(tmp_path / "t.parquet", index=False)
    assert run_cli("analyze", tmp_path / "t.parquet", "--out", tmp_path / "out").exit_code == 0
    meta = pd.read_csv(tmp_path / "out" / "documents.csv").loc[0, "meta"]
    assert json.loads(meta) == {"score": None}


def test_gz_text_file(tmp_path: Path):
    path = write(tmp_path / "a.txt.gz", gzip.compress(ARTICLE.encode()))
    (doc,) = load_corpus(path)
    assert (doc.id, doc.text) == ("a", ARTICLE)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_given_directly_is_refused_clearly(run_cli, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_cli("analyze", fifo)
    assert result.exit_code == 2 and "not a regular file or folder" in result.stderr


# -- Parquet files of the wrong shape --------------------------------------------------------

def _parquet(path: Path, columns: dict) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table(columns), path)
    return path


def _parquet_with_two_text_columns(path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_arrays([pa.array([ARTICLE]), pa.array(["x"])],
                                        names=["text", "text"]), path)
    return path


def _damaged_parquet(path: Path, how: str) -> Path:
    whole = _parquet(path, {"text": [ARTICLE] * 3}).read_bytes()
    return write(path, whole[:len(whole) // 2] if how == "truncated" else b"")


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: _parquet(p, {"headline": ["A"], "body_missing": [ARTICLE]}),
     "no text column; columns found: 'headline', 'body_missing' (name the column that holds "
     "the article text with --text-col)"),
    (lambda p: _parquet(p, {"text": [1, 2], "body": [ARTICLE, ARTICLE]}),
     "the text column 'text' holds int64 values, not text (name the column that holds the "
     "article text with --text-col; the others are 'body')"),
    (lambda p: _parquet(p, {"text": [["a", "b"], ["c"]]}),
     "the text column 'text' holds list<element: string> values, not text (store the article "
     "text in it as strings)"),
    (lambda p: _parquet(p, {"text": [{"body": ARTICLE}]}),
     "the text column 'text' holds struct<body: string> values, not text"),
    (lambda p: _parquet(p, {"text": [None, None]}), "the text column 'text' holds only missing "
     "values"),
    (lambda p: _parquet(p, {"text": pd.Series([], dtype=str)}),
     "no documents: the Parquet file has no rows"),
    (lambda p: _damaged_parquet(p, "truncated"),
     "not a readable Parquet file: Parquet magic bytes not found in footer"),
    (lambda p: _damaged_parquet(p, "empty"), "not a readable Parquet file: Parquet file size "
     "is 0 bytes (it may be truncated or damaged: export or download it again)"),
    (_parquet_with_two_text_columns, "the text column 'text' appears 2 times in the file "
     "(give each column its own name)"),
], ids=["no-text-column", "integers", "lists", "records", "all-missing", "no-rows",
        "truncated", "zero-bytes", "two-text-columns"])
def test_a_parquet_file_of_the_wrong_shape_is_one_clear_error(run_cli, tmp_path: Path, make,
                                                               message):
    bad = make(tmp_path / "bad.parquet")
    result = run_cli("analyze", bad, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.stderr
    # One reason for the file (not one per row), naming it, then the run's error.
    assert result.stderr.count("skipped:") == 1 and "Traceback" not in result.stderr
    assert f"skipped: {bad}: {message}" in result.stderr
    assert "error: nothing to analyse" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_parquet_file_damaged_part_way_keeps_the_rows_before_and_names_the_row(
        run_cli, tmp_path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "big.parquet"
    pq.write_table(pa.table({"text": [f"{ARTICLE} Number {n}." for n in range(5000)]}), path,
                   row_group_size=1000, compression="snappy")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 2000] = b"A" * 2000  # the footer, at the end, is intact
    path.write_bytes(bytes(data))
    corpus = load_corpus(path)
    (skip,) = corpus.skipped
    assert "cannot read this row or any after it" in skip.reason
    assert "the rows before it were read" in skip.reason
    assert 0 < len(corpus.documents) == skip.source.line - 1 < 5000
    result = run_cli("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"skipped: {path}:{skip.source.line}: cannot read this row" in result.stderr


@pytest.mark.parametrize("command", ["analyze", "compare", "exercise"])
def test_a_failed_run_leaves_no_empty_output_folder_it_created(run_cli, tmp_path: Path,
                                                               command):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    new = tmp_path / "new" / "deeper"
    result = run_cli(command, empty, "--out", new)
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "new").exists()  # both folders it made are gone again
    existing = tmp_path / "existing"
    existing.mkdir()
    assert run_cli(command, empty, "--out", existing).exit_code == 2
    assert existing.is_dir() and not any(existing.iterdir())  # the user's folder stays


@pytest.mark.parametrize("command", ["analyze", "compare", "exercise"])
def test_an_output_folder_that_cannot_be_made_leaves_none_of_its_parents(run_cli,
                                                                          tmp_path: Path,
                                                                          command):
    """Making the folders stops part way (a name too long for the file system): the parents
    made before it are removed again, as after any other failure."""
    new = tmp_path / "new" / ("x" * 300)
    result = run_cli(command, SEEDS, "--out", new)
    assert result.exit_code == 2, result.stderr
    assert "cannot write to the output folder" in result.stderr
    assert not (tmp_path / "new").exists()
