"""Remote SPARQL endpoints: every saved query on a real Oxigraph server gives the local answer; clear failures.

The Oxigraph server (the session fixture ``oxigraph``) holds the graph published into kgtool's named
graph. A few failures need a server that misbehaves on purpose (never answers, answers HTML, fails with
503, drops the connection, wants a password): those are real HTTP servers too, from the standard
library, on a free port of 127.0.0.1.
"""

from __future__ import annotations

import base64
import socket
import struct
import threading
import time
import urllib.error
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from oxigraph_server import free_port, start_oxigraph, stop_oxigraph
from rdflib import RDF, Variable
from rdflib.compare import isomorphic
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from test_queries import CONTRACT

from kgtool.errors import EndpointError
from kgtool.publish.graph_store import Store, publish_graph
from kgtool.query.endpoint import DEFAULT_GRAPH, Endpoint, Retry, describe_failure, run_saved_query
from kgtool.query.local import run_saved_query as run_locally
from kgtool.query.registry import SavedQuery, registry
from kgtool.query.results import FORMATS, render_result

from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.server  # every test here talks to a real server it starts

SAVED = registry(ROOT)
# Parameters for saved queries outside the contract of tests/test_queries.py.
PARAMS = {
    "shared-books": {"character": "Harry Bosch", "other": "Mickey Haller"},
    "neighbourhood": {"entity": "Ballard"},
}
# And in French too (a literal parameter, and the French-or-English label choice), for these:
FRENCH = {"cast", "novels", "roles", "adaptations", "spinoffs", "busiest-years"}
FAST = Retry(attempts=3, first_delay=0.01)


@pytest.fixture(scope="module")
def endpoint(oxigraph, dataset) -> Endpoint:
    """The Oxigraph endpoint, with the graph published into kgtool's named graph."""
    publish_graph(dataset.graph, Store.at(oxigraph.query), replace=True)
    return Endpoint(oxigraph.query)


def parameters(query: SavedQuery, dataset) -> dict[str, str]:
    """The contract's parameters; else this file's; else, for each required entity parameter, the first
    entity of its classes (by IRI) for which the query has an answer locally."""
    if query.name in CONTRACT:
        return CONTRACT[query.name][0]
    if query.name in PARAMS:
        return PARAMS[query.name]
    chosen: dict[str, str] = {}
    for parameter in (p for p in query.parameters if p.required):
        assert parameter.classes, f"{query.name} needs {parameter.name}: give it a value in PARAMS"
        candidates = sorted({s for c in parameter.classes for s in dataset.graph.subjects(RDF.type, c)})
        for candidate in candidates:
            trial = {**chosen, parameter.name: str(candidate)}
            if _answers(run_locally(query, trial, dataset=dataset)):
                chosen = trial
                break
        else:
            pytest.fail(f"{query.name}: no {parameter.name} gives an answer; give one in PARAMS")
    return chosen


def _answers(result) -> bool:
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type == "SELECT":
        return bool(list(result))
    return len(result.graph) > 0


def group_concat_columns(algebra: CompValue) -> dict[str, str]:
    """The result columns made by GROUP_CONCAT, with their separators (from rdflib's algebra of the query)."""
    separators: dict = {}
    columns: dict = {}

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name == "Aggregate_GroupConcat":
                separators[node["res"]] = str(node.get("separator") or " ")
            elif node.name == "Extend" and isinstance(node["expr"], Variable):
                columns[node["expr"]] = node["var"]
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(algebra)
    return {str(columns[res]): sep for res, sep in separators.items() if res in columns}


def is_ordered(algebra: CompValue) -> bool:
    """Whether the query's answer has an ORDER BY (of its own, not of a subquery)."""
    node = algebra
    while isinstance(node, CompValue) and node.name in ("SelectQuery", "Slice", "Distinct", "Reduced", "Project"):
        node = node.get("p")
    return isinstance(node, CompValue) and node.name == "OrderBy"


def comparable(result, concatenated: dict[str, str]) -> list[tuple]:
    """The rows; a GROUP_CONCAT value as the sorted list of its parts, since SPARQL leaves their order (and
    the result's language tag) to each engine."""
    names = [str(v) for v in result.vars]
    return [
        tuple(
            tuple(sorted(str(term).split(concatenated[name]))) if name in concatenated and term is not None else term
            for name, term in zip(names, row, strict=True)
        )
        for row in result
    ]


@pytest.mark.parametrize(
    ("name", "lang"),
    [(name, None) for name in sorted(SAVED)] + [(name, "fr") for name in sorted(FRENCH) if name in SAVED],
)
def test_every_saved_query_gives_the_local_answer_remotely(endpoint, dataset, name, lang):
    assert_same_answer(SAVED[name], endpoint, dataset, lang)


def assert_same_answer(query: SavedQuery, endpoint: Endpoint, dataset, lang: str | None) -> None:
    """The saved query answers the same on ``endpoint`` as on the local graph (the same rows; the same order
    where it has an ORDER BY)."""
    params = parameters(query, dataset)
    local = run_locally(query, params, lang=lang, dataset=dataset)
    remote = run_saved_query(query, endpoint, params, lang=lang)
    assert remote.type == local.type
    assert _answers(local), f"{query.name} has no answer locally with {params}: the comparison would prove nothing"
    if local.type == "ASK":
        assert remote.askAnswer == local.askAnswer
        return
    if local.type != "SELECT":
        assert isomorphic(remote.graph, local.graph)
        return
    assert [str(v) for v in remote.vars] == [str(v) for v in local.vars]
    algebra = prepareQuery(query.text).algebra
    concatenated = group_concat_columns(algebra)
    local_rows, remote_rows = comparable(local, concatenated), comparable(remote, concatenated)
    assert Counter(remote_rows) == Counter(local_rows)
    # ORDER BY: the same order, except that engines may order labels of different languages differently
    # (SPARQL defines no order between them), which only --lang fr brings in.
    if lang is None and is_ordered(algebra):
        assert remote_rows == local_rows


def test_remote_results_render_exactly_like_local_ones(endpoint, dataset):
    query = SAVED["cast"]
    local = run_locally(query, {"series": "Ballard"}, dataset=dataset)
    remote = run_saved_query(query, endpoint, {"series": "Ballard"})
    for fmt in FORMATS:
        assert render_result(remote, fmt) == render_result(local, fmt), fmt


def test_cli_query_on_the_endpoint_prints_what_the_local_query_prints(endpoint, kgtool):
    local = kgtool("query", "cast", "--param", "series=res:series/ballard", "--lang", "fr")
    remote = kgtool("query", "cast", "--param", "series=res:series/ballard", "--lang", "fr", "--endpoint", endpoint.url)
    assert remote.code == 0, remote.err
    assert remote.out == local.out
    assert "Maggie Q" in remote.out


def test_labels_are_resolved_on_the_endpoint(endpoint, kgtool):
    run = kgtool("query", "cast", "--param", "series=The Lincoln Lawyer", "--endpoint", endpoint.url)
    assert run.code == 2
    assert "ambiguous" in run.err
    assert "film/the-lincoln-lawyer" in run.err
    assert "series/the-lincoln-lawyer" in run.err


def test_ask_and_construct_answers(endpoint, dataset):
    ask = "PREFIX cu: <https://w3id.org/connelly/ontology#> ASK { ?s a cu:TVSeries }"
    assert endpoint.query(ask).askAnswer is True
    construct = (
        "PREFIX cu: <https://w3id.org/connelly/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a cu:TVSeries ; rdfs:label ?l }"
    )
    remote = endpoint.query(construct).graph
    assert len(remote) > 6
    assert isomorphic(remote, dataset.graph.query(construct).graph)


def test_the_default_graph_option_queries_the_store_default_graph(endpoint, kgtool):
    # the fixture's store holds the data in kgtool's named graph only: its default graph is empty
    run = kgtool("query", "spinoffs", "--endpoint", endpoint.url, "--graph", "default")
    assert run.code == 0, run.err
    assert run.out.rstrip().endswith("(0 rows)")
    named = kgtool("query", "spinoffs", "--endpoint", endpoint.url, "--graph", DEFAULT_GRAPH)
    assert "Bosch: Legacy" in named.out


def test_a_query_the_server_rejects_reports_the_server_message(endpoint, kgtool):
    # rdflib accepts SELECT * with GROUP BY; Oxigraph (rightly) does not, and says so
    run = kgtool("query", str(FIXTURES / "server-rejects.rq"), "--endpoint", endpoint.url)
    assert run.code == 2
    assert "refused the request (HTTP 400 Bad Request)" in run.err
    assert "SELECT * is not authorized with GROUP BY" in run.err
    assert "Traceback" not in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_the_fixture_server_is_oxigraph(oxigraph):
    # the parity above is against the real thing, not a stand-in
    with socket.create_connection(("127.0.0.1", oxigraph.port)) as connection:
        connection.sendall(b"GET / HTTP/1.0\r\n\r\n")
        head = connection.recv(4096).decode("latin-1").lower()
    assert "server: oxigraph/" in head


def test_a_wrong_port_is_a_clear_error(kgtool):
    port = free_port()
    run = kgtool("query", "spinoffs", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert run.code == 2
    assert run.err.strip() == (
        f"kgtool: error: the SPARQL endpoint http://127.0.0.1:{port}/query: connection refused: "
        f"nothing listens at 127.0.0.1:{port} (is the server running?)"
    )


def test_a_wrong_path_gives_the_server_404_message(oxigraph, kgtool):
    run = kgtool("query", "spinoffs", "--endpoint", f"{oxigraph.base}/no-such-endpoint")
    assert run.code == 2
    assert "HTTP 404 Not Found" in run.err
    assert "is this the right URL?" in run.err


def test_a_server_stopped_mid_run_is_a_clear_error(tmp_path, dataset):
    server = start_oxigraph(tmp_path)
    try:
        remote = Endpoint(server.query, graph=None)
        assert remote.query("ASK { }").askAnswer is True
    finally:
        stop_oxigraph(server)
    with pytest.raises(EndpointError, match="connection refused: nothing listens at"):
        remote.query("ASK { }")
    with pytest.raises(EndpointError, match="connection refused"):
        publish_graph(dataset.graph, Store.at(server.query))


def test_a_timeout_is_a_clear_error():
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(2)
        _answer(handler, 200, "application/sparql-results+json", b'{"head": {}, "boolean": true}')

    with http_server(slow) as (url, _):
        started = time.monotonic()
        with pytest.raises(EndpointError) as caught:
            Endpoint(url, timeout=0.3, retry=FAST).query("ASK { }")
        assert time.monotonic() - started < 1.5
    assert (
        caught.value.message
        == f"the SPARQL endpoint {url}: no answer within 0.3 s (timed out; --timeout sets the limit)"
    )


def test_a_page_that_is_not_sparql_is_a_clear_error():
    def page(handler: BaseHTTPRequestHandler) -> None:
        _answer(handler, 200, "text/html", b"<html><body>Welcome</body></html>")

    with http_server(page) as (url, _), pytest.raises(EndpointError, match="answered with text/html, not SPARQL"):
        Endpoint(url).query("ASK { }")


def test_json_that_is_not_sparql_results_is_a_clear_error():
    def not_results(handler: BaseHTTPRequestHandler) -> None:
        _answer(handler, 200, "application/json", b'{"status": "ok"}')

    with http_server(not_results) as (url, _), pytest.raises(EndpointError, match="that is not SPARQL results"):
        Endpoint(url).query("ASK { }")


def test_503_is_retried_with_backoff_and_then_succeeds():
    def flaky(handler: BaseHTTPRequestHandler) -> None:
        if handler.server.calls <= 2:
            _answer(handler, 503, "text/plain", b"warming up")
        else:
            _answer(handler, 200, "application/sparql-results+json", b'{"head": {}, "boolean": true}')

    with http_server(flaky) as (url, server):
        assert Endpoint(url, retry=FAST).query("ASK { }").askAnswer is True
        assert server.calls == 3


def test_retries_are_bounded_and_the_error_names_the_last_status():
    def down(handler: BaseHTTPRequestHandler) -> None:
        _answer(handler, 502, "text/plain", b"upstream is down")

    with http_server(down) as (url, server):
        with pytest.raises(EndpointError) as caught:
            Endpoint(url, retry=FAST).query("ASK { }")
        assert server.calls == FAST.attempts
    assert "failed with a server error (HTTP 502 Bad Gateway): upstream is down (tried 3 times)" in caught.value.message


def test_a_500_is_reported_with_its_message_and_not_retried():
    def broken(handler: BaseHTTPRequestHandler) -> None:
        _answer(handler, 500, "text/plain", b"NullPointerException in the planner")

    with http_server(broken) as (url, server):
        with pytest.raises(EndpointError, match=r"HTTP 500 Internal Server Error\): NullPointerException"):
            Endpoint(url, retry=FAST).query("ASK { }")
        assert server.calls == 1


def test_a_reset_connection_is_retried():
    def reset_once(handler: BaseHTTPRequestHandler) -> None:
        if handler.server.calls == 1:
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.close_connection = True
            handler.connection.close()
            return
        _answer(handler, 200, "application/sparql-results+json", b'{"head": {}, "boolean": false}')

    with http_server(reset_once) as (url, server):
        assert Endpoint(url, retry=FAST).query("ASK { }").askAnswer is False
        assert server.calls == 2


def test_credentials_come_from_the_environment(monkeypatch):
    expected = "Basic " + base64.b64encode(b"reader:s3cret").decode()

    def guarded(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("Authorization") != expected:
            _answer(handler, 401, "text/plain", b"who are you?")
        else:
            _answer(handler, 200, "application/sparql-results+json", b'{"head": {}, "boolean": true}')

    with http_server(guarded) as (url, _):
        monkeypatch.delenv("KGTOOL_ENDPOINT_USER", raising=False)
        monkeypatch.delenv("KGTOOL_ENDPOINT_PASSWORD", raising=False)
        with pytest.raises(EndpointError, match="HTTP 401 Unauthorized.: who are you.; the credentials come from"):
            Endpoint(url).query("ASK { }")
        monkeypatch.setenv("KGTOOL_ENDPOINT_USER", "reader")
        monkeypatch.setenv("KGTOOL_ENDPOINT_PASSWORD", "s3cret")
        assert Endpoint(url).query("ASK { }").askAnswer is True


def test_a_dns_failure_names_the_host():
    # no name is looked up here (the sandbox has no network): the error urllib raises is described
    failure = urllib.error.URLError(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    url = "http://sparql.example.invalid/query"
    error, transient = describe_failure(failure, f"the SPARQL endpoint {url}", urlsplit(url), 30)
    assert not transient
    assert error.message == (
        f"the SPARQL endpoint {url}: cannot resolve the host name 'sparql.example.invalid' "
        "(DNS: Name or service not known)"
    )


def test_bad_endpoint_options_are_usage_errors(kgtool):
    assert "is not an http(s) URL" in kgtool("query", "spinoffs", "--endpoint", "localhost:7878").err
    assert "--graph and --timeout go with --endpoint" in kgtool("query", "spinoffs", "--timeout", "5").err
    assert "expected an absolute IRI" in kgtool("query", "spinoffs", "--endpoint", "http://h/q", "--graph", "x y").err


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    calls = 0


@contextmanager
def http_server(behaviour: Callable[[BaseHTTPRequestHandler], None]) -> Iterator[tuple[str, _Server]]:
    """A real HTTP server on a free port of 127.0.0.1 that answers every POST with ``behaviour``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.server.calls += 1
            behaviour(self)

        def log_message(self, *args) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", server
    finally:
        server.shutdown()
        server.server_close()


def _answer(handler: BaseHTTPRequestHandler, status: int, media: str, body: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", media)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    with suppress(BrokenPipeError):  # the client gave up first (the timeout test)
        handler.wfile.write(body)
