"""Write data files in the project's canonical Turtle style, so that diffs show only changed facts.

Style: the ``@base`` and prefix header; entities grouped under a ``# comment`` line; within a group,
entities in a stable order; in each entity, ``a`` first, then labels, then the vocabulary's properties
in name order, then comments and, last, ``dcterms:source``; blank nodes (series entries) inline; resource
IRIs written relative to the base (``<series/ballard>``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kgtool.namespaces import CU, RES, SCHEMA
from kgtool.output import write_output
from kgtool.style.layout import FILES, group_key

HEADER = f"""@base <{RES}> .
@prefix cu: <{CU}> .
@prefix dcterms: <{DCTERMS}> .
@prefix foaf: <{FOAF}> .
@prefix owl: <{OWL}> .
@prefix rdfs: <{RDFS}> .
@prefix schema: <{SCHEMA}> .
@prefix skos: <{SKOS}> .
@prefix xsd: <{XSD}> .
"""

_PREFIXES = {
    str(CU): "cu:",
    str(DCTERMS): "dcterms:",
    str(FOAF): "foaf:",
    str(OWL): "owl:",
    str(RDFS): "rdfs:",
    str(SCHEMA): "schema:",
    str(SKOS): "skos:",
    str(XSD): "xsd:",
}
_FIRST = [RDFS.label, SKOS.altLabel]
_LAST = [RDFS.comment, SKOS.editorialNote, DCTERMS.source]

GroupKey = Callable[[Graph, URIRef], tuple[tuple, str]]


def format_graph(graph: Graph, context: Graph, title: str, group_key: GroupKey) -> str:
    """The Turtle text of every named subject of ``graph``, grouped and sorted by ``group_key``.

    ``group_key(context, subject)`` returns ``(sort key of the group, group comment)``, looking things
    up in ``context`` (the whole graph, so a role can be grouped under its series' label); within a
    group, subjects are sorted by :func:`entity_order`.
    """
    groups: dict[tuple[tuple, str], list[URIRef]] = defaultdict(list)
    for subject in {s for s in graph.subjects() if isinstance(s, URIRef)}:
        groups[group_key(context, subject)].append(subject)
    parts = [f"# {title}\n", HEADER]
    for (_, comment), subjects in sorted(groups.items(), key=lambda item: item[0]):
        parts.append(f"\n# {comment}\n")
        for subject in sorted(subjects, key=lambda s: entity_order(graph, s)):
            parts.append("\n" + format_subject(graph, subject))
    return "".join(parts)


def entity_order(graph: Graph, subject: URIRef) -> tuple:
    """Seasons and episodes by number, books by year, everything else by IRI."""
    number = graph.value(subject, CU.seasonNumber) or graph.value(subject, CU.episodeNumber)
    year = graph.value(subject, CU.publicationYear) or graph.value(subject, CU.releaseYear)
    return (str(year or ""), int(number) if number is not None else 0, str(subject))


def format_subject(graph: Graph, subject: URIRef) -> str:
    """One entity's block, ending with `` .`` and a newline."""
    lines = [term(subject)]
    predicates = _ordered_predicates(graph.predicates(subject, None))
    body = []
    for predicate in predicates:
        values = sorted(graph.objects(subject, predicate), key=_value_order)
        # blank nodes (series entries) have random identifiers: order them by what they say
        written = " , ".join(
            [_object(graph, v, indent=8) for v in values if not isinstance(v, BNode)]
            + sorted(_object(graph, v, indent=8) for v in values if isinstance(v, BNode))
        )
        name = "a" if predicate == RDF.type else term(predicate)
        body.append(f"    {name} {written}")
    lines.append(" ;\n".join(body) + " .")
    return lines[0] + " " + lines[1].lstrip() + "\n" if len(body) == 1 else lines[0] + "\n" + lines[1] + "\n"


def _ordered_predicates(predicates: Iterable[Node]) -> list[Node]:
    unique = set(predicates)
    first = [p for p in [RDF.type, *_FIRST] if p in unique]
    last = [p for p in _LAST if p in unique]
    middle = sorted((p for p in unique if p not in first and p not in last), key=term)
    return first + middle + last


def _object(graph: Graph, value: Node, indent: int) -> str:
    if isinstance(value, BNode):
        inner = " ; ".join(
            f"{term(p)} {' , '.join(term(o) for o in sorted(graph.objects(value, p), key=_value_order))}"
            for p in _ordered_predicates(graph.predicates(value, None))
        )
        return f"[ {inner} ]"
    return term(value)


def term(node: Node) -> str:
    """A term in the file's syntax: relative resource IRIs, prefixed vocabulary, short numbers."""
    if isinstance(node, URIRef):
        text = str(node)
        if text.startswith(str(RES)):
            return f"<{text[len(str(RES)) :]}>"
        for namespace, prefix in _PREFIXES.items():
            local = text[len(namespace) :]
            if text.startswith(namespace) and local.replace("-", "").replace("_", "").isalnum():
                return prefix + local
        return f"<{text}>"
    if isinstance(node, Literal):
        if node.datatype in (XSD.integer, XSD.boolean) and str(node) == str(node.toPython()).lower():
            return str(node)
        if node.datatype is not None:
            return f"{Literal(str(node)).n3()}^^{term(node.datatype)}"
    return node.n3()


def _value_order(value: Node) -> tuple:
    """IRIs first, then English, French and other literals, each alphabetically."""
    language = value.language if isinstance(value, Literal) else None
    rank = {"en": 0, "fr": 1}.get(language or "", 2)
    return (0 if isinstance(value, URIRef) else 1, rank, str(value))


def format_data_files(dataset_graph: Graph, paths: Iterable[Path], check: bool = False) -> list[Path]:
    """Rewrite each data file in ``paths`` in the canonical style (or, with ``check``, only report it).

    ``dataset_graph`` is the whole graph, used to group entities under their series' labels. Returns the
    files that were (or, with ``check``, would be) changed. Each file is written whole, atomically.
    """

    changed = []
    for path in paths:
        title = FILES.get(path.name, (f"Data: {path.stem}",))[0]
        text = path.read_text(encoding="utf-8")
        graph = Graph().parse(data=text, format="turtle", publicID=path.resolve().as_uri())
        formatted = format_graph(graph, dataset_graph, title, group_key)
        if formatted != text:
            changed.append(path)
            if not check:
                write_output(formatted, path)
    return changed
