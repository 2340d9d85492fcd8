"""The size of the HTML report and how it behaves in a browser, for N real articles.

Analyses and compares the first N articles (default 200, every one with a reading view) of a
JSONL file, renders the report, and prints: the time of each stage (CPU seconds, one core), the
report's size, and, when Playwright and Chromium (``/usr/bin/chromium``) are installed, how long
Chromium takes to load it (DOMContentLoaded and load events) and to apply a feature toggle
(unchecking ``#show-kinetic`` and reading back a highlight's computed style).

Run from the repository root: ``python benchmarks/bench_report.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_compare import DEFAULT_DATA, read_documents

from framing import analyze_document, load_lexicons
from framing.compare import Comparator
from framing.pipeline import AnalyzedDocument
from framing.report.render import render_report, write_report
from framing.report.view import build_view

CHROMIUM = Path("/usr/bin/chromium")


def browser_timings(path: Path) -> dict[str, float] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not CHROMIUM.exists():
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load")
        loaded = time.perf_counter() - started
        timing = page.evaluate(
            "() => { const t = performance.getEntriesByType('navigation')[0];"
            " return [t.domContentLoadedEventEnd, t.loadEventEnd]; }")
        started = time.perf_counter()
        page.uncheck("#show-kinetic")
        page.evaluate("() => getComputedStyle(document.querySelector('.text .ev-kinetic'))"
                      ".backgroundColor")
        toggled = time.perf_counter() - started
        browser.close()
    return {"goto_s": loaded, "dom_ms": timing[0], "load_ms": timing[1], "toggle_s": toggled}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=200, help="articles (default 200)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"{args.data} not found: pass --data with a JSONL file of articles")
    lexicons = load_lexicons(discover=False)
    documents = read_documents(args.data, args.limit)
    started = time.process_time()
    analysed = [a for d in documents
                if isinstance(a := analyze_document(d, lexicons=lexicons), AnalyzedDocument)]
    analyse_s = time.process_time() - started
    started = time.process_time()
    comparator = Comparator()
    for document in analysed:
        comparator.add(document)
    comparison = comparator.result()
    compare_s = time.process_time() - started
    started = time.process_time()
    view = build_view(analysed, comparison, lexicons, generated="2026-11-21",
                      command="benchmarks/bench_report.py")
    page = render_report(view)
    render_s = time.process_time() - started
    with tempfile.TemporaryDirectory() as folder:
        path = write_report(page, Path(folder) / "report.html")
        size = path.stat().st_size
        browser = browser_timings(path)
    lines = [
        "| stage | CPU s |", "|---|---:|",
        f"| analyse {len(analysed)} articles | {analyse_s:.2f} |",
        f"| compare | {compare_s:.2f} |",
        f"| build the view and render the HTML | {render_s:.2f} |",
        "",
        f"- report: {size / 1e6:.2f} MB for {len(analysed)} articles with reading views "
        f"({len(comparison.outlets)} outlets, "
        f"{sum(len(f.evidence) for d in analysed for f in d.features):,} evidence spans)",
    ]
    if browser:
        lines.append(f"- Chromium (headless): DOMContentLoaded {browser['dom_ms']:.0f} ms, load "
                     f"{browser['load_ms']:.0f} ms; a feature toggle applied and read back in "
                     f"{browser['toggle_s'] * 1000:.0f} ms")
    else:
        lines.append("- Chromium timings skipped (Playwright or /usr/bin/chromium missing)")
    lines.append(f"- {datetime.now(UTC):%Y-%m-%d}, `{args.data.name}`, first {args.limit} articles")
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
