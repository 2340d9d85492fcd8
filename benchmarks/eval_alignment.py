"""Sentence alignment ("same fact, different words") on BASIL and on the seeds.

Run from the repository root:

    python benchmarks/eval_alignment.py --data ../shared/data [--sweep]

BASIL (``<data>/basil/documents.jsonl``, never copied into this repository) has 100 events, each
reported by Fox News, the New York Times and the Huffington Post. An aligned group whose
sentences come from different events is certainly wrong, so:

* event purity = share of groups whose sentences all come from one BASIL event;
* coverage = share of events with at least one group.

Purity does not prove that a group's sentences state the same fact (two sentences about the
same story can be pure and still different facts); the tests hand-check a few groups for that.
Runtime counts ``fact_sentences`` and ``align`` only, not loading and analysis. ``--sweep`` also
prints purity and coverage over a grid of thresholds (how the defaults were chosen).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from framing import analyze, load_corpus, load_lexicons
from framing.compare.align import (
    ANCHORED_COSINE,
    HIGH_COSINE,
    AlignedGroup,
    FactSentence,
    align,
    fact_sentences,
)
from framing.pipeline import AnalyzedDocument

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def basil_events(documents: Sequence[AnalyzedDocument]) -> dict[str, str]:
    """Document id -> BASIL event id (the ``event`` field, kept in ``meta`` by the loader)."""
    return {d.document.id: str(d.document.meta["event"]) for d in documents}


def purity_coverage(groups: Sequence[AlignedGroup], events: dict[str, str]) -> tuple[float, float]:
    pure = [g for g in groups if len({events[s.doc] for s in g.sentences}) == 1]
    covered = {events[g.sentences[0].doc] for g in pure}
    purity = len(pure) / len(groups) if groups else 0.0
    return purity, len(covered) / len(set(events.values()))


def _report(name: str, groups: Sequence[AlignedGroup], seconds: float, sentences: int,
            events: dict[str, str] | None) -> None:
    size = sum(len(g.sentences) for g in groups) / len(groups) if groups else 0.0
    line = (f"{name}: {sentences} sentences, {len(groups)} groups, mean size {size:.2f}, "
            f"{seconds:.2f} s")
    if events is not None:
        purity, coverage = purity_coverage(groups, events)
        line += f", event purity {purity:.3f}, coverage {coverage:.3f}"
    print(line)


def _timed(documents: Sequence[AnalyzedDocument]) -> tuple[list[FactSentence],
                                                             list[AlignedGroup], float]:
    started = time.perf_counter()
    sentences = [s for d in documents for s in fact_sentences(d)]
    groups = align(sentences)
    return sentences, groups, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the shared data folder (default: ../shared/data)")
    parser.add_argument("--sweep", action="store_true", help="also try a grid of thresholds")
    args = parser.parse_args()
    lexicons = load_lexicons(discover=False)

    seeds = analyze(load_corpus([ROOT / "seeds"]), lexicons=lexicons).documents
    sentences, groups, seconds = _timed(seeds)
    _report("seeds", groups, seconds, len(sentences), None)

    path = args.data / "basil" / "documents.jsonl"
    if not path.is_file():
        print(f"BASIL: not found at {path} (pass --data)")
        return
    basil = analyze(load_corpus(path), lexicons=lexicons).documents
    events = basil_events(basil)
    sentences, groups, seconds = _timed(basil)
    _report(f"BASIL (high {HIGH_COSINE}, anchored {ANCHORED_COSINE})", groups, seconds,
            len(sentences), events)
    if args.sweep:
        print("high anchored neighbours: groups purity coverage")
        for high in (0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            for anchored in (0.2, 0.25, 0.3, 0.35, 0.4):
                for neighbours in (1, 2, 3):
                    if anchored > high:
                        continue
                    found = align(sentences, high_cosine=high, anchored_cosine=anchored,
                                  doc_neighbours=neighbours)
                    purity, coverage = purity_coverage(found, events)
                    print(f"{high:.2f} {anchored:.2f} {neighbours}: {len(found)} "
                          f"{purity:.3f} {coverage:.3f}")


if __name__ == "__main__":
    main()
