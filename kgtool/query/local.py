"""Run saved queries on the local files: on rdflib, or on Oxigraph with the answer as rdflib terms.

Two engines run the same SPARQL text on the same graph (``tests/test_saved_queries.py`` and
``tests/test_cache.py`` check they agree on every saved query):

- ``oxigraph`` (the default of ``kgtool query``): the graph cached on disk as a pyoxigraph store
  (:mod:`kgtool.store.cache`), queried by Oxigraph's engine; the answer is converted to rdflib terms in an
  rdflib :class:`~rdflib.query.Result`, so :mod:`kgtool.query.results` renders it as it renders rdflib's. A fresh
  ``kgtool query`` takes a third of the time it takes on rdflib, and the contract queries at a million
  triples take milliseconds instead of seconds (``bench/RESULTS.md``). One known difference: a
  ``GROUP_CONCAT`` of values that share a language tag keeps the tag on Oxigraph (rdflib drops it),
  which shows in ``--format json`` and ``tsv`` only.
- ``rdflib``: rdflib's in-memory graph and SPARQL engine, the reference.

``--engine`` or ``KGTOOL_ENGINE`` choose; a query given an already loaded :class:`Dataset` runs on rdflib.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from rdflib import Graph
from rdflib.query import Result

from kgtool.errors import InputError, UsageError
from kgtool.namespaces import PREFIXES
from kgtool.query.registry import SavedQuery, bind_parameters, prepare
from kgtool.sparql_text import bind_values, check_query
from kgtool.store.cache import memory_store, open_store
from kgtool.store.dataset import Dataset, find_root, load_dataset, source_files
from kgtool.store.terms import to_rdflib

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

T = TypeVar("T")
ENGINES = ("oxigraph", "rdflib")
DEFAULT_ENGINE = "oxigraph"


class StoreUnreadable(InputError):
    """The store failed to read its own files (an I/O error, not the query's or the data's fault)."""


def engine_name(requested: str | None = None) -> str:
    """The engine to use: ``requested``, else ``KGTOOL_ENGINE``, else :data:`DEFAULT_ENGINE`."""
    name = (requested or os.environ.get("KGTOOL_ENGINE") or DEFAULT_ENGINE).strip().lower()
    if name not in ENGINES:
        raise UsageError(f"unknown query engine {name!r}; choose one of {', '.join(ENGINES)} (--engine, KGTOOL_ENGINE)")
    return name


def run_saved_query(
    query: SavedQuery,
    params: dict[str, str] | None = None,
    lang: str | None = None,
    dataset: Dataset | None = None,
    engine: str | None = None,
    allow_service: bool = False,
) -> Result:
    """Run ``query`` with ``params`` (labels, CURIEs or IRIs) on the local graph.

    With ``dataset`` the query runs on that rdflib graph; otherwise on the engine ``engine`` names
    (see :func:`engine_name`). A query with ``SERVICE`` (which would send requests to other servers) is
    refused unless ``allow_service``: a local query never reaches the network by surprise. The query runs
    in a worker thread, so that Ctrl-C stops even a long evaluation at once.
    """
    if not allow_service:
        refuse_service(query.text, str(query.path))
    if dataset is None and engine_name(engine) == "oxigraph":
        return interruptible(lambda: run_saved_query_on_store(query, params, lang))
    graph = (dataset or load_dataset()).graph

    def run() -> Result:
        bindings = bind_parameters(query, params or {}, lambda text: graph.query(_parsed(text)), lang=lang)
        return run_text(graph, prepare(query, bindings), origin=str(query.path))

    return interruptible(run)


def refuse_service(text: str, origin: str) -> None:
    """A :class:`UsageError` for a query that calls ``SERVICE`` (outside its comments, strings and IRIs)."""
    from kgtool.sparql_text import mentions_keyword

    if mentions_keyword(text, "SERVICE"):
        raise UsageError(
            f"{origin}: the query calls SERVICE, which would query another server over the network: "
            "refused for a local query (--allow-service permits it)"
        )


def interruptible(action: Callable[[], T]) -> T:
    """``action()`` in a worker thread, waited for in short steps, so that Ctrl-C (KeyboardInterrupt, which
    only the main thread receives) ends the wait even while an engine evaluates without returning."""
    import threading

    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = action()
        except BaseException as exc:  # handed to the main thread
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="kgtool-query", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


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
            star_order(result, text)
    except Exception as exc:  # rdflib raises many types while evaluating
        raise InputError(f"{origin}: the query failed while running on rdflib: {type(exc).__name__}: {exc}") from None
    return result


@functools.lru_cache(maxsize=128)
def _parsed(text: str) -> Query:
    """``text`` parsed by rdflib, once per process (parsing takes longer than running many queries).

    The project's prefixes are known, as they are to ``Graph.query`` on a graph loaded by kgtool."""
    from rdflib.plugins.sparql import prepareQuery  # imported here: the Oxigraph engine does not need it

    return prepareQuery(text, initNs={prefix: str(namespace) for prefix, namespace in PREFIXES.items()})


def run_saved_query_on_store(
    query: SavedQuery, params: dict[str, str] | None = None, lang: str | None = None, store=None
) -> Result:
    """Run ``query`` on an Oxigraph store (by default the cached store of the project's files)."""

    if store is None:
        root = find_root()
        files = source_files(root)
        try:
            return run_saved_query_on_store(query, params, lang, open_store(root, files))
        except StoreUnreadable:  # the cache failed underneath the run (deleted, unreadable): read the files
            return run_saved_query_on_store(query, params, lang, memory_store(files))
    origin = str(query.path)
    bindings = bind_parameters(query, params or {}, lambda text: label_rows(store, text, origin), lang=lang)
    return run_on_store(store, bind_values(query.text, bindings), origin, original=query.text)


def run_on_store(store, text: str, origin: str = "query", original: str | None = None) -> Result:
    """Run SPARQL text on a pyoxigraph store; the answer as an rdflib :class:`Result`.

    A text Oxigraph refuses is checked by rdflib's parser (:func:`~kgtool.sparql_text.check_query`) for
    the same ``file:line:column`` error, or refusal of an update, that the rdflib engine gives.
    """
    return star_order(_evaluate(store, text, origin, original, to_rdflib_result), text)


def star_order(result: Result, text: str) -> Result:
    """For ``SELECT *``, the variables in the order they first appear in the query, as SPARQL results list
    them (engines keep them in an order of their own)."""

    from kgtool.sparql_text import variables_in_order

    if result.type != "SELECT" or not result.vars:
        return result
    order = variables_in_order(text)
    if order is None:
        return result
    rank = {name: index for index, name in enumerate(order)}
    result.vars = sorted(result.vars, key=lambda v: rank.get(str(v), len(rank)))
    return result


def label_rows(store, text: str, origin: str = "query") -> list[tuple]:
    """The rows of a SELECT as tuples, IRIs as rdflib terms and literals as their text.

    That is all label resolution (:func:`kgtool.query.registry.resolve_label`) reads of the rows, and when no
    label matches exactly it reads every label of a class: at a million triples, building an rdflib
    ``Literal`` for each would cost more than the query itself.
    """
    import pyoxigraph

    def rows(answer) -> list[tuple]:
        return [
            tuple(t.value if isinstance(t, pyoxigraph.Literal) else to_rdflib(t) for t in solution)
            for solution in answer
        ]

    return _evaluate(store, text, origin, None, rows)


def _evaluate(store, text: str, origin: str, original: str | None, convert):
    """``convert`` applied to Oxigraph's answer to ``text``, with Oxigraph's errors as kgtool's."""
    prefixes = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    try:
        return convert(store.query(prefixes + text))
    except SyntaxError as exc:
        check_query(original or text, origin)
        raise InputError(f"{origin}: Oxigraph cannot parse the query: {exc}") from None
    except OSError as exc:
        raise StoreUnreadable(f"the store could not be read: {exc}") from None
    except (ValueError, RuntimeError, TypeError) as exc:
        raise InputError(f"{origin}: the query failed while running on Oxigraph: {exc}") from None


def to_rdflib_result(answer) -> Result:
    """A pyoxigraph query answer (solutions, boolean or triples) as an rdflib :class:`Result`."""
    import pyoxigraph
    from rdflib.term import Variable

    if isinstance(answer, bool | pyoxigraph.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    convert = functools.cache(to_rdflib)  # a term met again (a year, a series, its label) is converted once
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [Variable(v.value) for v in answer.variables]
        result = Result("SELECT")
        result.vars = variables
        result.bindings = [
            {var: convert(term) for var, term in zip(variables, solution, strict=True) if term is not None}
            for solution in answer
        ]
        return result
    graph = Graph()
    for triple in answer:
        graph.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
    result = Result("CONSTRUCT")
    result.graph = graph
    return result
