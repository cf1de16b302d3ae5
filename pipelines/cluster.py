"""The batch on a Dask distributed cluster: ``baocao run PATHS --cluster tcp://HOST:PORT``.

The run that reads the folder (discovery, hashing, the per-document cache, resume, the tables) is the same
as locally; only the reading of each document is sent to the cluster's workers as one task (a scan's pages
that need OCR then go to the cluster as one task each, so a 40-page scan uses every worker; a long
document's pages go as ranges of 25), and the results come back to be cached and written in the order of
the paths, so the tables are the same as a local run's. The inputs must be at the same path on every
worker (shared storage). A worker lost mid-batch loses nothing: the scheduler runs its tasks elsewhere; a
document that keeps killing workers (Dask's ``KilledWorker``) or fails on the cluster (a page range that
raises included) gets an error row, like a local worker's crash.

Limits: the memory a document may use is the workers' own (``dask worker --memory-limit``; the nanny
restarts a worker above it). The per-document time limit (``--timeout``) is kept by this process: each
document's task tells it (a Dask event) when it starts and on which worker, and a document read for longer
than the limit is cancelled and its worker restarted by its nanny (a thread cannot be stopped any other
way); the other documents that worker held run again elsewhere, and the document gets an error row, as
locally. Time spent queued does not count; time waiting for a scan's page tasks does.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from importlib import import_module
from typing import Any

from baocao.extract.errors import BaocaoError
from baocao.extract.textnorm import one_line

from .workers import Failure, Task


def _read(path: str, display: str, sha256: str, options: dict[str, Any]):
    """A task on a Dask worker: one document's rows. Its pages that need OCR are tasks of their own, and so
    are the page ranges of a long document (``RANGE_PAGES`` pages each)."""
    from baocao.extract.ocr import PAGE_MAP
    from baocao.extract.reader import RANGE_MAP
    from baocao.pipelines.process import process_file
    from baocao.pipelines.workers import quiet_pdf_libraries

    quiet_pdf_libraries()
    import_module("baocao.pipelines.warm")  # once per worker: the tagger is built before the clock starts, as locally

    _tell_started()
    token = PAGE_MAP.set(_pages_on_the_cluster)
    ranges = RANGE_MAP.set(_ranges_on_the_cluster)
    try:
        return process_file(path, display, sha256, **options)
    finally:
        RANGE_MAP.reset(ranges)
        PAGE_MAP.reset(token)


# The event a document's task sends when it starts on a worker (its key and the worker's address): the
# clock of the time limit.
STARTED = "baocao-started"


def _tell_started() -> None:
    from distributed import get_worker

    try:
        worker = get_worker()
        worker.log_event(STARTED, {"key": worker.get_current_task(), "worker": worker.address})
    except Exception:  # not on a worker (called directly): no clock to start
        pass


def _pages_on_the_cluster(read_page, indexes: list[int]) -> list:
    """Read a scan's pages as tasks of their own, on any worker."""
    return _tasks_of_their_own("page", read_page, [(index,) for index in indexes])


def _ranges_on_the_cluster(read_range, ranges: list[tuple[int, int]]) -> list:
    """Read a long document's page ranges as tasks of their own, as a scan's pages are."""
    return _tasks_of_their_own("range", read_range, ranges)


def _tasks_of_their_own(kind: str, work, calls: list[tuple]) -> list:
    """``work(*args)`` for each of ``calls`` as a cluster task (key ``baocao-KIND-…``), results in order. The
    document's task leaves its worker's thread while it waits (``worker_client``), so even a one-thread
    worker runs these meanwhile."""
    from distributed import worker_client

    with worker_client() as client:
        run = uuid.uuid4().hex[:12]
        futures = [client.submit(work, *args, pure=False, key=f"baocao-{kind}-{run}-{args[0]}") for args in calls]
        return client.gather(futures)


def run_on_cluster(address: str, tasks: list[Task], seconds: float | None = None) -> Iterator[tuple[str, Any]]:
    """Run every task on the cluster at ``address``; yield ``(key, result)`` as each finishes, a
    :class:`Failure` for a document the cluster could not read or that ran longer than ``seconds``."""
    if not tasks:
        return
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BaocaoError("--cluster needs Dask distributed: pip install 'baocao[cluster]'") from None
    try:
        client = Client(address, timeout=20)
    except Exception as exc:  # OSError, TimeoutError, ValueError for a bad address
        raise BaocaoError(one_line(f"cannot reach the Dask scheduler at {address}: {exc}")) from None
    run = uuid.uuid4().hex[:8]
    started: dict[str, tuple[float, str]] = {}  # task key -> when it started (here) and on which worker

    def on_start(event) -> None:  # on the client's thread; a task run again elsewhere restarts its clock
        _when, message = event
        started[message["key"]] = (time.monotonic(), message["worker"])

    with client:
        if seconds:
            client.subscribe_topic(STARTED, on_start)
        futures = {client.submit(_read, *task.args, task.kwargs, key=f"baocao-{run}-{task.key[:16]}", pure=False):
                   task.key for task in tasks}
        by_name = {future.key: future for future in futures}
        finished = as_completed(futures)
        while not finished.is_empty():
            ready = finished.next_batch(block=not seconds)
            for future in ready:
                if by_name.pop(future.key, None) is None:  # cancelled for its time: its row is out
                    continue
                key = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # KilledWorker, a worker without baocao, a lost connection
                    result = Failure(key, one_line(f"the cluster could not read it ({exc.__class__.__name__}: {exc})"))
                future.release()
                yield key, result
            if not seconds:
                continue
            if not ready:
                time.sleep(0.1)
            now = time.monotonic()
            for name, (since, worker) in list(started.items()):
                if name in by_name and now - since > seconds:
                    future = by_name.pop(name)
                    future.cancel()
                    _restart(client, worker)
                    yield futures[future], Failure(futures[future],
                                                   f"took longer than the time limit ({seconds:g} s; --timeout)")
        if seconds:
            client.unsubscribe_topic(STARTED)


def _restart(client, worker: str) -> None:
    """Restart a worker through its nanny: the only way to stop a document's thread."""
    try:
        client.restart_workers([worker], raise_for_error=False)
    except Exception:  # a worker without a nanny cannot be restarted: its thread finishes in its own time
        pass
