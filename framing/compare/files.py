"""Writing a ``Comparison`` to a folder: every file is written to a temporary name first and all
are renamed into place only when every one is complete, so a failure never leaves a mix of new
and old files or a half-written table in place of a good one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from framing.output import to_json, write_files

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
    return write_files(out, _writers(comparison), what="the comparison")
