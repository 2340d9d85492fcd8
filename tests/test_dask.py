"""--engine dask gives the same results as the local engine: on a LocalCluster of two worker
processes reached by its address (as an existing cluster would be), and on one started for the
run. dask.distributed is in the test extra; without it these tests are skipped locally and fail
in CI."""

from __future__ import annotations

import gzip
import json
import os
import sys

import pytest

from conftest import SEEDS, SHARED_DATA
from framing import Document, Source, load_lexicons
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
