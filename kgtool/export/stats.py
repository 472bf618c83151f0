"""Counts that describe the graph: entities per class, triples, sources."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from kgtool.namespaces import CU


@dataclass
class Stats:
    """How big the graph is."""

    triples: int
    entities_by_class: dict[str, int]
    sources: int
    sourced_entities: int

    def render(self) -> str:
        """A small aligned table for people."""
        width = max(len(name) for name in [*self.entities_by_class, "entities with a source"])
        lines = [f"{'triples'.ljust(width)}  {self.triples}"]
        lines += [f"{name.ljust(width)}  {count}" for name, count in self.entities_by_class.items()]
        lines.append(f"{'distinct source URLs'.ljust(width)}  {self.sources}")
        lines.append(f"{'entities with a source'.ljust(width)}  {self.sourced_entities}")
        return "\n".join(lines)


def compute_stats(graph: Graph) -> Stats:
    """Count the triples, the instances of each project class, and the distinct source URLs."""
    counts: dict[str, int] = {}
    for cls in sorted(set(graph.objects(None, RDF.type))):
        if isinstance(cls, URIRef) and str(cls).startswith(str(CU)):
            counts[str(cls)[len(str(CU)) :]] = len(set(graph.subjects(RDF.type, cls)))
    return Stats(
        triples=len(graph),
        entities_by_class=dict(sorted(counts.items())),
        sources=len(set(graph.objects(None, DCTERMS.source))),
        sourced_entities=len(set(graph.subjects(DCTERMS.source, None))),
    )
