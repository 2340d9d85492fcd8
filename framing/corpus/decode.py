"""Turn the bytes of a text file into ``str``: UTF-8 (with or without BOM), UTF-16/32 with BOM,
and legacy single-byte text (cp1252, else latin-1); refuse binary files instead of decoding them
into garbage."""

from __future__ import annotations

import codecs
import re

from framing.errors import InputError

# Order matters: the UTF-32 LE mark starts with the UTF-16 LE mark.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Formats people feed to text tools by mistake, recognised by their first bytes.
_SIGNATURES = (
    (b"%PDF", "a PDF file", "extract its text first, e.g. with pdftotext"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.odt)", "unpack it or save the text as .txt"),
    (b"\x1f\x8b", "gzip-compressed data", "name it with a .gz ending (e.g. .jsonl.gz) or unpack it"),
    (b"\x89PNG", "a PNG image", "remove it from the inputs"),
    (b"\xff\xd8\xff", "a JPEG image", "remove it from the inputs"),
    (b"GIF8", "a GIF image", "remove it from the inputs"),
    (b"{\\rtf", "an RTF document", "save it as plain text"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls)", "save it as plain text"),
)

# Control characters other than tab, newlines and form feeds (C0, DEL and C1). Text files hardly
# ever hold them; binary data is full of them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Share of control characters above which decoded text is taken to be binary data; a few stray
# ones (an ESC, a C1 byte in a short legacy file) are tolerated whatever the length.
_MAX_CONTROL_SHARE = 0.01
_NUL_HINT = ("if it is UTF-16 text without a byte-order mark, pass --encoding utf-16-le (or "
             "utf-16-be), or re-save it as UTF-8")
_TOLERATED_CONTROLS = 3


def decode_text(data: bytes, *, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding_used)``; raise ``InputError`` for binary or undecodable data.

    With ``encoding`` given, that codec is used strictly. Otherwise a byte-order mark decides;
    then strict UTF-8; then cp1252 (Windows "smart quotes" text), falling back to latin-1 for the
    five bytes cp1252 leaves undefined.
    """
    if encoding:
        try:
            # A byte-order mark is not text, whichever codec the user names.
            return data.decode(encoding).removeprefix("\ufeff"), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=path,
                             hint="use a Python codec name such as utf-8, cp1252, latin-1") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} at byte {exc.start}", path=path,
                             hint="check --encoding, or leave it out to detect the encoding") from None

    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _check_not_binary(data.decode(codec), path), codec
            except UnicodeDecodeError as exc:
                raise InputError(f"starts with a {codec} byte-order mark but is not valid {codec} "
                                 f"(byte {exc.start})", path=path,
                                 hint="re-save the file as UTF-8") from None

    for signature, what, todo in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"binary file: {what}, not text", path=path, hint=todo)
    if b"\x00" in data:
        raise InputError("binary file: contains NUL bytes", path=path, hint=_NUL_HINT)

    try:
        return _check_not_binary(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text, used = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, used = data.decode("latin-1"), "latin-1"
    return _check_not_binary(text, path), used


def _check_not_binary(text: str, path: str) -> str:
    if not text:
        return text
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > _TOLERATED_CONTROLS and controls / len(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"binary file: {controls} control characters in {len(text)}", path=path,
                         hint="give text files (.txt, .md, .html) or tables (.csv, .jsonl, .parquet)")
    return text


def check_lines_sample(data: bytes, *, path: str) -> None:
    """Raise ``InputError`` when the start of a line-by-line file (JSONL) is binary data, by the
    rules ``decode_text`` applies to a whole file; each line is decoded alone (UTF-8, else cp1252
    or latin-1), so one legacy-encoded line among UTF-8 ones is not taken for binary data."""
    for signature, what, todo in _SIGNATURES:
        if data.startswith(signature):
            raise InputError(f"binary file: {what}, not text", path=path, hint=todo)
    if b"\x00" in data:
        raise InputError("binary file: contains NUL bytes", path=path, hint=_NUL_HINT)
    lines = []
    for raw in data.split(b"\n"):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                lines.append(raw.decode("cp1252"))
            except UnicodeDecodeError:
                lines.append(raw.decode("latin-1"))
    _check_not_binary("\n".join(lines), path)
