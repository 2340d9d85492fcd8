"""How long comparing outlets takes, apart from analysing the articles, and what it keeps.

The comparator works from merged counts: each analysed document is reduced to a digest (counts,
a few example sentences, the sentences alignment needs) as it streams past, and only digests
are kept. This script analyses N real articles once, then times, in CPU seconds on one core:

* digest -- ``Comparator.add`` for every analysed document (the per-document reduction);
The documents are analysed and digested one at a time and dropped, as ``framing compare`` does,
so the peak memory is that of the command (the texts of the corpus, read up front, included).

* compare -- ``Comparator.result()``: outlet profiles with bootstrap intervals, every pairwise
  contrast, distinctive terms, similarity and alignment;

and reports the size of what the comparator keeps per document (pickled digests), the number of
outlets and contrasts, and the process's peak resident memory. The analysis itself is timed too,
for scale: it dominates, and ``bench_analyze.py`` measures it in detail.

Run from the repository root: ``python benchmarks/bench_compare.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from framing import Document, Source, analyze_document, load_lexicons
from framing.compare import Comparator
from framing.pipeline import AnalyzedDocument

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT.parent / "shared/data/news_security_abp.jsonl.gz"


def read_documents(path: Path, limit: int) -> list[Document]:
    opener = gzip.open if path.suffix == ".gz" else open
    documents = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if len(documents) >= limit:
                break
            record = json.loads(line)
            documents.append(Document(
                id=str(record.get("id", line_number)), outlet=str(record.get("outlet", "unknown")),
                text=record["text"], title=record.get("title"),
                source=Source(str(path), line_number, "jsonl")))
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="a .jsonl or .jsonl.gz file with text, outlet and id fields")
    parser.add_argument("--limit", type=int, default=1000, help="articles to use (default 1000)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    args = parser.parse_args(argv)
    if not args.data.exists():
        parser.error(f"{args.data} not found: pass --data with a JSONL file of articles")

    documents = read_documents(args.data, args.limit)
    size = sum(len(d.text.encode("utf-8")) for d in documents)
    lexicons = load_lexicons(discover=False)
    print(f"analysing and digesting {len(documents)} articles ({size / 1e6:.1f} MB)...",
          file=sys.stderr)
    # Streamed as in the command line: each analysed document is digested and dropped.
    comparator = Comparator()
    analyse_seconds = digest_seconds = 0.0
    for document in documents:
        started = time.process_time()
        analysed = analyze_document(document, lexicons=lexicons)
        analyse_seconds += time.process_time() - started
        if isinstance(analysed, AnalyzedDocument):
            started = time.process_time()
            comparator.add(analysed)
            digest_seconds += time.process_time() - started
    del documents, analysed
    kept = len(pickle.dumps((comparator.tallies, comparator.entries, comparator.facts)))

    started = time.process_time()
    comparison = comparator.result()
    compare_seconds = time.process_time() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = [
        ("analyse (for scale)", analyse_seconds),
        ("digest (Comparator.add)", digest_seconds),
        ("compare (Comparator.result)", compare_seconds),
        ("digest + compare", digest_seconds + compare_seconds),
    ]
    lines = ["| stage | CPU s | documents/s |", "|---|---:|---:|"]
    lines += [f"| {name} | {seconds:.2f} | {len(comparator.entries) / seconds:,.0f} |"
              for name, seconds in rows]
    lines += [
        "",
        f"- corpus: {len(comparator.entries)} articles ({size / 1e6:.1f} MB) from "
        f"`{args.data.name}`, {len(comparison.outlets)} outlets",
        f"- contrasts tested: {len(comparison.contrasts):,} "
        f"({len(comparison.differences()):,} differences, "
        f"{(comparison.differences()['resampled'] == 'documents').sum():,} of them between "
        "outlets with five or more documents); distinctive terms listed: "
        f"{len(comparison.terms):,}; aligned groups: {len(comparison.aligned):,}; "
        f"similar pairs listed: {len(comparison.similarity):,}",
        f"- kept by the comparator: {kept / 1e6:.1f} MB pickled "
        f"({kept / max(1, len(comparator.entries)) / 1e3:.1f} kB per document)",
        f"- peak resident memory of the process: {peak_mib:,.0f} MiB",
        f"- {datetime.now(UTC):%Y-%m-%d}, Python {platform.python_version()}, "
        f"{platform.machine()}, one core",
    ]
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
