"""Single-document files: plain text and Markdown with optional YAML front matter, and HTML
pages whose main text is extracted with trafilatura (an optional extra)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from framing.corpus.decode import decode_text
from framing.errors import InputError

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M)


@dataclass(slots=True)
class FileContent:
    """What a file says: its text, metadata it states explicitly (front matter), metadata
    extracted from its markup (HTML), and the line where the text starts."""

    text: str
    encoding: str | None
    explicit: dict[str, Any] = field(default_factory=dict)
    extracted: dict[str, Any] = field(default_factory=dict)
    first_line: int = 1


def read_text_file(data: bytes, *, path: str, encoding: str | None = None) -> FileContent:
    text, used = decode_text(data, path=path, encoding=encoding)
    front, body, first_line = split_front_matter(text, path=path)
    return FileContent(text=body, encoding=used, explicit=front, first_line=first_line)


def split_front_matter(text: str, *, path: str) -> tuple[dict[str, Any], str, int]:
    """Split ``---``-fenced YAML front matter from the text: ``(metadata, body, body_line)``."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text, 1
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the fence, +1 for 1-based
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise InputError(f"malformed front matter: {problem}", path=path, line=line,
                         hint="fix the YAML between the --- lines, or remove them") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("front matter must be key: value pairs", path=path, line=2)
    metadata: dict[str, Any] = {}
    for key, value in data.items():
        name = str(key).strip().lower()
        if name in metadata:
            raise InputError(f"front matter has the key {name!r} twice (keys ignore case)",
                             path=path, line=2, hint="keep one of them")
        metadata[name] = value
    return metadata, text[match.end():], text.count("\n", 0, match.end()) + 1


def read_html_file(data: bytes, *, path: str, encoding: str | None = None) -> FileContent:
    """Extract an HTML page's main text and metadata with trafilatura."""
    try:
        import trafilatura
    except ImportError as exc:
        missing = "trafilatura" if exc.name in (None, "trafilatura") else exc.name
        raise InputError(f"reading HTML needs {missing} (the 'html' extra: {exc})", path=path,
                         hint="pip install 'framing-analyzer[html]'") from None
    text, used = decode_text(data, path=path, encoding=encoding)
    result = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=True)
    body = getattr(result, "text", None) if result is not None else None
    if not body or not body.strip():
        raise InputError("no article text found in this HTML page", path=path,
                         hint="save the article as .txt if the page has no main text block")
    extracted = {key: value for key in ("title", "author", "date", "url", "sitename")
                 if (value := getattr(result, key, None))}
    return FileContent(text=body, encoding=used, extracted=extracted)
