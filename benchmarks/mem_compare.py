"""What the comparator keeps in memory per document, measured with ``tracemalloc``.

The articles of ``--data`` (default: all of ``../shared/data/news_security_abp.jsonl.gz``, 4,861
real articles from 139 outlets) are analysed and digested (``--jobs`` processes), and each digest
is pickled. Then, under ``tracemalloc``, the digests are unpickled one at a time and added to a
``Comparator`` and dropped, as ``framing compare`` streams them, so every byte the comparator
keeps is counted, whoever allocated it. Run once with alignment off and once with the default
sample of ``ALIGN_DOCUMENTS`` documents' fact sentences.

Run from the repository root: ``python benchmarks/mem_compare.py``.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tracemalloc
from pathlib import Path

from bench_compare import DEFAULT_DATA, read_documents

from framing.compare.comparison import ALIGN_DOCUMENTS, Comparator
from framing.compare.digest import digest
from framing.lexicon.registry import load_lexicons
from framing.pipeline import iter_analyze


def kept_bytes(digests: list[bytes], align_documents: int) -> int:
    gc.collect()
    tracemalloc.start()
    comparator = Comparator(align_documents=align_documents)
    for blob in digests:
        comparator.add(pickle.loads(blob))
    gc.collect()
    kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=10**9, help="articles to use (default all)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    documents = read_documents(args.data, args.limit)
    print(f"analysing and digesting {len(documents)} articles...", file=sys.stderr)
    digests = [pickle.dumps(item) for item in iter_analyze(
        documents, lexicons=load_lexicons(discover=False), jobs=args.jobs, then=digest)
        if not hasattr(item, "reason")]
    outlets = len({pickle.loads(blob).outlet for blob in digests})
    n = len(digests)
    print("| comparator keeps | MB | kB per document |\n|---|---:|---:|")
    for label, align in (("without fact sentences (--align-documents 0)", 0),
                         (f"with the default sample ({ALIGN_DOCUMENTS:,} documents' facts)",
                          ALIGN_DOCUMENTS)):
        kept = kept_bytes(digests, align)
        print(f"| {label} | {kept / 1e6:.1f} | {kept / n / 1e3:.1f} |")
    print(f"\n- {n:,} articles from {outlets} outlets in `{args.data.name}`; tracemalloc, "
          "everything the Comparator holds after streaming every digest through it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
