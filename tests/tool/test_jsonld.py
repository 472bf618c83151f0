"""JSON-LD export: the project context, the round trip through an independent processor (pyld), frames."""

from __future__ import annotations

import json
import random

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kgtool.errors import InputError
from kgtool.export.jsonld import (
    dumps,
    frame_graph,
    frame_names,
    graph_to_jsonld,
    load_context,
    local_loader,
    to_rdf_graph,
)
from kgtool.namespaces import CU

from conftest import ROOT
from helpers import res

FRAMES = ROOT / "ontology" / "frames"


@pytest.fixture(scope="module")
def exported(dataset) -> str:
    """The default JSON-LD export of the whole graph, as text."""
    return dumps(graph_to_jsonld(dataset.graph, ROOT))


@pytest.fixture(scope="module")
def framed(dataset) -> dict[str, dict]:
    """Each shipped frame's output, parsed."""
    return {name: frame_graph(dataset.graph, FRAMES / f"{name}.jsonld", ROOT) for name in frame_names(ROOT)}


def node(document: dict, node_id: str) -> dict:
    """The top-level node of ``document`` with ``@id`` ``node_id``."""
    matches = [n for n in document["@graph"] if n.get("@id") == node_id]
    assert len(matches) == 1, f"{node_id} appears {len(matches)} times"
    return matches[0]


def test_the_whole_export_is_the_source_graph_for_pyld(dataset, exported):
    back = to_rdf_graph(json.loads(exported), ROOT)
    assert len(back) == len(dataset.graph)
    assert isomorphic(back, dataset.graph)


def shuffled_copy(graph: Graph, seed: int) -> Graph:
    """``graph`` again, its triples added in another order and its blank nodes under other ids."""
    triples = list(graph)
    random.Random(seed).shuffle(triples)
    names: dict[BNode, BNode] = {}
    copy = Graph()
    for triple in triples:
        copy.add(tuple(names.setdefault(t, BNode()) if isinstance(t, BNode) else t for t in triple))
    return copy


def blank_node_shapes() -> Graph:
    """Blank nodes of every shape: trees (embedded), shared, in a cycle, in a list; labels in several languages."""
    graph = Graph()
    book, other = res("novel/a"), res("novel/b")
    for position, series in ((1, "book-series/s1"), (2, "book-series/s2")):
        entry = BNode()
        graph.add((book, CU.seriesEntry, entry))
        graph.add((entry, CU.inSeries, res(series)))
        graph.add((entry, CU.position, Literal(position)))
    shared = BNode()
    graph.add((book, CU.features, shared))
    graph.add((other, CU.features, shared))
    graph.add((shared, RDFS.label, Literal("Shared", lang="en-GB")))
    first, second = BNode(), BNode()
    graph.add((first, CU.spouseOf, second))
    graph.add((second, CU.spouseOf, first))
    items = BNode()
    Collection(graph, items, [Literal(1), Literal("two", lang="fr"), book])
    graph.add((other, CU.basedOn, items))
    graph.add((book, RDFS.label, Literal("A", lang="en")))
    graph.add((book, CU.publicationYear, Literal("1992", datatype=XSD.gYear)))
    graph.add((other, CU.screenOnly, Literal(False)))
    return graph


def test_the_export_does_not_depend_on_parse_order_or_blank_node_ids(dataset, exported):
    for seed in (1, 2):
        assert dumps(graph_to_jsonld(shuffled_copy(dataset.graph, seed), ROOT)) == exported


def test_blank_nodes_of_every_shape_give_the_same_bytes_and_read_back_as_the_graph():
    graph = blank_node_shapes()
    texts = {dumps(graph_to_jsonld(shuffled_copy(graph, seed), ROOT)) for seed in range(4)}
    assert len(texts) == 1
    back = to_rdf_graph(json.loads(texts.pop()), ROOT)
    assert len(back) == len(graph)
    # Language tags come back in lowercase, as pyld's expansion writes them (BCP 47 ignores case).
    lowercase = Graph()
    for triple in graph:
        lowercase.add(tuple(Literal(t, lang=t.language.lower()) if getattr(t, "language", None) else t for t in triple))
    assert isomorphic(back, lowercase)


def test_keys_read_naturally(exported):
    document = json.loads(exported)
    echo = node(document, "novel/the-black-echo")
    assert echo["@type"] == "Novel"
    assert echo["label"] == {"en": "The Black Echo", "fr": "Les Égouts de Los Angeles"}
    assert echo["publicationYear"] == "1992"
    assert echo["author"] == "person/michael-connelly"
    assert echo["seriesEntry"] == [{"inSeries": "book-series/harry-bosch", "position": 1}]
    season = node(document, "series/bosch/season-1")
    assert season["premiereDate"] == "2014-02-06"
    assert season["seasonNumber"] == 1
    assert "novel/the-concrete-blonde" in season["basedOn"]
    role = node(document, "role/ballard/renee-ballard")
    assert (role["actor"], role["character"], role["castCategory"]) == (
        "person/maggie-q",
        "character/renee-ballard",
        "MainCast",
    )
    assert all(url.startswith("http") for url in role["source"])


def test_typed_dates_stay_typed_for_an_rdf_reader(exported):
    back = to_rdf_graph(json.loads(exported), ROOT)
    assert back.value(res("novel/the-black-echo"), CU.publicationYear) == Literal("1992", datatype=XSD.gYear)
    assert back.value(res("series/bosch"), CU.premiereDate) == Literal("2014-02-06", datatype=XSD.date)


def test_graph_is_sorted_and_blank_nodes_are_embedded(exported):
    document = json.loads(exported)
    ids = [n["@id"] for n in document["@graph"]]
    assert ids == sorted(ids)
    assert "_:" not in exported


def test_context_is_inline_and_never_schema_org(exported):
    document = json.loads(exported)
    assert document["@context"] == load_context(ROOT)
    assert 'https://schema.org"' not in exported and '"@context": "' not in exported


def test_the_context_names_every_property_of_the_ontology(dataset):
    context = load_context(ROOT)
    terms = {
        term: definition["@id"]
        for term, definition in context.items()
        if isinstance(definition, dict) and "@id" in definition
    }
    ranges = {XSD.date: "xsd:date", XSD.gYear: "xsd:gYear"}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in dataset.graph.subjects(RDF.type, kind):
            curie = "cu:" + str(prop).removeprefix(str(CU))
            named = [term for term, iri in terms.items() if iri == curie]
            assert len(named) == 1, f"{curie} needs exactly one term in ontology/context.jsonld"
            definition = context[named[0]]
            if kind == OWL.ObjectProperty:
                assert definition.get("@type") in ("@id", "@vocab"), curie
            elif (wanted := ranges.get(dataset.graph.value(prop, RDFS.range))) is not None:
                assert definition.get("@type") == wanted, curie


def test_the_loader_never_fetches():
    load = local_loader(ROOT)
    assert "@context" in load((ROOT / "ontology" / "context.jsonld").resolve().as_uri(), {})["document"]
    for url in ("https://schema.org/", "https://w3id.org/connelly/context.jsonld", "file:///etc/passwd"):
        with pytest.raises(InputError, match="never fetches"):
            load(url, {})


def test_a_frame_with_a_remote_context_is_refused(kgtool, tmp_path):
    frame = tmp_path / "remote.jsonld"
    frame.write_text('{"@context": "https://schema.org/", "@type": "TVSeries"}', encoding="utf-8")
    run = kgtool("export", "--frame", str(frame))
    assert run.code == 2 and run.out == ""
    assert "refusing to load the JSON-LD document https://schema.org/" in run.err


def expected_series(graph: Graph) -> Graph:
    """The series frame's content, written independently of the frame: see ontology/frames/README.md."""
    out = Graph()
    series = set(graph.subjects(RDF.type, CU.TVSeries))
    own = [CU.premiereDate, CU.endDate, CU.numberOfSeasons, CU.numberOfEpisodes, CU.status, CU.spinOffOf]
    _copy(graph, out, series, [RDF.type, RDFS.label, *own, CU.platform, CU.creator, CU.showrunner])
    _copy(graph, out, _objects(graph, series, CU.platform, CU.creator, CU.showrunner), [RDF.type, RDFS.label])
    seasons = {s for s in graph.subjects(CU.seasonOf) if graph.value(s, CU.seasonOf) in series}
    season_facts = [RDF.type, RDFS.label, CU.seasonNumber, CU.premiereDate, CU.numberOfEpisodes, CU.platform]
    _copy(graph, out, seasons, [*season_facts, CU.basedOn, CU.seasonOf])
    books = _objects(graph, seasons, CU.basedOn)
    _copy(graph, out, books, [RDF.type, RDFS.label, CU.publicationYear, CU.seriesEntry])
    _copy(graph, out, _objects(graph, books, CU.seriesEntry), [CU.inSeries, CU.position])
    roles = {r for r in graph.subjects(RDF.type, CU.CastRole) if graph.value(r, CU.work) in series}
    _copy(graph, out, roles, [RDF.type, CU.castCategory, CU.inSeason, CU.actor, CU.character, CU.work])
    _copy(graph, out, _objects(graph, roles, CU.actor, CU.character), [RDF.type, RDFS.label])
    return out


def expected_novel(graph: Graph) -> Graph:
    """The novel frame's content: every book with its author, series entries, characters and adaptations."""
    out = Graph()
    kinds = (CU.Novel, CU.Novella, CU.StoryCollection, CU.NonFictionBook)
    books = {b for kind in kinds for b in graph.subjects(RDF.type, kind)}
    facts = [RDF.type, RDFS.label, CU.publicationYear, CU.publicationDate, CU.frenchPublicationYear]
    _copy(graph, out, books, [*facts, CU.author, CU.seriesEntry, CU.features])
    entries = _objects(graph, books, CU.seriesEntry)
    _copy(graph, out, entries, [CU.position, CU.inSeries])
    linked = _objects(graph, books, CU.author, CU.features) | _objects(graph, entries, CU.inSeries)
    _copy(graph, out, linked, [RDF.type, RDFS.label])
    works = set()
    for work, book in graph.subject_objects(CU.basedOn):
        if book in books:
            out.add((work, CU.basedOn, book))
            works.add(work)
    work_facts = [RDF.type, RDFS.label, CU.premiereDate, CU.releaseYear, CU.seasonNumber, CU.seasonOf]
    _copy(graph, out, works, work_facts)
    _copy(graph, out, _objects(graph, works, CU.seasonOf), [RDF.type, RDFS.label])
    return out


def expected_person(graph: Graph) -> Graph:
    """The person frame's content: every person, their cast roles and their credits."""
    out = Graph()
    people = set(graph.subjects(RDF.type, CU.Person))
    _copy(graph, out, people, [RDF.type, RDFS.label])
    roles = set()
    for role, person in graph.subject_objects(CU.actor):
        if person in people:
            out.add((role, CU.actor, person))
            roles.add(role)
    _copy(graph, out, roles, [RDF.type, CU.castCategory, CU.inSeason, CU.character, CU.work])
    _copy(graph, out, _objects(graph, roles, CU.character, CU.work), [RDF.type, RDFS.label])
    credits = {CU.author: [CU.publicationYear], CU.creator: [], CU.showrunner: [], CU.producer: [], CU.director: []}
    for credit, extra in credits.items():
        for work, person in graph.subject_objects(credit):
            if person in people:
                out.add((work, credit, person))
                _copy(graph, out, {work}, [RDF.type, RDFS.label, *extra])
    return out


def _copy(graph: Graph, out: Graph, subjects: set, predicates: list) -> None:
    for subject in subjects:
        for predicate in predicates:
            for value in graph.objects(subject, predicate):
                out.add((subject, predicate, value))


def _objects(graph: Graph, subjects: set, *predicates: URIRef) -> set:
    return {o for s in subjects for p in predicates for o in graph.objects(s, p)}


@pytest.mark.parametrize(
    "name, expected", [("series", expected_series), ("novel", expected_novel), ("person", expected_person)]
)
def test_each_frame_holds_exactly_its_subgraph(dataset, framed, name, expected):
    back = to_rdf_graph(framed[name], ROOT)
    wanted = expected(dataset.graph)
    assert len(wanted) > 100
    missing = {t for t in wanted if not any(isinstance(x, BNode) for x in t)} - set(back)
    extra = {t for t in back if not any(isinstance(x, BNode) for x in t)} - set(wanted)
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])
    assert isomorphic(back, wanted)


def test_the_series_frame_nests_seasons_novels_and_cast(framed):
    bosch = node(framed["series"], "series/bosch")
    first = next(s for s in bosch["seasons"] if s["seasonNumber"] == 1)
    blonde = next(b for b in first["basedOn"] if b["@id"] == "novel/the-concrete-blonde")
    assert blonde["label"]["fr"] == "La Blonde en béton"
    assert blonde["seriesEntry"][0]["position"] == 3
    ballard = node(framed["series"], "series/ballard")
    maggie = next(r for r in ballard["cast"] if r["actor"]["@id"] == "person/maggie-q")
    assert maggie["character"]["label"] == {"en": "Renée Ballard"}
    assert sorted(ballard["spinOffOf"]) == ["series/bosch", "series/bosch-legacy"]


def test_the_novel_and_person_frames_nest_what_they_promise(framed):
    lawyer = node(framed["novel"], "novel/the-lincoln-lawyer")
    assert [a["@id"] for a in lawyer["adaptations"]] == ["film/the-lincoln-lawyer"]
    assert lawyer["seriesEntry"][0]["inSeries"]["label"] == {"en": "Mickey Haller series"}
    assert "character/mickey-haller" in {c["@id"] for c in lawyer["features"]}
    welliver = node(framed["person"], "person/titus-welliver")
    works = {role["work"]["@id"] for role in welliver["roles"]}
    assert works == {"series/bosch", "series/bosch-legacy", "series/ballard"}
    assert {role["character"]["@id"] for role in welliver["roles"]} == {"character/harry-bosch"}


def test_frame_and_entity_give_one_node(kgtool):
    run = kgtool("export", "--frame", "series", "--entity", "Ballard")
    assert run.code == 0, run.err
    document = json.loads(run.out)
    # the one framed node, and the dataset's description (its version and licence) that every export carries
    assert [n["@id"] for n in document["@graph"]] == ["../void#dataset", "series/ballard"]
    run = kgtool("export", "--frame", "person", "--entity", "res:series/ballard")
    assert run.code == 2 and "is not one of the nodes the frame 'person' selects" in run.err


def test_an_unknown_frame_is_a_usage_error(kgtool):
    run = kgtool("export", "--frame", "films")
    assert run.code == 2 and run.out == ""
    assert "kgtool: error: --frame 'films': no such frame; choose one of novel, person, series" in run.err


def test_every_frame_is_documented():
    readme = (FRAMES / "README.md").read_text(encoding="utf-8")
    for name in frame_names(ROOT):
        assert f"`{name}.jsonld`" in readme, f"ontology/frames/README.md does not describe {name}.jsonld"
