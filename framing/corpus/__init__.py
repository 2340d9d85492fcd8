"""Corpus ingestion: files, folders, tables and stdin become ``Document`` objects."""

from framing.corpus.loader import Corpus, CorpusReader, detect_format, load_corpus
from framing.corpus.tables import ColumnMap

__all__ = ["ColumnMap", "Corpus", "CorpusReader", "detect_format", "load_corpus"]
