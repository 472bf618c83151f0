"""The model of validation: findings, the change a delta validation checked, and the report of a run.

Every engine (the SHACL engines, the batched SPARQL constraints, the SPARQL checks of ``checks/``) produces
:class:`ResultRow` s; :func:`findings_from_rows` turns them into :class:`Finding` s on the entity a
contributor edits, labelled and located at its file:line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kgtool.store.dataset import Location

SEVERITIES = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
SHAPES_CHECK = "shapes-graph"
"""The name of the check that validates ``ontology/shapes.ttl`` against the SHACL-for-SHACL shapes."""


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


@dataclass(frozen=True)
class Change:
    """What a change to the graph adds and removes, and how much of the graph was checked for it."""

    added: int
    removed: int
    new_entities: int
    checked: int
    whole_graph: bool = False

    def __str__(self) -> str:
        new = "new entity" if self.new_entities == 1 else "new entities"
        return (
            f"+{self.added} {'triple' if self.added == 1 else 'triples'}, "
            f"\u2212{self.removed} {'triple' if self.removed == 1 else 'triples'}, {self.new_entities} {new}"
        )


@dataclass
class Report:
    """The outcome of a validation run: the findings, the names of the checks run, and the change checked."""

    findings: list[Finding]
    checks: list[str] = field(default_factory=list)
    change: Change | None = None

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


class ResultRow(NamedTuple):
    """One result of an engine, before it is located: the focus node, the path, the value, the message,
    the severity (a SHACL severity IRI) and the check (a shape IRI or a check name)."""

    focus: Node
    path: Node | None
    value: Node | None
    message: str
    severity: Node
    check: str


def findings_from_rows(rows: Iterable[ResultRow], owner: Callable, label: Callable, locate: Callable) -> list[Finding]:
    """Findings from result rows, each on the entity that owns its focus node, labelled and located."""
    found = []
    for focus, path, value, message, severity, check in rows:
        entity = owner(focus)
        found.append(
            Finding(
                severity=SEVERITIES.get(severity, "error"),
                entity=entity,
                label=label(entity),
                message=message,
                path=_plain_path(path),
                value=value,
                check=check,
                location=locate(entity),
            )
        )
    return found


def default_message(component: Node | None) -> str:
    """The message of a result whose shape gives none: the constraint component it failed."""
    name = str(component).rsplit("#", 1)[-1] if component is not None else "a constraint"
    return f"does not conform to its shape ({name})"


def _plain_path(path: Node | None) -> Node | None:
    return path if isinstance(path, URIRef) else None


def finding_order(finding: Finding) -> tuple:
    where = finding.location
    return (
        str(where.path) if where else "~",
        where.line if where else 0,
        str(finding.entity),
        SEVERITY_RANK.get(finding.severity, 3),
        str(finding.path or ""),
        finding.message,
        str(finding.value) if isinstance(finding.value, (URIRef, Literal)) else "",
    )
