"""Manifests: a ``manifest.csv`` beside a folder's files gives each file its id, outlet, title,
author, date and url, overriding what is extracted from the text."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from framing.corpus.decode import decode_text
from framing.errors import UsageError

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


def read_manifest(path: Path) -> Manifest:
    """Read a manifest CSV; raise ``UsageError`` naming the line for anything malformed."""
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read manifest: {exc.strerror}", path=shown) from None
    text, _ = decode_text(data, path=shown)
    reader = csv.DictReader(text.splitlines(), strict=True)
    try:
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise UsageError(f"malformed manifest CSV: {exc}", path=shown, line=1) from None
    if "file" not in header:
        raise UsageError("manifest has no 'file' column", path=shown, line=1,
                         hint=f"the header must name 'file' and any of: {', '.join(FIELDS)}")
    unknown = sorted(set(header) - {"file", *FIELDS} - {""})
    if unknown:
        raise UsageError(f"unknown manifest column(s): {', '.join(unknown)}", path=shown, line=1,
                         hint=f"allowed: file, {', '.join(FIELDS)}")
    reader.fieldnames = header
    manifest = Manifest(path=path)
    try:
        for row in reader:
            line = reader.line_num
            name = (row.get("file") or "").strip()
            if not name:
                raise UsageError("manifest row has an empty 'file' cell", path=shown, line=line)
            target = (path.parent / name).resolve()
            if target in manifest.entries:
                first = manifest.entries[target].line
                raise UsageError(f"{name!r} is listed twice (first on line {first})",
                                 path=shown, line=line)
            values = {key: value.strip() for key in FIELDS
                      if isinstance(value := row.get(key), str) and value.strip()}
            manifest.entries[target] = ManifestEntry(file=name, line=line, values=values)
    except csv.Error as exc:
        raise UsageError(f"malformed manifest CSV: {exc}", path=shown, line=reader.line_num) from None
    return manifest
