"""What makes kgtool fast at scale gives the same answers: pyshacl-turbo, validation on the reachable
part of the graph (kgtool.validate.reach), and linear-time canonical blank node labels (kgtool.export.jsonld)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kgtool.export.jsonld import canonical
from kgtool.store.cache import load_into
from kgtool.store.dataset import Dataset, parse_file, source_files
from kgtool.validate.engine import shacl_findings
from kgtool.validate.reach import constraint_predicates, reachable_graph
from kgtool.validate.shacl import shacl_engine

from conftest import FIXTURES, ROOT
from helpers import res

pytestmark = pytest.mark.slow  # graphs built to be big, and both SHACL engines compared

BAD = sorted(p for p in (FIXTURES / "bad").glob("*.ttl") if p.name != "broken-turtle.ttl")
CU = "https://w3id.org/connelly/ontology#"


@pytest.fixture(scope="module")
def store():
    """The shipped graph in an in-memory Oxigraph store."""
    import pyoxigraph

    memory = pyoxigraph.Store()
    load_into(memory, source_files(ROOT))
    return memory


def facts(findings) -> set[tuple]:
    return {(f.entity, f.path, f.value, f.check, f.message, f.severity) for f in findings}


def validate_reach(store, focus: set[URIRef], shapes: Graph, change: Graph) -> list:
    """The SHACL findings of ``focus``, computed on the part of the graph the shapes reach (as kgtool check does)."""
    focus = sorted(focus, key=str)
    return shacl_findings(Dataset(reachable_graph(store, focus, shapes, change), ROOT, []), shapes, focus)


def focus_of(change: Graph, graph: Graph) -> set[URIRef]:
    """The entities a change touches and the entities it points at (as kgtool's delta focuses)."""
    focus = {s for s in change.subjects() if isinstance(s, URIRef)}
    return focus | {o for o in change.objects() if isinstance(o, URIRef) and (o, None, None) in graph}


@pytest.mark.parametrize("fixture", BAD, ids=lambda p: p.stem)
def test_validating_the_reachable_part_finds_what_full_validation_finds(fixture, dataset, shapes, store):
    change, _ = parse_file(fixture)
    whole = Graph()
    whole += dataset.graph
    whole += change
    focus = focus_of(change, whole)
    full = [f for f in shacl_findings(Dataset(whole, ROOT, []), shapes) if f.entity in focus]
    reached = validate_reach(store, focus, shapes, change)
    assert facts(reached) == facts(full)


def test_the_bad_fixtures_make_the_reach_comparison_meaningful(dataset, shapes, store):
    found = 0
    for fixture in BAD:
        change, _ = parse_file(fixture)
        found += len(validate_reach(store, focus_of(change, dataset.graph + change), shapes, change))
    assert found >= 10


def test_episode_counts_reach_the_other_seasons_of_the_series(shapes, store):
    assert {URIRef(CU + name) for name in ("seasonOf", "seasonNumber", "numberOfEpisodes", "inSeries")} <= (
        constraint_predicates(shapes)
    )
    season = res("series/bosch/season-2")
    graph = reachable_graph(store, [season], shapes)
    assert (res("series/bosch/season-7"), URIRef(CU + "seasonOf"), res("series/bosch")) in graph
    assert len(graph) < 2000, "only the neighbourhood, not the whole graph"


def test_pyshacl_turbo_reports_what_pyshacl_reports(dataset, shapes):
    graph = Graph()
    graph += dataset.graph
    for name in ("role-work-is-a-person.ttl", "season-without-number.ttl", "language-tag-english.ttl"):
        graph += parse_file(FIXTURES / "bad" / name)[0]
    reports = []
    for engine in ("turbo", "pyshacl"):
        validate, _ = shacl_engine(engine)
        _, results, _ = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
        reports.append(
            {
                tuple(results.value(r, p) for p in (SH.focusNode, SH.resultPath, SH.value, SH.resultMessage))
                for r in results.subjects(RDF.type, SH.ValidationResult)
            }
        )
    assert len(reports[0]) >= 4
    assert reports[0] == reports[1]


def test_tree_shaped_blank_nodes_get_stable_content_labels():
    def entry(graph: Graph, novel: str, position: int) -> None:
        node = BNode()
        graph.add((res(novel), URIRef(CU + "seriesEntry"), node))
        graph.add((node, URIRef(CU + "position"), Literal(position)))

    one, two = Graph(), Graph()
    entry(one, "novel/a", 1)
    entry(one, "novel/b", 2)
    entry(two, "novel/b", 2)
    entry(two, "novel/a", 1)
    assert canonical(one) == canonical(two)
    labels = {str(t) for triple in canonical(one) for t in triple if isinstance(t, BNode)}
    assert len(labels) == 2 and all(label.startswith("cb") for label in labels)


def test_shared_blank_nodes_still_get_rdflibs_canonical_labels():
    shared, graph = BNode(), Graph()
    graph.add((res("novel/a"), URIRef(CU + "seriesEntry"), shared))
    graph.add((res("novel/b"), URIRef(CU + "seriesEntry"), shared))
    graph.add((shared, URIRef(CU + "position"), Literal(1)))
    triples = canonical(graph)
    assert len(triples) == 3
    assert len({t for triple in triples for t in triple if isinstance(t, BNode)}) == 1


def test_an_unknown_shacl_engine_is_a_usage_error(kgtool, monkeypatch):
    monkeypatch.setenv("KGTOOL_SHACL", "topbraid")
    run = kgtool("validate")
    assert run.code == 2
    assert run.err == "kgtool: error: KGTOOL_SHACL=topbraid: unknown SHACL engine; choose one of turbo, pyshacl\n"
