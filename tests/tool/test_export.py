"""kgtool export: formats, byte-stable output, one entity, the schema.org view, and failure paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from kgtool.export.document import ExportRequest, export_text, serialise
from kgtool.export.jsonld import to_rdf_graph
from kgtool.export.schema_view import schema_view
from kgtool.export.void import DATASET
from kgtool.namespaces import CU, SCHEMA

from conftest import ROOT
from helpers import res

RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "trig": "trig", "xml": "xml"}

# Every export, hashed, in a fresh process: run twice with different hash seeds to catch set-order output.
HASH_EXPORTS = """
import hashlib
from kgtool.store.dataset import load_dataset
from kgtool.export.document import ExportRequest, export_text
dataset = load_dataset()
requests = [ExportRequest(fmt) for fmt in ("nt", "xml", "jsonld")] + [ExportRequest(void=True)]
for request in requests:
    print(request, hashlib.sha256(export_text(dataset, request).encode()).hexdigest())
"""


@pytest.fixture(scope="module")
def view(dataset) -> Graph:
    """The schema.org view of the shipped graph."""
    return schema_view(dataset)


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMATS))
def test_every_rdflib_format_reads_back_as_the_graph(dataset, fmt):
    text = serialise(dataset.graph, fmt, ROOT)
    back = Graph().parse(data=text, format=RDFLIB_FORMATS[fmt])
    assert isomorphic(back, dataset.graph)


@pytest.mark.slow
def test_exports_are_byte_identical_across_processes():
    def start(seed: str) -> subprocess.Popen:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        return subprocess.Popen(
            [sys.executable, "-c", HASH_EXPORTS], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )

    first, second = start("1"), start("2")
    out_first, out_second = first.communicate(timeout=120)[0], second.communicate(timeout=120)[0]
    assert first.returncode == second.returncode == 0
    assert len(out_first.splitlines()) == 4
    assert out_first == out_second


def test_n_triples_are_sorted_with_canonical_blank_nodes(dataset):
    text = serialise(dataset.graph, "nt", ROOT)
    lines = text.splitlines()
    assert lines == sorted(lines) and len(lines) == len(dataset.graph)
    blank = [line for line in lines if line.startswith("_:")]
    assert blank and all(line.startswith("_:cb") for line in blank)
    assert text == serialise(dataset.graph, "nt", ROOT)


def test_the_cli_writes_the_same_text_to_a_file_and_leaves_no_temporary(kgtool, tmp_path):
    target = tmp_path / "graph.nt"
    run = kgtool("export", "--format", "nt", "-o", str(target))
    assert run.code == 0 and run.out == ""
    assert target.read_text(encoding="utf-8") == kgtool("export", "--format", "nt").out
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]


def test_output_into_a_missing_folder_fails_and_writes_nothing(kgtool, tmp_path):
    run = kgtool("export", "--format", "jsonld", "-o", str(tmp_path / "missing" / "graph.jsonld"))
    assert run.code == 2 and run.out == ""
    assert (
        run.err.strip()
        == f"kgtool: error: {tmp_path / 'missing' / 'graph.jsonld'}: folder {tmp_path / 'missing'} does not exist"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_an_existing_file_untouched(kgtool, tmp_path):
    target = tmp_path / "ballard.ttl"
    target.write_text("previous content\n", encoding="utf-8")
    run = kgtool("export", "--entity", "Balard", "-o", str(target))
    assert run.code == 2
    assert target.read_text(encoding="utf-8") == "previous content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ballard.ttl"]


def test_one_entity_and_its_neighbourhood(dataset, kgtool):
    run = kgtool("export", "--entity", "res:series/ballard", "--format", "nt")
    assert run.code == 0, run.err
    extract = Graph().parse(data=run.out, format="nt")
    ballard, maggie_role = res("series/ballard"), res("role/ballard/renee-ballard")
    for triple in dataset.graph.triples((ballard, None, None)):
        assert triple in extract
    assert (maggie_role, CU.work, ballard) in extract
    assert (maggie_role, RDFS.label, Literal("Maggie Q as Renée Ballard in Ballard", lang="en")) in extract
    assert (res("series/ballard/season-1"), CU.seasonOf, ballard) in extract
    assert (res("series/bosch"), RDFS.label, Literal("Bosch", lang="en")) in extract
    assert (maggie_role, CU.actor, res("person/maggie-q")) not in extract
    dataset_node = URIRef("https://w3id.org/connelly/void#dataset")
    assert (dataset_node, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in extract
    subjects = set(extract.subjects())
    for subject in subjects - {ballard, dataset_node}:
        pointing = {p for p, o in extract.predicate_objects(subject) if o == ballard}
        described = set(extract.predicates(subject)) <= {RDF.type, RDFS.label, SCHEMA.name}
        assert pointing or described or (ballard, None, subject) in extract, subject
    by_label = kgtool("export", "--entity", "Ballard", "--format", "nt").out
    by_iri = kgtool("export", "--entity", str(ballard), "--format", "nt").out
    assert by_label == by_iri == run.out


def test_an_entity_keeps_the_blank_nodes_that_point_at_it(dataset, kgtool):
    run = kgtool("export", "--entity", "res:book-series/harry-bosch", "--format", "jsonld")
    assert run.code == 0, run.err
    document = json.loads(run.out)
    echo = next(n for n in document["@graph"] if n["@id"] == "novel/the-black-echo")
    assert echo["label"]["en"] == "The Black Echo"
    assert {"inSeries": "book-series/harry-bosch", "position": 1} in echo["seriesEntry"]
    extract = to_rdf_graph(document, ROOT)
    entries = {e for e in extract.subjects(CU.inSeries, res("book-series/harry-bosch"))}
    assert len(entries) == len(set(dataset.graph.subjects(CU.inSeries, res("book-series/harry-bosch"))))
    assert all(isinstance(e, BNode) for e in entries)


@pytest.mark.parametrize(
    "entity, message",
    [
        ("Balard", "entity='Balard' matches no cu:Anthology or"),
        ("res:series/nothing", "<https://w3id.org/connelly/resource/series/nothing> is not described in the graph"),
        ("The Lincoln Lawyer", "entity='The Lincoln Lawyer' is ambiguous"),
    ],
)
def test_a_bad_entity_is_a_usage_error(kgtool, entity, message):
    run = kgtool("export", "--entity", entity)
    assert run.code == 2 and run.out == ""
    assert run.err.startswith("kgtool: error: ") and message in run.err and len(run.err.splitlines()) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--frame", "series", "--format", "turtle"], "--frame writes JSON-LD"),
        (["--frame", "series", "--profile", "schema"], "--frame and --profile cannot be combined"),
        (["--void", "--format", "nt"], "it does not take --format"),
        (["--endpoint", "https://example.org/sparql"], "--endpoint goes with --void"),
        (["--void", "--endpoint", "example.org"], "expected an http(s) URL"),
    ],
)
def test_options_that_do_not_go_together(kgtool, args, message):
    run = kgtool("export", *args)
    assert run.code == 2 and run.out == ""
    assert message in run.err


def test_a_bad_frame_file_names_file_and_line(kgtool, tmp_path):
    frame = tmp_path / "broken.jsonld"
    frame.write_text('{\n  "@context": \n}\n', encoding="utf-8")
    run = kgtool("export", "--frame", str(frame))
    assert run.code == 2
    assert f"{frame}:3: JSON syntax error" in run.err


def test_the_schema_view_uses_schema_org_terms_only(view):
    assert len(view) > 1000
    for _, p, o in view:
        assert p == RDF.type or str(p).startswith(str(SCHEMA)), p
        if p == RDF.type:
            assert str(o).startswith(str(SCHEMA)), o


def test_every_node_of_the_schema_view_has_a_type_and_a_name(view):
    """Every node the graph describes; the pages of other datasets it links to (schema:sameAs) are only links."""
    links = set(view.objects(None, SCHEMA.sameAs))
    nodes = set(view.subjects()) | {o for o in view.objects() if isinstance(o, URIRef | BNode)}
    nodes -= set(view.objects(None, RDF.type)) | links
    for node in nodes:
        assert (node, RDF.type, None) in view, f"{node} has no type"
        assert (node, SCHEMA.name, None) in view, f"{node} has no name"


def test_the_schema_view_says_what_the_graph_says(view):
    season, blonde = res("series/bosch/season-1"), res("novel/the-concrete-blonde")
    assert (season, RDF.type, SCHEMA.TVSeason) in view
    assert (season, SCHEMA.isBasedOn, blonde) in view
    assert (season, SCHEMA.partOfSeries, res("series/bosch")) in view
    assert (res("series/bosch"), SCHEMA.containsSeason, season) in view
    assert (season, SCHEMA.startDate, Literal("2014-02-06", datatype=SCHEMA.Date)) in view
    assert (blonde, RDF.type, SCHEMA.Book) in view
    assert (blonde, SCHEMA.name, Literal("La Blonde en béton", lang="fr")) in view
    assert (res("novel/the-black-echo"), SCHEMA.datePublished, Literal("1992-01-21", datatype=SCHEMA.Date)) in view
    assert (res("novel/blood-work"), SCHEMA.datePublished, Literal("1998", datatype=SCHEMA.Date)) in view  # year only
    role = res("role/ballard/renee-ballard")
    assert (res("series/ballard"), SCHEMA.actor, role) in view
    assert (role, RDF.type, SCHEMA.PerformanceRole) in view
    assert (role, SCHEMA.actor, res("person/maggie-q")) in view
    assert (role, SCHEMA.characterName, Literal("Renée Ballard", lang="en")) in view
    assert (res("series/ballard"), SCHEMA.character, res("character/renee-ballard")) in view
    assert (res("film/blood-work"), RDF.type, SCHEMA.Movie) in view
    assert (res("series/bosch"), SCHEMA.numberOfSeasons, Literal(7)) in view
    assert (res("book-series/harry-bosch"), RDF.type, SCHEMA.BookSeries) in view


def test_the_schema_export_is_embeddable_json_ld(dataset, view):
    text = export_text(dataset, ExportRequest(profile="schema"))
    document = json.loads(text)
    assert document["@context"]["@vocab"] == "https://schema.org/"
    assert '"@context": "https://schema.org' not in text and "</" not in text
    assert all("@type" in n and "name" in n for n in document["@graph"])
    bosch = next(n for n in document["@graph"] if n["@id"].endswith("/series/bosch"))
    assert bosch["@type"] == "TVSeries" and bosch["name"][0] == "Bosch" and bosch["startDate"] == "2014-02-06"
    extract = to_rdf_graph(document, ROOT)
    # the export also names the dataset, its version and its licence (CC BY 4.0)
    assert (DATASET, SCHEMA.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in extract
    extract.remove((DATASET, None, None))
    assert isomorphic(extract, view)


def test_the_schema_view_of_one_entity(kgtool):
    run = kgtool("export", "--profile", "schema", "--entity", "Ballard")
    assert run.code == 0, run.err
    document = json.loads(run.out)
    ballard = next(n for n in document["@graph"] if n["@id"].endswith("/series/ballard"))
    assert ballard["@type"] == "TVSeries"
    assert all("@type" in n and "name" in n for n in document["@graph"])
    run = kgtool("export", "--profile", "schema", "--entity", "res:org/netflix")
    assert run.code == 2 and "is not in the schema.org view" in run.err


def test_the_schema_query_is_a_documented_saved_query(kgtool, view):
    listing = kgtool("queries").out
    assert "schema-org-view" in listing and "The graph in schema.org terms only" in listing
    run = kgtool("query", "schema-org-view")
    assert run.code == 0, run.err
    assert isomorphic(Graph().parse(data=run.out, format="turtle"), view)
