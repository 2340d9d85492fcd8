"""The per-document stage on a Dask cluster (``--engine dask``): documents are read here, sent to
the workers in batches, analysed there with the same code as locally, and come back in input
order, so every output is identical to the local engine's.

Without ``scheduler`` a local cluster is started (``LocalCluster``, one single-threaded worker
process per core, or ``workers``); with an address (``tcp://host:8786``) the run uses that
cluster, whose workers need framing installed at the same version. A batch that fails because a
worker died is retried on another worker by Dask (up to its ``allowed-failures`` setting); a batch
that still fails stops the run with an error saying how many documents were analysed, and no
output is written.

``dask[distributed]`` is an optional extra: ``pip install 'framing-analyzer[dask]'``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from framing.errors import EngineError, UsageError
from framing.lexicon.registry import LexiconSet
from framing.model import Document, Skipped
from framing.pipeline import AnalyzedDocument, analyze_document

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


def _analyze_batch(batch: Sequence[Document | Skipped],
                   lexicons: LexiconSet) -> list[AnalyzedDocument | Skipped]:
    return [item if isinstance(item, Skipped) else analyze_document(item, lexicons=lexicons)
            for item in batch]


def iter_analyze_dask(documents: Iterable[Document | Skipped], *, lexicons: LexiconSet,
                      scheduler: str | None = None,
                      workers: int | None = None) -> Iterator[AnalyzedDocument | Skipped]:
    """Analyse documents on a Dask cluster, yielding results in input order."""
    client = _client(scheduler, workers)
    try:
        lexicons.matcher  # noqa: B018 (built once, shipped to every worker with the set)
        [shared] = client.scatter([lexicons], broadcast=True)
        slots = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
        pending: deque[Any] = deque()
        done = 0

        def collect() -> list[AnalyzedDocument | Skipped]:
            nonlocal done
            future = pending.popleft()
            try:
                results = future.result()
            except Exception as exc:  # a batch that failed for good (e.g. KilledWorker)
                raise EngineError(
                    f"the Dask cluster could not analyse a batch of documents "
                    f"({type(exc).__name__}: {exc}); {done} documents were analysed before it "
                    "and nothing was written",
                    hint="check the workers' logs and memory, then run again") from None
            done += len(results)
            return results

        batch: list[Document | Skipped] = []
        for item in documents:
            batch.append(item)
            if len(batch) == BATCH:
                pending.append(client.submit(_analyze_batch, batch, shared, pure=False))
                batch = []
                if len(pending) >= slots:
                    yield from collect()
        if batch:
            pending.append(client.submit(_analyze_batch, batch, shared, pure=False))
        while pending:
            yield from collect()
    finally:
        cluster = getattr(client, "cluster", None) if not scheduler else None
        client.close()
        if cluster is not None:
            cluster.close()
