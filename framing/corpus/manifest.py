"""Manifests: a ``manifest.csv`` beside a folder's files gives each file its id, outlet, title,
author, date and url, overriding what is extracted from the text."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from framing.corpus.decode import decode_text
from framing.errors import InputError, UsageError

MANIFEST_NAME = "manifest.csv"
FIELDS = ("id", "outlet", "title", "author", "date", "url")


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    file: str
    line: int
    values: dict[str, str]  # only the non-empty cells among FIELDS


@dataclass(slots=True)
class Manifest:
    path: Path
    entries: dict[Path, ManifestEntry] = field(default_factory=dict)  # resolved file -> entry

    def lookup(self, file: Path) -> dict[str, str]:
        entry = self.entries.get(file.resolve())
        return dict(entry.values) if entry else {}

    def missing_files(self) -> list[ManifestEntry]:
        return [entry for path, entry in self.entries.items() if not path.is_file()]


def read_manifest(path: Path, *, allow_outside: bool = False) -> Manifest:
    """Read a manifest CSV; raise ``UsageError`` naming the line for anything malformed.

    A manifest found in an input folder describes files in that folder and below; one given
    explicitly (``allow_outside``) may name files anywhere, relative to its own folder.
    """
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read manifest: {exc.strerror}", path=shown) from None
    try:
        text, _ = decode_text(data, path=shown)
    except InputError as exc:
        raise UsageError(f"cannot read manifest: {exc.message}", path=shown,
                         hint="a manifest is a CSV text file") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except csv.Error as exc:
        raise UsageError(f"malformed manifest CSV: {exc}", path=shown, line=1) from None
    if "file" not in header:
        raise UsageError("manifest has no 'file' column", path=shown, line=1,
                         hint=f"the header must name 'file' and any of: {', '.join(FIELDS)}")
    unknown = sorted(set(header) - {"file", *FIELDS})
    if unknown:
        raise UsageError(f"unknown manifest column(s): {', '.join(map(repr, unknown))}",
                         path=shown, line=1, hint=f"allowed: file, {', '.join(FIELDS)}")
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise UsageError(f"manifest column(s) named twice: {', '.join(repeated)}", path=shown,
                         line=1)
    manifest = Manifest(path=path)
    folder = path.parent.resolve()
    previous_end = reader.line_num
    try:
        for cells in reader:
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise UsageError(f"row has {len(cells)} cells but the header has {len(header)}",
                                 path=shown, line=line)
            row = dict(zip(header, cells, strict=True))
            name = row["file"].strip()
            if not name:
                raise UsageError("manifest row has an empty 'file' cell", path=shown, line=line)
            target = (path.parent / name).resolve()
            if not allow_outside and not target.is_relative_to(folder):
                raise UsageError(f"{name!r} is outside the manifest's folder", path=shown,
                                 line=line, hint="a manifest found in a folder describes files "
                                                 "there and below; pass it with --manifest to "
                                                 "name others")
            if target in manifest.entries:
                first = manifest.entries[target].line
                raise UsageError(f"{name!r} is listed twice (first on line {first})",
                                 path=shown, line=line)
            values = {key: row[key].strip() for key in FIELDS if row.get(key, "").strip()}
            manifest.entries[target] = ManifestEntry(file=name, line=line, values=values)
    except csv.Error as exc:
        raise UsageError(f"malformed manifest CSV: {exc}", path=shown, line=reader.line_num) from None
    return manifest
