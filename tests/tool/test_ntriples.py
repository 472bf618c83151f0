"""kgtool.publish.ntriples: a pyoxigraph store's N-Triples in batches that never split a blank node, and a
checksum that is the same exactly for the same graph (blank nodes renamed, any order)."""

from __future__ import annotations

import pyoxigraph
import pytest

from kgtool.publish.ntriples import (
    blank_nodes,
    checksum_lines,
    checksum_store,
    ntriples_batches,
    oxigraph_lines,
    split_line,
)
from kgtool.store.view import oxigraph_copy

NT = pyoxigraph.RdfFormat.N_TRIPLES


def store_of(text: str) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(text.encode("utf-8"), format=NT)
    return store


def lines_of(store: pyoxigraph.Store) -> list[str]:
    return store.dump(format=NT, from_graph=pyoxigraph.DefaultGraph()).decode("utf-8").splitlines()


@pytest.fixture(scope="module")
def real(dataset) -> pyoxigraph.Store:
    return oxigraph_copy(dataset.graph)[0]


def test_a_line_splits_into_its_three_terms_whatever_the_literal_holds():
    line = '<urn:a> <urn:p> "two words _:b1 . and a dot"@en .'
    assert split_line(line) == ("<urn:a>", "<urn:p>", '"two words _:b1 . and a dot"@en')
    assert blank_nodes(line) == ()
    assert blank_nodes("_:x <urn:p> _:y .") == ("_:x", "_:y")
    assert blank_nodes("<urn:a> <urn:p> _:y .") == ("_:y",)


@pytest.mark.parametrize("size", [1, 7, 250, 10_000])
def test_batches_hold_every_triple_once_and_each_blank_node_in_one_batch(real, size):
    with ntriples_batches(real, size) as chunks:
        texts = list(chunks)
        assert len(texts) == len(chunks.sizes)
        assert [len(text.splitlines()) for text in texts] == chunks.sizes
    sent = [line for text in texts for line in text.splitlines()]
    assert sorted(sent) == sorted(lines_of(real))
    where: dict[str, set[int]] = {}
    for index, text in enumerate(texts):
        for line in text.splitlines():
            for node in blank_nodes(line):
                where.setdefault(node, set()).add(index)
    assert where  # the real graph has blank nodes (series entries, season credits)
    assert all(len(indexes) == 1 for indexes in where.values())
    assert all(s <= size for s in chunks.sizes) or size < max(len(u) for u in chunks.content.units)


def test_an_empty_graph_is_one_empty_batch():
    with ntriples_batches(pyoxigraph.Store(), 100) as chunks:
        assert list(chunks) == [""]
        assert chunks.sizes == [0]
        assert chunks.triples == 0


def test_the_checksum_ignores_blank_node_names_and_order(real):
    triples, checksum = checksum_store(real)
    assert triples == len(real)
    reread = store_of("\n".join(lines_of(real)) + "\n")  # new blank node names
    assert checksum_store(reread) == (triples, checksum)
    assert checksum_lines(reversed(lines_of(real))) == (triples, checksum)
    # what a store answers, in another syntax and spacing, reads the same
    turtle = real.dump(format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph())
    assert checksum_lines(oxigraph_lines(turtle, "text/turtle")) == (triples, checksum)


def test_the_checksum_tells_rewired_blank_nodes_and_changed_values():
    one = '<urn:x> <urn:p> _:a .\n_:a <urn:q> "1" .\n<urn:y> <urn:p> _:b .\n_:b <urn:q> "2" .\n'
    rewired = '<urn:x> <urn:p> _:a .\n_:a <urn:q> "2" .\n<urn:y> <urn:p> _:b .\n_:b <urn:q> "1" .\n'
    same = '<urn:y> <urn:p> _:c .\n_:c <urn:q> "2" .\n<urn:x> <urn:p> _:d .\n_:d <urn:q> "1" .\n'
    assert checksum_store(store_of(one)) != checksum_store(store_of(rewired))
    assert checksum_store(store_of(one)) == checksum_store(store_of(same))
    chain = '<urn:x> <urn:p> _:a .\n_:a <urn:r> _:b .\n_:b <urn:q> "end" .\n'
    renamed = '<urn:x> <urn:p> _:c .\n_:c <urn:r> _:d .\n_:d <urn:q> "end" .\n'
    reversed_chain = '<urn:x> <urn:p> _:c .\n_:d <urn:r> _:c .\n_:d <urn:q> "end" .\n'
    assert checksum_store(store_of(chain)) == checksum_store(store_of(renamed))
    assert checksum_store(store_of(chain)) != checksum_store(store_of(reversed_chain))
    changed = one.replace('"2"', '"2"@en')
    assert checksum_store(store_of(one)) != checksum_store(store_of(changed))


def test_a_duplicate_unit_counts_twice():
    # two blank nodes with the same description are two triples each: the sum tells one from two
    two = "<urn:x> <urn:p> _:a .\n<urn:x> <urn:p> _:b .\n"
    one = "<urn:x> <urn:p> _:a .\n"
    assert checksum_store(store_of(two))[1] != checksum_store(store_of(one))[1]
