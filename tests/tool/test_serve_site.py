"""kgtool serve: the site, the SPARQL endpoint and the saved-query API from one real process."""

from __future__ import annotations

import concurrent.futures
import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from oxigraph_server import free_port
from rdflib import Graph

from kgtool.query.examples import example_params
from kgtool.query.registry import registry

from conftest import ROOT

pytestmark = pytest.mark.server
READY_LINE = "Press Ctrl-C to stop."
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"


class Served:
    """A running ``kgtool serve`` process and its base URL."""

    def __init__(self, *args: str, root: Path | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kgtool", "serve", "--port", str(self.port), *args],
            cwd=ROOT,
            env={**os.environ, "KGTOOL_ROOT": str(root)} if root is not None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        self.lines = []
        while READY_LINE not in self.lines:
            line = self.process.stdout.readline()
            if not line or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"kgtool serve did not start: {self.lines} {self.process.stderr.read()}")
            self.lines.append(line.strip())

    def children(self) -> list[int]:
        """The process ids of the processes kgtool started (its Oxigraph server)."""
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            found += [int(pid) for pid in (task / "children").read_text().split()]
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def request(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) of one request; redirects are not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=data, method=method, headers=headers or {}), timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def served(built_site):
    server = Served("--site", str(built_site), "--query-timeout", "3")
    yield server
    server.stop()


def test_serve_announces_the_site_the_endpoint_and_the_api(served):
    assert f"site             {served.base}/" in served.lines
    assert f"saved queries    {served.base}/api/queries (OpenAPI: {served.base}/api/openapi.json)" in served.lines
    status, headers, body = request(f"{served.base}/resource/novel/the-black-echo.html")
    assert status == 200 and headers.get_content_type() == "text/html"
    assert "Les Égouts de Los Angeles" in body.decode()


def test_the_api_answers_as_the_cli_for_every_saved_query(served, kgtool):
    saved = registry(ROOT)
    listed = json.loads(request(f"{served.base}/api/queries")[2])
    assert sorted(q["name"] for q in listed) == sorted(saved)
    spec = json.loads(request(f"{served.base}/api/openapi.json")[2])
    assert spec["openapi"].startswith("3.") and f"/api/query/{'cast'}" in spec["paths"]
    for name, query in saved.items():
        params = example_params(query)
        cli_args = [arg for key, value in params.items() for arg in ("--param", f"{key}={value}")]
        url = f"{served.base}/api/query/{name}?{urllib.parse.urlencode(params)}"
        status, headers, body = request(url, headers={"Accept": "application/sparql-results+json"})
        assert status == 200, (name, body)
        run = kgtool("query", name, *cli_args, "--format", "json")
        assert run.code == 0, run.err
        if not run.out.lstrip().startswith('{"head"'):  # a graph (CONSTRUCT): JSON-LD on both sides
            api_graph = Graph().parse(data=body, format="json-ld")
            cli_graph = Graph().parse(data=run.out, format="json-ld")
            assert len(api_graph) == len(cli_graph), name
            continue
        assert comparable_json(body) == comparable_json(run.out), name
        if "boolean" not in json.loads(body):
            status, headers, body = request(url + "&format=csv")
            assert headers.get_content_type() == "text/csv"
            run = kgtool("query", name, *cli_args, "--format", "csv")
            assert comparable_rows(csv.reader(io.StringIO(body.decode()))) == comparable_rows(
                csv.reader(io.StringIO(run.out.rstrip("\n")))
            ), name
            status, headers, body = request(url, headers={"Accept": "text/tab-separated-values"})
            run = kgtool("query", name, *cli_args, "--format", "tsv")
            assert comparable_rows(line.split("\t") for line in body.decode().splitlines()) == comparable_rows(
                line.split("\t") for line in run.out.rstrip("\n").splitlines()
            ), name


def _cell(text: str) -> str:
    """GROUP_CONCAT leaves the order of the values it joins to the engine's run: compare them sorted."""
    for separator in ("; ", ", "):
        if separator in text:
            return separator.join(sorted(text.split(separator)))
    return text


def comparable_rows(rows) -> tuple:
    rows = [tuple(_cell(cell) for cell in row) for row in rows]
    return (rows[0] if rows else (), Counter(rows[1:]))


def comparable_json(text: str | bytes) -> object:
    answer = json.loads(text)
    if "boolean" in answer:
        return answer
    rows = [
        tuple(sorted((k, v["type"], _cell(v["value"]), v.get("xml:lang"), v.get("datatype")) for k, v in b.items()))
        for b in answer["results"]["bindings"]
    ]
    return answer["head"], Counter(rows)


def test_a_bad_parameter_is_a_400_with_the_cli_message(served, kgtool):
    status, _, body = request(f"{served.base}/api/query/cast?series=Balard")
    run = kgtool("query", "cast", "--param", "series=Balard")
    assert status == 400
    assert body.decode().strip() == run.err.strip().removeprefix("kgtool: error: ")
    assert request(f"{served.base}/api/query/cast")[0] == 400  # a required parameter missing
    assert request(f"{served.base}/api/query/no-such-query")[0] == 404


def test_writes_are_refused_by_default(served):
    update = b"INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    form = {"Content-Type": "application/sparql-update"}
    assert request(f"{served.base}/update", "POST", update, form)[0] == 403
    turtle = {"Content-Type": "text/turtle"}
    for method in ("PUT", "POST", "DELETE"):
        assert request(f"{served.base}/store?default", method, b"<urn:x:a> <urn:x:b> <urn:x:c> .", turtle)[0] == 403
    ask = urllib.parse.quote("ASK { <urn:x:a> ?p ?o }")
    assert json.loads(request(f"{served.base}/query?query={ask}")[2])["boolean"] is False
    status, _, body = request(
        f"{served.base}/store?graph=https://w3id.org/connelly/graph", headers={"Accept": "text/turtle"}
    )
    assert status == 200 and len(Graph().parse(data=body, format="turtle")) > 7000


def test_the_resource_iris_are_negotiated(served):
    iri = f"{served.base}/resource/novel/the-black-echo"
    assert request(iri, headers={"Accept": "text/turtle"})[1]["Location"] == "/resource/novel/the-black-echo.ttl"
    assert request(iri, headers={"Accept": "application/ld+json"})[1]["Location"].endswith(".jsonld")
    status, headers, _ = request(iri, headers={"Accept": "text/html", "Accept-Language": "fr-FR,fr;q=0.9"})
    assert status == 303 and headers["Location"] == "/fr/resource/novel/the-black-echo.html"
    status, headers, body = request(iri + ".ttl")
    assert headers.get_content_type() == "text/turtle" and len(Graph().parse(data=body, format="turtle")) > 20


def test_a_query_that_runs_too_long_is_stopped_with_a_clear_error(served):
    started = time.monotonic()
    status, _, body = request(f"{served.base}/query?query={urllib.parse.quote(SLOW_QUERY)}")
    assert status == 503
    assert "ran longer than 3 s and was stopped (--query-timeout)" in body.decode()
    assert time.monotonic() - started < 20


def test_an_abandoned_query_leaves_the_server_answering(served):
    with socket.create_connection(("127.0.0.1", served.port)) as client:
        client.sendall(f"GET /query?query={urllib.parse.quote(SLOW_QUERY)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    status, _, body = request(f"{served.base}/query?query={urllib.parse.quote('ASK {}')}")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_a_burst_of_concurrent_requests_is_served_without_errors(served):
    urls = [
        f"{served.base}/api/query/cast?series=Ballard",
        f"{served.base}/api/query/novels?series=Harry%20Bosch%20series&lang=fr&format=csv",
        f"{served.base}/query?query={urllib.parse.quote('SELECT * WHERE { ?s a ?o } LIMIT 50')}",
        f"{served.base}/resource/series/bosch.html",
        f"{served.base}/search-index.js",
    ] * 12  # several API requests at once: rdflib's SPARQL parser must not be entered by two threads
    with concurrent.futures.ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(lambda url: request(url)[0], urls))
    assert statuses == [200] * len(urls)


def test_the_plain_query_page_runs_a_query_in_chromium(served, browser):
    page = browser.new_page()
    outside = []
    page.route(
        lambda url: not url.startswith(served.base), lambda route: (outside.append(route.request.url), route.abort())
    )
    page.goto(f"{served.base}/sparql-plain.html")
    assert "PREFIX cu: <https://w3id.org/connelly/ontology#>" in page.locator("#sparql").input_value()
    page.locator("#example").select_option("spinoffs")
    assert "spinOffOf" in page.locator("#sparql").input_value()
    page.get_by_role("button", name="Run").click()
    page.locator("#answer table tbody tr").first.wait_for()
    assert "Bosch: Legacy" in page.locator("#answer").inner_text()
    assert outside == []
    page.close()


def test_writable_serves_updates_but_never_from_another_origin():
    server = Served("--no-site", "--writable")
    try:
        update = b"INSERT DATA { GRAPH <https://w3id.org/connelly/graph> { <urn:x:a> <urn:x:b> <urn:x:c> } }"
        headers = {"Content-Type": "application/sparql-update"}
        foreign = {**headers, "Origin": "http://elsewhere.example"}
        assert request(f"{server.base}/update", "POST", update, foreign)[0] == 403
        assert request(f"{server.base}/update", "POST", update, headers)[0] in (200, 204)
        ask = urllib.parse.quote("ASK { <urn:x:a> ?p ?o }")
        assert json.loads(request(f"{server.base}/query?query={ask}")[2])["boolean"] is True
        status, headers, _ = request(f"{server.base}/update", "OPTIONS", headers={"Origin": "http://elsewhere.example"})
        assert status == 403 and "Access-Control-Allow-Origin" not in headers
    finally:
        server.stop()


def test_killing_kgtool_serve_stops_the_oxigraph_server_it_started():
    server = Served("--no-site")
    children = server.children()
    assert len(children) >= 2  # the Oxigraph server and a query worker (started from another thread)
    server.process.kill()  # SIGKILL: kgtool cannot clean up; the kernel must stop its child
    server.process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in children):
        assert time.monotonic() < deadline, "the Oxigraph server outlived kgtool serve"
        time.sleep(0.1)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def test_serve_refuses_a_folder_that_is_not_a_site(tmp_path):
    from conftest import run_process

    run = run_process("serve", "--site", str(tmp_path), "--port", str(free_port()))
    assert run.code == 2 and "no index.html there" in run.err
    assert os.path.isdir(tmp_path)


def test_the_query_page_is_yasgui_with_the_saved_queries_and_asks_no_other_host(served, browser):
    saved = registry(ROOT)
    page = browser.new_page()
    outside, failures = [], []
    page.route(
        lambda url: not url.startswith(served.base), lambda route: (outside.append(route.request.url), route.abort())
    )
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.on("requestfailed", lambda failed: failures.append(failed.url))
    page.goto(f"{served.base}/sparql.html")
    page.locator(".yasgui .tabsList").wait_for()
    current = "window.kgtoolYasgui.yasgui.getTab()"
    assert "PREFIX cu: <https://w3id.org/connelly/ontology#>" in page.evaluate(f"{current}.getQuery()")
    assert page.evaluate(f"{current}.getEndpoint()") == f"{served.base}/query"
    listed = page.locator("#saved-queries button.saved-query")
    assert sorted(listed.all_inner_texts()) == sorted(saved)
    page.locator("#saved-queries details").first.click()  # each description is on the page
    assert (
        saved[listed.first.inner_text()].description.split()[0] in page.locator("#saved-queries li").first.inner_text()
    )
    page.locator('button.saved-query[data-name="spinoffs"]').click()
    assert page.evaluate(f"{current}.getName()") == "spinoffs"
    assert page.evaluate(f"{current}.getQuery()") == saved["spinoffs"].text
    page.locator(".tabPanel.active .yasqe_queryButton").click()
    page.locator(".tabPanel.active .yasr table tbody tr").first.wait_for()
    headings = page.locator(".tabPanel.active .yasr table thead th").all_inner_texts()
    assert "seriesTitle" in " ".join(headings)
    assert "Bosch: Legacy" in page.locator(".tabPanel.active .yasr table tbody").inner_text()
    assert outside == [] and failures == []
    assert page.locator("#plain-link").get_attribute("href") == "sparql-plain.html"
    page.close()


def test_yasgui_is_served_without_a_site_too():
    server = Served("--no-site")
    try:
        status, headers, body = request(f"{server.base}/sparql.html")
        assert status == 200 and b"assets/yasgui.min.js" in body and b"sparql-plain.html" in body
        status, headers, body = request(f"{server.base}/assets/yasgui.min.js")
        assert status == 200 and headers.get_content_type() == "text/javascript" and len(body) > 500_000
        assert request(f"{server.base}/assets/yasgui.LICENSE")[0] == 200
        assert b'id="sparql-form"' in request(f"{server.base}/sparql-plain.html")[2]
    finally:
        server.stop()


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backend_cpu(server: Served, seen: set[int]) -> float:
    """The CPU time of every server process kgtool serve runs now (its Oxigraph servers)."""
    seen.update(server.children())
    return sum(_cpu_seconds(pid) for pid in server.children())


def test_an_abandoned_aggregating_query_stops_using_the_cpu_when_its_client_leaves():
    server = Served("--no-site", "--query-timeout", "120")  # far off: only the disconnect can stop the query
    try:
        seen: set[int] = set()
        idle = _backend_cpu(server, seen)
        client = socket.create_connection(("127.0.0.1", server.port))
        client.sendall(f"GET /query?query={urllib.parse.quote(SLOW_QUERY)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        deadline = time.monotonic() + 20
        while _backend_cpu(server, seen) < idle + 0.5:  # the query runs on a real Oxigraph server
            assert time.monotonic() < deadline, "the aggregating query did not start"
            time.sleep(0.1)
        client.close()
        time.sleep(1.5)  # the front notices a gone client within 0.25 s
        before = _backend_cpu(server, seen)
        time.sleep(3)
        assert _backend_cpu(server, seen) - before < 0.3, "the abandoned query kept running"
        status, _, body = request(f"{server.base}/query?query={urllib.parse.quote('ASK {}')}")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        server.stop()
    assert not any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in seen)


def test_a_query_stopped_at_the_timeout_stops_using_the_cpu(served):
    seen: set[int] = set()
    status, _, body = request(f"{served.base}/query?query={urllib.parse.quote(SLOW_QUERY)}")
    assert status == 503 and "--query-timeout" in body.decode()
    time.sleep(0.5)
    before = _backend_cpu(served, seen)
    time.sleep(2)
    assert _backend_cpu(served, seen) - before < 0.3


SLOW_SAVED_QUERY = f"""#+ summary: Counts every triple three times over, slow on purpose to test the timeout
{SLOW_QUERY}
"""


@pytest.fixture(scope="module")
def slow_root(tmp_path_factory):
    """The project, with one more saved query in queries/: ``slow``, an aggregate that runs for minutes."""
    root = tmp_path_factory.mktemp("project")
    for entry in ROOT.iterdir():
        if entry.name not in ("queries", ".git") and not entry.name.startswith(".cache"):
            (root / entry.name).symlink_to(entry)
    (root / "queries").mkdir()
    for query in (ROOT / "queries").glob("*.rq"):
        (root / "queries" / query.name).symlink_to(query)
    (root / "queries" / "slow.rq").write_text(SLOW_SAVED_QUERY, encoding="utf-8")
    return root


def _send_and_leave(server: Served, target: str) -> None:
    """Send ``GET target``, wait until the backend works on it, close the connection; the CPU must stop at once."""
    seen: set[int] = set()
    idle = _backend_cpu(server, seen)
    client = socket.create_connection(("127.0.0.1", server.port))
    client.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    deadline = time.monotonic() + 20
    while _backend_cpu(server, seen) < idle + 0.5:  # the query runs on a real Oxigraph server
        assert time.monotonic() < deadline, f"{target}: the aggregating query did not start"
        time.sleep(0.1)
    client.close()
    _assert_cpu_stops(server, f"{target}: the abandoned query kept running")


def _assert_cpu_stops(server: Served, message: str) -> None:
    time.sleep(1.5)  # the front notices a gone client within 0.25 s
    seen: set[int] = set()
    before = _backend_cpu(server, seen)
    time.sleep(3)
    assert _backend_cpu(server, seen) - before < 0.3, message
    status, _, body = request(f"{server.base}/query?query={urllib.parse.quote('ASK {}')}")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_an_abandoned_saved_query_stops_using_the_cpu_when_its_client_leaves(slow_root):
    server = Served("--no-site", "--query-timeout", "120", root=slow_root)  # only the disconnect can stop it
    try:
        assert "slow" in [q["name"] for q in json.loads(request(f"{server.base}/api/queries")[2])]
        _send_and_leave(server, "/api/query/slow?format=csv")
        status, _, body = request(f"{server.base}/api/query/cast?series=Ballard&format=csv")
        assert status == 200 and "Renée Ballard" in body.decode()
    finally:
        server.stop()


def test_a_saved_query_stopped_at_the_timeout_is_a_503_and_stops_using_the_cpu(slow_root):
    server = Served("--no-site", "--query-timeout", "3", root=slow_root)
    try:
        started = time.monotonic()
        status, _, body = request(f"{server.base}/api/query/slow")
        assert status == 503
        assert "ran longer than 3 s and was stopped (--query-timeout)" in body.decode()
        assert time.monotonic() - started < 20
        _assert_cpu_stops(server, "the saved query kept running past its timeout")
    finally:
        server.stop()


def test_writable_stops_abandoned_queries_and_its_queries_see_every_write(slow_root):
    server = Served("--no-site", "--writable", "--query-timeout", "120", root=slow_root)
    try:
        _send_and_leave(server, f"/query?query={urllib.parse.quote(SLOW_QUERY)}")
        _send_and_leave(server, "/api/query/slow")
        ask = f"{server.base}/query?query={urllib.parse.quote('ASK { <urn:x:a> <urn:x:b> ?o }')}"
        graph = "https://w3id.org/connelly/graph"
        for value in range(3):  # each write is seen by the next query (a worker started after it)
            update = f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:a> <urn:x:b> {value} }} }}".encode()
            assert request(f"{server.base}/update", "POST", update, {"Content-Type": "application/sparql-update"})[
                0
            ] in (200, 204)
            count = urllib.parse.quote("SELECT (COUNT(*) AS ?n) { <urn:x:a> <urn:x:b> ?o }")
            body = request(f"{server.base}/query?query={count}", headers={"Accept": "text/csv"})[2]
            assert body.decode().split() == ["n", str(value + 1)]
        assert json.loads(request(ask)[2])["boolean"] is True
        assert request(f"{server.base}/api/query/cast?series=Ballard&format=csv")[0] == 200
        turtle = {"Content-Type": "text/turtle"}
        assert request(f"{server.base}/store?graph={graph}", "PUT", b"<urn:x:c> <urn:x:d> 1 .", turtle)[0] in (
            200,
            201,
            204,
        )
        assert json.loads(request(ask)[2])["boolean"] is False  # the graph was replaced
        status, _, body = request(f"{server.base}/api/query/cast?series=Ballard&format=csv")
        assert status == 400 and "Ballard" in body.decode(), body  # the saved query sees the new graph: no series
    finally:
        server.stop()
