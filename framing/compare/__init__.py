"""The comparator: outlets side by side (issue 5). So far: distinctive vocabulary by log-odds."""

from framing.compare.logodds import log_odds_z

__all__ = ["log_odds_z"]
