"""Evaluate the shapes' SHACL-SPARQL constraints once for all their focus nodes, on Oxigraph.

A SHACL engine runs a SPARQL-based constraint (``sh:sparql`` with ``sh:select``) once per focus node,
with ``$this`` pre-bound: on a graph of a million triples that is a hundred thousand queries, some of
which scan every node of a kind ("two books share a position" looks at every series entry), so their
cost grows with the square of the graph. Where a constraint allows it, kgtool instead runs it once:
the shape's targets become a sub-query that binds ``?this`` (``$this`` and ``?this`` are the same
variable in SPARQL), placed at the start of the query's outermost group, and every row of the answer
is a result for its ``?this``.

That join gives the same rows as pre-binding only for some queries, so a constraint is run this way
only when :func:`batchable` finds none of the constructs where the two differ: MINUS, SERVICE, VALUES,
sub-queries, LIMIT/OFFSET (SHACL forbids the first four with pre-binding anyway), aggregates not grouped
by ``?this``, a ``BIND (… AS ?this)``, a query that does not return ``?this``, and an expression that
reads ``?this`` in a nested group that does not bind it. Node shapes only (a property shape's
constraint also needs its value nodes), targets of SHACL Core only. Every other constraint stays in the
shapes graph for the SHACL engine. The results are what pySHACL reports (its focus node, path, value,
message templating and severity), checked on every bad fixture by ``tests/test_sparql_constraints.py``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from kgtool.sparql_text import insert_in_select_group

THIS = Variable("this")
_FORBIDDEN = {"Minus", "ServiceGraphPattern", "ToMultiSet", "values", "Slice"}
_MODIFIERS = {"SelectQuery", "Project", "Distinct", "Reduced", "OrderBy", "AggregateJoin", "Group", "Filter", "Extend"}
_SHAPE_VARIABLES = re.compile(r"[?$](PATH|currentShape|shapesGraph)\b")


@dataclass(frozen=True)
class SparqlConstraint:
    """A SPARQL-based constraint of a node shape, as one query over all of the shape's focus nodes."""

    shape: Node
    constraint: Node
    select: str
    prefixes: str
    targets: str
    messages: tuple[Literal, ...]
    severity: URIRef

    def query(self, focus: Iterable[Node] | None = None) -> str:
        """The query text; with ``focus``, only for those of the shape's focus nodes."""
        targets = self.targets
        if focus is not None:
            values = " ".join(node.n3() for node in focus if isinstance(node, URIRef))
            targets = f"{{ SELECT DISTINCT ?this WHERE {{ VALUES ?this {{ {values} }} {targets} }} }}"
        return self.prefixes + insert_in_select_group(self.select, f"\n  {targets}\n")


@dataclass(frozen=True)
class ConstraintResult:
    """One validation result of a SPARQL-based constraint, with what pySHACL would put in its report."""

    focus: Node
    path: Node | None
    value: Node | None
    message: str | None
    severity: URIRef
    shape: Node


def split_shapes(shapes: Graph) -> tuple[Graph, list[SparqlConstraint]]:
    """The shapes graph without the constraints that can run once for all focus nodes, and those constraints.

    The constraints of a shape that another shape reaches (``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``,
    ``sh:xone``, ``sh:qualifiedValueShape``, ``sh:property``) are never batched: the engine evaluates that shape
    on value nodes as well as on its own targets, and needs all of its constraints there.
    """
    rest = Graph()
    for prefix, namespace in shapes.namespaces():
        rest.bind(prefix, namespace, override=True)
    rest += shapes
    batched = []
    reached = referenced_shapes(shapes)
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql), key=str):
        if shape in reached:
            continue
        prepared = prepare_constraint(shapes, shape, constraint)
        if prepared is not None:
            rest.remove((shape, SH.sparql, constraint))
            batched.append(prepared)
    return rest, batched


def prepare_constraint(shapes: Graph, shape: Node, constraint: Node) -> SparqlConstraint | None:
    """``constraint`` of ``shape`` as a :class:`SparqlConstraint`, or None if it must run per focus node."""
    select = shapes.value(constraint, SH.select)
    if not isinstance(select, Literal) or len(set(shapes.objects(constraint, SH.select))) != 1:
        return None
    if (shape, SH.path, None) in shapes or _deactivated(shapes, shape) or _deactivated(shapes, constraint):
        return None
    if _SHAPE_VARIABLES.search(str(select)):
        return None
    targets = target_pattern(shapes, shape)
    prefixes = _prefixes(shapes, constraint)
    if targets is None or prefixes is None or not batchable(prefixes + str(select)):
        return None
    messages = tuple(m for m in shapes.objects(constraint, SH.message) if isinstance(m, Literal))
    messages = messages or tuple(m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal))
    severity = shapes.value(shape, SH.severity)
    return SparqlConstraint(
        shape=shape,
        constraint=constraint,
        select=str(select),
        prefixes=prefixes,
        targets=targets,
        messages=tuple(sorted(messages, key=str)),
        severity=severity if isinstance(severity, URIRef) else SH.Violation,
    )


_REFERENCING = (SH.node, SH["not"], SH.qualifiedValueShape, SH.property)
_LISTING = (SH["and"], SH["or"], SH.xone)


def referenced_shapes(shapes: Graph) -> set[Node]:
    """The shapes another shape refers to: through ``sh:node``, ``sh:not``, ``sh:qualifiedValueShape``,
    ``sh:property``, or as a member of an ``sh:and``, ``sh:or`` or ``sh:xone`` list."""
    from rdflib.collection import Collection

    found = {o for p in _REFERENCING for o in shapes.objects(None, p)}
    for predicate in _LISTING:
        for head in shapes.objects(None, predicate):
            try:
                found.update(Collection(shapes, head))
            except Exception:  # a malformed list: the engine reports it
                continue
    return found


def target_pattern(shapes: Graph, shape: Node) -> str | None:
    """A sub-query binding ``?this`` to each focus node of ``shape``'s SHACL Core targets (None if it has
    other targets, or none)."""
    if (shape, SH.target, None) in shapes:
        return None
    classes = set(shapes.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in shapes:
        classes.add(shape)
    parts = []
    if classes:
        listed = " ".join(c.n3() for c in sorted(classes, key=str))
        parts.append(f"{{ VALUES ?kgtoolClass {{ {listed} }} ?this a/{RDFS.subClassOf.n3()}* ?kgtoolClass }}")
    nodes = [n for n in shapes.objects(shape, SH.targetNode) if not isinstance(n, BNode)]
    if nodes:
        parts.append(f"{{ VALUES ?this {{ {' '.join(n.n3() for n in sorted(nodes, key=str))} }} }}")
    for predicate in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str):
        parts.append(f"{{ ?this {predicate.n3()} ?kgtoolObject }}")
    for predicate in sorted(shapes.objects(shape, SH.targetObjectsOf), key=str):
        parts.append(f"{{ ?kgtoolSubject {predicate.n3()} ?this }}")
    if not parts:
        return None
    return f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(parts)} }} }}"


@functools.lru_cache(maxsize=256)
def batchable(text: str) -> bool:
    """Whether joining the focus nodes to the SELECT ``text`` gives the rows pre-binding ``$this`` gives."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(text).algebra
    except Exception:  # rdflib raises many types; the SHACL engine will report the query
        return False
    if algebra.name != "SelectQuery" or not _projects_this(algebra) or _has_forbidden(algebra):
        return False
    return simple_select(text) and _safe(algebra, outer=True)


_SIMPLE_PARTS = {"TriplesBlock", "Filter", "Bind", "OptionalGraphPattern"}


def simple_select(text: str) -> bool:
    """Whether the SELECT query ``text`` has the shape the rewrite is proven for.

    Its WHERE group holds only triple patterns, FILTERs, BINDs (not of ``?this``) and OPTIONAL groups made of
    triple patterns and FILTERs; no projection expression holds a group pattern. Then every expression that
    reads ``?this`` is evaluated on solutions of the outermost group, where the joined focus node is bound just
    as the pre-bound one is; a nested group (``{ … }``, UNION, GRAPH, a nested OPTIONAL) is evaluated on its own,
    where ``?this`` would be unbound, so such a query runs per focus node in the engine.
    """
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        query = parseQuery(text)[1]
    except Exception:  # rdflib raises many types; the SHACL engine will report the query
        return False
    where = query.get("where")
    if getattr(where, "name", None) != "GroupGraphPatternSub":
        return False
    for part in where.get("part") or []:
        name = getattr(part, "name", None)
        if name not in _SIMPLE_PARTS:
            return False
        if name == "Bind" and part.get("var") == THIS:
            return False
        if name == "OptionalGraphPattern":
            inner = part.get("graph")
            if getattr(inner, "name", None) != "GroupGraphPatternSub":
                return False
            if any(getattr(p, "name", None) not in ("TriplesBlock", "Filter") for p in inner.get("part") or []):
                return False
    projection = query.get("projection") or []
    return not any(_has_group(item.get("expr")) for item in projection if hasattr(item, "get"))


def _has_group(node) -> bool:
    """Whether a parse-tree expression holds a group pattern (EXISTS, NOT EXISTS)."""
    if getattr(node, "name", None) in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        return True
    if isinstance(node, dict):
        return any(_has_group(value) for value in node.values())
    if isinstance(node, list | tuple):
        return any(_has_group(value) for value in node)
    return False


def run_constraints(
    store, constraints: list[SparqlConstraint], to_rdflib: Callable, focus: Iterable[Node] | None = None
) -> list[ConstraintResult]:
    """The results of ``constraints`` on a pyoxigraph ``store`` (only for ``focus``, when given); ``to_rdflib``
    converts the store's terms."""
    focus = None if focus is None else sorted({n for n in focus if isinstance(n, URIRef)}, key=str)
    if focus == []:
        return []
    results: list[ConstraintResult] = []
    for constraint in constraints:
        answer = store.query(constraint.query(focus))
        names = [v.value for v in answer.variables]
        seen = set()
        for solution in answer:
            row = {name: to_rdflib(term) for name, term in zip(names, solution, strict=True) if term is not None}
            this = row.pop("this", None)
            if this is None:
                continue
            key = tuple(sorted(row.items()))
            if (this, key) in seen:
                continue
            seen.add((this, key))
            path, value = row.pop("path", None), row.pop("value", None)
            value = this if value is None else value
            bound = {**row, "this": this, **({"path": path} if path is not None else {}), "value": value}
            message = _format(constraint.messages[0], bound) if constraint.messages else None
            results.append(ConstraintResult(this, path, value, message, constraint.severity, constraint.shape))
    return results


def _format(message: Literal, bound: dict[str, Node]) -> str:
    """pySHACL's message templating: ``{?name}`` and ``{$name}`` become the bound value's text."""
    text = str(message)
    for name, value in bound.items():
        text = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _, v=value: str(v), text)
    return text


def _deactivated(shapes: Graph, node: Node) -> bool:
    value = shapes.value(node, SH.deactivated)
    return isinstance(value, Literal) and value.value is True


def _prefixes(shapes: Graph, constraint: Node) -> str | None:
    """The PREFIX lines of the constraint's ``sh:prefixes`` declarations (None if one is malformed)."""
    lines = []
    owners, stack = set(), list(shapes.objects(constraint, SH.prefixes))
    while stack:  # the sh:prefixes nodes and the ontologies they import (owl:imports), as SHACL collects them
        owner = stack.pop()
        if owner not in owners:
            owners.add(owner)
            stack.extend(shapes.objects(owner, OWL.imports))
    for owner in sorted(owners, key=str):
        for declaration in shapes.objects(owner, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                return None
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def _projects_this(algebra) -> bool:
    variables = algebra.get("PV") or []
    return THIS in variables


def _has_forbidden(node) -> bool:
    if isinstance(node, dict):
        if getattr(node, "name", None) in _FORBIDDEN:
            return True
        if getattr(node, "name", None) == "Extend" and node.get("var") == THIS and not _aggregate(node.get("expr")):
            return True
        if getattr(node, "name", None) == "Group" and THIS not in (node.get("expr") or []):
            return True
        return any(_has_forbidden(value) for key, value in node.items() if key != "_vars")
    if isinstance(node, list | tuple):
        return any(_has_forbidden(value) for value in node)
    return False


def _aggregate(expr) -> bool:
    return isinstance(expr, Variable) and str(expr).startswith("__agg_")


def _safe(node, outer: bool) -> bool:
    """No expression below ``node`` reads ``?this`` where the joined focus node would not be in scope.

    ``outer``: ``node`` is on the chain of modifiers and group filters that wrap the outermost group
    (where the focus node, placed first in that group, is in scope); below it, an expression may read
    ``?this`` only over a pattern that binds ``?this`` itself.
    """
    if isinstance(node, list | tuple):
        return all(_safe(value, False) for value in node)
    if not isinstance(node, dict):
        return True
    name = getattr(node, "name", None)
    expression = {"Filter": "expr", "Extend": "expr", "LeftJoin": "expr"}.get(name)
    if expression and THIS in _expression_variables(node.get(expression)):
        pattern = node.get("p1") if name == "LeftJoin" else node.get("p")
        if not (outer and name in ("Filter", "Extend", "LeftJoin")) and THIS not in _bound(pattern):
            return False
    for key, value in node.items():
        if key in ("_vars", "expr", "PV", "A"):
            continue
        if not _safe(value, outer and name in _MODIFIERS and key == "p"):
            return False
    return True


def _expression_variables(expr) -> set[Variable]:
    if isinstance(expr, Variable):
        return {expr}
    found: set[Variable] = set()
    if isinstance(expr, dict):
        for key, value in expr.items():
            if key != "_vars":
                found |= _expression_variables(value)
    elif isinstance(expr, list | tuple):
        for value in expr:
            found |= _expression_variables(value)
    return found


def _bound(node) -> set[Variable]:
    """The variables every solution of the pattern ``node`` binds."""
    if not isinstance(node, dict):
        return set()
    name = getattr(node, "name", None)
    if name == "BGP":
        return {term for triple in node.get("triples") or [] for term in triple if isinstance(term, Variable)}
    if name == "Join":
        return _bound(node.get("p1")) | _bound(node.get("p2"))
    if name == "LeftJoin":
        return _bound(node.get("p1"))
    if name == "Union":
        return _bound(node.get("p1")) & _bound(node.get("p2"))
    if name == "Extend":
        return _bound(node.get("p")) | {node.get("var")}
    if name in ("Filter", "Graph"):
        return _bound(node.get("p"))
    return set()
