"""``framing report``: analyse and compare, then write one self-contained HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
    command_line,
    lexicons_from,
    out,
    reader_for,
    report_date,
    reported_errors,
    say,
    verdict,
)
from framing.compare.comparison import ALIGN_DOCUMENTS, Comparator
from framing.compare.digest import with_digest
from framing.corpus import ColumnMap
from framing.errors import UsageError
from framing.model import Skipped
from framing.pipeline import MAX_DOCUMENT_MB

DEFAULT_REPORT = Path("reports") / "report.html"


def report(
    inputs: Inputs = None,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="The HTML file to write.")] = DEFAULT_REPORT,
    title: Annotated[str | None, typer.Option(
        "--title", help="The report's title (default: how many outlets and articles).")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="The date in the footer, YYYY-MM-DD (default: today); fix it to get "
        "byte-identical reports from the same input.")] = None,
    reading: Annotated[str | None, typer.Option(
        "--documents", help="Which articles get a reading view: all, a number (the articles "
        "with the most evidence, taken in turn from each outlet), or ids separated by commas "
        "(default: at most 100).")] = None,
    template_dir: Annotated[Path | None, typer.Option(
        "--template-dir", help="A folder of Jinja2 templates overriding the built-in ones "
        "(report.html.j2, its partials, report.css, report.js).")] = None,
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
    """Analyse and compare articles and write one self-contained HTML report (the bundled seeds
    without INPUT); prints the report's path.

    Example: framing report seeds/ -o reports/report.html
    """
    from framing.report.render import environment, render_report, write_report
    from framing.report.sample import Choice, ReadingSample
    from framing.report.view import build_view

    columns = ColumnMap(text=text_col, outlet=outlet_col, id=id_col, title=title_col,
                        date=date_col, author=author_col, url=url_col)
    written = None
    with reported_errors():
        generated = report_date(date)
        views = ReadingSample(Choice.parse(reading))
        environment(template_dir)  # a missing template folder fails before the work
        check_engine(engine, scheduler)
        lexicons = lexicons_from(lexicon, quiet=quiet)
        reader = reader_for(inputs, quiet=quiet, manifest=manifest, no_manifest=no_manifest,
                            columns=columns, encoding=encoding, stdin_format=stdin_format)
        comparator = Comparator(align_documents=align_documents)
        skipped: list[Skipped] = []
        # Digested in the workers (--jobs, Dask); the documents come back too, for the
        # reading views.
        for item in analysed(reader, lexicons, jobs=jobs, engine=engine, scheduler=scheduler,
                             max_document_mb=max_document_mb, quiet=quiet, then=with_digest):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                comparator.add(item.digest)
                views.add(item.document)
        code, error = verdict(views.seen, skipped, strict=strict, nothing="report")
        if error is None:
            comparison = comparator.result()
            missing = views.missing_ids()
            if missing:
                raise UsageError(f"--documents names {len(missing)} id(s) not in the input: "
                                 + ", ".join(missing[:5]),
                                 hint="check the ids in the documents table (framing analyze "
                                 "--out DIR writes them)")
            view = build_view(views.chosen(), comparison, lexicons, generated=generated,
                              command=command_line(), skipped=[str(s) for s in skipped],
                              title=title)
            written = write_report(render_report(view, template_dir=template_dir), output)

    if not quiet:
        for note in reader.notes:
            say(f"note: {note}", "yellow")
    for item in skipped:
        say(f"skipped: {item}", "red")
    if error:
        say(f"error: {error}", "bold red")
    if written is not None:
        out.print(str(written), markup=False)
    raise typer.Exit(code)
