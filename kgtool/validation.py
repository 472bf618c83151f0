"""Validate the graph: the SHACL shapes, the SPARQL checks of ``checks/``, and the shapes graph itself.

The graph is read from an Oxigraph store (:class:`~kgtool.store_view.StoreView`): ``kgtool validate``
never builds rdflib's graph, which at a million triples takes ten times longer to load than Oxigraph's.
pyshacl-turbo (else pySHACL) runs the shapes; the SPARQL-based constraints that allow it run once for
all their focus nodes on Oxigraph (:mod:`kgtool.sparql_constraints`); the SPARQL checks of ``checks/``
run meanwhile. The SHACL engine knows nothing of files and lines; each finding is mapped back to the
entity it concerns (a blank node such as a series entry is reported on the entity that holds it) and
to the file:line where that entity is written. The shapes graph is first validated against the
SHACL-for-SHACL shapes; data is validated only with shapes that pass.

Validation can be restricted to some entities (delta validation, see :mod:`kgtool.delta`), always
against the whole graph: each shape's targets are narrowed to the listed entities it targets (rewritten
as ``sh:targetNode``), and each check runs with ``?entity`` bound to each listed entity. pySHACL's own
``focus_nodes`` option is not used: in pySHACL 0.40 it also filters the value nodes that nested shapes
(``sh:or``, ``sh:node``, ``sh:qualifiedValueShape``) are evaluated on, which hides real violations and
reports false ones; combined with ``use_shapes`` it skips targeting altogether.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kgtool.dataset import SHAPES_FILE, Dataset, Location, label_of, load_shapes, source_files, subject_lines
from kgtool.errors import InputError, UsageError

if TYPE_CHECKING:
    from kgtool.checks import Check
    from kgtool.sparql_constraints import ConstraintResult
    from kgtool.store_view import StoreView

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


def validate_dataset(
    dataset: Dataset, shapes: Graph, focus: Iterable[Node] | None = None, checks: list[Check] | None = None
) -> Report:
    """Validate a loaded graph and return the located findings of every check (see :func:`validate_view`)."""
    from kgtool.store_view import StoreView

    return validate_view(StoreView.of_dataset(dataset), dataset.root, shapes, focus, checks)


def validate_files(root: Path, extra: list[Path] | None = None) -> Report:
    """``kgtool validate``: the ontology, the data files and the candidate files ``extra``.

    No rdflib graph is built: Oxigraph loads the files into memory, the SHACL engine reads that store,
    and a subject's file:line is looked up only for the findings.
    """
    from kgtool.store_view import StoreView

    view = StoreView.of_files(root, source_files(root, extra), extra or [], in_memory=True)
    return validate_view(view, root, load_shapes(root))


def validate_view(
    view: StoreView,
    root: Path,
    shapes: Graph,
    focus: Iterable[Node] | None = None,
    checks: list[Check] | None = None,
    shacl_view: StoreView | None = None,
) -> Report:
    """Validate the graph of ``view`` and return the located findings of every check.

    The shapes graph is validated first (against SHACL-for-SHACL); if it is broken, that is the whole
    report. Then the SHACL shapes run (inference off) and the SPARQL ``checks`` (by default those of
    ``checks/`` under ``root``; on a big graph while the SHACL engine runs in a second process). With
    ``focus``, only those entities are validated, against the whole graph, and the shapes graph is not
    validated again: a change to the shapes makes delta validation validate everything (see
    :mod:`kgtool.delta`). ``shacl_view``, when given, is what the shapes run on: the part of a big graph
    they can reach from ``focus`` (:func:`kgtool.reach.reachable_graph`).
    """
    from kgtool.checks import load_checks, run_checks

    checks = load_checks(root) if checks is None else checks
    broken = validate_shapes(shapes, root / SHAPES_FILE) if focus is None else []
    if any(f.severity == "error" for f in broken):
        return Report(findings=sorted(broken, key=_order), checks=[SHAPES_CHECK])
    focus = None if focus is None else sorted(set(focus), key=str)
    shacl_view = view if shacl_view is None else shacl_view
    findings = [*broken, *shacl_findings(shacl_view, shapes, focus, alongside=lambda: run_checks(view, checks, focus))]
    names = [*([SHAPES_CHECK] if focus is None else []), *shape_names(shapes), *(check.name for check in checks)]
    return Report(findings=sorted(set(findings), key=_order), checks=names)


def shacl_findings(
    source: StoreView | Dataset,
    shapes: Graph,
    focus: list[Node] | None = None,
    alongside: Callable[[], list[Finding]] | None = None,
) -> list[Finding]:
    """Run the SHACL shapes (inference off) over the whole graph, or only on the ``focus`` entities.

    The SPARQL-based constraints that can be are run once for all their focus nodes on Oxigraph
    (:mod:`kgtool.sparql_constraints`); the SHACL engine runs the rest, on a big graph in a second
    process (:mod:`kgtool.shacl_worker`) while ``alongside`` (other work, such as the SPARQL checks)
    runs here. Its findings follow.
    """
    from kgtool.sparql_constraints import run_constraints, split_shapes
    from kgtool.store_view import as_view

    view = as_view(source)
    if focus is not None:
        focus = [node for node in focus if isinstance(node, URIRef)]
    core, constraints = split_shapes(shapes)
    if focus is not None:
        core = focused_shapes(core, view, focus)
    worker = _worker(view, core) if focus is None else None
    try:
        batched = run_constraints(view.store, constraints, view.to_rdflib, focus)
        others = alongside() if alongside is not None else []
    except BaseException:
        if worker is not None:
            worker.stop()
        raise
    rows = worker.rows() if worker is not None else None
    if rows is None:
        rows = shacl_result_rows(run_shacl(view, core), shapes) if focus != [] else []
    rows += [_constraint_row(result) for result in batched]
    found = _findings(rows, view.owner, view.label, view.locate)
    if focus is not None:
        found = [f for f in found if f.entity in set(focus)]
    return [*found, *others]


def _worker(view: StoreView, shapes: Graph):
    """A :mod:`kgtool.shacl_worker` validating the graph, when it is big and the engine is pyshacl-turbo."""
    from kgtool import shacl_worker

    if view.graph is not None or len(view.store) < shacl_worker.MIN_TRIPLES:
        return None
    if shacl_engine()[0].__module__.split(".")[0] != "pyshacl_turbo":
        return None
    return shacl_worker.start(view, shapes)


def run_shacl(view: StoreView, shapes: Graph) -> Graph:
    """The SHACL results graph of the graph of ``view`` against ``shapes`` (inference off), from :func:`shacl_engine`.

    pyshacl-turbo reads the rdflib graph the view copies, else the store. It refuses some terms rdflib
    accepts (a malformed language tag such as ``@e``, which the checks report): then pySHACL validates
    the rdflib graph, so the report is the same either way.
    """
    validate, ReportableRuntimeError = shacl_engine()
    options = {"shacl_graph": shapes, "inference": "none", "allow_warnings": True, "allow_infos": True}
    try:
        try:
            _, results, _ = validate(view.graph if view.graph is not None else view.store, **options)
        except ValueError:
            validate, ReportableRuntimeError = shacl_engine("pyshacl")
            _, results, _ = validate(view.rdflib_graph(), **options)
    except ReportableRuntimeError as exc:
        raise InputError(f"{SHAPES_FILE}: pySHACL cannot apply the shapes: {exc.message}") from None
    return results


SHACL_ENGINES = ("turbo", "pyshacl")


def shacl_engine(name: str | None = None) -> tuple:
    """The SHACL engine's ``validate`` function and its error type: pyshacl-turbo, else pySHACL.

    pyshacl-turbo (a Rust engine with pySHACL's ``validate``) gives the same reports as pySHACL on the
    shipped data, on every file of ``tests/fixtures/bad/`` and on synthetic data with injected errors
    (``bench/shacl_parity.py``), 17 to 60 times faster; ``KGTOOL_SHACL=pyshacl`` (or its absence) uses
    pySHACL. Imported here: only validation pays for the import.
    """
    import os

    name = (name or os.environ.get("KGTOOL_SHACL") or "turbo").strip().lower()
    if name not in SHACL_ENGINES:
        raise UsageError(f"KGTOOL_SHACL={name}: unknown SHACL engine; choose one of {', '.join(SHACL_ENGINES)}")
    if name == "turbo":
        try:
            from pyshacl_turbo import validate
            from pyshacl_turbo.errors import ReportableRuntimeError

            return validate, ReportableRuntimeError
        except ImportError:
            pass
    from pyshacl import validate
    from pyshacl.errors import ReportableRuntimeError

    return validate, ReportableRuntimeError


TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
"""The SHACL Core target predicates (SHACL-AF's ``sh:target`` is left as it is)."""


def focused_shapes(shapes: Graph, view: StoreView, focus: list[URIRef]) -> Graph:
    """A copy of ``shapes`` in which each shape targets exactly the ``focus`` nodes it targets in the graph.

    A shape's targets are replaced by one ``sh:targetNode`` per focus node that its targets select
    (``sh:targetClass`` follows ``rdfs:subClassOf`` in the data graph, as SHACL's instance relation
    does; a shape that is also a class targets its instances). Everything else is unchanged, so each
    focus node meets the same constraints, evaluated on the same whole data graph, as in full validation.
    """
    focused = Graph()
    focused += shapes
    targeting = {s for p in TARGETS for s in shapes.subjects(p, None)}
    targeting |= {s for s in shapes.subjects(RDF.type, RDFS.Class) if (s, RDF.type, SH.NodeShape) in shapes}
    for shape in targeting:
        selected = [node for node in focus if _targets(shapes, view, shape, node)]
        for predicate in TARGETS:
            focused.remove((shape, predicate, None))
        if (shape, RDF.type, RDFS.Class) in shapes:
            focused.remove((shape, RDF.type, RDFS.Class))
        for node in selected:
            focused.add((shape, SH.targetNode, node))
    return focused


def _targets(shapes: Graph, view: StoreView, shape: Node, node: URIRef) -> bool:
    """Whether the targets of ``shape`` select ``node`` in the graph of ``view``."""
    if (shape, SH.targetNode, node) in shapes:
        return True
    classes = set(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes:
        classes.add(shape)
    if classes and classes & _superclasses(view, set(view.objects(node, RDF.type))):
        return True
    if any(next(view.triples(node, p, None), None) for p in shapes.objects(shape, SH.targetSubjectsOf)):
        return True
    return any(next(view.triples(None, p, node), None) for p in shapes.objects(shape, SH.targetObjectsOf))


def _superclasses(view: StoreView, classes: set[Node]) -> set[Node]:
    """``classes`` and all their superclasses (``rdfs:subClassOf``, transitively)."""
    found, stack = set(classes), list(classes)
    while stack:
        for parent in view.objects(stack.pop(), RDFS.subClassOf):
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


def validate_shapes(shapes: Graph, source: Path) -> list[Finding]:
    """Validate the shapes graph against the SHACL-for-SHACL shapes; findings are located in ``source``."""
    from pyshacl.entrypoints import meta_validate

    _, results, _ = meta_validate(shapes, inference="none", allow_warnings=True, allow_infos=True)
    if (None, RDF.type, SH.ValidationResult) not in results:
        return []
    try:
        text = source.read_text(encoding="utf-8")
        lines = subject_lines(text, source.resolve().as_uri(), SHAPES_FILE)
    except OSError:
        lines = {}
    found = _findings(
        shacl_result_rows(results, None), lambda n: owning_entity(shapes, n), lambda n: label_of(shapes, n), lines.get
    )
    return [Finding(f.severity, f.entity, f.label, f.message, f.path, f.value, SHAPES_CHECK, f.location) for f in found]


def shape_names(shapes: Graph) -> list[str]:
    """The IRIs of the node shapes that select their own focus nodes (have a target), in order."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return sorted({str(s) for t in targets for s in shapes.subjects(t, None) if isinstance(s, URIRef)})


def shacl_result_rows(results: Graph, shapes: Graph | None) -> list[tuple]:
    """Each SHACL validation result as ``(focus, path, value, message, severity, check)``."""
    rows = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        component = results.value(result, SH.sourceConstraintComponent)
        rows.append(
            (
                results.value(result, SH.focusNode),
                results.value(result, SH.resultPath),
                results.value(result, SH.value),
                str(message) if message is not None else _default_message(component),
                results.value(result, SH.resultSeverity),
                _shape_name(shapes, results, result),
            )
        )
    return rows


def _constraint_row(result: ConstraintResult) -> tuple:
    """A result of :func:`kgtool.sparql_constraints.run_constraints` as a result row."""
    message = result.message if result.message is not None else _default_message(SH.SPARQLConstraintComponent)
    return (result.focus, result.path, result.value, message, result.severity, str(result.shape))


def _findings(rows: Iterable[tuple], owner: Callable, label: Callable, locate: Callable) -> list[Finding]:
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


def _shape_name(shapes: Graph | None, results: Graph, result: Node) -> str:
    """The node shape a result comes from (a property shape's node shape), else its constraint component."""
    shape = results.value(result, SH.sourceShape)
    if isinstance(shape, BNode) and shapes is not None:
        shape = next((s for s in shapes.subjects(SH.property, shape) if isinstance(s, URIRef)), shape)
    if isinstance(shape, URIRef):
        return str(shape)
    return str(results.value(result, SH.sourceConstraintComponent))


def _default_message(component: Node | None) -> str:
    """The message of a result whose shape gives none: the constraint component it failed."""
    name = str(component).rsplit("#", 1)[-1] if component is not None else "a constraint"
    return f"does not conform to its shape ({name})"


def owning_entity(graph: Graph | StoreView, node: Node) -> Node:
    """``node`` itself, or for a blank node the nearest named subject that refers to it (in an rdflib graph
    or a :class:`~kgtool.store_view.StoreView`)."""
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
        SEVERITY_RANK.get(finding.severity, 3),
        str(finding.path or ""),
        finding.message,
        str(finding.value) if isinstance(finding.value, (URIRef, Literal)) else "",
    )
