"""Where the bundled data lives: inside the installed package (wheel) or at the top of a source
checkout (editable install), whichever exists."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    packaged = Path(str(files("framing"))) / name
    return packaged if packaged.is_dir() else _CHECKOUT_ROOT / name


def builtin_lexicon_dir() -> Path:
    """The folder of built-in lexicon files."""
    return _bundled("lexicons")


def seeds_dir() -> Path:
    """The bundled demo corpus (five articles and their manifest)."""
    return _bundled("seeds")
