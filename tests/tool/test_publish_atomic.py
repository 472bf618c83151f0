"""kgtool publish --replace never loses data: a real Oxigraph server behind a proxy that fails, delays and drops
chosen requests, and a server killed mid-upload. The old graph stays as it was unless the new one is verified."""

from __future__ import annotations

import base64
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from faulty_proxy import Seen, faulty_proxy
from oxigraph_server import start_oxigraph, stop_oxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgtool.errors import EndpointError, UsageError
from kgtool.publish.graph_store import UPLOAD_PREFIX, Store, count_triples, publish_graph
from kgtool.publish.ntriples import checksum_store
from kgtool.query.endpoint import Endpoint, Retry
from kgtool.store.view import oxigraph_copy

pytestmark = pytest.mark.server
FAST = Retry(attempts=2, first_delay=0.01)


def make(prefix: str, size: int) -> Graph:
    graph = Graph()
    for number in range(size):
        subject = URIRef(f"urn:{prefix}:{number:03}")
        graph.add((subject, URIRef("urn:p:label"), Literal(f"{prefix} {number}", lang="en")))
        if number % 4 == 0:
            node = BNode()
            graph.add((subject, URIRef("urn:p:entry"), node))
            graph.add((node, URIRef("urn:p:position"), Literal(number)))
    return graph


OLD, NEW = make("old", 3), make("new", 40)


def held(base: str, graph: str) -> Graph:
    return Endpoint(f"{base}/query", graph=graph).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph


def temporary_graphs(base: str) -> list[str]:
    answer = Endpoint(f"{base}/query", graph=None).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return [str(row[0]) for row in answer if str(row[0]).startswith(UPLOAD_PREFIX)]


def through(proxy, graph: str, timeout: float = 10.0) -> Store:
    return Store.at(f"{proxy.base}/query", graph=graph, timeout=timeout, retry=FAST)


def store_writes(seen: Seen) -> bool:
    return seen.method in ("PUT", "POST") and seen.path.startswith("/store")


def swap(seen: Seen) -> bool:
    return seen.path.startswith("/update") and b"MOVE" in seen.body


@pytest.fixture
def graph(oxigraph, request) -> str:
    """A graph of its own holding OLD."""
    name = f"urn:kgtool-test:atomic:{request.node.name}"
    publish_graph(OLD, Store.at(oxigraph.query, graph=name), replace=True)
    return name


def assert_untouched(oxigraph, graph: str) -> None:
    assert isomorphic(held(oxigraph.base, graph), OLD)
    assert temporary_graphs(oxigraph.base) == []


def test_a_batch_that_fails_midway_leaves_the_old_graph(oxigraph, graph):
    rule = lambda seen: ("fail", 500) if store_writes(seen) and sum(map(store_writes, proxy.seen)) == 3 else None  # noqa: E731
    with faulty_proxy(oxigraph.base, rule) as proxy, pytest.raises(EndpointError) as caught:
        publish_graph(NEW, through(proxy, graph), replace=True, batch_size=5)
    assert f"uploading into the temporary graph <{UPLOAD_PREFIX}" in caught.value.message
    assert "stopped at batch 3 of" in caught.value.message
    assert "Sent: batches 1-2 (" in caught.value.message
    assert f"<{graph}> was left as it was ({len(OLD)} triples); the temporary graph was dropped" in caught.value.message
    assert_untouched(oxigraph, graph)


def test_a_failed_swap_leaves_the_old_graph(oxigraph, graph):
    with faulty_proxy(oxigraph.base, lambda seen: ("fail", 500) if swap(seen) else None) as proxy:
        with pytest.raises(EndpointError) as caught:
            publish_graph(NEW, through(proxy, graph), replace=True, batch_size=5)
        assert sum(map(swap, proxy.seen)) == 1  # a MOVE is never sent twice
    assert caught.value.message.startswith(f"swapping the new data into <{graph}> failed")
    assert f"<{graph}> was left as it was ({len(OLD)} triples); the temporary graph was dropped" in caught.value.message
    assert_untouched(oxigraph, graph)


def test_a_swap_whose_answer_is_lost_is_checked_not_repeated(oxigraph, graph):
    with faulty_proxy(oxigraph.base, lambda seen: ("drop", None) if swap(seen) else None) as proxy:
        outcome = publish_graph(NEW, through(proxy, graph), replace=True, batch_size=5)
        assert sum(map(swap, proxy.seen)) == 1
    assert outcome.stored == len(NEW)
    assert isomorphic(held(oxigraph.base, graph), NEW)
    assert temporary_graphs(oxigraph.base) == []


def test_a_dropped_upload_request_is_retried_and_verified(oxigraph, graph):
    first = []

    def rule(seen: Seen):
        if store_writes(seen) and not first:
            first.append(seen)
            return ("cut", None)
        return None

    with faulty_proxy(oxigraph.base, rule) as proxy:
        outcome = publish_graph(NEW, through(proxy, graph), replace=True, batch_size=5)
    assert (outcome.triples, outcome.checksum) == checksum_store(oxigraph_copy(NEW)[0])
    assert isomorphic(held(oxigraph.base, graph), NEW)


@pytest.mark.slow  # a server of its own
def test_a_request_slower_than_the_timeout_fails_and_leaves_the_old_graph(tmp_path):
    server = start_oxigraph(tmp_path)  # its own: the abandoned request lands after the client gave up
    name = "urn:kgtool-test:slow"
    try:
        publish_graph(OLD, Store.at(server.query, graph=name))
        rule = lambda seen: ("delay", 3) if store_writes(seen) and seen.method == "POST" else None  # noqa: E731
        with faulty_proxy(server.base, rule) as proxy:
            started = time.monotonic()
            with pytest.raises(EndpointError, match="no answer within 0.5 s"):
                publish_graph(NEW, through(proxy, name, timeout=0.5), replace=True, batch_size=5)
            assert time.monotonic() - started < 8
            time.sleep(3)  # the delayed request reaches the server late: it writes to a temporary graph only
        assert isomorphic(held(server.base, name), OLD)
    finally:
        stop_oxigraph(server)


def test_content_is_verified_not_only_the_count(oxigraph, graph):
    """The proxy changes one literal of an upload: same count, other triples; nothing is swapped in."""

    def rule(seen: Seen):
        if store_writes(seen) and b'"new 7"' in seen.body:
            return ("rewrite", lambda body: body.replace(b'"new 7"', b'"forged"'))
        return None

    with faulty_proxy(oxigraph.base, rule) as proxy, pytest.raises(EndpointError) as caught:
        publish_graph(NEW, through(proxy, graph), replace=True, batch_size=5)
    assert f"was not verified: the store returns {len(NEW)} triples with checksum" in caught.value.message
    assert "not the data sent" in caught.value.message
    assert_untouched(oxigraph, graph)


@pytest.mark.slow  # a server of its own
def test_a_server_killed_mid_upload_keeps_the_old_graph(tmp_path):
    server = start_oxigraph(tmp_path)
    name = "urn:kgtool-test:killed"
    try:
        publish_graph(OLD, Store.at(server.query, graph=name))
        killed = threading.Event()

        def rule(seen: Seen):
            if store_writes(seen) and sum(map(store_writes, proxy.seen)) == 2:
                stop_oxigraph(server)
                killed.set()
                return ("cut", None)
            return None

        with faulty_proxy(server.base, rule) as proxy, pytest.raises(EndpointError) as caught:
            publish_graph(NEW, through(proxy, name), replace=True, batch_size=5)
        assert killed.is_set()
        assert "could not be dropped" in caught.value.message  # the server is gone: the message says so
        assert f"<{name}> was left as it was ({len(OLD)} triples)" in caught.value.message
    finally:
        if not killed.is_set():
            stop_oxigraph(server)
    again = start_oxigraph(tmp_path)  # the same store folder
    try:
        assert isomorphic(held(again.base, name), OLD)
    finally:
        stop_oxigraph(again)


def test_cli_a_failed_swap_is_one_line_exit_2_and_the_old_graph_stays(oxigraph, graph, kgtool):
    with faulty_proxy(oxigraph.base, lambda seen: ("fail", 503) if swap(seen) else None) as proxy:
        run = kgtool("publish", "--endpoint", f"{proxy.base}/query", "--graph", graph, "--replace", "--timeout", "20")
    assert run.code == 2
    assert run.out == ""
    [line] = run.err.splitlines()
    assert line.startswith(f"kgtool: error: swapping the new data into <{graph}> failed")
    assert f"<{graph}> was left as it was ({len(OLD)} triples); the temporary graph was dropped" in line
    assert "Traceback" not in run.err
    assert_untouched(oxigraph, graph)


def test_replace_without_flag_is_refused_and_same_data_is_left(oxigraph, graph):
    with pytest.raises(UsageError, match="--replace"):
        publish_graph(NEW, Store.at(oxigraph.query, graph=graph))
    assert publish_graph(OLD, Store.at(oxigraph.query, graph=graph)).batches == 0


# --- credentials, URLs and timeouts ---------------------------------------------------------------------------


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True


@contextmanager
def recording_server(answer):
    """A server that records each request's headers and answers with ``answer(handler)``."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
            seen.append({"path": self.path, "authorization": self.headers.get("Authorization")})
            answer(self)

        do_GET = do_POST = _any  # noqa: N815

        def log_message(self, *args) -> None:
            pass

    server = _Recorder(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def _reply(handler, status: int, body: bytes = b'{"head": {}, "boolean": true}', **headers) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/sparql-results+json")
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


COUNT = b'{"head": {"vars": ["triples"]}, "results": {"bindings": [{"triples": {"type": "literal", "value": "0"}}]}}'


def ask(url: str) -> None:
    """An ASK query through SPARQLWrapper (``kgtool query --endpoint``)."""
    Endpoint(url, graph=None).query("ASK { }")


def count(url: str) -> None:
    """A count through publish's own requests (:mod:`kgtool.publish.transport`)."""
    count_triples(Endpoint(url, graph=None))


@pytest.mark.parametrize("client", [ask, count])
def test_credentials_never_follow_a_redirect_to_another_host(monkeypatch, client):
    monkeypatch.setenv("KGTOOL_ENDPOINT_USER", "reader")
    monkeypatch.setenv("KGTOOL_ENDPOINT_PASSWORD", "s3cret")
    expected = "Basic " + base64.b64encode(b"reader:s3cret").decode()
    body = COUNT if client is count else b'{"head": {}, "boolean": true}'
    with recording_server(lambda h: _reply(h, 200, body)) as (other, other_seen):
        with recording_server(lambda h: _reply(h, 302, Location=f"{other}/elsewhere")) as (first, first_seen):
            client(f"{first}/query")
        assert first_seen[0]["authorization"] == expected
        assert other_seen and other_seen[0]["authorization"] is None
        # the same origin keeps them
        with recording_server(
            lambda h: _reply(h, 200, body) if h.path == "/there" else _reply(h, 302, Location="/there")
        ) as (
            same,
            same_seen,
        ):
            client(f"{same}/query")
        assert [s["authorization"] for s in same_seen] == [expected, expected]


def test_credentials_in_a_url_are_refused_and_never_printed(kgtool, monkeypatch):
    run = kgtool("publish", "--endpoint", "http://reader:s3cret@127.0.0.1:9/query")
    assert run.code == 2
    assert "s3cret" not in run.out + run.err
    assert "must not hold credentials" in run.err
    run = kgtool("query", "spinoffs", "--endpoint", "http://reader:s3cret@127.0.0.1:9/query")
    assert run.code == 2 and "s3cret" not in run.err


def test_the_timeout_is_a_deadline_for_the_whole_answer():
    """A server that sends its answer a byte at a time never trips a per-read timeout; the deadline holds."""

    def drip(handler) -> None:
        body = COUNT
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        try:
            for byte in body:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(0.05)
        except OSError:  # the client gave up at its deadline: that is the point
            pass

    with recording_server(drip) as (base, _):
        started = time.monotonic()
        with pytest.raises(EndpointError, match="no answer within 0.5 s"):
            count_triples(Endpoint(f"{base}/query", graph=None, timeout=0.5, retry=Retry(attempts=1)))
        assert time.monotonic() - started < 1.5


@pytest.mark.parametrize("value", ["0", "-1", "abc", "nan", "inf", ""])
def test_an_invalid_timeout_is_a_usage_error(kgtool, capsys, value):
    with pytest.raises(SystemExit) as exited:
        kgtool("publish", "--endpoint", "http://127.0.0.1:9/query", "--timeout", value)
    assert exited.value.code == 2
    assert "argument --timeout: expected a positive number of seconds" in capsys.readouterr().err
