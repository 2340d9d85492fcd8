"""Faults for tests/test_dask.py, in a module of their own so that Dask workers can import them
(a function is sent to a worker by reference: the worker imports its module). Not a test module:
pytest collects only test_*.py.

``analyze_batch_with_faults`` stands in for ``framing.dask_engine._analyze_batch`` (the tests
monkeypatch the module attribute the engine submits): before analysing a batch with the real
function it looks for a planted document and makes the worker process die as if killed, with
``os._exit`` (no exception, no cleanup: what the out-of-memory killer does):

- a document whose meta has ``"die": "always"`` kills every worker that runs its batch;
- one with ``"die_once": PATH`` kills the first worker only: that attempt creates PATH, and
  the retry, finding it, analyses the batch as usual.
"""

from __future__ import annotations

import os
from pathlib import Path

from framing.dask_engine import _analyze_batch
from framing.model import Document


def analyze_batch_with_faults(batch, lexicons, then=None):
    for item in batch:
        if not isinstance(item, Document):
            continue
        if item.meta.get("die") == "always":
            os._exit(1)
        marker = item.meta.get("die_once")
        if marker is not None:
            try:
                Path(marker).touch(exist_ok=False)
            except FileExistsError:
                continue
            os._exit(1)
    return _analyze_batch(batch, lexicons, then)
