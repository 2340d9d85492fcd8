"""The output contract of ``framing analyze --out DIR``: a documents table (CSV, JSONL or
Parquet), ``sentences.jsonl``, ``removals.jsonl`` and ``skipped.jsonl``.

Files are streamed to temporary names in DIR and renamed into place only when the run completes,
so a failed run never replaces good files with half-written ones.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from framing.errors import UsageError
from framing.model import Skipped
from framing.pipeline import AnalyzedDocument

TABLE_FORMATS = ("csv", "jsonl", "parquet")
DOCUMENT_COLUMNS = ("id", "outlet", "title", "author", "date", "url", "path", "line", "format",
                    "encoding", "chars", "sentences", "tokens", "removed", "meta")


def document_row(item: AnalyzedDocument) -> dict[str, Any]:
    doc = item.document
    return {
        "id": doc.id, "outlet": doc.outlet, "title": doc.title, "author": doc.author,
        "date": doc.date, "url": doc.url, "path": doc.source.path, "line": doc.source.line,
        "format": doc.source.format, "encoding": doc.source.encoding, "chars": len(item.text),
        "sentences": len(item.sentences), "tokens": item.token_count,
        "removed": len(item.removals), "meta": doc.meta,
    }


def sentence_records(item: AnalyzedDocument) -> Iterator[dict[str, Any]]:
    for s in item.sentences:
        yield {"doc": item.document.id, "index": s.index, "start": s.start, "end": s.end,
               "text": s.text, "kind": s.kind, "tokens": len(s.tokens)}


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


def _default_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, default=str) + "\n"


class AnalysisWriter:
    """Streams analysis results into an output folder; files appear only on ``commit``."""

    def __init__(self, out: Path, *, table_format: str = "csv") -> None:
        if table_format not in TABLE_FORMATS:
            raise UsageError(f"unknown table format {table_format!r}",
                             hint=f"use one of {', '.join(TABLE_FORMATS)}")
        if table_format == "parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise UsageError("--format parquet needs pyarrow",
                                 hint="pip install 'framing-analyzer[parquet]'") from None
        self.out = prepare_output_dir(out)
        self.table_format = table_format
        self._pending: dict[Path, Path] = {}  # final path -> temporary path
        self._files: dict[str, IO[str]] = {}
        self._rows: list[dict[str, Any]] = []  # Parquet is written in one go at the end
        self._table_name = f"documents.{table_format}"
        self._csv: csv.DictWriter[str] | None = None
        if table_format == "csv":
            handle = self._files[self._table_name] = self._open(self._table_name)
            self._csv = csv.DictWriter(handle, fieldnames=DOCUMENT_COLUMNS, lineterminator="\n")
            self._csv.writeheader()
        elif table_format == "jsonl":
            self._files[self._table_name] = self._open(self._table_name)
        for name in ("sentences.jsonl", "removals.jsonl", "skipped.jsonl"):
            self._files[name] = self._open(name)

    def _open(self, name: str) -> IO[str]:
        fd, temporary = tempfile.mkstemp(dir=self.out, prefix=f".{name}.", suffix=".tmp")
        self._pending[self.out / name] = Path(temporary)
        return open(fd, "w", encoding="utf-8", newline="")

    def add(self, item: AnalyzedDocument | Skipped) -> None:
        if isinstance(item, Skipped):
            self._files["skipped.jsonl"].write(_json_line(skipped_record(item)))
            return
        row = document_row(item)
        if self._csv is not None:
            self._csv.writerow({**row, "meta": json.dumps(row["meta"], ensure_ascii=False,
                                                          default=str)})
        elif self.table_format == "jsonl":
            self._files[self._table_name].write(_json_line(row))
        else:
            self._rows.append({**row, "meta": json.dumps(row["meta"], ensure_ascii=False,
                                                         default=str)})
        sentences = self._files["sentences.jsonl"]
        sentences.writelines(_json_line(r) for r in sentence_records(item))
        self._files["removals.jsonl"].writelines(_json_line(r) for r in removal_records(item))

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
            frame = pd.DataFrame(self._rows, columns=list(DOCUMENT_COLUMNS))
            frame.to_parquet(parquet_path, index=False)
        mode = _default_file_mode()
        for final, temporary in self._pending.items():
            os.chmod(temporary, mode)  # mkstemp creates 0600; finished files follow the umask
            os.replace(temporary, final)
        written = list(self._pending)
        self._pending.clear()
        return written

    def abort(self) -> None:
        """Close and delete the temporary files; files from an earlier run stay as they were."""
        for handle in self._files.values():
            handle.close()
        for temporary in self._pending.values():
            temporary.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> AnalysisWriter:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
