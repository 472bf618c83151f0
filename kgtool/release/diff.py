"""What changed between two versions of the graph, entity by entity (``kgtool diff OLD NEW``).

Every fact belongs to a named entity: a triple whose subject is an IRI is a fact of that entity, and a blank
node (a series entry, a season credit) is part of the fact that points at it, written out by its content
(``cu:seriesEntry [ cu:inSeries res:book-series/harry-bosch ; cu:position 3 ]``), so two versions that
label their blank nodes differently compare equal. The triple counts come from
:func:`rdflib.compare.graph_diff` on canonical graphs, which compares blank nodes by content too.

For each entity the diff gives the facts added and removed, and as *changed* a property whose one value
was replaced by another (a year corrected). An entity is *new* or *deleted* when its IRI starts or stops
being a subject; a deleted entity whose facts reappear under a new IRI is *renamed*. Deleting or renaming
an IRI breaks every link to it, so both are flagged as breaking changes, unless the old IRI stays in the
graph marked ``owl:deprecated`` with ``dcterms:isReplacedBy`` (then it is *deprecated*, not breaking).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from kgtool.namespaces import bind_prefixes
from kgtool.store.dataset import label_of
from kgtool.text import curie

RENAME_SIMILARITY = 0.5
"""How much of a deleted entity's description a new entity must share to be taken as its new IRI."""


@dataclass(frozen=True, order=True)
class Fact:
    """One statement about an entity: a property and a value, a blank node written out by its content."""

    predicate: str
    value: str


@dataclass
class EntityChange:
    """What changed about one entity between the two versions."""

    iri: str
    label: str
    status: str  # "new", "deleted", "changed", "renamed" or "deprecated"
    added: list[Fact] = field(default_factory=list)
    removed: list[Fact] = field(default_factory=list)
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # (property, old value, new value)
    new_iri: str | None = None  # the IRI a renamed or deprecated entity now has
    breaking: bool = False

    def as_json(self) -> dict:
        """The change as plain JSON values."""
        return {
            "iri": self.iri,
            "curie": curie(self.iri),
            "label": self.label,
            "status": self.status,
            "breaking": self.breaking,
            "newIri": self.new_iri,
            "added": [{"property": f.predicate, "value": f.value} for f in self.added],
            "removed": [{"property": f.predicate, "value": f.value} for f in self.removed],
            "changed": [{"property": p, "old": old, "new": new} for p, old, new in self.changed],
        }


@dataclass
class GraphDiff:
    """The changes between two versions: entity by entity, and the triple counts."""

    old: str
    new: str
    entities: list[EntityChange]
    triples_added: int
    triples_removed: int

    def count(self, status: str) -> int:
        """How many entities have ``status``."""
        return sum(1 for change in self.entities if change.status == status)

    @property
    def breaking(self) -> list[EntityChange]:
        """The breaking changes: deleted or renamed IRIs."""
        return [change for change in self.entities if change.breaking]

    @property
    def empty(self) -> bool:
        """Whether the two versions hold the same graph."""
        return not self.entities and not self.triples_added and not self.triples_removed


def diff_graphs(old: Graph, new: Graph, old_name: str = "old", new_name: str = "new") -> GraphDiff:
    """The changes from ``old`` to ``new``, entity by entity."""
    names = bind_prefixes(Graph())
    before, after = describe_entities(old, names), describe_entities(new, names)
    changes: list[EntityChange] = []
    for iri in sorted(set(before) | set(after)):
        old_facts, new_facts = before.get(iri, set()), after.get(iri, set())
        if old_facts == new_facts:
            continue
        graph = new if iri in after else old
        label = label_of(graph, URIRef(iri)) if iri else "(blank nodes that no entity refers to)"
        status = "new" if iri not in before else "deleted" if iri not in after else "changed"
        changes.append(_change(iri, label, status, old_facts, new_facts))
    _find_renames(changes, before, after)
    _mark_deprecations(changes, new)
    _, only_old, only_new = graph_diff(to_isomorphic(old), to_isomorphic(new))
    return GraphDiff(old_name, new_name, changes, len(only_new), len(only_old))


def describe_entities(graph: Graph, names: Graph | None = None) -> dict[str, set[Fact]]:
    """Each named subject's facts; blank nodes no IRI refers to are gathered under the key ``""``."""
    names = names or bind_prefixes(Graph())
    facts: dict[str, set[Fact]] = defaultdict(set)
    for subject, predicate, value in graph:
        if isinstance(subject, URIRef):
            facts[str(subject)].add(Fact(_show(predicate, names), _value(graph, value, names, frozenset())))
    for node in {s for s in graph.subjects() if isinstance(s, BNode)}:
        if next(graph.subjects(None, node), None) is None:
            facts[""].add(Fact("", _value(graph, node, names, frozenset())))
    return dict(facts)


def _value(graph: Graph, node: Node, names: Graph, seen: frozenset) -> str:
    """A term as written in the diff; a blank node as ``[ p o ; … ]`` of its content, sorted."""
    if not isinstance(node, BNode):
        return _show(node, names)
    if node in seen:
        return "[ … ]"
    inner = sorted(
        f"{_show(p, names)} {_value(graph, o, names, seen | {node})}" for p, o in graph.predicate_objects(node)
    )
    return "[ " + " ; ".join(inner) + " ]" if inner else "[]"


def _show(term: Node, names: Graph) -> str:
    if isinstance(term, URIRef):
        shown = curie(str(term))
        return shown if not shown.startswith("<") else term.n3(names.namespace_manager)
    if isinstance(term, Literal):
        return term.n3(names.namespace_manager)
    return str(term)


def _change(iri: str, label: str, status: str, old: set[Fact], new: set[Fact]) -> EntityChange:
    removed, added = sorted(old - new), sorted(new - old)
    change = EntityChange(iri, label, status)
    if status == "changed":
        by_property_old: dict[str, list[Fact]] = defaultdict(list)
        by_property_new: dict[str, list[Fact]] = defaultdict(list)
        for fact in removed:
            by_property_old[fact.predicate].append(fact)
        for fact in added:
            by_property_new[fact.predicate].append(fact)
        for prop in sorted(set(by_property_old) & set(by_property_new)):
            if len(by_property_old[prop]) == 1 and len(by_property_new[prop]) == 1:
                change.changed.append((prop, by_property_old[prop][0].value, by_property_new[prop][0].value))
                removed.remove(by_property_old[prop][0])
                added.remove(by_property_new[prop][0])
    change.added, change.removed = added, removed
    if status == "deleted" and iri:
        change.breaking = True
    return change


def _find_renames(changes: list[EntityChange], before: dict[str, set[Fact]], after: dict[str, set[Fact]]) -> None:
    """A deleted entity whose description a new entity mostly repeats has been renamed to it."""
    deleted = [c for c in changes if c.status == "deleted" and c.iri]
    new = {c.iri: c for c in changes if c.status == "new" and c.iri}
    candidates = []
    for gone in deleted:
        old_facts = {f for f in before[gone.iri] if f.predicate != "rdf:type"}
        old_types = {f for f in before[gone.iri] if f.predicate == "rdf:type"}
        for iri in new:
            types = {f for f in after[iri] if f.predicate == "rdf:type"}
            if types != old_types:
                continue
            facts = {f for f in after[iri] if f.predicate != "rdf:type"}
            score = len(old_facts & facts) / max(len(old_facts | facts), 1)
            if score >= RENAME_SIMILARITY:
                candidates.append((-score, gone.iri, iri))
    taken: set[str] = set()
    by_iri = {c.iri: c for c in deleted}
    for _, old_iri, new_iri in sorted(candidates):
        if old_iri in taken or new_iri in taken:
            continue
        taken |= {old_iri, new_iri}
        gone = by_iri[old_iri]
        gone.status, gone.new_iri, gone.breaking = "renamed", new_iri, True
        gone.added = sorted(after[new_iri] - before[old_iri])
        gone.removed = sorted(before[old_iri] - after[new_iri])
        changes.remove(new[new_iri])


def _mark_deprecations(changes: list[EntityChange], new: Graph) -> None:
    """An entity the new version keeps but replaces (``dcterms:isReplacedBy``) is deprecated, not broken."""
    for change in changes:
        if change.iri and change.status == "changed":
            replacement = new.value(URIRef(change.iri), DCTERMS.isReplacedBy)
            if replacement is not None:
                change.status, change.new_iri = "deprecated", str(replacement)
