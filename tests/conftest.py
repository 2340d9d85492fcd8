"""Shared fixtures: the repository's seeds, the annotated data in ../shared/data, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from framing.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Public annotated datasets live beside the repository and are never copied into it.
SHARED_DATA = Path(os.environ.get("FRAMING_SHARED_DATA", ROOT.parent / "shared" / "data"))

# A short real-looking article, and a helper that writes test inputs (text or bytes).
ARTICLE = "Troops raided a compound near Kech on Monday. Officials said four men were held."


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"annotated data not found at {SHARED_DATA} (set FRAMING_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture
def run_cli():
    """Invoke the CLI in-process; the result has exit_code, stdout and stderr."""
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return run


@pytest.fixture(scope="session")
def seed_analysis():
    """The bundled seeds analysed once with the built-in lexicons."""
    from framing import analyze, load_corpus, load_lexicons

    return analyze(load_corpus([SEEDS]), lexicons=load_lexicons(discover=False))


@pytest.fixture(scope="module")
def run_cli_module():
    """``run_cli`` for module-scoped fixtures (e.g. one report shared by a module's tests)."""
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return run
