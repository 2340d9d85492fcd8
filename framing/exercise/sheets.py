"""The worksheet and the answer key: which activities, in what order, rendered to HTML (and
Markdown) with the report's safety: everything escaped, a Content-Security-Policy, no script, no
request to any other origin."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from framing import __version__
from framing.compare.comparison import Comparison
from framing.errors import UsageError
from framing.pipeline import AnalyzedDocument
from framing.report.highlight import document_marks, span_html
from framing.report.render import csp_hash
from framing.report.view import LEGEND

from .activities import BUILDERS, NUMBERS, ORDER, Activity, build_context
from .blind import SourceNames, redactor, source_names

LEVELS = tuple(ORDER)


def select_activities(spec: str | None, level: str) -> list[str]:
    """Activity slugs from ``--activities`` ("1,3,same-fact"; all when None), in the order of
    ``level``."""
    if level not in ORDER:
        raise UsageError(f"unknown level {level!r}", hint=f"use one of {', '.join(LEVELS)}")
    if spec is None or not spec.strip():
        return list(ORDER[level])
    by_number = {str(n): slug for slug, n in NUMBERS.items()}
    wanted = set()
    for part in (p.strip().lower() for p in spec.split(",") if p.strip()):
        slug = by_number.get(part, part)
        if slug not in BUILDERS:
            known = ", ".join(f"{n} {s}" for s, n in NUMBERS.items())
            raise UsageError(f"unknown activity {part!r}", hint=f"choose from: {known}")
        wanted.add(slug)
    return [slug for slug in ORDER[level] if slug in wanted]


@dataclass(frozen=True, slots=True)
class ArticleView:
    name: str  # "Source B, article 1"
    source: str
    title: str  # empty when blind
    meta: tuple[tuple[str, str], ...]  # shown only when not blind / in the key
    anchor: str
    sentences: tuple[tuple[int, Markup, str], ...]  # (number shown, html, plain text)


@dataclass(frozen=True, slots=True)
class Sheets:
    worksheet: str
    answer_key: str
    markdown: str
    activities: tuple[Activity, ...]
    names: SourceNames


def _environment(template_dir: Path | None) -> Environment:
    # The report's templates second: the sheets share its highlight styles (highlights.css).
    loaders: list = [PackageLoader("framing.exercise", "templates"),
                     PackageLoader("framing.report", "templates")]
    if template_dir is not None:
        loaders.insert(0, FileSystemLoader(str(template_dir)))
    # HTML escaping for the HTML templates; the Markdown one escapes with its ``md`` filter
    # (autoescaping it too would show "&amp;lt;" and "&#34;" in the worksheet).
    env = Environment(loader=ChoiceLoader(loaders), autoescape=_autoescape,
                      undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = markdown_escape
    return env


def _autoescape(name: str | None) -> bool:
    return not (name or "").endswith((".md.j2", ".md"))


def markdown_escape(text: object) -> str:
    """Text safe in Markdown: HTML special characters as entities (a Markdown renderer passes
    raw HTML through) and Markdown punctuation escaped, on one line."""
    flat = " ".join(str(text).split())
    return re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", html.escape(flat, quote=False))


WITHHELD = "[…]"


def _withheld(documents: Sequence[AnalyzedDocument], activities: Sequence[Activity],
              seed: int) -> set[tuple[str, int]]:
    """The sentences the students' copy of the articles leaves out: the guess-the-source
    excerpts (which could otherwise be looked up under their source), and one other sentence of
    every article, so where the gaps are says nothing about whose excerpt is whose."""
    guess = next((a for a in activities if a.slug == "guess-source"), None)
    if guess is None:
        return set()
    withheld = {(r.doc, r.sentence) for r in guess.refs}
    shown = {(r.doc, r.sentence) for a in activities for r in a.refs}
    rng = random.Random(f"withheld-{seed}")
    for document in documents:
        doc = document.document.id
        if any(d == doc for d, _ in withheld):
            continue
        free = [s.index for s in document.sentences
                if s.kind == "text" and (doc, s.index) not in shown]
        if free:
            withheld.add((doc, rng.choice(free)))
    return withheld


def _articles(documents: Sequence[AnalyzedDocument], names: SourceNames, *, key: bool,
              redact, withheld: Set[tuple[str, int]] = frozenset()) -> tuple[ArticleView, ...]:
    views = []
    ordered = sorted(documents, key=lambda d: names.document(d.document.id))
    for index, document in enumerate(ordered, start=1):
        doc = document.document
        marks = document_marks(document) if key else []
        sentences = []
        for s in document.sentences:
            text = redact(s.text)
            if key:
                html_text = span_html(document.text, s.start, s.end, marks)
                sentences.append((s.index + 1, Markup(html_text), text))
            elif (doc.id, s.index) in withheld:
                sentences.append((s.index + 1, Markup(WITHHELD), WITHHELD))
            else:
                sentences.append((s.index + 1, Markup(html.escape(text, quote=False)), text))
        show_meta = key or not names.blind
        meta = tuple((k, v) for k, v in (("Outlet", doc.outlet), ("Title", doc.title or ""),
                                         ("Author", doc.author or ""), ("Date", doc.date or ""),
                                         ("URL", doc.url or "")) if v) if show_meta else ()
        views.append(ArticleView(names.document(doc.id), names.outlet(doc.outlet),
                                 (doc.title or "") if show_meta else "", meta, f"a{index}",
                                 tuple(sentences)))
    return tuple(views)


def build_sheets(documents: Sequence[AnalyzedDocument], comparison: Comparison, *,
                 seed: int = 1, blind: bool = True, level: str = "intro",
                 activities: str | None = None, template_dir: Path | None = None,
                 generated: str = "", command: str = "framing exercise") -> Sheets:
    """The worksheet, the answer key and the worksheet in Markdown, for these documents."""
    slugs = select_activities(activities, level)
    # In one order whatever the order of the inputs (the command line, the folder listing):
    # the seeded choices depend on it.
    documents = sorted(documents, key=lambda d: (d.document.id, d.document.outlet,
                                                 d.document.source.path))
    names = source_names(documents, seed=seed, blind=blind)
    redact = redactor(documents, names)
    context = build_context(documents, comparison, names, redact, seed)
    made: dict[str, Activity | None] = {}
    # Guess the source last, so that it takes no sentence another activity shows with its
    # source's name; the sheet keeps the level's order.
    for slug in sorted(slugs, key=lambda s: s == "guess-source"):
        activity = made[slug] = BUILDERS[slug](context)
        if activity is not None:
            context.taken.update((r.doc, r.sentence) for r in activity.refs)
    built = [a for slug in slugs if (a := made[slug]) is not None]
    missing = sorted((slug for slug in slugs if made[slug] is None), key=NUMBERS.__getitem__)
    withheld = _withheld(documents, built, seed)
    env = _environment(template_dir)
    style = env.get_template("exercise.css").render(legend=LEGEND)
    csp = (f"default-src 'none'; style-src {csp_hash(style)}; script-src 'none'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    common = dict(activities=built, missing=missing, names=names, numbers=NUMBERS,
                  style=Markup(style), csp=csp, version=__version__, generated=generated,
                  command=command, level=level, seed=seed,
                  minutes=sum(a.minutes for a in built))
    worksheet = env.get_template("worksheet.html.j2").render(
        key=False, articles=_articles(documents, names, key=False, redact=redact,
                                      withheld=withheld),
        redact=redact, **common)
    answer_key = env.get_template("answer-key.html.j2").render(
        key=True, articles=_articles(documents, names, key=True, redact=lambda t: t),
        redact=lambda t: t, **common)
    markdown = env.get_template("worksheet.md.j2").render(
        key=False, articles=_articles(documents, names, key=False, redact=redact,
                                      withheld=withheld),
        redact=redact, **common)
    return Sheets(worksheet, answer_key, markdown, tuple(built), names)
