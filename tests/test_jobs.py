"""--jobs N: the analysis runs in N worker processes and every output is identical to --jobs 1,
on the seeds and on a corpus of real articles with skipped inputs among them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import SEEDS, SHARED_DATA, write
from framing import Document, Source, load_corpus, load_lexicons
from framing.output import document_row, sentence_records, to_json
from framing.pipeline import AnalyzedDocument, iter_analyze


def _records(items) -> list[str]:
    """Everything the tables hold, as JSON text (NaN as null, so equal values compare equal)."""
    lexicons = load_lexicons(discover=False)
    out = []
    for item in items:
        if isinstance(item, AnalyzedDocument):
            out.append(to_json(document_row(item, lexicons.columns)))
            out.extend(to_json(r) for r in sentence_records(item))
        else:
            out.append(f"skipped {item}")
    return out


@pytest.fixture(scope="module")
def news() -> list[Document]:
    path = SHARED_DATA / "news_security_abp.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not found (set FRAMING_SHARED_DATA)")
    documents = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number > 150:
                break
            record = json.loads(line)
            documents.append(Document(record["id"], record["outlet"], record["text"],
                                      Source(str(path), number, "jsonl")))
    return documents


def test_parallel_analysis_is_identical(news):
    from framing.model import Skipped

    lexicons = load_lexicons(discover=False)
    # Skipped inputs and an empty document in the stream keep their places.
    items = [*news[:70], Skipped(Source("bad.txt"), "binary"),
             Document("empty", "X", "   ", Source("empty.txt")), *news[70:]]
    serial = _records(iter_analyze(items, lexicons=lexicons))
    parallel = _records(iter_analyze(items, lexicons=lexicons, jobs=2))
    assert len(serial) > 1000
    assert parallel == serial


def test_seeds_commands_give_identical_files(run_cli, tmp_path):
    for command, args in (("analyze", ["--out"]), ("compare", ["--out"]),
                          ("report", ["--date", "2026-11-21", "-o"])):
        outputs = []
        for jobs in ("1", "2"):
            target = tmp_path / f"{command}-{jobs}"
            target_arg = target / "report.html" if command == "report" else target
            result = run_cli(command, SEEDS, "-q", "--jobs", jobs, *args, target_arg)
            assert result.exit_code == 0, result.stderr
            outputs.append({p.name: p.read_bytes() for p in sorted(target.iterdir())})
        assert outputs[0] == outputs[1], command
        assert outputs[0]


def test_jobs_zero_means_every_core_and_negative_is_refused(run_cli, tmp_path):
    assert run_cli("analyze", SEEDS, "-q", "--jobs", "0").exit_code == 0
    assert run_cli("analyze", SEEDS, "-q", "--jobs", "-1").exit_code == 2


def test_a_bad_input_among_many_is_reported_in_parallel(run_cli, tmp_path):
    folder = tmp_path / "in"
    for path in sorted(SEEDS.glob("*.txt")):
        write(folder / path.name, path.read_text(encoding="utf-8"))
    write(folder / "zz.txt", b"\x00\x01binary")
    result = run_cli("analyze", folder, "--jobs", "2", "--out", tmp_path / "out")
    assert result.exit_code == 1 and "zz.txt" in result.stderr
    rows = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 5
    skipped = (tmp_path / "out" / "skipped.jsonl").read_text(encoding="utf-8")
    assert "zz.txt" in skipped
    assert Path(load_corpus([folder]).skipped[0].source.path).name == "zz.txt"


def test_a_document_over_the_size_limit_is_refused_with_the_way_out(run_cli, tmp_path):
    sizes = {p.name: len(p.read_bytes()) for p in SEEDS.glob("*.txt")}
    limit_mb = sorted(sizes.values())[2] / 1e6  # the three smallest files fit under it
    out = tmp_path / "out"
    result = run_cli("analyze", SEEDS, "--max-document-mb", f"{limit_mb:.6f}", "--out", out)
    assert result.exit_code == 1
    assert "--max-document-mb" in result.stderr
    skipped = (out / "skipped.jsonl").read_text(encoding="utf-8").splitlines()
    analysed = (out / "documents.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(skipped) >= 1 and len(skipped) + len(analysed) == len(sizes)
    assert all("MB limit for one document" in line for line in skipped)
    # The same limit in parallel skips the same documents.
    again = run_cli("analyze", SEEDS, "-q", "--jobs", "2", "--max-document-mb",
                    f"{limit_mb:.6f}", "--out", tmp_path / "out2")
    assert again.exit_code == 1
    assert (tmp_path / "out2" / "skipped.jsonl").read_text(encoding="utf-8").splitlines() == skipped


def test_without_lexicons_parallel_analysis_matches_serial():
    """``lexicons=None`` means no lexicons for ``jobs=1``; ``jobs=2`` used to load the built-in
    ones instead and found matches the serial run did not."""
    documents = [d for d in load_corpus([SEEDS]) if isinstance(d, Document)][:3]
    serial = [len(r.matches) for r in iter_analyze(documents)]
    parallel = [len(r.matches) for r in iter_analyze(documents, jobs=2)]
    assert parallel == serial


def test_a_worker_that_dies_stops_the_run_with_an_error(monkeypatch):
    """A worker killed mid-run (the out-of-memory killer) used to hang the run for ever: the
    process pool waited for the lost documents' results. Now the run stops with an error."""
    import os
    import threading

    from framing import pipeline
    from framing.errors import EngineError

    real = pipeline.analyze_document

    def dying(document, *, lexicons=None):
        if document.id == "die":
            os._exit(9)  # as if killed: no exception, no result
        return real(document, lexicons=lexicons)

    monkeypatch.setattr(pipeline, "analyze_document", dying)  # inherited by forked workers
    documents = [Document(f"d{i}", "X", "Officials said talks resumed.", Source(f"{i}.txt"))
                 for i in range(10)]
    documents.insert(5, Document("die", "X", "Officials said talks resumed.", Source("x.txt")))
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(list(iter_analyze(documents, jobs=2)))
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    assert outcome, "the run hung after a worker died"
    assert isinstance(outcome[0], EngineError)
    assert "worker process" in str(outcome[0])


def test_progress_lines_without_a_terminal(run_cli, monkeypatch):
    from framing.cli import common

    monkeypatch.setattr(common, "PROGRESS_EVERY_S", 0.0)
    result = run_cli("analyze", SEEDS)
    assert result.exit_code == 0
    assert "5 documents analysed (" in result.stderr
    quiet = run_cli("analyze", SEEDS, "-q")
    assert "documents analysed (" not in quiet.stderr


@pytest.mark.slow
def test_sigterm_leaves_no_temporary_or_half_written_files(tmp_path, news):
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "news.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for _ in range(4):  # long enough to be stopped half way
            for d in news:
                handle.write(json.dumps({"id": f"{d.id}-{_}", "outlet": d.outlet,
                                         "text": d.text}) + "\n")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "framing", "analyze", str(corpus),
                                "--out", str(out), "-q", "--jobs", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(out.glob(".*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.1)  # wait until the temporary files exist: the run is under way
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    # No temporary file, no half-written table, and the folder the run made is gone again.
    assert not out.exists()


def test_compare_on_a_generated_corpus_is_identical_in_parallel(run_cli, tmp_path, news):
    """Documents are digested in the workers with --jobs: the comparison must not change. The
    corpus is generated as the scale benchmark makes it, real articles with a seeded tenth of
    their paragraphs dropped, dealt to four outlets, so that contrasts, copies and aligned
    facts all have something to find."""
    import random

    rng = random.Random(11)
    corpus = tmp_path / "generated.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(80):
            paragraphs = [p for p in news[i % 40].text.split("\n") if p.strip()]
            kept = [p for p in paragraphs if rng.random() > 0.1] or paragraphs[:1]
            handle.write(json.dumps({"id": f"gen-{i}", "outlet": f"Outlet {i % 4}",
                                     "text": "\n".join(kept)}) + "\n")
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"compare-{jobs}"
        result = run_cli("compare", corpus, "-q", "--jobs", jobs, "--out", target)
        assert result.exit_code == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(target.iterdir())})
    assert outputs[0] == outputs[1]
    assert outputs[0]["aligned.jsonl"] and b"near copy" in outputs[0]["similarity.csv"]
