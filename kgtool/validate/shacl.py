"""The SHACL engines (pyshacl-turbo, else pySHACL) and their results as :class:`ResultRow` s."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kgtool.errors import InputError, UsageError
from kgtool.store.dataset import SHAPES_FILE
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
