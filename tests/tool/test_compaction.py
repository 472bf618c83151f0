"""kgtool.export.compaction gives exactly pyld's compaction: compared with plain ``pyld.jsonld.compact`` on the real
graph, the schema.org view, a graph built to reach every branch, and random graphs, with the project's
context and with contexts that take pyld's own path."""

from __future__ import annotations

import copy
import json
import random
import warnings

import pytest
from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kgtool.export.compaction import Compactor, compact, kept_by_expansion
from kgtool.export.jsonld import (
    dumps,
    embed_blank_nodes,
    graph_to_jsonld,
    load_context,
    local_loader,
    to_expanded,
)
from kgtool.export.schema_view import SCHEMA_CONTEXT, schema_view
from kgtool.namespaces import CU

from conftest import ROOT
from helpers import RES, res

EX = "https://example.org/"

# A context that is not plain: a scoped context, an @index container and a default language.
RICH_CONTEXT = {
    "@vocab": str(CU),
    "@base": RES,
    "@language": "en",
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "author": {"@id": "cu:author", "@type": "@id", "@context": {"name": "rdfs:label"}},
    "cu": str(CU),
    "features": {"@id": "cu:features", "@container": "@index"},
    "position": {"@id": "cu:position", "@type": "xsd:integer"},
}


# A plain context (only @set and @language containers) with two terms for one property: the term for a
# value depends on whether that value is an IRI the context names.
PLAIN_CONTEXT = {
    "@vocab": str(CU),
    "@base": RES,
    "cu": str(CU),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "ex": EX,
    "label": {"@id": "rdfs:label", "@container": ["@language", "@set"]},
    "Ended": "cu:Ended",
    "Novel": "cu:Novel",
    "status": {"@id": "cu:status", "@type": "@vocab"},
    "statusLink": {"@id": "cu:status", "@type": "@id"},
    "features": {"@id": "cu:features", "@type": "@vocab", "@container": "@set"},
    "year": {"@id": "cu:publicationYear", "@type": "xsd:gYear"},
    "yearText": {"@id": "cu:publicationYear", "@language": None},
}


class Counting(Compactor):
    """The compactor, counting the nodes its direct path compacted and those it left to pyld."""

    def __init__(self) -> None:
        super().__init__()
        self.direct = self.left = 0

    def _compact_node(self, active_ctx, element, options):  # type: ignore[no-untyped-def]
        compacted = super()._compact_node(active_ctx, element, options)
        if compacted is None:
            self.left += 1
        else:
            self.direct += 1
        return compacted


def expanded_of(graph: Graph) -> list[dict]:
    """The expanded, blank-node-embedded form the export compacts."""
    return embed_blank_nodes(to_expanded(graph, ordered=False))


def assert_compacts_as_pyld(expanded: list[dict], context: dict) -> Counting:
    """Compaction by kgtool.export.compaction equals plain pyld's and leaves its input as it was; the compactor used."""
    loader = local_loader(ROOT)
    before = copy.deepcopy(expanded)
    wanted = jsonld.compact(copy.deepcopy(expanded), {"@context": context}, {"documentLoader": loader})
    assert compact(expanded, context, {"documentLoader": loader}) == wanted
    compactor = Counting()
    options = {"documentLoader": loader, "skipExpansion": kept_by_expansion(expanded)}
    got = compactor.compact(expanded, {"@context": context}, options)
    assert got == wanted
    assert json.dumps(got, sort_keys=True) == json.dumps(wanted, sort_keys=True)
    assert expanded == before, "compaction changed its input"
    return compactor


def every_branch() -> Graph:
    """A graph with every kind of value the export meets, and some it should leave to pyld."""
    g = Graph()
    book, other = res("novel/a"), res("novel/b")
    g.add((book, RDF.type, CU.Novel))
    g.add((book, RDF.type, URIRef("https://schema.org/Book")))  # two types, one outside @vocab
    g.add((other, RDF.type, OWL.Class))
    for text, lang in (("A", "en"), ("A2", "en"), ("Un", "fr"), ("Ein", "de-AT")):
        g.add((book, RDFS.label, Literal(text, lang=lang)))
    g.add((book, RDFS.label, Literal("no language")))  # a language map's @none
    g.add((book, RDFS.label, Literal("token", datatype=XSD.token)))  # not for a language map
    g.add((book, SKOS.altLabel, Literal("Alt", lang="en")))
    g.add((book, CU.publicationYear, Literal("1992", datatype=XSD.gYear)))  # the term's own type
    g.add((other, CU.publicationYear, Literal("1993")))  # a plain string under a typed term
    g.add((book, CU.publicationDate, Literal("1992-01-01", datatype=XSD.date)))
    g.add((book, CU.screenOnly, Literal(True)))
    with warnings.catch_warnings():  # rdflib warns about these two, which are meant to be ill-typed
        warnings.simplefilter("ignore")
        g.add((other, CU.screenOnly, Literal("maybe", datatype=XSD.boolean)))  # not a JSON boolean
        g.add((other, CU.numberOfSeasons, Literal("seven", datatype=XSD.integer)))  # not a JSON number
    g.add((book, CU.numberOfSeasons, Literal(7)))
    g.add((book, CU.seasonNumber, Literal("2.5", datatype=XSD.double)))
    g.add((book, CU.status, CU.Ended))  # @type @vocab: a term of the vocabulary
    g.add((other, CU.status, URIRef(EX + "status/odd")))  # @type @vocab, outside the vocabulary
    g.add((book, CU.author, res("person/x")))  # relative to @base
    g.add((book, CU.author, URIRef(EX + "person/y")))  # another site
    g.add((other, CU.author, URIRef(RES)))  # @base itself
    g.add((other, CU.publisher, URIRef(RES + "@odd")))  # looks like a keyword once relative
    g.add((book, CU.features, RDFS.label))  # an IRI that is a term of the context
    g.add((book, CU.features, CU.Novel))
    g.add((book, RDFS.seeAlso, URIRef("http://www.wikidata.org/entity/Q1")))  # a CURIE
    g.add((book, DCTERMS.created, Literal("2020-01-01", datatype=XSD.date)))  # no term: a compact IRI
    g.add((book, URIRef(EX + "prop"), Literal("x")))  # no term, no prefix
    g.add((book, CU.unknownProperty, URIRef(EX + "thing")))  # @vocab, untyped: {"@id": …}
    g.add((book, CU.unknownProperty, Literal("x", datatype=URIRef(EX + "type"))))
    g.add((book, RDFS.comment, Literal('{"a": 1}', datatype=RDF.JSON)))
    for position, series in ((1, "book-series/s1"), (2, "book-series/s2")):  # tree-shaped blank nodes
        entry = BNode()
        g.add((book, CU.seriesEntry, entry))
        g.add((entry, CU.inSeries, res(series)))
        g.add((entry, CU.position, Literal(position)))
    nested, inner = BNode(), BNode()  # two levels of embedding
    g.add((other, CU.seriesEntry, nested))
    g.add((nested, RDF.type, CU.SeriesEntry))
    g.add((nested, CU.inSeries, inner))
    g.add((inner, RDFS.label, Literal("inner", lang="en")))
    shared = BNode()  # used twice: stays a node of its own
    g.add((book, CU.features, shared))
    g.add((other, CU.features, shared))
    g.add((shared, RDFS.label, Literal("shared", lang="en")))
    first, second = BNode(), BNode()  # a cycle of blank nodes
    g.add((first, CU.spouseOf, second))
    g.add((second, CU.spouseOf, first))
    g.add((first, RDFS.label, Literal("first")))
    items = BNode()  # an RDF list: an @list value, left to pyld
    Collection(g, items, [Literal(1), Literal(2), res("novel/a")])
    g.add((other, CU.basedOn, items))
    return g


def random_graph(seed: int, size: int = 150) -> Graph:
    """Triples drawn at random from the kinds of terms and values in :func:`every_branch`."""
    rng = random.Random(seed)
    subjects = [res(f"thing/{i}") for i in range(12)] + [URIRef(EX + "s"), BNode("r1"), BNode("r2"), BNode("r3")]
    predicates = [
        RDFS.label,
        SKOS.altLabel,
        CU.publicationYear,
        CU.position,
        CU.screenOnly,
        CU.status,
        CU.author,
        CU.features,
        CU.seriesEntry,
        CU.inSeries,
        DCTERMS.created,
        URIRef(EX + "p"),
        CU.unknownProperty,
    ]
    values = [
        Literal("en text", lang="en"),
        Literal("texte", lang="fr"),
        Literal("plain"),
        Literal("2001", datatype=XSD.gYear),
        Literal(3),
        Literal(False),
        Literal("1.5", datatype=XSD.double),
        Literal("x", datatype=URIRef(EX + "t")),
        CU.Ended,
        CU.Novel,
        RDFS.label,
        URIRef(EX + "o"),
        *subjects,
    ]
    graph = Graph()
    for _ in range(size):
        graph.add((rng.choice(subjects), rng.choice(predicates), rng.choice(values)))
        if rng.random() < 0.2:
            graph.add((rng.choice(subjects), RDF.type, rng.choice([CU.Novel, CU.Person, URIRef(EX + "T")])))
    return graph


@pytest.mark.slow
def test_the_real_graph_compacts_as_pyld_does_on_the_direct_path(dataset):
    expanded = expanded_of(dataset.graph)
    assert kept_by_expansion(expanded)  # so pyld's second expansion is skipped
    compactor = assert_compacts_as_pyld(expanded, load_context(ROOT))
    assert compactor.direct > 300 and compactor.left == 0


def test_the_schema_view_compacts_as_pyld_does(dataset):
    compactor = assert_compacts_as_pyld(expanded_of(schema_view(dataset)), SCHEMA_CONTEXT)
    assert compactor.direct > 100 and compactor.left == 0


def test_every_branch_compacts_as_pyld_does():
    expanded = expanded_of(every_branch())
    compactor = assert_compacts_as_pyld(expanded, load_context(ROOT))
    assert compactor.direct >= 5 and compactor.left >= 1  # the node with a list is left to pyld
    document = compact(expanded, load_context(ROOT), {"documentLoader": local_loader(ROOT)})
    book = next(node for node in document["@graph"] if node["@id"] == "novel/a")
    assert sorted(book["label"]["en"]) == ["A", "A2"]
    assert book["label"]["@none"] == "no language"
    assert (book["publicationYear"], book["screenOnly"], book["status"]) == ("1992", True, "Ended")


def test_a_plain_context_with_choices_between_terms_compacts_as_pyld_does():
    expanded = expanded_of(every_branch())
    compactor = assert_compacts_as_pyld(expanded, PLAIN_CONTEXT)
    assert compactor.direct >= 5
    nodes = {node["@id"]: node for node in compact(expanded, PLAIN_CONTEXT, {})["@graph"]}
    assert nodes["novel/a"]["status"] == "Ended" and nodes["novel/b"]["statusLink"] == "ex:status/odd"
    assert nodes["novel/a"]["year"] == "1992" and nodes["novel/b"]["yearText"] == "1993"


def test_input_that_expansion_changes_is_expanded_first():
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    kept = [{"@id": RES + "x", label: [{"@value": "x", "@language": "en"}]}]
    assert kept_by_expansion(kept)
    for changed in (
        [{"@id": RES + "x", label: [{"@value": "x", "@language": "de-AT"}]}],  # expansion lowercases it
        [{"@id": "relative/x", label: [{"@value": "x"}]}],  # resolved against the base
        [{"@id": RES + "x", "relative-property": [{"@value": "x"}]}],  # dropped
        [{"@id": RES + "x", label: [{"@value": "x", "@type": "relative-type"}]}],
        [{"@id": RES + "x"}, {"@id": RES + "y", label: [{"@value": "y"}]}],  # a bare reference: dropped
    ):
        assert not kept_by_expansion(changed)
        assert_compacts_as_pyld(changed, load_context(ROOT))
    for invalid in ([{"@id": [RES + "x"]}], [{"@id": RES + "x", "@type": []}], [{"@id": RES + "x", label: "x"}]):
        assert not kept_by_expansion(invalid)


@pytest.mark.parametrize(
    "value",
    [
        {"@value": "x", "@language": "ar", "@direction": "rtl"},
        {"@value": "x", "@index": "first"},
        {"@list": [{"@value": "x"}]},
        {"@graph": [{"@id": RES + "y", str(RDFS.label): [{"@value": "y"}]}]},
    ],
)
def test_values_of_other_kinds_are_left_to_pyld(value):
    node = {"@id": RES + "x", str(RDFS.label): [value], str(RDFS.comment): [{"@value": "c"}]}
    compactor = assert_compacts_as_pyld([node], PLAIN_CONTEXT)
    assert compactor.left >= 1


def test_a_context_that_is_not_plain_is_left_to_pyld():
    compactor = assert_compacts_as_pyld(expanded_of(every_branch()), RICH_CONTEXT)
    assert compactor.direct == 0


@pytest.mark.parametrize("seed", range(6))
def test_random_graphs_compact_as_pyld_does(seed):
    expanded = expanded_of(random_graph(seed))
    for context in (load_context(ROOT), SCHEMA_CONTEXT, PLAIN_CONTEXT):
        assert_compacts_as_pyld(expanded, context)


@pytest.mark.slow
def test_the_export_is_what_plain_pyld_writes(dataset):
    context = load_context(ROOT)
    expanded = expanded_of(dataset.graph)
    plain = jsonld.compact(expanded, {"@context": context}, {"documentLoader": local_loader(ROOT)})
    assert dumps(graph_to_jsonld(dataset.graph, ROOT)) == dumps({"@context": context, "@graph": plain["@graph"]})
