"""The saved-query library: every query runs, on rdflib and on Oxigraph with the same answer, and its answer
is checked against facts of the data; the contract queries work through the CLI with a label, a CURIE or an
IRI, in English and French, in all four formats; `kgtool queries` and docs/queries.md list every query."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.query import Result
from rdflib.util import from_n3

from kgtool.namespaces import CU
from kgtool.query.local import run_saved_query_on_store, run_text
from kgtool.query.registry import bind_parameters, find_query, prepare, registry
from kgtool.query.results import plain
from kgtool.store.dataset import source_files

from conftest import FIXTURES, ROOT
from helpers import RES, load_copy, pairs, res

REGISTRY = registry(ROOT)
SAVED = sorted(REGISTRY)
CONTRACT = ("adaptations", "appearances", "cast", "novels", "roles", "spinoffs")

# What each query with a required parameter is run with when nothing else is said.
DEFAULT_PARAMS: dict[str, dict[str, str]] = {
    "appearances": {"character": "res:character/harry-bosch"},
    "cast": {"series": "Ballard"},
    "episode-credits": {"person": "res:person/michael-connelly"},
    "episodes": {"series": "Ballard"},
    "filmography": {"person": "Titus Welliver"},
    "is-adapted": {"novel": "The Black Echo"},
    "neighbourhood": {"entity": "res:series/ballard"},
    "roles": {"actor": "Titus Welliver"},
    "shared-books": {"character": "res:character/harry-bosch", "other": "Renée Ballard"},
}

# Runs compared between rdflib and Oxigraph: every saved query as above, plus the French labels and the
# optional parameters where a query does more than pick a label (IF on ?__lang, FILTER on a parameter).
PARITY: list[tuple[str, str | None, dict[str, str]]] = [(name, None, DEFAULT_PARAMS.get(name, {})) for name in SAVED]
PARITY += [
    ("behind-the-camera", "fr", {"person": "Titus Welliver"}),
    ("co-appearances", "fr", {"character": "Renée Ballard"}),
    ("family", "fr", {"character": "Maddie Bosch"}),
    ("least-sourced", None, {"kind": "novel"}),
    ("neighbourhood", None, {"entity": "res:book-series/renee-ballard"}),
    ("novels", "fr", {"series": "res:book-series/renee-ballard"}),
    ("pipeline", "fr", {}),
    ("platforms", "fr", {"platform": "Netflix"}),
    ("series-overview", "fr", {}),
    ("shared-books", "fr", {"character": "Cassie Black", "other": "Cassie Black"}),
    ("spinoff-tree", "fr", {"series": "Ballard"}),
    ("timeline", "fr", {"from": "2014", "to": "2016"}),
    ("unadapted-novels", None, {"series": "res:book-series/jack-mcevoy"}),
]


@dataclass
class Answer:
    """A saved query as run: its text with the parameters bound, and rdflib's result."""

    text: str
    result: Result

    def rows(self) -> list[dict[str, str]]:
        """SELECT rows as ``{column: lexical value}`` ('' when unbound)."""
        names = [str(v) for v in self.result.vars]
        return [{name: plain(row[i]) for i, name in enumerate(names)} for row in self.result]


@pytest.fixture(scope="module")
def answer(dataset):
    """``answer(name, lang=None, **params)``: a saved query run on the shipped graph, each run done once."""
    done: dict[tuple, Answer] = {}

    def run(name: str, lang: str | None = None, **params: str) -> Answer:
        key = (name, lang, tuple(sorted(params.items())))
        if key not in done:
            query = find_query(ROOT, name)
            text = prepare(query, bind_parameters(query, params, dataset.graph.query, lang=lang))
            done[key] = Answer(text, run_text(dataset.graph, text))
        return done[key]

    return run


@pytest.fixture(scope="module")
def rows(answer):
    """``rows(name, lang=None, **params)``: the rows of a saved query (defaults from DEFAULT_PARAMS)."""

    def run(name: str, lang: str | None = None, **params: str) -> list[dict[str, str]]:
        return answer(name, lang, **(params or DEFAULT_PARAMS.get(name, {}))).rows()

    return run


@pytest.fixture(scope="module")
def oxigraph_store(dataset):
    """An in-memory store of the Oxigraph engine (pyoxigraph) holding the same graph."""
    store = pyoxigraph.Store()
    store.load(dataset.graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture
def kgtool_loaded(kgtool, monkeypatch, dataset):
    """The CLI fixture running on the graph this session loaded from the same files: it is not parsed again
    for each run (loading is exercised by every other CLI test), and a run that changed it would show.
    It runs on the rdflib engine, the one that loads that graph (tests/test_cache.py covers the Oxigraph one)."""
    monkeypatch.setenv("KGTOOL_ENGINE", "rdflib")
    monkeypatch.setattr("kgtool.query.local.load_dataset", lambda: dataset)
    return kgtool


def column(table: list[dict[str, str]], name: str) -> list[str]:
    """One column of a result."""
    return [row[name] for row in table]


def row_where(table: list[dict[str, str]], **values: str) -> dict[str, str]:
    """The one row with these values."""
    found = [row for row in table if all(row[k] == v for k, v in values.items())]
    assert len(found) == 1, (values, found)
    return found[0]


def items(cell: str) -> set[str]:
    """The items of a GROUP_CONCAT column (its order is not defined by SPARQL)."""
    return set(cell.split("; ")) if cell else set()


def label(graph: Graph, node) -> str:
    """The English label of ``node``."""
    return next(str(o) for o in graph.objects(node, RDFS.label) if o.language == "en")


def year(graph: Graph, book) -> int:
    """A book's publication year."""
    return int(str(graph.value(book, CU.publicationYear)))


# --- every saved query runs the same on rdflib and Oxigraph -------------------------------------------


def normal_value(value: str) -> str:
    """A cell with its list items sorted: GROUP_CONCAT order is left to each engine."""
    return "; ".join(sorted(re.split(r"; |, ", value)))


@pytest.fixture(scope="module")
def shipped_store():
    """The shipped graph as kgtool's Oxigraph engine holds it (parsed by Oxigraph, in memory)."""
    import pyoxigraph

    from kgtool.store.cache import load_into

    store = pyoxigraph.Store()
    load_into(store, source_files(ROOT))
    return store


def _terms(result) -> list[tuple]:
    """Rows as (kind, lexical form with list items sorted, datatype): GROUP_CONCAT order is left to each engine."""
    return [
        tuple(
            None if t is None else (type(t).__name__, normal_value(str(t)), getattr(t, "datatype", None)) for t in row
        )
        for row in result
    ]


def _languages(result) -> list[tuple]:
    return [tuple(getattr(t, "language", None) for t in row) for row in result]


@pytest.mark.parametrize(
    "name, lang, params", PARITY, ids=[f"{n}-{lang or 'en'}-{'-'.join(p.values())}" for n, lang, p in PARITY]
)
def test_rdflib_and_oxigraph_give_the_same_answer(answer, oxigraph_store, shipped_store, name, lang, params):
    """rdflib's answer (run once) against Oxigraph's on the same text, and against kgtool's Oxigraph engine
    (labels resolved on the store, the answer converted to rdflib terms)."""
    ran = answer(name, lang, **params)
    result, theirs = ran.result, oxigraph_store.query(ran.text)
    if result.type == "SELECT":
        names = [str(v) for v in result.vars]
        assert [v.value for v in theirs.variables] == names
        ours = [tuple(normal_value(plain(term)) for term in row) for row in result]
        theirs = [tuple(normal_value("" if sol[v] is None else sol[v].value) for v in names) for sol in theirs]
        assert ours, "every saved query answers something on the shipped graph"
        assert ours == theirs  # the same rows, in the same order
    elif result.type == "ASK":
        assert bool(theirs) is result.askAnswer
    else:
        graph = Graph().parse(data=theirs.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES), format="nt")
        assert len(result.graph) > 0
        assert isomorphic(result.graph, graph)
    engine = run_saved_query_on_store(find_query(ROOT, name), params, lang, store=shipped_store)
    assert engine.type == result.type
    if engine.type == "SELECT":
        assert engine.vars == result.vars
        assert _terms(engine) == _terms(result) and _terms(engine)
        for mine, reference in zip(_languages(engine), _languages(result), strict=True):
            # the one known difference: Oxigraph keeps the language tag the values of a GROUP_CONCAT share
            assert all(a == b or b is None for a, b in zip(mine, reference, strict=True))
    elif engine.type == "ASK":
        assert engine.askAnswer is result.askAnswer
    else:
        assert isomorphic(engine.graph, result.graph) and len(engine.graph)


# --- kgtool queries, --help, README ---------------------------------------------------------------------


def test_kgtool_queries_lists_every_saved_query(kgtool):
    run = kgtool("queries")
    assert run.code == 0
    listed = re.findall(r"^(\S+)  ", run.out, flags=re.MULTILINE)
    assert listed == SAVED
    assert len(SAVED) >= len(CONTRACT) + 20


@pytest.mark.parametrize("name", SAVED)
def test_every_saved_query_is_documented(kgtool, name):
    query = REGISTRY[name]
    assert query.summary and query.description.strip() and query.tags, name
    run = kgtool("query", name, "--help")
    assert run.code == 0
    assert run.out.startswith(f"{name}: {query.summary}")
    for parameter in query.parameters:
        assert parameter.describe() in run.out


def test_the_manual_lists_the_saved_queries_as_kgtool_queries_prints_them(kgtool):
    readme = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    block = re.search(r"```\n\$ kgtool queries\n(.*?)```", readme, flags=re.DOTALL)
    assert block, "docs/queries.md shows the output of 'kgtool queries'"
    assert block.group(1) == kgtool("queries").out


# --- the contract queries through the CLI: label, CURIE, IRI; en and fr; table, csv, tsv, json -----------


@dataclass(frozen=True)
class ContractCase:
    """A contract query, the values that name its entity parameter, and rows expected in each language."""

    parameter: str | None
    values: dict[str, str]  # form (label, curie, iri) -> value
    expected: dict[str, dict[str, tuple[str, str | None]]]  # lang -> column -> (value, language tag)


CONTRACT_CASES = {
    "cast": ContractCase(
        "series",
        {"label": "harry bosch", "curie": "res:series/bosch", "iri": f"{RES}series/bosch"},
        {
            lang: {
                "actorName": ("Titus Welliver", "en"),
                "characterName": ("Harry Bosch", "en"),
                "seasons": ("1, 2, 3, 4, 5, 6, 7", None),
            }
            for lang in ("en", "fr")
        },
    ),
    "roles": ContractCase(
        "actor",
        {"label": "TITUS WELLIVER", "curie": "res:person/titus-welliver", "iri": f"<{RES}person/titus-welliver>"},
        {
            "en": {"workTitle": ("Bosch", "en"), "characterName": ("Harry Bosch", "en"), "workType": ("series", None)},
            "fr": {
                "workTitle": ("Harry Bosch", "fr"),
                "characterName": ("Harry Bosch", "en"),
                "workType": ("series", None),
            },
        },
    ),
    "appearances": ContractCase(
        "character",
        {"label": "renee ballard", "curie": "res:character/renee-ballard", "iri": f"{RES}character/renee-ballard"},
        {
            "en": {"workTitle": ("The Late Show", "en"), "workType": ("novel", None), "actorName": ("", None)},
            "fr": {"workTitle": ("En attendant le jour", "fr"), "workType": ("novel", None), "actorName": ("", None)},
        },
    ),
    "adaptations": ContractCase(
        "work",
        {"label": "Ballard", "curie": "res:series/ballard", "iri": f"{RES}series/ballard"},
        {
            "en": {"workTitle": ("Ballard", "en"), "seasonNumber": ("1", None), "novelTitle": ("The Dark Hours", "en")},
            "fr": {
                "workTitle": ("Ballard", "fr"),
                "seasonNumber": ("1", None),
                "novelTitle": ("Les Ténèbres et la Nuit", "fr"),
            },
        },
    ),
    "novels": ContractCase(
        "series",
        {
            "label": "RENEE BALLARD SERIES",
            "curie": "res:book-series/renee-ballard",
            "iri": f"{RES}book-series/renee-ballard",
        },
        {
            lang: {
                "title": (title, lang),
                "year": ("2017", None),
                "seriesName": ("Renée Ballard series", "en"),
                "position": ("1", None),
                "titleFr": ("En attendant le jour", "fr"),
            }
            for lang, title in (("en", "The Late Show"), ("fr", "En attendant le jour"))
        },
    ),
    "spinoffs": ContractCase(
        None,
        {},
        {
            "en": {"seriesTitle": ("Ballard", "en"), "parentTitle": ("Bosch", "en")},
            "fr": {"seriesTitle": ("Ballard", "fr"), "parentTitle": ("Harry Bosch", "fr")},
        },
    ),
}

# Each way of naming the entity in both languages; all four formats; the formats that carry language tags
# (tsv, json) in both languages.
MATRIX = [
    ("label", "en", "table"),
    ("curie", "en", "tsv"),
    ("iri", "en", "json"),
    ("label", "fr", "json"),
    ("curie", "fr", "csv"),
    ("iri", "fr", "tsv"),
]


def parse_output(out: str, fmt: str) -> list[dict[str, tuple[str, str | None]]]:
    """The rows a CLI run printed, as ``{column: (value, language tag)}``; the tag is None where the format has none."""
    if fmt == "table":
        lines = out.rstrip("\n").splitlines()
        assert re.fullmatch(r"\((\d+) rows?\)", lines[-1])
        starts = [m.start() for m in re.finditer(r"-+", lines[1])]
        bounds = list(zip(starts, starts[1:] + [None], strict=True))
        header = [lines[0][a:b].strip() for a, b in bounds]
        return [
            {h: (line[a:b].strip(), None) for h, (a, b) in zip(header, bounds, strict=True)} for line in lines[2:-1]
        ]
    if fmt == "csv":
        return [{k: (v, None) for k, v in row.items()} for row in csv.DictReader(io.StringIO(out))]
    if fmt == "tsv":
        lines = out.rstrip("\n").split("\n")
        header = [h.removeprefix("?") for h in lines[0].split("\t")]
        table = []
        for line in lines[1:]:
            terms = [from_n3(cell) if cell else None for cell in line.split("\t")]
            table.append({h: _value_and_tag(t) for h, t in zip(header, terms, strict=True)})
        return table
    document = json.loads(out)
    return [
        {v: (b[v]["value"], b[v].get("xml:lang")) if v in b else ("", None) for v in document["head"]["vars"]}
        for b in document["results"]["bindings"]
    ]


def _value_and_tag(term) -> tuple[str, str | None]:
    if term is None:
        return ("", None)
    return (str(term), term.language if isinstance(term, Literal) else None)


@pytest.mark.parametrize("name", CONTRACT)
@pytest.mark.parametrize("form, lang, fmt", MATRIX)
def test_contract_query_through_the_cli(kgtool_loaded, name, form, lang, fmt):
    case = CONTRACT_CASES[name]
    args = ["query", name, "--format", fmt, "--lang", lang]
    if case.parameter:
        args += ["--param", f"{case.parameter}={case.values[form]}"]
    run = kgtool_loaded(*args)
    assert run.code == 0, run.err
    table = parse_output(run.out, fmt)
    expected = case.expected[lang]
    matching = [row for row in table if all(row[c][0] == value for c, (value, _) in expected.items())]
    assert matching, f"no row {expected} in {name} ({form}, {lang}, {fmt})"
    if fmt in ("tsv", "json"):  # these formats carry the language of each label
        tags = {c: tag for c, (_, tag) in expected.items() if tag}
        assert any(all(row[c][1] == tag for c, tag in tags.items()) for row in matching), (expected, matching)


def test_graph_results_refuse_tabular_formats_and_ambiguous_entities_list_candidates(kgtool_loaded):
    csv_run = kgtool_loaded("query", "neighbourhood", "--param", "entity=res:series/ballard", "--format", "csv")
    assert csv_run.code == 2
    assert "is a graph" in csv_run.err
    ambiguous = kgtool_loaded("query", "neighbourhood", "--param", "entity=The Lincoln Lawyer")
    assert ambiguous.code == 2
    for kind in ("novel", "film", "series"):
        assert f"{RES}{kind}/the-lincoln-lawyer" in ambiguous.err


def test_injection_values_are_only_values(kgtool_loaded, dataset):
    before = len(dataset.graph)
    entity = kgtool_loaded(
        "query", "shared-books", "--param", 'character=x" } ; DROP ALL ; #', "--param", "other=Harry Bosch"
    )
    assert entity.code == 2
    assert "matches no cu:Character" in entity.err
    literal = kgtool_loaded("query", "timeline", "--param", 'from=2014" } ; DROP ALL ; #')
    assert literal.code == 2  # a year parameter takes a year, nothing else
    assert "expected a year such as 2014" in literal.err
    assert len(dataset.graph) == before  # the very graph both runs queried


def test_an_rdflib_evaluation_failure_is_one_error_line(kgtool_loaded):
    run = kgtool_loaded("query", str(FIXTURES / "order-by-unbound.rq"))
    assert run.code == 2
    assert run.err.startswith("kgtool: error: ") and run.err.count("\n") == 1
    assert "order-by-unbound.rq: the query failed while running on rdflib" in run.err


# --- facts: actors, characters, families ------------------------------------------------------------------


def test_actors_in_several_productions(rows, dataset):
    table = rows("multi-production-actors")
    welliver = row_where(table, actorName="Titus Welliver")
    assert welliver["productions"] == "3"
    assert items(welliver["workTitles"]) == {"Bosch", "Bosch: Legacy", "Ballard"}
    assert items(welliver["characterNames"]) == {"Harry Bosch"}
    assert {"Bosch: Legacy", "Ballard"} <= items(row_where(table, actorName="Maggie Q")["workTitles"])
    assert "Clint Eastwood" not in column(table, "actorName")  # one production, Blood Work
    graph = dataset.graph
    works: dict = {}
    for role in graph.subjects(RDF.type, CU.CastRole):
        works.setdefault(graph.value(role, CU.actor), set()).add(graph.value(role, CU.work))
    assert set(column(table, "actor")) == {str(a) for a, w in works.items() if len(w) > 1}
    assert [int(n) for n in column(table, "productions")] == sorted(
        (int(n) for n in column(table, "productions")), reverse=True
    )


def test_characters_on_the_page_and_on_screen(rows, dataset):
    table = rows("page-and-screen-characters")
    graph = dataset.graph
    bosch = row_where(table, characterName="Harry Bosch")
    featured = {s for s in graph.subjects(CU.features, res("character/harry-bosch")) if books_of(graph, s)}
    assert bosch["books"] == str(len(featured))
    assert (bosch["firstBookYear"], bosch["productions"]) == ("1992", "3")
    assert items(row_where(table, characterName="Mickey Haller")["actorNames"]) >= {
        "Matthew McConaughey",
        "Manuel Garcia-Rulfo",
    }
    for row in table:
        character = URIRef(row["character"])
        assert (None, CU.features, character) in graph and (None, CU.character, character) in graph
    assert "Allison" not in column(table, "characterName")


def test_characters_only_on_screen(rows, dataset):
    table = rows("screen-only-characters")
    graph = dataset.graph
    declared = {row["characterName"] for row in table if row["declared"] == "true"}
    assert {"Allison", "Izzy Letts"} <= declared
    assert declared == {label(graph, c) for c in graph.subjects(CU.screenOnly, Literal(True))}
    assert items(row_where(table, characterName="Izzy Letts")["actorNames"]) == {"Jazz Raycole"}
    on_screen = set(graph.objects(None, CU.character))
    in_books = set(graph.objects(None, CU.features))
    assert set(column(table, "character")) == {str(c) for c in on_screen - in_books}
    assert "Harry Bosch" not in column(table, "characterName")


def test_characters_played_by_several_actors(rows):
    table = rows("recast-characters")
    haller = {(r["actorName"], r["workType"]) for r in table if r["characterName"] == "Mickey Haller"}
    assert haller == {("Matthew McConaughey", "film"), ("Manuel Garcia-Rulfo", "series")}
    assert {("Marisa Tomei", "film"), ("Neve Campbell", "series")} <= {
        (r["actorName"], r["workType"]) for r in table if r["characterName"] == "Maggie McPherson"
    }
    dockweiler = pairs([r for r in table if r["characterName"] == "Kurt Dockweiler"], "actorName", "seasons")
    assert dockweiler == {("Will Chase", "1"), ("David Denman", "2")}  # recast between two seasons
    assert "Harry Bosch" not in column(table, "characterName")  # always Titus Welliver


def test_the_bosch_and_haller_family(rows):
    family = pairs(rows("family"), "characterName", "relation", "relativeName")
    assert {
        ("Harry Bosch", "half-sibling of", "Mickey Haller"),
        ("Mickey Haller", "half-sibling of", "Harry Bosch"),
        ("J. Michael Haller Sr.", "parent of", "Harry Bosch"),
        ("Maddie Bosch", "child of", "Harry Bosch"),
        ("Maddie Bosch", "child of", "Eleanor Wish"),
        ("Harry Bosch", "spouse of", "Eleanor Wish"),
        ("Eleanor Wish", "spouse of", "Harry Bosch"),
        ("J. Michael Haller Sr.", "grandparent of", "Maddie Bosch"),
        ("Mickey Haller", "uncle or aunt of", "Maddie Bosch"),
        ("Maddie Bosch", "nephew or niece of", "Mickey Haller"),
        ("Maddie Bosch", "cousin of", "Hayley Haller"),
        ("Hayley Haller", "cousin of", "Maddie Bosch"),
    } <= family
    assert not any(a == b for a, _, b in family)
    maddie = rows("family", "fr", character="Maddie Bosch")
    assert set(column(maddie, "characterName")) == {"Maddie Bosch"}
    assert {
        ("enfant de", "Harry Bosch"),
        ("cousin ou cousine de", "Hayley Haller"),
        ("neveu ou nièce de", "Mickey Haller"),
    } <= pairs(maddie, "relation", "relativeName")


def test_first_appearances_and_their_checks(rows, dataset):
    table = rows("first-appearances")
    graph = dataset.graph
    expected = {
        "Harry Bosch": ("The Black Echo", "1992", "novel"),
        "Renée Ballard": ("The Late Show", "2017", "novel"),
        "Mickey Haller": ("The Lincoln Lawyer", "2005", "novel"),
        "Izzy Letts": ("The Lincoln Lawyer", "2022", "series"),
    }
    for character, (title, first_year, kind) in expected.items():
        row = row_where(table, characterName=character)
        assert (row["firstAppearanceTitle"], row["year"], row["workType"]) == (title, first_year, kind)
    for row in table:
        character, work = URIRef(row["character"]), URIRef(row["work"])
        listed = (work, CU.features, character) in graph or any(
            (role, CU.work, work) in graph for role in graph.subjects(CU.character, character)
        )
        assert row["listed"] == str(listed).lower(), row
        earlier = {b for b in graph.subjects(CU.features, character) if str(year(graph, b)) < row["year"]}
        assert row["earlierBooks"] == str(len(earlier)), row
    assert column(table, "year") == sorted(column(table, "year"))


def test_years_between_page_and_screen(rows):
    table = rows("page-to-screen")
    found = {r["characterName"]: (r["firstOnPage"], r["firstOnScreen"], r["yearsBetween"]) for r in table}
    assert found["Harry Bosch"] == ("1992", "2014", "22")
    assert found["Mickey Haller"] == ("2005", "2011", "6")  # the 2011 film
    assert found["Terry McCaleb"] == ("1998", "2002", "4")
    assert found["Renée Ballard"] == ("2017", "2025", "8")  # Bosch: Legacy season 3, not the 2022 series premiere
    assert "Izzy Letts" not in found  # in no book
    assert [int(r["yearsBetween"]) for r in table] == sorted((int(r["yearsBetween"]) for r in table), reverse=True)


def test_characters_who_share_books(rows):
    pairs_table = rows("co-appearances")
    seen = set()
    for row in pairs_table:
        pair = frozenset((row["character"], row["other"]))
        assert pair not in seen and len(pair) == 2
        seen.add(pair)
    bosch_ballard = [r for r in pairs_table if {r["characterName"], r["otherName"]} == {"Harry Bosch", "Renée Ballard"}]
    shared = rows("shared-books", character="res:character/harry-bosch", other="Renée Ballard")
    assert [(r["sharedBooks"], r["since"]) for r in bosch_ballard] == [(str(len(shared)), "2018")]
    ballard = rows("co-appearances", "fr", character="Renée Ballard")
    assert set(column(ballard, "characterName")) == {"Renée Ballard"}
    assert ballard[0]["otherName"] == "Harry Bosch"


def test_books_where_bosch_and_ballard_both_appear(rows, dataset):
    table = rows("shared-books", character="res:character/harry-bosch", other="Renée Ballard")
    titles = column(table, "title")
    assert {"Dark Sacred Night", "The Night Fire", "The Dark Hours", "Desert Star", "The Waiting"} <= set(titles)
    graph = dataset.graph
    both = set(graph.subjects(CU.features, res("character/harry-bosch"))) & set(
        graph.subjects(CU.features, res("character/renee-ballard"))
    )
    assert set(column(table, "book")) == {str(b) for b in both}
    assert items(row_where(table, title="Dark Sacred Night")["seriesNames"]) == {
        "Harry Bosch series",
        "Renée Ballard series",
    }
    assert [r["year"] for r in table] == sorted(r["year"] for r in table)
    french = rows("shared-books", "fr", character="Cassie Black", other="Cassie Black")
    assert (french[0]["title"], french[0]["seriesNames"]) == ("La lune était noire", "hors série")


# --- facts: books -----------------------------------------------------------------------------------------


def test_novels_never_adapted(rows, dataset):
    table = rows("unadapted-novels")
    titles = set(column(table, "title"))
    assert "The Poet" in titles
    assert not titles & {"The Black Echo", "Blood Work", "The Lincoln Lawyer", "The Dark Hours"}
    planned = pairs(table, "title", "plannedAdaptation")
    assert ("Resurrection Walk", "The Lincoln Lawyer, season 5") in planned  # ordered, not yet released
    assert ("Fair Warning", "Fair Warning") in planned  # an announced film
    graph = dataset.graph
    released = {b for w in graph.subjects(CU.premiereDate, None) for b in graph.objects(w, CU.basedOn)}
    assert {URIRef(n) for n in column(table, "novel")} == set(graph.subjects(RDF.type, CU.Novel)) - released
    mcevoy = rows("unadapted-novels", series="res:book-series/jack-mcevoy")
    assert {"The Poet", "The Scarecrow"} <= set(column(mcevoy, "title")) <= titles


def test_is_a_book_adapted(answer):
    def asked(title: str) -> bool:
        return answer("is-adapted", novel=title).result.askAnswer

    assert asked("The Black Echo") is True
    assert asked("La Défense Lincoln") is True  # the French title names the novel (a film and a series share it)
    assert asked("res:novel/desert-star") is True
    assert asked("The Poet") is False
    assert asked("Void Moon") is False  # a film was planned, never released


def test_is_adapted_through_the_cli(kgtool_loaded):
    run = kgtool_loaded("query", "is-adapted", "--param", "novel=the poet", "--format", "json")
    assert (run.code, json.loads(run.out)) == (0, {"head": {}, "boolean": False})
    assert kgtool_loaded("query", "is-adapted", "--param", f"novel={RES}novel/blood-work").out.strip() == "true"


def test_the_most_adapted_books(rows, dataset):
    table = rows("most-adapted")
    graph = dataset.graph
    counts = Counter(b for _, b in graph.subject_objects(CU.basedOn))
    assert int(table[0]["adaptations"]) == max(counts.values())
    for row in table:
        assert row["adaptations"] == str(counts[URIRef(row["book"])])
    desert = row_where(table, title="Desert Star")
    assert (desert["adaptations"], desert["productions"]) == ("2", "2")
    assert items(desert["adaptedBy"]) == {"Bosch: Legacy, season 3", "Ballard, season 1"}
    blonde = row_where(table, title="The Concrete Blonde")
    assert (blonde["adaptations"], blonde["productions"]) == ("2", "1")  # two seasons of Bosch


def test_years_between_book_and_adaptation(rows):
    table = rows("adaptation-gap")
    assert (table[0]["novelTitle"], table[0]["adaptationTitle"], table[0]["gap"]) == (
        "The Black Ice",
        "Bosch: Legacy, season 3",
        "32",
    )
    for row in table:
        assert int(row["gap"]) == int(row["premiered"]) - int(row["published"])
    assert ("The Black Echo", "Bosch, season 3", "25") in pairs(table, "novelTitle", "adaptationTitle", "gap")
    assert ("Blood Work", "Blood Work", "4") in pairs(table, "novelTitle", "adaptationTitle", "gap")


def test_busiest_publication_years(rows, dataset):
    table = rows("busiest-years")
    graph = dataset.graph
    books = {s for s in graph.subjects(CU.publicationYear, None) if books_of(graph, s)}
    per_year = Counter(str(graph.value(book, CU.publicationYear)) for book in books)
    assert {r["year"]: int(r["books"]) for r in table} == dict(per_year)
    assert int(table[0]["books"]) == max(per_year.values())
    year_2011 = row_where(table, year="2011")
    assert {"The Drop", "The Fifth Witness"} <= items(year_2011["titles"])
    assert int(year_2011["novels"]) >= 2


def test_book_series(rows, dataset):
    table = rows("book-series")
    bosch = row_where(table, seriesName="Harry Bosch series")
    assert (bosch["protagonistName"], bosch["firstYear"]) == ("Harry Bosch", "1992")
    assert int(bosch["lastPosition"]) >= 25
    graph = dataset.graph
    in_series = [
        b for b, e in graph.subject_objects(CU.seriesEntry) if (e, CU.inSeries, res("book-series/harry-bosch")) in graph
    ]
    assert bosch["books"] == str(len(set(in_series)))
    assert table[0]["seriesName"] == "Harry Bosch series"  # the longest series
    ballard = row_where(table, seriesName="Renée Ballard series")
    assert (ballard["protagonistName"], ballard["firstYear"]) == ("Renée Ballard", "2017")


def test_crossover_books(rows):
    table = rows("crossover-novels")
    assert items(row_where(table, title="A Darkness More Than Night")["entries"]) == {
        "Harry Bosch series #7",
        "Terry McCaleb series #2",
    }
    assert items(row_where(table, title="Dark Sacred Night")["entries"]) == {
        "Harry Bosch series #21",
        "Renée Ballard series #2",
    }
    assert all(int(r["seriesCount"]) >= 2 for r in table)
    assert "The Black Echo" not in column(table, "title")


def test_french_titles_that_differ(rows, dataset):
    table = rows("french-titles")
    found = pairs(table, "englishTitle", "frenchTitle", "kind")
    assert {
        ("City of Bones", "Wonderland Avenue", "novel"),
        ("The Black Echo", "Les Égouts de Los Angeles", "novel"),
        ("Bosch", "Harry Bosch", "TV series"),
        ("The Lincoln Lawyer", "La Défense Lincoln", "film"),
    } <= found
    english = set(column(table, "englishTitle"))
    assert not english & {"Echo Park", "Bosch: Legacy", "Ballard"}  # the same title in French
    assert row_where(table, englishTitle="City of Bones")["frenchYear"] == "2002"


def test_books_without_a_french_title(rows, dataset):
    table = rows("untranslated")
    assert "The Hollow" in column(table, "title")
    assert "The Black Echo" not in column(table, "title")
    graph = dataset.graph
    for row in table:
        assert not any(o.language == "fr" for o in graph.objects(URIRef(row["book"]), RDFS.label))


def test_a_timeline_interleaving_books_and_screen(rows):
    table = rows("timeline")
    events = [(r["when"], r["event"], r["title"]) for r in table]
    assert column(table, "when") == sorted(column(table, "when"))
    position = {(r["event"], r["title"]): i for i, r in enumerate(table)}
    assert (
        position[("novel", "City of Bones")]
        < position[("film release", "Blood Work")]
        < position[("novel", "Lost Light")]
    )
    assert ("2014-02-06", "season premiere", "Bosch, season 1") in events
    window = rows("timeline", "fr", **{"from": "2014", "to": "2016"})
    assert {r["when"][:4] for r in window} == {"2014", "2015", "2016"}
    assert ("2016-03-11", "season premiere", "Harry Bosch, saison 2") in pairs(window, "when", "event", "title")
    assert ("2014-11-03", "novel", "Mariachi Plaza") in pairs(window, "when", "event", "title")


# --- facts: the screen ----------------------------------------------------------------------------------


def test_spin_off_chain_reaches_bosch(rows):
    tree = pairs(rows("spinoff-tree"), "seriesTitle", "ancestorTitle", "direct")
    assert ("Ballard", "Bosch", "true") in tree
    assert ("Ballard", "Bosch: Legacy", "true") in tree
    assert ("Bosch: Legacy", "Bosch", "true") in tree
    ballard = rows("spinoff-tree", "fr", series="Ballard")
    assert set(column(ballard, "ancestorTitle")) == {"Harry Bosch", "Bosch: Legacy"}


def test_spin_off_chain_follows_the_property_path_to_the_end():
    with_grandchild = load_copy(extra=[FIXTURES / "spin-off-of-ballard.ttl"], root=ROOT)
    query = find_query(ROOT, "spinoff-tree")
    select = with_grandchild.graph.query
    text = prepare(query, bind_parameters(query, {"series": "Example Ballard spin-off"}, select))
    result = run_text(with_grandchild.graph, text)
    chain = {(plain(r.ancestorTitle), plain(r.direct), plain(r.generations)) for r in result}
    assert chain == {("Ballard", "true", "1"), ("Bosch: Legacy", "false", "2"), ("Bosch", "false", "3")}


def test_platforms_by_season(rows):
    table = rows("platforms")
    legacy = {(r["seasonNumber"], r["platformName"]) for r in table if r["seriesTitle"] == "Bosch: Legacy"}
    assert legacy == {("1", "Amazon Freevee"), ("2", "Amazon Freevee"), ("3", "Prime Video")}
    assert row_where(table, seriesTitle="Ballard", seasonNumber="1")["premiere"] == "2025-07-09"
    netflix = rows("platforms", "fr", platform="Netflix")
    assert set(column(netflix, "seriesTitle")) == {"La Défense Lincoln"}
    assert {"1", "2", "3", "4"} <= set(column(netflix, "seasonNumber"))


def test_how_many_novels_each_production_drew_on(rows, dataset):
    table = rows("series-sources")
    graph = dataset.graph
    bosch_books = {b for s in graph.subjects(CU.seasonOf, res("series/bosch")) for b in graph.objects(s, CU.basedOn)}
    bosch = row_where(table, workTitle="Bosch")
    assert bosch["novels"] == str(len(bosch_books)) and len(bosch_books) >= 14
    assert bosch["seasons"] == "7"
    assert table[0]["workTitle"] == "Bosch"
    assert items(row_where(table, workTitle="Ballard")["novelTitles"]) == {"The Dark Hours", "Desert Star"}
    film = row_where(table, workTitle="Blood Work")
    assert (film["workType"], film["novels"], film["seasons"]) == ("film", "1", "0")


def test_seasons_with_episodes(rows):
    table = rows("seasons")
    bosch = [r for r in table if r["seriesTitle"] == "Bosch"]
    assert [r["seasonNumber"] for r in bosch] == [str(n) for n in range(1, 8)]
    assert row_where(table, seriesTitle="Bosch", seasonNumber="7")["episodes"] == "8"
    assert sum(int(r["episodes"]) for r in bosch) == 68
    ballard = row_where(table, seriesTitle="Ballard", seasonNumber="1")
    assert ballard["sourceNovels"] == "2" and int(ballard["castRoles"]) >= 11
    assert row_where(table, seriesTitle="The Lincoln Lawyer", seasonNumber="5")["premiere"] == ""  # ordered only
    assert table[0]["seriesTitle"] == "Level 9"  # the first series to premiere (UPN, 2000)


def test_series_overview_checks_stated_counts(rows, dataset):
    table = rows("series-overview")
    bosch = row_where(table, seriesTitle="Bosch")
    assert (bosch["statedSeasons"], bosch["releasedSeasons"], bosch["statedEpisodes"], bosch["countedEpisodes"]) == (
        "7",
        "7",
        "68",
        "68",
    )
    assert (bosch["status"], bosch["consistent"]) == ("ended", "true")
    for row in table:
        same = (row["statedSeasons"] or "0", row["statedEpisodes"] or "0") == (
            row["releasedSeasons"] or "0",
            row["countedEpisodes"] or "0",
        )
        assert row["consistent"] == str(same).lower(), row
    french = rows("series-overview", "fr")
    assert row_where(french, seriesTitle="Avalon")["status"] == "annulée"


def test_what_is_coming(rows):
    table = rows("pipeline")
    assert ("The Lincoln Lawyer, season 5", "season", "Resurrection Walk") in pairs(
        table, "title", "kind", "basedOnTitle"
    )
    assert ("Ballard", "series", "renewed") in pairs(table, "title", "kind", "status")
    assert not set(column(table, "title")) & {"Avalon", "Bosch", "Bosch: Legacy"}  # cancelled or ended
    french = rows("pipeline", "fr")
    assert ("La Défense Lincoln, saison 5", "Sans l'ombre d'un doute") in pairs(french, "title", "basedOnTitle")


def test_people_behind_the_camera(rows):
    table = rows("behind-the-camera")
    kelley = row_where(table, personName="David E. Kelley")
    assert "creator" in items(kelley["credits"])
    assert {"The Lincoln Lawyer", "Avalon"} <= items(kelley["workTitles"])
    eastwood = row_where(table, personName="Clint Eastwood")
    assert "director" in items(eastwood["credits"]) and eastwood["alsoActs"] == "true"
    assert row_where(table, personName="Titus Welliver")["alsoActs"] == "true"
    assert table[0]["personName"] == "Michael Connelly"
    welliver = rows("behind-the-camera", "fr", person="Titus Welliver")
    assert [(r["personName"], r["credits"]) for r in welliver] == [("Titus Welliver", "producteur")]


# --- facts: the graph and its curation ----------------------------------------------------------------------


def test_sources_per_entity(rows, dataset):
    table = rows("least-sourced")
    graph = dataset.graph
    counts = [int(n) for n in column(table, "sources")]
    assert counts == sorted(counts)
    bosch = row_where(table, entity=f"{RES}character/harry-bosch")
    assert bosch["sources"] == str(len(set(graph.objects(res("character/harry-bosch"), DCTERMS.source))))
    assert bosch["kind"] == "Character"
    novels = rows("least-sourced", kind="novel")
    assert set(column(novels, "kind")) == {"Novel"}
    assert len(novels) == len(set(graph.subjects(RDF.type, CU.Novel)))


def test_neighbourhood_of_an_entity(answer):
    graph = answer("neighbourhood", entity="res:series/ballard").result.graph
    ballard = res("series/ballard")
    assert (ballard, CU.spinOffOf, res("series/bosch")) in graph
    assert (res("role/ballard/renee-ballard"), CU.work, ballard) in graph
    assert Literal("Maggie Q as Renée Ballard in Ballard", lang="en") in set(
        graph.objects(res("role/ballard/renee-ballard"), RDFS.label)
    )
    assert (res("series/bosch"), RDFS.label, Literal("Harry Bosch", lang="fr")) in graph
    assert (res("series/ballard/season-1"), CU.seasonOf, ballard) in graph
    assert not set(graph.subjects(CU.work, res("series/bosch")))  # only what touches Ballard
    series = answer("neighbourhood", entity="res:book-series/renee-ballard").result.graph
    entries = {e for e in series.subjects(CU.inSeries, res("book-series/renee-ballard"))}
    assert all(isinstance(e, BNode) for e in entries)
    first = next(e for e in entries if series.value(e, CU.position) == Literal(1))
    assert (res("novel/the-late-show"), CU.seriesEntry, first) in series


def test_neighbourhood_through_the_cli_as_turtle_and_json_ld(kgtool_loaded):
    turtle = kgtool_loaded("query", "neighbourhood", "--param", "entity=res:novel/desert-star")
    assert turtle.code == 0
    assert turtle.out.startswith("@prefix cu: <https://w3id.org/connelly/ontology#> .")
    graph = Graph().parse(data=turtle.out, format="turtle")
    assert (res("series/ballard/season-1"), CU.basedOn, res("novel/desert-star")) in graph
    jsonld = kgtool_loaded("query", "neighbourhood", "--param", "entity=res:novel/desert-star", "--format", "json")
    assert isomorphic(graph, Graph().parse(data=jsonld.out, format="json-ld"))


def books_of(graph, work) -> bool:
    """Whether ``work`` is a book (of a subclass of cu:Book), not a short story or an anthology."""
    return any((kind, RDFS.subClassOf, CU.Book) in graph for kind in graph.objects(work, RDF.type))
