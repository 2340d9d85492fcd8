"""``framing exercise``: a printable classroom worksheet and its answer key from any corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Annotated

import typer

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
    command_line,
    lexicons_from,
    out,
    reader_for,
    report_date,
    reported_errors,
    say,
    verdict,
)
from framing.compare.comparison import Comparator
from framing.compare.digest import with_digest
from framing.corpus import ColumnMap
from framing.errors import UsageError
from framing.model import Skipped
from framing.output import output_folder, write_files
from framing.pipeline import MAX_DOCUMENT_MB, AnalyzedDocument

DEFAULT_OUT = Path("reports") / "exercise"


def exercise(
    inputs: Inputs = None,
    out_dir: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder for worksheet.html and answer-key.html.")] = DEFAULT_OUT,
    seed: Annotated[int, typer.Option(
        "--seed", help="Shuffles the blind source names and picks the sentences; the same seed "
        "gives the same files.")] = 1,
    no_blind: Annotated[bool, typer.Option(
        "--no-blind", help="Show outlet names, titles and bylines on the worksheet.")] = False,
    activities: Annotated[str | None, typer.Option(
        "--activities", help="Which activities, by number or name, comma-separated: 1 "
        "who-speaks, 2 hedge-hunt, 3 force-or-politics, 4 same-fact, 5 label-choice, "
        "6 rewrite, 7 guess-source (default: all).")] = None,
    level: Annotated[str, typer.Option(
        "--level", help="intro or advanced: the order of the activities.")] = "intro",
    sheet_format: Annotated[str, typer.Option(
        "--format", help="html, or md to also write worksheet.md for editing.")] = "html",
    date: Annotated[str | None, typer.Option(
        "--date", help="The date in the footer, YYYY-MM-DD (default: today).")] = None,
    template_dir: Annotated[Path | None, typer.Option(
        "--template-dir", help="A folder of Jinja2 templates overriding the built-in ones "
        "(worksheet.html.j2, answer-key.html.j2, activities/*.html.j2 ...).")] = None,
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
) -> None:
    """Write a printable worksheet (sources hidden) and its answer key from the articles (the
    bundled seeds without INPUT); prints the paths.

    Example: framing exercise seeds/ --out reports/exercise --seed 7
    """
    from framing.exercise.sheets import build_sheets, select_activities

    columns = ColumnMap(text=text_col, outlet=outlet_col, id=id_col, title=title_col,
                        date=date_col, author=author_col, url=url_col)
    written: list[Path] = []
    with reported_errors(), output_folder(out_dir):  # the folder first: fail before the work
        if sheet_format not in ("html", "md"):
            raise UsageError(f"unknown --format {sheet_format!r}", hint="use html or md")
        select_activities(activities, level)  # a bad choice fails before the work
        if template_dir is not None and not template_dir.is_dir():
            raise UsageError("the template folder does not exist", path=str(template_dir),
                             hint="give a folder holding the templates to override")
        generated = report_date(date)
        check_engine(engine, scheduler)
        lexicons = lexicons_from(lexicon, quiet=quiet)
        reader = reader_for(inputs, quiet=quiet, manifest=manifest, no_manifest=no_manifest,
                            columns=columns, encoding=encoding, stdin_format=stdin_format)
        comparator = Comparator()
        documents: list[AnalyzedDocument] = []
        skipped: list[Skipped] = []
        for item in analysed(reader, lexicons, jobs=jobs, engine=engine, scheduler=scheduler,
                             max_document_mb=max_document_mb, quiet=quiet, then=with_digest):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                comparator.add(item.digest)
                documents.append(item.document)
        code, error = verdict(len(documents), skipped, strict=strict,
                              nothing="make exercises from")
        if error is None:
            sheets = build_sheets(documents, comparator.result(), seed=seed, blind=not no_blind,
                                  level=level, activities=activities, template_dir=template_dir,
                                  generated=generated, command=command_line("exercise"))
            files = {"worksheet.html": sheets.worksheet, "answer-key.html": sheets.answer_key}
            if sheet_format == "md":
                files["worksheet.md"] = sheets.markdown
            written = write_files(out_dir, {name: _writer(text) for name, text in files.items()},
                                  what="the exercise")
            if not sheets.activities:  # even with --quiet: the worksheet has nothing to do
                say("warning: this corpus has nothing for any of the chosen activities (too "
                    "short, or no attribution, hedge, label or force/politics vocabulary); the "
                    "worksheet holds only the articles", "yellow")
            if not quiet:
                say(f"{len(sheets.activities)} activities, about "
                    f"{sum(a.minutes for a in sheets.activities)} minutes; "
                    + ("sources hidden as " + ", ".join(s for s, _ in sheets.names.mapping())
                       if sheets.names.blind else "sources named"))

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


def _writer(text: str) -> Callable[[IO[str]], None]:
    def write(handle: IO[str]) -> None:
        handle.write(text)

    return write
