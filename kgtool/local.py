"""Run saved queries on the in-memory graph (rdflib)."""

from __future__ import annotations

import functools

from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result

from kgtool.dataset import Dataset, load_dataset
from kgtool.errors import InputError
from kgtool.namespaces import PREFIXES
from kgtool.queries import SavedQuery, bind_parameters, prepare


def run_saved_query(
    query: SavedQuery,
    params: dict[str, str] | None = None,
    lang: str | None = None,
    dataset: Dataset | None = None,
) -> Result:
    """Run ``query`` with ``params`` (labels, CURIEs or IRIs) on the loaded graph."""
    graph = (dataset or load_dataset()).graph
    bindings = bind_parameters(query, params or {}, lambda text: graph.query(_parsed(text)), lang=lang)
    return run_text(graph, prepare(query, bindings), origin=str(query.path))


def run_text(graph: Graph, text: str, origin: str = "query") -> Result:
    """Run SPARQL text on ``graph``, fully evaluated; a failure of the evaluation is an :class:`InputError`.

    rdflib evaluates SELECT results lazily and raises Python errors (``TypeError``, ``NotBoundError``)
    on some valid queries (an ``ORDER BY`` expression on an unbound variable, a ``GROUP_CONCAT(DISTINCT …)``
    over one): the rows are computed here, so that such a failure is one clear error, never a traceback.
    """
    try:
        result = graph.query(_parsed(text))
        if result.type == "SELECT":
            result.bindings  # noqa: B018 (materialise the lazy rows inside the guard)
    except Exception as exc:  # rdflib raises many types while evaluating
        raise InputError(f"{origin}: the query failed while running on rdflib: {type(exc).__name__}: {exc}") from None
    return result


@functools.lru_cache(maxsize=128)
def _parsed(text: str) -> Query:
    """``text`` parsed by rdflib, once per process (parsing takes longer than running many queries).

    The project's prefixes are known, as they are to ``Graph.query`` on a graph loaded by kgtool."""
    return prepareQuery(text, initNs={prefix: str(namespace) for prefix, namespace in PREFIXES.items()})
