"""The ``framing`` command: a thin layer over the library that parses options, reports on
stderr and maps outcomes to exit codes (0 all analysed, 1 some inputs skipped, 2 usage error or
nothing analysable)."""

from __future__ import annotations

from typing import Annotated

import typer

from framing import __version__
from framing.cli import lexicon
from framing.cli.analyze import analyze
from framing.cli.common import out
from framing.cli.compare import compare
from framing.cli.evaluate import evaluate
from framing.cli.exercise import exercise
from framing.cli.kwic import kwic_command
from framing.cli.report import report

app = typer.Typer(
    name="framing",
    help="Compare how news outlets frame the same story, with evidence for every number.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


app.command()(analyze)
app.command()(compare)
app.command()(report)
app.command()(exercise)
app.command("eval")(evaluate)
app.command("kwic")(kwic_command)
app.add_typer(lexicon.app, name="lexicon")


def main() -> None:
    """Console-script entry point. SIGTERM (``kill``, ``timeout``, a stopped container) ends the
    run at the next document as an ordinary exit, so the writers' clean-up runs and no temporary
    file or half-written output is left behind, as on Ctrl-C."""
    import signal

    from framing.cli.common import request_stop

    signal.signal(signal.SIGTERM, request_stop)
    app()
