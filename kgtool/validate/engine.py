"""Validate the graph: the SHACL shapes, the SPARQL checks of ``checks/``, and the shapes graph itself.

The graph is read from an Oxigraph store (:class:`~kgtool.store.view.StoreView`): ``kgtool validate``
never builds rdflib's graph, which at a million triples takes ten times longer to load than Oxigraph's.
pyshacl-turbo (else pySHACL) runs the shapes; the SPARQL-based constraints that allow it run once for
all their focus nodes on Oxigraph (:mod:`kgtool.validate.sparql_constraints`); the SPARQL checks of ``checks/``
run meanwhile. The SHACL engine knows nothing of files and lines; each finding is mapped back to the
entity it concerns (a blank node such as a series entry is reported on the entity that holds it) and
to the file:line where that entity is written. The shapes graph is first validated against the
SHACL-for-SHACL shapes; data is validated only with shapes that pass.

Validation can be restricted to some entities (delta validation, see :mod:`kgtool.validate.delta`), always
against the whole graph: each shape's targets are narrowed to the listed entities it targets (rewritten
as ``sh:targetNode``), and each check runs with ``?entity`` bound to each listed entity. pySHACL's own
``focus_nodes`` option is not used: in pySHACL 0.40 it also filters the value nodes that nested shapes
(``sh:or``, ``sh:node``, ``sh:qualifiedValueShape``) are evaluated on, which hides real violations and
reports false ones; combined with ``use_shapes`` it skips targeting altogether.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pyshacl.entrypoints import meta_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kgtool.store.dataset import SHAPES_FILE, Dataset, label_of, load_shapes, source_files, subject_lines
from kgtool.store.owners import owning_entity
from kgtool.store.terms import plain_strings
from kgtool.store.view import StoreView, as_view
from kgtool.validate import shacl_worker
from kgtool.validate.checks import Check, load_checks, run_checks
from kgtool.validate.findings import (
    SHAPES_CHECK,
    Finding,
    Report,
    ResultRow,
    default_message,
    finding_order,
    findings_from_rows,
)
from kgtool.validate.shacl import run_shacl, shacl_engine, shacl_result_rows
from kgtool.validate.sparql_constraints import ConstraintResult, run_constraints, split_shapes


def validate_dataset(
    dataset: Dataset, shapes: Graph, focus: Iterable[Node] | None = None, checks: list[Check] | None = None
) -> Report:
    """Validate a loaded graph and return the located findings of every check (see :func:`validate_view`)."""
    return validate_view(StoreView.of_dataset(dataset), dataset.root, shapes, focus, checks)


def validate_files(root: Path, extra: list[Path] | None = None) -> Report:
    """``kgtool validate``: the ontology, the data files and the candidate files ``extra``.

    No rdflib graph is built: Oxigraph loads the files into memory, the SHACL engine reads that store,
    and a subject's file:line is looked up only for the findings.
    """
    view = StoreView.of_files(root, source_files(root, extra), extra or [], in_memory=True)
    return validate_view(view, root, load_shapes(root))


def validate_view(
    view: StoreView,
    root: Path,
    shapes: Graph,
    focus: Iterable[Node] | None = None,
    checks: list[Check] | None = None,
    shacl_view: StoreView | None = None,
    meta: bool = True,
) -> Report:
    """Validate the graph of ``view`` and return the located findings of every check.

    The shapes graph is validated first (against SHACL-for-SHACL); if it is broken, that is the whole
    report. Then the SHACL shapes run (inference off) and the SPARQL ``checks`` (by default those of
    ``checks/`` under ``root``; on a big graph while the SHACL engine runs in a second process). With
    ``focus``, only those entities are validated, against the whole graph, and the shapes graph is not
    validated again: a change to the shapes makes delta validation validate everything (see
    :mod:`kgtool.validate.delta`). ``shacl_view``, when given, is what the shapes run on: the part of a big graph
    they can reach from ``focus`` (:func:`kgtool.validate.reach.reachable_graph`). ``meta`` False skips the
    SHACL-for-SHACL check of the shapes graph (``kgtool validate --shapes``, like ``pyshacl -s``).
    """
    checks = load_checks(root) if checks is None else checks
    broken = validate_shapes(shapes, root / SHAPES_FILE) if focus is None and meta else []
    if any(f.severity == "error" for f in broken):
        return Report(findings=sorted(broken, key=finding_order), checks=[SHAPES_CHECK])
    focus = None if focus is None else sorted(set(focus), key=str)
    shacl_view = view if shacl_view is None else shacl_view
    findings = [*broken, *shacl_findings(shacl_view, shapes, focus, alongside=lambda: run_checks(view, checks, focus))]
    names = [*([SHAPES_CHECK] if focus is None and meta else []), *shape_names(shapes), *(c.name for c in checks)]
    return Report(findings=sorted(set(findings), key=finding_order), checks=names, shapes=shapes)


def shacl_findings(
    source: StoreView | Dataset,
    shapes: Graph,
    focus: list[Node] | None = None,
    alongside: Callable[[], list[Finding]] | None = None,
) -> list[Finding]:
    """Run the SHACL shapes (inference off) over the whole graph, or only on the ``focus`` entities.

    The SPARQL-based constraints that can be are run once for all their focus nodes on Oxigraph
    (:mod:`kgtool.validate.sparql_constraints`); the SHACL engine runs the rest, on a big graph in a second
    process (:mod:`kgtool.validate.shacl_worker`) while ``alongside`` (other work, such as the SPARQL checks)
    runs here. Its findings follow.
    """
    view = as_view(source)
    if focus is not None:
        focus = [node for node in focus if isinstance(node, URIRef)]
    shapes = plain_strings(shapes)
    core, constraints = split_shapes(shapes) if view.faithful else (shapes, [])
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
    found = findings_from_rows(rows, view.owner, view.label, view.locate)
    if focus is not None:
        found = [f for f in found if f.entity in set(focus)]
    return [*found, *others]


def _worker(view: StoreView, shapes: Graph):
    """A :mod:`kgtool.validate.shacl_worker` validating the graph, when it is big and the engine is pyshacl-turbo."""
    if view.graph is not None or len(view.store) < shacl_worker.MIN_TRIPLES:
        return None
    if shacl_engine()[0].__module__.split(".")[0] != "pyshacl_turbo":
        return None
    return shacl_worker.start(view, shapes)


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
    """Validate the shapes graph against the SHACL-for-SHACL shapes; findings are located in ``source``.

    A shapes graph found valid is remembered (its triples, for the rest of the process): checking it again
    would take seconds and find the same.
    """
    triples = frozenset(shapes)
    if triples in _VALID_SHAPES:
        return []
    _, results, _ = meta_validate(shapes, inference="none", allow_warnings=True, allow_infos=True)
    if (None, RDF.type, SH.ValidationResult) not in results:
        while len(_VALID_SHAPES) >= 8:
            _VALID_SHAPES.pop(next(iter(_VALID_SHAPES)))
        _VALID_SHAPES[triples] = None
        return []
    try:
        text = source.read_text(encoding="utf-8")
        lines = subject_lines(text, source.resolve().as_uri(), SHAPES_FILE)
    except OSError:
        lines = {}
    found = findings_from_rows(
        shacl_result_rows(results, None), lambda n: owning_entity(shapes, n), lambda n: label_of(shapes, n), lines.get
    )
    return [Finding(f.severity, f.entity, f.label, f.message, f.path, f.value, SHAPES_CHECK, f.location) for f in found]


_VALID_SHAPES: dict[frozenset, None] = {}
"""The shapes graphs (their triples) that SHACL-for-SHACL found valid, the last few, oldest first."""


def shape_names(shapes: Graph) -> list[str]:
    """The IRIs of the node shapes that select their own focus nodes (have a target), in order."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return sorted({str(s) for t in targets for s in shapes.subjects(t, None) if isinstance(s, URIRef)})


def _constraint_row(result: ConstraintResult) -> ResultRow:
    """A result of :func:`kgtool.validate.sparql_constraints.run_constraints` as a result row."""
    message = result.message if result.message is not None else default_message(SH.SPARQLConstraintComponent)
    return ResultRow(
        result.focus,
        result.path,
        result.value,
        message,
        result.severity,
        str(result.shape),
        result.shape,
        SH.SPARQLConstraintComponent,
    )
