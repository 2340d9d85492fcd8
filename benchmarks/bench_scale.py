"""End-to-end cost of the three commands at growing corpus sizes, as the command line runs them.

For each size N it generates a JSONL corpus of N realistic news articles, then runs, each in its
own process, ``framing analyze FILE --out DIR``, ``framing compare FILE --out DIR`` and
``framing report FILE -o FILE`` (with ``--jobs``), and records wall-clock time and the process's
peak resident memory (through ``/usr/bin/time``). A reference scan (one compiled regex pass that
finds sentence ends and word tokens) over the same texts, in this process, gives the yardstick:
throughput is also shown as a ratio to it, since absolute times on a shared machine are noise.

The corpus: real articles from ``--data`` (default ``../shared/data/news_security_abp.jsonl.gz``,
else the project's seeds), cycled to N with controlled variation so that no two documents are
identical: each copy drops a seeded tenth of its paragraphs and is assigned to one of
``--outlets`` outlets.

Run from the repository root: ``python benchmarks/bench_scale.py --sizes 1000,10000``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT.parent / "shared/data/news_security_abp.jsonl.gz"
REFERENCE = re.compile(r"[.!?]+(?=\s)|\w+")
TIME = Path("/usr/bin/time")


def source_texts(data: Path) -> list[str]:
    if data.exists():
        opener = gzip.open if data.suffix == ".gz" else open
        with opener(data, "rt", encoding="utf-8") as handle:
            return [json.loads(line)["text"] for line in handle if line.strip()]
    return [p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "seeds").glob("*.txt"))]


def generate(n: int, texts: list[str], outlets: int, path: Path, seed: int = 20261121) -> int:
    """Write N varied articles to ``path`` (JSONL); returns the bytes of text written."""
    rng = random.Random(seed)
    size = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            paragraphs = [p for p in texts[i % len(texts)].split("\n\n") if p.strip()]
            kept = [p for p in paragraphs if rng.random() > 0.1] or paragraphs[:1]
            text = "\n\n".join(kept)
            size += len(text.encode("utf-8"))
            handle.write(json.dumps({"id": f"gen-{i}", "outlet": f"Outlet {i % outlets:02d}",
                                     "text": text}) + "\n")
    return size


def reference_seconds(path: Path) -> float:
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    started = time.process_time()
    for text in texts:
        sum(1 for _ in REFERENCE.finditer(text))
    return time.process_time() - started


def run(command: list[str]) -> tuple[float, float | None]:
    """Wall-clock seconds and peak MiB of one command in its own process. With psutil, the peak
    is of the whole process tree (the command and its --jobs workers, summed, sampled every
    0.2 s), counting each process's proportional set size: forked workers share the parent's
    pages, and summing resident sizes would count those twice (616 MiB instead of 372 for the
    same run). Without psutil, the largest single process as /usr/bin/time reports it."""
    framing = [sys.executable, "-m", "framing", *command]
    try:
        import psutil
    except ImportError:
        psutil = None
    started = time.perf_counter()
    if psutil is not None:
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(framing, stdout=subprocess.DEVNULL, stderr=errors)
            watched, peak_bytes = psutil.Process(process.pid), 0
            while process.poll() is None:
                try:
                    tree = [watched, *watched.children(recursive=True)]
                    peak_bytes = max(peak_bytes, sum(_rss(p) for p in tree))
                except psutil.NoSuchProcess:
                    pass
                time.sleep(0.2)
            seconds, code = time.perf_counter() - started, process.returncode
            errors.seek(0)
            stderr = errors.read().decode("utf-8", "replace")
        peak: float | None = peak_bytes / 2**20
    elif TIME.exists():
        result = subprocess.run([str(TIME), "-f", "%M", *framing], capture_output=True,
                                text=True)
        seconds, code, stderr = time.perf_counter() - started, result.returncode, result.stderr
        peak = int(result.stderr.strip().splitlines()[-1]) / 1024
    else:
        result = subprocess.run(framing, capture_output=True, text=True)
        seconds, code, stderr = time.perf_counter() - started, result.returncode, result.stderr
        peak = None
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{stderr}")
    return seconds, peak


def _rss(process) -> int:
    """A psutil.Process's proportional set size (its resident size where the system gives
    none); a worker that has just ended counts as 0."""
    try:
        info = process.memory_full_info()
        return int(getattr(info, "pss", info.rss))
    except Exception:  # psutil.NoSuchProcess, AccessDenied
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated corpus sizes")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    parser.add_argument("--stages", default="analyze,compare,report",
                        help="comma-separated stages to run (default: all three)")
    args = parser.parse_args(argv)
    texts = source_texts(args.data)
    lines = ["| documents | MB | stage | wall s | documents/s | MB/s | MB/s per core "
             "| x reference per core | peak MiB |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|"]
    notes: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="framing-scale-"))
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            corpus = work / f"corpus-{n}.jsonl"
            size = generate(n, texts, args.outlets, corpus)
            reference = size / 1e6 / reference_seconds(corpus)
            jobs = ["--jobs", str(args.jobs), "-q"]
            stages = {
                "analyze --out": ["analyze", str(corpus), "--out", str(work / f"a{n}"), *jobs],
                "compare --out": ["compare", str(corpus), "--out", str(work / f"c{n}"), *jobs],
                "report (100 reading views)": ["report", str(corpus), "-o",
                                               str(work / f"r{n}.html"), *jobs],
            }
            wanted = {s.strip() for s in args.stages.split(",")}
            for name, command in stages.items():
                if name.split()[0] not in wanted:
                    continue
                print(f"{n} documents: {name} ...", file=sys.stderr, flush=True)
                seconds, peak = run(command)
                mb_s = size / 1e6 / seconds
                per_core = mb_s / max(1, args.jobs)
                lines.append(f"| {n:,} | {size / 1e6:.1f} | {name} | {seconds:.1f} | "
                             f"{n / seconds:,.0f} | {mb_s:.2f} | {per_core:.2f} | "
                             f"{per_core / reference:.3f} | "
                             + (f"{peak:,.0f} |" if peak is not None else "– |"))
                print(lines[-1], file=sys.stderr, flush=True)
                if args.out:  # a long run leaves what it has measured so far
                    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
            report_file = work / f"r{n}.html"
            if report_file.exists():
                notes.append(f"- {n:,} documents: report {report_file.stat().st_size / 1e6:.2f} MB; "
                             f"reference scan {reference:.1f} MB/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines += ["", f"- {datetime.now(UTC):%Y-%m-%d}, {platform.platform()}, "
              f"{os.cpu_count()} CPUs, Python {platform.python_version()}, --jobs {args.jobs}; "
              "wall clock; peak MiB: the process tree's (command and workers, proportional set "
              "sizes summed, with psutil); "
              "x reference per core: MB/s per core over the reference scan's MB/s (one `re` "
              "pass over the same texts, in-process CPU time, one core)", *notes]
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
