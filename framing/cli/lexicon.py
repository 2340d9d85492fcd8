"""``framing lexicon ...``: list, show, validate, test, coverage, suggest, import, export."""

from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.table import Table
from rich.text import Text

from framing.cli.common import (
    EXIT_OK,
    EXIT_SKIPPED,
    EXIT_USAGE,
    Inputs,
    LexiconOption,
    TextCol,
    lexicons_from,
    out,
    reader_for,
    reported_errors,
    say,
)
from framing.corpus import ColumnMap
from framing.errors import UsageError
from framing.lexicon.model import Lexicon
from framing.lexicon.registry import LexiconSet, lexicon_files
from framing.lexicon.toml_io import LexiconError, read_lexicon, to_toml
from framing.lexicon.tools import coverage, mark_matches, suggest
from framing.output import write_files
from framing.pipeline import AnalyzedDocument, iter_analyze
from framing.text.segment import segment

app = typer.Typer(help="Inspect, check, test and convert lexicons.", no_args_is_help=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option(
    "--format", help="text: tables for reading; json: one object for scripts.")]


@app.command("list")
def list_lexicons(lexicon: LexiconOption = None,
                  output_format: FormatOption = OutputFormat.text) -> None:
    """List every lexicon in force, where it comes from, and its categories.

    Example: framing lexicon list --lexicon my-lexicons/
    """
    with reported_errors():
        lexicons = lexicons_from(lexicon)
    if output_format is OutputFormat.json:
        out.print_json(json.dumps([{
            "name": lex.name, "version": lex.version, "origin": lex.origin, "path": lex.path,
            "categories": {name: len(c.terms) for name, c in lex.categories.items()},
            "terms": lex.term_count} for lex in lexicons], ensure_ascii=False))
        return
    table = Table(show_edge=False)
    for name in ("lexicon", "version", "origin", "path", "categories", "terms"):
        table.add_column(name, justify="right" if name in ("categories", "terms") else "left")
    for lex in lexicons:
        table.add_row(Text(lex.name), Text(lex.version), lex.origin, Text(str(lex.path)),
                      Text(", ".join(lex.categories)), str(lex.term_count))
    out.print(table)


@app.command()
def show(name: Annotated[str, typer.Argument(help="Lexicon name or .toml file.")],
         lexicon: LexiconOption = None) -> None:
    """Show a lexicon's categories, their parents and all their terms.

    Example: framing lexicon show conflict
    """
    with reported_errors():
        lex = _lexicon_named(name, lexicon)
    out.print(f"{lex.name} {lex.version} ({lex.origin}: {lex.path})", markup=False)
    if lex.description:
        out.print(lex.description, markup=False)
    for category in lex.categories.values():
        depth = len(lex.ancestors(category.name))
        indent = "  " * depth
        out.print(f"\n{indent}{category.name} — {category.label} ({len(category.terms)} terms)",
                  markup=False)
        if category.description:
            out.print(f"{indent}  {category.description}", markup=False)
        if category.terms:
            out.print(f"{indent}  terms: " + ", ".join(t.text for t in category.terms),
                      markup=False)
        if category.exclude:
            out.print(f"{indent}  exclude: " + ", ".join(t.text for t in category.exclude),
                      markup=False)


@app.command()
def validate(paths: Annotated[list[Path], typer.Argument(
        help="Lexicon .toml files, or folders of them.")]) -> None:
    """Check lexicon files: syntax, keys, names, terms, wildcards, parents; exit 2 on errors.

    Example: framing lexicon validate lexicons/*.toml
    """
    errors = warnings = 0
    with reported_errors():
        files = [file for path in paths for file in lexicon_files(path)]
    for file in files:
        _, problems = read_lexicon(file)
        for problem in problems:
            say(str(problem), "bold red" if problem.severity == "error" else "yellow")
        errors += sum(p.severity == "error" for p in problems)
        warnings += sum(p.severity == "warning" for p in problems)
    say(f"{len(files)} file(s): {errors} error(s), {warnings} warning(s)",
        "bold red" if errors else "green")
    raise typer.Exit(EXIT_USAGE if errors else EXIT_OK)


@app.command("test")
def test_lexicon(
    name: Annotated[str, typer.Argument(help="Lexicon name or .toml file.")],
    text: Annotated[str, typer.Argument(help="The text to match.")],
    lexicon: LexiconOption = None,
) -> None:
    """Show what a lexicon matches in a text: each match bracketed with category and term.

    Example: framing lexicon test conflict "Troops raided a compound; talks resumed."
    """
    with reported_errors():
        lex = _lexicon_named(name, lexicon)
    lexicons = LexiconSet(lexicons={lex.name: lex})
    text = unicodedata.normalize("NFC", text)
    # Sentence by sentence, as analyze matches: no match runs across a sentence end.
    matches = [m for s in segment(text) for m in lexicons.matcher.find(text, s.start, s.end)]
    out.print(mark_matches(text, matches), markup=False)
    counts = lexicons.count(matches)
    for column in lexicons.columns:
        if counts[column]:
            out.print(f"  {column}: {counts[column]}", markup=False)
    if not matches:
        say("no matches", "yellow")


@app.command("coverage")
def coverage_command(
    inputs: Inputs = None, lexicon: LexiconOption = None, text_col: TextCol = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Terms and words to list.")] = 10,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Per category: matches, share of sentences reached, top terms; and frequent words that
    no category matches.

    Example: framing lexicon coverage seeds/ --top 5
    """
    with reported_errors():
        lexicons = lexicons_from(lexicon)
        documents = _analysed(inputs, lexicons, text_col)
        result = coverage(documents, lexicons, top=top)
    if output_format is OutputFormat.json:
        out.print_json(json.dumps({
            "documents": result.documents, "sentences": result.sentences,
            "categories": [asdict(c) for c in result.categories],
            "unmatched_words": result.unmatched_words}, ensure_ascii=False))
        return
    table = Table(title=f"{result.documents} documents, {result.sentences} sentences",
                  title_justify="left", show_edge=False)
    for name in ("category", "matches", "sentences", "share", "top terms"):
        table.add_column(name, justify="left" if name in ("category", "top terms") else "right")
    for c in result.categories:
        terms = ", ".join(f"{term} {n}" for term, n in c.top_terms)
        table.add_row(Text(c.column), str(c.matches), str(c.sentences), f"{c.share:.1%}",
                      Text(terms))
    out.print(table)
    out.print("Frequent words matched by no category: " + ", ".join(
        f"{word} {n}" for word, n in result.unmatched_words), markup=False)


@app.command("suggest")
def suggest_command(
    category: Annotated[str, typer.Argument(help="LEXICON.CATEGORY, or a category name "
                                                 "that only one lexicon has.")],
    inputs: Inputs = None, lexicon: LexiconOption = None, text_col: TextCol = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Candidates to list.")] = 20,
    min_count: Annotated[int, typer.Option(
        "--min-count", min=1, help="Least number of category sentences a word must be in.")] = 2,
    output_format: FormatOption = OutputFormat.text,
) -> None:
    """Suggest new terms for a category from your own corpus: words over-represented in the
    sentences the category already reaches, with two example contexts each.

    Example: framing lexicon suggest conflict.kinetic seeds/
    """
    with reported_errors():
        lexicons = lexicons_from(lexicon)
        lexicons.resolve_category(category)  # fail before reading the corpus
        documents = _analysed(inputs, lexicons, text_col)
        found = suggest(documents, lexicons, category, top=top, min_count=min_count)
    if output_format is OutputFormat.json:
        out.print_json(json.dumps([asdict(s) for s in found], ensure_ascii=False))
        return
    if not found:
        say("no candidates: the category reaches too few sentences in this corpus "
            "(try more documents or --min-count 1)", "yellow")
        return
    for s in found:
        out.print(f"{s.word}  z={s.z:+.2f}  in category sentences: {s.in_category}, "
                  f"elsewhere: {s.elsewhere}", markup=False)
        for example in s.examples:
            out.print(f"    {example}", markup=False)


class ImportFormat(StrEnum):
    dic = "dic"
    txt = "txt"
    csv = "csv"
    jsonl = "jsonl"


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="A LIWC .dic, .txt word list, .csv "
                                              "(term,category) or spaCy patterns .jsonl.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .toml file to write.")],
    name: Annotated[str | None, typer.Option(
        "--name", help="Lexicon name (default: from the file name).")] = None,
    fmt: Annotated[ImportFormat | None, typer.Option(
        "--from", help="Input format (default: from the file ending).")] = None,
) -> None:
    """Convert a LIWC dictionary, word list, CSV or spaCy patterns into a lexicon file.

    Example: framing lexicon import mfd2.0.dic -o lexicons/mfd.toml
    """
    from framing.lexicon.convert import import_lexicon

    with reported_errors():
        if not file.is_file():
            raise UsageError("no such file", path=str(file))
        lexicon, problems = import_lexicon(file, name=name, fmt=fmt.value if fmt else None)
        for problem in problems:
            say(str(problem), "bold red" if problem.severity == "error" else "yellow")
        _write_atomically(output, to_toml(lexicon))
    skipped = sum(p.severity == "error" for p in problems)
    say(f"wrote {output}: {len(lexicon.categories)} categories, {lexicon.term_count} terms"
        + (f"; {len(problems)} problem(s) reported above" if problems else ""), "green")
    # Exit 1 only when entries were left out; warnings (a merged duplicate) leave it at 0.
    raise typer.Exit(EXIT_SKIPPED if skipped else EXIT_OK)


class ExportFormat(StrEnum):
    dic = "dic"
    toml = "toml"


@app.command("export")
def export_command(
    name: Annotated[str, typer.Argument(help="Lexicon name or .toml file.")],
    export_format: Annotated[ExportFormat, typer.Option(
        "--format", help="dic: LIWC dictionary; toml: this project's format.")] = ExportFormat.dic,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: standard output).")] = None,
    lexicon: LexiconOption = None,
) -> None:
    """Write a lexicon as a LIWC .dic (sub-categories listed with their parents) or as TOML.

    Example: framing lexicon export conflict --format dic -o conflict.dic
    """
    from framing.lexicon.convert import to_dic

    with reported_errors():
        lex = _lexicon_named(name, lexicon)
        text = to_dic(lex) if export_format is ExportFormat.dic else to_toml(lex)
        excluded = sum(len(c.exclude) for c in lex.categories.values())
        if export_format is ExportFormat.dic and excluded:
            say(f"note: LIWC .dic has no exclusions: {excluded} exclusion phrase(s) of "
                f"{lex.name!r} are not in the export, so LIWC tools will count those phrases",
                "yellow")
        if output is None:
            out.file.write(text)
        else:
            _write_atomically(output, text)
            say(f"wrote {output}", "green")


def _lexicon_named(name: str, paths: list[Path] | None) -> Lexicon:
    """A lexicon by name among those in force, or read from a file path."""
    if name.endswith(".toml") or os.sep in name:
        files = lexicon_files(Path(name))
        lexicon, problems = read_lexicon(files[0], origin="file")
        if lexicon is None:
            raise LexiconError(problems)
        return lexicon
    lexicons = lexicons_from(paths, quiet=True)
    if name not in lexicons.lexicons:
        raise UsageError(f"no lexicon named {name!r}",
                         hint=f"lexicons in force: {', '.join(lexicons.lexicons) or 'none'}")
    return lexicons[name]


def _analysed(inputs: list[str] | None, lexicons: LexiconSet,
              text_col: str | None) -> list[AnalyzedDocument]:
    reader = reader_for(inputs, quiet=True, columns=ColumnMap(text=text_col))
    documents = [d for d in iter_analyze(reader, lexicons=lexicons)
                 if isinstance(d, AnalyzedDocument)]
    if not documents:
        raise UsageError("nothing to analyse: no input held a readable document")
    return documents


def _write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it, so a failure never leaves a
    half-written file in place of a good one."""

    def write(handle: IO[str]) -> None:
        handle.write(text)

    write_files(path.parent, {path.name: write}, what=path.name, option="--output")



