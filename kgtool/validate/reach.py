"""Validate some entities of a big graph on the small part of it the shapes can reach from them.

Delta validation of a change to a graph of a million triples need not hold the million triples in
rdflib: the shapes only ever look at a few hops around each focus entity. :func:`reachable_graph`
copies, from a pyoxigraph store (for example the cached store of :mod:`kgtool.store.cache`), the
descriptions (with the blank nodes they own) of

- the focus entities, the nodes they point at (for ``sh:class``, ``sh:node``: their types), and the
  entities that point at them through a predicate the shapes follow backwards (owners of the blank
  nodes that do, as a series entry's book);
- the nodes pointing, through such a predicate (one a SPARQL constraint of the shapes uses), at a node
  the focus points at (the other seasons of a season's series, for "season numbers are unique");
- the vocabulary: every ``rdfs:subClassOf`` triple (``sh:class`` follows it).

Shapes are then narrowed to the focus (:func:`kgtool.validate.engine.focused_shapes`) and run on that small
graph. ``bench/run.py`` checks that the findings are the full validation's findings for those entities.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from kgtool.namespaces import PREFIXES
from kgtool.store.view import StoreView

if TYPE_CHECKING:
    import pyoxigraph


def constraint_predicates(shapes: Graph) -> frozenset[URIRef]:
    """The IRIs the shapes' SPARQL constraints (``sh:select``) use as predicates, read from rdflib's algebra."""
    namespaces = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    for declaration in shapes.objects(None, SH.declare):
        prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
        if prefix is not None and namespace is not None:
            namespaces[str(prefix)] = str(namespace)
    found: set[URIRef] = set()
    for text in shapes.objects(None, SH.select):
        found |= _query_predicates(str(text), tuple(sorted(namespaces.items())))
    return frozenset(found)


@functools.lru_cache(maxsize=256)
def _query_predicates(text: str, namespaces: tuple[tuple[str, str], ...]) -> frozenset[URIRef]:
    """The predicates of a query's triple patterns (rdflib's parser takes tens of milliseconds: once per text)."""
    from rdflib.plugins.sparql import prepareQuery

    return frozenset(_predicates(prepareQuery(text, initNs=dict(namespaces)).algebra))


def _predicates(node: object) -> set[URIRef]:
    """The IRIs in predicate position of every triple pattern in an algebra tree."""
    found: set[URIRef] = set()
    if isinstance(node, dict):  # rdflib's CompValue is a dict
        for triple in node.get("triples") or []:
            if len(triple) == 3 and isinstance(triple[1], URIRef):
                found.add(triple[1])
        for value in node.values():
            found |= _predicates(value)
    elif isinstance(node, list | tuple):
        for value in node:
            found |= _predicates(value)
    return found


def reverse_predicates(shapes: Graph) -> frozenset[URIRef]:
    """The predicates the shapes follow backwards: those of their SPARQL constraints, of ``sh:inversePath``
    and of ``sh:targetObjectsOf``."""
    inverse = {p for p in shapes.objects(None, SH.inversePath) if isinstance(p, URIRef)}
    targets = {p for p in shapes.objects(None, SH.targetObjectsOf) if isinstance(p, URIRef)}
    return constraint_predicates(shapes) | inverse | targets


def reachable_graph(
    store: pyoxigraph.Store,
    focus: Iterable[URIRef],
    shapes: Graph,
    change: Graph | None = None,
    every_incoming: bool = False,
) -> Graph:
    """The part of ``store`` (plus the triples of ``change``) the shapes can reach from ``focus``.

    Of the triples pointing at a focus entity, only those whose predicate the shapes follow backwards
    (:func:`reverse_predicates`) are kept, so that a focus entity many others point at (the author of
    every novel) does not bring them all; with ``every_incoming``, all of them.
    """

    view = StoreView.of_store(store, [])

    def triples(subject=None, predicate=None, obj=None):
        yield from view.triples(subject, predicate, obj)
        if change is not None:
            yield from change.triples((subject, predicate, obj))

    reverse = reverse_predicates(shapes)
    focus = set(focus)
    described: set[Node] = set(focus)
    pointed_at: set[Node] = set()
    for entity in focus:
        for _, _, obj in _description(triples, entity):
            if isinstance(obj, URIRef):
                pointed_at.add(obj)
        for predicate in [None] if every_incoming else reverse:
            described |= {_owner(triples, s) for s, _, _ in triples(None, predicate, entity)}
    described |= pointed_at
    for node in pointed_at:
        for predicate in reverse:
            described |= {_owner(triples, s) for s, _, _ in triples(None, predicate, node)}
    graph = Graph()
    for node in described:
        for triple in _description(triples, node):
            graph.add(triple)
    for triple in triples(None, RDFS.subClassOf, None):
        graph.add(triple)
    return graph


def _description(triples, subject: Node) -> list[tuple]:
    """The triples of ``subject`` and of the blank nodes it owns."""
    found, stack, seen = [], [subject], set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in triples(node, None, None):
            found.append(triple)
            if isinstance(triple[2], BNode):
                stack.append(triple[2])
    return found


def _owner(triples, node: Node) -> Node:
    """``node``, or for a blank node the named subject that holds it."""
    seen: set[Node] = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next((s for s, _, _ in triples(None, None, node)), None)
        if parent is None:
            break
        node = parent
    return node
