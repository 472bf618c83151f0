"""kgtool publish: the graph into a real Oxigraph store, in batches, verified, idempotent, refused when invalid.

Each test publishes into a graph of its own in the session's Oxigraph server (the ``oxigraph`` fixture).
"""

from __future__ import annotations

import pytest
from oxigraph_server import start_oxigraph, stop_oxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgtool.errors import EndpointError, UsageError
from kgtool.publish.graph_store import Store, batches, count_triples, fingerprint, publish_graph
from kgtool.query.endpoint import Endpoint

from conftest import FIXTURES

pytestmark = pytest.mark.server  # every test here talks to a real server it starts

GRAPH = "urn:kgtool-test:"


def stored(oxigraph, graph: str) -> Graph:
    """What the store holds in ``graph``."""
    return Endpoint(oxigraph.query, graph=graph).query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph


def count(oxigraph, graph: str) -> int:
    """The triple count the store reports for ``graph``."""
    return count_triples(Endpoint(oxigraph.query, graph=graph))


def test_publish_sends_every_triple_and_verifies_the_count(oxigraph, dataset):
    graph = GRAPH + "whole"
    outcome = publish_graph(dataset.graph, Store.at(oxigraph.query, graph=graph))
    assert outcome.triples == outcome.stored == len(dataset.graph)
    assert outcome.batches == 1
    assert outcome.via == f"the Graph Store Protocol at {oxigraph.store}"
    assert isomorphic(stored(oxigraph, graph), dataset.graph)  # blank nodes included


def test_publishing_the_same_data_twice_leaves_the_same_store(oxigraph, dataset):
    graph = GRAPH + "idempotent"
    store = Store.at(oxigraph.query, graph=graph)
    first = publish_graph(dataset.graph, store, batch_size=700)
    second = publish_graph(dataset.graph, store, batch_size=700)
    assert first.batches > 1
    assert second.batches == 0
    assert second.describe() == f"<{graph}> already holds these {len(dataset.graph)} triples: nothing to publish"
    assert count(oxigraph, graph) == len(dataset.graph)
    third = publish_graph(dataset.graph, store, replace=True, batch_size=700)  # rewritten, still the same
    assert third.batches == first.batches
    assert count(oxigraph, graph) == len(dataset.graph)
    assert isomorphic(stored(oxigraph, graph), dataset.graph)


def test_a_graph_holding_other_data_is_only_swapped_with_replace(oxigraph, dataset):
    graph = GRAPH + "replace"
    store = Store.at(oxigraph.query, graph=graph)
    old = Graph()
    old.add((URIRef("urn:old:a"), URIRef("urn:old:p"), Literal("stale")))
    old.add((URIRef("urn:old:b"), URIRef("urn:old:p"), BNode()))
    publish_graph(old, store)
    with pytest.raises(UsageError, match=f"<{graph}> already holds 2 triples that differ from this data; --replace"):
        publish_graph(dataset.graph, store)
    assert isomorphic(stored(oxigraph, graph), old)
    outcome = publish_graph(dataset.graph, store, replace=True)
    assert outcome.stored == len(dataset.graph)
    assert isomorphic(stored(oxigraph, graph), dataset.graph)


def test_batches_keep_each_blank_node_in_one_request(dataset):
    chunks = batches(dataset.graph, 250)
    assert sum(len(c) for c in chunks) == len(dataset.graph)
    assert len(chunks) >= len(dataset.graph) // 250
    where: dict[BNode, set[int]] = {}
    for index, chunk in enumerate(chunks):
        for triple in chunk:
            for node in (triple[0], triple[2]):
                if isinstance(node, BNode):
                    where.setdefault(node, set()).add(index)
    assert where  # the graph has blank nodes (series entries)
    assert all(len(indexes) == 1 for indexes in where.values())
    assert [len(c) for c in batches(dataset.graph, 250)] == [len(c) for c in chunks]  # a stable split


def test_the_fingerprint_tells_isomorphic_graphs_from_rewired_ones(dataset):
    reread = Graph().parse(data=dataset.graph.serialize(format="nt"), format="nt")  # new blank node names
    assert fingerprint(reread) == fingerprint(dataset.graph)
    p, q, r = URIRef("urn:p"), URIRef("urn:q"), URIRef("urn:r")

    def graph(*triples) -> Graph:
        made = Graph()
        for triple in triples:
            made.add(triple)
        return made

    a, b, c, d = BNode(), BNode(), BNode(), BNode()
    one = graph((URIRef("urn:x"), p, a), (a, q, Literal("1")), (URIRef("urn:y"), p, b), (b, q, Literal("2")))
    rewired = graph((URIRef("urn:x"), p, a), (a, q, Literal("2")), (URIRef("urn:y"), p, b), (b, q, Literal("1")))
    assert len(one) == len(rewired)
    assert fingerprint(one) != fingerprint(rewired)
    same = graph((URIRef("urn:y"), p, d), (d, q, Literal("2")), (URIRef("urn:x"), p, c), (c, q, Literal("1")))
    assert fingerprint(one) == fingerprint(same)
    # connected blank nodes (a chain) are compared in rdflib's canonical form
    chain = graph((URIRef("urn:x"), p, a), (a, r, b), (b, q, Literal("end")))
    renamed = graph((URIRef("urn:x"), p, c), (c, r, d), (d, q, Literal("end")))
    reversed_chain = graph((URIRef("urn:x"), p, c), (d, r, c), (d, q, Literal("end")))
    assert fingerprint(chain) == fingerprint(renamed)
    assert fingerprint(chain) != fingerprint(reversed_chain)


def test_a_store_without_graph_store_protocol_gets_sparql_update(oxigraph, dataset):
    graph = GRAPH + "update"
    store = Store.at(oxigraph.query, store_url=f"{oxigraph.base}/no-graph-store-here", graph=graph)
    outcome = publish_graph(dataset.graph, store, batch_size=1000)
    assert outcome.via == f"SPARQL Update at {oxigraph.update}"
    assert outcome.batches > 1
    assert isomorphic(stored(oxigraph, graph), dataset.graph)
    again = publish_graph(dataset.graph, store, replace=True, batch_size=1000)  # CLEAR, then INSERT DATA
    assert again.stored == len(dataset.graph)


def test_the_default_graph_can_be_the_target(tmp_path, dataset):
    server = start_oxigraph(tmp_path)
    try:
        outcome = publish_graph(dataset.graph, Store.at(server.query, graph=None))
        assert outcome.describe().startswith(f"published {len(dataset.graph)} triples to the default graph")
        assert count_triples(Endpoint(server.query, graph=None)) == len(dataset.graph)
    finally:
        stop_oxigraph(server)


def test_a_failure_midway_says_what_was_and_was_not_written(oxigraph, dataset):
    graph = GRAPH + "midway"
    data = Graph()
    data += dataset.graph
    # a language tag Oxigraph refuses (a subtag is at most 8 letters); its subject sorts last
    data.add((URIRef("urn:zzz:last"), URIRef("urn:zzz:p"), Literal("x", lang="abcdefghi")))
    chunks = batches(data, 1000)
    bad = next(i for i, chunk in enumerate(chunks) if any(str(t[0]) == "urn:zzz:last" for t in chunk))
    assert bad == len(chunks) - 1 > 0
    written = sum(len(c) for c in chunks[:bad])
    with pytest.raises(EndpointError) as caught:
        publish_graph(data, Store.at(oxigraph.query, graph=graph), batch_size=1000)
    message = caught.value.message
    total = len(chunks)
    assert f"publishing to <{graph}> stopped at batch {total} of {total}: the graph store" in message
    assert "HTTP 400 Bad Request" in message
    assert "A subtag may be eight characters in length at maximum" in message  # the server's own words
    assert f"Written: batches 1-{total - 1} ({written} triples)" in message
    assert f"Not written: batch {total} ({len(chunks[-1])} triples)" in message
    assert count(oxigraph, graph) == written  # what the message says is what the store holds


def test_cli_publish_reports_and_verifies(oxigraph, dataset, kgtool):
    graph = GRAPH + "cli"
    run = kgtool("publish", "--endpoint", oxigraph.query, "--graph", graph, "--batch-size", "2000")
    assert run.code == 0, run.err
    batches_sent = len(batches(dataset.graph, 2000))
    assert run.out.splitlines() == [
        f"published {len(dataset.graph)} triples to <{graph}> in {batches_sent} batches via the Graph Store "
        f"Protocol at {oxigraph.store}",
        f"the store reports {len(dataset.graph)} triples in <{graph}>: verified",
    ]


def test_invalid_data_is_refused_unless_forced(oxigraph, dataset, kgtool):
    graph = GRAPH + "invalid"
    bad = FIXTURES / "role-without-character.ttl"
    refused = kgtool("publish", str(bad), "--endpoint", oxigraph.query, "--graph", graph)
    assert refused.code == 1
    assert refused.err.startswith("kgtool: error: publish refused: the data has 1 validation error (")
    assert (
        "role-without-character.ttl:7: Jane Example in Ballard: A cast role needs exactly one character" in refused.err
    )
    assert count(oxigraph, graph) == 0
    forced = kgtool("publish", str(bad), "--endpoint", oxigraph.query, "--graph", graph, "--force")
    assert forced.code == 0, forced.err
    assert "warning: published despite 1 validation error (--force)" in forced.err
    assert count(oxigraph, graph) > len(dataset.graph)  # the graph and the fixture's triples
