"""Reconcile the graph with Wikidata: find the entities without a QID, look their labels up, score the items."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal

from kgtool.reconcile.entities import Entity, entities_to_reconcile
from kgtool.reconcile.lookup import Lookup
from kgtool.reconcile.scoring import ACCEPTED, TIE, Review, review
from kgtool.text import plural


@dataclass(frozen=True)
class Outcome:
    """The reviews, and what it took to make them."""

    reviews: list[Review]
    labels: int
    requests: int
    batches: int
    url: str

    def summary(self) -> str:
        """One line: entities, labels, requests, accepted links and ties."""
        accepted = sum(1 for r in self.reviews if any(s.status == ACCEPTED for s in r.candidates))
        ties = sum(1 for r in self.reviews if any(s.status == TIE for s in r.candidates))
        without = sum(1 for r in self.reviews if not r.candidates)
        return (
            f"{plural(len(self.reviews), 'entity', 'entities')} without a QID, {plural(self.labels, 'label')} "
            f"looked up in {plural(self.requests, 'request')} ({plural(self.batches, 'batch', 'batches')}) to "
            f"{self.url}: {accepted} accepted, {plural(ties, 'tie')}, {without} without a candidate"
        )


def lookup_texts(entity: Entity) -> list[Literal]:
    """The labels to look ``entity`` up by: English ones as ``@en`` and ``@mul`` (Wikidata's label for names in
    every language), French ones as ``@fr``."""
    texts: list[Literal] = []
    for label in entity.labels:
        lang = label.language or "en"
        if lang == "en":
            texts += [Literal(str(label), lang="en"), Literal(str(label), lang="mul")]
        elif lang == "fr":
            texts.append(Literal(str(label), lang="fr"))
    return list(dict.fromkeys(texts))


def reconcile(graph: Graph, kinds: tuple[str, ...], lookup: Lookup, min_score: int) -> Outcome:
    """Look up every entity of ``kinds`` without a QID through ``lookup`` and review its candidates."""
    entities = entities_to_reconcile(graph, kinds)
    texts = {entity.iri: lookup_texts(entity) for entity in entities}
    found = lookup.candidates(t for entity in entities for t in texts[entity.iri])
    reviews = [
        review(entity, [c for t in texts[entity.iri] for c in found.get(t, [])], min_score) for entity in entities
    ]
    labels = len({t for ts in texts.values() for t in ts})
    return Outcome(reviews, labels, lookup.requests, lookup.batches, lookup.endpoint.url)
