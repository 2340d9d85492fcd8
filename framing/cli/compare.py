"""``framing compare``: outlets side by side; summary on stderr, tidy tables with --out."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from framing.cli.common import (
    AlignDocuments,
    AuthorCol,
    DateCol,
    Encoding,
    EngineOption,
    IdCol,
    Inputs,
    JobsOption,
    LexiconOption,
    ManifestOption,
    MaxDocumentMb,
    NoManifest,
    OutletCol,
    SchedulerOption,
    StdinFormat,
    StdinFormatOption,
    TextCol,
    TitleCol,
    UrlCol,
    analysed,
    check_engine,
    err,
    lexicons_from,
    out,
    reader_for,
    reported_errors,
    say,
    verdict,
)
from framing.compare.comparison import ALIGN_DOCUMENTS, Comparator, Comparison
from framing.compare.contrasts import MIN_SUPPORT
from framing.compare.digest import digest
from framing.compare.files import write_comparison
from framing.corpus import ColumnMap
from framing.model import Skipped
from framing.output import output_folder
from framing.pipeline import MAX_DOCUMENT_MB

SHOWN_DIFFERENCES = 12


def compare(
    inputs: Inputs = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write outlets.csv, contrasts.csv, contrast_evidence.csv, "
        "distinctive_terms.csv, sources.csv, named_sources.csv, labels.csv, aligned.jsonl, "
        "similarity.csv and compared_documents.csv to this folder. Without it, only the summary is "
        "shown.")] = None,
    top: Annotated[int, typer.Option(
        "--top", min=1, help="Distinctive terms kept per outlet and kind.")] = 30,
    jobs: JobsOption = 1,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    max_document_mb: MaxDocumentMb = MAX_DOCUMENT_MB,
    align_documents: AlignDocuments = ALIGN_DOCUMENTS,
    lexicon: LexiconOption = None,
    manifest: ManifestOption = None, no_manifest: NoManifest = False,
    text_col: TextCol = None, outlet_col: OutletCol = None, id_col: IdCol = None,
    title_col: TitleCol = None, date_col: DateCol = None, author_col: AuthorCol = None,
    url_col: UrlCol = None, encoding: Encoding = None,
    stdin_format: StdinFormatOption = StdinFormat.auto,  # type: ignore[attr-defined]
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1, write nothing) if any input is skipped.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    """Compare outlets: profiles with intervals, tested contrasts with evidence sentences,
    distinctive terms, who speaks, labels, same-fact sentences and similar documents.

    Example: framing compare seeds/ --out reports/compare
    """
    columns = ColumnMap(text=text_col, outlet=outlet_col, id=id_col, title=title_col,
                        date=date_col, author=author_col, url=url_col)
    with reported_errors(), output_folder(out_dir):  # the folder first: fail before the work
        check_engine(engine, scheduler)
        lexicons = lexicons_from(lexicon, quiet=quiet)
        reader = reader_for(inputs, quiet=quiet, manifest=manifest, no_manifest=no_manifest,
                            columns=columns, encoding=encoding, stdin_format=stdin_format)
        comparator = Comparator(top_terms=top, align_documents=align_documents)
        skipped: list[Skipped] = []
        # Each document is digested where it is analysed (in the workers with --jobs or Dask):
        # only its counts come back to be merged here.
        for item in analysed(reader, lexicons, jobs=jobs, engine=engine, scheduler=scheduler,
                             max_document_mb=max_document_mb, quiet=quiet, then=digest):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                comparator.add(item)
        code, error = verdict(len(comparator.entries), skipped, strict=strict, nothing="compare")
        comparison = comparator.result() if comparator.entries else None
        written = (write_comparison(comparison, out_dir)
                   if comparison is not None and out_dir is not None and error is None else [])

    if comparison is not None and not quiet:
        _print_summary(comparison)
    if not quiet:
        for note in reader.notes:
            say(f"note: {note}", "yellow")
    for item in skipped:
        say(f"skipped: {item}", "red")
    if error:
        say(f"error: {error}", "bold red")
    for path in written:
        out.print(str(path), markup=False)
    raise typer.Exit(code)


def _interval(value: float, lo: float, hi: float, percent: bool, n: int) -> str:
    """A value with its interval; with too little evidence behind it, the count instead of an
    interval that would look precise (three hedges give certainty -1.00 [-1.00, -1.00])."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:.0%}" if percent else f"{value:+.2f}"
    if n < MIN_SUPPORT:
        return f"{text} (only {n})"
    if not math.isfinite(lo):
        return text
    return f"{text} [{lo:.0%}–{hi:.0%}]" if percent else f"{text} [{lo:+.2f}, {hi:+.2f}]"


def _print_summary(comparison: Comparison) -> None:
    table = Table(title="framing compare (90% intervals)", title_justify="left", show_edge=False)
    for name in ("outlet", "docs", "sentences", "kinetic share", "certainty", "attributed"):
        table.add_column(name, justify="left" if name == "outlet" else "right")
    for row in comparison.outlets.itertuples(index=False):
        r = row._asdict()
        table.add_row(
            Text(str(r["outlet"])), str(r["documents"]), str(r["sentences"]),
            *(_interval(r[name], r[name + "_lo"], r[name + "_hi"], percent, r[name + "_n"])
              for name, percent in (("kinetic_share", True), ("certainty", False),
                                    ("attribution_density", True))))
    err.print(table)
    found = comparison.differences()
    say(f"{len(found)} contrast(s) supported by the evidence"
        + (f"; the first {SHOWN_DIFFERENCES}:" if len(found) > SHOWN_DIFFERENCES else
           (":" if len(found) else "")), "bold")
    for summary in found["summary"].head(SHOWN_DIFFERENCES):
        say(f"  {summary}")
    for note in comparison.notes:
        say(f"note: {note}", "yellow")
