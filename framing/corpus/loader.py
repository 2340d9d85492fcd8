"""From the paths a user gives (files, folders, ``-`` for stdin) to ``Document`` objects: find
the files, read each by its format, apply manifests, settle ids and outlets, and account for
everything that could not be read."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from framing.corpus.decode import check_lines_sample, decode_text
from framing.corpus.files import FileContent, read_html_file, read_text_file
from framing.corpus.manifest import FIELDS as METADATA_FIELDS
from framing.corpus.manifest import MANIFEST_NAME, Manifest, read_manifest
from framing.corpus.tables import (
    ColumnMap,
    ParquetTable,
    Row,
    cell_to_str,
    iter_csv_rows,
    iter_json_rows,
    iter_jsonl_lines,
    iter_jsonl_rows,
    resolve_columns,
)
from framing.errors import InputError, UsageError
from framing.model import Document, Skipped, Source

FORMATS_BY_SUFFIX = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".parquet": "parquet",
}
TABULAR_FORMATS = {"csv", "tsv", "jsonl", "json", "parquet"}
SCHEMALESS_FORMATS = {"jsonl", "json"}  # keys may differ from record to record
STDIN_FORMATS = ("auto", "txt", "md", "html", "csv", "tsv", "jsonl", "json")
SUPPORTED_ENDINGS = ", ".join([*FORMATS_BY_SUFFIX, "(and .gz of these but .parquet)"])
STDIN = "-"
STDIN_NAME = "<stdin>"


def detect_format(path: Path) -> str | None:
    """The format of a file from its name: ``article.txt`` -> txt, ``news.jsonl.gz`` -> jsonl."""
    name = path.name.lower()
    compressed = name.endswith(".gz")
    fmt = FORMATS_BY_SUFFIX.get(Path(name[:-3] if compressed else name).suffix)
    return None if compressed and fmt == "parquet" else fmt


@dataclass(frozen=True, slots=True)
class _InputFile:
    path: Path
    root: Path | None  # the folder argument it was found under, if any


@dataclass(slots=True)
class Corpus:
    """Documents read from the inputs, what could not be read, and notes about both."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)


def load_corpus(inputs: str | Path | Sequence[str | Path], **options: Any) -> Corpus:
    """Read every document from files, folders (recursively) and ``-`` (stdin).

    Options are those of ``CorpusReader``. Nothing is dropped silently: unreadable inputs are in
    ``Corpus.skipped`` with the reason, renamed ids and ignored files in ``Corpus.notes``.
    """
    reader = CorpusReader(inputs, **options)
    corpus = Corpus()
    for item in reader:
        if isinstance(item, Document):
            corpus.documents.append(item)
        else:
            corpus.skipped.append(item)
    corpus.notes = reader.notes
    return corpus


class CorpusReader:
    """Streams ``Document`` and ``Skipped`` items from inputs, in input order, folders sorted.

    Paths that do not exist raise ``UsageError`` on construction, before any work is done.
    """

    def __init__(self, inputs: str | Path | Sequence[str | Path], *,
                 columns: ColumnMap | None = None, manifest: str | Path | None = None,
                 use_manifests: bool = True, encoding: str | None = None,
                 stdin_format: str = "auto", stdin: BinaryIO | None = None) -> None:
        if isinstance(inputs, str | Path):
            inputs = [inputs]
        if stdin_format not in STDIN_FORMATS:
            raise UsageError(f"unknown stdin format {stdin_format!r}",
                             hint=f"use one of {', '.join(STDIN_FORMATS)}")
        if encoding is not None:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise UsageError(f"unknown encoding {encoding!r}",
                                 hint="use a Python codec name such as utf-8, cp1252, "
                                      "utf-16-le") from None
        if sum(str(given) == STDIN for given in inputs) > 1:
            raise UsageError("- (stdin) is given more than once")
        self.columns = columns or ColumnMap()
        self.encoding = encoding
        self.stdin_format = stdin_format
        self.notes: list[str] = []
        self._stdin = stdin
        self._use_manifests = use_manifests
        self._manifests: dict[Path, Manifest | None] = {}
        self._explicit_manifest = (read_manifest(Path(manifest), allow_outside=True)
                                   if manifest else None)
        if self._explicit_manifest:
            self._report_missing(self._explicit_manifest)
        self._seen_ids: dict[str, str] = {}
        self._ignored: Counter[str] = Counter()
        self._plan: list[_InputFile | Skipped | str] = list(self._expand(inputs))
        if self._ignored:
            kinds = ", ".join(f"{ext or '(no ending)'} x{n}" for ext, n in self._ignored.most_common())
            self.notes.append(f"ignored {sum(self._ignored.values())} file(s) of unsupported types "
                              f"in input folders: {kinds}")

    # -- finding inputs ---------------------------------------------------------------------

    def _expand(self, inputs: Iterable[str | Path]) -> Iterator[_InputFile | Skipped | str]:
        for given in inputs:
            if str(given) == STDIN:
                yield STDIN
                continue
            path = Path(given)
            if path.is_dir():
                found = False
                for file in _walk(path):
                    if isinstance(file, Skipped):
                        yield file
                        continue
                    if file.name == MANIFEST_NAME:
                        continue
                    if detect_format(file) is None:
                        self._ignored[file.suffix.lower()] += 1
                        continue
                    found = True
                    yield _InputFile(file, root=path)
                if not found:
                    yield Skipped(Source(str(path), format="folder"),
                                  f"no supported files in this folder (looked for {SUPPORTED_ENDINGS})")
            elif path.is_file():
                yield _InputFile(path, root=None)
            elif path.exists():
                raise UsageError("not a regular file or folder", path=str(path))
            else:
                raise UsageError("no such file or folder", path=str(path),
                                 hint="check the path; use - to read from stdin")

    # -- reading ----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Document | Skipped]:
        for item in self._plan:
            if isinstance(item, Skipped):
                yield item
            elif isinstance(item, str):  # STDIN
                yield from self._read_stdin()
            else:
                yield from self._read_file(item)

    def _read_stdin(self) -> Iterator[Document | Skipped]:
        stream = self._stdin if self._stdin is not None else sys.stdin.buffer
        data = stream.read()
        fmt = self.stdin_format
        if fmt == "auto":
            fmt = _sniff(data)
        yield from self._read_data(data, fmt=fmt, shown=STDIN_NAME, file=None, root=None)

    def _read_file(self, item: _InputFile) -> Iterator[Document | Skipped]:
        shown = str(item.path)
        fmt = detect_format(item.path)
        if fmt is None:
            yield Skipped(Source(shown, format="unknown"),
                          f"unsupported file type {item.path.suffix or '(no ending)'!r}; "
                          f"supported: {SUPPORTED_ENDINGS}")
            return
        if fmt == "parquet":
            yield from self._read_parquet(item, shown)
            return
        if fmt == "jsonl" and (self.encoding or "utf-8").lower().replace("_", "-") in (
                "utf-8", "utf8"):
            yield from self._stream_jsonl(item, shown)
            return
        try:
            data = item.path.read_bytes()
            if item.path.name.lower().endswith(".gz"):
                data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            yield Skipped(Source(shown, format=fmt), f"cannot read: {reason}")
            return
        yield from self._read_data(data, fmt=fmt, shown=shown, file=item.path, root=item.root)

    def _read_parquet(self, item: _InputFile, shown: str) -> Iterator[Document | Skipped]:
        """A Parquet file, its columns checked once from its schema before any row is read:
        a missing text column or one that does not hold text is one reason for the file, not
        one per row."""
        try:
            table = ParquetTable(shown)
            if not table.row_count:
                yield Skipped(Source(shown, format="parquet"),
                              "no documents: the Parquet file has no rows")
                return
            mapping = resolve_columns(table.columns, self.columns, path=shown)
            table.check_text_column(str(mapping["text"]))
        except InputError as exc:
            yield Skipped(Source(shown, format="parquet"), _reason(exc))
            return
        yield from self._documents_from_rows(table.rows(), fmt="parquet", shown=shown,
                                             file=item.path, root=item.root)

    def _stream_jsonl(self, item: _InputFile, shown: str) -> Iterator[Document | Skipped]:
        """A JSONL file (or .jsonl.gz) read line by line, so memory does not grow with the file:
        a 1 GB export streams like a small one. The first 64 kB are checked as the whole-file
        reader checks a file (binary data, a UTF-16/32 byte-order mark); such a file is read
        whole, as before. A read error part-way keeps the documents already read and is
        reported as a skip at the line it happened."""
        opener = gzip.open if item.path.name.lower().endswith(".gz") else open
        line_count = 0

        def counted(handle: Iterable[bytes]) -> Iterator[bytes]:
            nonlocal line_count
            for line in handle:
                line_count += 1
                yield line

        try:
            with opener(item.path, "rb") as handle:
                sample = handle.read(65536)
                if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    handle.seek(0)
                    data = handle.read()
                    yield from self._read_data(data, fmt="jsonl", shown=shown, file=item.path,
                                               root=item.root)
                    return
                try:  # binary data is refused, as for any text file
                    check_lines_sample(sample[:sample.rfind(b"\n") + 1] or sample, path=shown)
                except InputError as exc:
                    yield Skipped(Source(shown, format="jsonl"), _reason(exc))
                    return
                handle.seek(0)
                rows = iter_jsonl_lines(counted(handle), path=shown)
                yield from self._documents_from_rows(rows, fmt="jsonl", shown=shown,
                                                     file=item.path, root=item.root,
                                                     encoding="utf-8")
        except (OSError, EOFError, zlib.error) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            line = line_count or None
            yield Skipped(Source(shown, line=line, format="jsonl"),
                          f"cannot read further: {reason}; the documents before this line were "
                          "read")

    def _read_data(self, data: bytes, *, fmt: str, shown: str, file: Path | None,
                   root: Path | None) -> Iterator[Document | Skipped]:
        try:
            if fmt in TABULAR_FORMATS:
                text, used = decode_text(data, path=shown, encoding=self.encoding)
                rows = _table_rows(text, fmt=fmt, shown=shown)
                yield from self._documents_from_rows(rows, fmt=fmt, shown=shown, file=file,
                                                     root=root, encoding=used)
                return
            reader = read_html_file if fmt == "html" else read_text_file
            content = reader(data, path=shown, encoding=self.encoding)
        except InputError as exc:
            yield Skipped(Source(shown, line=exc.line, format=fmt), _reason(exc))
            return
        if not content.text.strip():
            what = ("empty file" if not data else
                    "no text: only whitespace" if not content.text and not content.explicit
                    and not data.strip() else "no text: only whitespace or front matter")
            yield Skipped(Source(shown, format=fmt, encoding=content.encoding), what)
            return
        yield self._document_from_file(content, fmt=fmt, shown=shown, file=file, root=root)

    def _document_from_file(self, content: FileContent, *, fmt: str, shown: str,
                            file: Path | None, root: Path | None) -> Document:
        explicit = {k: v for k in METADATA_FIELDS if (v := cell_to_str(content.explicit.get(k)))}
        if "outlet" not in explicit and (v := cell_to_str(content.explicit.get("source"))):
            explicit["outlet"] = v
        from_manifest = self._manifest_values(file, root)
        extracted = {k: v for k, v in content.extracted.items() if v}
        if "sitename" in extracted:
            extracted.setdefault("outlet", extracted.pop("sitename"))
        fallback = {"id": _default_id(file, root), "outlet": _path_outlet(file, root, shown)}
        values = {**fallback, **extracted, **from_manifest, **explicit}
        meta = {k: v for k, v in content.explicit.items() if k not in METADATA_FIELDS}
        source = Source(shown, format=fmt, encoding=content.encoding)
        return self._make_document(values, text=content.text, source=source, meta=meta,
                                   text_line=content.first_line)

    def _documents_from_rows(self, rows: Iterator[Row], *, fmt: str, shown: str,
                             file: Path | None, root: Path | None,
                             encoding: str | None = None) -> Iterator[Document | Skipped]:
        default_outlet = _path_outlet(file, root, shown)
        stem = _stem(file) if file else "stdin"
        schemaless = fmt in SCHEMALESS_FORMATS
        mapping_cache: dict[tuple[str, ...], dict[str, str | None]] = {}
        produced = 0
        try:
            for number, (line, record, problem) in enumerate(rows, start=1):
                produced += 1
                source = Source(shown, line=line, format=fmt, encoding=encoding)
                if problem is not None or record is None:
                    yield Skipped(source, problem or "unreadable row")
                    continue
                keys = tuple(record.keys())
                if keys not in mapping_cache:
                    try:
                        mapping_cache[keys] = resolve_columns(
                            list(keys), self.columns, path=shown, strict=not schemaless,
                            line=line if schemaless else (1 if fmt != "parquet" else None))
                    except InputError as exc:
                        if schemaless:  # only this record lacks the text field
                            yield Skipped(source, _reason(exc))
                            continue
                        raise  # a table's header lacks it: every row does
                yield self._document_from_row(record, mapping_cache[keys], source=source,
                                              default_id=f"{stem}-{number}",
                                              default_outlet=default_outlet)
        except InputError as exc:
            yield Skipped(Source(shown, line=exc.line, format=fmt), _reason(exc))
            return
        if not produced:
            yield Skipped(Source(shown, format=fmt),
                          "no documents: the table is empty (or has only a header row)")

    def _document_from_row(self, record: Mapping[str, Any], mapping: dict[str, str | None], *,
                           source: Source, default_id: str,
                           default_outlet: str) -> Document | Skipped:
        text_column = mapping["text"]
        text = record.get(text_column) if text_column else None
        if text is not None and not isinstance(text, str):
            kind = type(text).__name__
            return Skipped(source, f"the text in column {text_column!r} is "
                                   f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}, not a string")
        if not text or not text.strip():
            return Skipped(source, f"empty text in column {text_column!r}")
        values: dict[str, str] = {"id": default_id, "outlet": default_outlet}
        for name, column in mapping.items():
            if name != "text" and column is not None and (value := cell_to_str(record.get(column))):
                values[name] = value
        used = {column for column in mapping.values() if column is not None}
        meta = {str(k): v for k, v in record.items() if k not in used}
        return self._make_document(values, text=text, source=source, meta=meta)

    def _make_document(self, values: dict[str, str], *, text: str, source: Source,
                       meta: dict[str, Any], text_line: int = 1) -> Document:
        doc_id = self._unique_id(values["id"], source)
        return Document(id=doc_id, outlet=values["outlet"], text=text, source=source,
                        title=values.get("title"), author=values.get("author"),
                        date=values.get("date"), url=values.get("url"), meta=meta,
                        text_line=text_line)

    def _unique_id(self, wanted: str, source: Source) -> str:
        if wanted not in self._seen_ids:
            self._seen_ids[wanted] = str(source)
            return wanted
        suffix = 2
        while f"{wanted}_{suffix}" in self._seen_ids:
            suffix += 1
        unique = f"{wanted}_{suffix}"
        self._seen_ids[unique] = str(source)
        self.notes.append(f"{source}: duplicate document id {wanted!r} (first used by "
                          f"{self._seen_ids[wanted]}) renamed to {unique!r}")
        return unique

    # -- manifests --------------------------------------------------------------------------

    def _manifest_values(self, file: Path | None, root: Path | None) -> dict[str, str]:
        if file is None:
            return {}
        values: dict[str, str] = {}
        if self._use_manifests:
            # Every folder from the folder argument down to the file's own may hold a manifest;
            # the nearer one wins.
            folders = [file.parent]
            if root is not None:
                folders = [root] + [root / p for p in _descending(file.parent.relative_to(root))]
            for folder in folders:
                manifest = self._manifest_in(folder)
                if manifest is not None:
                    values.update(manifest.lookup(file))
        if self._explicit_manifest is not None:
            values = {**values, **self._explicit_manifest.lookup(file)}
        return values

    def _manifest_in(self, folder: Path) -> Manifest | None:
        key = folder.resolve()
        if key not in self._manifests:
            candidate = folder / MANIFEST_NAME
            manifest = read_manifest(candidate) if candidate.is_file() else None
            self._manifests[key] = manifest
            if manifest is not None:
                self._report_missing(manifest)
        return self._manifests[key]

    def _report_missing(self, manifest: Manifest) -> None:
        for entry in manifest.missing_files():
            self.notes.append(f"{manifest.path}:{entry.line}: manifest names {entry.file!r}, "
                              "which does not exist")


def _walk(root: Path) -> Iterator[Path | Skipped]:
    """Files below ``root`` in sorted order, following symbolic links (each real folder once, so
    link loops end), passing over hidden files and folders; broken links are reported."""
    seen: set[str] = set()
    for folder, subfolders, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            subfolders[:] = []
            continue
        seen.add(real)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            if path.is_file():
                yield path
            elif path.is_symlink():
                yield Skipped(Source(str(path), format="link"),
                              "broken symbolic link (its target does not exist)")


def _sniff(data: bytes) -> str:
    """Format of stdin data: a JSON array or single object, JSON lines, HTML, else text."""
    start = data.lstrip()[:1]
    if start == b"[":
        return "json"
    if start == b"{":
        try:
            json.loads(data)
        except ValueError:
            return "jsonl"
        return "json"  # one (possibly pretty-printed) object
    return "html" if start == b"<" else "txt"


def _descending(relative: Path) -> list[Path]:
    """``a/b/c`` -> ``[a, a/b, a/b/c]``; ``.`` -> ``[]``."""
    parts = relative.parts
    return [Path(*parts[:i]) for i in range(1, len(parts) + 1)]


def _table_rows(text: str, *, fmt: str, shown: str) -> Iterator[Row]:
    if fmt in ("csv", "tsv"):
        return iter_csv_rows(text, path=shown, delimiter="\t" if fmt == "tsv" else ",")
    if fmt == "jsonl":
        return iter_jsonl_rows(text)
    return iter_json_rows(text, path=shown)


def _reason(exc: InputError) -> str:
    return f"{exc.message} ({exc.hint})" if exc.hint else exc.message


def _stem(file: Path) -> str:
    name = file.name[:-3] if file.name.lower().endswith(".gz") else file.name
    return Path(name).stem


def _default_id(file: Path | None, root: Path | None) -> str:
    """A file's id: its path below the folder argument without the ending, else its stem."""
    if file is None:
        return "stdin"
    if root is not None:
        relative = file.relative_to(root)
        return (relative.parent / _stem(file)).as_posix()
    return _stem(file)


def _path_outlet(file: Path | None, root: Path | None, shown: str) -> str:
    """Outlet when no metadata names one: the first folder below the folder argument
    (``corpus/<outlet>/...``), else the folder of a file named directly, else the file name."""
    if file is None:
        return "stdin"
    if root is not None:
        relative = file.relative_to(root)
        return relative.parts[0] if len(relative.parts) > 1 else _stem(file)
    parent = Path(shown).parent
    return parent.name if parent.name and parent != Path(".") else _stem(file)
