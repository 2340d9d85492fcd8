"""--engine dask gives the same results as the local engine: on a LocalCluster of two worker
processes reached by its address (as an existing cluster would be), and on one started for the
run. dask.distributed is in the test extra; without it these tests are skipped locally and fail
in CI."""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import threading

import pytest

from conftest import ARTICLE, SEEDS, SHARED_DATA
from framing import Document, Source, load_lexicons
from framing.errors import EngineError
from framing.output import document_row, sentence_records, to_json
from framing.pipeline import AnalyzedDocument, iter_analyze

try:
    from distributed import LocalCluster
except ImportError:  # pragma: no cover - depends on the environment
    LocalCluster = None


@pytest.fixture(scope="module")
def scheduler():
    if LocalCluster is None:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail("dask.distributed is missing; CI must run the Dask tests "
                        "(pip install -e '.[test]' installs it)", pytrace=False)
        pytest.skip("dask.distributed is not installed (pip install 'framing-analyzer[dask]')")
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=":0")
    yield cluster.scheduler_address
    cluster.close()


def _records(items) -> list[str]:
    columns = load_lexicons(discover=False).columns
    out = []
    for item in items:
        if isinstance(item, AnalyzedDocument):
            out.append(to_json(document_row(item, columns)))
            out.extend(to_json(r) for r in sentence_records(item))
        else:
            out.append(f"skipped {item}")
    return out


def test_dask_results_equal_the_local_ones(scheduler):
    path = SHARED_DATA / "news_security_abp.jsonl.gz"
    if not path.exists():
        pytest.skip(f"{path} not found")
    documents: list = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number > 60:
                break
            record = json.loads(line)
            documents.append(Document(record["id"], record["outlet"], record["text"],
                                      Source(str(path), number, "jsonl")))
    documents.insert(30, Document("empty", "X", "  ", Source("empty.txt")))
    lexicons = load_lexicons(discover=False)
    local = _records(iter_analyze(documents, lexicons=lexicons))
    remote = _records(iter_analyze(documents, lexicons=lexicons, engine="dask",
                                   scheduler=scheduler))
    assert len(local) > 500 and remote == local


def test_commands_on_an_existing_cluster_write_the_same_files(run_cli, tmp_path, scheduler):
    for command in ("analyze", "compare"):
        files = []
        for args in ((), ("--engine", "dask", "--scheduler", scheduler)):
            out = tmp_path / f"{command}{len(args)}"
            result = run_cli(command, SEEDS, "-q", "--out", out, *args)
            assert result.exit_code == 0, result.stderr
            files.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
        assert files[0] == files[1] and files[0], command


def test_a_local_cluster_is_started_when_no_scheduler_is_given(run_cli, tmp_path, scheduler):
    out = tmp_path / "local"
    result = run_cli("analyze", SEEDS, "-q", "--engine", "dask", "--jobs", "2", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert len((out / "documents.csv").read_text(encoding="utf-8").splitlines()) == 6


def test_engine_errors_are_usage_errors(run_cli, monkeypatch):
    assert run_cli("analyze", SEEDS, "-q", "--engine", "spark").exit_code == 2
    bad = run_cli("analyze", SEEDS, "-q", "--scheduler", "tcp://127.0.0.1:1")
    assert bad.exit_code == 2 and "--engine dask" in bad.stderr
    unreachable = run_cli("analyze", SEEDS, "-q", "--engine", "dask",
                          "--scheduler", "tcp://127.0.0.1:9")
    assert unreachable.exit_code == 2 and "scheduler" in unreachable.stderr
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were missing
    missing = run_cli("analyze", SEEDS, "-q", "--engine", "dask")
    assert missing.exit_code == 2 and "framing-analyzer[dask]" in missing.stderr


# -- workers that die --------------------------------------------------------------------------
# A document whose analysis kills its worker process (os._exit: no exception, no cleanup, as the
# out-of-memory killer would) is planted through tests/dask_faults.py, which stands in for the
# engine's per-batch function: the tests replace framing.dask_engine._analyze_batch, the name the
# engine submits, with dask_faults.analyze_batch_with_faults, which wraps the real one. The
# worker imports dask_faults by name (the worker processes inherit this process's sys.path), so
# nothing in framing itself knows about the faults. The cluster is the tests' own, allowing one
# retry (allowed-failures 1): a batch whose worker dies once runs again elsewhere, one whose
# worker dies twice fails. Its nanny processes restart each worker that dies.


@pytest.fixture
def fragile(scheduler, monkeypatch):
    """The address of a fresh LocalCluster of 2 workers allowing 1 retry per batch, with the
    fault-planting batch function in place."""
    import dask
    import dask_faults

    import framing.dask_engine

    monkeypatch.setattr(framing.dask_engine, "_analyze_batch",
                        dask_faults.analyze_batch_with_faults)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
    yield cluster.scheduler_address
    cluster.close()


def _within(seconds: float, run):
    """``run()``'s result, failing the test instead of hanging if it takes over ``seconds``
    (pytest-timeout is not a dependency)."""
    outcome: list = []

    def target():
        try:
            outcome.append(("ok", run()))
        except BaseException as exc:  # handed back to the test
            outcome.append(("error", exc))

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        pytest.fail(f"the run did not finish within {seconds} s")
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def _planted(count: int, **faults: dict) -> list[Document]:
    """``count`` short articles; ``faults`` maps "doc<N>" to the meta that plants a fault."""
    return [Document(f"doc{n}", "Dawn", f"{ARTICLE} Report number {n}.",
                     Source("planted.jsonl", n, "jsonl"), meta=faults.get(f"doc{n}", {}))
            for n in range(1, count + 1)]


def test_a_document_that_kills_every_worker_stops_the_run_saying_how_far_it_got(fragile):
    # Document 40 is in the third batch of 16: the two before it are analysed, every later one
    # is not, and the error names the batch (documents 33 to 48) and the count before it.
    documents = _planted(70, doc40={"die": "always"})
    lexicons = load_lexicons(discover=False)
    seen: list = []

    def run():
        for item in iter_analyze(documents, lexicons=lexicons, engine="dask",
                                 scheduler=fragile):
            seen.append(item)

    with pytest.raises(EngineError) as caught:
        _within(120, run)
    message = str(caught.value)
    assert "the Dask workers died (killed, or out of memory) every time they analysed" in message
    assert "documents 33 to 48 of the input (planted.jsonl:33 to planted.jsonl:48)" in message
    assert "32 documents were analysed before them" in message
    assert [item.document.id for item in seen] == [f"doc{n}" for n in range(1, 33)]


def test_via_the_cli_a_killed_run_exits_non_zero_and_keeps_the_old_output(run_cli, tmp_path,
                                                                          fragile):
    lines = [json.dumps({"id": f"doc{n}", "text": f"{ARTICLE} Report number {n}."}
                        | ({"die": "always"} if n == 20 else {})) for n in range(1, 41)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.csv").write_text("old\n", encoding="utf-8")
    result = _within(120, lambda: run_cli("analyze", corpus, "--out", out, "--engine", "dask",
                                          "--scheduler", fragile))
    assert result.exit_code == 2, result.stderr
    assert re.search(r"error: the Dask workers died .* documents 17 to 32 of the input "
                     r"\(\S+corpus.jsonl:17 to \S+corpus.jsonl:32\); 16 documents were "
                     r"analysed before them and nothing was written", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["documents.csv"]
    assert (out / "documents.csv").read_text(encoding="utf-8") == "old\n"


def test_workers_that_die_once_are_replaced_and_every_document_comes_back_in_order(
        run_cli, tmp_path, fragile):
    # Two documents in different batches each kill the first worker that analyses them, so
    # both original workers may die: the run must still complete (their restarted replacements
    # need the lexicons again), with the same files as the local engine.
    lines = [json.dumps({"id": f"doc{n}", "text": f"{ARTICLE} Report number {n}."}
                        | ({"die_once": str(tmp_path / f"died{n}")} if n in (5, 40) else {}))
             for n in range(1, 61)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = []
    for args in ((), ("--engine", "dask", "--scheduler", fragile)):
        out = tmp_path / f"out{len(args)}"
        result = _within(120, lambda out=out, args=args: run_cli("analyze", corpus, "--out",
                                                                 out, *args))
        assert result.exit_code == 0, result.stderr
        assert "60 documents read, 60 analysed, 0 skipped" in result.stderr
        files.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert (tmp_path / "died5").exists() and (tmp_path / "died40").exists()  # they did die
    assert files[0] == files[1]
    ids = [json.loads(line)["doc"] for line in
           files[1]["sentences.jsonl"].decode().splitlines()]
    assert list(dict.fromkeys(ids)) == [f"doc{n}" for n in range(1, 61)]
