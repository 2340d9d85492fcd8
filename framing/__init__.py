"""framing: compare how news outlets frame the same story, with every number traceable to text.

The public API follows the data flow: ``load_corpus`` reads sources into ``Document`` objects,
``load_lexicons`` finds the lexicons in force, ``analyze`` cleans, segments and matches documents
into ``AnalyzedDocument`` objects; ``LexiconVectorizer`` gives lexicon counts to scikit-learn.
"""

__version__ = "0.1.0"

from framing.corpus import ColumnMap, Corpus, load_corpus
from framing.lexicon import Lexicon, Match, Matcher
from framing.lexicon.registry import LexiconSet, load_lexicons
from framing.lexicon.vectorizer import LexiconVectorizer
from framing.model import Document, Removal, Sentence, Skipped, Source
from framing.pipeline import Analysis, AnalyzedDocument, analyze, analyze_document
from framing.text.clean import Cleaned, clean_text
from framing.text.segment import segment

__all__ = [
    "Analysis",
    "AnalyzedDocument",
    "Cleaned",
    "ColumnMap",
    "Corpus",
    "Document",
    "Lexicon",
    "LexiconSet",
    "LexiconVectorizer",
    "Match",
    "Matcher",
    "Removal",
    "Sentence",
    "Skipped",
    "Source",
    "__version__",
    "analyze",
    "analyze_document",
    "clean_text",
    "load_corpus",
    "load_lexicons",
    "segment",
]
