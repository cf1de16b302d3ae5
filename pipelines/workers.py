"""Worker processes for the batch: each document is read in a child process, under a time and a memory limit.

A worker that dies (killed for memory by the system, a crash in a native library), runs past the time limit
or needs more memory than its limit is replaced; the document it was reading gets an error row saying why,
and the batch goes on. The parent never reads a PDF itself, so nothing a file does can stop the batch.

- **Memory**: each worker's address space is capped (``RLIMIT_AS``) at the limit, so a file whose content
  inflates without bound fails that document with a memory error instead of taking the machine.
- **Time**: the parent kills a worker whose document has run longer than the limit.
- Workers are forked from a fork server (``multiprocessing``'s ``forkserver``) that has imported the
  pipeline and built the tagger (:mod:`baocao.pipelines.warm`): each starts warm, and none inherits the
  state of the process that runs the batch (open PDF libraries and threads, which a plain fork would copy
  and which crashed a forked worker in the tests).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import signal
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

# What a document may use at most, unless the user says otherwise (`baocao run --timeout/--memory`).
DEFAULT_SECONDS = 1800.0
DEFAULT_MEMORY_MB = 1536


@dataclass(frozen=True)
class Limits:
    """Per-document limits; None turns one off."""

    seconds: float | None = DEFAULT_SECONDS
    memory_mb: int | None = DEFAULT_MEMORY_MB

    def key(self) -> str:
        """How the limits are written in a cached error row's version (a re-run with other limits retries)."""
        return f"limits={self.seconds or 0:g}s,{self.memory_mb or 0}MB"


NO_LIMITS = Limits(None, None)


@dataclass
class Task:
    key: str
    args: tuple
    kwargs: dict[str, Any]


@dataclass
class Failure:
    """A document the worker could not finish: why, in one line."""

    key: str
    reason: str


def quiet_pdf_libraries() -> None:
    """Silence the PDF libraries' logging and warnings: they report every odd object of real-world PDFs,
    some with the file's own bytes; what matters reaches the user as baocao's one-line messages and the
    documents table. Called by the CLI and in every worker."""
    for name in ("pdfminer", "pdfplumber", "pypdfium2", "pikepdf"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)
        warnings.filterwarnings("ignore", module=name)


def _serve(conn, work: Callable, memory_mb: int | None) -> None:
    """A worker's loop: receive a task, send back its result, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    quiet_pdf_libraries()
    if memory_mb:
        try:
            import resource

            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ImportError, ValueError, OSError):  # pragma: no cover (not Linux, or a lower hard limit)
            pass
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = work(*task.args, **task.kwargs)
        except MemoryError:
            result = Failure(task.key, f"needs more memory than the limit ({memory_mb} MB; --memory)")
        conn.send((task.key, result, _peak_mb()))


def _peak_mb() -> float:
    """This process's peak resident memory so far (MB), 0 where unknown."""
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:  # pragma: no cover
        return 0.0


class _Worker:
    def __init__(self, context, work: Callable, memory_mb: int | None):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, work, memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _death(exitcode: int | None, memory_mb: int | None) -> str:
    """Why a worker's process ended, in words."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            return f"the worker reading it was stopped by {name} (the system may have run out of memory)"
        limit = f", perhaps at the memory limit ({memory_mb} MB; --memory)" if memory_mb else ""
        return f"the worker reading it crashed ({name}, in a native library{limit})"
    return f"the worker reading it stopped unexpectedly (exit code {exitcode})"


def _context():
    """The fork server, warm; spawn where there is none (not Linux/macOS). A program read from standard
    input cannot be imported again by a fork server's children: it forks its workers directly."""
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    if main is not None and not os.path.exists(main) and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["baocao.pipelines.warm"])
    return context


def run_tasks(tasks: list[Task], work: Callable, jobs: int, limits: Limits,
              stats: dict[str, float] | None = None) -> Iterator[tuple[str, Any]]:
    """Run ``work(*task.args, **task.kwargs)`` for every task in up to ``jobs`` worker processes and yield
    ``(key, result)`` as each finishes, in any order; a task that did not finish yields a :class:`Failure`.
    ``stats["peak_mb"]``, when ``stats`` is given, is the largest peak resident memory a worker reported."""
    if not tasks:
        return
    context = _context()
    queue = deque(tasks)
    workers: list[_Worker | None] = [None] * min(jobs, len(tasks))  # started when there is a task for them
    try:
        while queue or any(w and w.task for w in workers):
            for n, worker in enumerate(workers):
                if worker is None and queue:
                    workers[n] = worker = _Worker(context, work, limits.memory_mb)
                if worker is not None and worker.task is None and queue:
                    try:
                        worker.give(queue[0])
                    except (OSError, ValueError):  # it died while idle: a new one takes the task
                        worker.task = None
                        worker.stop(kill=True)
                        workers[n] = worker = _Worker(context, work, limits.memory_mb)
                        worker.give(queue[0])
                    queue.popleft()
            busy = [w for w in workers if w is not None and w.task is not None]
            timeout = None
            if limits.seconds:
                now = time.monotonic()
                timeout = max(0.0, min(w.started + limits.seconds - now for w in busy))
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
            for n, worker in enumerate(workers):
                if worker is None or worker.task is None:
                    continue
                key = worker.task.key
                if worker.conn in ready or worker.process.sentinel in ready:
                    try:
                        if worker.conn.poll():
                            done_key, result, peak = worker.conn.recv()
                            worker.task = None
                            if stats is not None:
                                stats["peak_mb"] = max(stats.get("peak_mb", 0.0), peak)
                            yield done_key, result
                            continue
                    except (EOFError, OSError):
                        pass
                    worker.process.join(timeout=1)
                    if worker.process.is_alive():
                        continue  # the pipe woke us, but no whole message yet
                    yield key, Failure(key, _death(worker.process.exitcode, limits.memory_mb))
                elif limits.seconds and time.monotonic() - worker.started >= limits.seconds:
                    yield key, Failure(key, f"took longer than the time limit ({limits.seconds:g} s; --timeout)")
                else:
                    continue
                worker.stop(kill=True)
                workers[n] = None  # replaced when a task waits for it
    finally:
        for worker in workers:
            if worker is not None:
                worker.stop(kill=bool(worker.task))
