"""The HTML report, read as a file: complete, self-contained, escaped, deterministic, atomic.
The browser tests (tests/test_report_browser.py) check it as a reader sees it."""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, write
from framing.report import measured

DATE = "2026-11-21"
SECTIONS = ("overview", "contrasts", "vocabulary", "speakers", "labels", "prescriptions",
            "aligned", "documents", "methods")
GOLDEN = Path(__file__).parent / "golden" / "seeds_report.html"


class _Page(HTMLParser):
    """Elements, attributes and text of a page, for assertions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


def parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory) -> str:
    from typer.testing import CliRunner

    from framing.cli import app

    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", "-o", str(out), "--date", DATE])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out)
    return out.read_text(encoding="utf-8")


def test_every_section_is_there_without_javascript(seeds_report, seed_analysis):
    page = parse(seeds_report)
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert set(SECTIONS) <= ids
    text = html.unescape("".join(page.text))
    for document in seed_analysis.documents:  # every article's full text, as cleaned
        assert " ".join(document.text.split()) in " ".join(text.split())
    outlets = {d.document.outlet for d in seed_analysis.documents}
    rows = [a for t, a in page.tags if t == "tr" and (a.get("id") or "").startswith("o")]
    assert len(rows) == len(outlets)


def test_the_report_is_self_contained(seeds_report):
    page = parse(seeds_report)
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "object", "embed", "base"), tag
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#"), href  # the seeds have no article URLs to link
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert "url(" not in (value or "")
    for style in page.styles:
        assert not re.search(r"url\(\s*['\"]?(?!data:)", style)
        assert "@import" not in style


def test_the_content_security_policy_allows_only_the_inline_code(seeds_report):
    page = parse(seeds_report)
    metas = [a for t, a in page.tags
             if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(metas) == 1
    policy = metas[0]["content"] or ""
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy

    def allowed(source: str) -> str:
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        return f"'sha256-{digest}'"

    assert len(page.scripts) == 1 and len(page.styles) == 1
    assert allowed(page.scripts[0]) in policy and allowed(page.styles[0]) in policy


def test_the_seeds_report_is_small(seeds_report):
    assert len(seeds_report.encode()) < 1_000_000


def test_same_input_same_report(seeds_report, tmp_path, run_cli):
    again = tmp_path / "again.html"
    assert run_cli("report", "-q", "-o", again, "--date", DATE).exit_code == 0
    assert again.read_text(encoding="utf-8") == seeds_report


def test_golden_file(seeds_report):
    """The seeds report byte for byte. After an intended change, regenerate with
    FRAMING_UPDATE_GOLDEN=1 and review the diff like code."""
    if os.environ.get("FRAMING_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(seeds_report, encoding="utf-8")
    assert GOLDEN.read_text(encoding="utf-8") == seeds_report


def test_the_date_is_the_only_varying_part(seeds_report, tmp_path, run_cli):
    other = tmp_path / "other.html"
    assert run_cli("report", "-q", "-o", other, "--date", "2030-01-02").exit_code == 0
    assert other.read_text(encoding="utf-8").replace("2030-01-02", DATE) == seeds_report
    assert run_cli("report", "-q", "-o", other, "--date", "yesterday").exit_code == 2


def test_contrasts_link_to_sentences_that_exist(seeds_report):
    page = parse(seeds_report)
    ids = {attrs.get("id") for _, attrs in page.tags}
    links = [a["href"] for t, a in page.tags if t == "a" and (a.get("href") or "").startswith("#d")]
    assert links, "the contrasts cite sentences in the reading views"
    assert all(link[1:] in ids for link in links)


HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'{{ 7*7 }}</style>'


def test_hostile_metadata_and_text_are_escaped(tmp_path, run_cli):
    folder = tmp_path / "in"
    front = (f"---\ntitle: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
             f"outlet: '<b onmouseover=alert(3)>Evil & Co</b>'\n"
             "url: 'javascript:alert(4)'\nauthor: '</textarea><svg onload=alert(5)>'\n---\n")
    write(folder / "a.txt", front + f"Troops raided a compound. {HOSTILE} Officials said so.\n")
    write(folder / "b.txt", "---\noutlet: Plain\nurl: 'https://example.org/a?b=1&c=<2>'\n---\n"
          "Officials said the talks on autonomy would resume, and courts may review it.\n")
    out = tmp_path / "r.html"
    result = run_cli("report", folder, "-o", out, "--date", DATE)
    assert result.exit_code == 0, result.stderr
    page_text = out.read_text(encoding="utf-8")
    page = parse(page_text)
    assert [t for t, _ in page.tags].count("script") == 1  # only the report's own
    for tag, attrs in page.tags:
        assert tag not in ("img", "svg") or not any(k.startswith("on") for k in attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:")
    text = html.unescape("".join(page.text))
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    assert "Evil & Co" in text and "{{ 7*7 }}" in text
    links = [a["href"] for t, a in page.tags if t == "a" and not a["href"].startswith("#")]
    assert links == ["https://example.org/a?b=1&c=<2>"] or links == []


def test_template_override(tmp_path, run_cli):
    templates = tmp_path / "templates"
    write(templates / "methods.html.j2",
          '<section id="methods"><h2>Our own methods</h2><p>{{ view.version }}</p></section>\n')
    out = tmp_path / "r.html"
    assert run_cli("report", "-q", "-o", out, "--date", DATE,
                   "--template-dir", templates).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "Our own methods" in page and "What lexicon analysis cannot tell you" not in page
    missing = run_cli("report", "-q", "-o", out, "--template-dir", tmp_path / "nope")
    assert missing.exit_code == 2 and "template" in missing.stderr


def test_a_failed_report_keeps_the_previous_one(tmp_path, run_cli):
    out = tmp_path / "r.html"
    out.write_text("a good earlier report", encoding="utf-8")
    templates = tmp_path / "broken"
    write(templates / "methods.html.j2", "{{ view.no_such_field }}")
    result = run_cli("report", "-q", "-o", out, "--template-dir", templates)
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "a good earlier report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_nothing_readable_writes_nothing(tmp_path, run_cli):
    write(tmp_path / "in" / "bad.txt", b"\x00\x01binary")
    out = tmp_path / "r.html"
    result = run_cli("report", tmp_path / "in", "-o", out)
    assert result.exit_code == 2 and not out.exists()


def test_the_quoted_accuracy_is_what_eval_measures_now():
    """The methods section quotes framing.report.measured; it must be what the code earns."""
    from framing import load_lexicons
    from framing.evaluate import evaluate_features, read_annotations

    records = read_annotations(ROOT / "tests" / "data" / "annotated_sentences.jsonl",
                               split="test")
    result = evaluate_features(records, load_lexicons(discover=False))
    for feature, (p, r, f1, support) in measured.FEATURE_SCORES.items():
        scores = result.labels[feature]
        assert (round(scores.precision, 3), round(scores.recall, 3), round(scores.f1, 3),
                scores.support) == (p, r, f1, support), feature
    assert (round(result.source_type_accuracy, 3), result.source_type_n) == \
        measured.SOURCE_TYPE_ACCURACY


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_meet_wcag_aa(seeds_report):
    """Text on the page and on every highlight tint at least 4.5:1; the keyboard focus ring
    (and the outlines of linked and targeted text, drawn the same way) at least 3:1 against
    the page and every tint it can sit next to (WCAG 1.4.3 and 1.4.11)."""
    style = parse(seeds_report).styles[0]
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", style))
    tints = [v for k, v in colours.items()
             if f"{k}-line" in colours] + [colours["paper"], "#fffbe8"]
    assert len(tints) > 10
    for text in ("ink", "muted", "accent"):
        assert min(_contrast(colours[text], t) for t in tints) >= 4.5, text
    outlines = re.findall(r"outline:\s*\d+px solid (#[0-9a-fA-F]{6}|var\(--[\w-]+\))", style)
    assert outlines
    for outline in outlines:
        colour = colours[outline[6:-1]] if outline.startswith("var(") else outline
        assert min(_contrast(colour, t) for t in tints) >= 3, outline


def test_heading_levels_never_skip(seeds_report):
    """Screen-reader users navigate by headings: one h1, and no level skipped on the way down."""
    levels = [int(tag[1]) for tag, _ in parse(seeds_report).tags
              if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert skips == []


def test_read_with_care_is_left_out_when_there_is_nothing_to_list(seed_analysis):
    """An outlet's own note (its thin indices, shown next to the values) alone does not open an
    empty "Read with care" box."""
    import dataclasses

    from framing import load_lexicons
    from framing.compare.comparison import Comparator
    from framing.report.render import render_report
    from framing.report.view import build_view

    comparator = Comparator()
    for document in seed_analysis.documents:
        comparator.add(document)
    view = build_view(seed_analysis.documents, comparator.result(),
                      load_lexicons(discover=False), generated=DATE, command="framing report")
    assert any(o.note for o in view.outlets)
    page = render_report(dataclasses.replace(view, notes=(), skipped=()))
    overview = page[page.index('<section id="overview"'):page.index('<section id="contrasts"')]
    assert "Read with care" not in overview and "<ul>\n</ul>" not in overview


def test_a_thin_attribution_density_counts_sentences_not_cues(tmp_path, run_cli):
    """Attribution density rests on sentences (attributed / all): "only 1 sentence", never
    "only 1 cue" for a one-sentence article that cites nobody."""
    write(tmp_path / "in" / "a.txt", "---\noutlet: Solo\n---\nTroops raided a compound.\n")
    out = tmp_path / "r.html"
    assert run_cli("report", tmp_path / "in", "-q", "-o", out, "--date", DATE).exit_code == 0
    page = out.read_text(encoding="utf-8")
    row = re.search(r'<tr id="o1">.*?</tr>', page, re.S).group(0)
    cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[4] == "0% (only 1 sentence)", cells  # Attributed
    assert cells[2] == "100% (only 2 cues)", cells  # Kinetic share: troops, raided


def test_reading_views_are_a_bounded_sample_across_outlets(seed_analysis):
    """--documents N: the articles with the most evidence, each outlet in turn, in input order;
    chosen while streaming, so memory is bounded."""
    from dataclasses import replace

    from framing.report.sample import Choice, sample

    # Ten documents in two outlets: the five seeds twice, under outlets X and Y.
    documents = [replace(d, document=d.document.with_fields(id=f"{o}{i}", outlet=o))
                 for o in ("X", "Y") for i, d in enumerate(seed_analysis.documents)]
    evidence = {d.document.id: sum(len(f.evidence) for f in d.features) for d in documents}
    chosen = sample(documents, Choice(limit=4))
    assert [d.document.outlet for d in chosen].count("X") == 2
    assert [d.document.outlet for d in chosen].count("Y") == 2
    for outlet in ("X", "Y"):
        mine = [d.document.id for d in chosen if d.document.outlet == outlet]
        best = sorted((d for d in documents if d.document.outlet == outlet),
                      key=lambda d: -evidence[d.document.id])[:2]
        assert sorted(mine) == sorted(d.document.id for d in best)
    order = [d.document.id for d in documents]
    assert [d.document.id for d in chosen] == sorted((d.document.id for d in chosen),
                                                      key=order.index)
    assert len(sample(documents, Choice(limit=None))) == 10
    assert [d.document.id for d in sample(documents, Choice.parse("Y2,X0"))] == ["X0", "Y2"]


def test_documents_option(tmp_path, run_cli, seed_analysis):
    out = tmp_path / "r.html"
    assert run_cli("report", "-q", "-o", out, "--date", DATE, "--documents", "2").exit_code == 0
    page = parse(out.read_text(encoding="utf-8"))
    articles = [a for t, a in page.tags if t == "article" and "document" in (a.get("class") or "")]
    assert len(articles) == 2
    assert "Reading views are shown for 2 of 5 articles" in " ".join("".join(page.text).split())
    ids = ",".join(d.document.id for d in seed_analysis.documents[:1])
    assert run_cli("report", "-q", "-o", out, "--documents", ids).exit_code == 0
    bad = run_cli("report", "-q", "-o", out, "--documents", "no-such-id")
    assert bad.exit_code == 2 and "no-such-id" in bad.stderr


def test_a_report_with_alignment_turned_off_says_so(tmp_path, run_cli):
    """With --align-documents 0 nothing was searched: the section must not say that the
    articles share no facts."""
    out = tmp_path / "report.html"
    assert run_cli("report", "-q", "-o", out, "--date", DATE,
                   "--align-documents", "0").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "Same-fact alignment was turned off" in page
    assert "No sentences from different outlets were found" not in page


def _naive_sample(documents, limit, budget):
    """The reading-view choice written the obvious way: every document kept, each outlet ranked
    by evidence (earlier first among equals), outlets in turn for as many rounds as ``limit``
    picks need (a document too long for the text budget left is passed over), input order at
    the end."""
    evidence = [sum(len(f.evidence) for f in d.features) for d in documents]
    ranked = {}
    for n, d in enumerate(documents):
        ranked.setdefault(d.document.outlet, []).append(n)
    for members in ranked.values():
        members.sort(key=lambda n: (-evidence[n], n))
    rounds = next((r for r in range(1, limit + 1)
                   if sum(min(r, len(m)) for m in ranked.values()) >= limit), limit)
    picked = []
    for row in itertools.zip_longest(*(ranked[o][:rounds] for o in sorted(ranked))):
        for n in row:
            if n is None or len(picked) == limit:
                continue
            if budget is not None:
                if len(documents[n].text) > budget:
                    continue
                budget -= len(documents[n].text)
            picked.append(n)
    return [documents[n] for n in sorted(picked)]


@given(st.lists(st.tuples(st.sampled_from("ABCDE"), st.integers(0, 6), st.integers(1, 40)),
                max_size=60),
       st.integers(0, 12), st.one_of(st.none(), st.integers(0, 200)))
@settings(max_examples=300, deadline=None)
def test_the_streamed_reading_sample_is_the_naive_one_in_bounded_memory(items, limit, budget):
    from framing.features import SentenceFeatures
    from framing.model import Document, Evidence, Source
    from framing.pipeline import AnalyzedDocument
    from framing.report.sample import Choice, ReadingSample

    documents = [AnalyzedDocument(
        document=Document(f"d{n}", outlet, "x" * length, Source("t")), text="x" * length,
        removals=(), sentences=(),
        features=(SentenceFeatures(tuple(Evidence(0, 1, "kinetic", "x", "") for _ in
                                         range(evidence))),))
        for n, (outlet, evidence, length) in enumerate(items)]
    collector = ReadingSample(Choice(limit=limit, text_budget=budget))
    most_kept = 0
    for d in documents:
        collector.add(d)
        most_kept = max(most_kept, sum(len(heap) for heap in collector._kept.values()))
    got = [d.document.id for d in collector.chosen()]
    assert got == [d.document.id for d in _naive_sample(documents, limit, budget)]
    # Memory: never much more than the limit, one extra per outlet at most.
    assert most_kept <= limit + len({o for o, _, _ in items})
