"""Throughput of the framing pipeline, as ratios to a plain regular-expression scan.

What is measured, in one process and on the same texts (loaded into memory first, so that
reading the file is not timed except where stated):

* reference scan -- one compiled stdlib ``re`` pass per text that finds sentence ends and word
  tokens (``[.!?]+(?=\\s)|\\w+``, counting the matches). It does roughly what segmentation does at
  its most naive and sets the yardstick.
* clean -- ``framing.text.clean.clean_text`` on each raw text.
* segment -- ``framing.text.segment.segment`` on each text cleaned beforehand.
* analyze -- ``framing.analyze_document`` on a ``Document`` built for each text (clean, complete
  the metadata, segment).
* end to end -- ``framing.load_corpus`` on the data file itself (reading, gzip, decoding, JSON,
  ``Document`` creation) followed by ``framing.analyze``. This one includes I/O, runs once, and
  runs in a fresh process so its peak resident memory can be reported as well.

Every timed stage runs on one core, one text after the other, consuming its results as the
streaming command line does. In-process stages are timed in CPU time (``time.process_time``),
best of ``--repeat`` runs; the built-in and 50,000-term rows run in turn so that their ratio is
fair. The end-to-end and command-line rows are wall clock, one run. Throughput is in MB/s (10^6
bytes of the texts encoded as UTF-8) and documents/s.

Why ratios: absolute times on a shared or virtual machine move by tens of per cent from one run to
the next and from one machine to another, so a number such as "3 MB/s" means little on its own.
The reference scan runs in the same process on the same texts right before the stages, so the
column "x reference" (stage MB/s divided by reference MB/s) cancels most of that noise and shows
how far each stage is from what a single regular-expression pass costs.

Run from the repository root: ``python benchmarks/bench_analyze.py`` (``--help`` for options).
"""

from __future__ import annotations

import argparse
import gc
import gzip
import itertools
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w

import framing

# The public names, not the modules that define them, which may move.
from framing import Document, Source, analyze_document, clean_text, segment
from framing.lexicon.model import WORD, Term, normalise_word
from framing.lexicon.registry import LexiconSet, load_lexicons

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO_ROOT.parent / "shared/data/news_security_abp.jsonl.gz"
SEEDS = REPO_ROOT / "seeds"
FALLBACK_BYTES = 2_000_000  # the seeds are repeated up to about this much text
REFERENCE = re.compile(r"[.!?]+(?=\s)|\w+")
MB = 1_000_000
CHILD_FLAG = "--child-end-to-end"


# -- the texts ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BenchCorpus:
    """The texts every stage runs on, and the file the end-to-end stage loads."""

    documents: list[Document]
    loader_file: Path  # what load_corpus reads; holds exactly ``documents``
    description: str

    @property
    def texts(self) -> list[str]:
        return [d.text for d in self.documents]

    @property
    def size_bytes(self) -> int:
        return sum(len(d.text.encode("utf-8")) for d in self.documents)


def _is_jsonl(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith((".jsonl", ".ndjson"))


def _read_lines(path: Path) -> list[str]:
    """The lines of a .jsonl or .jsonl.gz file, split as the loader splits them (on LF only)."""
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    return data.decode("utf-8-sig").split("\n")


def _document_from_record(record: Any, number: int) -> Document | None:
    """A Document for one JSONL record, or None where the loader would skip it (no text)."""
    if not isinstance(record, dict):
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return None
    return Document(id=str(record.get("id") or f"doc-{number}"),
                    outlet=str(record.get("outlet") or "unknown"),
                    text=text, source=Source(path="bench"))


def _write_lines(lines: list[str], path: Path) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def corpus_from_jsonl(path: Path, limit: int | None, workdir: Path) -> BenchCorpus:
    """The first ``limit`` articles (all if None) of a JSONL file with a ``text`` field."""
    kept_lines: list[str] = []
    documents: list[Document] = []
    for number, line in enumerate(_read_lines(path), start=1):
        if limit is not None and len(documents) >= limit:
            break
        if not line.strip():
            continue
        try:
            document = _document_from_record(json.loads(line), number)
        except json.JSONDecodeError:
            continue
        if document is not None:
            documents.append(document)
            kept_lines.append(line)
    if not documents:
        sys.exit(f"bench: no article with a non-empty 'text' field in {path}")
    loader_file, description = path, str(path)
    if limit is not None and len(documents) < _count_nonblank(path):
        # load_corpus must read the same articles: write them to a file of the same kind.
        suffix = ".jsonl.gz" if path.name.lower().endswith(".gz") else ".jsonl"
        loader_file = workdir / f"first-{len(documents)}{suffix}"
        _write_lines(kept_lines, loader_file)
        description = f"{path} (first {len(documents):,} articles, --limit)"
    return BenchCorpus(documents, loader_file, description)


def _count_nonblank(path: Path) -> int:
    return sum(1 for line in _read_lines(path) if line.strip())


def corpus_from_seeds(limit: int | None, workdir: Path) -> BenchCorpus:
    """The project's seed articles repeated to about FALLBACK_BYTES of text."""
    seeds = [d for d in framing.load_corpus(sorted(SEEDS.glob("*.txt"))).documents
             if d.text.strip()]
    if not seeds:
        sys.exit(f"bench: no seed articles in {SEEDS}")
    seed_bytes = sum(len(d.text.encode("utf-8")) for d in seeds)
    copies = max(1, round(FALLBACK_BYTES / seed_bytes))
    records = [{"id": f"{d.id}-{k}", "outlet": d.outlet, "text": d.text}
               for k in range(copies) for d in seeds][:limit]
    loader_file = workdir / "seeds-repeated.jsonl"
    _write_lines([json.dumps(r, ensure_ascii=False) for r in records], loader_file)
    documents = [Document(id=r["id"], outlet=r["outlet"], text=r["text"],
                          source=Source(path="bench")) for r in records]
    description = (f"FALLBACK: {DEFAULT_DATA} not found; {len(seeds)} seed articles from "
                   f"{SEEDS}/*.txt repeated {copies}x (written as JSONL for the loader)")
    return BenchCorpus(documents, loader_file, description)


# -- timing ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Timing:
    stage: str
    seconds: float
    documents: int


def best_time(work: Callable[[], object], repeat: int) -> float:
    """Least CPU time of ``repeat`` calls. CPU time, not wall time: on a shared virtual machine
    the time other tenants take (steal) swings wall-clock figures by tens of per cent, and
    every stage here runs on one core anyway."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        result = work()
        best = min(best, time.process_time() - start)
        del result
    return best


def best_times_interleaved(stages: Sequence[tuple[str, Callable[[], object]]],
                           repeat: int) -> dict[str, float]:
    """Least CPU time of each stage, running the stages in turn ``repeat`` times, so that a
    slow spell of the machine hits them alike: used where a ratio between stages matters."""
    best = {name: float("inf") for name, _ in stages}
    for _ in range(repeat):
        for name, work in stages:
            best[name] = min(best[name], best_time(work, 1))
    return best


def reference_scan(texts: Sequence[str]) -> int:
    return sum(sum(1 for _ in REFERENCE.finditer(text)) for text in texts)


# Each stage consumes its results and keeps only a count, as the streaming command line does:
# keeping millions of result objects alive would time the garbage collector, not the stage.

def clean_all(texts: Sequence[str]) -> int:
    return sum(len(clean_text(text).text) for text in texts)


def segment_all(cleaned: Sequence[str]) -> int:
    return sum(len(segment(text)) for text in cleaned)


def analyze_all(documents: Sequence[Document], lexicons: LexiconSet) -> int:
    total = 0
    for document in documents:
        result = analyze_document(document, lexicons=lexicons)
        total += len(getattr(result, "matches", ()))
    return total


def match_all(cleaned: Sequence[str], lexicons: LexiconSet) -> int:
    return sum(len(lexicons.matcher.find(text)) for text in cleaned)


def empath_stage(texts: Sequence[str]) -> tuple[str, Callable[[], object]] | None:
    """The peer to beat: Empath with its bundled lexicon (``pip install empath``), counting
    its categories in each raw text. Left out, with a note, when it is not installed."""
    try:
        from empath import Empath
    except ImportError:
        _progress("empath is not installed (pip install empath): its row is left out")
        return None
    lexicon = Empath()

    def run() -> int:
        return sum(len(lexicon.analyze(text, normalize=False) or ()) for text in texts)

    return ("peer: Empath 0.89, bundled lexicon (`Empath().analyze`)", run)


def synthetic_lexicon(texts: Sequence[str], workdir: Path, *, size: int = 50_000,
                      seed: int = 0) -> Path:
    """A large user lexicon drawn from the corpus's own words, so that many terms match: 70%
    single words, 20% two-word phrases seen in the texts, 10% prefix wildcards, over 50
    categories. Written as TOML and read back through the normal loader."""
    rng = random.Random(seed)
    words: set[str] = set()
    pairs: set[str] = set()
    for text in texts[:2000]:
        tokens = [normalise_word(w) for w in WORD.findall(text)]
        words.update(t for t in tokens if t.isalpha() and len(t) > 2)
        pairs.update(f"{a} {b}" for a, b in itertools.pairwise(tokens)
                     if a.isalpha() and b.isalpha())
    vocabulary, phrases = sorted(words), sorted(pairs)
    terms: set[str] = set()
    spelled: set[tuple[tuple[str, ...], bool]] = set()  # no two terms may match the same words
    while len(terms) < size:
        roll = rng.random()
        if roll < 0.7:
            candidate = rng.choice(vocabulary)
        elif roll < 0.9:
            candidate = rng.choice(phrases)
        else:
            word = rng.choice(vocabulary)
            candidate = word[:rng.randint(4, max(4, len(word)))] + "*"
        spellings = Term.parse(candidate).spellings()
        if candidate not in terms and not spellings & spelled:
            terms.add(candidate)
            spelled |= spellings
    buckets: dict[str, list[str]] = {f"c{i:02d}": [] for i in range(50)}
    for i, term in enumerate(sorted(terms)):
        buckets[f"c{i % 50:02d}"].append(term)
    categories = {name: {"terms": terms_of} for name, terms_of in buckets.items()}
    path = workdir / "synthetic50k.toml"
    path.write_text(tomli_w.dumps({"lexicon": {"name": "synthetic50k"},
                                   "categories": categories}), encoding="utf-8")
    return path


def in_process_timings(corpus: BenchCorpus, repeat: int, workdir: Path) -> list[Timing]:
    texts = corpus.texts
    cleaned = [clean_text(text).text for text in texts]  # input of the segment stage, untimed
    builtin = load_lexicons(discover=False)
    big_path = synthetic_lexicon(texts, workdir)
    with_big = load_lexicons([big_path], discover=False)
    _progress(f"built-in lexicons: {len(builtin)} ({sum(x.term_count for x in builtin):,} terms); "
              f"synthetic lexicon: {with_big['synthetic50k'].term_count:,} terms")
    stages: list[tuple[str, Callable[[], object]]] = [
        ("reference scan (one stdlib `re` pass)", lambda: reference_scan(texts)),
        ("clean (`clean_text`)", lambda: clean_all(texts)),
        ("segment (`segment`, on cleaned text)", lambda: segment_all(cleaned)),
        ("match (built-in lexicons, on cleaned text)", lambda: match_all(cleaned, builtin)),
        ("match (built-in + 50,000-term lexicon)", lambda: match_all(cleaned, with_big)),
        ("analyze (`analyze_document`, built-in lexicons)",
         lambda: analyze_all(corpus.documents, builtin)),
        ("analyze (built-in + 50,000-term lexicon)",
         lambda: analyze_all(corpus.documents, with_big)),
    ]
    peer = empath_stage(texts)
    if peer is not None:
        stages.append(peer)
    # The texts, tries and caches built above are long-lived: move them out of the garbage
    # collector's way, so full collections during a stage scan only what the stage allocates,
    # as in the command line, which holds just one lexicon set.
    gc.collect()
    gc.freeze()
    # The 50,000-term rows are compared with the built-in rows: time each pair interleaved.
    paired = {name for name, _ in stages if "50,000" in name}
    paired |= {"match (built-in lexicons, on cleaned text)",
               "analyze (`analyze_document`, built-in lexicons)"}
    seconds: dict[str, float] = {}
    for name, work in stages:
        if name not in paired:
            _progress(f"timing {name}, best of {repeat} ...")
            seconds[name] = best_time(work, repeat)
    _progress(f"timing the built-in and 50,000-term rows in turn, best of {repeat} ...")
    seconds.update(best_times_interleaved([s for s in stages if s[0] in paired], repeat))
    return [Timing(name, seconds[name], len(texts)) for name, _ in stages]


# -- end to end, in a fresh process ---------------------------------------------------------

def _max_rss_kib() -> int:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def child_end_to_end() -> None:
    """Run in the fresh process: wait for a path on stdin, load and analyse it once, print the
    figures as JSON on stdout."""
    baseline = _max_rss_kib()  # framing and its dependencies are imported by now
    print("ready", flush=True)
    path = Path(sys.stdin.readline().strip())
    gc.collect()
    start = time.perf_counter()
    corpus = framing.load_corpus(path)
    loaded = time.perf_counter()
    analysis = framing.analyze(corpus)
    end = time.perf_counter()
    print(json.dumps({
        "seconds": end - start, "load_seconds": loaded - start,
        "documents": len(analysis.documents) + len(analysis.skipped),
        "analysed": len(analysis.documents), "skipped": len(analysis.skipped),
        "baseline_kib": baseline, "peak_kib": _max_rss_kib(),
    }))


def start_child() -> subprocess.Popen[str]:
    """Start the end-to-end process now, idle until it is sent a path.

    Linux carries a process's ru_maxrss over into a child it forks and execs (the child starts
    from the parent's resident size). Started before this process loads any text, the child
    inherits no more than the footprint of the same imports it makes itself, so its ru_maxrss
    measures its own work.
    """
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), CHILD_FLAG],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


@dataclass(frozen=True, slots=True)
class EndToEnd:
    timing: Timing
    load_seconds: float
    analysed: int
    skipped: int
    baseline_kib: int
    peak_kib: int


def wait_until_ready(child: subprocess.Popen[str]) -> None:
    """Block until the child has finished its imports, so it does not compete with timed work."""
    assert child.stdout is not None
    if child.stdout.readline().strip() != "ready":
        sys.exit("bench: the end-to-end process failed to start")


def end_to_end(child: subprocess.Popen[str], corpus: BenchCorpus) -> EndToEnd:
    _progress("timing end to end (load_corpus + analyze) once, in a fresh process ...")
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(f"{corpus.loader_file}\n")
    child.stdin.close()
    out = child.stdout.read()
    if child.wait() != 0:
        sys.exit(f"bench: the end-to-end process failed (exit status {child.returncode})")
    figures = json.loads(out.strip().splitlines()[-1])
    name = "end to end (`load_corpus` + `analyze`, incl. I/O)"
    return EndToEnd(Timing(name, figures["seconds"], figures["documents"]),
                    figures["load_seconds"], figures["analysed"], figures["skipped"],
                    figures["baseline_kib"], figures["peak_kib"])


@dataclass(frozen=True, slots=True)
class CommandRun:
    timing: Timing
    peak_kib: int


# Runs the framing command in this interpreter and, on the way out, reports the process's own
# peak resident memory. /proc/self/status VmHWM restarts at exec, unlike getrusage's ru_maxrss,
# which a child inherits from the parent that forked it (here, one holding the whole corpus).
_CLI_WRAPPER = """
import re, runpy, sys
sys.argv = ["framing", *sys.argv[1:]]
try:
    runpy.run_module("framing", run_name="__main__")
finally:
    status = open("/proc/self/status").read()
    sys.stderr.write("VmHWM_KIB=" + re.search(r"VmHWM:\\s+(\\d+)", status).group(1) + "\\n")
"""


def command_line_run(corpus: BenchCorpus, workdir: Path) -> CommandRun:
    """`framing analyze FILE --out DIR` as a user runs it: streaming, writing every table."""
    _progress("timing the command line (framing analyze --out) once ...")
    command = [sys.executable, "-c", _CLI_WRAPPER, "analyze", str(corpus.loader_file),
               "--out", str(workdir / "cli-out"), "--quiet"]
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"bench: framing analyze failed (exit status {result.returncode}): "
                 f"{result.stderr[-500:]}")
    peak = re.search(r"VmHWM_KIB=(\d+)", result.stderr)
    name = "command line (`framing analyze FILE --out DIR`, streaming, incl. I/O and start-up)"
    return CommandRun(Timing(name, seconds, len(corpus.documents)),
                      int(peak.group(1)) if peak else 0)


# -- report ---------------------------------------------------------------------------------

def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def machine_line() -> str:
    cpus = os.cpu_count() or 1
    model = _cpu_model()
    return (f"{platform.platform()}, {cpus} CPU{'s' if cpus != 1 else ''}"
            f"{f' ({model})' if model else ''}, Python {platform.python_version()}")


def table(timings: Sequence[Timing], size_bytes: int) -> list[str]:
    reference = size_bytes / MB / timings[0].seconds
    rows = ["| stage | MB/s | docs/s | x reference | seconds |",
            "|---|---:|---:|---:|---:|"]
    for t in timings:
        mb_s = size_bytes / MB / t.seconds
        rows.append(f"| {t.stage} | {mb_s:,.2f} | {t.documents / t.seconds:,.0f} | "
                    f"{mb_s / reference:.3f} | {t.seconds:.2f} |")
    return rows


def _ratio(timings: Sequence[Timing], slower: str, faster: str) -> float:
    seconds = {t.stage: t.seconds for t in timings}
    pick = lambda prefix: next(v for k, v in seconds.items() if k.startswith(prefix))  # noqa: E731
    return pick(slower) / pick(faster)


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def report(corpus: BenchCorpus, timings: Sequence[Timing], e2e: EndToEnd, cli: CommandRun,
           repeat: int) -> str:
    size = corpus.size_bytes
    big_analyze = _ratio(timings, "analyze (built-in + 50,000", "analyze (`analyze_document`")
    big_match = _ratio(timings, "match (built-in + 50,000", "match (built-in lexicons")
    lines = [*table([*timings, e2e.timing, cli.timing], size), ""]
    lines += [
        f"- date (UTC): {datetime.now(UTC):%Y-%m-%d %H:%M}",
        f"- machine: {machine_line()}",
        f"- corpus: {corpus.description}; {len(corpus.documents):,} documents, "
        f"{size / MB:.1f} MB of text (UTF-8)",
        f"- timing: CPU time, one core, best of {repeat} for the in-process rows (the built-in "
        f"and 50,000-term rows run in turn); wall clock, one run, for "
        f"end to end (of which {e2e.load_seconds:.2f} s loading; {e2e.analysed:,} analysed, "
        f"{e2e.skipped:,} skipped); x reference = MB/s relative to the reference scan",
        f"- peak memory (end to end, fresh process): {_mib(e2e.peak_kib)} peak RSS; "
        f"{_mib(e2e.baseline_kib)} after imports, so +{_mib(e2e.peak_kib - e2e.baseline_kib)} "
        f"for loading and analysing",
        f"- peak memory (command line, streaming to disk): {_mib(cli.peak_kib)} peak RSS",
        f"- a 50,000-term lexicon on top of the built-ins costs x{big_analyze:.2f} in analyze "
        f"time and x{big_match:.2f} in matching time",
        f"- framing {framing.__version__}",
    ]
    return "\n".join(lines) + "\n"


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- command line ---------------------------------------------------------------------------

def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark framing's clean/segment/analyze against a plain regex scan.")
    parser.add_argument("--data", type=Path, default=None,
                        help=f"a .jsonl or .jsonl.gz file with a 'text' field "
                             f"(default: {DEFAULT_DATA}, else the seeds repeated to ~2 MB)")
    parser.add_argument("--limit", type=_positive, default=None, metavar="N",
                        help="use only the first N articles (default: all)")
    parser.add_argument("--repeat", type=_positive, default=3, metavar="N",
                        help="runs per in-process stage, the best counts (default: 3)")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="also write the Markdown report to FILE")
    parser.add_argument(CHILD_FLAG, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.data is not None and not args.data.is_file():
        parser.error(f"--data: no such file: {args.data}")
    if args.data is not None and not _is_jsonl(args.data):
        parser.error(f"--data: expected a .jsonl or .jsonl.gz file, got {args.data}")
    return args


def load_bench_corpus(data: Path | None, limit: int | None, workdir: Path) -> BenchCorpus:
    if data is not None:
        return corpus_from_jsonl(data, limit, workdir)
    if DEFAULT_DATA.is_file():
        return corpus_from_jsonl(DEFAULT_DATA, limit, workdir)
    _progress(f"{DEFAULT_DATA} not found; falling back to the seeds repeated to ~2 MB")
    return corpus_from_seeds(limit, workdir)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    if args.child_end_to_end:
        child_end_to_end()
        return
    child = start_child()  # first, while this process holds nothing but its imports
    try:
        with tempfile.TemporaryDirectory(prefix="framing-bench-") as workdir:
            _progress("loading texts into memory ...")
            corpus = load_bench_corpus(args.data, args.limit, Path(workdir))
            _progress(f"{len(corpus.documents):,} documents, {corpus.size_bytes / MB:.1f} MB")
            wait_until_ready(child)
            timings = in_process_timings(corpus, args.repeat, Path(workdir))
            e2e = end_to_end(child, corpus)
            cli = command_line_run(corpus, Path(workdir))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    markdown = report(corpus, timings, e2e, cli, args.repeat)
    sys.stdout.write(markdown)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(markdown, encoding="utf-8")


if __name__ == "__main__":
    main()
