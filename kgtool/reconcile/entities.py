"""The entities to reconcile: novels, TV series, films and people of the graph without a Wikidata QID."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kgtool.errors import UsageError
from kgtool.namespaces import CU, WD
from kgtool.store.dataset import label_of

#: the kinds ``--class`` chooses from, and the class of the graph each one reconciles
KINDS: dict[str, URIRef] = {"novel": CU.Novel, "series": CU.TVSeries, "film": CU.Film, "person": CU.Person}

#: Wikidata occupations (P106) that fit a person's part in the graph (a property pointing at the person)
OCCUPATIONS: dict[URIRef, tuple[str, ...]] = {
    CU.actor: ("Q33999", "Q10800557", "Q10798782"),  # actor, film actor, television actor
    CU.author: ("Q36180", "Q6625963"),  # writer, novelist
    CU.director: ("Q2526255", "Q2059704", "Q3455803"),  # film director, television director, director
    CU.writer: ("Q28389", "Q36180"),  # screenwriter, writer
    CU.creator: ("Q28389", "Q578109", "Q3282637"),  # screenwriter, television producer, film producer
    CU.showrunner: ("Q578109", "Q28389"),  # television producer, screenwriter
    CU.producer: ("Q3282637", "Q578109"),  # film producer, television producer
    CU.translator: ("Q333634",),  # translator
}
#: the names of those occupations, for the explanations
OCCUPATION_NAMES: dict[str, str] = {
    "Q33999": "actor",
    "Q10800557": "film actor",
    "Q10798782": "television actor",
    "Q36180": "writer",
    "Q6625963": "novelist",
    "Q2526255": "film director",
    "Q2059704": "television director",
    "Q3455803": "director",
    "Q28389": "screenwriter",
    "Q578109": "television producer",
    "Q3282637": "film producer",
    "Q333634": "translator",
}
#: what each of those parts is called in a score's explanation
PARTS: dict[URIRef, str] = {
    CU.actor: "actor",
    CU.author: "author",
    CU.director: "director",
    CU.writer: "screenwriter",
    CU.creator: "creator",
    CU.showrunner: "showrunner",
    CU.producer: "producer",
    CU.translator: "translator",
}


@dataclass(frozen=True)
class Entity:
    """An entity of the graph to find a Wikidata item for, with what it can be recognised by."""

    iri: URIRef
    kind: str
    label: str
    labels: tuple[Literal, ...]
    year: int | None = None
    authors: tuple[str, ...] = ()
    occupations: frozenset[str] = field(default_factory=frozenset)
    parts: tuple[str, ...] = ()


def parse_kinds(value: str) -> tuple[str, ...]:
    """A ``--class`` value: one kind, or ``all``."""
    if value == "all":
        return tuple(KINDS)
    if value not in KINDS:
        raise UsageError(f"--class {value!r}: expected one of {', '.join(KINDS)} or all")
    return (value,)


def has_qid(graph: Graph, node: URIRef) -> bool:
    """Whether ``node`` already records a QID (``cu:wikidataId``, or ``owl:sameAs`` a Wikidata item)."""
    if graph.value(node, CU.wikidataId) is not None:
        return True
    return any(str(other).startswith(str(WD)) for other in graph.objects(node, OWL.sameAs))


def entities_to_reconcile(graph: Graph, kinds: tuple[str, ...]) -> list[Entity]:
    """The entities of ``kinds`` without a QID, in kind then IRI order (deprecated entities left out)."""
    found: list[Entity] = []
    for kind in kinds:
        for node in sorted(set(graph.subjects(RDF.type, KINDS[kind])), key=str):
            if not isinstance(node, URIRef) or has_qid(graph, node) or graph.value(node, OWL.deprecated):
                continue
            found.append(describe(graph, node, kind))
    return found


def describe(graph: Graph, node: URIRef, kind: str) -> Entity:
    """What the graph says of ``node`` that helps recognise it on Wikidata."""
    labels = tuple(
        sorted(
            (o for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(node, p) if isinstance(o, Literal)),
            key=lambda lit: (lit.language != "en", lit.language or "", str(lit)),
        )
    )
    year = _year(graph, node, kind)
    authors = tuple(sorted({label_of(graph, a) for a in graph.objects(node, CU.author)})) if kind == "novel" else ()
    occupations: set[str] = set()
    parts: list[str] = []
    if kind == "person":
        for prop, qids in OCCUPATIONS.items():
            if (None, prop, node) in graph:
                occupations.update(qids)
                parts.append(PARTS[prop])
    return Entity(node, kind, label_of(graph, node), labels, year, authors, frozenset(occupations), tuple(parts))


def _year(graph: Graph, node: URIRef, kind: str) -> int | None:
    """The year to compare with Wikidata's: publication (novel), premiere (series), release (film)."""
    props = {
        "novel": (CU.publicationYear, CU.publicationDate),
        "series": (CU.premiereDate,),
        "film": (CU.releaseYear, CU.premiereDate),
    }.get(kind, ())
    for prop in props:
        value = graph.value(node, prop)
        if value is not None:
            year = year_of(str(value))
            if year is not None:
                return year
    return None


def year_of(text: str) -> int | None:
    """The year of an ``xsd:gYear``, ``xsd:date`` or ``xsd:dateTime`` lexical form (``1992-01-21T00:00:00Z``)."""
    digits = text.strip().lstrip("+")[:4]
    return int(digits) if len(digits) == 4 and digits.isdigit() else None
