"""A validation :class:`~kgtool.validate.findings.Report` as the W3C SHACL validation report graph (``--format shacl``).

Each SHACL finding becomes an ``sh:ValidationResult`` with the terms the engine reported: focus node, result path
(a complex path is copied from the shapes graph), value, source shape, source constraint component, severity and
message. A finding of a SPARQL check of ``checks/`` is a result of ``sh:SPARQLConstraintComponent`` whose source
shape is the check's IRI (``urn:kgtool:check:NAME``).
"""

from __future__ import annotations

import re
from io import BytesIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from kgtool.validate.findings import Report

SEVERITY_IRIS = {"error": SH.Violation, "warning": SH.Warning, "info": SH.Info}


def report_graph(report: Report) -> Graph:
    """The validation report graph of ``report``."""
    graph = Graph()
    graph.bind("sh", SH)
    shapes = report.shapes if isinstance(report.shapes, Graph) else Graph()
    for prefix, namespace in shapes.namespaces():
        if prefix:
            graph.bind(prefix, namespace, override=False)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    conforms = not any(f.top for f in report.findings)  # SHACL: no result at all, whatever its severity
    graph.add((node, SH.conforms, Literal(conforms, datatype=XSD.boolean)))
    for finding in report.findings:
        if not finding.top:
            continue
        result = BNode()
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, finding.focus if finding.focus is not None else finding.entity))
        severity = finding.result_severity or SEVERITY_IRIS.get(finding.severity, SH.Violation)
        graph.add((result, SH.resultSeverity, severity))
        graph.add((result, SH.resultMessage, Literal(finding.message)))
        component = finding.component if finding.component is not None else SH.SPARQLConstraintComponent
        graph.add((result, SH.sourceConstraintComponent, component))
        shape = finding.shape if finding.shape is not None else URIRef(f"urn:kgtool:check:{finding.check}")
        graph.add((result, SH.sourceShape, shape))
        _copy(shapes, graph, shape)
        path = finding.result_path if finding.result_path is not None else finding.path
        if path is not None:
            graph.add((result, SH.resultPath, path))
            _copy(shapes, graph, path)
        if finding.value is not None:
            graph.add((result, SH.value, finding.value))
    return graph


def _copy(source: Graph, target: Graph, node, seen: set | None = None) -> None:
    """Copy the triples of a blank node of ``source`` (a complex path, a blank-node shape), recursively."""
    seen = set() if seen is None else seen
    if not isinstance(node, BNode) or node in seen:
        return
    seen.add(node)
    listed = (node, RDF.first, None) in source  # a sequence path: its list only
    for p, o in source.predicate_objects(node):
        if listed and p not in (RDF.first, RDF.rest):
            continue
        target.add((node, p, o))
        _copy(source, target, o, seen)


def render_shacl(report: Report) -> str:
    """The validation report graph in Turtle, every literal as the engine reported it."""
    stream = BytesIO()
    _LexicalTurtle(report_graph(report)).serialize(stream, encoding="utf-8")
    return stream.getvalue().decode("utf-8")


class _LexicalTurtle(TurtleSerializer):
    """rdflib's Turtle serializer, except that a typed literal whose shorthand (``1.0e0``, ``true``, ``007``...) would
    not read back as its lexical form (``"1.0"^^xsd:double``, an ill-typed ``"none"^^xsd:boolean``,
    ``"007"^^xsd:integer``, which rdflib reads as ``7``) is written quoted, as it is."""

    def label(self, node: Node, position: int) -> str:
        text = super().label(node, position)
        if isinstance(node, Literal) and not text.startswith('"'):
            grammar = _SHORTHANDS.get(node.datatype)
            canonical = str(Literal(str(node), datatype=node.datatype, normalize=True))
            if text != str(node) or grammar is None or not re.fullmatch(grammar, text) or text != canonical:
                return node.n3(self.store.namespace_manager)
        return text


_SHORTHANDS = {
    XSD.integer: r"[+-]?[0-9]+",
    XSD.decimal: r"[+-]?[0-9]*\.[0-9]+",
    XSD.double: r"[+-]?([0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+",
    XSD.boolean: r"true|false",
}
"""Turtle's shorthand for each datatype it has one for (its INTEGER, DECIMAL, DOUBLE and BooleanLiteral)."""
