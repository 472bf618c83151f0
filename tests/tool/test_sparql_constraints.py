"""The shapes' SPARQL constraints run once for all focus nodes (kgtool.validate.sparql_constraints) and the SHACL
engine in a second process (kgtool.validate.shacl_worker) report exactly what the SHACL engine reports alone."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kgtool.store.dataset import Dataset, parse_file, source_files
from kgtool.store.view import StoreView
from kgtool.validate import sparql_constraints
from kgtool.validate.engine import shacl_findings
from kgtool.validate.shacl import run_shacl, shacl_result_rows
from kgtool.validate.shacl_worker import start
from kgtool.validate.sparql_constraints import batchable, split_shapes

from conftest import FIXTURES, ROOT
from helpers import RES

BAD = sorted(p for p in (FIXTURES / "bad").glob("*.ttl") if p.name != "broken-turtle.ttl")

# One violation of each SPARQL constraint of ontology/shapes.ttl, on top of the shipped graph.
EVERY_CONSTRAINT = """
@base <https://w3id.org/connelly/resource/> .
@prefix cu: <https://w3id.org/connelly/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<role/ballard/wrong-season> a cu:CastRole ; rdfs:label "Wrong season"@en ; cu:actor <person/maggie-q> ;
    cu:character <character/renee-ballard> ; cu:work <series/ballard> ; cu:inSeason <series/bosch/season-1> ;
    dcterms:source <https://example.org/a> .
<film/unreleased> a cu:Film ; rdfs:label "Unreleased"@en ; dcterms:source <https://example.org/b> .
<series/ballard/season-1-again> a cu:Season ; rdfs:label "Ballard, season 1 again"@en ;
    cu:seasonOf <series/ballard> ; cu:seasonNumber 1 ; dcterms:source <https://example.org/c> .
<novel/the-black-echo> cu:seriesEntry [ cu:inSeries <book-series/harry-bosch> ; cu:position 2 ] .
<series/bosch> cu:spinOffOf <series/bosch> ; cu:numberOfSeasons 9 ; cu:numberOfEpisodes 99 .
<series/ballard/season-1/episode-1> a cu:Episode ; rdfs:label "Ballard 1.1"@en ;
    cu:episodeOf <series/ballard/season-1> ; cu:episodeNumber 1 ; cu:releaseDate "2024-07-09"^^xsd:date ;
    dcterms:source <https://example.org/d> .
<series/ballard/season-1/episode-1-again> a cu:Episode ; rdfs:label "Ballard 1.1 again"@en ;
    cu:episodeOf <series/ballard/season-1> ; cu:episodeNumber 1 ; dcterms:source <https://example.org/e> .
<series/bosch/season-7/episode-8> a cu:Episode ; rdfs:label "Bosch 7.8"@en ;
    cu:episodeOf <series/bosch/season-7> ; cu:episodeNumber 8 ; cu:releaseDate "2021-07-01"^^xsd:date ;
    dcterms:source <https://example.org/f> .
<series/bosch/season-7/episode-9> a cu:Episode ; rdfs:label "Bosch 7.9"@en ;
    cu:episodeOf <series/bosch/season-7> ; cu:episodeNumber 9 ; dcterms:source <https://example.org/g> .
<role/ballard/renee-ballard>
    cu:seasonCredit [ cu:creditSeason <series/bosch/season-1> ; cu:creditCategory cu:MainCast ] .
"""


def facts(findings) -> set[tuple]:
    return {(f.entity, f.path, f.value, f.check, f.message, f.severity) for f in findings}


@pytest.fixture(scope="module")
def broken(dataset) -> Graph:
    graph = Graph()
    graph += dataset.graph
    graph.parse(data=EVERY_CONSTRAINT, format="turtle")
    return graph


def test_every_constraint_of_the_shapes_runs_once_for_all_focus_nodes(shapes):
    rest, batched = split_shapes(shapes)
    assert len(batched) == 13
    # none stays with the engine, so the engine can read the store itself (no rdflib copy of the graph)
    assert list(rest.objects(None, SH.sparql)) == []
    assert len(rest) < len(shapes)


@pytest.mark.slow
def test_batched_constraints_report_what_the_engine_reports_per_focus_node(broken, shapes, monkeypatch):
    ours = facts(shacl_findings(Dataset(broken, ROOT, []), shapes))
    monkeypatch.setattr(sparql_constraints, "batchable", lambda text: False)
    monkeypatch.setenv("KGTOOL_SHACL", "pyshacl")
    reference = facts(shacl_findings(Dataset(broken, ROOT, []), shapes))
    assert ours == reference
    checks = {check.rsplit("#", 1)[-1] for _, _, _, check, _, _ in ours}
    assert {
        "CastRoleShape",
        "EpisodeShape",
        "FilmShape",
        "SeasonShape",
        "SeriesPositionUniqueShape",
        "TVSeriesShape",
    } <= checks
    messages = {message for *_, message, _ in ours}
    assert "Two books share position 2 in this book series: each position is used once." in messages
    assert any(m.startswith("cu:numberOfSeasons says 9 but the graph describes ") for m in messages)
    assert {
        "cu:numberOfEpisodes says 8 but the graph describes 9 episodes of this season (cu:episodeOf): more episodes "
        "than the season has (fewer is a season whose episode list is still being completed).",
        "Another episode of the same season also has number 1: episode numbers are unique within a season.",
        "The release date 2024-07-09 is before the premiere of the episode's series, 2025-07-09.",
        "The release date 2021-07-01 is after the end of the episode's series, 2021-06-25.",
        f"The season credit's season {RES}series/bosch/season-1 is not a season of the role's work.",
        f"The season credit's season {RES}series/bosch/season-1 is not among the role's seasons (cu:inSeason): "
        "add it there too.",
    } <= messages


@pytest.mark.parametrize("fixture", BAD, ids=lambda p: p.stem)
def test_batched_constraints_agree_with_the_engine_on_every_bad_fixture(fixture, dataset, shapes, monkeypatch):
    graph = Graph()
    graph += dataset.graph
    graph += parse_file(fixture)[0]
    ours = facts(shacl_findings(Dataset(graph, ROOT, []), shapes))
    monkeypatch.setattr(sparql_constraints, "batchable", lambda text: False)
    assert ours == facts(shacl_findings(Dataset(graph, ROOT, []), shapes))


def test_the_worker_process_reports_what_the_engine_reports_in_process(shapes, tmp_path):
    candidate = tmp_path / "candidate.ttl"
    candidate.write_text(EVERY_CONSTRAINT, encoding="utf-8")
    view = StoreView.of_files(ROOT, [*source_files(ROOT), candidate], [candidate], in_memory=True)
    core, _ = split_shapes(shapes)
    in_process = shacl_result_rows(run_shacl(view, core), shapes)
    assert in_process, "the candidate breaks core constraints too (a film needs a release year or a status)"
    assert set(start(view, core).rows()) == set(in_process)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT $this ?value WHERE { $this ?p ?value . ?other ?p ?value FILTER (?other != $this) }",
        "SELECT $this WHERE { FILTER NOT EXISTS { $this a ?kind } }",
        "SELECT $this (COUNT(?x) AS ?n) WHERE { $this ?p ?x } GROUP BY $this HAVING (COUNT(?x) > 3)",
        "SELECT $this WHERE { ?x ?p ?o OPTIONAL { ?y ?q ?z FILTER (?y != $this) } }",
    ],
)
def test_queries_that_give_the_same_rows_joined_or_pre_bound_are_batched(query):
    assert batchable(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT $this WHERE { $this ?p ?o } LIMIT 1",
        "SELECT $this (COUNT(?o) AS ?n) WHERE { $this ?p ?o }",
        "SELECT $this WHERE { ?x ?p ?o { ?y ?q ?z FILTER (?y != $this) } }",
        "SELECT $this WHERE { ?x ?p ?o { $this ?q ?z FILTER (?z != $this) } }",
        "SELECT $this WHERE { $this ?p ?o OPTIONAL { ?o ?q ?z OPTIONAL { ?z ?r ?w FILTER (?w = $this) } } }",
        "SELECT $this WHERE { { ?x ?p ?o } UNION { ?y ?p ?o FILTER (?y = $this) } }",
        "SELECT $this WHERE { $this ?p ?o MINUS { $this a ?kind } }",
        "SELECT $this WHERE { VALUES ?p { <https://example.org/p> } $this ?p ?o }",
        "SELECT $this WHERE { { SELECT $this WHERE { $this ?p ?o } LIMIT 2 } }",
        "SELECT ?value WHERE { $this ?p ?value }",
        "SELECT $this WHERE { $this ?p",
    ],
)
def test_queries_where_joining_differs_from_pre_binding_stay_with_the_engine(query):
    assert not batchable(query)


def test_the_worker_stops_and_leaves_nothing_when_the_checks_beside_it_fail(shapes, tmp_path, monkeypatch):
    import tempfile

    from kgtool.validate import shacl_worker

    monkeypatch.setattr(shacl_worker, "MIN_TRIPLES", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    view = StoreView.of_files(ROOT, source_files(ROOT), in_memory=True)

    def failing_checks():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        shacl_findings(view, shapes, alongside=failing_checks)
    assert not list(tmp_path.iterdir())


def test_a_big_graph_is_validated_by_the_worker_with_the_same_findings(shapes, tmp_path, monkeypatch):
    from kgtool.validate import shacl_worker

    candidate = tmp_path / "candidate.ttl"
    candidate.write_text(EVERY_CONSTRAINT, encoding="utf-8")
    view = StoreView.of_files(ROOT, [*source_files(ROOT), candidate], [candidate], in_memory=True)
    # the worker runs the core constraints when every SPARQL constraint is batched: leave out the one that is not
    batchable_only = Graph()
    batchable_only += shapes
    rest, _ = split_shapes(shapes)
    for shape, constraint in rest.subject_objects(SH.sparql):
        batchable_only.remove((shape, SH.sparql, constraint))
    in_process = facts(shacl_findings(view, batchable_only))
    started = []
    monkeypatch.setattr(shacl_worker, "MIN_TRIPLES", 0)
    monkeypatch.setattr(shacl_worker, "start", lambda *args: started.append(1) or start(*args))
    assert facts(shacl_findings(view, batchable_only)) == in_process
    assert started and len(in_process) >= 8
