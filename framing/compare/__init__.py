"""The comparator: outlets side by side (issue 5). So far: distinctive vocabulary by log-odds,
and, in ``framing.compare.align`` (not re-exported here, where the function ``align`` would hide
its module), sentences from different outlets that report the same fact."""

from framing.compare.logodds import log_odds_z

__all__ = ["log_odds_z"]
