"""``kgtool serve``: the site, a SPARQL endpoint over the graph and the saved-query API, in one command.

The SPARQL engine is the ``oxigraph`` command of the PyPI package ``oxigraph`` (``oxigraph serve-read-only``,
or ``oxigraph serve`` with ``--writable``), run as a child process in its own session on a private
loopback port, so that Ctrl-C reaches kgtool alone and kgtool stops the server; the child is also killed by
the kernel if kgtool dies. The graph is loaded into its named graph
:data:`~kgtool.query.endpoint.DEFAULT_GRAPH` (replacing what a reused ``--location`` held) and the server
runs with ``--union-default-graph``, so that queries see the data without a GRAPH clause. Queries (``/query``
and the saved-query API) run on read-only query workers over the same store (:mod:`kgtool.publish.workers`),
so that an abandoned one is stopped at once, writable or not. In front of it, :mod:`kgtool.publish.front`
serves the site and the API and refuses writes unless ``--writable``.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kgtool.defaults import DEFAULT_HOST, DEFAULT_PORT
from kgtool.errors import EndpointError, UsageError
from kgtool.query.endpoint import DEFAULT_GRAPH, graph_name

if TYPE_CHECKING:
    import subprocess

    from rdflib import Graph

    from kgtool.publish.workers import Worker
    from kgtool.query.registry import SavedQuery

READY_TIMEOUT = 30.0
DEFAULT_QUERY_TIMEOUT = 30.0
QUERY_WORKERS = max(2, min(8, os.cpu_count() or 2))  # read-only Oxigraph servers answering /query, one query each
WORKER_ATTEMPTS = 10  # tries to start a query worker (beside a writable server, an open can meet a compaction)


@dataclass(frozen=True)
class ServerUrls:
    """The URLs of an Oxigraph server: SPARQL query and update endpoints, Graph Store, query page."""

    base: str

    @property
    def query(self) -> str:
        """The SPARQL 1.1 query endpoint."""
        return f"{self.base}/query"

    @property
    def update(self) -> str:
        """The SPARQL 1.1 update endpoint."""
        return f"{self.base}/update"

    @property
    def store(self) -> str:
        """The SPARQL 1.1 Graph Store HTTP Protocol endpoint."""
        return f"{self.base}/store"

    @property
    def page(self) -> str:
        """The web query page (YASGUI)."""
        return f"{self.base}/"


def server_urls(host: str, port: int) -> ServerUrls:
    """The URLs of a server listening on ``host:port`` (an IPv6 address goes in brackets)."""
    return ServerUrls(f"http://{_bind_address(host, port)}")


def find_oxigraph() -> str:
    """The ``oxigraph`` program: beside this Python (its virtual environment), else on PATH."""
    import shutil

    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise UsageError("the oxigraph server is not installed: pip install oxigraph (it provides the 'oxigraph' command)")


def serve(
    graph: Graph,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    location: Path | None = None,
    announce: Callable[[str], None] = print,
    site: Path | None = None,
    saved: dict[str, SavedQuery] | None = None,
    writable: bool = False,
    query_timeout: float = DEFAULT_QUERY_TIMEOUT,
) -> int:
    """Serve ``graph`` (SPARQL endpoint, saved-query API) and the ``site`` folder until Ctrl-C or SIGTERM.

    The graph is loaded into an Oxigraph store (in ``location``, else a temporary folder), which
    ``oxigraph serve-read-only`` (``oxigraph serve`` with ``writable``) answers on a private loopback port,
    behind the front (:mod:`kgtool.publish.front`) that listens on ``host:port``. The Oxigraph process dies
    with this one, however this one ends (``PR_SET_PDEATHSIG`` on Linux). Returns 0 once stopped. The caller
    checks first that ``host:port`` is free (:func:`check_port_free`), before it loads the graph and builds the site.
    """
    import subprocess
    import tempfile
    import threading

    from kgtool.publish.front import FrontConfig, FrontServer
    from kgtool.publish.workers import QueryWorkers

    if location is not None and location.exists() and not location.is_dir():
        raise UsageError(f"--location {location}: not a folder")
    if not query_timeout > 0:
        raise UsageError(f"--query-timeout must be a positive number of seconds, not {query_timeout}")
    urls = server_urls(host, port)
    with tempfile.TemporaryDirectory(prefix="kgtool-serve-") as scratch, tempfile.TemporaryFile() as log:
        folder = location if location is not None else Path(scratch) / "store"
        stored = load_store(graph, folder)
        backend = server_urls("127.0.0.1", _free_port())
        command = oxigraph_command(folder, backend, writable, query_timeout)
        previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        process = front = workers = None
        try:
            process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent
            )
            wait_until_ready(process, backend.query, log)
            # queries run on read-only workers (beside the writable server with --writable), killed if abandoned
            workers = QueryWorkers(lambda: start_worker(folder, query_timeout, log), QUERY_WORKERS)
            workers.warm()
            config = FrontConfig(backend.base, site, saved or {}, writable, query_timeout, workers)
            front = FrontServer((host, port), config)
            threading.Thread(target=front.serve_forever, name="kgtool-serve", daemon=True).start()
            mode = "writable" if writable else "read-only"
            where = f"from {location}" if location is not None else "in memory"
            announce(f"kgtool serves {graph_name(DEFAULT_GRAPH)} ({stored} triples, {where}, {mode})")
            if site is not None:
                announce(f"site             {urls.page}")
            announce(f"SPARQL endpoint  {urls.query}")
            announce(f"SPARQL update    {urls.update}" + ("" if writable else " (refused: read-only)"))
            announce(f"Graph Store      {urls.store}")
            announce(f"query page       {urls.page}sparql.html")
            announce(f"saved queries    {urls.page}api/queries (OpenAPI: {urls.page}api/openapi.json)")
            announce("Press Ctrl-C to stop.")
            code = process.wait()
            raise EndpointError(f"the Oxigraph server stopped by itself (exit code {code}): {_error_line(log)}")
        except KeyboardInterrupt:
            announce("stopped")
            return 0
        finally:
            if front is not None:
                front.shutdown()
                front.server_close()
            if workers is not None:
                workers.close()
            if process is not None:
                stop(process)
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def oxigraph_command(folder: Path, address: ServerUrls, writable: bool, query_timeout: float) -> list[str]:
    """The command line of an Oxigraph server over the store in ``folder``, listening on ``address``."""
    return [
        find_oxigraph(),
        "serve" if writable else "serve-read-only",
        "--location",
        str(folder),
        "--bind",
        address.base.removeprefix("http://"),
        "--union-default-graph",
        "--timeout-s",
        str(max(1, math.ceil(query_timeout))),
    ]


def start_worker(folder: Path, query_timeout: float, log: IO[bytes], attempts: int = WORKER_ATTEMPTS) -> Worker:
    """Start a read-only Oxigraph server over ``folder`` on a free loopback port and wait until it answers.

    Beside a writable server, the read-only open can meet a compaction that has just deleted a file the
    store's manifest still named: Oxigraph then exits at once ("Corruption: ... No such file"), and is
    started again (once open, it holds its files, so a later compaction does not reach it).
    """
    import subprocess

    from kgtool.publish.workers import Worker

    attempt = 1
    while True:
        address = server_urls("127.0.0.1", _free_port())
        process = subprocess.Popen(
            oxigraph_command(folder, address, False, query_timeout),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        try:
            wait_until_ready(process, address.query, log)
            return Worker(process, address.base)
        except BaseException as exc:
            exited = process.poll() is not None  # exited by itself (not silent, not interrupted)
            stop(process)
            if not (isinstance(exc, EndpointError) and exited and attempt < attempts):
                raise
        time.sleep(min(0.1 * attempt, 0.5))
        attempt += 1


def load_store(graph: Graph, folder: Path) -> int:
    """Put ``graph`` into the named graph :data:`DEFAULT_GRAPH` of the Oxigraph store in ``folder``, replacing it.

    Returns the number of triples stored. The store is closed again, for the server to open.
    """
    import gc

    import pyoxigraph

    name = pyoxigraph.NamedNode(DEFAULT_GRAPH)
    try:
        store = pyoxigraph.Store(str(folder))
    except OSError as exc:
        raise UsageError(f"--location {folder}: cannot open an Oxigraph store there: {exc}") from None
    try:
        store.clear_graph(name)
        data = graph.serialize(format="nt", encoding="utf-8")
        store.load(data, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=name)
        store.flush()
        stored = sum(1 for _ in store.quads_for_pattern(None, None, None, name))
    finally:
        del store
        gc.collect()
    return stored


def _free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now (for the Oxigraph server behind the front)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, before exec: be killed when kgtool dies, even by SIGKILL (Linux ``PR_SET_PDEATHSIG``)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):  # not Linux: Ctrl-C and SIGTERM still stop the server
        pass


def check_port_free(host: str, port: int) -> None:
    """A clear error now if ``host:port`` cannot be listened on (another server has it, or no such address)."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise UsageError(
                f"cannot listen on {_bind_address(host, port)}: {reason} (choose another --port)"
            ) from None


def wait_until_ready(process: subprocess.Popen, query_url: str, log: IO[bytes], timeout: float = READY_TIMEOUT) -> None:
    """Wait until the server answers a query; an error if it exits first or stays silent for ``timeout`` s."""
    import urllib.request

    probe = f"{query_url}?query=ASK%7B%7D"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EndpointError(f"oxigraph serve exited at start (exit code {process.returncode}): {_error_line(log)}")
        try:
            with urllib.request.urlopen(probe, timeout=1) as response:
                response.read()
            return
        except OSError:  # refused while the server starts (URLError is an OSError)
            time.sleep(0.1)
    raise EndpointError(f"oxigraph serve did not answer at {query_url} within {timeout:g} s")


def stop(process: subprocess.Popen) -> None:
    """Terminate the server (SIGTERM, then SIGKILL after 10 s) and reap it."""
    import subprocess

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _interrupt(signum: int, frame: object) -> None:
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP all stop the server, even where SIGINT was ignored at start."""
    raise KeyboardInterrupt


def _error_line(log: IO[bytes]) -> str:
    """The server's error message from its output (its first ``Error:`` line, else its last line)."""
    log.seek(0)
    lines = [line.strip() for line in log.read().decode("utf-8", errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")]
    return (errors or lines or ["(no output)"])[0 if errors else -1]
