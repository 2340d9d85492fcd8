"""Blind outlets for the classroom: outlets become "Source A", "Source B" ... in an order shuffled
by a seed, and everything that would give an outlet away is taken out of the students' sheet.

Hiding the outlet name from the metadata is not enough: articles name their own outlet ("Dawn
has learnt"), carry their author's name, or quote their headline. The ``Redactor`` replaces every
known identifying string (outlet names, titles, authors, URLs, document ids and file names)
wherever it occurs in text the worksheet shows, longest first, case-insensitively.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from framing.pipeline import AnalyzedDocument


def _letters(n: int) -> list[str]:
    """A, B, ... Z, AA, AB ... for any number of sources."""
    names = []
    for i in range(n):
        label, k = "", i
        while True:
            label = string.ascii_uppercase[k % 26] + label
            k = k // 26 - 1
            if k < 0:
                break
        names.append(label)
    return names


@dataclass(frozen=True, slots=True)
class SourceNames:
    """What students see for each outlet, and for each document, and the way back."""

    by_outlet: dict[str, str]
    by_document: dict[str, str]  # doc id -> "Source B, article 2"
    blind: bool

    def outlet(self, name: str) -> str:
        return self.by_outlet.get(name, name)

    def document(self, doc: str) -> str:
        return self.by_document.get(doc, doc)

    def mapping(self) -> list[tuple[str, str]]:
        """(shown name, outlet) in the order students see them."""
        return sorted(((shown, outlet) for outlet, shown in self.by_outlet.items()),
                      key=lambda pair: (len(pair[0]), pair[0]))


def _blind_prefix(outlets: Sequence[str]) -> str:
    """"Source", unless the outlets are themselves called "Source A" ... (the bundled seeds
    are): a key reading "Source A is Source C" would confuse; then "Outlet", and so on."""
    for prefix in ("Source", "Outlet", "Paper", "Publication"):
        pattern = re.compile(rf"{prefix} [A-Z]{{1,3}}", re.IGNORECASE)
        if not any(pattern.fullmatch(o.strip()) for o in outlets):
            return prefix
    return "Blind source"


def source_names(documents: Sequence[AnalyzedDocument], *, seed: int, blind: bool) -> SourceNames:
    """Blind names in an order shuffled by ``seed`` (the same seed, the same names), or the
    outlets' own names."""
    outlets = sorted({d.document.outlet for d in documents})
    if blind:
        shuffled = outlets[:]
        random.Random(seed).shuffle(shuffled)
        prefix = _blind_prefix(outlets)
        by_outlet = {o: f"{prefix} {letter}" for o, letter in zip(shuffled, _letters(len(outlets)),
                                                                  strict=True)}
    else:
        by_outlet = {o: o for o in outlets}
    counts: dict[str, int] = {}
    by_document = {}
    for d in sorted(documents, key=lambda d: (by_outlet[d.document.outlet], d.document.id)):
        shown = by_outlet[d.document.outlet]
        counts[shown] = counts.get(shown, 0) + 1
        by_document[d.document.id] = f"{shown}, article {counts[shown]}"
    return SourceNames(by_outlet, by_document, blind)


@dataclass(frozen=True, slots=True)
class Redactor:
    """Replaces identifying strings in text. With nothing to hide it returns text unchanged."""

    pattern: re.Pattern[str] | None
    replacements: tuple[str, ...]  # by alternative: the pattern's groups are h0, h1 ...

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(
            lambda m: self.replacements[int((m.lastgroup or "h0")[1:])], text)


# Strings shorter than this are not searched for in text: a two-letter outlet code would
# blank out ordinary words. Outlet names are always searched for, whatever their length >= 3.
_MIN_HIDDEN = 4

# Words of a byline that name no one ("Staff Reporter", "Web Desk", "Our Correspondent").
_GENERIC = frozenset("""a an and the by our staff reporter reporters correspondent
    correspondents desk news newsdesk web online digital agency agencies wire wires report
    reports monitoring monitor team writer writers editor editors editorial board bureau service
    special senior guest contributor contributors with from in""".split())
# Particles inside names, never searched for alone ("de", "van", "bin", "al").
_PARTICLES = frozenset("al el bin ibn de da del der di du la le van von".split())
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_APOSTROPHE = "['\u2019]"
# Email addresses and @handles in a byline's tail ("shahzada.ahmed@tribune.com.pk", "Follow
# @ExpressTribune"): whose they are is the point of them.
_CONTACT = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@\w{2,}"


def _words(value: str) -> list[str]:
    return value.split()


def _literal(value: str, joiner: str = r"\s+") -> str:
    """``value`` as a pattern: any run of white space (a line break) between its words, either
    apostrophe."""
    return joiner.join(_APOSTROPHE.join(re.escape(piece) for piece in re.split("['\u2019]", word))
                       for word in _words(value))


def _edged(pattern: str, value: str) -> str:
    # Word edges where the string starts or ends with a word character, so "Dawn" does not
    # blank out "dawned".
    if value[:1].isalnum():
        pattern = r"(?<!\w)" + pattern
    if value[-1:].isalnum():
        pattern += r"(?!\w)"
    return pattern


def _proper(value: str) -> str:
    """A name that is also an ordinary word ("Dawn", "Nation", "Green") as written, capitalised
    or in capitals, never in lower case ("at dawn")."""
    forms = {" ".join(w[:1].upper() + w[1:] for w in _words(value)), value.upper()}
    if not value.islower():  # "dawn" given in lower case is still not "at dawn"
        forms.add(value)
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    return "(?-i:" + "|".join(_literal(f) for f in ordered) + ")"


def _outlet_patterns(outlet: str) -> list[str]:
    """The forms an outlet's name takes in text: "The Express Tribune", "Express Tribune",
    "Express-Tribune", "@ExpressTribune", "expresstribune.com", "the Tribune", "DAWN",
    "Dawn's"; a one-word name not in lower case ("at dawn" is not Dawn)."""
    core = _ARTICLE.sub("", outlet) if len(_words(outlet)) > 1 else outlet
    words = _words(core)
    patterns = []
    if len(words) > 1 and all(len(w) >= 3 for w in words):
        patterns.append(r"(?:the\s+)?" + _literal(core, r"(?:\s+|-|)"))
        if words[-1][:1].isupper() and words[-1].isalpha():
            patterns.append(_proper("the " + words[-1]))
    elif len(words) == 1 and core.isalpha():
        patterns.append(r"(?:(?-i:the|The|THE)\s+)?" + _proper(core))
    else:
        patterns.append(_literal(outlet) if len(words) > 1 else _proper(outlet))
    joined = re.sub(r"[^\w]", "", core)
    if len(joined) >= 3:  # its site: dawn.com, expresstribune.com.pk
        patterns.append(r"(?:www\.)?" + re.escape(joined) + r"(?:\.[a-z]{2,6})+")
    return [_edged(p, core) for p in patterns]


def _author_patterns(author: str) -> list[str]:
    """Each author of a byline ("By A and B, C"), whole and by each part of the name: a byline
    cut to the surname, a name split over two lines."""
    patterns = []
    for name in re.split(r"\s*(?:[,;&|/]|\band\b)\s*", " ".join(author.split())):
        name = re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)
        words = [w for w in _words(name) if w.lower() not in _GENERIC]
        if not words:
            continue  # "Staff Reporter"
        if len(_words(name)) > 1 and len(name) >= _MIN_HIDDEN:
            patterns.append(_edged(_literal(name), name))
        for word in words:
            word = word.strip(".,()")
            if (len(word) >= 3 and word.isalpha() and word.lower() not in _PARTICLES):
                patterns.append(_edged(_proper(word), word))
    return patterns


def redactor(documents: Sequence[AnalyzedDocument], names: SourceNames) -> Redactor:
    """A redactor for the students' sheet of a blind exercise (none without blinding)."""
    if not names.blind:
        return Redactor(None, ())
    hidden: dict[str, str] = {}

    def hide(pattern: str, replacement: str) -> None:
        hidden.setdefault(pattern, replacement)

    def hide_text(value: str | None, replacement: str) -> None:
        value = " ".join((value or "").split())
        if len(value) >= _MIN_HIDDEN:
            hide(_edged(_literal(value), value), replacement)

    for d in documents:
        doc = d.document
        shown = names.outlet(doc.outlet)
        for pattern in _outlet_patterns(" ".join(doc.outlet.split())):
            hide(pattern, f"[{shown}]")
        # A headline of one word ("News", "Balochistan") gives nothing away and is an ordinary
        # word of the text; a longer one is searched for wherever it is echoed.
        if len(_words(doc.title or "")) > 1:
            hide_text(doc.title, "[title]")
        for pattern in _author_patterns(doc.author or ""):
            hide(pattern, "[author]")
        hide_text(str(doc.meta.get("author_bio") or ""), "[author]")  # as a whole
        hide_text(doc.url, "[link]")
        if doc.url:  # the site's own name: "www.dawn.com" -> "dawn.com"
            host = re.sub(r"^[a-z]+://(www\.)?", "", doc.url.strip(), flags=re.I).split("/")[0]
            hide_text(host, "[link]")
        if not re.fullmatch(r"[^\W\d_]+", doc.id):  # "dawn-2026-02-11", not "news"
            hide_text(doc.id, "[id]")
        hide_text(Path(doc.source.path).name, "[file]")
    if not hidden:
        return Redactor(None, ())
    # Longest first, so "Dawn News" is replaced before "Dawn".
    ordered = sorted(hidden, key=lambda v: (-len(v), v))
    parts = [f"(?P<h{i}>{pattern})" for i, pattern in enumerate(ordered)]
    parts.append(f"(?P<h{len(ordered)}>{_CONTACT})")
    replacements = (*(hidden[p] for p in ordered), "[contact]")
    return Redactor(re.compile("|".join(parts), re.IGNORECASE), replacements)
