"""The vocabulary documents itself in two languages and aligns to schema.org and Wikidata."""

from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from kgtool.namespaces import CU, SCHEMA, WD


def _terms(graph, kind):
    return sorted(s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(str(CU)))


def test_every_class_and_property_has_english_and_french_labels_and_a_comment(dataset):
    graph = dataset.graph
    terms = _terms(graph, OWL.Class) + _terms(graph, OWL.ObjectProperty) + _terms(graph, OWL.DatatypeProperty)
    assert len(terms) > 40
    for term in terms:
        languages = {label.language for label in graph.objects(term, RDFS.label)}
        assert {"en", "fr"} <= languages, term
        assert graph.value(term, RDFS.comment) is not None, term


def test_every_property_has_domain_range_and_an_alignment(dataset):
    graph = dataset.graph
    for prop in _terms(graph, OWL.ObjectProperty) + _terms(graph, OWL.DatatypeProperty):
        assert graph.value(prop, RDFS.domain) is not None, prop
        assert graph.value(prop, RDFS.range) is not None, prop
        aligned = [
            o
            for p in (RDFS.subPropertyOf, SKOS.exactMatch, SKOS.closeMatch)
            for o in graph.objects(prop, p)
            if str(o).startswith((str(SCHEMA), str(WD)))
        ]
        assert aligned, f"{prop} has no schema.org or Wikidata alignment"


def test_key_alignments_match_schema_org_and_wikidata(dataset):
    graph = dataset.graph
    assert (CU.Novel, RDFS.subClassOf, CU.Book) in graph
    assert (CU.Book, RDFS.subClassOf, SCHEMA.Book) in graph
    assert (CU.Season, RDFS.subClassOf, SCHEMA.TVSeason) in graph
    assert (CU.CastRole, RDFS.subClassOf, SCHEMA.PerformanceRole) in graph
    assert (CU.basedOn, RDFS.subPropertyOf, SCHEMA.isBasedOn) in graph
    assert (CU.basedOn, SKOS.exactMatch, WD.P144) in graph
    assert (CU.actor, SKOS.exactMatch, WD.P161) in graph
    assert (CU.character, SKOS.exactMatch, WD.P453) in graph
    assert (CU.hasSpinOff, SKOS.exactMatch, WD.P2512) in graph
    assert (CU.spinOffOf, OWL.inverseOf, CU.hasSpinOff) in graph


def test_ontology_metadata(dataset):
    graph = dataset.graph
    ontology = URIRef("https://w3id.org/connelly/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in graph
    assert graph.value(ontology, OWL.versionInfo) is not None
    assert graph.value(ontology, OWL.versionIRI) is not None
    assert str(graph.value(ontology, URIRef("http://purl.org/dc/terms/license"))).startswith(
        "https://creativecommons.org/licenses/by/4.0"
    )
