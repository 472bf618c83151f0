"""One entity and its neighbourhood, for ``kgtool export --entity``.

The neighbourhood of an entity is: every triple whose subject is the entity; the triples of the blank
nodes it owns (its series entries); every triple that points at it, with the triples of a blank node
that does (a book's series entry pointing at a book series) and the triple that owns that blank node;
and the types and labels of every other entity on the far end of those triples.
"""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from kgtool.errors import UsageError
from kgtool.namespaces import RES, SCHEMA, bind_prefixes
from kgtool.query.registry import Parameter, resolve_value

LABELS = (RDF.type, RDFS.label, SCHEMA.name)


def resolve_entity(graph: Graph, text: str) -> URIRef:
    """The entity ``text`` names: an IRI, a CURIE (``res:series/ballard``) or a label (case and accents ignored)."""
    classes = tuple(sorted({o for s, o in graph.subject_objects(RDF.type) if str(s).startswith(str(RES))}))
    iri = resolve_value(Parameter("entity", required=True, classes=classes), text, graph.query)
    if not isinstance(iri, URIRef) or (iri, None, None) not in graph:
        raise UsageError(f"--entity {text!r}: <{iri}> is not described in the graph (no triple has it as subject)")
    return iri


def neighbourhood(graph: Graph, entity: URIRef) -> Graph:
    """The entity's triples, its blank nodes', the triples pointing at it, and its neighbours' types and labels."""
    result = bind_prefixes(Graph())
    neighbours: set[Node] = set()
    neighbours |= _describe(graph, entity, result)
    for subject, predicate in graph.subject_predicates(entity):
        result.add((subject, predicate, entity))
        if isinstance(subject, BNode):
            neighbours |= _describe(graph, subject, result)
            for owner, link in graph.subject_predicates(subject):
                result.add((owner, link, subject))
                neighbours.add(owner)
        else:
            neighbours.add(subject)
    for node in neighbours - {entity}:
        if isinstance(node, URIRef):
            for predicate in LABELS:
                for value in graph.objects(node, predicate):
                    result.add((node, predicate, value))
    return result


def _describe(graph: Graph, node: Node, into: Graph, seen: frozenset[Node] = frozenset()) -> set[Node]:
    """Add ``node``'s triples and those of its blank nodes to ``into``; return the IRIs they point at."""
    pointed: set[Node] = set()
    for predicate, value in graph.predicate_objects(node):
        into.add((node, predicate, value))
        if isinstance(value, BNode) and value not in seen:
            pointed |= _describe(graph, value, into, seen | {node})
        elif isinstance(value, URIRef) and predicate != RDF.type:
            pointed.add(value)
    return pointed
