"""A real Oxigraph server for the endpoint tests: ``oxigraph serve`` on a free port of 127.0.0.1, stopped by pid."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kgtool.server import find_oxigraph


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve`` child process and its URLs."""

    process: subprocess.Popen
    port: int

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.base}/query"

    @property
    def store(self) -> str:
        """The Graph Store Protocol endpoint."""
        return f"{self.base}/store"

    @property
    def update(self) -> str:
        """The SPARQL update endpoint."""
        return f"{self.base}/update"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_oxigraph(folder: Path, timeout: float = 20.0) -> OxigraphServer:
    """Start ``oxigraph serve`` with its store and log in ``folder``; return once it answers a query."""
    port = free_port()
    with open(folder / "oxigraph.log", "wb") as log:
        process = subprocess.Popen(
            [find_oxigraph(), "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = OxigraphServer(process, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited: {(folder / 'oxigraph.log').read_text()}")
        try:
            with urllib.request.urlopen(f"{server.query}?query=ASK%7B%7D", timeout=1) as response:
                response.read()
            return server
        except OSError:
            time.sleep(0.05)
    stop_oxigraph(server)
    raise RuntimeError(f"oxigraph serve did not answer on port {port} within {timeout} s")


def stop_oxigraph(server: OxigraphServer) -> None:
    """Stop the server by its process id (SIGTERM, then SIGKILL) and reap it."""
    if server.process.poll() is None:
        os.kill(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(server.process.pid, signal.SIGKILL)
            server.process.wait()
