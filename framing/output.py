"""The output contract of ``framing analyze --out DIR``: a documents table (CSV, JSONL or
Parquet) with a count and a rate column per lexicon category, ``sentences.jsonl`` with each
sentence's matches, ``texts.jsonl`` with the cleaned texts all offsets point into,
``removals.jsonl`` and ``skipped.jsonl``.

Files are streamed to temporary names in DIR and renamed into place only when the run completes,
so a failed run never replaces good files with half-written ones.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from framing.attribution import Attribution
from framing.errors import UsageError
from framing.model import Evidence, Skipped
from framing.pipeline import AnalyzedDocument
from framing.profile import profile_columns, profile_row

TABLE_FORMATS = ("csv", "jsonl", "parquet")
OUTPUT_FILES = ("sentences.jsonl", "texts.jsonl", "removals.jsonl", "skipped.jsonl")
DOCUMENT_COLUMNS = ("id", "outlet", "title", "author", "date", "url", "path", "line", "format",
                    "encoding", "chars", "sentences", "tokens", "removed", "meta")
RATE_SUFFIX = ".per_1k"


def document_columns(lexicon_columns: Sequence[str] = ()) -> list[str]:
    """The documents table's columns: the fixed ones, the profile's (feature counts, indices
    with their intervals, mixes), then per lexicon category its count (``conflict.kinetic``)
    and its rate per 1,000 tokens (``conflict.kinetic.per_1k``)."""
    columns = list(DOCUMENT_COLUMNS) + profile_columns()
    for column in lexicon_columns:
        columns += [column, column + RATE_SUFFIX]
    return columns


def document_row(item: AnalyzedDocument, lexicon_columns: Sequence[str] = ()) -> dict[str, Any]:
    doc = item.document
    tokens = item.token_count
    rates: dict[str, Any] = {}
    for column in lexicon_columns:
        count = item.counts.get(column, 0)
        rates[column] = count
        rates[column + RATE_SUFFIX] = round(count * 1000 / tokens, 3) if tokens else 0.0
    return {
        "id": doc.id, "outlet": doc.outlet, "title": doc.title, "author": doc.author,
        "date": doc.date, "url": doc.url, "path": doc.source.path, "line": doc.source.line,
        "format": doc.source.format, "encoding": doc.source.encoding, "chars": len(item.text),
        "sentences": len(item.sentences), "tokens": item.token_count,
        "removed": len(item.removals), "meta": doc.meta,
        **(profile_row(item.profile) if item.profile else {}), **rates,
    }


def sentence_records(item: AnalyzedDocument) -> Iterator[dict[str, Any]]:
    """One record per sentence, with the lexicon matches it holds and its framing features:
    evidence spans, attributions and the spans in a voice other than the author's. All offsets
    point into the document's cleaned text (``texts.jsonl``)."""
    features = item.features or (None,) * len(item.sentences)
    for s, matches, f in zip(item.sentences, item.matches_by_sentence(), features, strict=True):
        record: dict[str, Any] = {
            "doc": item.document.id, "index": s.index, "start": s.start, "end": s.end,
            "text": s.text, "kind": s.kind, "tokens": len(s.tokens),
            "matches": [{"start": m.start, "end": m.end, "lexicon": m.lexicon,
                         "category": m.category, "term": m.term} for m in matches]}
        if f is not None:
            record["evidence"] = [_fields(e, _EVIDENCE_FIELDS) for e in f.evidence]
            record["attributions"] = [_fields(a, _ATTRIBUTION_FIELDS) for a in f.attributions]
            record["source_type"] = f.source_type
            record["quoted"] = [list(span) for span in f.quoted]
        yield record


# Flat records of frozen dataclasses of plain values: dataclasses.asdict deep-copies every
# field, which showed up in profiles of large runs.
_EVIDENCE_FIELDS = tuple(f.name for f in dataclasses.fields(Evidence))
_ATTRIBUTION_FIELDS = tuple(f.name for f in dataclasses.fields(Attribution))


def _fields(item: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(item, name) for name in names}


def removal_records(item: AnalyzedDocument) -> Iterator[dict[str, Any]]:
    for r in item.removals:
        yield {"doc": item.document.id, "path": item.document.source.path, "line": r.line,
               "kind": r.kind, "text": r.text, "reason": r.reason}


def skipped_record(item: Skipped) -> dict[str, Any]:
    return {"path": item.source.path, "line": item.source.line, "reason": item.reason}


def prepare_output_dir(path: Path) -> Path:
    """Create ``path`` if needed and prove it writable before any work is done."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        raise UsageError(f"cannot write to the output folder ({exc.strerror})", path=str(path),
                         hint="choose another folder with --out") from None
    return path


def missing_folders(path: Path) -> list[Path]:
    """The folders of ``path`` that do not exist yet, deepest first: what ``prepare_output_dir``
    will create, and what ``remove_empty`` takes away again after a failed run."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    return missing


def remove_empty(folders: Sequence[Path]) -> None:
    """Remove these folders (deepest first) while they are empty, so a run that failed or was
    stopped leaves no empty output folder behind; a folder holding anything stays."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            if os.path.isdir(folder):
                return  # it holds something: so do the folders above it
            # never made (making the folders stopped above it): on to its parent


@contextlib.contextmanager
def output_folder(path: Path | None) -> Iterator[Path | None]:
    """``prepare_output_dir`` for the work inside the block (nothing when ``path`` is None);
    folders it created are removed again if the block leaves them empty, as a failed or
    stopped run does."""
    if path is None:
        yield None
        return
    created = missing_folders(path)
    try:
        prepare_output_dir(path)  # may fail part way, having made some of the folders
        yield path
    finally:
        remove_empty(created)


def default_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _json_safe(value: Any) -> Any:
    """NaN and infinities (pandas' missing values) become null: JSON has no NaN."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def to_json(value: Any) -> str:
    return json.dumps(_json_safe(value), ensure_ascii=False, default=str, allow_nan=False)


def _json_line(record: dict[str, Any]) -> str:
    return to_json(record) + "\n"


class AnalysisWriter:
    """Streams analysis results into an output folder; files appear only on ``commit``."""

    def __init__(self, out: Path, *, table_format: str = "csv",
                 lexicon_columns: Sequence[str] = ()) -> None:
        if table_format not in TABLE_FORMATS:
            raise UsageError(f"unknown table format {table_format!r}",
                             hint=f"use one of {', '.join(TABLE_FORMATS)}")
        if table_format == "parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise UsageError("--format parquet needs pyarrow",
                                 hint="pip install 'framing-analyzer[parquet]'") from None
        self._created = missing_folders(out)
        self.out = out
        self._table_name = f"documents.{table_format}"
        self.table_format = table_format
        self.lexicon_columns = list(lexicon_columns)
        self.columns = document_columns(self.lexicon_columns)
        self._pending: dict[Path, Path] = {}  # final path -> temporary path
        self._files: dict[str, IO[str]] = {}
        self._rows: list[dict[str, Any]] = []  # Parquet is written in one go at the end
        self._csv: csv.DictWriter[str] | None = None
        try:  # nobody can abort a writer that failed to start: it cleans up after itself
            prepare_output_dir(out)
            self._check_targets()
            if table_format == "csv":
                handle = self._files[self._table_name] = self._open(self._table_name)
                self._csv = csv.DictWriter(handle, fieldnames=self.columns, lineterminator="\n")
                self._csv.writeheader()
            elif table_format == "jsonl":
                self._files[self._table_name] = self._open(self._table_name)
            for name in OUTPUT_FILES:
                self._files[name] = self._open(name)
        except BaseException:
            self.abort()
            raise

    def _check_targets(self) -> None:
        """Fail before any work if an output name is taken by a folder: renaming stops there,
        which would leave new and old files mixed."""
        for name in (self._table_name, *OUTPUT_FILES):
            if (self.out / name).is_dir():
                raise UsageError(f"{name} in the output folder is a folder, not a file",
                                 path=str(self.out), hint="remove it or choose another --out")

    def _open(self, name: str) -> IO[str]:
        fd, temporary = tempfile.mkstemp(dir=self.out, prefix=f".{name}.", suffix=".tmp")
        self._pending[self.out / name] = Path(temporary)
        return open(fd, "w", encoding="utf-8", newline="")

    def add(self, item: AnalyzedDocument | Skipped) -> None:
        if isinstance(item, Skipped):
            self._files["skipped.jsonl"].write(_json_line(skipped_record(item)))
            return
        row = document_row(item, self.lexicon_columns)
        if self.table_format == "jsonl":
            self._files[self._table_name].write(_json_line(row))
        else:  # CSV and Parquet cells hold the meta object as JSON text
            flat = {**row, "meta": to_json(row["meta"])}
            if self._csv is not None:
                self._csv.writerow(flat)
            else:
                self._rows.append(flat)
        sentences = self._files["sentences.jsonl"]
        sentences.writelines(_json_line(r) for r in sentence_records(item))
        self._files["removals.jsonl"].writelines(_json_line(r) for r in removal_records(item))
        self._files["texts.jsonl"].write(_json_line({"doc": item.document.id, "text": item.text}))

    def commit(self) -> list[Path]:
        """Close everything and move the files into place; returns the final paths."""
        for handle in self._files.values():
            handle.close()
        if self.table_format == "parquet":
            import pandas as pd

            final = self.out / self._table_name
            fd, parquet_path = tempfile.mkstemp(dir=self.out, prefix=".documents.", suffix=".tmp")
            os.close(fd)
            self._pending[final] = Path(parquet_path)
            frame = pd.DataFrame(self._rows, columns=self.columns)
            frame.to_parquet(parquet_path, index=False)
        mode = default_file_mode()
        self._check_targets()  # again: the folder may have changed during the run
        for final, temporary in self._pending.items():
            os.chmod(temporary, mode)  # mkstemp creates 0600; finished files follow the umask
            os.replace(temporary, final)
        written = list(self._pending)
        self._pending.clear()
        return written

    def abort(self) -> None:
        """Close and delete the temporary files; files from an earlier run stay as they were."""
        for handle in self._files.values():
            # The final flush may fail (a full disk); the temporary file is deleted anyway.
            with contextlib.suppress(OSError):
                handle.close()
        for temporary in self._pending.values():
            temporary.unlink(missing_ok=True)
        self._pending.clear()
        remove_empty(self._created)

    def __enter__(self) -> AnalysisWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


def replace_all(pending: dict[Path, Path]) -> None:
    """Move every temporary file onto its final name, or, if one move fails, put back the files
    already replaced, so the folder holds the old comparison or the new one, never a mix.
    The old files are kept under temporary names (hard links, so nothing is copied) until
    every move has succeeded."""
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for final in pending:
            if final.exists():
                backup = final.with_name(f".{final.name}.{os.getpid()}.old")
                try:
                    os.link(final, backup)
                except OSError:  # a file system without hard links
                    shutil.copy2(final, backup)
                backups[final] = backup
        for final, temporary in pending.items():
            os.replace(temporary, final)
            done.append(final)
    except OSError:
        for final in done:  # undo: the old file back, or no file if there was none
            if final in backups:
                os.replace(backups.pop(final), final)
            else:
                final.unlink(missing_ok=True)
        raise
    finally:
        for backup in backups.values():
            with contextlib.suppress(OSError):
                backup.unlink()


def write_files(folder: Path, writers: Mapping[str, Callable[[IO[str]], None]], *,
                what: str, option: str = "--out") -> list[Path]:
    """Write several files into ``folder`` together: each under a temporary name first, then
    all moved into place (``replace_all``), so a failure leaves the earlier files as they were
    and no half-written one. ``what`` names the output in errors ("the comparison")."""
    folder = prepare_output_dir(folder)
    for name in writers:
        if (folder / name).is_dir():
            raise UsageError(f"{name} in the output folder is a folder, not a file",
                             path=str(folder), hint=f"remove it or choose another {option}")
    pending: dict[Path, Path] = {}
    try:
        for name, write in writers.items():
            fd, temporary_name = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            pending[folder / name] = Path(temporary_name)
            with open(fd, "w", encoding="utf-8", newline="") as handle:
                write(handle)
        mode = default_file_mode()
        for temporary in pending.values():
            os.chmod(temporary, mode)
        replace_all(pending)
        written = list(pending)
        pending.clear()
        return written
    except OSError as exc:
        raise UsageError(f"cannot write {what} ({exc.strerror or exc}); the files already there "
                         "are unchanged", path=str(folder),
                         hint=f"free some space or choose another {option}") from None
    finally:
        for temporary in pending.values():  # only left when something failed
            with contextlib.suppress(OSError):
                temporary.unlink()
