"""The wheel carries the built-in lexicons and the demo corpus as package data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from framing.resources import builtin_lexicon_dir, seeds_dir


def test_resources_resolve_in_a_checkout():
    assert (seeds_dir() / "manifest.csv").is_file()
    assert builtin_lexicon_dir().is_dir()


@pytest.mark.slow
def test_wheel_contains_lexicons_and_seeds(tmp_path: Path):
    # --no-build-isolation: hatchling comes from the test extra, so no network is needed.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp_path), str(ROOT)], check=True, timeout=300)
    (wheel,) = tmp_path.glob("framing_analyzer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in sorted((ROOT / "lexicons").iterdir()):
        assert f"framing/lexicons/{path.name}" in names
    for path in sorted((ROOT / "seeds").iterdir()):
        assert f"framing/seeds/{path.name}" in names
    assert "framing/cli/__init__.py" in names
    assert not any(name.startswith(("tests/", "benchmarks/")) for name in names)
