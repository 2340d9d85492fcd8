"""Tabular sources (CSV, TSV, JSONL, JSON, Parquet): rows with a column mapping onto document
fields, auto-detecting common column names, and naming the line of every bad row."""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from framing.corpus.decode import decode_text
from framing.errors import InputError

# Document fields a table can fill, and the column names recognised for each when the user names
# none (compared case-insensitively, first match wins).
COLUMN_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "full_text", "fulltext", "maintext",
             "article_text", "story", "content_original", "body_text"),
    "outlet": ("outlet", "source", "media_name", "media", "outlet_name", "publisher",
               "publication", "source_name", "news_source", "sitename", "site", "domain"),
    "id": ("id", "doc_id", "document_id", "article_id", "stories_id", "uid", "guid"),
    "title": ("title", "headline", "heading"),
    "author": ("author", "authors", "byline", "writer"),
    "date": ("date", "publish_date", "published", "published_at", "pub_date",
             "publication_date", "date_publish", "datetime", "timestamp"),
    "url": ("url", "link", "source_url", "href"),
}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article bodies exceed the 128 KiB default


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column holds each document field; ``None`` means auto-detect."""

    text: str | None = None
    outlet: str | None = None
    id: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None


def resolve_columns(columns: list[str], mapping: ColumnMap, *, path: str,
                    line: int | None = None, strict: bool = True) -> dict[str, str | None]:
    """Map each document field to one of ``columns``; raise if the text column cannot be found.

    With ``strict`` (tables with a header), a column named by an option must exist; without it
    (JSON records, whose keys vary from row to row) a missing optional column is just empty.
    """
    by_lower = {str(column).strip().lower(): column for column in columns}
    resolved: dict[str, str | None] = {}
    for spec in fields(ColumnMap):
        wanted = getattr(mapping, spec.name)
        if wanted is not None:
            column = wanted if wanted in columns else by_lower.get(wanted.strip().lower())
            if column is None and (strict or spec.name == "text"):
                raise InputError(f"no column {wanted!r} (given with --{spec.name}-col); "
                                 f"columns found: {_listing(columns)}", path=path, line=line)
        else:
            column = next((by_lower[name] for name in COLUMN_CANDIDATES[spec.name]
                           if name in by_lower), None)
        resolved[spec.name] = column
    if resolved["text"] is None:
        raise InputError(f"no text column; columns found: {_listing(columns)}", path=path,
                         line=line, hint="name the column that holds the article text with --text-col")
    return resolved


def _listing(columns: list[str]) -> str:
    return ", ".join(repr(str(c)) for c in columns) if columns else "(none)"


def cell_to_str(value: Any) -> str | None:
    """A table cell as text: ``None`` for missing values (None, NaN, empty string)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):  # e.g. an "authors" list
        parts = [part for v in value if (part := cell_to_str(v))]
        return ", ".join(parts) or None
    text = str(value).strip()
    return text or None


# A row as read: its line (CSV/JSONL/JSON) or row number (Parquet), and either the record or the
# reason it could not be read.
Row = tuple[int, Mapping[str, Any] | None, str | None]


def iter_csv_rows(text: str, *, path: str, delimiter: str) -> Iterator[Row]:
    """Rows of a CSV/TSV table. A malformed row that the CSV parser cannot resynchronise after
    (an unclosed quote) ends the file with an error naming its line."""
    first_line = text.split("\n", 1)[0]
    if delimiter == "," and first_line.count(";") > first_line.count(","):
        delimiter = ";"  # spreadsheet exports in many locales
    # newline="" lets the csv module see quoted line breaks; str.splitlines would also split on
    # U+2028 and friends inside cells.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(f"malformed CSV header: {exc}", path=path, line=1) from None
    if not header or not any(cell.strip() for cell in header):
        raise InputError("empty table (no header row)", path=path, line=1)
    header = [cell.strip() for cell in header]
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield previous_end + 1, None, (f"malformed CSV ({exc}); this row and the rest of the "
                                           "file were not read — check the quoting near this line")
            return
        line = previous_end + 1
        previous_end = reader.line_num
        if not cells or not any(cell.strip() for cell in cells):
            continue  # blank line between rows
        if len(cells) != len(header):
            yield line, None, (f"row has {len(cells)} fields but the header has {len(header)} — "
                               "check for an unquoted delimiter in a cell")
            continue
        yield line, dict(zip(header, cells, strict=True)), None


def jsonl_row(line_no: int, line: str) -> Row | None:
    """One JSONL line as a row (None for a blank line)."""
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return line_no, None, f"malformed JSON ({exc.msg} at column {exc.colno})"
    except (ValueError, RecursionError) as exc:  # 4,300+ digit numbers, deep nesting
        return line_no, None, f"unreadable JSON ({type(exc).__name__}: {str(exc)[:80]})"
    if not isinstance(record, dict):
        return line_no, None, f"expected a JSON object, found {type(record).__name__}"
    return line_no, record, None


def iter_jsonl_rows(text: str) -> Iterator[Row]:
    # Split on "\n" only: U+2028 may stand unescaped inside a JSON string.
    for line_no, line in enumerate(text.split("\n"), start=1):
        if (row := jsonl_row(line_no, line)) is not None:
            yield row


def iter_jsonl_lines(lines: Iterable[bytes], *, path: str) -> Iterator[Row]:
    """Rows from the lines of a JSONL file read one at a time, so a file of any size is read in
    bounded memory. Lines are UTF-8 (the JSON Lines format says so); a line that is not is
    decoded as the whole-file reader would decode a legacy file (cp1252, else latin-1)."""
    for line_no, raw in enumerate(lines, start=1):
        if line_no == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line, _ = decode_text(raw, path=path)
            except InputError as exc:
                yield line_no, None, exc.message
                continue
        if (row := jsonl_row(line_no, line)) is not None:
            yield row


def iter_json_rows(text: str, *, path: str) -> Iterator[Row]:
    """A JSON file: an array of objects, an object holding such an array under ``documents``,
    ``articles``, ``data``, ``items`` or ``records``, or a single object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON ({exc.msg} at column {exc.colno})", path=path,
                         line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:  # 4,300+ digit numbers, deep nesting
        raise InputError(f"unreadable JSON ({type(exc).__name__}: {str(exc)[:80]})",
                         path=path) from None
    if isinstance(data, dict):
        for key in ("documents", "articles", "data", "items", "records"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise InputError("expected a JSON array of objects", path=path)
    for number, record in enumerate(data, start=1):
        if isinstance(record, dict):
            yield number, record, None
        else:
            yield number, None, f"item {number} is {type(record).__name__}, not a JSON object"


_PARQUET_DAMAGED = "it may be truncated or damaged: export or download it again"


class ParquetTable:
    """A Parquet file opened for reading: its columns and their types from the footer, then its
    rows. A file that cannot be opened raises ``InputError``; data that turns out damaged part
    way ends the rows with a row naming where (the rows before it stand)."""

    def __init__(self, path: str) -> None:
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError("reading Parquet needs pyarrow", path=path,
                             hint="pip install 'framing-analyzer[parquet]'") from None
        self.path = path
        try:
            self._file = pq.ParquetFile(path)
            self.schema = self._file.schema_arrow
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise InputError(f"not a readable Parquet file: {exc}", path=path,
                             hint=_PARQUET_DAMAGED) from None
        self.columns: list[str] = list(self.schema.names)
        self.row_count: int = self._file.metadata.num_rows

    def check_text_column(self, column: str) -> None:
        """Raise ``InputError`` unless ``column`` holds text (strings, possibly
        dictionary-encoded): a column of numbers, lists or records cannot be analysed, and
        saying so once beats skipping every row of the file."""
        import pyarrow as pa

        fields = self.schema.get_all_field_indices(column)
        if len(fields) > 1:  # a row would keep only one of them, silently
            raise InputError(f"the text column {column!r} appears {len(fields)} times in the "
                             "file", path=self.path, hint="give each column its own name")
        kind = self.schema.field(fields[0]).type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        if pa.types.is_string(kind) or pa.types.is_large_string(kind) or (
                hasattr(pa.types, "is_string_view") and pa.types.is_string_view(kind)):
            return
        what = ("only missing values" if pa.types.is_null(kind) else
                f"binary values ({kind}), not text" if pa.types.is_binary(kind)
                or pa.types.is_large_binary(kind) else f"{kind} values, not text")
        others = [name for name in self.columns if name != column]
        raise InputError(f"the text column {column!r} holds {what}", path=self.path,
                         hint=f"name the column that holds the article text with --text-col; "
                         f"the others are {_listing(others)}" if others else
                         "store the article text in it as strings")

    def rows(self) -> Iterator[Row]:
        import pyarrow as pa

        number = 0
        try:
            for batch in self._file.iter_batches(batch_size=1024):
                for record in batch.to_pylist():
                    number += 1
                    yield number, record, None
        except (OSError, ValueError, OverflowError, pa.ArrowException) as exc:
            yield number + 1, None, (f"cannot read this row or any after it: {exc} — the "
                                     f"rows before it were read; {_PARQUET_DAMAGED}")


def iter_parquet_rows(path: str) -> Iterator[Row]:
    """The rows of a Parquet file (see ``ParquetTable``)."""
    return ParquetTable(path).rows()
