"""The dataset description: void.ttl is in step with the data, and says true things about it."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from kgtool.export.void import DATASET, DUMPS, describe_dataset
from kgtool.namespaces import CU

from conftest import ROOT


@pytest.fixture(scope="module")
def description(dataset) -> Graph:
    """The description computed from the shipped graph."""
    return describe_dataset(dataset.graph)


def test_the_committed_void_ttl_is_in_step_with_the_data(description):
    committed = Graph().parse(ROOT / "void.ttl", format="turtle")
    if not isomorphic(committed, description):
        _, only_committed, only_computed = graph_diff(to_isomorphic(committed), to_isomorphic(description))
        pytest.fail(
            "void.ttl is out of date: regenerate it with 'kgtool export --void -o void.ttl'\n"
            f"in void.ttl only: {sorted(only_committed)[:5]}\ncomputed only: {sorted(only_computed)[:5]}"
        )


def test_the_counts_are_the_graph_s(dataset, description):
    assert description.value(DATASET, VOID.triples) == Literal(len(dataset.graph))
    partitions = {
        description.value(p, VOID["class"]): int(description.value(p, VOID.entities))
        for p in description.objects(DATASET, VOID.classPartition)
    }
    assert partitions[CU.Novel] == len(set(dataset.graph.subjects(RDF.type, CU.Novel)))
    assert partitions[CU.CastRole] == len(set(dataset.graph.subjects(RDF.type, CU.CastRole)))
    assert partitions[CU.TVSeries] == 6
    assert sum(partitions.values()) >= int(description.value(DATASET, VOID.entities))


def test_title_licence_and_one_distribution_per_dump_format(description):
    assert (DATASET, RDF.type, DCAT.Dataset) in description
    assert description.value(DATASET, DCTERMS.title).language == "en"
    assert description.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    media = {str(description.value(d, DCAT.mediaType)) for d in description.objects(DATASET, DCAT.distribution)}
    assert media == {f"https://www.iana.org/assignments/media-types/{m}" for _, _, m in DUMPS}
    assert description.value(DATASET, VOID.sparqlEndpoint) is None


def test_an_endpoint_is_described_when_given(kgtool):
    run = kgtool("export", "--void", "--endpoint", "https://example.org/connelly/sparql")
    assert run.code == 0, run.err
    described = Graph().parse(data=run.out, format="turtle")
    endpoint = URIRef("https://example.org/connelly/sparql")
    assert described.value(DATASET, VOID.sparqlEndpoint) == endpoint
    service = described.value(predicate=DCAT.servesDataset, object=DATASET)
    assert described.value(service, DCAT.endpointURL) == endpoint


def test_the_command_writes_the_committed_file(kgtool, tmp_path):
    target = tmp_path / "void.ttl"
    assert kgtool("export", "--void", "-o", str(target)).code == 0
    assert isomorphic(Graph().parse(target, format="turtle"), Graph().parse(ROOT / "void.ttl", format="turtle"))
