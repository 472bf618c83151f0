"""Validate the graph with the project's SHACL shapes and turn pySHACL's report into findings.

pySHACL knows nothing of files and lines; each finding is mapped back to the entity it concerns (a
blank node such as a series entry is reported on the entity that holds it) and to the file:line where
that entity is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kgtool.dataset import Dataset, Location, label_of

SEVERITIES = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Finding:
    """One problem found in the data, located where a contributor can fix it."""

    severity: str
    entity: Node
    label: str
    message: str
    path: Node | None
    value: Node | None
    check: str
    location: Location | None


@dataclass
class Report:
    """The outcome of a validation run."""

    findings: list[Finding]

    def count(self, severity: str) -> int:
        """How many findings have ``severity`` (``error``, ``warning`` or ``info``)."""
        return sum(1 for f in self.findings if f.severity == severity)

    def conforms(self, strict: bool = False) -> bool:
        """No errors (and, when ``strict``, no warnings either)."""
        failing = {"error", "warning"} if strict else {"error"}
        return not any(f.severity in failing for f in self.findings)

    def exit_code(self, strict: bool = False) -> int:
        """0 when the data conforms, 1 when it does not."""
        return 0 if self.conforms(strict) else 1


def validate_dataset(dataset: Dataset, shapes: Graph) -> Report:
    """Run the SHACL shapes over the whole graph (inference off) and return the located findings."""
    from pyshacl import validate  # imported here: only validation pays for pySHACL's import time

    _, results, _ = validate(
        dataset.graph,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    return Report(findings=sorted(_findings(dataset, results), key=_order))


def _findings(dataset: Dataset, results: Graph) -> list[Finding]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        entity = owning_entity(dataset.graph, focus)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        found.append(
            Finding(
                severity=SEVERITIES.get(results.value(result, SH.resultSeverity), "error"),
                entity=entity,
                label=label_of(dataset.graph, entity),
                message=str(message) if message is not None else "does not conform to its shape",
                path=_plain_path(results.value(result, SH.resultPath)),
                value=results.value(result, SH.value),
                check=str(shape)
                if isinstance(shape, URIRef)
                else str(results.value(result, SH.sourceConstraintComponent)),
                location=dataset.location(entity),
            )
        )
    return found


def owning_entity(graph: Graph, node: Node) -> Node:
    """``node`` itself, or for a blank node the nearest named subject that refers to it."""
    seen: set[Node] = set()
    while isinstance(node, BNode) and node not in seen:
        seen.add(node)
        parent = next(graph.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return node


def _plain_path(path: Node | None) -> Node | None:
    return path if isinstance(path, URIRef) else None


def _order(finding: Finding) -> tuple:
    where = finding.location
    return (
        str(where.path) if where else "~",
        where.line if where else 0,
        str(finding.entity),
        finding.severity,
        str(finding.path or ""),
        finding.message,
        str(finding.value) if isinstance(finding.value, (URIRef, Literal)) else "",
    )
