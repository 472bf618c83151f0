"""``kgtool reconcile`` end to end: a real Oxigraph server holding a hand-made graph in Wikidata's shape
(tests/fixtures/wikidata/, made-up QIDs), and tiny local HTTP servers for what a public service may answer
(HTML, broken JSON, 429 with Retry-After)."""

from __future__ import annotations

import csv
import http.server
import io
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from email.utils import formatdate

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL
from rdflib.plugins.sparql import prepareQuery

from kgtool.errors import UsageError
from kgtool.namespaces import CU, RES, WD
from kgtool.query.endpoint import retry_after
from kgtool.reconcile.entities import Entity, parse_kinds, year_of
from kgtool.reconcile.lookup import Candidate, RateLimit, lookup_query, user_agent
from kgtool.reconcile.scoring import ACCEPTED, BELOW, TIE, review, score_one

from conftest import FIXTURES, ROOT

WIKIDATA_FIXTURE = FIXTURES / "wikidata" / "items.ttl"
FAST = ("--rate", "50")


# --- servers -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    """A real ``oxigraph serve`` whose default graph holds the Wikidata-shaped fixture."""
    from oxigraph_server import start_oxigraph, stop_oxigraph

    server = start_oxigraph(tmp_path_factory.mktemp("wikidata"))
    try:
        request = urllib.request.Request(
            f"{server.store}?default",
            data=WIKIDATA_FIXTURE.read_bytes(),
            method="POST",
            headers={"Content-Type": "text/turtle"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.status in (200, 201, 204)
        yield server
    finally:
        stop_oxigraph(server)


@dataclass
class Seen:
    """A request the stub received: when, and with which User-Agent."""

    at: float
    agent: str


@dataclass
class Stub:
    """A local HTTP server answering each POST with ``answer(number, body, headers)`` → (status, headers, body)."""

    answer: Callable[[int, bytes, dict], tuple[int, dict, bytes]]
    seen: list[Seen] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sparql"


@pytest.fixture
def stub():
    """Start a :class:`Stub` with a given answer; every stub is shut down at the end of the test."""
    started: list[Stub] = []

    def start(answer: Callable[[int, bytes, dict], tuple[int, dict, bytes]]) -> Stub:
        state = Stub(answer)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                state.seen.append(Seen(time.monotonic(), self.headers.get("User-Agent", "")))
                status, headers, content = state.answer(len(state.seen), body, dict(self.headers))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def log_message(self, *args) -> None:
                pass

        state.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=state.server.serve_forever, daemon=True).start()
        started.append(state)
        return state

    yield start
    for state in started:
        state.server.shutdown()
        state.server.server_close()


def forward(query_url: str, body: bytes, headers: dict) -> tuple[int, dict, bytes]:
    """Pass a SPARQL request on to the real server and return its answer."""
    wanted = {k: v for k, v in headers.items() if k.lower() in ("content-type", "accept")}
    request = urllib.request.Request(query_url, data=body, method="POST", headers=wanted)
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, {"Content-Type": response.headers["Content-Type"]}, response.read()


# --- end to end, on the real server ------------------------------------------------------------------------------


def by_entity(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["entity"].removeprefix(str(RES)), []).append(row)
    return grouped


@pytest.mark.server
def test_candidates_are_scored_ranked_and_explained(wikidata, kgtool):
    run = kgtool("reconcile", "--endpoint", wikidata.query, "--format", "json", *FAST)
    assert run.code == 0, run.err
    rows = by_entity(json.loads(run.out))

    echo = rows["novel/the-black-echo"]
    assert [(r["qid"], r["score"], r["status"]) for r in echo] == [("Q900002", 100, ACCEPTED), ("Q900003", 45, BELOW)]
    assert echo[0]["why"] == [
        "exact label 'The Black Echo' (+40)",
        "publication date 1992 matches (+30)",
        "class novel (+10)",
        "author Michael Connelly matches (+20)",
    ]
    assert "author Jane Placeholder, not Michael Connelly (+0)" in echo[1]["why"]
    # a Wikidata 'mul' label, a year one off
    ice = rows["novel/the-black-ice"][0]
    assert (ice["qid"], ice["label"], ice["score"], ice["status"]) == ("Q900004", "The Black Ice", 85, ACCEPTED)
    # one title, three items: each entity gets the item of its own class
    for entity, qid in [
        ("novel/the-lincoln-lawyer", "Q900010"),
        ("film/the-lincoln-lawyer", "Q900011"),
        ("series/the-lincoln-lawyer", "Q900012"),
    ]:
        assert (rows[entity][0]["qid"], rows[entity][0]["score"], rows[entity][0]["status"]) == (qid, 100, ACCEPTED)
        assert [r["score"] for r in rows[entity][1:]] == [40, 40]
    # two items for one film: a tie, neither accepted
    assert [(r["qid"], r["status"]) for r in rows["film/blood-work"]] == [("Q900020", TIE), ("Q900021", TIE)]
    # no start time: below the threshold; a human found by an alias only: far below
    assert (rows["series/ballard"][0]["score"], rows["series/ballard"][0]["status"]) == (70, BELOW)
    assert rows["series/bosch"][1]["why"][0] == "alias 'Bosch'@en (+20)"
    # people: by name, class and occupation
    assert (rows["person/maggie-q"][0]["qid"], rows["person/maggie-q"][0]["score"]) == ("Q900050", 100)
    assert [(r["qid"], r["score"]) for r in rows["person/titus-welliver"]] == [("Q900051", 100), ("Q900052", 70)]
    assert "occupation television actor fits actor" in rows["person/titus-welliver"][0]["why"][2]
    # an item of no class the lookup asks for (a place called Ballard) is never a candidate
    assert "Q900070" not in run.out
    assert "entities without a QID" in run.err and "accepted, 1 tie" in run.err


@pytest.mark.server
def test_review_table_options(wikidata, kgtool):
    run = kgtool("reconcile", "--endpoint", wikidata.query, "--class", "series", "--limit", "1", *FAST)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].split() == ["entity", "qid", "label", "score", "status", "why"]
    body = [line for line in lines[2:] if line.startswith("res:")]
    assert [line.split()[0] for line in body] == [
        "res:series/ballard",
        "res:series/bosch",
        "res:series/the-lincoln-lawyer",
    ]
    assert "Q900030  Bosch               100    accepted" in run.out
    assert "novel" not in run.out

    run = kgtool(
        "reconcile",
        "--endpoint",
        wikidata.query,
        "--class",
        "series",
        "--min-score",
        "60",
        "--format",
        "csv",
        "--missing",
        *FAST,
    )
    assert run.code == 0, run.err
    table = list(csv.DictReader(io.StringIO(run.out)))
    ballard = [r for r in table if r["entity"].endswith("series/ballard")]
    assert [(r["qid"], r["score"], r["status"]) for r in ballard] == [("Q900040", "70", ACCEPTED)]
    avalon = [r for r in table if r["entity"].endswith("series/avalon")]
    assert [(r["qid"], r["status"]) for r in avalon] == [("", "no candidate")]


@pytest.mark.server
def test_entities_with_a_qid_are_not_looked_up(wikidata, kgtool, tmp_path):
    known = tmp_path / "known.ttl"
    known.write_text(
        f'<{RES}person/maggie-q> <{CU}wikidataId> "Q900050" ; <{OWL.sameAs}> <{WD}Q900050> .\n'
        f"<{RES}person/titus-welliver> <{OWL.sameAs}> <{WD}Q900051> .\n"
    )
    run = kgtool("reconcile", str(known), "--endpoint", wikidata.query, "--class", "person", "--format", "json", *FAST)
    assert run.code == 0, run.err
    rows = by_entity(json.loads(run.out))
    assert "person/maggie-q" not in rows and "person/titus-welliver" not in rows
    assert rows["person/michael-connelly"][0]["qid"] == "Q900001"


@pytest.mark.server
@pytest.mark.slow
def test_write_gives_turtle_that_validates(wikidata, kgtool, tmp_path):
    links = tmp_path / "wikidata-links.ttl"
    run = kgtool("reconcile", "--endpoint", wikidata.query, "--write", str(links), *FAST)
    assert run.code == 0, run.err
    assert f"wrote 9 accepted links to {links}" in run.err
    text = links.read_text()
    assert text.startswith("# Wikidata links proposed by 'kgtool reconcile'")
    graph = Graph().parse(data=text, format="turtle")
    expected = {
        "novel/the-black-echo": "Q900002",
        "novel/the-black-ice": "Q900004",
        "novel/the-lincoln-lawyer": "Q900010",
        "film/the-lincoln-lawyer": "Q900011",
        "series/the-lincoln-lawyer": "Q900012",
        "series/bosch": "Q900030",
        "person/maggie-q": "Q900050",
        "person/titus-welliver": "Q900051",
        "person/michael-connelly": "Q900001",
    }
    # ties (Blood Work) and scores below the threshold (Ballard) are left out
    assert len(graph) == 3 * len(expected)
    for slug, qid in expected.items():
        entity = RES[slug]
        assert graph.value(entity, CU.wikidataId) == Literal(qid)
        assert graph.value(entity, OWL.sameAs) == WD[qid]
        assert graph.value(entity, DCTERMS.source) == URIRef(f"https://www.wikidata.org/wiki/{qid}")
    assert (RES["film/blood-work"], None, None) not in graph
    assert (RES["series/ballard"], None, None) not in graph
    assert "# res:novel/the-black-ice -> Q900004 (The Black Ice), score 85:" in text

    check = kgtool("check", str(links))
    assert check.code == 0, check.out + check.err
    assert "0 violations" in check.out
    validate = kgtool("validate", str(links))
    assert validate.code == 0, validate.out + validate.err


def test_write_refuses_the_data_folder(kgtool):
    for target in ("data/wikidata-links.ttl", str(ROOT / "data" / "novels.ttl"), "data"):
        run = kgtool("reconcile", "--endpoint", "http://127.0.0.1:9/sparql", "--write", target)
        assert run.code == 2
        assert "refusing to write into data/" in run.err and "Traceback" not in run.err
    assert not (ROOT / "data" / "wikidata-links.ttl").exists()


# --- failures: unreachable, malformed, throttled -------------------------------------------------------------------


@pytest.mark.server
def test_unreachable_endpoint_exits_2(kgtool):
    from oxigraph_server import free_port

    url = f"http://127.0.0.1:{free_port()}/sparql"
    run = kgtool("reconcile", "--endpoint", url, "--class", "film", *FAST)
    assert run.code == 2
    assert run.err.strip() == (
        f"kgtool: error: the SPARQL endpoint {url}: connection refused: nothing listens at "
        f"{url.split('/')[2]} (is the server running?)"
    )


@pytest.mark.server
@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        (
            "text/html",
            b"<html><body><h1>Welcome</h1></body></html>",
            "answered with text/html, not SPARQL JSON results",
        ),
        ("application/sparql-results+json", b'{"head": {"vars": ["item"', "that is not SPARQL results"),
        (
            "application/sparql-results+json",
            b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}',
            "answered results without the ?text and ?item columns",
        ),
    ],
    ids=["html", "broken-json", "wrong-columns"],
)
def test_malformed_answers_exit_2(stub, kgtool, content_type, body, expected):
    server = stub(lambda n, _body, _headers: (200, {"Content-Type": content_type}, body))
    run = kgtool("reconcile", "--endpoint", server.url, "--class", "film", *FAST)
    assert run.code == 2, run.out
    assert run.err.startswith(f"kgtool: error: the SPARQL endpoint {server.url}")
    assert expected in run.err and "Traceback" not in run.err
    assert len(server.seen) == 1, "a malformed answer is not tried again"


@pytest.mark.server
def test_429_is_retried_after_retry_after(wikidata, stub, kgtool):
    def answer(number: int, body: bytes, headers: dict) -> tuple[int, dict, bytes]:
        if number == 1:
            return 429, {"Retry-After": "2", "Content-Type": "text/plain"}, b"Too many requests, slow down"
        return forward(wikidata.query, body, headers)

    server = stub(answer)
    run = kgtool("reconcile", "--endpoint", server.url, "--class", "film", "--format", "json", *FAST)
    assert run.code == 0, run.err
    assert len(server.seen) == 2
    waited = server.seen[1].at - server.seen[0].at
    assert waited >= 1.9, f"the retry came {waited:.2f} s after the 429, not after the 2 s Retry-After"
    assert "in 2 requests (1 batch)" in run.err
    assert by_entity(json.loads(run.out))["film/the-lincoln-lawyer"][0]["qid"] == "Q900011"
    agent = server.seen[0].agent
    assert agent.startswith("kgtool/") and "connelly-kg" in agent and "https://w3id.org/connelly/" in agent


@pytest.mark.server
def test_a_retry_after_too_long_fails_at_once(stub, kgtool):
    server = stub(lambda n, _b, _h: (429, {"Retry-After": "3600", "Content-Type": "text/plain"}, b"Rate limited"))
    started = time.monotonic()
    run = kgtool("reconcile", "--endpoint", server.url, "--class", "film", *FAST)
    assert run.code == 2
    assert "HTTP 429 Too Many Requests" in run.err and "asks to wait 3600 s" in run.err
    # one request, no retry, and no waiting: the bound is far below the 3600 s asked for, far above a loaded
    # machine's start-up time (a timing goal belongs in bench/, not here)
    assert len(server.seen) == 1 and time.monotonic() - started < 300


@pytest.mark.server
def test_requests_are_batched_and_rate_limited(wikidata, stub, kgtool):
    server = stub(lambda n, body, headers: forward(wikidata.query, body, headers))
    run = kgtool("reconcile", "--endpoint", server.url, "--class", "novel", "--batch-size", "40", "--rate", "4")
    assert run.code == 0, run.err
    # 42 novels, each by its English label as @en and @mul and its French label: 125 distinct labels, 40 a request
    assert len(server.seen) == 4 and "125 labels looked up in 4 requests (4 batches)" in run.err
    gaps = [b.at - a.at for a, b in zip(server.seen, server.seen[1:], strict=False)]
    assert min(gaps) >= 0.24, f"requests {gaps} apart: more than 4 per second"
    assert "Q900002" in run.out


# --- the parts, without a server ---------------------------------------------------------------------------------


def entity(kind: str, year: int | None = None, **extra) -> Entity:
    return Entity(RES[f"{kind}/x"], kind, "X", (Literal("X", lang="en"),), year, **extra)


def candidate(qid: str = "Q1", text: Literal | None = None, via: str = "label", **extra) -> Candidate:
    return Candidate(qid, Literal("X", lang="en") if text is None else text, via, "X", **extra)


def test_scores_add_up_to_100_for_a_perfect_match():
    novel = entity("novel", 1992, authors=("Michael Connelly",))
    found = candidate(classes=frozenset({"Q8261"}), dates=("1992-01-21T00:00:00Z",), authors=("Michael Connelly",))
    assert score_one(novel, found).score == 100
    series = entity("series", 2014)
    assert score_one(series, candidate(classes=frozenset({"Q5398426"}), starts=("2014-02-06T00:00:00Z",))).score == 100
    person = entity("person", occupations=frozenset({"Q33999"}), parts=("actor",))
    scored = score_one(person, candidate(classes=frozenset({"Q5"}), occupations=frozenset({"Q33999", "Q177220"})))
    assert scored.score == 100 and scored.why.endswith("occupation actor fits actor (+30)")


def test_label_year_and_class_parts():
    film = entity("film", 2011)
    french = score_one(film, candidate(text=Literal("X", lang="fr"), classes=frozenset({"Q11424"}), dates=("2010",)))
    assert french.reasons == (
        "French label 'X' (+25)",
        "publication date 2010 is one year from 2011 (+15)",
        "class film (+30)",
    )
    assert score_one(entity("film"), candidate(classes=frozenset({"Q5"}))).reasons == (
        "exact label 'X' (+40)",
        "no year in the graph (+0)",
        "class human, not film (+0)",
    )


def test_ties_and_threshold():
    film = entity("film", 2002)
    same = {"classes": frozenset({"Q11424"}), "dates": ("2002",)}
    tied = review(film, [candidate("Q2", **same), candidate("Q3", **same)], 80)
    assert [s.status for s in tied.candidates] == [TIE, TIE] and tied.accepted is None
    ranked = review(film, [candidate("Q3", classes=frozenset({"Q11424"})), candidate("Q2", **same)], 80)
    assert [(s.candidate.qid, s.score, s.status) for s in ranked.candidates] == [
        ("Q2", 100, ACCEPTED),
        ("Q3", 70, BELOW),
    ]
    assert review(film, [candidate("Q3", classes=frozenset({"Q11424"}))], 70).accepted.candidate.qid == "Q3"


def test_lookup_query_is_sparql_and_escapes_labels():
    text = lookup_query([Literal('Say "hi"\\now', lang="en"), Literal("Créance de sang", lang="fr")])
    prepareQuery(text)
    assert '"Say \\"hi\\"\\\\now"@en' in text and '"Créance de sang"@fr' in text


def test_helpers():
    assert [year_of(v) for v in ("1992", "1992-01-21", "1992-01-21T00:00:00Z", "+2014-02-06T00:00:00Z", "")] == [
        1992,
        1992,
        1992,
        2014,
        None,
    ]
    assert parse_kinds("all") == ("novel", "series", "film", "person") and parse_kinds("film") == ("film",)
    with pytest.raises(UsageError):
        parse_kinds("book")
    with pytest.raises(UsageError):
        RateLimit(0)
    assert user_agent("mailto:someone@example.org").endswith(
        "(connelly-kg reconcile; +mailto:someone@example.org) SPARQLWrapper"
    )


def test_retry_after_reads_seconds_and_http_dates():
    def error(value: str) -> urllib.error.HTTPError:
        headers = Message()
        headers["Retry-After"] = value
        return urllib.error.HTTPError("http://example.org/", 429, "Too Many Requests", headers, None)

    assert retry_after(error("7")) == 7.0
    assert 25 <= retry_after(error(formatdate(time.time() + 30, usegmt=True))) <= 31
    assert retry_after(error("soon")) is None
    assert retry_after(ValueError("not HTTP")) is None


def test_rate_limit_spaces_calls():
    limit = RateLimit(20)
    started = time.monotonic()
    for _ in range(5):
        limit.wait()
    assert time.monotonic() - started >= 0.19 and limit.calls == 5
