"""What every command shares: the two consoles (data on stdout, everything else on stderr),
exit codes, error printing, and the options for reading inputs and lexicons."""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from framing.corpus import ColumnMap, CorpusReader
from framing.corpus.loader import STDIN_FORMATS
from framing.errors import EngineError, FramingError, UsageError
from framing.lexicon.registry import ENV_VAR, LexiconSet, load_lexicons
from framing.lexicon.toml_io import LexiconError
from framing.model import Document, Skipped
from framing.resources import seeds_dir

if TYPE_CHECKING:
    from framing.pipeline import AnalyzedDocument

# emoji=False: Rich turns ":smile:" into an emoji even with markup off, and names, paths and
# article text are printed as written.
T = TypeVar("T")

err = Console(stderr=True, highlight=False, emoji=False)
out = Console(highlight=False, soft_wrap=True, emoji=False)

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def say(message: str, style: str | None = None) -> None:
    """One line on stderr, printed literally (file names and metadata are not Rich markup)."""
    err.print(message, style=style, markup=False, soft_wrap=True)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn the library's errors into one line on stderr and the error's exit code."""
    try:
        yield
    except LexiconError as exc:
        # The errors only: warnings (often intended, in built-in files too) would bury them.
        for problem in exc.problems:
            if problem.severity == "error":
                say(str(problem), "bold red")
        say("error: lexicon errors; fix them or check with: framing lexicon validate FILE",
            "bold red")
        raise typer.Exit(EXIT_USAGE) from None
    except FramingError as exc:
        say(f"error: {exc}", "bold red")
        raise typer.Exit(exc.exit_code) from None


def lexicons_from(paths: list[Path] | None, *, quiet: bool = False) -> LexiconSet:
    """Load the lexicons in force, printing override notices unless quiet (warnings are for
    ``framing lexicon validate``)."""
    lexicons = load_lexicons(paths or [])
    if not quiet:
        for notice in lexicons.notices:
            say(f"note: {notice}", "yellow")
    return lexicons


LexiconOption = Annotated[list[Path] | None, typer.Option(
    "--lexicon", "-l", help=f"A lexicon file or folder of .toml files to use besides the "
    f"built-in ones (repeatable; also ${ENV_VAR}, paths separated by ':').")]


# Typer needs enums for choices; they are built from the library's own lists.
StdinFormat = StrEnum("StdinFormat", {name: name for name in STDIN_FORMATS})  # type: ignore[misc]


# Options for reading inputs, shared by every command that takes INPUT arguments.
Inputs = Annotated[list[str] | None, typer.Argument(
    metavar="INPUT",
    help="Files, folders (searched recursively) or - for stdin. Default: the bundled seeds.",
    show_default=False)]
ManifestOption = Annotated[Path | None, typer.Option(
    "--manifest", help="A manifest CSV to apply (besides any manifest.csv found in input "
    "folders).")]
NoManifest = Annotated[bool, typer.Option(
    "--no-manifest", help="Ignore manifest.csv files found in input folders.")]
TextCol = Annotated[str | None, typer.Option(
    "--text-col", help="Column with the article text (tables).")]
OutletCol = Annotated[str | None, typer.Option("--outlet-col", help="Column with the outlet name.")]
IdCol = Annotated[str | None, typer.Option("--id-col", help="Column with a document id.")]
TitleCol = Annotated[str | None, typer.Option("--title-col", help="Column with the title.")]
DateCol = Annotated[str | None, typer.Option("--date-col", help="Column with the date.")]
AuthorCol = Annotated[str | None, typer.Option("--author-col", help="Column with the author.")]
UrlCol = Annotated[str | None, typer.Option("--url-col", help="Column with the URL.")]
Encoding = Annotated[str | None, typer.Option(
    "--encoding", help="Read text with this encoding instead of detecting it.")]
StdinFormatOption = Annotated[StdinFormat, typer.Option(  # type: ignore[valid-type]
    "--stdin-format", help="Format of data read from - (auto: JSON/JSONL/HTML by first "
    "character, else text).")]


def reader_for(inputs: list[str] | None, *, quiet: bool, manifest: Path | None = None,
               no_manifest: bool = False, columns: ColumnMap | None = None,
               encoding: str | None = None,
               stdin_format: StdinFormat = StdinFormat.auto,  # type: ignore[valid-type,attr-defined]
               ) -> CorpusReader:
    """A corpus reader for the command's inputs; the bundled seeds when there are none."""
    if not inputs:
        inputs = [str(seeds_dir())]
        if not quiet:
            say(f"No INPUT given: using the bundled demo corpus in {inputs[0]}", "dim")
    return CorpusReader(inputs, columns=columns, manifest=manifest,
                        use_manifests=not no_manifest, encoding=encoding,
                        stdin_format=stdin_format.value)  # type: ignore[attr-defined]


def report_date(value: str | None) -> str:
    if value is None:
        return dt.datetime.now(dt.UTC).date().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"--date {value!r} is not a date",
                         hint="give it as YYYY-MM-DD, e.g. --date 2026-11-21") from None


def command_line(command: str = "report") -> str:
    """How the report was made, for its footer: the real command line when run as ``framing``,
    else just the command (a library caller's argv says nothing about the report)."""
    program = Path(sys.argv[0])
    if program.name == "framing" or (program.name == "__main__.py"
                                     and program.parent.name == "framing"):
        return shlex.join(["framing", *sys.argv[1:]])
    return f"framing {command}"


JobsOption = Annotated[int, typer.Option(
    "--jobs", "-j", min=0, help="Worker processes for the analysis: results are identical to "
    "--jobs 1 (0: one per CPU core).")]


def worker_count(jobs: int) -> int:
    """``--jobs``: 0 means one process per CPU core."""
    import os

    return (os.cpu_count() or 1) if jobs == 0 else jobs


MaxDocumentMb = Annotated[float, typer.Option(
    "--max-document-mb", min=0.001, help="Refuse (skip, with a message) any single document "
    "over this many MB of text; analysis needs about 90 MiB of memory and 3 s per MB.")]

AlignDocuments = Annotated[int, typer.Option(
    "--align-documents", min=0, help="Search for same-fact sentences (aligned.jsonl) in at most "
    "this many documents, a random sample beyond it (about 80 kB of memory a document); 0 "
    "turns the search off.")]


EngineOption = Annotated[str, typer.Option(
    "--engine", help="Where the per-document analysis runs: local (this machine, --jobs "
    "processes) or dask (a Dask cluster: --scheduler, or a local cluster of --jobs workers; "
    "needs framing-analyzer[dask]). The results are the same.")]
SchedulerOption = Annotated[str | None, typer.Option(
    "--scheduler", help="With --engine dask: the address of a running Dask scheduler, e.g. "
    "tcp://10.0.0.5:8786 (default: start a local cluster).")]


def check_engine(engine: str, scheduler: str | None) -> None:
    from framing.errors import UsageError
    from framing.pipeline import ENGINES

    if engine not in ENGINES:
        raise UsageError(f"unknown --engine {engine!r}", hint=f"use one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask", hint="add --engine dask")


# Without a terminal (nohup, CI, a pipe) there is no live progress bar: a plain line this often.
PROGRESS_EVERY_S = 30.0


_stop_signal: int | None = None


def request_stop(signum: int, _frame: object) -> None:
    """A signal handler that only records the request: raising from a handler can land in any
    code, even a destructor, where the exception is swallowed and the run goes on. The document
    loop (``plain_progress``) turns the request into an exit at the next document."""
    global _stop_signal
    _stop_signal = signum


def plain_progress(items: Iterable[T], *, quiet: bool, what: str = "documents analysed"
                   ) -> Iterator[T]:
    """Pass ``items`` through, stopping the run (``SystemExit``) when a stop was requested, and
    saying on stderr every ``PROGRESS_EVERY_S`` seconds how many have gone by when stderr is
    not a terminal (a terminal gets Rich's progress bar instead)."""
    import time

    plain = not quiet and not err.is_terminal
    started = last = time.monotonic()
    for count, item in enumerate(items, start=1):
        if _stop_signal is not None:
            raise SystemExit(128 + _stop_signal)
        now = time.monotonic()
        if plain and now - last >= PROGRESS_EVERY_S:
            say(f"{count:,} {what} ({now - started:,.0f} s)", "dim")
            last = now
        yield item


def analysed(reader: Iterable[Document | Skipped], lexicons: LexiconSet, *, jobs: int,
             engine: str, scheduler: str | None, max_document_mb: float | None,
             quiet: bool, then: Callable[[AnalyzedDocument], Any] | None = None) -> Iterator[Any]:
    """The per-document stage every command runs: the size limit, the chosen engine, a live
    progress count on a terminal (plain lines without one), and a stop on SIGTERM. Yields
    analysed documents (or what ``then``, run in the workers, makes of them) and skipped inputs
    in input order."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from framing.pipeline import iter_analyze, size_limit

    with Progress(SpinnerColumn(), TextColumn("{task.completed} documents analysed"),
                  TimeElapsedColumn(), console=err, transient=True,
                  disable=not err.is_terminal or quiet) as progress:
        task = progress.add_task("analyse", total=None)
        read = 0

        def counted() -> Iterator[Document | Skipped]:
            nonlocal read
            for item in reader:
                read += 1
                yield item

        results = iter_analyze(size_limit(counted(), max_document_mb), lexicons=lexicons,
                               jobs=worker_count(jobs), engine=engine, scheduler=scheduler,
                               then=then)
        came_out = 0
        for item in plain_progress(results, quiet=quiet):
            came_out += 1
            progress.advance(task)
            yield item
        # Every engine returns one result per input item; a shortfall would be a silent loss.
        if came_out != read:
            raise EngineError(f"{read} documents went into the {engine} engine but "
                              f"{came_out} results came out; nothing was written",
                              hint="this is a bug in framing: please report it")


def verdict(analysed_count: int, skipped: list[Skipped], *, strict: bool,
            nothing: str) -> tuple[int, str | None]:
    """The exit code, and the error that stops the command from writing (None when it writes):
    nothing readable (``nothing`` says what could not be made), or a skip under ``--strict``."""
    if not analysed_count:
        return EXIT_USAGE, f"nothing to {nothing}: no input held a readable document"
    if skipped and strict:
        return EXIT_SKIPPED, f"{len(skipped)} input(s) skipped and --strict is set; nothing written"
    return (EXIT_SKIPPED if skipped else EXIT_OK), None
