"""``framing analyze``: clean, segment and match documents; summary on stderr, tables on disk."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from framing.cli.common import (
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
from framing.corpus import ColumnMap, CorpusReader
from framing.lexicon.registry import LexiconSet
from framing.model import Document, Removal, Skipped
from framing.output import TABLE_FORMATS, AnalysisWriter
from framing.pipeline import MAX_DOCUMENT_MB

TableFormat = StrEnum("TableFormat", {name: name for name in TABLE_FORMATS})  # type: ignore[misc]


def analyze(
    inputs: Inputs = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write documents, sentences.jsonl, removals.jsonl and skipped.jsonl "
        "to this folder. Without it, only the summary is shown.")] = None,
    table_format: Annotated[TableFormat, typer.Option(  # type: ignore[valid-type]
        "--format", help="Format of the documents table.")] = TableFormat.csv,  # type: ignore[attr-defined]
    jobs: JobsOption = 1,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    max_document_mb: MaxDocumentMb = MAX_DOCUMENT_MB,
    lexicon: LexiconOption = None,
    manifest: ManifestOption = None, no_manifest: NoManifest = False,
    text_col: TextCol = None, outlet_col: OutletCol = None, id_col: IdCol = None,
    title_col: TitleCol = None, date_col: DateCol = None, author_col: AuthorCol = None,
    url_col: UrlCol = None, encoding: Encoding = None,
    stdin_format: StdinFormatOption = StdinFormat.auto,  # type: ignore[attr-defined]
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1, write nothing) if any input is skipped.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Also list every document and every cleaning removal.")] = False,
) -> None:
    """Clean, segment and match articles; summarise them, and write tables with --out.

    Example: framing analyze seeds/ --out reports/seeds
    """
    if quiet and verbose:
        raise typer.BadParameter("--quiet and --verbose exclude each other")
    columns = ColumnMap(text=text_col, outlet=outlet_col, id=id_col, title=title_col,
                        date=date_col, author=author_col, url=url_col)
    writer: AnalysisWriter | None = None
    with reported_errors():
        try:
            check_engine(engine, scheduler)
            lexicons = lexicons_from(lexicon, quiet=quiet)
            reader = reader_for(inputs, quiet=quiet, manifest=manifest, no_manifest=no_manifest,
                                columns=columns, encoding=encoding, stdin_format=stdin_format)
            if out_dir is not None:
                writer = AnalysisWriter(out_dir, table_format=table_format.value,  # type: ignore[attr-defined]
                                        lexicon_columns=lexicons.columns)
            summaries, skipped = _run(reader, writer, lexicons, keep_removals=verbose, jobs=jobs,
                                      max_document_mb=max_document_mb, engine=engine,
                                      scheduler=scheduler, quiet=quiet)
            # Decide, and write or discard the outputs, before printing anything: a reporting
            # failure (a closed pipe) must not leave temporary files or lose finished ones.
            code, error = verdict(len(summaries), skipped, strict=strict, nothing="analyse")
            written = writer.commit() if writer is not None and error is None else []
        finally:
            if writer is not None:
                writer.abort()  # no-op after a commit

    if not quiet:
        _print_summary(summaries, skipped, verbose=verbose)
        for note in reader.notes:
            say(f"note: {note}", "yellow")
    for item in skipped:
        say(f"skipped: {item}", "red")
    if error:
        say(f"error: {error}", "bold red")
    for path in written:
        out.print(str(path), markup=False)
    raise typer.Exit(code)


@dataclass(frozen=True, slots=True)
class _Summary:
    """What the stderr summary needs of a document: counts, not texts or sentences."""

    document: Document  # with its text and meta dropped
    sentences: int
    tokens: int
    removed: int
    removals: tuple[Removal, ...]  # only kept for --verbose
    warnings: tuple[str, ...] = ()


def _run(reader: CorpusReader, writer: AnalysisWriter | None, lexicons: LexiconSet, *,
         keep_removals: bool, jobs: int = 1,
         max_document_mb: float | None = None, engine: str = "local",
         scheduler: str | None = None, quiet: bool = False) -> tuple[list[_Summary], list[Skipped]]:
    """Analyse everything the reader yields, streaming results to the writer and keeping only
    counts, so memory does not grow with the corpus's text."""
    summaries: list[_Summary] = []
    skipped: list[Skipped] = []
    for item in analysed(reader, lexicons, jobs=jobs, engine=engine, scheduler=scheduler,
                         max_document_mb=max_document_mb, quiet=quiet):
        if writer is not None:
            writer.add(item)
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            summaries.append(_Summary(
                item.document.with_fields(text="", meta={}), len(item.sentences),
                item.token_count, len(item.removals),
                item.removals if keep_removals else (), item.warnings))
    return summaries, skipped


def _print_summary(summaries: list[_Summary], skipped: list[Skipped], *, verbose: bool) -> None:
    by_outlet: dict[str, list[_Summary]] = defaultdict(list)
    for item in summaries:
        by_outlet[item.document.outlet].append(item)
    table = Table(title="framing analyze", title_justify="left", show_edge=False)
    for name in ("outlet", "documents", "sentences", "tokens", "removed"):
        table.add_column(name, justify="left" if name == "outlet" else "right")
    for outlet, items in sorted(by_outlet.items()):
        table.add_row(Text(outlet), *_counts(items))  # Text: names are data, not markup
    table.add_section()
    table.add_row("total", *_counts(summaries), style="bold")
    err.print(table)
    for item in summaries:
        for warning in item.warnings:
            say(f"warning: {item.document.id} ({item.document.source}): {warning}", "yellow")
    # In and out, so that no loss goes unseen: every item read is analysed or skipped.
    read = len(summaries) + len(skipped)
    say(f"{read} documents read, {len(summaries)} analysed, {len(skipped)} skipped"
        + (" (listed below)" if skipped else ""), "red" if skipped else None)
    if verbose:
        for item in summaries:
            doc = item.document
            say(f"{doc.id} [{doc.outlet}] {doc.source}: title={doc.title!r} "
                f"author={doc.author!r} date={doc.date!r}; {item.sentences} sentences, "
                f"{item.tokens} tokens")
            for removal in item.removals:
                say(f"  removed line {removal.line} ({removal.kind}: {removal.reason}): "
                    f"{removal.text[:80]}", "dim")


def _counts(items: list[_Summary]) -> tuple[str, ...]:
    return (str(len(items)), str(sum(i.sentences for i in items)),
            str(sum(i.tokens for i in items)), str(sum(i.removed for i in items)))
