"""Rendering the report: Jinja2 templates next to this module (overridable with a folder of
the user's own), a view-model in, one self-contained HTML file out, written atomically.

The page's own CSS and JavaScript are inlined and allowed by their SHA-256 hashes in a
Content-Security-Policy, so nothing else can run or load: not a script smuggled into an article,
a title or an outlet name (all escaped in any case), and no request to any other origin.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import IO

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup

from framing.errors import UsageError
from framing.output import write_files

from .view import ReportView

TEMPLATE = "report.html.j2"


def environment(template_dir: Path | None = None) -> Environment:
    """Templates from ``template_dir`` first (a user's overrides), then the built-in ones.
    Autoescaping is on for everything: a value is text unless the view-model made it Markup."""
    loaders: list = [PackageLoader("framing.report", "templates")]
    if template_dir is not None:
        if not template_dir.is_dir():
            raise UsageError("the template folder does not exist", path=str(template_dir),
                             hint="give a folder holding report.html.j2 or its partials")
        loaders.insert(0, FileSystemLoader(str(template_dir)))
    return Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_report(view: ReportView, *, template_dir: Path | None = None) -> str:
    """The report as one HTML document."""
    env = environment(template_dir)
    style = env.get_template("report.css").render(legend=view.legend)
    script = env.get_template("report.js").render()
    csp = ("default-src 'none'; "
           f"style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return env.get_template(TEMPLATE).render(
        view=view, style=Markup(style), script=Markup(script), csp=csp)


def write_report(html: str, path: Path) -> Path:
    """Write ``html`` to ``path`` through a temporary file in the same folder and a rename, so
    a failure never leaves a broken file in place of a good one."""

    def write(handle: IO[str]) -> None:
        handle.write(html)

    [written] = write_files(path.parent, {path.name: write}, what="the report", option="-o FILE")
    return written
