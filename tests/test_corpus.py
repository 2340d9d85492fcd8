"""Ingestion: every supported source format, metadata precedence, manifests, ids."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from conftest import ARTICLE, SEEDS, write
from framing import ColumnMap, load_corpus
from framing.errors import UsageError


def test_seeds_load_with_manifest_ids_and_outlets():
    corpus = load_corpus(SEEDS)
    assert [d.id for d in corpus] == [f"seed-00{i}" for i in range(5)]
    assert [d.outlet for d in corpus] == [f"Source {c}" for c in "ABCDE"]
    assert corpus.skipped == [] and corpus.notes == []


def test_without_manifest_outlet_falls_back_to_file_name():
    corpus = load_corpus(SEEDS, use_manifests=False)
    assert [d.outlet for d in corpus] == [p.stem for p in sorted(SEEDS.glob("*.txt"))]
    assert all(d.title is None and d.author is None for d in corpus)


def test_outlet_precedence(tmp_path: Path):
    root = tmp_path / "corpus"
    write(root / "dawn" / "a.txt", ARTICLE)                                   # folder name
    write(root / "dawn" / "b.txt", "---\noutlet: Dawn News\n---\n" + ARTICLE)  # front matter
    write(root / "dawn" / "c.txt", ARTICLE)                                   # manifest
    write(root / "d.txt", ARTICLE)                                            # file name
    write(root / "manifest.csv", "file,outlet\ndawn/c.txt,From Manifest\ndawn/b.txt,Loses\n")
    outlets = {d.id: d.outlet for d in load_corpus(root)}
    assert outlets == {"dawn/a": "dawn", "dawn/b": "Dawn News", "dawn/c": "From Manifest",
                       "d": "d"}


def test_files_named_directly_take_their_folder_as_outlet(tmp_path: Path):
    a = write(tmp_path / "geo" / "x.txt", ARTICLE)
    b = write(tmp_path / "dawn" / "y.txt", ARTICLE)
    assert [d.outlet for d in load_corpus([a, b])] == ["geo", "dawn"]


def test_front_matter_metadata_and_text_line(tmp_path: Path):
    path = write(tmp_path / "a.md", "---\ntitle: Raid in Kech\nauthor: Jane Doe\n"
                 "date: 2026-02-11\nurl: https://example.org/a\ntopic: security\n---\n" + ARTICLE)
    (doc,) = load_corpus(path)
    assert (doc.title, doc.author, doc.date, doc.url) == (
        "Raid in Kech", "Jane Doe", "2026-02-11", "https://example.org/a")
    assert doc.meta == {"topic": "security"}
    assert doc.text_line == 8  # removals are reported with file lines
    assert doc.text == ARTICLE


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".json", ".parquet", ".jsonl.gz"])
def test_tables_with_auto_detected_columns(tmp_path: Path, suffix: str):
    frame = pd.DataFrame({
        "headline": ["Raid in Kech", "Talks in Quetta"],
        "Content": [ARTICLE, "Leaders met in Quetta. They agreed to talk again."],
        "media_name": ["Dawn", "Geo"],
        "stories_id": ["s1", "s2"],
        "bias": ["center", "left"],
    })
    path = tmp_path / f"news{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".tsv":
        frame.to_csv(path, index=False, sep="\t")
    elif suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    elif suffix == ".jsonl.gz":
        path.write_bytes(gzip.compress(frame.to_json(orient="records", lines=True).encode()))
    elif suffix == ".json":
        frame.to_json(path, orient="records", force_ascii=False)
    else:
        frame.to_parquet(path, index=False)
    corpus = load_corpus(path)
    assert [(d.id, d.outlet, d.title) for d in corpus] == [
        ("s1", "Dawn", "Raid in Kech"), ("s2", "Geo", "Talks in Quetta")]
    assert corpus.documents[0].text == ARTICLE
    assert corpus.documents[1].meta == {"bias": "left"}
    assert corpus.skipped == []


def test_explicit_column_mapping_and_row_ids(tmp_path: Path):
    path = write(tmp_path / "t.csv", "words,paper\n\"" + ARTICLE + "\",Dawn\n")
    columns = ColumnMap(text="words", outlet="paper")
    (doc,) = load_corpus(path, columns=columns)
    assert (doc.id, doc.outlet, doc.source.line) == ("t-1", "Dawn", 2)


def test_csv_with_quoted_newlines_and_semicolons(tmp_path: Path):
    path = write(tmp_path / "t.csv", 'text;outlet\n"First line.\nSecond; line.";Dawn\n"B.";Geo\n')
    corpus = load_corpus(path)
    assert [d.text for d in corpus] == ["First line.\nSecond; line.", "B."]
    assert [d.source.line for d in corpus] == [2, 4]


def test_duplicate_ids_are_made_unique_and_reported(tmp_path: Path):
    path = write(tmp_path / "t.jsonl", "\n".join(json.dumps({"id": "x", "text": ARTICLE})
                                                 for _ in range(3)))
    corpus = load_corpus(path)
    assert [d.id for d in corpus] == ["x", "x_2", "x_3"]
    assert len(corpus.notes) == 2
    assert "duplicate document id 'x'" in corpus.notes[0] and "t.jsonl:2" in corpus.notes[0]


def test_stdin_text_and_jsonl():
    (doc,) = load_corpus("-", stdin=io.BytesIO(ARTICLE.encode()))
    assert (doc.id, doc.outlet, doc.source.path, doc.text) == ("stdin", "stdin", "<stdin>", ARTICLE)
    lines = b'{"text": "A.", "outlet": "Dawn"}\n{"text": "B.", "outlet": "Geo"}\n'
    corpus = load_corpus("-", stdin=io.BytesIO(lines))
    assert [d.outlet for d in corpus] == ["Dawn", "Geo"]


def test_html_main_text_and_metadata_are_extracted(tmp_path: Path):
    paragraphs = "".join(f"<p>{ARTICLE} Paragraph {i} adds detail about the raid.</p>"
                         for i in range(4))
    html = (
        "<html><head><title>Raid in Kech | Dawn</title>"
        '<meta property="og:site_name" content="Dawn">'
        '<meta name="author" content="Jane Doe"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Raid in Kech</h1>{paragraphs}</article>"
        "<script>alert('x')</script><footer>© Dawn 2026</footer></body></html>"
    )
    (doc,) = load_corpus(write(tmp_path / "page.html", html))
    assert "Troops raided a compound" in doc.text
    assert "alert" not in doc.text and "Home" not in doc.text
    assert doc.outlet == "Dawn" and doc.author == "Jane Doe"


def test_html_without_trafilatura_gives_install_hint(tmp_path: Path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "trafilatura":
            raise ImportError("no trafilatura")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    corpus = load_corpus(write(tmp_path / "page.html", "<html><p>Hi.</p></html>"))
    (skip,) = corpus.skipped
    assert "framing-analyzer[html]" in skip.reason


def test_manifest_naming_a_missing_file_is_noted(tmp_path: Path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "manifest.csv", "file,outlet\na.txt,Dawn\ngone.txt,Geo\n")
    corpus = load_corpus(tmp_path)
    assert [d.outlet for d in corpus] == ["Dawn"]
    assert corpus.notes == [f"{tmp_path / 'manifest.csv'}:3: manifest names 'gone.txt', "
                            "which does not exist"]


@pytest.mark.parametrize(("content", "message"), [
    ("name,outlet\na.txt,Dawn\n", "no 'file' column"),
    ("file,outlet,colour\na.txt,Dawn,red\n", "unknown manifest column(s): 'colour'"),
    ("file,outlet\na.txt,Dawn\na.txt,Geo\n", "listed twice"),
])
def test_malformed_manifest_is_a_usage_error_naming_the_line(tmp_path: Path, content, message):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "manifest.csv", content)
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_corpus(tmp_path)


def test_unsupported_files_in_folders_are_counted_in_a_note(tmp_path: Path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "photo.jpg", b"\xff\xd8\xff")
    write(tmp_path / ".hidden.txt", ARTICLE)
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 1
    assert corpus.notes == ["ignored 1 file(s) of unsupported types in input folders: .jpg x1"]


def test_manifests_in_subfolders_apply_and_the_nearer_one_wins(tmp_path: Path):
    write(tmp_path / "dawn" / "a.txt", ARTICLE)
    write(tmp_path / "dawn" / "b.txt", ARTICLE)
    write(tmp_path / "manifest.csv", "file,outlet,title\ndawn/a.txt,Root Outlet,Root Title\n")
    write(tmp_path / "dawn" / "manifest.csv", "file,outlet\na.txt,Dawn\nb.txt,Dawn\n")
    docs = {d.id: (d.outlet, d.title) for d in load_corpus(tmp_path)}
    assert docs == {"dawn/a": ("Dawn", "Root Title"), "dawn/b": ("Dawn", None)}
