"""The per-document pipeline: clean, complete the metadata from what cleaning found, segment.

``iter_analyze`` streams results one document at a time; ``analyze`` collects them for notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from framing.corpus.loader import Corpus
from framing.model import Document, Removal, Sentence, Skipped
from framing.text.clean import clean_text
from framing.text.segment import segment

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class AnalyzedDocument:
    """A document with its cleaned text, what cleaning removed, and its sentences."""

    document: Document
    text: str
    removals: tuple[Removal, ...]
    sentences: tuple[Sentence, ...]

    @property
    def token_count(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)


def analyze_document(document: Document) -> AnalyzedDocument | Skipped:
    """Clean and segment one document; ``Skipped`` if cleaning leaves no text."""
    cleaned = clean_text(document.text)
    offset = int(document.meta.get("text_line", 1)) - 1  # front matter lines before the text
    removals = tuple(replace(r, line=r.line + offset) for r in cleaned.removals)
    sentences = tuple(segment(cleaned.text))
    if not sentences:
        kinds = ", ".join(sorted({r.kind for r in removals})) or "nothing"
        return Skipped(document.source, f"no text left after cleaning (removed: {kinds})")
    # Metadata stated by the user (front matter, columns, manifest) wins over what cleaning found.
    found = cleaned.found
    completed = document.with_fields(
        title=document.title or found.get("title"),
        author=document.author or found.get("author"),
        date=document.date or found.get("date"),
        meta={**{k: found[k] for k in ("section", "author_bio") if k in found}, **document.meta},
    )
    return AnalyzedDocument(document=completed, text=cleaned.text, removals=removals,
                            sentences=sentences)


def iter_analyze(documents: Iterable[Document | Skipped]) -> Iterator[AnalyzedDocument | Skipped]:
    """Analyse documents one at a time, passing ``Skipped`` items through in order."""
    for item in documents:
        yield item if isinstance(item, Skipped) else analyze_document(item)


@dataclass(slots=True)
class Analysis:
    """Analysed documents, everything skipped on the way, and the loader's notes."""

    documents: list[AnalyzedDocument] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def documents_frame(self) -> pd.DataFrame:
        """One row per document, the columns of ``documents.csv``."""
        import pandas as pd

        from framing.output import document_row

        return pd.DataFrame([document_row(d) for d in self.documents])

    def sentences_frame(self) -> pd.DataFrame:
        """One row per sentence, the fields of ``sentences.jsonl``."""
        import pandas as pd

        from framing.output import sentence_records

        return pd.DataFrame([r for d in self.documents for r in sentence_records(d)])


def analyze(corpus: Corpus | Iterable[Document]) -> Analysis:
    """Analyse a corpus (from ``load_corpus``) or any iterable of documents."""
    analysis = Analysis()
    if isinstance(corpus, Corpus):
        analysis.skipped.extend(corpus.skipped)
        analysis.notes.extend(corpus.notes)
    for item in iter_analyze(corpus):
        if isinstance(item, Skipped):
            analysis.skipped.append(item)
        else:
            analysis.documents.append(item)
    return analysis
