"""The worksheet and answer key in headless Chromium: no console error, and printed to PDF
(A4 and Letter) with each activity on its own page. Skipped locally without Chromium or
Playwright, failing in CI (see tests/test_report_browser.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_report_browser import Watched, browser, context  # noqa: F401 (fixtures)

DATE = "2026-11-21"


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    from framing.cli import app

    out = tmp_path_factory.mktemp("exercise")
    result = CliRunner().invoke(app, ["exercise", "--out", str(out), "--date", DATE])
    assert result.exit_code == 0, result.stderr
    return out


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("name", ["worksheet.html", "answer-key.html"])
def test_sheets_render_without_errors_and_print_an_activity_per_page(context, sheets, name):  # noqa: F811
    page = Watched(context).open(sheets / name)
    assert page.complaints() == []
    assert page.requests == [(sheets / name).as_uri()]
    activities = page.page.locator("section.activity")
    count = activities.count()
    assert count == 7
    page.page.emulate_media(media="print")
    for i in range(count):
        style = activities.nth(i).evaluate("e => getComputedStyle(e).breakBefore")
        assert style == "page", i
    for paper in ("A4", "Letter"):
        pdf = page.page.pdf(format=paper)
        # A cover page, a page or more per activity, then the articles on their own pages.
        assert _pages(pdf) >= 1 + count + 5, paper


def test_the_tally_fits_the_printed_page_with_many_sources(context, tmp_path):  # noqa: F811
    """A column per source: with twelve sources (long names, not blind) the table still fits
    the width of an A4 page, and the articles' heading does not stand alone on a page."""
    from typer.testing import CliRunner

    from conftest import SEEDS, write
    from framing.cli import app

    outlets = ["Dawn", "The Express Tribune", "The News International", "Balochistan Post",
               "Geo News", "The Nation", "Daily Times", "Business Recorder", "The Friday Times",
               "Pakistan Today", "Arab News Pakistan", "The Diplomat"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i, outlet in enumerate(outlets):
        write(tmp_path / "in" / f"{i:02d}.txt",
              f"---\noutlet: {outlet}\n---\n{texts[i % len(texts)]}")
    for blind in ((), ("--no-blind",)):
        out = tmp_path / f"out{len(blind)}"
        result = CliRunner().invoke(app, ["exercise", str(tmp_path / "in"), "--out", str(out),
                                          "--date", DATE, "--no-manifest", "--activities", "1",
                                          *blind])
        assert result.exit_code == 0, result.stderr
        for name in ("worksheet.html", "answer-key.html"):
            page = Watched(context).open(out / name).page
            # The printable width of A4 with the sheet's margins (210 - 2 x 14 mm), at 96 dpi.
            page.set_viewport_size({"width": round(182 / 25.4 * 96), "height": 1000})
            page.emulate_media(media="print")
            right, width = page.evaluate("""() => [
                document.querySelector('table.tally').getBoundingClientRect().right,
                document.documentElement.clientWidth]""")
            assert right <= width + 1, (name, blind)
            breaks = page.evaluate("""() => [...document.querySelectorAll('.articles > .article')]
                .map(e => getComputedStyle(e).breakBefore)""")
            assert breaks == ["auto"] + ["page"] * (len(outlets) - 1), (name, blind)
