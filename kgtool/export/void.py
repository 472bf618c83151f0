"""The dataset description (``void.ttl``): VoID statistics and DCAT metadata, computed from the graph.

It starts from the dataset's own description in the graph (``ontology/connelly.ttl``: title, licence,
version ``owl:versionInfo``, dates ``dcterms:issued`` and ``dcterms:modified``), and adds its size (triples, entities,
distinct subjects and objects, properties, classes), one ``void:classPartition`` per project class with
its entity count, the vocabularies it uses, one ``dcat:distribution`` per dump format of
``kgtool export``, and, when one is given, the SPARQL endpoint. Nothing in it depends on the date or the
machine, so ``kgtool export --void`` on unchanged data writes the same file.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID, XSD

from kgtool.export.stats import compute_stats
from kgtool.namespaces import CU, RES, bind_prefixes

DESCRIPTION = Namespace("https://w3id.org/connelly/void#")
DATASET = DESCRIPTION["dataset"]
ONTOLOGY = URIRef("https://w3id.org/connelly/ontology")
TITLE = "connelly-kg: a knowledge graph of Michael Connelly's crime-fiction universe"
SUMMARY = (
    "Michael Connelly's novels (English and French titles), book series and characters, the TV series, "
    "seasons and films adapted from them, the novels each season is based on, spin-offs, and who plays whom, "
    "with the source pages of every fact."
)

# Dump formats of ``kgtool export --format``: (format name, title, IANA media type).
DUMPS = (
    ("turtle", "Turtle", "text/turtle"),
    ("nt", "N-Triples", "application/n-triples"),
    ("trig", "TriG", "application/trig"),
    ("xml", "RDF/XML", "application/rdf+xml"),
    ("jsonld", "JSON-LD", "application/ld+json"),
)


def dataset_header(graph: Graph) -> Graph:
    """The dataset's own description as the graph states it (type, title, licence, version, dates).

    A graph without one (an old version, a test fixture) gets the project's title and the ontology's licence.
    """
    header = bind_prefixes(Graph())
    header.bind("void", VOID)
    header.bind("dcat", DCAT)
    header.add((DATASET, RDF.type, VOID.Dataset))
    header.add((DATASET, RDF.type, DCAT.Dataset))
    for predicate, value in graph.predicate_objects(DATASET):
        header.add((DATASET, predicate, value))
    if (DATASET, DCTERMS.title, None) not in header:
        header.add((DATASET, DCTERMS.title, Literal(TITLE, lang="en")))
    if (DATASET, DCTERMS.license, None) not in header:
        for licence in graph.objects(ONTOLOGY, DCTERMS.license):
            header.add((DATASET, DCTERMS.license, licence))
    return header


def dataset_version(graph: Graph) -> str | None:
    """The dataset's version (``owl:versionInfo``), else the ontology's, else None."""
    version = graph.value(DATASET, OWL.versionInfo) or graph.value(ONTOLOGY, OWL.versionInfo)
    return str(version) if version is not None else None


def describe_dataset(graph: Graph, endpoint: str | None = None) -> Graph:
    """The VoID + DCAT description of ``graph`` (the whole export: ontology and data)."""
    void = dataset_header(graph)
    void.bind("", DESCRIPTION)
    if (DATASET, DCTERMS.description, None) not in void:
        void.add((DATASET, DCTERMS.description, Literal(SUMMARY, lang="en")))
    void.add((DATASET, VOID.uriSpace, Literal(str(RES))))
    void.add((DATASET, VOID.rootResource, ONTOLOGY))
    _statistics(graph, void)
    for name, title, media_type in DUMPS:
        dump = DESCRIPTION[f"dump-{name}"]
        void.add((DATASET, DCAT.distribution, dump))
        void.add((dump, RDF.type, DCAT.Distribution))
        void.add((dump, DCTERMS.title, Literal(f"{title} dump", lang="en")))
        void.add((dump, DCTERMS.description, Literal(f"written by: kgtool export --format {name}", lang="en")))
        void.add((dump, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")))
    if endpoint:
        service = DESCRIPTION["sparql"]
        void.add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))
        void.add((service, RDF.type, DCAT.DataService))
        void.add((service, DCAT.endpointURL, URIRef(endpoint)))
        void.add((service, DCAT.servesDataset, DATASET))
        void.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    return void


def _statistics(graph: Graph, void: Graph) -> None:
    entities = {s for s in graph.subjects(RDF.type) if str(s).startswith(str(RES))}
    predicates = set(graph.predicates())
    count = _count
    void.add((DATASET, VOID.triples, count(len(graph))))
    void.add((DATASET, VOID.entities, count(len(entities))))
    void.add((DATASET, VOID.distinctSubjects, count(len(set(graph.subjects())))))
    void.add((DATASET, VOID.distinctObjects, count(len(set(graph.objects())))))
    void.add((DATASET, VOID.properties, count(len(predicates))))
    void.add((DATASET, VOID.classes, count(len(set(graph.objects(None, RDF.type))))))
    for vocabulary in sorted({_namespace(p) for p in predicates}):
        void.add((DATASET, VOID.vocabulary, URIRef(vocabulary)))
    for name, number in compute_stats(graph).entities_by_class.items():
        partition = DESCRIPTION[f"class-{name}"]
        void.add((DATASET, VOID.classPartition, partition))
        void.add((partition, VOID["class"], CU[name]))
        void.add((partition, VOID.entities, count(number)))


def _count(number: int) -> Literal:
    return Literal(number, datatype=XSD.integer)


def _namespace(predicate: URIRef | BNode) -> str:
    text = str(predicate)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]
