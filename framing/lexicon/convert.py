"""Importing lexicons from the formats people already have, and exporting them as LIWC ``.dic``.

Imports: LIWC ``.dic`` (LIWC2007 to LIWC-22, and dictionaries published in that format such as
the Moral Foundations Dictionary), plain word lists (``.txt``), term/category tables (``.csv``)
and spaCy EntityRuler / PhraseMatcher patterns (``.jsonl``). Every term goes through
``Term.parse`` and every name is made a safe identifier (the original text stays, verbatim, as
the label), so an imported lexicon always saves as valid TOML.

Nothing is dropped silently: a line that cannot be imported is skipped and reported as an
``error`` with its line; a change made on the way in (duplicate merged, name made unique,
undefined id ignored, empty category removed) is a ``warning``. ``InputError`` is raised only
when nothing usable is left. One exception, by design: a ``.dic`` term listed both in a category
and in its ancestor is kept only in the deepest one, because counting rolls matches up to
parents anyway (and LIWC-22 files list every ancestor on every line).

Export: ``to_dic`` writes LIWC ``.dic``; labels, descriptions and exclusions have no place there.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framing.corpus.decode import decode_text
from framing.errors import InputError, UsageError
from framing.lexicon.model import NAME_PATTERN, NAME_RULE, Category, Lexicon, Term
from framing.lexicon.toml_io import Problem

FORMATS = {".dic": "dic", ".txt": "txt", ".csv": "csv", ".jsonl": "jsonl"}

TermKey = tuple[tuple[str, ...], bool]

_TAB_WIDTH = 4  # only for comparing indentation that mixes tabs and spaces
# A .dic header line: optional indentation, a numeric id, whitespace, the name.
_HEADER_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<id>\S+)(?P<gap>[ \t]+)(?P<name>\S.*?)\s*$")
_ID = re.compile(r"[0-9]+")
# LIWC2007 conditional entries: "like\t02 134<53>", "kind\t(02 134)125/464".
_CONDITIONAL = re.compile(r"[()<>/]")
_ID_LIKE = re.compile(r"[0-9()<>/]+")

# spaCy token attributes that mean "this exact word": anything else (POS, OP, REGEX, IN...)
# matches things a word list cannot express.
_TOKEN_ATTRIBUTES = {"LOWER", "ORTH", "TEXT", "NORM"}
_JSONL_KEYS = {"label", "pattern", "id"}


def safe_name(text: str, *, prefix: str = "c") -> str:
    """``text`` as a name matching ``NAME_PATTERN`` ("Care.Virtue" -> "care_virtue"), or "" when
    it has no letters or digits. Accents are dropped rather than the letters ("Émotion" ->
    "emotion"); a leading digit gets ``prefix`` ("2nd" -> "c_2nd"). Valid names are kept as
    they are, so exporting and importing again does not rename anything."""
    if NAME_PATTERN.match(text):
        return text
    folded = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9_]+", "_", folded).strip("_")
    if name[:1].isdigit():
        name = f"{prefix}_{name}"
    return name


@dataclass(slots=True)
class _Draft:
    """A category while it is being filled."""

    name: str
    label: str
    line: int | None
    parent: str | None = None
    description: str = ""
    terms: list[Term] = field(default_factory=list)
    seen: dict[TermKey, Term] = field(default_factory=dict)
    spelled: dict[tuple[tuple[str, ...], bool], Term] = field(default_factory=dict)


@dataclass(slots=True)
class _Builder:
    """Collects categories, terms and problems; ``build`` makes the lexicon."""

    path: str
    drafts: dict[str, _Draft] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    by_source: dict[str, str] = field(default_factory=dict)  # category as written -> name
    labelled: set[str] = field(default_factory=set)  # categories given a label of their own

    def error(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, "error"))

    def warn(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, "warning"))

    def add_category(self, written: str, *, line: int | None, label: str | None = None,
                     parent: str | None = None, description: str = "",
                     fallback: str = "category") -> str:
        """A new category named after ``written``, made unique; returns its name."""
        base = safe_name(written)
        if not base:
            base = fallback
            self.warn(line, f"category name {written!r} has no letters a-z or digits: "
                            f"named {base!r}")
        name, n = base, 1
        while name in self.drafts:
            n += 1
            name = f"{base}_{n}"
        if name != base:
            first = self.drafts[base]
            where = f" (line {first.line})" if first.line else ""
            self.warn(line, f"category {written!r} is named {name!r}: {first.label!r}{where} "
                            f"already has the name {base!r}")
        self.drafts[name] = _Draft(name, written if label is None else label, line, parent,
                                   description)
        return name

    def category_for(self, written: str, *, line: int, label: str = "") -> str:
        """The category a row names, created on first sight (rows repeat their category)."""
        written = written.strip()
        if written not in self.by_source:
            self.by_source[written] = self.add_category(written, line=line, label=label or written)
            if label:
                self.labelled.add(self.by_source[written])
            return self.by_source[written]
        name = self.by_source[written]
        draft = self.drafts[name]
        if label and name not in self.labelled:
            # Only the category's own text so far: the first label given replaces it.
            draft.label = label
            self.labelled.add(name)
        elif label and label != draft.label:
            self.warn(line, f"label {label!r} for category {name!r} differs from "
                            f"{draft.label!r} given first; the first is kept")
        return name

    def parse_term(self, text: str, line: int) -> Term | None:
        try:
            # Runs of whitespace (a tab, a line break in a CSV cell) become one space.
            return Term.parse(" ".join(text.split()), line=line)
        except ValueError as exc:
            self.error(line, f"{exc}; entry skipped")
            return None

    def add_term(self, category: str, term: Term) -> None:
        draft = self.drafts[category]
        # Duplicates are terms that match the same words: "cé" and "c é" as much as "x", "X".
        first = next((draft.spelled[s] for s in term.spellings() if s in draft.spelled), None)
        if first is not None:
            self.warn(term.line, f"duplicate term {term.text!r} in {category} (same as "
                                 f"{first.text!r} on line {first.line}); kept once")
            return
        draft.seen[term.key] = term
        draft.spelled.update(dict.fromkeys(term.spellings(), term))
        draft.terms.append(term)

    def build(self, name: str) -> Lexicon:
        _drop_rolled_up(self.drafts)
        self._drop_empty()
        if not self.drafts:
            errors = [p for p in self.problems if p.severity == "error"]
            first = f" (first problem: line {errors[0].line}: {errors[0].message})" if errors else ""
            raise InputError(f"nothing to import: no category has usable terms{first}",
                             path=self.path, line=errors[0].line if errors else None)
        categories = {
            d.name: Category(name=d.name, label=d.label, description=d.description,
                             parent=d.parent, terms=tuple(d.terms), line=d.line)
            for d in self.drafts.values()
        }
        return Lexicon(name=name, categories=categories, path=self.path, origin="import")

    def _drop_empty(self) -> None:
        # Repeat: dropping a leaf can leave its parent with neither terms nor children.
        while empty := [d for d in self.drafts.values() if not d.terms
                        and not any(c.parent == d.name for c in self.drafts.values())]:
            for draft in empty:
                self.warn(draft.line, f"category {draft.name!r} ({draft.label!r}) has no terms; "
                                      f"dropped")
                del self.drafts[draft.name]


def _drop_rolled_up(drafts: dict[str, _Draft]) -> None:
    """Remove terms from a category when one of its descendants has them too."""
    children: dict[str, list[str]] = {}
    for draft in drafts.values():
        if draft.parent is not None:
            children.setdefault(draft.parent, []).append(draft.name)
    subtree: dict[str, set[TermKey]] = {}

    def keys_in(name: str) -> set[TermKey]:
        if name not in subtree:
            keys = set(drafts[name].seen)
            for child in children.get(name, []):
                keys |= keys_in(child)
            subtree[name] = keys
        return subtree[name]

    for draft in drafts.values():
        below: set[TermKey] = set()
        for child in children.get(draft.name, []):
            below |= keys_in(child)
        if below:
            draft.terms = [t for t in draft.terms if t.key not in below]


# --- import -----------------------------------------------------------------------------------


def import_lexicon(path: Path, *, name: str | None = None,
                   fmt: str | None = None) -> tuple[Lexicon, list[Problem]]:
    """Read a ``.dic``, ``.txt``, ``.csv`` or ``.jsonl`` lexicon: ``(lexicon, problems)``.

    ``fmt`` overrides the file ending; ``name`` the lexicon name (default: from the file stem).
    Raise ``InputError`` when the file cannot be read or nothing in it can be imported.
    """
    kind = _format_of(path, fmt)
    if name is not None and not NAME_PATTERN.match(name):
        raise UsageError(f"lexicon name {name!r} is not allowed: use {NAME_RULE}")
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=shown) from None
    text, _ = decode_text(data, path=shown)
    if not text.strip():
        raise InputError("empty file: nothing to import", path=shown)
    builder = _Builder(shown)
    _READERS[kind](text, builder, path)
    lexicon = builder.build(name or safe_name(path.stem, prefix="lex") or "imported")
    # Stable sort: problems in file order, the ones without a line first.
    return lexicon, sorted(builder.problems, key=lambda p: p.line or 0)


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS.values():
            raise UsageError(f"unknown lexicon format {fmt!r}",
                             hint=f"use one of: {', '.join(FORMATS.values())}")
        return fmt
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"cannot tell the lexicon format of {path.name!r} from its ending",
                         path=str(path), hint=f"name it {', '.join(FORMATS)} or give the format")
    return kind


def _read_dic(text: str, builder: _Builder, path: Path) -> None:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip())  # text is not blank
    if lines[start].strip() != "%":
        raise InputError("not a LIWC dictionary: it must start with a line holding only '%', "
                         "then the categories, then another '%' line",
                         path=builder.path, line=start + 1)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == "%"), None)
    if end is None:
        raise InputError("the category header opened by '%' is never closed by a second '%' line",
                         path=builder.path, line=start + 1)
    ids = _read_dic_header(lines[start + 1:end], start + 2, builder)
    if not ids:
        raise InputError("no categories between the '%' lines", path=builder.path, line=start + 1)
    for index in range(end + 1, len(lines)):
        _read_dic_entry(lines[index], index + 1, ids, builder)


def _read_dic_header(lines: list[str], first_line: int, builder: _Builder) -> dict[int, str]:
    """Category id -> name. Indentation shows nesting (LIWC-22): a category indented more,
    before its id or by extra tabs between id and name, is a child of the nearest one above
    indented less. Spaces that only right-align ids (" 1 funct" above "10 affect": every id
    ends in the same column) are not nesting."""
    ids: dict[int, str] = {}
    matches = [m for line in lines if line.strip() and (m := _HEADER_LINE.match(line))]
    id_ends = {len(m["indent"].expandtabs(_TAB_WIDTH)) + len(m["id"]) for m in matches}
    right_aligned = len(id_ends) == 1 and any(" " in m["indent"] for m in matches)
    open_parents: list[tuple[int, str]] = []  # (indent, name), indents strictly increasing
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        match = _HEADER_LINE.match(line)
        if match is None or not _ID.fullmatch(match["id"]):
            builder.error(number, f"expected '<id><tab><category name>' in the header, got "
                                  f"{line.strip()!r}; line skipped")
            continue
        category_id = int(match["id"])
        if category_id in ids:
            builder.error(number, f"category id {category_id} is defined twice (first as "
                                  f"{builder.drafts[ids[category_id]].label!r}); line skipped")
            continue
        written, _, description = match["name"].partition("\t")
        leading = match["indent"].replace(" ", "") if right_aligned else match["indent"]
        indent = len(leading.expandtabs(_TAB_WIDTH))
        gap = match["gap"]
        if gap.strip("\t") == "":
            # Some files show nesting by extra tabs between the id and the name instead.
            indent += (len(gap) - 1) * _TAB_WIDTH
        while open_parents and open_parents[-1][0] >= indent:
            open_parents.pop()
        parent = open_parents[-1][1] if open_parents else None
        name = builder.add_category(written.strip(), line=number, parent=parent,
                                    description=" ".join(description.split()),
                                    fallback=f"category_{category_id}")
        ids[category_id] = name
        open_parents.append((indent, name))
    return ids


def _read_dic_entry(line: str, number: int, ids: dict[int, str], builder: _Builder) -> None:
    stripped = line.strip()
    if not stripped:
        return
    if "\t" in stripped:
        # Tab-delimited: the first field is the term (a phrase may hold spaces).
        fields = stripped.split("\t")
        text, tokens = fields[0].strip(), [t for f in fields[1:] for t in f.split()]
    else:
        # Space-delimited: the trailing id-like tokens are ids, the rest is the term.
        words = stripped.split()
        cut = len(words)
        while cut > 1 and _ID_LIKE.fullmatch(words[cut - 1]):
            cut -= 1
        text, tokens = " ".join(words[:cut]), words[cut:]
    if any(_CONDITIONAL.search(t) for t in tokens):
        builder.error(number, f"{text!r}: conditional LIWC2007 entry ({' '.join(tokens)}) is "
                              f"not supported; entry skipped")
        return
    if not tokens:
        builder.error(number, f"{text!r} has no category id; entry skipped")
        return
    term = builder.parse_term(text, number)
    if term is None:
        return
    categories = [ids[int(t)] for t in tokens if _ID.fullmatch(t) and int(t) in ids]
    unknown = [t for t in tokens if not (_ID.fullmatch(t) and int(t) in ids)]
    if not categories:
        builder.error(number, f"{text!r}: category id(s) {', '.join(unknown)} not defined in the "
                              f"header; entry skipped")
        return
    if unknown:
        builder.warn(number, f"{text!r}: category id(s) {', '.join(unknown)} not defined in the "
                             f"header; ignored")
    for category in _deepest(list(dict.fromkeys(categories)), builder.drafts):
        builder.add_term(category, term)


def _deepest(categories: list[str], drafts: dict[str, _Draft]) -> list[str]:
    """Drop the categories that are ancestors of another one listed on the same line: LIWC
    lists every ancestor, roll-up makes them implicit here."""
    ancestors: set[str] = set()
    for name in categories:
        parent = drafts[name].parent
        while parent is not None and parent in drafts and parent not in ancestors:
            ancestors.add(parent)
            parent = drafts[parent].parent
    return [name for name in categories if name not in ancestors]


def _read_txt(text: str, builder: _Builder, path: Path) -> None:
    category = builder.add_category(path.stem, line=None)
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if (term := builder.parse_term(stripped, number)) is not None:
            builder.add_term(category, term)


def _read_csv(text: str, builder: _Builder, path: Path) -> None:
    header_line = next(line for line in text.splitlines() if line.strip())
    for delimiter in (",", ";", "\t"):  # spreadsheets in many locales save with ";"
        columns = [c.strip().casefold() for c in next(csv.reader([header_line], delimiter=delimiter))]
        if "term" in columns and "category" in columns:
            break
    else:
        raise InputError("the header needs a 'term' and a 'category' column", path=builder.path,
                         line=text.splitlines().index(header_line) + 1,
                         hint="e.g. term,category then one row per term")
    term_at, category_at = columns.index("term"), columns.index("category")
    label_at = columns.index("label") if "label" in columns else None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header_seen = False
    previous = 0
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            builder.error(reader.line_num, f"CSV: {exc}; the rest of the file is skipped")
            break
        number, previous = previous + 1, reader.line_num  # a quoted cell may span lines
        if not any(cell.strip() for cell in row):
            continue
        if not header_seen:
            header_seen = True
            continue

        def cell(at: int | None, row: list[str] = row) -> str:
            return row[at].strip() if at is not None and at < len(row) else ""

        term_text, written = cell(term_at), cell(category_at)
        if not term_text or not written:
            missing = "term" if not term_text else "category"
            builder.error(number, f"row has no {missing}; row skipped")
            continue
        if (term := builder.parse_term(term_text, number)) is not None:
            builder.add_term(builder.category_for(written, line=number, label=cell(label_at)), term)


def _read_jsonl(text: str, builder: _Builder, path: Path) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            builder.error(number, f"not JSON ({exc.msg}); line skipped")
            continue
        label = record.get("label") if isinstance(record, dict) else None
        if not isinstance(label, str) or not label.strip() or "pattern" not in record:
            builder.error(number, 'expected {"label": "...", "pattern": ...}; line skipped')
            continue
        phrase, why_not = _pattern_phrase(record["pattern"])
        if phrase is None:
            builder.error(number, f"{why_not}; line skipped")
            continue
        if extra := sorted(set(record) - _JSONL_KEYS):
            builder.warn(number, f"ignored key(s): {', '.join(extra)}")
        if (term := builder.parse_term(phrase, number)) is not None:
            builder.add_term(builder.category_for(label, line=number), term)


def _pattern_phrase(pattern: Any) -> tuple[str | None, str]:
    """The phrase a spaCy pattern matches, or ``(None, why not)``. ORTH/TEXT patterns become
    case-insensitive: lexicon matching always is."""
    if isinstance(pattern, str):
        if "*" in pattern:
            # In spaCy '*' is a literal character; here it would become a wildcard.
            return None, f"pattern {pattern!r} holds a literal '*', which cannot be imported"
        return pattern, ""
    if not isinstance(pattern, list) or not pattern:
        return None, "pattern must be a phrase or a non-empty list of token objects"
    words: list[str] = []
    for token in pattern:
        if not isinstance(token, dict) or not token:
            return None, "pattern must be a phrase or a non-empty list of token objects"
        unsupported = sorted(k for k in token if str(k).upper() not in _TOKEN_ATTRIBUTES)
        unsupported += sorted(f"{k} {next(iter(v), '')}".strip() for k, v in token.items()
                              if isinstance(v, dict))  # {"LOWER": {"IN": [...]}}
        if unsupported:
            return None, (f"unsupported token attribute(s) {', '.join(unsupported)}: only "
                          f"{', '.join(sorted(_TOKEN_ATTRIBUTES))} with plain text can be imported")
        values = list(token.values())
        # {"LOWER": "york", "ORTH": "York"} is fine: matching is case-insensitive anyway.
        if (not all(isinstance(v, str) and v.strip() for v in values)
                or len({v.strip().casefold() for v in values}) != 1):
            return None, f"token {json.dumps(token, ensure_ascii=False)} must give one text"
        word = values[0].strip()
        if "*" in word:
            return None, f"token {word!r} holds a literal '*', which cannot be imported"
        # spaCy splits "don't" into "do" + "n't" and "Pakistan's" into "Pakistan" + "'s":
        # glue them back, as the matcher sees one word.
        if words and (word[0] in "'’" or word.casefold() in {"n't", "n’t"}):
            words[-1] += word
        else:
            words.append(word)
    return " ".join(words), ""


_READERS: dict[str, Callable[[str, _Builder, Path], None]] = {
    "dic": _read_dic, "txt": _read_txt, "csv": _read_csv, "jsonl": _read_jsonl,
}


# --- export -----------------------------------------------------------------------------------


def to_dic(lexicon: Lexicon) -> str:
    """The lexicon as LIWC ``.dic`` text.

    Categories are numbered 1..N in the lexicon's order and listed parent first, children
    indented by one tab per level (LIWC-22). Each term is written once, tab-delimited, with the
    ids of all its categories and of their ancestors, so tools that know nothing of nesting
    still count roll-ups. Labels, descriptions and exclusions cannot be written.
    """
    ids = {name: number for number, name in enumerate(lexicon.categories, start=1)}
    lines = ["%"]
    lines += [f"{chr(9) * depth}{ids[name]}\t{name}" for name, depth in _tree_order(lexicon)]
    lines.append("%")
    entries: dict[TermKey, tuple[str, set[int]]] = {}
    for category in lexicon.categories.values():
        own = {ids[category.name], *(ids[a] for a in _ancestors(lexicon, category.name))}
        for term in category.terms:
            # Whitespace inside a phrase is normalised: a tab would split the line.
            entries.setdefault(term.key, (" ".join(term.text.split()), set()))[1].update(own)
    for text, numbers in sorted(entries.values(), key=lambda e: (e[0].casefold(), e[0])):
        lines.append("\t".join([text, *(str(n) for n in sorted(numbers))]))
    return "\n".join(lines) + "\n"


def _ancestors(lexicon: Lexicon, name: str) -> list[str]:
    """Like ``Lexicon.ancestors`` but tolerant of an unknown parent (unvalidated lexicons)."""
    chain: list[str] = []
    parent = lexicon.categories[name].parent
    while parent is not None and parent in lexicon.categories and parent not in chain:
        chain.append(parent)
        parent = lexicon.categories[parent].parent
    return chain


def _tree_order(lexicon: Lexicon) -> list[tuple[str, int]]:
    """(category, depth), each parent followed by its children, roots in the lexicon's order."""
    children: dict[str | None, list[str]] = {}
    for category in lexicon.categories.values():
        parent = category.parent if category.parent in lexicon.categories else None
        children.setdefault(parent, []).append(category.name)
    order: list[tuple[str, int]] = []
    done: set[str] = set()

    def visit(name: str, depth: int) -> None:
        done.add(name)
        order.append((name, depth))
        for child in children.get(name, []):
            if child not in done:
                visit(child, depth + 1)

    for name in [*children.get(None, []), *lexicon.categories]:  # then any caught in a cycle
        if name not in done:
            visit(name, 0)
    return order
