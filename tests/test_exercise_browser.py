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
