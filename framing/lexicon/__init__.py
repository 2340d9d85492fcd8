"""Lexicons: one TOML format for built-in and user lexicons, one loader, one matcher."""

from framing.lexicon.matcher import Match, Matcher
from framing.lexicon.model import Category, Lexicon, Term
from framing.lexicon.toml_io import LexiconError, Problem, parse_lexicon, read_lexicon, to_toml

__all__ = ["Category", "Lexicon", "LexiconError", "Match", "Matcher", "Problem", "Term",
           "parse_lexicon", "read_lexicon", "to_toml"]
