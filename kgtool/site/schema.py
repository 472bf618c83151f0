"""The schema.org JSON-LD embedded in each entity page, nested the way search engines read it.

The facts come from the schema.org view (:func:`kgtool.export.schema_view.schema_view`, the saved query
``schema-org-view``), completed with what a page needs and the view does not say: the actors of each season
(a cast role's ``cu:inSeason``), a book's position in its series, and the entity's identifiers elsewhere
(``sameAs``: Wikipedia, DBpedia, Wikidata, IMDb; ``isbn``). The entity is the root; the nodes it points at
are nested under it (a series with its seasons, a season with its ``PerformanceRole`` actors, a book with
its author and series), and a book lists its adaptations through ``@reverse isBasedOn``.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import FOAF, OWL, RDF
from rdflib.term import Node

from kgtool.export.schema_view import SCHEMA_CONTEXT
from kgtool.namespaces import CU, SCHEMA

LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DATE_KEYS = {k for k, v in SCHEMA_CONTEXT.items() if isinstance(v, dict) and v.get("@type") == "Date"}
MAX_DEPTH = 2  # the root and the nodes it points at in full; further nodes by type and name (and a role's actor)
REVERSE = {SCHEMA.isBasedOn: "isBasedOn", SCHEMA.actor: "actor"}


def complete_view(view: Graph, graph: Graph) -> Graph:
    """Add to the schema.org view the season casts, series positions and identifiers elsewhere (in place)."""
    for role, season in graph.subject_objects(CU.inSeason):
        if (role, RDF.type, SCHEMA.PerformanceRole) in view:
            view.add((season, SCHEMA.actor, role))
    for book, entry in graph.subject_objects(CU.seriesEntry):
        position = graph.value(entry, CU.position)
        if position is not None and (book, None, None) in view:
            view.add((book, SCHEMA.position, position))
    for predicate in (FOAF.isPrimaryTopicOf, OWL.sameAs, SCHEMA.sameAs):
        for entity, url in graph.subject_objects(predicate):
            if (entity, None, None) in view:
                view.add((entity, SCHEMA.sameAs, Literal(str(url))))
    for entity, isbn in graph.subject_objects(SCHEMA.isbn):
        if (entity, None, None) in view:
            view.add((entity, SCHEMA.isbn, Literal(str(isbn))))
    return view


def entity_document(view: Graph, entity: URIRef) -> dict:
    """The JSON-LD document of ``entity``: the schema.org context, the entity nested, and its licence.

    The page adds its own ``url``."""
    node = _node(view, entity, 0, frozenset())
    document: dict = {"@context": SCHEMA_CONTEXT, **node}
    if "@type" not in node:
        document["@type"] = "Thing"
    document["license"] = LICENSE
    reverse = {}
    for predicate, key in REVERSE.items():
        sources = sorted(s for s in view.subjects(predicate, entity) if not isinstance(s, BNode))
        if sources:
            reverse[key] = [_node(view, s, 1, frozenset({entity})) for s in sources]
    if reverse:
        document["@reverse"] = reverse
    return document


def _node(view: Graph, node: URIRef, depth: int, path: frozenset[Node]) -> dict:
    out: dict = {"@id": str(node)}
    types = sorted(str(t).removeprefix(str(SCHEMA)) for t in view.objects(node, RDF.type))
    if types:
        out["@type"] = types[0] if len(types) == 1 else types
    names = sorted(view.objects(node, SCHEMA.name), key=lambda n: (n.language != "en", str(n)))
    if names:
        out["name"] = _values([_literal("name", n) for n in names])
    if node in path:
        return out
    if depth >= MAX_DEPTH:
        if (node, RDF.type, SCHEMA.PerformanceRole) in view:  # who plays whom, wherever the role is nested
            for key, predicate in (("actor", SCHEMA.actor), ("characterName", SCHEMA.characterName)):
                values = [
                    _node(view, v, depth + 1, path | {node}) if isinstance(v, URIRef) else _literal(key, v)
                    for v in sorted(view.objects(node, predicate))
                ]
                if values:
                    out[key] = _values(values)
        return out
    grouped: dict[str, list] = {}
    for predicate, value in sorted(view.predicate_objects(node)):
        if predicate in (RDF.type, SCHEMA.name):
            continue
        key = str(predicate).removeprefix(str(SCHEMA))
        if isinstance(value, URIRef):
            if value in path:
                grouped.setdefault(key, []).append({"@id": str(value)})
            else:
                grouped.setdefault(key, []).append(_node(view, value, depth + 1, path | {node}))
        elif isinstance(value, Literal):
            grouped.setdefault(key, []).append(_literal(key, value))
    for key, values in sorted(grouped.items()):
        out[key] = _values(values)
    return out


def _values(values: list) -> object:
    return values[0] if len(values) == 1 else values


def _literal(key: str, value: Literal) -> object:
    """A literal in the context's terms: plain text for English and for dates, a value object otherwise."""
    if key in DATE_KEYS:
        return str(value)
    if value.language == "en":
        return str(value)
    if value.language:
        return {"@value": str(value), "@language": value.language}
    python = value.toPython()
    if isinstance(python, bool | int) and not isinstance(python, str):
        return python
    if value.datatype is not None and str(value.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return {"@value": str(value), "@type": str(value.datatype)}
    return {"@value": str(value)}
