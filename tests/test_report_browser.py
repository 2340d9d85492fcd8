"""The HTML report in a real browser: headless Chromium driven by Playwright.

The report is generated in-process with ``framing report`` and opened from ``file://``. These
tests check what only a browser can: that the page raises no console error (a Content-Security-
Policy violation is one) and loads nothing but itself, that the CSS toggles and tooltips work,
that it is complete without JavaScript, that it prints, and that hostile input stays inert text.

Chromium is Debian's (``/usr/bin/chromium``); no browser is ever downloaded. Without Chromium or
Playwright the tests are skipped locally, but fail when ``CI`` is set: CI must run them.
"""

from __future__ import annotations

import csv
import os
import re
import struct
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEEDS, write

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None
    PlaywrightError = Exception

# Debian's package; FRAMING_CHROMIUM names another build of Chromium (never a downloaded one).
CHROMIUM = Path(os.environ.get("FRAMING_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DATE = "2026-01-02"
SECTIONS = ("overview", "contrasts", "vocabulary", "speakers", "labels", "prescriptions",
            "aligned", "documents", "methods")
ARTEFACT = ROOT / "reports" / "ci" / "report.png"
TRANSPARENT = ("rgba(0, 0, 0, 0)", "transparent")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where the browser tests must never be silently skipped."""
    if _in_ci():
        pytest.fail(f"{reason}; CI is set, so the browser tests must run (.ci/run installs "
                    "Debian's chromium, `pip install -e '.[test]'` installs playwright)",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if sync_playwright is None:
        _unavailable("Playwright is not installed (pip install playwright; no browser download "
                     "is needed)")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    manager = sync_playwright().start()
    try:
        try:
            launched = manager.chromium.launch(executable_path=str(CHROMIUM),
                                               args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield launched
        launched.close()
    finally:
        manager.stop()


class Watched:
    """A page with everything worth complaining about recorded: console messages, page errors,
    requests and dialogs (which are dismissed)."""

    def __init__(self, context):
        self.page = context.new_page()
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: Path) -> Watched:
        self.page.goto(path.as_uri(), wait_until="load")
        return self

    def complaints(self) -> list[str]:
        """Console errors and warnings, and uncaught page errors."""
        return [m for m in self.console if m.split(":", 1)[0] in ("error", "warning")] + \
            [f"pageerror: {e}" for e in self.errors]


@pytest.fixture
def context(browser):
    made = browser.new_context(viewport={"width": 1280, "height": 900})
    yield made
    made.close()


def _generate(run_cli, output: Path, *args) -> Path:
    result = run_cli("report", *args, "-o", output, "--date", DATE, "--quiet")
    assert result.exit_code == 0, result.output
    assert output.is_file()
    return output


@pytest.fixture(scope="module")
def seeds_report(run_cli_module, tmp_path_factory) -> Path:
    return _generate(run_cli_module, tmp_path_factory.mktemp("report") / "seeds.html", SEEDS)


def _seed_outlets() -> set[str]:
    with open(SEEDS / "manifest.csv", encoding="utf-8", newline="") as handle:
        return {row["outlet"] for row in csv.DictReader(handle)}


def _css_string(value: str) -> str:
    """A computed ``content`` value (a CSS string such as ``"a \\"b\\""``) as plain text."""
    assert len(value) >= 2 and value[0] == value[-1] == '"', value
    return re.sub(r"\\(.)", r"\1", value[1:-1], flags=re.S)


# --- loading --------------------------------------------------------------------------------

def test_seeds_report_loads_without_errors_or_requests(context, seeds_report):
    watched = Watched(context).open(seeds_report)
    page = watched.page
    # Exercise the script: sort a table, hover and focus a highlight.
    page.locator("#overview table.sortable thead th button").nth(1).click()
    page.locator(".text mark.ev[tabindex]").first.hover()
    page.locator(".text mark.ev[tabindex]").nth(1).focus()
    assert watched.complaints() == []
    assert watched.requests == [seeds_report.as_uri()]
    assert watched.dialogs == []
    # The inline script ran (its CSP hash matched): sortable headers became buttons.
    assert page.locator("table.sortable thead th button").count() >= 8
    assert page.locator("#overview th[aria-sort]").count() == 1


def test_a_csp_violation_or_foreign_request_would_be_caught(context, run_cli, tmp_path):
    """The check above can fail: a partial that smuggles in a script and an external image
    (here through --template-dir) is blocked by the CSP and reported on the console."""
    from framing.report.render import environment

    original = environment().loader.get_source(environment(), "methods.html.j2")[0]
    write(tmp_path / "templates" / "methods.html.j2", original +
          '<script>window.__smuggled = 1;</script>\n<img src="https://example.invalid/x.png">\n')
    report = _generate(run_cli, tmp_path / "smuggled.html", SEEDS,
                       "--template-dir", tmp_path / "templates")
    watched = Watched(context).open(report)
    assert watched.page.evaluate("typeof window.__smuggled") == "undefined"
    complaints = watched.complaints()
    assert any("Content Security Policy" in c for c in complaints), complaints
    # The attempt is seen (so the tests' request check would catch it) and blocked.
    assert "https://example.invalid/x.png" in watched.requests
    assert [f for f in watched.failed if "example.invalid" in f], watched.failed


def test_every_section_is_visible_and_overview_has_one_row_per_outlet(context, seeds_report):
    page = Watched(context).open(seeds_report).page
    for section in SECTIONS:
        located = page.locator(f"section#{section}")
        assert located.count() == 1, section
        assert located.is_visible(), section
        assert located.locator("h2").is_visible(), section
    rows = page.locator("#overview table tbody tr")
    outlets = _seed_outlets()
    assert rows.count() == len(outlets)
    assert {t.strip() for t in rows.locator("th").all_inner_texts()} == outlets


# --- highlights -----------------------------------------------------------------------------

_STYLE = "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.borderBottomWidth]; }"
_STYLES = "es => es.map(e => getComputedStyle(e).backgroundColor)"


def test_legend_checkbox_toggles_one_feature(context, seeds_report):
    page = Watched(context).open(seeds_report).page
    kinetic = page.locator(".text mark.ev-kinetic")
    political = page.locator(".text mark.ev-political")
    assert kinetic.count() > 0 and political.count() > 0
    shown = kinetic.first.evaluate(_STYLE)
    assert shown[0] not in TRANSPARENT and shown[1] != "0px", shown
    political_before = political.evaluate_all(_STYLES)
    assert not set(political_before) & set(TRANSPARENT)

    page.uncheck("#show-kinetic")
    hidden = kinetic.first.evaluate(_STYLE)
    assert hidden[0] in TRANSPARENT and hidden[1] == "0px", hidden
    assert set(kinetic.evaluate_all(_STYLES)) <= set(TRANSPARENT)
    assert political.evaluate_all(_STYLES) == political_before
    # The legend's own swatch keeps its colour, so the unchecked feature can still be named.
    assert page.locator(".legend .swatch.ev-kinetic").evaluate(_STYLE)[0] == shown[0]

    page.check("#show-kinetic")
    assert kinetic.first.evaluate(_STYLE) == shown
    assert political.evaluate_all(_STYLES) == political_before


def test_keyboard_focus_on_a_highlight_shows_its_tooltip(context, seeds_report):
    page = Watched(context).open(seeds_report).page
    before = "e => getComputedStyle(e, '::before').content"
    first = page.locator(".text mark.ev[tabindex]").first
    assert first.evaluate(before) in ("none", "normal")  # no tooltip until focused
    # Start from the legend's last checkbox and tab into the first article's text.
    page.locator(".legend input[type=checkbox]").last.focus()
    for _ in range(50):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.text [tabindex]')"):
            break
    else:
        pytest.fail("Tab never reached a highlight in an article's text")
    focused = page.locator(":focus").element_handle()
    tip = focused.get_attribute("aria-description")
    feature = (focused.get_attribute("class") or "").split("ev-", 1)[-1].split()[0]
    assert tip and tip.split(" · ")[0] == feature
    assert _css_string(focused.evaluate(before)) == tip
    # Moving focus on hides it again; hovering another highlight shows that one's tooltip.
    page.keyboard.press("Tab")
    assert focused.evaluate(before) in ("none", "normal")
    other = page.locator(".text mark.ev[aria-description]").nth(5)
    other.hover()
    assert _css_string(other.evaluate(before)) == other.get_attribute("aria-description")


# --- without JavaScript ---------------------------------------------------------------------

def test_report_is_complete_without_javascript(browser, seeds_report, seed_analysis):
    context = browser.new_context(java_script_enabled=False)
    try:
        watched = Watched(context).open(seeds_report)
        page = watched.page
        # The script did not run: no sort buttons (with JavaScript there are, see above).
        assert page.locator("table.sortable thead th button").count() == 0
        for section in SECTIONS:
            assert page.locator(f"section#{section}").is_visible(), section
        texts = page.locator("article.document .text").evaluate_all(
            "es => es.map(e => e.textContent)")
        assert sorted(texts) == sorted(d.text for d in seed_analysis.documents)
        assert page.locator("article.document .text mark.ev").count() > 0
        assert watched.complaints() == []
    finally:
        context.close()


# --- artefacts: screenshot and print --------------------------------------------------------

def test_full_page_screenshot_is_saved_for_ci(context, seeds_report):
    page = Watched(context).open(seeds_report).page
    ARTEFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTEFACT.unlink(missing_ok=True)
    page.screenshot(path=str(ARTEFACT), full_page=True)
    data = ARTEFACT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width == 1280
    assert height > 5 * 900  # the whole page, not one screen
    # A blank or single-colour page of that size compresses to a few kilobytes.
    assert len(data) > 200_000


_PAGE_SIZES = {"A4": (595, 842), "Letter": (612, 792)}


@pytest.mark.parametrize("paper", sorted(_PAGE_SIZES))
def test_prints_to_pdf_with_each_article_on_new_pages(context, seeds_report, paper):
    page = Watched(context).open(seeds_report).page
    articles = page.locator("article.document").count()
    assert articles == len(list(SEEDS.glob("*.txt")))
    pdf = page.pdf(format=paper)
    assert pdf.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert pages > articles
    boxes = {tuple(float(x) for x in m.groups()) for m in re.finditer(
        rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)}
    assert len(boxes) == 1, boxes  # every page the same size, in points (Chrome rounds up)
    width, height = boxes.pop()
    assert abs(width - _PAGE_SIZES[paper][0]) < 1.5 and abs(height - _PAGE_SIZES[paper][1]) < 1.5
    page.emulate_media(media="print")
    assert set(page.locator("article.document").evaluate_all(
        "es => es.map(e => getComputedStyle(e).breakBefore)")) == {"page"}
    assert page.locator(".legend").is_hidden()


# --- hostile input --------------------------------------------------------------------------

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = '"><svg onload="window.__pwned=1">'
JINJA = "{{7*7}}"
JS_URL = "javascript:window.__pwned=1"
CLOSERS = "</style></textarea></title>"
PAYLOADS = (SCRIPT, IMG, SVG, JINJA, CLOSERS)


def _hostile_corpus(root: Path) -> tuple[Path, Path, Path]:
    corpus = root / "corpus"
    # Highlighted words around the payloads, so they sit inside and between marks.
    body = ("Troops raided a compound {p} near Kech on Monday, officials said. "
            "Security forces allegedly killed {p} four militants in an air{q}strike. "
            "Rights groups said the operation {p} was a crackdown and called for dialogue.\n")
    articles = [
        {"title": SCRIPT + " raid " + JINJA, "outlet": IMG, "author": SVG, "url": JS_URL,
         "id": CLOSERS},
        {"title": IMG, "outlet": SVG + JINJA, "author": SCRIPT, "url": "JavaScript:window"
         ".__pwned=1//https://x", "date": "2026-02-03"},
        {"title": CLOSERS + SVG, "outlet": "</style>" + SCRIPT, "author": JINJA,
         "url": 'https://example.org/"><script>window.__pwned=1</script>'},
    ]
    for index, (meta, payload) in enumerate(zip(articles, PAYLOADS, strict=False)):
        text = body.format(p=payload, q='"><')
        write(corpus / f"a{index}.txt", "---\n" + yaml.safe_dump(meta, allow_unicode=True) +
              "---\n" + text + "\n".join(PAYLOADS) + "\n")
    table = root / "rows.csv"
    with open(table, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "outlet", "title", "author", "url", "text"])
        writer.writerow([SVG, "csv " + SCRIPT, "csv " + IMG, CLOSERS, JS_URL,
                         body.format(p=SCRIPT + IMG, q="<>") + JINJA])
    lexicon = write(root / "hostile.toml", "\n".join([
        "[lexicon]",
        'name = "hostile"',
        f"version = {_toml(SCRIPT)}",
        f"description = {_toml(IMG + JINJA)}",
        f"author = {_toml(SVG)}",
        f"source = {_toml(JS_URL)}",
        "[categories.hostile_raids]",
        f"label = {_toml(CLOSERS + SCRIPT)}",
        f"description = {_toml(IMG)}",
        f"terms = [{_toml('compound')}, {_toml('air strike')}, {_toml(SCRIPT + ' raid')}]",
        "",
    ]))
    return corpus, table, lexicon


def _toml(value: str) -> str:
    import tomli_w

    return tomli_w.dumps({"x": value}).split(" = ", 1)[1].strip()


_ON_ATTRIBUTES = """() => Array.from(document.querySelectorAll('*')).flatMap(
    e => Array.from(e.attributes).filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name))"""


def test_hostile_input_stays_inert_text(context, run_cli, tmp_path):
    corpus, table, lexicon = _hostile_corpus(tmp_path)
    report = _generate(run_cli, tmp_path / "hostile.html", corpus, table, "--lexicon", lexicon)
    watched = Watched(context).open(report)
    page = watched.page
    pwned = "typeof window.__pwned"
    assert page.evaluate(pwned) == "undefined"
    marks = page.locator(".text [tabindex]")
    assert marks.count() > 10
    for index in range(marks.count()):
        marks.nth(index).hover()
        marks.nth(index).focus()
    assert page.evaluate(pwned) == "undefined"
    assert watched.dialogs == []
    # Nothing was injected: the page's own script and style only, no element of the payloads,
    # no event-handler attribute, no javascript: link, and nothing but the file was requested.
    assert page.locator("script").count() == 1
    assert page.locator("style").count() == 1
    assert page.locator("img, svg[onload], textarea, iframe, object, embed").count() == 0
    assert page.evaluate(_ON_ATTRIBUTES) == []
    hrefs = page.locator("a[href]").evaluate_all("es => es.map(e => e.href)")
    assert not [h for h in hrefs if not h.startswith((report.as_uri() + "#", "https:"))]
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert watched.requests == [report.as_uri()]
    assert watched.complaints() == []  # an injected script would be a CSP violation
    # The payloads are shown as the text they are, in titles, outlets, metadata and articles.
    titles = page.locator("article.document h3").all_inner_texts()
    assert SCRIPT + " raid " + JINJA in titles and IMG in titles and CLOSERS + SVG in titles
    outlets = page.locator("#overview tbody th").all_inner_texts()
    assert {IMG, SVG + JINJA, "</style>" + SCRIPT, "csv " + SCRIPT} <= set(outlets)
    meta = " ".join(page.locator("article.document dl.meta").all_inner_texts())
    for value in (SVG, SCRIPT, JINJA, JS_URL, CLOSERS):
        assert value in meta, value
    for payload in PAYLOADS:
        located = page.locator("article.document .text").get_by_text(payload, exact=False)
        assert located.count() > 0 and located.first.is_visible(), payload
    methods = page.locator("#methods").inner_text()
    assert "hostile" in methods and SCRIPT in methods
    # Jinja syntax in the input is not evaluated anywhere.
    assert not [t for t in titles + outlets if "49" in t]


# --- tooltips next to what they describe ----------------------------------------------------

_TIP_OWNER = """e => { const r = e.getClientRects()[0];
    const hit = document.elementFromPoint(r.left + 4, r.top - 6);
    return hit === e; }"""


@pytest.mark.parametrize("selector", [".text span.voice-quoted[tabindex]",
                                      ".text mark.ev[tabindex]"])
def test_a_focused_highlight_draws_its_tooltip_just_above_it(context, seeds_report, selector):
    """The tooltip (a ::before of the focused element, which hit-tests as that element) sits
    right above the element, not at the top of its article."""
    page = Watched(context).open(seeds_report).page
    marks = page.locator(selector)
    assert marks.count() > 3
    target = marks.nth(3)
    target.evaluate("e => e.scrollIntoView({block: 'center'})")
    assert target.evaluate(_TIP_OWNER) is False  # nothing drawn there before focus
    target.focus()
    assert target.evaluate(_TIP_OWNER) is True


def test_print_shows_what_closed_details_hold(context, seeds_report):
    """On paper nothing can be clicked open: the sentences behind each contrast are printed."""
    page = Watched(context).open(seeds_report).page
    cited = page.locator("#contrasts details blockquote.cited")
    assert cited.count() > 0 and not cited.first.is_visible()  # closed on screen
    page.emulate_media(media="print")
    assert all(cited.evaluate_all("es => es.map(e => e.checkVisibility())"))


_OVERFLOWING = """sel => Array.from(document.querySelectorAll(sel)).filter(
    e => e.scrollWidth > e.clientWidth + 1).map(e => e.tagName + '.' + e.className)"""


def test_a_long_unbroken_outlet_name_stays_inside_its_boxes(context, run_cli, tmp_path):
    """A name with no space (a URL, a run of letters) wraps instead of spilling over the next
    card or pushing the overview's numbers off the page."""
    long = "Outlet" + "X" * 300
    write(tmp_path / "in" / "a.txt", f"---\noutlet: {long}\ntitle: {'T' * 300}\n---\n"
          "Troops raided a compound near Kech, officials said.\n")
    write(tmp_path / "in" / "b.txt", "---\noutlet: Short\n---\n"
          "Officials said the talks on autonomy would resume.\n")
    report = _generate(run_cli, tmp_path / "long.html", tmp_path / "in")
    page = Watched(context).open(report).page
    assert page.evaluate(_OVERFLOWING, ".card, .notes, article.document, .table-wrap") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
