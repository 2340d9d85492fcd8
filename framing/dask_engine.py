"""The per-document stage on a Dask cluster (``--engine dask``): documents are read here, sent to
the workers in batches, analysed there with the same code as locally, and come back in input
order, so every output is identical to the local engine's.

Without ``scheduler`` a local cluster is started (``LocalCluster``, one single-threaded worker
process per core, or ``workers``); with an address (``tcp://host:8786``) the run uses that
cluster, whose workers need framing installed at the same version. A batch that fails because a
worker died is retried on another worker by Dask (up to its ``allowed-failures`` setting), then
once more by this client (a dying worker also fails the innocent batches queued on it); a batch
that still fails stops the run with an error naming its documents and saying how many were
analysed before it, and no output is written. A dead worker is replaced by its nanny; what it
held (results, the lexicons) is recomputed.

``dask[distributed]`` is an optional extra: ``pip install 'framing-analyzer[dask]'``.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from framing.errors import EngineError, UsageError
from framing.lexicon.registry import LexiconSet
from framing.model import Document, Skipped
from framing.pipeline import AnalyzedDocument, _analyzed

BATCH = 16  # documents per task: large enough to amortise scheduling, small enough to balance
IN_FLIGHT_PER_WORKER = 4  # batches queued per worker: bounds memory on both sides


def _client(scheduler: str | None, workers: int | None) -> Any:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--engine dask needs dask.distributed",
                         hint="pip install 'framing-analyzer[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s")
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({exc})",
                             hint="check the address (tcp://host:8786) and that the scheduler "
                             "runs, or leave out --scheduler for a local cluster") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0")
    return Client(cluster)


def _same(value: Any) -> Any:
    return value


def _analyze_batch(batch: Sequence[Document | Skipped], lexicons: LexiconSet,
                   then: Callable[[AnalyzedDocument], Any] | None = None) -> list[Any]:
    return [_analyzed(item, lexicons, then) for item in batch]


@dataclass(slots=True)
class _Batch:
    """A batch on the cluster: its future, and where its documents are in the input (for the
    error if it fails; the documents themselves are not kept)."""

    future: Any
    first: int  # 1-based position in the input of its first item
    size: int
    sources: tuple[str, str]  # where its first and last items came from
    retried: bool = False


def iter_analyze_dask(documents: Iterable[Document | Skipped], *, lexicons: LexiconSet,
                      scheduler: str | None = None, workers: int | None = None,
                      then: Callable[[AnalyzedDocument], Any] | None = None) -> Iterator[Any]:
    """Analyse documents on a Dask cluster, yielding results in input order (each analysed
    document passed through ``then`` on its worker, when given).

    Raises ``EngineError`` when a batch fails for good (its workers died more often than the
    scheduler's ``allowed-failures``, or the analysis raised), saying which documents it held
    and how many were analysed before it."""
    client = _client(scheduler, workers)
    try:
        lexicons.matcher  # noqa: B018 (built once, shipped to the workers with the set)
        # The lexicons are the result of a task, not scattered data: a worker that dies takes
        # its copy with it, and scattered data lost with every worker that held it cannot be
        # recovered (every batch after it would fail), while a task's result is recomputed.
        shared = client.submit(_same, lexicons, key=f"framing-lexicons-{uuid.uuid4().hex}")
        slots = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        pending: deque[_Batch] = deque()
        done = 0

        def submit(batch: list[Document | Skipped]) -> None:
            pending.append(_Batch(client.submit(_analyze_batch, batch, shared, then, pure=False),
                                  done + sum(b.size for b in pending) + 1, len(batch),
                                  (str(batch[0].source), str(batch[-1].source))))

        def collect() -> list[AnalyzedDocument | Skipped]:
            nonlocal done
            batch = pending.popleft()
            while True:
                try:
                    results = batch.future.result()
                    break
                except Exception as exc:  # a batch that failed for good (e.g. KilledWorker)
                    if _killed(exc) and not batch.retried:
                        # A dying worker counts against every batch the scheduler thinks it
                        # holds, not only the one at fault: also one queued behind it, or one
                        # whose finishing had not reached the scheduler. Such a batch runs
                        # fine once more; the one at fault dies again, at once (the
                        # scheduler's count of its failures is kept).
                        batch.retried = True
                        batch.future.retry()
                        continue
                    raise EngineError(_failure(exc, batch, done),
                                      hint="check the workers' logs and memory; to find the "
                                      "document at fault, analyse these inputs with --engine "
                                      "local") from None
            if len(results) != batch.size:  # never expected: no document may go missing
                raise EngineError(f"a batch of {batch.size} documents came back from the "
                                  f"Dask cluster with {len(results)} results; nothing was "
                                  "written", hint="check that the workers run the same "
                                  "framing version as this machine")
            done += len(results)
            return results

        batch: list[Document | Skipped] = []
        for item in documents:
            batch.append(item)
            if len(batch) == BATCH:
                submit(batch)
                batch = []
                if len(pending) >= slots:
                    yield from collect()
        if batch:
            submit(batch)
        while pending:
            yield from collect()
    finally:
        cluster = getattr(client, "cluster", None) if not scheduler else None
        client.close()
        if cluster is not None:
            cluster.close()


def _killed(exc: Exception) -> bool:
    """Whether a batch failed because the workers running it died (``KilledWorker``)."""
    try:
        from distributed import KilledWorker
    except ImportError:  # pragma: no cover - the client could not have started
        return False
    return isinstance(exc, KilledWorker)


def _failure(exc: Exception, batch: _Batch, done: int) -> str:
    last = batch.first + batch.size - 1
    where = (f"documents {batch.first} to {last} of the input ({batch.sources[0]} to "
             f"{batch.sources[1]})")
    if _killed(exc):
        cause = f"the Dask workers died (killed, or out of memory) every time they analysed {where}"
    else:
        cause = f"the Dask cluster could not analyse {where} ({type(exc).__name__}: {exc})"
    return f"{cause}; {done} documents were analysed before them and nothing was written"
