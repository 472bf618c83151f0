"""What the site shows: the entities of the graph, their labels, their pages and how values are written."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kgtool.namespaces import CU, RES
from kgtool.store.dataset import label_of

LANGS = ("en", "fr")


@dataclass(frozen=True)
class Entity:
    """A resource of the graph that gets a page: its IRI, its slug (``novel/the-black-echo``) and classes."""

    iri: URIRef
    slug: str
    classes: tuple[URIRef, ...]

    @property
    def kind(self) -> str:
        """The first part of the slug: ``novel``, ``series``, ``character``, ``person``, ``role``…"""
        return self.slug.split("/", 1)[0]


def page_path(slug: str, lang: str, suffix: str = ".html") -> str:
    """The site path of an entity's page: ``resource/novel/x.html``, ``fr/resource/novel/x.html``."""
    path = f"resource/{slug}{suffix}"
    return path if lang == "en" or suffix != ".html" else f"fr/{path}"


def lang_path(path: str, lang: str) -> str:
    """A site page in ``lang``: French pages live under ``fr/``."""
    return path if lang == "en" else f"fr/{path}"


def relative(from_path: str, to_path: str) -> str:
    """The relative link from the page ``from_path`` to the file ``to_path`` (both site paths)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


@dataclass
class SiteModel:
    """The graph with its entities indexed, and label lookups in both languages."""

    graph: Graph
    entities: dict[URIRef, Entity] = field(default_factory=dict)
    _labels: dict[tuple[Node, str], str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, graph: Graph) -> SiteModel:
        """Every IRI under the resource namespace that has a type gets an entity."""
        found: dict[URIRef, set[URIRef]] = {}
        for subject, cls_ in graph.subject_objects(RDF.type):
            if isinstance(subject, URIRef) and str(subject).startswith(str(RES)) and isinstance(cls_, URIRef):
                found.setdefault(subject, set()).add(cls_)
        entities = {
            iri: Entity(iri, str(iri)[len(str(RES)) :], tuple(sorted(classes)))
            for iri, classes in sorted(found.items())
            if _safe_slug(str(iri)[len(str(RES)) :])
        }
        return cls(graph, entities)

    def label(self, node: Node, lang: str = "en") -> str:
        """The label of ``node`` in ``lang``, else English, else any, else the end of its IRI."""
        key = (node, lang)
        if key not in self._labels:
            self._labels[key] = label_of(self.graph, node, lang)
        return self._labels[key]

    def labels(self, node: Node) -> dict[str, str]:
        """The label in each site language."""
        return {lang: self.label(node, lang) for lang in LANGS}

    def alt_labels(self, node: Node) -> list[str]:
        """``skos:altLabel`` values, sorted."""
        return sorted(str(o) for o in self.graph.objects(node, SKOS.altLabel))

    def class_label(self, entity: Entity, lang: str) -> str:
        """The label of the entity's most specific class, in ``lang``."""
        return " / ".join(self.label(c, lang) for c in entity.classes)

    def comment(self, node: Node, lang: str) -> str | None:
        """The ``rdfs:comment`` in ``lang`` (else English), if any."""
        comments = [o for o in self.graph.objects(node, RDFS.comment) if isinstance(o, Literal)]
        for wanted in (lang, "en", None):
            for comment in sorted(comments):
                if comment.language == wanted:
                    return str(comment)
        return None

    @cached_property
    def by_class(self) -> dict[URIRef, list[Entity]]:
        """The entities of each class, sorted by English label."""
        groups: dict[URIRef, list[Entity]] = {}
        for entity in self.entities.values():
            for cls_ in entity.classes:
                groups.setdefault(cls_, []).append(entity)
        return {c: sorted(es, key=lambda e: (self.label(e.iri).casefold(), e.slug)) for c, es in sorted(groups.items())}

    def of_class(self, *classes: URIRef) -> list[Entity]:
        """The entities of any of ``classes``, sorted by English label."""
        seen = {e.iri: e for c in classes for e in self.by_class.get(c, [])}
        return sorted(seen.values(), key=lambda e: (self.label(e.iri).casefold(), e.slug))

    def value(self, node: Node, predicate: URIRef) -> Node | None:
        """One value (the smallest, for determinism) of ``predicate`` on ``node``."""
        values = sorted(self.graph.objects(node, predicate))
        return values[0] if values else None

    def year(self, node: Node) -> str:
        """The year a work came out (publication, premiere or release), or ''."""
        for predicate in (CU.publicationYear, CU.premiereDate, CU.releaseDate, CU.releaseYear):
            value = self.value(node, predicate)
            if value is not None:
                return str(value)[:4]
        return ""


def literal_text(value: Literal, lang: str) -> str:
    """A literal for people: dates as written (ISO), booleans as yes/no, everything else as its text."""
    if value.datatype == XSD.boolean:
        yes = value.toPython() is True
        return {"en": ("yes", "no"), "fr": ("oui", "non")}[lang][0 if yes else 1]
    return str(value)


def _safe_slug(slug: str) -> bool:
    """A slug the site can write as a file path (no ``..``, no empty parts, nothing outside ASCII words)."""
    parts = slug.split("/")
    return all(part and part not in (".", "..") and all(c.isalnum() or c in "-_." for c in part) for part in parts)
