"""The query workers of ``kgtool serve``: read-only Oxigraph servers that answer one query each at a time.

Oxigraph stops a query at its ``--timeout-s`` but not when the client goes away: an aggregate (``COUNT``
over a large join) writes nothing until it is done, so a closed connection goes unnoticed and the query
keeps a core busy until the timeout. So each ``/query`` of the read-only front borrows a worker of its own
(an ``oxigraph serve-read-only`` over the same store; several processes may read one store), and a query
abandoned by its client, or run past ``--query-timeout``, is stopped by killing its worker: the CPU is
free at once, and the next query gets a fresh worker (started in about 0.1 s).

With ``--writable``, the workers open the store read-only beside the one writable ``oxigraph serve``
(RocksDB lets a read-only process open a store another one writes; it reads the store as it was when it
opened). So every write through the front calls :meth:`QueryWorkers.refresh`: the workers started before
it are not lent again (idle ones are killed at once, busy ones when their query ends), and the next query
gets a worker that sees the write.

Workers are started from one long-lived thread, since Linux's ``PR_SET_PDEATHSIG`` (which kills them if
kgtool dies) fires when the *thread* that started them ends, not only the process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kgtool.errors import EndpointError

if TYPE_CHECKING:
    import subprocess


@dataclass(eq=False)
class Worker:
    """One Oxigraph server process and its base URL (``http://127.0.0.1:PORT``)."""

    process: subprocess.Popen
    base: str
    generation: int = 0  # the writes the store had seen when the worker started (see QueryWorkers.refresh)

    def alive(self) -> bool:
        """Whether the process still runs."""
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL (a read-only server has nothing to save) and reap."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


class QueryWorkers:
    """At most ``size`` workers, started on demand by ``start``, lent to one query at a time."""

    def __init__(self, start: Callable[[], Worker], size: int) -> None:
        self._start = start
        self._size = max(1, size)
        self._idle: list[Worker] = []
        self._all: set[Worker] = set()
        self._starting = 0
        self._generation = 0
        self._closed = False
        self._changed = threading.Condition()
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kgtool-serve-workers")

    def warm(self) -> None:
        """Start one worker now, so that the first query does not wait for one."""
        self.release(self.acquire(timeout=60))

    def acquire(self, timeout: float) -> Worker:
        """An idle worker, else a new one while fewer than ``size`` run, else wait up to ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if self._closed:
                    raise EndpointError("the server is stopping")
                if self._idle:
                    return self._idle.pop()
                if len(self._all) + self._starting < self._size:
                    self._starting += 1
                    generation = self._generation
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise EndpointError(f"all {self._size} query workers stayed busy for {timeout:g} s")
                self._changed.wait(left)
        try:
            worker = self._spawner.submit(self._start).result()
        except BaseException:
            with self._changed:
                self._starting -= 1
                self._changed.notify()
            raise
        with self._changed:
            self._starting -= 1
            if self._closed:
                worker.kill()
                raise EndpointError("the server is stopping")
            worker.generation = generation  # as of before it opened the store: a write since makes it stale
            self._all.add(worker)
        return worker

    def release(self, worker: Worker) -> None:
        """Give back a worker whose query is done (one that died meanwhile is dropped)."""
        with self._changed:
            if worker.alive() and not self._closed and worker.generation == self._generation:
                self._idle.append(worker)
                self._changed.notify()
                return
        self.discard(worker)

    def discard(self, worker: Worker) -> None:
        """Kill a worker whose query was abandoned or timed out: its CPU is free at once."""
        worker.kill()
        with self._changed:
            self._all.discard(worker)
            self._changed.notify()

    def refresh(self) -> None:
        """The store was written: lend no worker started before (they read the store as it was when they opened)."""
        with self._changed:
            self._generation += 1
            stale = self._idle
            self._idle = []
            self._all.difference_update(stale)
            self._changed.notify_all()
        for worker in stale:
            worker.kill()

    def pids(self) -> list[int]:
        """The process ids of the running workers."""
        with self._changed:
            return [worker.process.pid for worker in self._all]

    def close(self) -> None:
        """Kill every worker, busy or idle, and stop the thread that starts them."""
        with self._changed:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._changed.notify_all()
        for worker in workers:
            worker.kill()
        self._spawner.shutdown(wait=True)
