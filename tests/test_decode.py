"""Decoding: the encodings people's files really come in, and refusing binary data."""

from __future__ import annotations

import codecs

import pytest

from framing.corpus.decode import decode_text
from framing.errors import InputError

TEXT = "The “comprehensive clearance initiative” — Pakistan’s army said."


@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (TEXT.encode("utf-16"), "utf-16"),  # with BOM, little-endian here
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-32"), "utf-32"),
    (TEXT.encode("cp1252"), "cp1252"),
])
def test_text_in_common_encodings_is_read_exactly(data: bytes, encoding: str):
    assert decode_text(data, path="f.txt") == (TEXT, encoding)


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1():
    text = "caf\xe9 " * 40 + "\x81"  # 0x81 is undefined in cp1252
    assert decode_text(text.encode("latin-1"), path="f.txt") == (text, "latin-1")


def test_explicit_encoding_is_used_strictly():
    data = "Привет".encode("cp1251")
    assert decode_text(data, path="f.txt", encoding="cp1251") == ("Привет", "cp1251")
    with pytest.raises(InputError, match="not valid utf-8 at byte 0"):
        decode_text(data, path="f.txt", encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode_text(b"x", path="f.txt", encoding="klingon")


@pytest.mark.parametrize(("data", "message"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"hello\x00world\x00", "NUL bytes"),
    (bytes(range(1, 32)) * 20, "control characters"),
])
def test_binary_data_is_refused_not_decoded(data: bytes, message: str):
    with pytest.raises(InputError, match=message) as caught:
        decode_text(data, path="data/file.txt")
    assert str(caught.value).startswith("data/file.txt: binary file")
