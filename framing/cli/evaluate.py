"""``framing eval``: precision, recall and F1 of the framing features on annotated sentences."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from framing.cli.common import LexiconOption, lexicons_from, out, reported_errors
from framing.errors import UsageError
from framing.evaluate import evaluate_features, read_annotations


class EvalFormat(StrEnum):
    text = "text"
    json = "json"


def evaluate(
    file: Annotated[Path, typer.Argument(
        help="JSONL, one annotated sentence per line: text, and any of the 0/1 fields "
             "kinetic, political, hedge, booster, attribution, distancing and the string "
             "field source_type.")],
    output_format: Annotated[EvalFormat, typer.Option(
        "--format", help="text: a table; json: exactly one JSON object.")] = EvalFormat.text,
    split: Annotated[str | None, typer.Option(
        "--split", help="Only the sentences whose 'split' field has this value "
                        "(e.g. test).")] = None,
    lexicon: LexiconOption = None,
) -> None:
    """Score the framing features against annotated sentences, each analysed as one sentence.

    Example: framing eval tests/data/annotated_sentences.jsonl --split test
    """
    with reported_errors():
        if not file.is_file():
            raise UsageError("no such file", path=str(file))
        lexicons = lexicons_from(lexicon, quiet=output_format is EvalFormat.json)
        result = evaluate_features(read_annotations(file, split=split), lexicons)
        if result.n == 0:
            raise UsageError("no annotated sentences" + (f" with split {split!r}" if split else ""),
                             path=str(file))
    if output_format is EvalFormat.json:
        out.file.write(json.dumps(result.as_dict()) + "\n")
        return
    table = Table(title=f"{result.n} sentences", title_justify="left", show_edge=False)
    for name in ("label", "precision", "recall", "F1", "support"):
        table.add_column(name, justify="left" if name == "label" else "right")
    for label, scores in result.labels.items():
        table.add_row(label, f"{scores.precision:.3f}", f"{scores.recall:.3f}",
                      f"{scores.f1:.3f}", str(scores.support))
    out.print(table)
    out.print(f"source type accuracy: {result.source_type_accuracy:.3f} over "
              f"{result.source_type_n} sentences both call attributed", markup=False)
