"""Publish the graph to a triple store, atomically for its readers, and check that it holds exactly what was sent.

The graph goes into one graph of the store, by default the named graph
``<https://w3id.org/connelly/graph>`` (:data:`~kgtool.query.endpoint.DEFAULT_GRAPH`). It is first uploaded
into a temporary named graph (``urn:kgtool:upload:UUID``) as N-Triples in batches, through the SPARQL 1.1
Graph Store HTTP Protocol (the first batch with PUT, then POST) or, where the store has no Graph Store
Protocol, through SPARQL 1.1 Update (``INSERT DATA``). All the triples of a blank node travel in the same
batch, since a blank node means one node only within one request. The temporary graph is then verified:
its triple count, and an order-independent SHA-256 of the triples the store returns for it
(:func:`content_hash`, the same for isomorphic graphs), must be those of the data. Only then is it
swapped into the target graph with one SPARQL Update request (``MOVE``), after which the target graph is
verified the same way. Readers see the old graph or the new one, never a part. A failure before the swap
leaves the target graph as it was and drops the temporary graph; the error says which it was.

Publishing is idempotent: when the graph already holds exactly this data (same content hash), the
store is left as it is; when it holds anything else, publishing is refused unless ``replace`` is set, in
which case the graph's content is swapped for the data. So publishing the same data twice always leaves
the same store, and no triple of another origin is ever silently overwritten or mixed in.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

from kgtool.errors import EndpointError, KgError, UsageError
from kgtool.query.endpoint import DEFAULT_GRAPH, DEFAULT_TIMEOUT, FORM, Endpoint, Retry, check_url, graph_name, send
from kgtool.store.dataset import load_shapes
from kgtool.validate.engine import validate_dataset

if TYPE_CHECKING:
    from rdflib import Graph

    from kgtool.store.dataset import Dataset
    from kgtool.validate.findings import Report

DEFAULT_BATCH_SIZE = 10_000
NT = "application/n-triples"
UPLOAD_PREFIX = "urn:kgtool:upload:"
"""Temporary graphs, where an upload waits to be verified before it is swapped into the target graph."""
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
    content: str = ""
    violations: int = 0

    def describe(self) -> str:
        """A few lines for the command line."""
        name = graph_name(self.graph)
        if not self.batches:
            return f"{name} already holds these {self.triples} triples: nothing to publish"
        plural = "es" if self.batches != 1 else ""
        return (
            f"published {self.triples} triples to {name} in {self.batches} batch{plural} via {self.via}\n"
            f"the store reports {self.stored} triples in {name}, content hash sha256:{self.content[:16]}…: verified"
        )


def publish_dataset(
    dataset: Dataset,
    store: Store,
    replace: bool = False,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Outcome:
    """Validate ``dataset`` with the SHACL shapes, then publish it; invalid data is refused unless ``force``."""

    report = validate_dataset(dataset, load_shapes(dataset.root))
    errors = report.count("error")
    if errors and not force:
        raise InvalidData(f"publish refused: {_errors(report)}; 'kgtool validate' lists them, --force publishes anyway")
    outcome = publish_graph(dataset.graph, store, replace=replace, batch_size=batch_size)
    return replace_fields(outcome, violations=errors)


def publish_graph(graph: Graph, store: Store, replace: bool = False, batch_size: int = DEFAULT_BATCH_SIZE) -> Outcome:
    """Put ``graph`` into the store's target graph (see the module's notes); return what was done.

    The data is uploaded into a temporary named graph, checked there (triple count and content hash), and
    swapped into the target graph by one ``MOVE`` request; the target graph is checked again afterwards. A
    failure before the swap leaves the target graph as it was, and the error says so.
    """
    if batch_size < 1:
        raise UsageError(f"the batch size must be at least 1, not {batch_size}")
    name = graph_name(store.graph)
    expected = content_hash(graph)
    before = count_triples(store.endpoint)
    if before and not replace:
        if before == len(graph) and stored_hash(store.endpoint) == expected:
            return Outcome(store.graph, len(graph), 0, "", before, expected)
        raise UsageError(
            f"{name} already holds {_triples(before)} that differ from this data; "
            "--replace swaps its content for this data"
        )
    temporary = f"{UPLOAD_PREFIX}{uuid.uuid4()}"
    upload = replace_fields(store, endpoint=replace_fields(store.endpoint, graph=temporary))
    untouched = f"{name} was left as it was ({_triples(before)})"
    chunks = batches(graph, batch_size)
    try:
        via = _write(chunks, upload)
        problem = _differs(upload.endpoint, graph, expected)
        if problem:
            raise EndpointError(f"the upload into the temporary graph <{temporary}> was not verified: {problem}")
    except EndpointError as exc:
        raise EndpointError(f"{exc.message}. {untouched}{_dropped(upload)}", exc.status) from None
    _swap(store, temporary, graph, expected, untouched)
    problem = _differs(store.endpoint, graph, expected)
    if problem:
        raise EndpointError(f"after the swap, {name} does not hold the data sent: {problem}")
    return Outcome(store.graph, len(graph), len(chunks), via, len(graph), expected)


def _swap(store: Store, temporary: str, graph: Graph, expected: str, untouched: str) -> None:
    """Move the temporary graph onto the target graph in one SPARQL Update request (never sent twice: a
    second ``MOVE`` of the then empty temporary graph would empty the target)."""
    target = "DEFAULT" if store.graph is None else f"GRAPH <{store.graph}>"
    try:
        store.endpoint.update(f"MOVE GRAPH <{temporary}> TO {target}", retry=Retry(attempts=1))
        return
    except EndpointError as exc:
        failure = exc
    # the request failed, or its answer was lost: what does the store hold now?
    try:
        if not _differs(store.endpoint, graph, expected):
            return  # the swap happened; only its answer was lost
        moved = count_triples(replace_fields(store.endpoint, graph=temporary)) == 0
    except EndpointError as exc:
        raise EndpointError(
            f"swapping the new data into {graph_name(store.graph)} failed: {failure.message}; and the store does not "
            f"answer now ({exc.message}), so whether the swap happened is unknown: the new data is in <{temporary}> "
            f"unless it did (DROP SILENT GRAPH <{temporary}> removes it)",
            failure.status,
        ) from None
    if moved:
        raise EndpointError(
            f"swapping the new data into {graph_name(store.graph)} failed ({failure.message}), and the graph does "
            "not hold the data sent: publish again with --replace",
            failure.status,
        )
    upload = replace_fields(store, endpoint=replace_fields(store.endpoint, graph=temporary))
    raise EndpointError(
        f"swapping the new data into {graph_name(store.graph)} failed: {failure.message}. "
        f"{untouched}{_dropped(upload)}",
        failure.status,
    )


def _dropped(upload: Store) -> str:
    """Drop the temporary graph; say what became of it (it stays when the store cannot be reached)."""
    try:
        upload.endpoint.update(f"DROP SILENT GRAPH <{upload.graph}>")
    except EndpointError:
        return (
            f"; the temporary graph <{upload.graph}> could not be dropped (DROP SILENT GRAPH <{upload.graph}> "
            "removes it)"
        )
    return "; the temporary graph was dropped"


def _differs(endpoint: Endpoint, graph: Graph, expected: str) -> str | None:
    """Why the endpoint's graph does not hold exactly ``graph`` (count, then content hash); None if it does."""
    count = count_triples(endpoint)
    if count != len(graph):
        return f"the store reports {_triples(count)}, not the {len(graph)} sent"
    found = stored_hash(endpoint)
    if found != expected:
        return (
            f"the store holds {_triples(count)} as sent, but not the same ones "
            f"(content hash {found[:12]}…, sent {expected[:12]}…)"
        )
    return None


def content_hash(graph: Graph) -> str:
    """An order-independent SHA-256 of ``graph``'s triples, the same for isomorphic graphs (blank nodes renamed)."""
    return ntriples_hash(graph.serialize(format="nt", encoding="utf-8"))


def ntriples_hash(data: bytes) -> str:
    """The :func:`content_hash` of an N-Triples document (read by Oxigraph's parser: both sides alike).

    Each triple without blank nodes is its N-Triples line; the triples of each set of connected blank nodes
    are one unit, a lone blank node written ``_:b``, larger sets in rdflib's canonical labelling. The hash
    is over the sorted units, each with how many times it occurs.
    """
    import pyoxigraph

    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    parsed = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
    triples = [(t.subject, t.predicate, t.object) for t in parsed]
    for s_, _, o in triples:
        nodes = [root(parent.setdefault(n.value, n.value)) for n in (s_, o) if isinstance(n, pyoxigraph.BlankNode)]
        if len(nodes) == 2:
            parent[nodes[1]] = nodes[0]
    counts: Counter[str] = Counter()
    grouped: dict[str, list[tuple]] = {}
    for triple in triples:
        blank = next((n.value for n in (triple[0], triple[2]) if isinstance(n, pyoxigraph.BlankNode)), None)
        if blank is None:
            counts[" ".join(map(str, triple))] += 1
        else:
            grouped.setdefault(root(blank), []).append(triple)
    for unit in grouped.values():
        blanks = {n.value for t in unit for n in (t[0], t[2]) if isinstance(n, pyoxigraph.BlankNode)}
        if len(blanks) == 1:
            lines = [" ".join("_:b" if isinstance(n, pyoxigraph.BlankNode) else str(n) for n in t) for t in unit]
        else:
            lines = _canonical_lines(unit)
        counts["\n".join(sorted(lines))] += 1
    digest = hashlib.sha256()
    for unit, times in sorted(counts.items()):
        digest.update(f"{times}\0{unit}\0".encode())
    return digest.hexdigest()


def _canonical_lines(unit: list[tuple]) -> list[str]:
    """The triples of a set of connected blank nodes with rdflib's canonical blank node labels."""
    from rdflib import Graph as RdfGraph
    from rdflib.compare import to_canonical_graph

    from kgtool.store.terms import to_rdflib

    part = RdfGraph()
    for triple in unit:
        part.add(tuple(map(to_rdflib, triple)))
    return [" ".join(n.n3() for n in t) for t in to_canonical_graph(part)]


def stored_hash(endpoint: Endpoint) -> str:
    """The :func:`content_hash` of the triples the store returns for the endpoint's graph."""
    from urllib.parse import urlencode

    from kgtool.query.endpoint import call_with_retries, parse_answer, request

    fields = [("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")]
    if endpoint.graph is not None:
        fields.append(("default-graph-uri", endpoint.graph))
    body, media = call_with_retries(
        lambda: request("POST", endpoint.url, urlencode(fields).encode(), FORM, endpoint.timeout, NT),
        "the SPARQL endpoint",
        endpoint.url,
        endpoint.timeout,
        endpoint.retry,
    )
    if media == NT:
        try:
            return ntriples_hash(body)
        except (SyntaxError, ValueError) as exc:
            message = f"the SPARQL endpoint {endpoint.url} answered N-Triples that do not parse: {exc}"
            raise EndpointError(message) from None
    return content_hash(parse_answer(body, media, "CONSTRUCT", endpoint.url).graph)


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
    head = f"uploading to {graph_name(graph)} stopped at batch {index + 1} of {total}: {exc.message}"
    if index == 0:
        return f"{head}. Nothing was written: {_span(1, total)} ({rest} triples) not sent"
    return f"{head}. Sent: {_span(1, index)} ({sent} triples). Not sent: {_span(index + 1, total)} ({rest} triples)"


def _span(first: int, last: int) -> str:
    return f"batch {first}" if first == last else f"batches {first}-{last}"


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
