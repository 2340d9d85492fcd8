"""framing: compare how news outlets frame the same story, with every number traceable to text.

The public API follows the data flow: ``load_corpus`` reads sources into ``Document`` objects,
``analyze`` cleans and segments them into ``AnalyzedDocument`` objects.
"""

__version__ = "0.1.0"

from framing.corpus import ColumnMap, Corpus, load_corpus
from framing.model import Document, Removal, Sentence, Skipped, Source
from framing.pipeline import AnalyzedDocument, analyze, analyze_document
from framing.text.clean import Cleaned, clean_text
from framing.text.segment import segment

__all__ = [
    "AnalyzedDocument",
    "Cleaned",
    "ColumnMap",
    "Corpus",
    "Document",
    "Removal",
    "Sentence",
    "Skipped",
    "Source",
    "__version__",
    "analyze",
    "analyze_document",
    "clean_text",
    "load_corpus",
    "segment",
]
