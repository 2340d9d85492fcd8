"""``framing kwic``: every occurrence of a word, a lexicon category or a framing feature, with
its context, outlet by outlet; aligned text for reading, CSV or JSONL for tables."""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.cells import cell_len
from rich.text import Text

from framing.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    AuthorCol,
    DateCol,
    Encoding,
    IdCol,
    Inputs,
    LexiconOption,
    ManifestOption,
    NoManifest,
    OutletCol,
    StdinFormat,
    StdinFormatOption,
    TextCol,
    TitleCol,
    UrlCol,
    err,
    lexicons_from,
    out,
    reader_for,
    reported_errors,
    say,
)
from framing.compare.kwic import DEFAULT_WIDTH, KWIC_COLUMNS, KwicHit, kwic, parse_query
from framing.corpus import ColumnMap
from framing.errors import UsageError
from framing.model import Skipped
from framing.output import default_file_mode, to_json
from framing.pipeline import AnalyzedDocument, iter_analyze

KwicFormat = StrEnum("KwicFormat", {name: name for name in ("text", "csv", "jsonl")})  # type: ignore[misc]
KEYWORD_STYLE = "bold"


def kwic_command(
    term: Annotated[str, typer.Argument(
        metavar="TERM", help="A word or phrase (case-insensitive, whole words, 'milit*' for any "
        "ending), a lexicon category such as conflict.kinetic (sub-categories included), or "
        "feature:NAME for framing evidence such as feature:hedge.", show_default=False)],
    inputs: Inputs = None,
    width: Annotated[int, typer.Option(
        "--width", min=0, help="Characters of context on each side.")] = DEFAULT_WIDTH,
    output_format: Annotated[KwicFormat, typer.Option(  # type: ignore[valid-type]
        "--format", help="text: aligned columns to read; csv or jsonl: one row per hit with "
        "offsets into the cleaned text.")] = KwicFormat.text,  # type: ignore[attr-defined]
    output: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the hits to this file (replaced only when the run succeeds) "
        "instead of stdout.")] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, help="Stop after this many hits.")] = None,
    by_outlet: Annotated[bool, typer.Option(
        "--by-outlet", help="Also print the number of hits per outlet on stderr.")] = False,
    lexicon: LexiconOption = None,
    manifest: ManifestOption = None, no_manifest: NoManifest = False,
    text_col: TextCol = None, outlet_col: OutletCol = None, id_col: IdCol = None,
    title_col: TitleCol = None, date_col: DateCol = None, author_col: AuthorCol = None,
    url_col: UrlCol = None, encoding: Encoding = None,
    stdin_format: StdinFormatOption = StdinFormat.auto,  # type: ignore[attr-defined]
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    """Show every occurrence of TERM in its context, outlet by outlet.

    Example: framing kwic "milit*" seeds/ --by-outlet
    """
    columns = ColumnMap(text=text_col, outlet=outlet_col, id=id_col, title=title_col,
                        date=date_col, author=author_col, url=url_col)
    fmt = output_format.value  # type: ignore[attr-defined]
    target: _Target | None = None
    with reported_errors():
        try:
            lexicons = lexicons_from(lexicon, quiet=quiet)
            query = parse_query(term, lexicons)
            reader = reader_for(inputs, quiet=quiet, manifest=manifest, no_manifest=no_manifest,
                                columns=columns, encoding=encoding, stdin_format=stdin_format)
            # The file is opened before any work, so an unwritable --out fails at once.
            target = _Target(output) if output is not None else None
            handle = target.handle if target is not None else out.file
            styled = target is None and out.is_terminal
            tally = _Tally()
            documents = tally.documents(iter_analyze(
                reader, lexicons=lexicons if query.needs_lexicons else None))
            hits = tally.hits(kwic(documents, query, width=width), limit)
            _write(hits, handle, fmt, width=width, styled=styled)
            if not tally.documents_seen:
                code, verdict = EXIT_USAGE, "nothing to search: no input held a readable document"
            else:
                code, verdict = (EXIT_SKIPPED if tally.skipped else EXIT_OK), None
            if target is not None and verdict is None:
                target.commit()
        finally:
            if target is not None:
                target.abort()  # no-op after a commit

    if not quiet:
        for note in reader.notes:
            say(f"note: {note}", "yellow")
    for item in tally.skipped:
        say(f"skipped: {item}", "red")
    if verdict:
        say(f"error: {verdict}", "bold red")
        raise typer.Exit(code)
    found = sum(tally.per_outlet.values())
    partial = " (stopped at --limit)" if tally.truncated else ""
    if not found:
        say(f"no hits for {query.describe()} in {tally.documents_seen} document(s)", "yellow")
    elif not quiet:
        say(f"{found} hit(s) for {query.describe()} in {tally.documents_seen} document(s) "
            f"from {len(tally.per_outlet)} outlet(s){partial}", "dim")
    if by_outlet:
        counts = ", ".join(f"{name} {n}" for name, n in sorted(tally.per_outlet.items()))
        err.print(Text(f"hits per outlet{partial}: {counts}"))  # Text: names are not markup
    if target is not None and not quiet:
        say(f"wrote {output}", "green")
    raise typer.Exit(code)


class _Tally:
    """Counts as the hits stream past: documents read, inputs skipped, hits per outlet
    (every outlet read appears, with 0 if it has no hit, so outlets can be compared)."""

    def __init__(self) -> None:
        self.documents_seen = 0
        self.skipped: list[Skipped] = []
        self.per_outlet: Counter[str] = Counter()
        self.truncated = False  # a hit beyond --limit was found

    def documents(self, items: Iterable[AnalyzedDocument | Skipped]) -> Iterator[AnalyzedDocument]:
        for item in items:
            if isinstance(item, Skipped):
                self.skipped.append(item)
                continue
            self.documents_seen += 1
            self.per_outlet[item.document.outlet] += 0
            yield item

    def hits(self, hits: Iterable[KwicHit], limit: int | None) -> Iterator[KwicHit]:
        for found, hit in enumerate(hits):
            if limit is not None and found >= limit:
                self.truncated = True
                return  # stops reading: no document past the limit is analysed
            self.per_outlet[hit.outlet] += 1
            yield hit


def _write(hits: Iterable[KwicHit], handle: IO[str], fmt: str, *, width: int,
           styled: bool) -> None:
    if fmt == "csv":
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(KWIC_COLUMNS)
        for hit in hits:
            writer.writerow(getattr(hit, name) for name in KWIC_COLUMNS)
    elif fmt == "jsonl":
        for hit in hits:
            handle.write(to_json({name: getattr(hit, name) for name in KWIC_COLUMNS}) + "\n")
    else:
        # Aligning the outlet column needs every outlet name first: the hits (a line of context
        # each, not the texts) are kept until the end.
        collected = list(hits)
        outlet_width = max((cell_len(hit.outlet) for hit in collected), default=0)
        for hit in collected:
            line = text_line(hit, outlet_width=outlet_width, width=width)
            if styled:
                out.print(line)  # a Text: article text and names are never read as markup
            else:
                handle.write(line.plain + "\n")


def text_line(hit: KwicHit, *, outlet_width: int, width: int) -> Text:
    """One hit as an aligned line: the outlet, the left context right-aligned to ``width``, the
    keyword between two spaces (styled on a terminal), then the right context. The spaces next
    to the keyword are the display's own, so the keyword's edges show without colour too."""
    left, right = hit.left.rstrip(), hit.right.lstrip()
    line = Text(hit.outlet + " " * (outlet_width - cell_len(hit.outlet)) + "  ")
    line.append(" " * max(0, width - cell_len(left)) + left + "  ")
    line.append(hit.keyword, style=KEYWORD_STYLE)
    line.append(("  " + right).rstrip())
    return line


class _Target:
    """An output file written to a temporary name beside it and renamed into place on commit,
    so a failed or refused run never leaves a half-written file where a good one was."""

    def __init__(self, path: Path) -> None:
        if path.is_dir():
            raise UsageError("--out is a folder, not a file", path=str(path),
                             hint="give a file name, e.g. --out hits.csv")
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise UsageError(f"cannot write the output file ({exc.strerror})", path=str(path),
                             hint="choose another --out") from None
        self.temporary: Path | None = Path(name)
        # Closed by commit or abort, which the command always reaches (its finally clause).
        self.handle: IO[str] = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def commit(self) -> None:
        self.handle.close()
        assert self.temporary is not None
        os.chmod(self.temporary, default_file_mode())  # mkstemp makes 0600; follow the umask
        os.replace(self.temporary, self.path)
        self.temporary = None

    def abort(self) -> None:
        if self.temporary is None:
            return
        with contextlib.suppress(OSError):  # a full disk fails the final flush; the file goes
            self.handle.close()
        self.temporary.unlink(missing_ok=True)
        self.temporary = None
