"""``kgtool serve``: a local Oxigraph SPARQL server loaded with the graph, stopped cleanly on Ctrl-C.

The server is the ``oxigraph`` command of the PyPI package ``oxigraph`` (``oxigraph serve``), run as a
child process in its own session, so that Ctrl-C reaches kgtool alone and kgtool stops the server.
The graph is published into its named graph :data:`~kgtool.query.endpoint.DEFAULT_GRAPH` through the Graph
Store Protocol (replacing what a reused ``--location`` held), and the server runs with
``--union-default-graph``, so that queries typed in its web page see the data without a GRAPH clause.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kgtool.errors import EndpointError, UsageError
from kgtool.publish.graph_store import Store, publish_graph
from kgtool.query.endpoint import DEFAULT_GRAPH, graph_name

if TYPE_CHECKING:
    import subprocess

    from rdflib import Graph

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
READY_TIMEOUT = 30.0


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
) -> int:
    """Run ``oxigraph serve`` loaded with ``graph`` until Ctrl-C (or SIGTERM); return 0 once it is stopped."""
    import subprocess
    import tempfile

    if location is not None and location.exists() and not location.is_dir():
        raise UsageError(f"--location {location}: not a folder")
    check_port_free(host, port)
    urls = server_urls(host, port)
    command = [find_oxigraph(), "serve", "--bind", _bind_address(host, port), "--union-default-graph"]
    if location is not None:
        command += ["--location", str(location)]
    with tempfile.TemporaryFile() as log:
        previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        process = None
        try:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            wait_until_ready(process, urls.query, log)
            outcome = publish_graph(graph, Store.at(urls.query, graph=DEFAULT_GRAPH), replace=True)
            where = f"from {location}" if location is not None else "in memory"
            announce(f"Oxigraph serves {graph_name(DEFAULT_GRAPH)} ({outcome.stored} triples, {where})")
            announce(f"SPARQL endpoint  {urls.query}")
            announce(f"SPARQL update    {urls.update}")
            announce(f"Graph Store      {urls.store}")
            announce(f"query page       {urls.page}")
            announce("Press Ctrl-C to stop.")
            code = process.wait()
            raise EndpointError(f"oxigraph serve stopped by itself (exit code {code}): {_error_line(log)}")
        except KeyboardInterrupt:
            announce("stopped")
            return 0
        finally:
            if process is not None:
                stop(process)
            for sig, handler in previous.items():
                signal.signal(sig, handler)


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
