"""The dataset description (``kgtool export --void``) says true things about the data.

void.ttl is derived from the data, never edited by hand: ``kgtool format`` (the step a contributor runs after
editing data/) rewrites it with the data files, and ``kgtool format --check`` in CI fails when it is stale;
the wheel and the release artefacts carry it."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from kgtool.export.void import DATASET, DUMPS, describe_dataset
from kgtool.namespaces import CU

from conftest import ROOT


@pytest.fixture(scope="module")
def description(dataset) -> Graph:
    """The description computed from the shipped graph."""
    return describe_dataset(dataset.graph)


def test_the_committed_void_ttl_is_the_data_s(description):
    assert isomorphic(Graph().parse(ROOT / "void.ttl", format="turtle"), description), "run 'kgtool format'"


def test_kgtool_format_regenerates_void_ttl(tmp_path, monkeypatch, description):
    """A stale void.ttl is reported by --check (exit 1) and rewritten by kgtool format, in a copy of the project."""
    import shutil

    from kgtool.cli import main

    for folder in ("ontology", "data", "queries", "checks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "void.ttl").write_text("# stale\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KGTOOL_ROOT", str(tmp_path))
    assert main(["format", "--check"]) == 1
    assert main(["format"]) == 0
    assert isomorphic(Graph().parse(tmp_path / "void.ttl", format="turtle"), description)
    assert main(["format", "--check"]) == 0


def test_the_counts_are_the_graph_s(dataset, description):
    assert description.value(DATASET, VOID.triples) == Literal(len(dataset.graph))
    partitions = {
        description.value(p, VOID["class"]): int(description.value(p, VOID.entities))
        for p in description.objects(DATASET, VOID.classPartition)
    }
    assert partitions[CU.Novel] == len(set(dataset.graph.subjects(RDF.type, CU.Novel)))
    assert partitions[CU.CastRole] == len(set(dataset.graph.subjects(RDF.type, CU.CastRole)))
    assert partitions[CU.TVSeries] == len(set(dataset.graph.subjects(RDF.type, CU.TVSeries)))
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


def test_the_command_writes_the_description(kgtool, tmp_path, description):
    target = tmp_path / "void.ttl"
    assert kgtool("export", "--void", "-o", str(target)).code == 0
    assert isomorphic(Graph().parse(target, format="turtle"), description)
