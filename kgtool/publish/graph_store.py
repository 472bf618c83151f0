"""Publish the graph to a triple store, atomically for its readers, and check that it holds exactly what was sent.

The graph goes into one graph of the store, by default the named graph
``<https://w3id.org/connelly/graph>`` (:data:`~kgtool.query.endpoint.DEFAULT_GRAPH`). ``kgtool publish``
loads the project's files into an in-memory Oxigraph store, validates them there (no rdflib graph is built)
and streams the store's own N-Triples in batches (:mod:`kgtool.publish.ntriples`; all the triples of a
blank node travel in one batch, since a blank node means one node only within one request).

The batches go first into a temporary named graph (``urn:kgtool:upload:UUID``), through the SPARQL 1.1
Graph Store HTTP Protocol (the first batch with PUT, then POST) or, where the store has no Graph Store
Protocol, through SPARQL 1.1 Update (``INSERT DATA``, or ``INSERT { … } WHERE { }`` for a batch with blank
nodes, which Virtuoso refuses in ``INSERT DATA``). The temporary graph is then verified: its triple count,
and the checksum of the triples the store returns for it (:class:`kgtool.publish.ntriples.Content`, the same
for the same graph whatever its blank nodes are named), must be those of the data. Only then is it swapped
into the target graph with one SPARQL Update request (``MOVE``), never sent twice, after which the target
graph is verified the same way. Readers see the old graph or the new one, never a part. A failure before
the swap leaves the target graph as it was and drops the temporary graph; the error says which it was.

Publishing is idempotent: when the graph already holds exactly this data (same count and checksum), the
store is left as it is; when it holds anything else, publishing is refused unless ``replace`` is set, in
which case the graph's content is swapped for the data. So publishing the same data twice always leaves
the same store, and no triple of another origin is ever silently overwritten or mixed in.

Every request goes through :mod:`kgtool.publish.transport` (credentials never follow a redirect to another
origin, ``timeout`` is a deadline for each whole request).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import replace as replace_fields
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

from kgtool.defaults import DEFAULT_BATCH_SIZE
from kgtool.errors import EndpointError, KgError, UsageError
from kgtool.publish.ntriples import Content, ntriples_batches, oxigraph_lines
from kgtool.publish.transport import request
from kgtool.query.endpoint import DEFAULT_GRAPH, DEFAULT_TIMEOUT, Endpoint, Retry, check_url, graph_name
from kgtool.store.dataset import load_shapes

if TYPE_CHECKING:
    from pathlib import Path

    import pyoxigraph
    from rdflib import Graph

    from kgtool.store.view import StoreView
    from kgtool.validate.findings import Report

UPLOAD_PREFIX = "urn:kgtool:upload:"
"""Temporary graphs, where an upload waits to be verified before it is swapped into the target graph."""
NO_GRAPH_STORE = frozenset({404, 405, 415, 501})
"""HTTP statuses that, on the first Graph Store Protocol request, mean the store has none at that URL."""
FORM = "application/x-www-form-urlencoded"
NT = "application/n-triples"
ONCE = Retry(attempts=1)
"""The swap is never sent twice: a second ``MOVE`` of the then empty temporary graph would empty the target."""


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
    """What a publish did: triples sent, in how many batches, how, and the count and checksum the store reports."""

    graph: str | None
    triples: int
    batches: int
    via: str
    stored: int
    checksum: str = ""
    violations: int = 0

    def describe(self) -> str:
        """A few lines for the command line."""
        name = graph_name(self.graph)
        if not self.batches:
            return f"{name} already holds these {self.triples} triples: nothing to publish"
        plural = "es" if self.batches != 1 else ""
        return (
            f"published {self.triples} triples to {name} in {self.batches} batch{plural} via {self.via}\n"
            f"the store reports {self.stored} triples in {name}, checksum {self.checksum}: verified"
        )


def publish_files(
    root: Path,
    store: Store,
    extra: list[Path] | None = None,
    replace: bool = False,
    force: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Outcome:
    """``kgtool publish``: the project's files (and ``extra``) validated as :func:`validated_view` does, then
    published from the store they were loaded into (:func:`publish_store`); invalid data is refused unless
    ``force``."""
    view, report = validated_view(root, extra)
    errors = report.count("error")
    if errors and not force:
        raise InvalidData(f"publish refused: {_errors(report)}; 'kgtool validate' lists them, --force publishes anyway")
    outcome = publish_store(view.store, store, replace=replace, batch_size=batch_size)
    return replace_fields(outcome, violations=errors)


def validated_view(root: Path, extra: list[Path] | None = None) -> tuple[StoreView, Report]:
    """The validation ``kgtool publish`` runs (the W3C SHACL suite runs through it): the project's files (and
    ``extra``) loaded by Oxigraph in memory and validated on that store, no rdflib graph of the whole built."""
    from kgtool.store.dataset import source_files
    from kgtool.store.view import StoreView
    from kgtool.validate.engine import validate_view

    view = StoreView.of_files(root, source_files(root, extra), extra or [], in_memory=True)
    return view, validate_view(view, root, load_shapes(root))


def publish_graph(graph: Graph, store: Store, replace: bool = False, batch_size: int = DEFAULT_BATCH_SIZE) -> Outcome:
    """Put an rdflib ``graph`` into the store's target graph (copied into Oxigraph, then :func:`publish_store`)."""
    from kgtool.store.view import oxigraph_copy

    return publish_store(oxigraph_copy(graph)[0], store, replace=replace, batch_size=batch_size)


def publish_store(
    source: pyoxigraph.Store, store: Store, replace: bool = False, batch_size: int = DEFAULT_BATCH_SIZE
) -> Outcome:
    """Put the default graph of a pyoxigraph store into the store's target graph (see the module's notes):
    uploaded into a temporary graph, verified there, swapped in with one ``MOVE``, verified again.

    A failure before the swap leaves the target graph as it was, and the error says so.
    """
    if batch_size < 1:
        raise UsageError(f"the batch size must be at least 1, not {batch_size}")
    name = graph_name(store.graph)
    with ntriples_batches(source, batch_size) as chunks:
        total, checksum = chunks.triples, chunks.content.checksum()
        before = count_triples(store.endpoint)
        if before and not replace:
            if before == total and stored_checksum(store.endpoint) == (total, checksum):
                return Outcome(store.graph, total, 0, "", before, checksum)
            raise UsageError(
                f"{name} already holds {_triples(before)} that differ from this data; "
                "--replace swaps its content for this data"
            )
        temporary = f"{UPLOAD_PREFIX}{uuid.uuid4()}"
        upload = replace_fields(store, endpoint=replace_fields(store.endpoint, graph=temporary))
        untouched = f"{name} was left as it was ({_triples(before)})"
        try:  # a small write first: a store refusing writes (credentials) says so before any data is sent
            update(upload.endpoint, f"DROP SILENT GRAPH <{temporary}>")
        except EndpointError as exc:
            raise EndpointError(f"{exc.message}. Nothing was sent; {untouched}", exc.status) from None
        try:
            via = _write(chunks, chunks.sizes, upload)
            problem = _differs(upload.endpoint, total, checksum)
            if problem:
                raise EndpointError(f"the upload into the temporary graph <{temporary}> was not verified: {problem}")
        except EndpointError as exc:
            raise EndpointError(f"{exc.message}. {untouched}{_dropped(upload)}", exc.status) from None
        except KeyboardInterrupt:  # Ctrl-C mid-upload: the target is untouched; leave no temporary graph behind
            _dropped(upload)
            raise
    _swap(store, temporary, total, checksum, untouched)
    problem = _differs(store.endpoint, total, checksum)
    if problem:
        raise EndpointError(f"after the swap, {name} does not hold the data sent: {problem}; publish again")
    return Outcome(store.graph, total, len(chunks.sizes), via, total, checksum)


def _swap(store: Store, temporary: str, total: int, checksum: str, untouched: str) -> None:
    """Move the temporary graph onto the target graph in one SPARQL Update request, sent once; when it fails
    or its answer is lost, find out from the store whether it happened."""
    target = "DEFAULT" if store.graph is None else f"GRAPH <{store.graph}>"
    # an empty upload leaves no temporary graph to move (stores drop empty graphs): clearing is the swap
    text = f"MOVE GRAPH <{temporary}> TO {target}" if total else f"CLEAR SILENT {target}"
    try:
        update(store.endpoint, text, retry=ONCE)
        return
    except EndpointError as exc:
        failure = exc
    upload = replace_fields(store, endpoint=replace_fields(store.endpoint, graph=temporary))
    try:
        if not _differs(store.endpoint, total, checksum):
            return  # the swap happened; only its answer was lost
        moved = count_triples(upload.endpoint) == 0
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
    name = graph_name(store.graph)
    raise EndpointError(
        f"swapping the new data into {name} failed: {failure.message}. {untouched}{_dropped(upload)}",
        failure.status,
    )


def _dropped(upload: Store) -> str:
    """Drop the temporary graph; say what became of it (it stays when the store cannot be reached)."""
    try:
        update(upload.endpoint, f"DROP SILENT GRAPH <{upload.graph}>")
    except EndpointError:
        return (
            f"; the temporary graph <{upload.graph}> could not be dropped (DROP SILENT GRAPH <{upload.graph}> "
            "removes it)"
        )
    return "; the temporary graph was dropped"


def _differs(endpoint: Endpoint, total: int, checksum: str) -> str | None:
    """Why the endpoint's graph does not hold exactly the data (count, then checksum); ``None`` if it does."""
    count = count_triples(endpoint)
    if count != total:
        return f"the store reports {_triples(count)}, not the {total} sent"
    held, found = stored_checksum(endpoint)
    if (held, found) != (total, checksum):
        return (
            f"the store returns {_triples(held)} with checksum {found}, not the data sent "
            f"({_triples(total)}, checksum {checksum})"
        )
    return None


def count_triples(endpoint: Endpoint) -> int:
    """How many triples the store reports in the endpoint's graph."""
    fields = [("query", "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }"), *_graph_field(endpoint)]
    body, media = _ask(endpoint, fields, "application/sparql-results+json, application/json;q=0.5")
    try:
        bindings = json.loads(body)["results"]["bindings"]
        return int(next(iter(bindings[0].values()))["value"])
    except (ValueError, KeyError, IndexError, TypeError, StopIteration, AttributeError):
        answer = body[:200].decode("utf-8", errors="replace")
        raise EndpointError(f"the SPARQL endpoint {endpoint.url} gave no triple count ({media}: {answer!r})") from None


def stored_checksum(endpoint: Endpoint) -> tuple[int, str]:
    """``(triples, checksum)`` of the graph the endpoint returns for ``CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }``
    (as :class:`kgtool.publish.ntriples.Content` computes it for the data sent)."""
    fields = [("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), *_graph_field(endpoint)]
    body, media = _ask(endpoint, fields, f"{NT}, text/turtle;q=0.8, application/rdf+xml;q=0.5")
    try:
        content = Content.of(oxigraph_lines(body, media))
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(f"the SPARQL endpoint {endpoint.url} answered {media} that does not parse: {exc}") from None
    return content.triples, content.checksum()


def update(endpoint: Endpoint, text: str, retry: Retry | None = None) -> None:
    """One SPARQL 1.1 Update request on the endpoint's update URL (``retry`` overrides the endpoint's)."""
    request(
        "POST",
        endpoint.updates,
        urlencode([("update", text)]).encode("utf-8"),
        {"Content-Type": FORM},
        endpoint.timeout,
        retry or endpoint.retry,
        "the SPARQL update endpoint",
    )


def _ask(endpoint: Endpoint, fields: list[tuple[str, str]], accept: str) -> tuple[bytes, str]:
    headers = {"Content-Type": FORM, "Accept": accept}
    body = urlencode(fields).encode("utf-8")
    return request("POST", endpoint.url, body, headers, endpoint.timeout, endpoint.retry, "the SPARQL endpoint")


def _graph_field(endpoint: Endpoint) -> list[tuple[str, str]]:
    return [] if endpoint.graph is None else [("default-graph-uri", endpoint.graph)]


def sibling(url: str, name: str) -> str | None:
    """``http://h/ds/query`` → ``http://h/ds/NAME``; ``None`` for a URL whose path does not end in ``/query``."""
    parts = urlsplit(url)
    head, _, last = parts.path.rpartition("/")
    if last != "query":
        return None
    return urlunsplit(parts._replace(path=f"{head}/{name}", query="", fragment=""))


def _write(texts: Iterable[str], sizes: list[int], store: Store) -> str:
    """Send every batch (N-Triples ``texts`` of ``sizes`` triples) into the store's graph, a new one; return
    how it was sent."""
    use_graph_store = store.store_url is not None
    for index, text in enumerate(texts):
        try:
            if use_graph_store:
                try:
                    _put_or_post(store, text, first=index == 0)
                except EndpointError as exc:
                    if index or exc.status not in NO_GRAPH_STORE:
                        raise
                    use_graph_store = False
            if not use_graph_store:
                _insert(store, text)
        except EndpointError as exc:
            raise EndpointError(_stopped(exc, sizes, index, store.graph), exc.status) from None
    if use_graph_store:
        return f"the Graph Store Protocol at {store.store_url}"
    return f"SPARQL Update at {store.endpoint.updates}"


def _put_or_post(store: Store, text: str, first: bool) -> None:
    target = "default" if store.graph is None else urlencode({"graph": store.graph})
    separator = "&" if urlsplit(store.store_url).query else "?"
    request(
        "PUT" if first else "POST",
        f"{store.store_url}{separator}{target}",
        text.encode("utf-8"),
        {"Content-Type": NT},
        store.endpoint.timeout,
        store.endpoint.retry,
        "the graph store",
    )


def _insert(store: Store, data: str) -> None:
    """One batch through SPARQL Update: ``INSERT DATA``, or for a batch with blank nodes ``INSERT { … } WHERE { }``
    (standard SPARQL 1.1, whose template makes them new nodes as ``INSERT DATA`` does; Virtuoso refuses blank
    nodes in ``INSERT DATA``)."""
    body = f"{{\n{data}}}" if store.graph is None else f"{{ GRAPH <{store.graph}> {{\n{data}}} }}"
    update(store.endpoint, f"INSERT {body} WHERE {{ }}" if "_:" in data else f"INSERT DATA {body}")


def _stopped(exc: EndpointError, sizes: list[int], index: int, graph: str | None) -> str:
    """What a failure at batch ``index`` of the upload into ``graph`` (temporary) had sent, and had not."""
    total = len(sizes)
    sent = sum(sizes[:index])
    rest = sum(sizes[index:])
    head = f"uploading into the temporary graph <{graph}> stopped at batch {index + 1} of {total}: {exc.message}"
    if index == 0:
        return f"{head}. Nothing was sent: {_span(1, total)} ({rest} triples)"
    return f"{head}. Sent: {_span(1, index)} ({sent} triples); not sent: {_span(index + 1, total)} ({rest} triples)"


def _span(first: int, last: int) -> str:
    return f"batch {first}" if first == last else f"batches {first}-{last}"


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
