"""kgtool publish: the graph into a real Oxigraph store, in batches, verified, idempotent, refused when invalid
(failures midway, and the old graph kept: test_publish_atomic.py).

Each test publishes into a graph of its own in the session's Oxigraph server (the ``oxigraph`` fixture).
"""

from __future__ import annotations

import pytest
from oxigraph_server import start_oxigraph, stop_oxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgtool.defaults import DEFAULT_BATCH_SIZE
from kgtool.errors import UsageError
from kgtool.publish.graph_store import UPLOAD_PREFIX, Store, count_triples, publish_graph, stored_checksum
from kgtool.publish.ntriples import ntriples_batches
from kgtool.query.endpoint import Endpoint
from kgtool.store.view import oxigraph_copy

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
    assert outcome.batches == -(-len(dataset.graph) // DEFAULT_BATCH_SIZE)  # whole batches, the last one short
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


def test_a_store_without_graph_store_protocol_gets_sparql_update(oxigraph, dataset):
    graph = GRAPH + "update"
    store = Store.at(oxigraph.query, store_url=f"{oxigraph.base}/no-graph-store-here", graph=graph)
    outcome = publish_graph(dataset.graph, store, batch_size=1000)
    assert outcome.via == f"SPARQL Update at {oxigraph.update}"
    assert outcome.batches > 1
    assert isomorphic(stored(oxigraph, graph), dataset.graph)
    again = publish_graph(dataset.graph, store, replace=True, batch_size=1000)  # a new upload, then MOVE
    assert again.stored == len(dataset.graph)
    graphs = Endpoint(oxigraph.query, graph=None).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not [row[0] for row in graphs if str(row[0]).startswith(UPLOAD_PREFIX)]  # no temporary graph left


def test_the_default_graph_can_be_the_target(tmp_path, dataset):
    server = start_oxigraph(tmp_path)
    try:
        outcome = publish_graph(dataset.graph, Store.at(server.query, graph=None))
        assert outcome.describe().startswith(f"published {len(dataset.graph)} triples to the default graph")
        assert count_triples(Endpoint(server.query, graph=None)) == len(dataset.graph)
    finally:
        stop_oxigraph(server)


def test_cli_publish_reports_and_verifies(oxigraph, dataset, kgtool):
    graph = GRAPH + "cli"
    run = kgtool("publish", "--endpoint", oxigraph.query, "--graph", graph, "--batch-size", "2000")
    assert run.code == 0, run.err
    with ntriples_batches(oxigraph_copy(dataset.graph)[0], 2000) as chunks:
        batches_sent, checksum = len(chunks.sizes), chunks.content.checksum()
    assert run.out.splitlines() == [
        f"published {len(dataset.graph)} triples to <{graph}> in {batches_sent} batches via the Graph Store "
        f"Protocol at {oxigraph.store}",
        f"the store reports {len(dataset.graph)} triples in <{graph}>, checksum {checksum}: verified",
    ]
    assert stored_checksum(Endpoint(oxigraph.query, graph=graph)) == (len(dataset.graph), checksum)


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
