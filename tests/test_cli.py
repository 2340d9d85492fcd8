"""The analyze command end to end: output contract, exit codes, and every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import ARTICLE, SEEDS, write
from framing import pipeline as pipeline_module
from framing.output import DOCUMENT_COLUMNS
from framing.profile import profile_columns


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- the seeds -----------------------------------------------------------------------------

@pytest.mark.parametrize("manifest", [True, False], ids=["manifest", "extracted"])
def test_seeds_analyse_into_the_documented_tables(run_cli, tmp_path: Path, manifest: bool):
    args = ["analyze", SEEDS, "--out", tmp_path] + ([] if manifest else ["--no-manifest"])
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    docs = pd.read_csv(tmp_path / "documents.csv", keep_default_na=False)
    assert tuple(docs.columns[:len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    fixed = len(DOCUMENT_COLUMNS) + len(profile_columns())
    assert list(docs.columns[len(DOCUMENT_COLUMNS):fixed]) == profile_columns()
    lexicon_columns = list(docs.columns[fixed:])
    assert lexicon_columns and lexicon_columns[1::2] == [c + ".per_1k" for c in lexicon_columns[::2]]
    assert len(docs) == 5
    by_file = {Path(row["path"]).name[:3]: row for row in docs.to_dict("records")}
    # Metadata is found in the text itself, with or without the manifest.
    assert by_file["002"]["author"] == "Mushtaq Yusufzai"
    assert by_file["003"]["author"] == "Daniel Green"
    assert by_file["004"]["date"] == "2026-02-11"
    assert by_file["001"]["removed"] == 12  # 10 repeated blocks, the title, "Latest Post"
    sentences = read_jsonl(tmp_path / "sentences.jsonl")
    assert {"doc", "index", "start", "end", "text"} <= set(sentences[0])
    texts_001 = [s["text"] for s in sentences if s["doc"] == by_file["001"]["id"]]
    assert len(texts_001) == len(set(texts_001)) == by_file["001"]["sentences"]
    assert sum(docs["sentences"]) == len(sentences)
    removals = read_jsonl(tmp_path / "removals.jsonl")
    assert len(removals) == sum(docs["removed"])
    assert {r["kind"] for r in removals} >= {"repeated", "byline", "author block", "date line",
                                             "title", "site furniture"}
    assert (tmp_path / "skipped.jsonl").read_text() == ""
    # Data on stdout (the written files), the summary on stderr.
    assert sorted(Path(p).name for p in result.stdout.split()) == [
        "documents.csv", "removals.jsonl", "sentences.jsonl", "skipped.jsonl", "texts.jsonl"]
    # Offsets can be checked from the outputs alone: they point into texts.jsonl.
    texts = {r["doc"]: r["text"] for r in read_jsonl(tmp_path / "texts.jsonl")}
    assert set(texts) == set(docs["id"])
    for s in sentences:
        assert texts[s["doc"]][s["start"]:s["end"]] == s["text"]
    assert ("total" in result.stderr and "Source" in result.stderr) or not manifest


def test_manifest_outlets_in_summary(run_cli):
    result = run_cli("analyze", SEEDS)
    assert result.exit_code == 0
    for label in ("Source A", "Source E"):
        assert label in result.stderr
    assert result.stdout == ""  # no --out, no files, nothing on stdout


def test_verbose_lists_every_removal(run_cli):
    result = run_cli("analyze", SEEDS, "--verbose")
    assert result.stderr.count("removed line") == 20
    assert "removed line 22 (site furniture" in result.stderr


def test_no_input_analyses_the_bundled_seeds(run_cli):
    result = run_cli("analyze")
    assert result.exit_code == 0
    assert "bundled demo corpus" in result.stderr and "Source C" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_other_table_formats(run_cli, tmp_path: Path, fmt: str):
    result = run_cli("analyze", SEEDS, "--out", tmp_path, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    path = tmp_path / f"documents.{fmt}"
    frame = pd.read_json(path, lines=True) if fmt == "jsonl" else pd.read_parquet(path)
    assert tuple(frame.columns[:len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS and len(frame) == 5
    assert "conflict.kinetic" in frame.columns


def test_quiet_prints_no_summary(run_cli):
    result = run_cli("analyze", SEEDS, "--quiet")
    assert result.exit_code == 0 and result.stderr == ""


def test_version(run_cli):
    from framing import __version__

    result = run_cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"framing {__version__}"


# -- bad input: each case from the issue ------------------------------------------------------

def test_empty_and_whitespace_only_files_are_skipped_and_named(run_cli, tmp_path: Path):
    good = write(tmp_path / "good.txt", ARTICLE)
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", " \n\t\n  ")
    result = run_cli("analyze", good, empty, blank, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"skipped: {empty}: empty file" in result.stderr
    assert f"skipped: {blank}: no text: only whitespace" in result.stderr
    assert "3 documents read, 1 analysed, 2 skipped (listed below)" in result.stderr
    skipped = read_jsonl(tmp_path / "out" / "skipped.jsonl")
    assert [s["path"] for s in skipped] == [str(empty), str(blank)]


def test_only_empty_input_is_nothing_analysable(run_cli, tmp_path: Path):
    result = run_cli("analyze", write(tmp_path / "empty.txt", ""), "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "nothing to analyse" in result.stderr
    assert not (tmp_path / "out" / "documents.csv").exists()


def test_binary_file_with_txt_name_is_refused(run_cli, tmp_path: Path):
    good = write(tmp_path / "good.txt", ARTICLE)
    binary = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = run_cli("analyze", good, binary)
    assert result.exit_code == 1
    assert f"skipped: {binary}: binary file: a PNG image" in result.stderr


def test_cp1252_file_with_curly_quotes_is_read_correctly(run_cli, tmp_path: Path):
    text = "The army called it a “clearance initiative” – officials’ words."
    path = write(tmp_path / "legacy.txt", text.encode("cp1252"))
    result = run_cli("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    (sentence,) = read_jsonl(tmp_path / "out" / "sentences.jsonl")
    assert sentence["text"] == text
    docs = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert docs.loc[0, "encoding"] == "cp1252"


def test_utf16_file_is_read_correctly(run_cli, tmp_path: Path):
    text = "Pakistan’s army said 145 militants were “neutralised”."
    path = write(tmp_path / "wide.txt", text.encode("utf-16"))
    result = run_cli("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert read_jsonl(tmp_path / "out" / "sentences.jsonl")[0]["text"] == text


def test_csv_without_text_column_lists_columns_and_option(run_cli, tmp_path: Path):
    path = write(tmp_path / "t.csv", "headline,paper\nRaid,Dawn\n")
    result = run_cli("analyze", path)
    assert result.exit_code == 2  # the only input: nothing analysable
    assert "no text column; columns found: 'headline', 'paper'" in result.stderr
    assert "--text-col" in result.stderr and str(path) in result.stderr


def test_unknown_text_column_option_is_reported(run_cli, tmp_path: Path):
    path = write(tmp_path / "t.csv", "body,paper\nRaid.,Dawn\n")
    result = run_cli("analyze", path, "--text-col", "article")
    assert result.exit_code == 2
    assert f"{path}:1: no column 'article' (given with --text-col); columns found: 'body', " \
           "'paper'" in result.stderr


def test_csv_row_with_empty_text_is_skipped_with_its_line(run_cli, tmp_path: Path):
    path = write(tmp_path / "t.csv", f'text,outlet\n"{ARTICLE}",Dawn\n"",Geo\n"{ARTICLE}",Geo\n')
    result = run_cli("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"skipped: {path}:3: empty text in column 'text'" in result.stderr
    docs = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert list(docs["id"]) == ["t-1", "t-3"]


def test_jsonl_malformed_line_is_named_and_other_lines_analysed(run_cli, tmp_path: Path):
    lines = [json.dumps({"id": "a", "text": ARTICLE}), '{"id": "b", "text": "unterminated',
             json.dumps({"id": "c", "text": ARTICLE}), "[1, 2]"]
    path = write(tmp_path / "t.jsonl", "\n".join(lines) + "\n")
    result = run_cli("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"skipped: {path}:2: malformed JSON" in result.stderr
    assert f"skipped: {path}:4: expected a JSON object, found list" in result.stderr
    assert list(pd.read_csv(tmp_path / "out" / "documents.csv")["id"]) == ["a", "c"]


def test_csv_with_unclosed_quote_names_the_line(run_cli, tmp_path: Path):
    path = write(tmp_path / "t.csv", f'text,outlet\n"{ARTICLE}",Dawn\n"broken,Geo\n')
    result = run_cli("analyze", path)
    assert result.exit_code == 1
    assert f"{path}:3: malformed CSV" in result.stderr


def test_duplicate_ids_are_made_unique_and_reported(run_cli, tmp_path: Path):
    path = write(tmp_path / "t.jsonl", "\n".join(json.dumps({"id": "x", "text": ARTICLE})
                                                 for _ in range(2)))
    result = run_cli("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "duplicate document id 'x'" in result.stderr and "renamed to 'x_2'" in result.stderr
    assert list(pd.read_csv(tmp_path / "out" / "documents.csv")["id"]) == ["x", "x_2"]


def test_folder_with_no_supported_files(run_cli, tmp_path: Path):
    folder = tmp_path / "pics"
    write(folder / "a.jpg", b"\xff\xd8\xff")
    result = run_cli("analyze", folder)
    assert result.exit_code == 2
    assert f"skipped: {folder}: no supported files in this folder" in result.stderr
    good = write(tmp_path / "good.txt", ARTICLE)
    assert run_cli("analyze", good, folder).exit_code == 1


def test_missing_path_is_a_usage_error(run_cli, tmp_path: Path):
    result = run_cli("analyze", tmp_path / "nope.txt")
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'nope.txt'}: no such file or folder" in result.stderr


def test_unwritable_output_directory_is_a_usage_error(run_cli, tmp_path: Path):
    blocker = write(tmp_path / "file", "x")
    result = run_cli("analyze", SEEDS, "--out", blocker / "out")
    assert result.exit_code == 2
    assert "cannot write to the output folder" in result.stderr and "--out" in result.stderr


def test_strict_turns_a_skip_into_failure_and_writes_nothing(run_cli, tmp_path: Path):
    good = write(tmp_path / "good.txt", ARTICLE)
    empty = write(tmp_path / "empty.txt", "")
    result = run_cli("analyze", good, empty, "--out", tmp_path / "out", "--strict")
    assert result.exit_code == 1
    assert "--strict" in result.stderr
    assert not (tmp_path / "out").exists()  # nothing written, and the folder it made removed


def test_a_failed_run_leaves_earlier_outputs_intact(run_cli, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    assert run_cli("analyze", SEEDS, "--out", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []
    real = pipeline_module.analyze_document

    def failing(document):
        calls.append(document.id)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(document)

    monkeypatch.setattr(pipeline_module, "analyze_document", failing)
    result = run_cli("analyze", SEEDS, "--out", out)
    assert result.exit_code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp files either


def test_an_engine_that_loses_a_document_fails_the_run(run_cli, tmp_path: Path, monkeypatch):
    # Every engine must return one result per input item: a shortfall is an error, not a
    # smaller output.
    real = pipeline_module.iter_analyze

    def lossy(documents, **options):
        for number, item in enumerate(real(documents, **options), start=1):
            if number != 3:
                yield item

    monkeypatch.setattr(pipeline_module, "iter_analyze", lossy)
    out = write(tmp_path / "out" / "documents.csv", "old\n").parent
    result = run_cli("analyze", SEEDS, "--out", out)
    assert result.exit_code == 2
    assert ("error: 5 documents went into the local engine but 4 results came out; nothing "
            "was written") in result.stderr
    assert [p.name for p in out.iterdir()] == ["documents.csv"]
    assert (out / "documents.csv").read_text() == "old\n"


def test_hostile_metadata_is_written_as_data(run_cli, tmp_path: Path):
    path = write(tmp_path / "t.jsonl", json.dumps({
        "id": "<script>alert(1)</script>", "outlet": "[bold red]Dawn[/]", "text": ARTICLE}))
    result = run_cli("analyze", path, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert "[bold red]Dawn[/]" in result.stderr  # printed literally, not as Rich markup
    docs = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert docs.loc[0, "id"] == "<script>alert(1)</script>"


def test_stdin(run_cli, tmp_path: Path):
    result = run_cli("analyze", "-", "--out", tmp_path, input=ARTICLE.encode())
    assert result.exit_code == 0, result.stderr
    docs = pd.read_csv(tmp_path / "documents.csv")
    assert (docs.loc[0, "id"], docs.loc[0, "path"], docs.loc[0, "sentences"]) == (
        "stdin", "<stdin>", 2)


def test_stdin_pretty_printed_json_object(run_cli, tmp_path: Path):
    data = json.dumps({"id": "p", "outlet": "Dawn", "text": ARTICLE}, indent=2)
    result = run_cli("analyze", "-", "--out", tmp_path, input=data.encode())
    assert result.exit_code == 0, result.stderr
    assert list(pd.read_csv(tmp_path / "documents.csv")["outlet"]) == ["Dawn"]


@pytest.mark.parametrize(("args", "message"), [
    (["-", "-"], "- (stdin) is given more than once"),
    (["--encoding", "klingon"], "unknown encoding 'klingon'"),
    (["--quiet", "--verbose"], "--quiet and --verbose exclude each other"),
])
def test_usage_errors_before_any_work(run_cli, args: list[str], message: str):
    result = run_cli("analyze", *(args if args[0] == "-" else [str(SEEDS), *args]), input=b"")
    assert result.exit_code == 2
    assert message in result.stderr
