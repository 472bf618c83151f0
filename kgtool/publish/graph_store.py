"""Publish the graph to a triple store, and check that the store holds exactly what was sent.

The graph goes into one graph of the store, by default the named graph
``<https://w3id.org/connelly/graph>`` (:data:`~kgtool.query.endpoint.DEFAULT_GRAPH`). It is sent as N-Triples
in batches, through the SPARQL 1.1 Graph Store HTTP Protocol (the first batch with PUT, which replaces
the graph's content, then POST) or, where the store has no Graph Store Protocol, through SPARQL 1.1
Update (``CLEAR SILENT GRAPH`` with the first ``INSERT DATA``, then ``INSERT DATA``). All the triples of
a blank node travel in the same batch, since a blank node means one node only within one request.
Afterwards the store is asked how many triples the graph holds (``SELECT (COUNT(*) …)``), which must
be the number sent.

Publishing is idempotent: when the graph already holds exactly this data (same count, isomorphic), the
store is left as it is; when it holds anything else, publishing is refused unless ``replace`` is set, in
which case the graph's content is swapped for the data. So publishing the same data twice always leaves
the same store, and no triple of another origin is ever silently overwritten or mixed in.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

from kgtool.errors import EndpointError, KgError, UsageError
from kgtool.query.endpoint import DEFAULT_GRAPH, DEFAULT_TIMEOUT, Endpoint, Retry, check_url, graph_name, send
from kgtool.store.dataset import load_shapes
from kgtool.validate.engine import validate_dataset

if TYPE_CHECKING:
    from rdflib import Graph

    from kgtool.store.dataset import Dataset
    from kgtool.validate.findings import Report

DEFAULT_BATCH_SIZE = 10_000
NO_GRAPH_STORE = frozenset({404, 405, 415, 501})
"""HTTP statuses that, on the first Graph Store Protocol request, mean the store has none at that URL."""


class InvalidData(KgError):
    """The data fails validation, so it is not published (exit 1, like ``kgtool validate``)."""

    exit_code = 1


@dataclass(frozen=True)
class Store:
    """Where to publish: a query endpoint (to count), a Graph Store Protocol URL, an update endpoint, a graph."""

    endpoint: Endpoint
    store_url: str | None

    @classmethod
    def at(
        cls,
        query_url: str,
        store_url: str | None = None,
        update_url: str | None = None,
        graph: str | None = DEFAULT_GRAPH,
        timeout: float = DEFAULT_TIMEOUT,
        retry: Retry | None = None,
    ) -> Store:
        """A store by its query endpoint; an endpoint ending in ``/query`` (Oxigraph, Fuseki) implies the
        Graph Store URL ``…/store`` and update endpoint ``…/update`` beside it unless they are given."""
        endpoint = Endpoint(
            query_url,
            update_url=update_url or sibling(query_url, "update"),
            graph=graph,
            timeout=timeout,
            retry=retry or Retry(),
        )
        store = store_url or sibling(query_url, "store")
        return cls(endpoint, check_url(store) if store else None)

    @property
    def graph(self) -> str | None:
        """The target graph (``None``: the store's default graph)."""
        return self.endpoint.graph


@dataclass(frozen=True)
class Outcome:
    """What a publish did: triples sent, in how many batches, how, and the count the store reports."""

    graph: str | None
    triples: int
    batches: int
    via: str
    stored: int
    violations: int = 0

    def describe(self) -> str:
        """A few lines for the command line."""
        name = graph_name(self.graph)
        if not self.batches:
            return f"{name} already holds these {self.triples} triples: nothing to publish"
        plural = "es" if self.batches != 1 else ""
        return (
            f"published {self.triples} triples to {name} in {self.batches} batch{plural} via {self.via}\n"
            f"the store reports {self.stored} triples in {name}: verified"
        )


def publish_dataset(
    dataset: Dataset,
    store: Store,
    replace: bool = False,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Outcome:
    """Validate ``dataset`` with the SHACL shapes, then publish it; invalid data is refused unless ``force``."""

    report = validation_report(dataset)
    errors = report.count("error")
    if errors and not force:
        raise InvalidData(f"publish refused: {_errors(report)}; 'kgtool validate' lists them, --force publishes anyway")
    outcome = publish_graph(dataset.graph, store, replace=replace, batch_size=batch_size)
    return replace_fields(outcome, violations=errors)


def validation_report(dataset: Dataset) -> Report:
    """The validation ``kgtool publish`` runs before it publishes ``dataset`` (the W3C SHACL suite runs through it)."""
    return validate_dataset(dataset, load_shapes(dataset.root))


def publish_graph(graph: Graph, store: Store, replace: bool = False, batch_size: int = DEFAULT_BATCH_SIZE) -> Outcome:
    """Put ``graph`` into the store's target graph (see the module's notes); return what was done."""
    if batch_size < 1:
        raise UsageError(f"the batch size must be at least 1, not {batch_size}")
    name = graph_name(store.graph)
    before = count_triples(store.endpoint)
    if before and not replace:
        if before == len(graph) and _holds(store.endpoint, graph):
            return Outcome(store.graph, len(graph), 0, "", before)
        raise UsageError(
            f"{name} already holds {_triples(before)} that differ from this data; "
            "--replace swaps its content for this data"
        )
    chunks = batches(graph, batch_size)
    via = _write(chunks, store)
    after = count_triples(store.endpoint)
    if after != len(graph):
        raise EndpointError(
            f"after publishing {len(graph)} triples in {len(chunks)} batches via {via}, the store reports "
            f"{after} triples in {name}; publish again with --replace"
        )
    return Outcome(store.graph, len(graph), len(chunks), via, after)


def batches(graph: Graph, size: int) -> list[list[tuple]]:
    """The triples in batches of about ``size``, in a stable order, never splitting a blank node's triples."""
    chunks: list[list[tuple]] = [[]]
    for unit in sorted(units(graph).values(), key=lambda triples: min(map(_sort_key, triples))):
        if chunks[-1] and len(chunks[-1]) + len(unit) > size:
            chunks.append([])
        chunks[-1].extend(sorted(unit, key=_sort_key))
    return chunks


def units(graph: Graph) -> dict[object, list[tuple]]:
    """The triples that must travel together: each triple without blank nodes alone (keyed by itself), and
    the triples of each set of connected blank nodes together (keyed by one of those blank nodes)."""
    from rdflib import BNode

    parent: dict[BNode, BNode] = {}

    def root(node: BNode) -> BNode:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for triple in graph:
        nodes = [root(parent.setdefault(n, n)) for n in (triple[0], triple[2]) if isinstance(n, BNode)]
        if len(nodes) == 2:
            parent[nodes[1]] = nodes[0]
    grouped: dict[object, list[tuple]] = {}
    for triple in graph:
        node = next((n for n in (triple[0], triple[2]) if isinstance(n, BNode)), None)
        grouped.setdefault(triple if node is None else root(node), []).append(triple)
    return grouped


def fingerprint(graph: Graph) -> Counter[str]:
    """A form of ``graph`` that is the same exactly for isomorphic graphs (blank nodes named differently).

    Each triple without blank nodes stands for itself; each set of connected blank nodes is written in a
    canonical form (a lone blank node as ``_:b``, larger sets by rdflib's canonical labelling), so that
    comparing two fingerprints costs about as much as reading the graphs, not a whole-graph isomorphism.
    """
    from rdflib import BNode
    from rdflib import Graph as RdfGraph
    from rdflib.compare import to_canonical_graph

    counts: Counter[str] = Counter()
    for triples in units(graph).values():
        blanks = {n for t in triples for n in (t[0], t[2]) if isinstance(n, BNode)}
        if len(blanks) > 1:
            part = RdfGraph()
            for triple in triples:
                part.add(triple)
            triples = list(to_canonical_graph(part))
        lines = sorted(" ".join("_:b" if len(blanks) == 1 and n in blanks else n.n3() for n in t) for t in triples)
        counts["\n".join(lines)] += 1
    return counts


def count_triples(endpoint: Endpoint) -> int:
    """How many triples the store reports in the endpoint's graph."""
    result = endpoint.query("SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }")
    rows = list(result)
    try:
        return int(rows[0][0])
    except (IndexError, TypeError, ValueError):
        raise EndpointError(f"the SPARQL endpoint {endpoint.url} gave no triple count (answer: {rows})") from None


def sibling(url: str, name: str) -> str | None:
    """``http://h/ds/query`` → ``http://h/ds/NAME``; ``None`` for a URL whose path does not end in ``/query``."""
    parts = urlsplit(url)
    head, _, last = parts.path.rpartition("/")
    if last != "query":
        return None
    return urlunsplit(parts._replace(path=f"{head}/{name}", query="", fragment=""))


def _write(chunks: list[list[tuple]], store: Store) -> str:
    """Send every batch (the first one replacing the graph's content); return how it was sent."""
    use_graph_store = store.store_url is not None
    for index, chunk in enumerate(chunks):
        try:
            if use_graph_store:
                try:
                    _put_or_post(store, chunk, first=index == 0)
                except EndpointError as exc:
                    if index or exc.status not in NO_GRAPH_STORE:
                        raise
                    use_graph_store = False
            if not use_graph_store:
                _insert(store, chunk, first=index == 0)
        except EndpointError as exc:
            raise EndpointError(_stopped(exc, chunks, index, store.graph), exc.status) from None
    if use_graph_store:
        return f"the Graph Store Protocol at {store.store_url}"
    return f"SPARQL Update at {store.endpoint.updates}"


def _put_or_post(store: Store, chunk: list[tuple], first: bool) -> None:
    target = "default" if store.graph is None else urlencode({"graph": store.graph})
    separator = "&" if urlsplit(store.store_url).query else "?"
    send(
        "PUT" if first else "POST",
        f"{store.store_url}{separator}{target}",
        _ntriples(chunk).encode("utf-8"),
        "application/n-triples",
        store.endpoint.timeout,
        store.endpoint.retry,
        "the graph store",
    )


def _insert(store: Store, chunk: list[tuple], first: bool) -> None:
    data = _ntriples(chunk)
    if store.graph is None:
        text = f"INSERT DATA {{\n{data}}}"
        clear = "CLEAR SILENT DEFAULT"
    else:
        text = f"INSERT DATA {{ GRAPH <{store.graph}> {{\n{data}}} }}"
        clear = f"CLEAR SILENT GRAPH <{store.graph}>"
    store.endpoint.update(f"{clear} ;\n{text}" if first else text)


def _ntriples(chunk: list[tuple]) -> str:
    from rdflib import Graph

    part = Graph()
    for triple in chunk:
        part.add(triple)
    return part.serialize(format="nt")


def _stopped(exc: EndpointError, chunks: list[list[tuple]], index: int, graph: str | None) -> str:
    """What a failure at batch ``index`` left behind: the batches (and triples) written and not written."""
    total = len(chunks)
    sent = sum(len(c) for c in chunks[:index])
    rest = sum(len(c) for c in chunks[index:])
    head = f"publishing to {graph_name(graph)} stopped at batch {index + 1} of {total}: {exc.message}"
    if index == 0:
        return f"{head}. Nothing was written: {_span(1, total)} ({rest} triples) not sent"
    return (
        f"{head}. Written: {_span(1, index)} ({sent} triples). Not written: {_span(index + 1, total)} "
        f"({rest} triples). The graph holds partial data: publish again with --replace"
    )


def _span(first: int, last: int) -> str:
    return f"batch {first}" if first == last else f"batches {first}-{last}"


def _holds(endpoint: Endpoint, graph: Graph) -> bool:
    """Whether the endpoint's graph holds exactly ``graph`` (isomorphic: blank nodes may be renamed)."""
    return fingerprint(endpoint.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").graph) == fingerprint(graph)


def _sort_key(triple: tuple) -> tuple[str, ...]:
    from rdflib import BNode

    return tuple("" if isinstance(term, BNode) else term.n3() for term in triple)


def _errors(report: Report) -> str:
    """``the data has 2 validation errors (FILE:LINE: LABEL: MESSAGE, …)``."""
    errors = [f for f in report.findings if f.severity == "error"]
    first = errors[0]
    where = f"{first.location}: " if first.location else ""
    more = ", …" if len(errors) > 1 else ""
    plural = "s" if len(errors) != 1 else ""
    return (
        f"the data has {len(errors)} validation error{plural} ({where}{first.label}: {first.message.rstrip('.')}{more})"
    )


def _triples(number: int) -> str:
    return f"{number} triple{'s' if number != 1 else ''}"
