"""kgtool serve: a real Oxigraph server loaded with the graph, that answers queries and stops on Ctrl-C."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from oxigraph_server import free_port

from kgtool.errors import EndpointError
from kgtool.publish.graph_store import count_triples
from kgtool.query.endpoint import Endpoint

from conftest import ROOT, run_process

pytestmark = pytest.mark.server  # every test here talks to a real server it starts

READY_LINE = "Press Ctrl-C to stop."


def start_serve(*args: str) -> tuple[subprocess.Popen, list[str]]:
    """Run ``kgtool serve ARGS…``; return the process and the lines it printed up to READY_LINE."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kgtool", "serve", "--no-site", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    printed = b""
    deadline = time.monotonic() + 60
    while READY_LINE.encode() not in printed:
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            interrupt(process)  # kgtool stops its Oxigraph child; a SIGKILL would leave that running
            pytest.fail(f"kgtool serve printed no {READY_LINE!r} within 60 s: {printed!r}")
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            pytest.fail(f"kgtool serve exited ({process.wait()}): {process.stderr.read()!r}")
        printed += chunk
    return process, printed.decode().splitlines()


def interrupt(process: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C: SIGINT to kgtool's pid; its exit code and what it printed after."""
    os.kill(process.pid, signal.SIGINT)
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, out.decode()


def test_serve_answers_queries_and_stops_on_ctrl_c(dataset, kgtool):
    port = free_port()
    process, lines = start_serve("--port", str(port))
    base = f"http://127.0.0.1:{port}"
    try:
        assert lines[1:] == [
            f"SPARQL endpoint  {base}/query",
            f"SPARQL update    {base}/update (refused: read-only)",
            f"Graph Store      {base}/store",
            f"query page       {base}/sparql.html",
            f"saved queries    {base}/api/queries (OpenAPI: {base}/api/openapi.json)",
            READY_LINE,
        ]
        triples = len(dataset.graph)
        assert lines[0] == f"kgtool serves <https://w3id.org/connelly/graph> ({triples} triples, in memory, read-only)"
        assert count_triples(Endpoint(f"{base}/query")) == len(dataset.graph)
        # the query page, and a union default graph: plain queries see the data without GRAPH
        with urllib.request.urlopen(f"{base}/", timeout=5) as page:
            assert page.headers.get_content_type() == "text/html"
        assert count_triples(Endpoint(f"{base}/query", graph=None)) == len(dataset.graph)
        run = kgtool("query", "spinoffs", "--endpoint", f"{base}/query")
        assert run.code == 0, run.err
        assert "Bosch: Legacy" in run.out
    finally:
        code, out = interrupt(process)
    assert code == 0
    assert out.strip() == "stopped"
    with pytest.raises(EndpointError, match="connection refused"):  # the Oxigraph child is gone too
        Endpoint(f"{base}/query").query("ASK { }")


def test_serve_keeps_a_location_and_reloads_it_without_duplicates(tmp_path, dataset):
    for _ in range(2):
        port = free_port()
        process, _ = start_serve("--port", str(port), "--location", str(tmp_path / "store"))
        try:
            assert count_triples(Endpoint(f"http://127.0.0.1:{port}/query")) == len(dataset.graph)
        finally:
            assert interrupt(process)[0] == 0
    assert (tmp_path / "store").is_dir()


def test_serve_on_a_busy_port_is_a_clear_error(oxigraph):
    run = run_process("serve", "--port", str(oxigraph.port))
    assert run.code == 2
    assert run.err.strip() == (
        f"kgtool: error: cannot listen on 127.0.0.1:{oxigraph.port}: Address already in use (choose another --port)"
    )
    assert "Traceback" not in run.err


def test_a_query_worker_that_exits_at_start_is_started_again_then_reported(tmp_path):
    """Beside a writable server, a read-only open can meet a compaction and exit: the worker is started again."""
    import tempfile

    from kgtool.publish.server import start_worker

    not_a_store = tmp_path / "file"
    not_a_store.write_text("not a store")
    with tempfile.TemporaryFile() as log:
        with pytest.raises(EndpointError, match="exited at start"):
            start_worker(not_a_store, 5, log, attempts=3)
        log.seek(0)
        assert log.read().decode().count("Error:") == 3  # three tries, each its own process


def test_a_write_retires_the_query_workers_started_before_it():
    """Workers read the store as it was when they opened: after a write, none of them is lent again."""
    from kgtool.publish.workers import QueryWorkers, Worker

    workers = QueryWorkers(lambda: Worker(subprocess.Popen(["sleep", "60"]), "http://127.0.0.1:1"), 3)
    try:
        busy, idle = workers.acquire(timeout=5), workers.acquire(timeout=5)
        workers.release(idle)
        workers.refresh()  # a write: the idle worker is killed now, the busy one when its query ends
        assert idle.process.poll() is not None and busy.alive()
        workers.release(busy)
        assert busy.process.poll() is not None and workers.pids() == []
        fresh = workers.acquire(timeout=5)
        assert fresh not in (busy, idle) and fresh.generation == 1
        workers.release(fresh)
        assert workers.acquire(timeout=5) is fresh  # a worker started after the write is lent again
    finally:
        workers.close()
    assert fresh.process.poll() is not None and workers.pids() == []  # closing kills every worker
