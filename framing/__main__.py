"""Run the command-line interface with ``python -m framing``."""

from framing.cli import main

main()
