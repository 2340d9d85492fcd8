"""Finding lexicons: the built-in ones, ``./lexicons``, folders or files in ``FRAMING_LEXICONS``,
and ``--lexicon`` paths, in that order. All go through the same reader; a later lexicon with an
earlier one's name replaces it, with a notice. Counting rolls matches up to parent categories."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from framing.errors import UsageError
from framing.lexicon.matcher import Match, Matcher
from framing.lexicon.model import Lexicon
from framing.lexicon.toml_io import LexiconError, Problem, read_lexicon
from framing.resources import builtin_lexicon_dir

ENV_VAR = "FRAMING_LEXICONS"
LEXICON_SUFFIX = ".toml"


@dataclass  # no slots: the matcher and columns are cached on the instance
class LexiconSet:
    """The lexicons in force, in load order, with notices about overrides and warnings.

    Treat it as read-only once used: its matcher and column list are built on first use and
    kept."""

    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def __iter__(self) -> Iterator[Lexicon]:
        return iter(self.lexicons.values())

    def __len__(self) -> int:
        return len(self.lexicons)

    def __getitem__(self, name: str) -> Lexicon:
        return self.lexicons[name]

    @cached_property
    def matcher(self) -> Matcher:
        return Matcher(self.lexicons.values())

    @cached_property
    def columns(self) -> list[str]:
        """``<lexicon>.<category>`` for every category of every lexicon, in file order."""
        return [lexicon.column(c) for lexicon in self for c in lexicon.categories]

    @cached_property
    def _lineage(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {(lexicon.name, name): (name, *lexicon.ancestors(name))
                for lexicon in self for name in lexicon.categories}

    @cached_property
    def _lineage_columns(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {key: tuple(f"{key[0]}.{c}" for c in chain) for key, chain in self._lineage.items()}

    def count(self, matches: Iterable[Match]) -> Counter[str]:
        """Matches per ``<lexicon>.<category>`` column, each counted for its category and every
        ancestor, and once per category even when a span carries several sub-categories."""
        columns = self._lineage_columns
        counts: Counter[str] = Counter()
        span: tuple[int, int, str] | None = None
        counted: set[str] = set()  # columns already counted for the current span
        for match in matches:
            chain = columns[(match.lexicon, match.category)]
            here = (match.start, match.end, match.lexicon)
            if here != span:  # matches of one span are adjacent: the matcher emits them together
                span = here
                counted = set(chain)
                for column in chain:  # plain item updates: cheaper than Counter.update per match
                    counts[column] += 1
            else:
                fresh = [column for column in chain if column not in counted]
                counted.update(fresh)
                counts.update(fresh)
        return counts

    def lineage_columns(self, match: Match) -> list[str]:
        """The columns a match counts for: its category's and every ancestor's."""
        return [f"{match.lexicon}.{c}" for c in self._lineage[(match.lexicon, match.category)]]

    def resolve_category(self, spec: str) -> tuple[str, str]:
        """``"conflict.kinetic"`` or an unambiguous ``"kinetic"`` -> ``("conflict", "kinetic")``."""
        if "." in spec:
            lexicon, _, category = spec.partition(".")
            if lexicon in self.lexicons and category in self.lexicons[lexicon].categories:
                return lexicon, category
            raise UsageError(f"no category {spec!r}",
                             hint="see the categories with: framing lexicon list")
        owners = [lexicon.name for lexicon in self if spec in lexicon.categories]
        if len(owners) == 1:
            return owners[0], spec
        if not owners:
            raise UsageError(f"no category {spec!r} in any lexicon",
                             hint="see the categories with: framing lexicon list")
        raise UsageError(f"category {spec!r} is in several lexicons: {', '.join(owners)}",
                         hint=f"write it as LEXICON.{spec}")

    def covers(self, match: Match, lexicon: str, category: str) -> bool:
        """Whether ``match`` counts for ``category`` (itself or a sub-category of it)."""
        return match.lexicon == lexicon and category in self._lineage[(lexicon, match.category)]


def lexicon_files(path: Path) -> list[Path]:
    """The lexicon files a path stands for: itself, or the ``.toml`` files in a folder."""
    if path.is_dir():
        return sorted(p for p in path.rglob(f"*{LEXICON_SUFFIX}")
                      if not any(part.startswith(".") for part in p.relative_to(path).parts))
    if path.is_file():
        if path.suffix.lower() != LEXICON_SUFFIX:
            raise UsageError("a lexicon file must be .toml", path=str(path),
                             hint="convert LIWC .dic, word lists, CSV or spaCy patterns with: "
                                  "framing lexicon import FILE -o OUT.toml")
        return [path]
    raise UsageError("no such lexicon file or folder", path=str(path))


def load_lexicons(paths: Sequence[str | Path] = (), *, builtin: bool = True,
                  discover: bool = True, cwd: Path | None = None,
                  environ: Mapping[str, str] | None = None) -> LexiconSet:
    """Load the built-in lexicons, then (with ``discover``) ``./lexicons`` and
    ``$FRAMING_LEXICONS``, then ``paths``.

    Raises ``LexiconError`` listing every error if any file has errors.
    """
    environ = os.environ if environ is None else environ
    cwd = Path.cwd() if cwd is None else cwd
    sources: list[tuple[Path, str]] = []
    builtin_dir = builtin_lexicon_dir()
    if builtin:
        sources.append((builtin_dir, "built-in"))
    local = cwd / "lexicons"
    if discover and local.is_dir() and local.resolve() != builtin_dir.resolve():
        sources.append((local, "./lexicons"))
    if discover:
        for entry in filter(None, environ.get(ENV_VAR, "").split(os.pathsep)):
            sources.append((Path(entry), ENV_VAR))
    sources.extend((Path(p), "--lexicon") for p in paths)

    # A file named in several places is read once, at its last, most specific place.
    files: dict[Path, tuple[Path, str]] = {}
    for source, origin in sources:
        for file in lexicon_files(source):
            files.pop(file.resolve(), None)
            files[file.resolve()] = (file, origin)

    result = LexiconSet()
    problems: list[Problem] = []
    for file, origin in files.values():
        lexicon, found = read_lexicon(file, origin=origin)
        problems.extend(found)
        if lexicon is None:
            continue
        if (previous := result.lexicons.pop(lexicon.name, None)) is not None:
            result.notices.append(
                f"lexicon {lexicon.name!r} from {file} ({origin}) overrides the one from "
                f"{previous.path} ({previous.origin})")
        result.lexicons[lexicon.name] = lexicon
    if any(p.severity == "error" for p in problems):
        raise LexiconError(problems)
    result.warnings = problems
    return result
