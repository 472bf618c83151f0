"""The saved queries start from their parameter, whatever the size of the graph: a label written exactly as in
the data is one index lookup, a parameter has its value inside the sub-SELECTs that name it, and on Oxigraph
each contract query's plan reads only around the entity its parameter names. The answers stay the same on
rdflib and Oxigraph, including on data the rewritten queries treat with care (books in no series)."""

from __future__ import annotations

import functools
import importlib.util
import json
import subprocess

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kgtool.errors import UsageError
from kgtool.namespaces import CU, PREFIXES
from kgtool.publish.server import find_oxigraph
from kgtool.query.local import label_rows, run_saved_query, run_saved_query_on_store, run_text
from kgtool.query.registry import Parameter, bind_parameters, find_query, prepare, resolve_label
from kgtool.query.results import plain
from kgtool.sparql_text import bind_values
from kgtool.store.cache import load_into
from kgtool.store.dataset import Dataset, source_files

from conftest import ROOT
from helpers import RES, res

SERIES = URIRef(f"{RES}series/bosch")


# --- a parameter in a sub-SELECT ------------------------------------------------------------------------

SUB_SELECTS = """PREFIX cu: <https://w3id.org/connelly/ontology#>
SELECT ?role ?seasons ?others WHERE {
  ?role cu:work ?_series .
  OPTIONAL {
    SELECT ?role (GROUP_CONCAT(STR(?number); separator=", ") AS ?seasons)
    WHERE {
      # a "SELECT { ?_series }" in a comment or a string is no sub-SELECT
      { SELECT ?role ?number WHERE { ?role cu:work ?_series ; cu:inSeason/cu:seasonNumber ?number } ORDER BY ?number }
    }
    GROUP BY ?role
  }
  { SELECT (COUNT(?other) AS ?others) WHERE { ?other cu:work ?anyWork FILTER (STR(?anyWork) != "?_series") } }
}
"""


def test_a_parameter_gets_a_values_block_in_each_sub_select_that_names_it():
    bound = bind_values(SUB_SELECTS, {"_series": SERIES})
    block = f"VALUES (?_series) {{ (<{SERIES}>) }}"
    assert bound.count(block) == 2
    outer, inner = (bound.index(block, start) for start in (0, bound.index(block) + 1))
    assert bound[:outer].rstrip().endswith("SELECT ?role ?seasons ?others WHERE {")  # the outermost group
    assert bound[:inner].rstrip().endswith("{ SELECT ?role ?number WHERE {")  # the innermost sub-SELECT
    assert bind_values(SUB_SELECTS, {}) == SUB_SELECTS
    # Nothing else: the aggregating sub-SELECT between them does not name the parameter, nor the counting one.
    assert bound.replace(f"\n  {block}\n", "") == SUB_SELECTS


def test_the_sub_select_sees_the_parameter_on_both_engines(dataset):
    graph = dataset.graph
    text = bind_values(SUB_SELECTS, {"_series": SERIES})
    ours = {(plain(r.role), plain(r.seasons), plain(r.others)) for r in run_text(graph, text)}
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    theirs = {tuple(s[v].value if s[v] else "" for v in ("role", "seasons", "others")) for s in store.query(text)}
    assert ours == theirs
    roles = set(graph.subjects(CU.work, SERIES))
    assert {URIRef(role) for role, _, _ in ours} == roles
    welliver = {seasons for role, seasons, _ in ours if role == f"{RES}role/bosch/harry-bosch"}
    assert welliver == {"1, 2, 3, 4, 5, 6, 7"}
    assert {int(others) for _, _, others in ours} == {len(list(graph.triples((None, CU.work, None))))}


# --- labels: an exact one is one lookup, any other is compared as before ---------------------------------


def recorder(graph: Graph):
    """A SELECT runner on ``graph`` that remembers the queries it ran."""
    ran: list[str] = []

    def select(text: str):
        ran.append(text)
        return graph.query(text)

    return select, ran


SCREEN = Parameter("series", required=True, classes=(CU.TVSeries, CU.Film))


def test_an_exact_label_takes_one_lookup_and_any_other_the_comparison(dataset):
    select, ran = recorder(dataset.graph)
    assert resolve_label(SCREEN, "Bosch: Legacy", select) == res("series/bosch-legacy")
    assert len(ran) == 1 and "SELECT DISTINCT ?entity" in ran[0]
    ran.clear()
    assert resolve_label(SCREEN, "bosch: LEGACY", select) == res("series/bosch-legacy")
    assert len(ran) == 2  # no exact label: every label of the classes is read and compared


def test_an_exact_french_label_and_an_alternative_label_are_exact_too(dataset):
    select, ran = recorder(dataset.graph)
    series = Parameter("series", required=False, classes=(CU.BookSeries,))
    assert resolve_label(series, "Lincoln Lawyer", select) == res("book-series/mickey-haller")  # skos:altLabel
    french = {o for o in dataset.graph.objects(res("series/bosch"), RDFS.label) if o.language == "fr"}
    assert [str(label) for label in french] == ["Harry Bosch"]
    assert resolve_label(SCREEN, "Harry Bosch", select) == res("series/bosch")
    assert len(ran) == 2


def test_an_exact_label_wins_over_a_case_variant_that_still_makes_other_spellings_ambiguous(dataset):
    graph = Graph()
    graph += dataset.graph
    variant = URIRef(f"{RES}series/ballard-variant")
    graph.add((variant, RDF.type, CU.TVSeries))
    graph.add((variant, RDFS.label, Literal("BALLARD", lang="en")))
    select, _ = recorder(graph)
    assert resolve_label(SCREEN, "Ballard", select) == res("series/ballard")
    assert resolve_label(SCREEN, "BALLARD", select) == variant
    with pytest.raises(
        UsageError, match=r"series='ballard' is ambiguous: it names .*series/ballard>.*ballard-variant>"
    ):
        resolve_label(SCREEN, "ballard", select)


def test_two_entities_with_the_same_exact_label_are_ambiguous_as_before(dataset):
    select, ran = recorder(dataset.graph)
    ambiguous = r"is ambiguous: it names res:film/the-lincoln-lawyer <.*film/the-lincoln-lawyer> \(La Défense Lincoln"
    with pytest.raises(UsageError, match=ambiguous):
        resolve_label(SCREEN, "The Lincoln Lawyer", select)
    assert len(ran) == 2  # the comparison lists every label of the candidates


# --- books in no series ----------------------------------------------------------------------------------

EDGE_BOOKS = """@prefix cu: <https://w3id.org/connelly/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/connelly/resource/> .
<novel/example-standalone> a cu:Novel ; rdfs:label "Example Standalone"@en ;
    cu:publicationYear "2030"^^xsd:gYear .
<novel/example-broken-entry> a cu:Novel ; rdfs:label "Example Broken Entry"@en ;
    cu:publicationYear "2031"^^xsd:gYear ; cu:seriesEntry [ cu:position 99 ] .
<novel/example-two-years> a cu:Novel ; rdfs:label "Example Two Years"@en ;
    cu:publicationYear "2032"^^xsd:gYear , "2033"^^xsd:gYear ;
    cu:seriesEntry [ cu:inSeries <book-series/harry-bosch> ; cu:position 98 ] .
"""


@pytest.fixture(scope="module")
def edge_graph(dataset):
    """The shipped graph with a standalone book, a book whose only series entry names no series, and a
    Harry Bosch book with two publication years."""
    graph = Graph()
    graph += dataset.graph
    graph.parse(data=EDGE_BOOKS, format="turtle")
    return graph


def novels_on_both_engines(graph: Graph, **params: str) -> list[tuple[str, ...]]:
    """The rows of ``novels`` on rdflib, checked equal (in order) to Oxigraph's."""
    query = find_query(ROOT, "novels")
    ours = [tuple(map(plain, row)) for row in run_saved_query(query, params, dataset=Dataset(graph, ROOT, []))]
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    theirs = [tuple(map(plain, row)) for row in run_saved_query_on_store(query, params, store=store)]
    assert ours == theirs
    return ours


def test_every_book_is_listed_once_per_series_or_once_as_a_standalone(edge_graph):
    table = novels_on_both_engines(edge_graph)
    by_title = {}
    for title, year, series_name, position, _, _, series in table:
        by_title.setdefault(title, []).append((year, series_name, position, series))
    assert by_title["Example Standalone"] == [("2030", "", "", "")]
    assert by_title["Example Broken Entry"] == [("2031", "", "", "")]  # as before: no series, no position
    bosch = f"{RES}book-series/harry-bosch"
    assert by_title["Example Two Years"] == [(y, "Harry Bosch series", "98", bosch) for y in ("2032", "2033")]
    assert by_title["The Black Echo"] == [("1992", "Harry Bosch series", "1", bosch)]
    books = {
        s
        for s in edge_graph.subjects(CU.publicationYear, None)
        if any((kind, RDFS.subClassOf, CU.Book) in edge_graph for kind in edge_graph.objects(s, RDF.type))
    }
    assert len(by_title) == len(books)


def test_a_series_parameter_leaves_the_standalones_out(edge_graph):
    table = novels_on_both_engines(edge_graph, series="Harry Bosch series")
    titles = [row[0] for row in table]
    assert "Example Standalone" not in titles and "Example Broken Entry" not in titles
    assert titles.count("Example Two Years") == 2
    assert {row[6] for row in table} == {f"{RES}book-series/harry-bosch"}
    assert titles[0] == "The Black Echo" and titles[-2:] == ["Example Two Years"] * 2  # in publication order


# --- Oxigraph's plans: only around the parameter ---------------------------------------------------------

PARAMETERS = {
    "cast": {"series": "Series 7"},
    "roles": {"actor": "Person 7.3"},
    "appearances": {"character": "Character 7.1"},
    "adaptations": {"work": "Series 7"},
    "novels": {"series": "Book series 7"},
}


@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory):
    """A store folder holding the ontology and a synthetic universe of about 110 franchises
    (bench/generate.py), the text of each contract query bound to one franchise, and its number of rows."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    folder = tmp_path_factory.mktemp("plans")
    universe = folder / "universe.ttl"
    universe.write_text(generate.universe(40_000), encoding="utf-8")
    files = [path for path in source_files(ROOT) if path.parent.name == "ontology"] + [universe]
    texts, answers = bound_queries(folder / "store", files)
    return folder / "store", texts, answers


def bound_queries(location, files) -> tuple[dict[str, str], dict[str, int]]:
    """Load ``files`` into a store at ``location``: each contract query bound to its parameters, and the
    number of rows it answers. The store is closed on return, for the oxigraph command to open it."""
    store = pyoxigraph.Store(str(location))
    load_into(store, files)
    texts, answers = {}, {}
    for name, params in PARAMETERS.items():
        query = find_query(ROOT, name)
        texts[name] = prepare(query, bind_parameters(query, params, functools.partial(label_rows, store)))
        answers[name] = len(run_saved_query_on_store(query, params, store=store).bindings)
    store.flush()
    return texts, answers


def largest_step(store_folder, text: str, folder) -> int:
    """The most results any step of Oxigraph's plan for ``text`` produced (``oxigraph query --explain``)."""
    prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())
    (folder / "query.rq").write_text(prefixes + text, encoding="utf-8")
    command = [find_oxigraph(), "query", "--location", str(store_folder), "--query-file", str(folder / "query.rq")]
    command += ["--results-format", "tsv", "--explain-file", str(folder / "plan.json"), "--stats"]
    subprocess.run(command, check=True, capture_output=True)

    def sizes(node: dict):
        yield node.get("number of results", 0)
        for child in node.get("children", []):
            yield from sizes(child)

    return max(sizes(json.loads((folder / "plan.json").read_text())["plan"]))


@pytest.mark.slow
@pytest.mark.parametrize("name", PARAMETERS)
def test_each_contract_query_reads_only_around_its_parameter(synthetic_store, name, tmp_path):
    store_folder, texts, answers = synthetic_store
    assert answers[name] == {"cast": 11, "roles": 1, "appearances": 5, "adaptations": 10, "novels": 10}[name]
    # The universe has about 1,200 cast roles, 1,100 novels and characters and 550 seasons; a query that
    # filtered every role or book, or aggregated every role's seasons, would show a step of that many.
    assert largest_step(store_folder, texts[name], tmp_path) <= 60


def test_a_contract_query_with_a_label_runs_on_rdflib_as_on_oxigraph(dataset):
    query = find_query(ROOT, "appearances")
    ours = run_saved_query(query, {"character": "Kurt Dockweiler"}, dataset=dataset)
    store = pyoxigraph.Store()
    store.load(dataset.graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    theirs = run_saved_query_on_store(query, {"character": "Kurt Dockweiler"}, store=store)
    assert [tuple(map(plain, row)) for row in ours] == [tuple(map(plain, row)) for row in theirs]
    actors = [plain(row.actor) for row in ours]  # two actors, same work and year: ordered by actor
    assert len(actors) == 2 and actors == sorted(actors)
