"""The ``framing`` command: a thin layer over the library that parses options, reports on stderr
and maps outcomes to exit codes (0 all analysed, 1 some inputs skipped, 2 usage error or nothing
analysable)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from framing import __version__
from framing.corpus import ColumnMap, CorpusReader
from framing.errors import FramingError
from framing.model import Document, Removal, Skipped
from framing.output import AnalysisWriter
from framing.pipeline import iter_analyze
from framing.resources import seeds_dir

app = typer.Typer(
    name="framing",
    help="Compare how news outlets frame the same story, with evidence for every number.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


class TableFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class StdinFormat(StrEnum):
    auto = "auto"
    txt = "txt"
    md = "md"
    html = "html"
    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"
    json = "json"


def _version(value: bool) -> None:
    if value:
        out.print(f"framing {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Compare how news outlets frame the same story, with evidence for every number.

    Example: framing analyze seeds/ --out reports/seeds
    """


def _say(message: str, style: str | None = None) -> None:
    err.print(message, style=style, markup=False, soft_wrap=True)


# Column options shared by every command that reads inputs.
TextCol = Annotated[str | None, typer.Option("--text-col",
                                            help="Column with the article text (tables).")]
OutletCol = Annotated[str | None, typer.Option("--outlet-col", help="Column with the outlet name.")]
IdCol = Annotated[str | None, typer.Option("--id-col", help="Column with a document id.")]
TitleCol = Annotated[str | None, typer.Option("--title-col", help="Column with the title.")]
DateCol = Annotated[str | None, typer.Option("--date-col", help="Column with the date.")]
AuthorCol = Annotated[str | None, typer.Option("--author-col", help="Column with the author.")]
UrlCol = Annotated[str | None, typer.Option("--url-col", help="Column with the URL.")]


@app.command()
def analyze(
    inputs: Annotated[list[str] | None, typer.Argument(
        metavar="INPUT",
        help="Files, folders (searched recursively) or - for stdin. Default: the bundled seeds.",
        show_default=False)] = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write documents, sentences.jsonl, removals.jsonl and skipped.jsonl "
        "to this folder. Without it, only the summary is shown.")] = None,
    table_format: Annotated[TableFormat, typer.Option(
        "--format", help="Format of the documents table.")] = TableFormat.csv,
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", help="A manifest CSV to apply (besides any manifest.csv found in input "
        "folders).")] = None,
    no_manifest: Annotated[bool, typer.Option(
        "--no-manifest", help="Ignore manifest.csv files found in input folders.")] = False,
    text_col: TextCol = None, outlet_col: OutletCol = None, id_col: IdCol = None,
    title_col: TitleCol = None, date_col: DateCol = None, author_col: AuthorCol = None,
    url_col: UrlCol = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="Read text with this encoding instead of detecting it.")] = None,
    stdin_format: Annotated[StdinFormat, typer.Option(
        "--stdin-format", help="Format of data read from - (auto: JSON/JSONL/HTML by first "
        "character, else text).")] = StdinFormat.auto,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1, write nothing) if any input is skipped.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Also list every document and every cleaning removal.")] = False,
) -> None:
    """Clean and segment articles; summarise them, and write tables with --out.

    Example: framing analyze seeds/ --out reports/seeds
    """
    if not inputs:
        inputs = [str(seeds_dir())]
        if not quiet:
            _say(f"No INPUT given: analysing the bundled demo corpus in {inputs[0]}", "dim")
    columns = ColumnMap(text=text_col, outlet=outlet_col, id=id_col, title=title_col,
                        date=date_col, author=author_col, url=url_col)
    writer: AnalysisWriter | None = None
    try:
        reader = CorpusReader(inputs, columns=columns, manifest=manifest,
                              use_manifests=not no_manifest, encoding=encoding,
                              stdin_format=stdin_format.value)
        writer = AnalysisWriter(out_dir, table_format=table_format.value) if out_dir else None
        summaries, skipped = _run(reader, writer, show_progress=err.is_terminal and not quiet)
        # Decide, and write or discard the outputs, before printing anything: a reporting
        # failure (a closed pipe) must not leave temporary files or lose finished ones.
        if not summaries:
            code, verdict = EXIT_USAGE, "nothing to analyse: no input held a readable document"
        elif skipped and strict:
            code, verdict = EXIT_SKIPPED, (f"{len(skipped)} input(s) skipped and --strict is "
                                           "set; nothing written")
        else:
            code, verdict = (EXIT_SKIPPED if skipped else EXIT_OK), None
        written = writer.commit() if writer is not None and verdict is None else []
    except FramingError as exc:
        _say(f"error: {exc}", "bold red")
        raise typer.Exit(exc.exit_code) from None
    finally:
        if writer is not None:
            writer.abort()  # no-op after a commit

    if not quiet:
        _print_summary(summaries, skipped, verbose=verbose)
        for note in reader.notes:
            _say(f"note: {note}", "yellow")
    for item in skipped:
        _say(f"skipped: {item}", "red")
    if verdict:
        _say(f"error: {verdict}", "bold red")
    for path in written:
        out.print(str(path), markup=False)
    raise typer.Exit(code)


@dataclass(frozen=True, slots=True)
class _Summary:
    """What the stderr summary needs of a document: counts, not texts or sentences."""

    document: Document  # with its text dropped
    sentences: int
    tokens: int
    removals: tuple[Removal, ...]


def _run(reader: CorpusReader, writer: AnalysisWriter | None, *,
         show_progress: bool) -> tuple[list[_Summary], list[Skipped]]:
    """Analyse everything the reader yields, streaming results to the writer and keeping only
    counts, so memory does not grow with the corpus's text."""
    summaries: list[_Summary] = []
    skipped: list[Skipped] = []
    with Progress(SpinnerColumn(), TextColumn("{task.completed} documents analysed"),
                  TimeElapsedColumn(), console=err, transient=True,
                  disable=not show_progress) as progress:
        task = progress.add_task("analyse", total=None)
        for item in iter_analyze(reader):
            if writer is not None:
                writer.add(item)
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                summaries.append(_Summary(item.document.with_fields(text=""), len(item.sentences),
                                          item.token_count, item.removals))
            progress.advance(task)
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
    if skipped:
        _say(f"{len(skipped)} input(s) skipped, listed below", "red")
    if verbose:
        for item in summaries:
            doc = item.document
            _say(f"{doc.id} [{doc.outlet}] {doc.source}: title={doc.title!r} "
                 f"author={doc.author!r} date={doc.date!r}; {item.sentences} sentences, "
                 f"{item.tokens} tokens")
            for removal in item.removals:
                _say(f"  removed line {removal.line} ({removal.kind}: {removal.reason}): "
                     f"{removal.text[:80]}", "dim")


def _counts(items: list[_Summary]) -> tuple[str, ...]:
    return (str(len(items)), str(sum(i.sentences for i in items)),
            str(sum(i.tokens for i in items)), str(sum(len(i.removals) for i in items)))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
