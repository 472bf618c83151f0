"""The SHACL engines (pyshacl-turbo, else pySHACL) and their results as :class:`ResultRow` s."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kgtool.errors import InputError, UsageError
from kgtool.validate.findings import ResultRow, default_message

if TYPE_CHECKING:
    from kgtool.store.view import StoreView


def run_shacl(view: StoreView, shapes: Graph) -> Graph:
    """The SHACL results graph of the graph of ``view`` against ``shapes`` (inference off), from :func:`shacl_engine`.

    pyshacl-turbo reads the rdflib graph the view copies, else the store. It refuses some terms rdflib
    accepts (a malformed language tag such as ``@e``, which the checks report): then pySHACL validates
    the rdflib graph, so the report is the same either way.
    """
    validate, ReportableRuntimeError = shacl_engine()
    options = {"shacl_graph": shapes, "inference": "none", "allow_warnings": True, "allow_infos": True}
    data = view.graph if view.graph is not None else view.store
    if validate.__module__.split(".")[0] == "pyshacl" or (view.graph is None and sparql_based(shapes)):
        data = view.rdflib_graph()
    if data is view.store:
        options["shacl_graph"] = typed_strings(shapes)
    try:
        try:
            _, results, _ = validate(data, **options)
        except ValueError:
            validate, ReportableRuntimeError = shacl_engine("pyshacl")
            _, results, _ = validate(view.rdflib_graph(), **options)
    except ReportableRuntimeError as exc:
        raise unsupported(view, shapes, exc.message) from None
    except Exception as exc:  # the engine failed on these shapes: say so in one line, never a traceback
        raise unsupported(view, shapes, f"{type(exc).__name__}: {exc}") from None
    if not isinstance(results, Graph):  # a ValidationFailure: the engine refuses the shapes
        raise unsupported(view, shapes, getattr(results, "message", str(results)))
    return results


def typed_strings(shapes: Graph) -> Graph:
    """A copy of ``shapes`` whose simple literals in ``sh:hasValue`` and in lists (``sh:in``) are written
    ``"x"^^xsd:string``: the same RDF 1.1 term, and the form a store's literal has when pyshacl-turbo reads it
    (else ``"x"`` in the data would fail ``sh:hasValue "x"``)."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    found = [
        (s, p, o)
        for p in (SH.hasValue, RDF.first, SH.targetNode)
        for s, o in shapes.subject_objects(p)
        if isinstance(o, Literal) and o.datatype is None and not o.language
    ]
    if not found:
        return shapes
    copy = Graph()
    copy += shapes
    for s, p, o in found:
        copy.remove((s, p, o))
        copy.add((s, p, Literal(str(o), datatype=XSD.string)))
    return copy


def sparql_based(shapes: Graph) -> bool:
    """Whether ``shapes`` hold SPARQL-based constraints or components (``sh:sparql``, ``sh:validator``...).

    pyshacl-turbo evaluates them on Oxigraph when it reads a store, and that differs from SHACL's pre-binding
    (a ``$this`` in a nested group: W3C test sparql/pre-binding/pre-binding-005); on an rdflib graph it does not.
    """
    return any((None, p, None) in shapes for p in (SH.sparql, SH.validator, SH.nodeValidator, SH.propertyValidator))


class UnsupportedShapes(InputError):
    """A shape the SHACL engine refuses (an unsupported or ill-formed constraint): exit code 2."""


def unsupported(view: StoreView, shapes: Graph, reason: str) -> UnsupportedShapes:
    """The error for shapes the engine refuses, naming the (first) shape it refuses on its own, and why."""
    reason = " ".join(str(reason).split()) or "no reason given"
    shape = _refused_shape(view, shapes)
    where = f"shape {_shape_label(shapes, shape)}" if shape is not None else "the shapes graph"
    return UnsupportedShapes(f"{where} is not supported by the SHACL engine: {reason}")


def _refused_shape(view: StoreView, shapes: Graph) -> Node | None:
    """The first shape (in IRI order) that pySHACL refuses when it is the only shape used, if any."""
    from pyshacl import validate

    candidates = {s for s in shapes.subjects(RDF.type, SH.NodeShape)} | {s for s in shapes.subjects(SH.sparql, None)}
    candidates |= {
        s
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path)
        for s in shapes.subjects(p, None)
    }
    data = view.rdflib_graph()
    for shape in sorted(candidates, key=lambda s: (isinstance(s, BNode), str(s)))[:200]:
        try:
            _, results, _ = validate(
                data, shacl_graph=shapes, inference="none", use_shapes=[shape], allow_warnings=True
            )
        except Exception:
            return shape
        if not isinstance(results, Graph):
            return shape
    return None


def _shape_label(shapes: Graph, shape: Node) -> str:
    """A shape as a CURIE or <IRI>; a blank-node shape as the named shape that holds it."""
    if isinstance(shape, BNode):
        owner = next((s for s in shapes.subjects(None, shape) if isinstance(s, URIRef)), None)
        return f"[a blank-node shape of {_shape_label(shapes, owner)}]" if owner is not None else "[a blank-node shape]"
    try:
        return shapes.namespace_manager.curie(str(shape), generate=False)
    except (ValueError, KeyError):
        return f"<{shape}>"


SHACL_ENGINES = ("turbo", "pyshacl")


def shacl_engine(name: str | None = None) -> tuple:
    """The SHACL engine's ``validate`` function and its error type: pyshacl-turbo, else pySHACL.

    pyshacl-turbo (a Rust engine with pySHACL's ``validate``) gives the same reports as pySHACL on the
    shipped data, on every file of ``tests/fixtures/bad/`` and on synthetic data with injected errors
    (``bench/shacl_parity.py``), 17 to 60 times faster; ``KGTOOL_SHACL=pyshacl`` (or its absence) uses
    pySHACL. Imported here: only validation pays for the import.
    """
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


def shacl_result_rows(results: Graph, shapes: Graph | None) -> list[ResultRow]:
    """Each SHACL validation result as ``(focus, path, value, message, severity, check)``."""
    rows = []
    top = set(results.objects(None, SH.result))
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        component = results.value(result, SH.sourceConstraintComponent)
        rows.append(
            ResultRow(
                results.value(result, SH.focusNode),
                results.value(result, SH.resultPath),
                results.value(result, SH.value),
                str(message) if message is not None else default_message(component),
                results.value(result, SH.resultSeverity),
                _shape_name(shapes, results, result),
                results.value(result, SH.sourceShape),
                component,
                result in top,
            )
        )
    return rows


def _shape_name(shapes: Graph | None, results: Graph, result: Node) -> str:
    """The node shape a result comes from (a property shape's node shape), else its constraint component."""
    shape = results.value(result, SH.sourceShape)
    if isinstance(shape, BNode) and shapes is not None:
        shape = next((s for s in shapes.subjects(SH.property, shape) if isinstance(s, URIRef)), shape)
    if isinstance(shape, URIRef):
        return str(shape)
    return str(results.value(result, SH.sourceConstraintComponent))
