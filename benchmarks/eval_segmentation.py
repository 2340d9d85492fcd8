"""Sentence-boundary accuracy on FactBank news sentences (Szeged Uncertainty Corpus).

Run from the repository root: python benchmarks/eval_segmentation.py [PATH]
PATH defaults to ../shared/data/hedges_factbank.jsonl (never copied into this repository).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from framing.evaluate import sentence_boundary_scores

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "hedges_factbank.jsonl"


def factbank_documents(path: Path) -> list[list[str]]:
    documents: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            documents[record["doc"]].append(record["text"])
    return list(documents.values())


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    documents = factbank_documents(path)
    scores = sentence_boundary_scores(documents)
    sentences = sum(len(d) for d in documents)
    print(f"{path.name}: {len(documents)} documents, {sentences} sentences: {scores}")


if __name__ == "__main__":
    main()
