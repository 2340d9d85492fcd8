"""The comparator: outlets side by side. ``compare`` merges analysed documents by outlet into a
``Comparison`` of tidy tables: outlet profiles with intervals, tested contrasts with evidence
sentences, distinctive vocabulary, who speaks, labels, same-fact alignment
(``framing.compare.align``) and document similarity."""

from framing.compare.comparison import Comparator, Comparison, compare
from framing.compare.logodds import log_odds_z

__all__ = ["Comparator", "Comparison", "compare", "log_odds_z"]
