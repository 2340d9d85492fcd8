"""JSONL files are read line by line (bounded memory for exports of any size) and give exactly
what reading the whole file gives: the same documents, the same skipped rows with the same line
numbers and reasons."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import write
from framing import load_corpus


def _summary(corpus) -> tuple[list, list]:
    docs = [(d.id, d.outlet, d.text, d.title, d.source.line) for d in corpus]
    skipped = [(s.source.line, s.reason) for s in corpus.skipped]
    return docs, skipped


LINES = [
    json.dumps({"id": "a", "outlet": "One", "text": "Troops raided a compound near Kech."}),
    "",
    "{not json",
    json.dumps(["a", "list"]),
    json.dumps({"id": "b", "outlet": "Two", "text": "Talks resumed \u2028 in the capital — “quietly”."}),
    json.dumps({"id": "c", "outlet": "Two", "text": ""}),
    json.dumps({"id": "d", "outlet": "One", "title": "T", "text": "Officials said four were held."}),
]


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_streamed_file_equals_the_whole_file_read(tmp_path, ending):
    data = (ending.join(LINES) + ending).encode("utf-8")
    path = write(tmp_path / "news.jsonl", data)
    streamed = _summary(load_corpus([path]))
    whole = _summary(load_corpus("-", stdin=io.BytesIO(data), stdin_format="jsonl"))
    assert streamed[0] == whole[0]
    assert streamed[1] == whole[1]
    assert [d[0] for d in streamed[0]] == ["a", "b", "d"]
    assert [line for line, _ in streamed[1]] == [3, 4, 6]


@given(st.lists(st.one_of(
    st.fixed_dictionaries({"text": st.text(min_size=1, max_size=40),
                           "outlet": st.text(min_size=1, max_size=8)}).map(json.dumps),
    st.text(max_size=20).filter(lambda s: "\n" not in s and "\r" not in s)), max_size=12))
def test_streaming_agrees_on_any_lines(tmp_path_factory, lines):
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path_factory.mktemp("s") / "x.jsonl"
    path.write_bytes(data)
    streamed = _summary(load_corpus([path]))
    whole = _summary(load_corpus("-", stdin=io.BytesIO(data), stdin_format="jsonl"))
    assert [d[2:] for d in streamed[0]] == [d[2:] for d in whole[0]]
    assert streamed[1] == whole[1] or not any(line.strip() for line in lines)


def test_gzip_and_byte_order_mark_stream_too(tmp_path):
    data = ("\n".join(LINES) + "\n").encode("utf-8")
    plain = _summary(load_corpus([write(tmp_path / "a.jsonl", data)]))
    gz = _summary(load_corpus([write(tmp_path / "b.jsonl.gz", gzip.compress(data))]))
    bom = _summary(load_corpus([write(tmp_path / "c.jsonl", b"\xef\xbb\xbf" + data)]))
    assert [d[2:] for d in gz[0]] == [d[2:] for d in plain[0]] == [d[2:] for d in bom[0]]


def test_a_legacy_encoded_line_is_decoded_alone(tmp_path):
    """Read whole, this file would be refused as binary (its UTF-8 bytes read as cp1252 are
    control characters); read by line, each line is decoded as what it is."""
    good = json.dumps({"text": "Troops said “yes”.", "outlet": "One"}, ensure_ascii=False)
    legacy = '{"text": "Caf\xe9 owners were questioned.", "outlet": "Two"}'.encode("cp1252")
    corpus = load_corpus([write(tmp_path / "m.jsonl", good.encode() + b"\n" + legacy + b"\n")])
    texts = [d.text for d in corpus]
    assert texts == ["Troops said “yes”.", "Café owners were questioned."]


def test_a_truncated_gzip_keeps_what_was_read_and_says_where_it_stopped(tmp_path):
    lines = [json.dumps({"text": f"Article number {i} about talks.", "outlet": "O"})
             for i in range(40_000)]  # well past the first 64 kB read to check the file
    packed = gzip.compress(("\n".join(lines) + "\n").encode())
    corpus = load_corpus([write(tmp_path / "cut.jsonl.gz", packed[: len(packed) // 2])])
    documents = list(corpus)
    assert 0 < len(documents) < 40_000
    (problem,) = corpus.skipped
    assert "cannot read further" in problem.reason and problem.source.line is not None


def test_binary_data_named_jsonl_is_refused(tmp_path):
    corpus = load_corpus([write(tmp_path / "x.jsonl", bytes(range(256)) * 50)])
    assert not list(corpus)
    assert "binary" in corpus.skipped[0].reason.lower()
