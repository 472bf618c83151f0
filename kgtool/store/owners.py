"""Blank-node ownership: the named entity a blank node (a series entry, a season credit) belongs to."""

from __future__ import annotations

from typing import Protocol

from rdflib import BNode
from rdflib.term import Node


class Triples(Protocol):
    """What ownership needs of a graph: its subjects by predicate and object (rdflib's Graph, a StoreView)."""

    def subjects(self, predicate: Node | None, obj: Node): ...


def owning_entity(graph: Triples, node: Node) -> Node:
    """``node`` itself, or for a blank node the nearest named subject that refers to it (in an rdflib graph
    or a :class:`~kgtool.store.view.StoreView`)."""
    seen: set[Node] = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(graph.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return node
