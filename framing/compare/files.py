"""Writing a ``Comparison`` to a folder: every file is written to a temporary name first and all
are renamed into place only when every one is complete, so a failure never leaves a mix of new
and old files or a half-written table in place of a good one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from framing.errors import UsageError
from framing.output import default_file_mode, prepare_output_dir, replace_all, to_json

from .comparison import OUTPUT_FILES, Comparison


def _writers(comparison: Comparison) -> dict[str, Callable[[IO[str]], None]]:
    def table(name: str) -> Callable[[IO[str]], None]:
        frame = {"outlets.csv": comparison.outlets, "contrasts.csv": comparison.contrasts,
                 "contrast_evidence.csv": comparison.contrast_evidence,
                 "distinctive_terms.csv": comparison.terms, "sources.csv": comparison.sources,
                 "named_sources.csv": comparison.named_sources, "labels.csv": comparison.labels,
                 "similarity.csv": comparison.similarity,
                 "compared_documents.csv": comparison.documents}[name]
        return lambda handle: frame.to_csv(handle, index=False, lineterminator="\n")

    def aligned(handle: IO[str]) -> None:
        for record in comparison.aligned:
            handle.write(to_json(record) + "\n")

    return {name: aligned if name == "aligned.jsonl" else table(name) for name in OUTPUT_FILES}


def write_comparison(comparison: Comparison, out: Path) -> list[Path]:
    """Write every comparison file into ``out``; returns the paths written."""
    out = prepare_output_dir(out)
    for name in OUTPUT_FILES:
        if (out / name).is_dir():
            raise UsageError(f"{name} in the output folder is a folder, not a file",
                             path=str(out), hint="remove it or choose another --out")
    pending: dict[Path, Path] = {}
    try:
        return _write_all(comparison, out, pending)
    except OSError as exc:
        raise UsageError(f"cannot write the comparison ({exc.strerror or exc}); the files "
                         "already there are unchanged", path=str(out),
                         hint="free some space or choose another --out") from None
    finally:
        for temporary in pending.values():  # only left when something failed
            with contextlib.suppress(OSError):
                temporary.unlink()


def _write_all(comparison: Comparison, out: Path, pending: dict[Path, Path]) -> list[Path]:
    """Write each file under a temporary name (recorded in ``pending``), then move them all."""
    for name, write in _writers(comparison).items():
        fd, temporary_name = tempfile.mkstemp(dir=out, prefix=f".{name}.", suffix=".tmp")
        pending[out / name] = Path(temporary_name)
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
    mode = default_file_mode()
    for temporary in pending.values():
        os.chmod(temporary, mode)
    replace_all(pending)
    written = list(pending)
    pending.clear()
    return written
