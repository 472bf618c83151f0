"""A real Oxigraph server for the endpoint tests: ``oxigraph serve`` on a free port of 127.0.0.1, stopped by pid.

It reuses kgtool.publish.server's URLs, readiness wait and stop: the tests exercise the code of ``kgtool serve``.
"""

from __future__ import annotations

import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kgtool.publish.server import ServerUrls, find_oxigraph, server_urls, stop, wait_until_ready


@dataclass(frozen=True)
class OxigraphServer(ServerUrls):
    """A running ``oxigraph serve`` child process, its port and its URLs (``query``, ``update``, ``store``)."""

    process: subprocess.Popen | None = None
    port: int = 0
    log: IO[bytes] | None = None


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_oxigraph(folder: Path, timeout: float = 20.0) -> OxigraphServer:
    """Start ``oxigraph serve`` with its store and log in ``folder``; return once it answers a query."""
    port = free_port()
    log = open(folder / "oxigraph.log", "w+b")  # noqa: SIM115 - kept open for the server's lifetime
    process = subprocess.Popen(
        [find_oxigraph(), "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = OxigraphServer(server_urls("127.0.0.1", port).base, process, port, log)
    try:
        wait_until_ready(process, server.query, log, timeout)
    except Exception:
        stop_oxigraph(server)
        raise
    return server


def stop_oxigraph(server: OxigraphServer) -> None:
    """Stop the server by its process id (SIGTERM, then SIGKILL), reap it and close its log."""
    stop(server.process)
    server.log.close()
