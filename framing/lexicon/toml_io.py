"""Reading, validating and writing the lexicon TOML format (documented in lexicons/README.md).

Every problem names the file and, where it can be found, the line: TOML syntax, unknown keys,
unsafe names, empty categories, duplicate terms, misplaced wildcards, unknown or cyclic parents
(errors); terms that a longer term or a wildcard takes over (warnings).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from framing.corpus.decode import decode_text
from framing.errors import InputError
from framing.lexicon.model import NAME_PATTERN, NAME_RULE, Category, Lexicon, Term

LEXICON_KEYS = {"name", "version", "description", "language", "author", "license", "source"}
CATEGORY_KEYS = {"label", "description", "parent", "terms", "exclude"}


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int | None
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class LexiconError(InputError):
    """A lexicon file with errors; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0] if errors else problems[0]
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        super().__init__(f"{first.severity}: {first.message}{more}", path=first.path,
                         line=first.line, hint="run: framing lexicon validate FILE")


class _Lines:
    """Finds where a section or a quoted string stands in the TOML source, for messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def section(self, header: str) -> int | None:
        # Each dotted part may be bare or quoted: [categories."<b>"].
        dotted = r"\s*\.\s*".join(rf"""(?:{re.escape(part)}|"{re.escape(part)}"|'{re.escape(part)}')"""
                                 for part in header.split("."))
        pattern = re.compile(rf"^\s*\[\s*{dotted}\s*\]")
        return next((i + 1 for i, line in enumerate(self.lines) if pattern.match(line)), None)

    def string(self, value: str, *, after: int | None) -> int | None:
        start = (after or 1) - 1
        quoted = (f'"{value}"', f"'{value}'", json.dumps(value, ensure_ascii=False))
        for i in range(start, len(self.lines)):
            if i > start and self.lines[i].lstrip().startswith("["):
                break  # next section
            if any(q in self.lines[i] for q in quoted):
                return i + 1
        return after

    def key(self, key: str, *, after: int | None) -> int | None:
        start = (after or 1) - 1
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(start, len(self.lines)):
            if i > start and self.lines[i].lstrip().startswith("["):
                break
            if pattern.match(self.lines[i]):
                return i + 1
        return after


def read_lexicon(path: Path, *, origin: str = "") -> tuple[Lexicon | None, list[Problem]]:
    """Parse and check a lexicon file: ``(lexicon or None if it has errors, problems)``."""
    shown = str(path)
    try:
        text, _ = decode_text(path.read_bytes(), path=shown)
    except OSError as exc:
        return None, [Problem(shown, None, f"cannot read: {exc.strerror}")]
    except InputError as exc:
        return None, [Problem(shown, exc.line, exc.message)]
    return parse_lexicon(text, path=shown, origin=origin)


def parse_lexicon(text: str, *, path: str, origin: str = "") -> tuple[Lexicon | None, list[Problem]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return None, [Problem(path, int(match.group(1)) if match else None,
                              f"TOML syntax: {message}")]
    lines = _Lines(text)
    problems: list[Problem] = []

    def error(message: str, line: int | None) -> None:
        problems.append(Problem(path, line, message))

    for key in sorted(set(data) - {"lexicon", "categories"}):
        error(f"unknown top-level key {key!r} (expected [lexicon] and [categories.NAME])",
              lines.key(key, after=None) or lines.section(key))
    header = data.get("lexicon")
    header_line = lines.section("lexicon")
    if not isinstance(header, dict):
        error("missing [lexicon] table with at least name = \"...\"", None)
        header = {}
    for key in sorted(set(header) - LEXICON_KEYS):
        error(f"unknown key {key!r} in [lexicon] (allowed: {', '.join(sorted(LEXICON_KEYS))})",
              lines.key(key, after=header_line))
    name = header.get("name")
    if "lexicon" in data and not isinstance(name, str):
        error("[lexicon] needs name = \"...\"", header_line)
    elif isinstance(name, str) and not NAME_PATTERN.match(name):
        error(f"lexicon name {name!r} is not allowed: use {NAME_RULE}",
              lines.key("name", after=header_line))
    for key in LEXICON_KEYS - {"name"}:
        value = header.get(key, "")
        # Numbers are accepted for convenience (version = 1.0); booleans, tables, lists not.
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            error(f"[lexicon] {key} must be a string", lines.key(key, after=header_line))

    raw_categories = data.get("categories", {})
    if not isinstance(raw_categories, dict) or not raw_categories:
        error("the lexicon has no categories (add [categories.NAME] tables with terms)", None)
        raw_categories = {}
    categories: dict[str, Category] = {}
    for cat_name, raw in raw_categories.items():
        cat_line = lines.section(f"categories.{cat_name}")
        category = _parse_category(cat_name, raw, lines=lines, line=cat_line, error=error)
        if category is not None:
            categories[cat_name] = category

    _check_parents(categories, error)
    for category in categories.values():
        has_children = any(c.parent == category.name for c in categories.values())
        if not category.terms and not has_children:
            error(f"category {category.name!r} is empty: give it terms or sub-categories",
                  category.line)
    problems.extend(_shadowing_warnings(categories, path))

    if any(p.severity == "error" for p in problems):
        return None, problems
    lexicon = Lexicon(
        name=str(name), categories=categories, version=str(header.get("version", "")),
        description=str(header.get("description", "")),
        language=str(header.get("language", "en")), author=str(header.get("author", "")),
        license=str(header.get("license", "")), path=path, origin=origin,
        extra={"source": str(header["source"])} if "source" in header else {},
    )
    return lexicon, problems


def _parse_category(name: str, raw: Any, *, lines: _Lines, line: int | None,
                    error: Any) -> Category | None:
    if not NAME_PATTERN.match(name):
        error(f"category name {name!r} is not allowed: use {NAME_RULE}", line)
        return None
    if not isinstance(raw, dict):
        error(f"categories.{name} must be a table", line)
        return None
    for key in sorted(set(raw) - CATEGORY_KEYS):
        error(f"unknown key {key!r} in [categories.{name}] "
              f"(allowed: {', '.join(sorted(CATEGORY_KEYS))})", lines.key(key, after=line))
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        error(f"categories.{name}.parent must be a category name", lines.key("parent", after=line))
        parent = None
    label = raw.get("label", name)
    description = raw.get("description", "")
    for key, value in (("label", label), ("description", description)):
        if not isinstance(value, str):
            error(f"categories.{name}.{key} must be a string", lines.key(key, after=line))
    terms = _parse_terms(name, raw.get("terms", []), "terms", lines=lines, line=line, error=error)
    exclude = _parse_terms(name, raw.get("exclude", []), "exclude", lines=lines, line=line,
                           error=error)
    return Category(name=name, label=str(label), description=str(description), parent=parent,
                    terms=terms, exclude=exclude, line=line)


def _parse_terms(category: str, raw: Any, key: str, *, lines: _Lines, line: int | None,
                 error: Any) -> tuple[Term, ...]:
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        error(f"categories.{category}.{key} must be a list of strings", lines.key(key, after=line))
        return ()
    terms: list[Term] = []
    seen: dict[Any, Term] = {}  # every spelling a term matches -> the term
    cursor = line  # terms are searched from the previous one on, so repeats get their own line
    for text in raw:
        term_line = lines.string(text, after=cursor)
        cursor = term_line
        try:
            term = Term.parse(text, line=term_line)
        except ValueError as exc:
            error(f"{exc} (categories.{category}.{key})", term_line)
            continue
        spellings = term.spellings()
        first = next((seen[s] for s in spellings if s in seen), None)
        if first is not None:
            where = f" on line {first.line}" if first.line else ""
            error(f"duplicate term {text!r} in categories.{category}.{key} "
                  f"(matches the same words as {first.text!r}{where})", term_line)
            continue
        seen.update(dict.fromkeys(spellings, term))
        terms.append(term)
    return tuple(terms)


def _check_parents(categories: dict[str, Category], error: Any) -> None:
    for category in categories.values():
        if category.parent is not None and category.parent not in categories:
            error(f"category {category.name!r} has unknown parent {category.parent!r}",
                  category.line)
    for category in categories.values():
        chain, parent = [category.name], category.parent
        while parent is not None and parent in categories:
            if parent in chain:
                cycle = " -> ".join([*chain[chain.index(parent):], parent])
                error(f"cyclic parents: {cycle}", category.line)
                break
            chain.append(parent)
            parent = categories[parent].parent


def _shadowing_warnings(categories: dict[str, Category], path: str) -> list[Problem]:
    """Terms that never count where a longer term of another category, or a wildcard of their
    own category, covers them (longest match wins)."""
    warnings: list[Problem] = []
    longer: dict[tuple[str, ...], list[tuple[Term, str]]] = {}
    for category in categories.values():
        for term in category.terms:
            n = len(term.words)
            for size in range(1, n):
                for start in range(n - size + 1):
                    longer.setdefault(term.words[start:start + size], []).append(
                        (term, category.name))
    for category in categories.values():
        wildcards = [t for t in category.terms if t.wildcard]
        related = {category.name, *_lineage(categories, category.name)}
        for term in category.terms:
            # A longer phrase that the term's own category (or a parent or child) also lists
            # changes nothing: that category counts the phrase anyway.
            candidates = longer.get(term.words, [])
            family_phrases = {other.words for other, name in candidates if name in related}
            hit = next(((other, name) for other, name in candidates
                        if name not in related and other.words not in family_phrases), None)
            if not term.wildcard and hit is not None:
                other, other_category = hit
                warnings.append(Problem(path, term.line, (
                    f"term {term.text!r} ({category.name}) is part of {other.text!r} "
                    f"({other_category}): where that phrase occurs only {other_category} counts"),
                    "warning"))
            for wildcard in wildcards:
                if (wildcard is not term and len(wildcard.words) == len(term.words)
                        and term.words[:-1] == wildcard.words[:-1]
                        and term.words[-1].startswith(wildcard.words[-1])
                        and (not term.wildcard or len(term.words[-1]) > len(wildcard.words[-1]))):
                    warnings.append(Problem(path, term.line, (
                        f"term {term.text!r} is already covered by {wildcard.text!r} in "
                        f"{category.name} (they count once; the term can go)"), "warning"))
                    break
    return warnings


def _lineage(categories: dict[str, Category], name: str) -> set[str]:
    """Ancestors and descendants of a category."""
    related: set[str] = set()
    parent = categories[name].parent
    while parent is not None and parent in categories and parent not in related:
        related.add(parent)
        parent = categories[parent].parent
    frontier = [name]
    while frontier:
        current = frontier.pop()
        for child in (c.name for c in categories.values() if c.parent == current):
            if child not in related:
                related.add(child)
                frontier.append(child)
    return related


def to_toml(lexicon: Lexicon) -> str:
    """The lexicon in the TOML format, ready to edit."""
    header: dict[str, Any] = {"name": lexicon.name}
    for key in ("version", "description", "language", "author", "license"):
        if value := getattr(lexicon, key):
            header[key] = value
    if "source" in lexicon.extra:
        header["source"] = lexicon.extra["source"]
    categories: dict[str, Any] = {}
    for category in lexicon.categories.values():
        table: dict[str, Any] = {"label": category.label}
        if category.description:
            table["description"] = category.description
        if category.parent:
            table["parent"] = category.parent
        table["terms"] = [t.text for t in category.terms]
        if category.exclude:
            table["exclude"] = [t.text for t in category.exclude]
        categories[category.name] = table
    return tomli_w.dumps({"lexicon": header, "categories": categories}, multiline_strings=False)
