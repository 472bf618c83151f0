"""Export the graph, a framed view, the schema.org view or one entity, and write files atomically.

``kgtool export`` is :func:`export_text` then :func:`write_output`. Every format is deterministic:
blank nodes get canonical labels and triples are written in a stable order, so exporting unchanged data
twice gives byte-identical files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset as RdfDataset
from rdflib import Graph

from kgtool.errors import UsageError
from kgtool.export.jsonld import canonical, dumps, find_frame, frame_graph, graph_to_jsonld
from kgtool.export.neighbourhood import neighbourhood, resolve_entity
from kgtool.export.schema_view import PROFILES, SCHEMA_CONTEXT, schema_view
from kgtool.export.void import describe_dataset
from kgtool.namespaces import PREFIXES, bind_prefixes
from kgtool.store.dataset import Dataset, find_root

FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "xml": "xml"}


@dataclass(frozen=True)
class ExportRequest:
    """What ``kgtool export`` was asked for; ``fmt`` None means JSON-LD for a frame or profile, else Turtle."""

    fmt: str | None = None
    frame: str | None = None
    profile: str | None = None
    entity: str | None = None
    void: bool = False
    endpoint: str | None = None


def export_text(dataset: Dataset, request: ExportRequest) -> str:
    """The text of the export ``request`` describes."""

    if request.void:
        return _void(dataset, request)
    if request.endpoint is not None:
        raise UsageError("--endpoint goes with --void (it names the SPARQL endpoint in the dataset description)")
    fmt = request.fmt or ("jsonld" if request.frame or request.profile else "turtle")
    if request.profile is not None and request.profile not in PROFILES:
        raise UsageError(f"--profile {request.profile!r}: unknown profile; choose one of {', '.join(PROFILES)}")
    if request.frame is not None:
        if request.profile is not None:
            raise UsageError("--frame and --profile cannot be combined: frames use the project's own vocabulary")
        if fmt != "jsonld":
            raise UsageError(f"--frame writes JSON-LD: drop --format {fmt} or use --format jsonld")
        return _framed(dataset, request)
    graph, context = dataset.graph, None
    if request.profile == "schema":
        graph, context = schema_view(dataset), SCHEMA_CONTEXT
    if request.entity is not None:
        entity = resolve_entity(dataset.graph, request.entity)
        if (entity, None, None) not in graph:
            raise UsageError(f"--entity {request.entity!r}: <{entity}> is not in the schema.org view")
        graph = neighbourhood(graph, entity)
    return serialise(graph, fmt, dataset.root, context)


def serialise(graph: Graph, fmt: str, root: Path | None = None, context: dict | None = None) -> str:
    """``graph`` as text in ``fmt`` (a key of :data:`FORMATS`); JSON-LD is compacted with ``context``.

    ``context`` defaults to the project's ``ontology/context.jsonld`` (found under ``root``).
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "jsonld":
        return dumps(graph_to_jsonld(graph, root or find_root(), context))
    text = stable_copy(graph, dataset=fmt == "trig").serialize(format=FORMATS[fmt])
    if fmt == "nt":
        return "".join(sorted(text.splitlines(keepends=True)))
    return text


def stable_copy(graph: Graph, dataset: bool = False) -> Graph:
    """A copy of ``graph`` with canonical blank node labels, its triples added in sorted order.

    The copy keeps insertion order (rdflib's ``SimpleMemory`` store), so even serialisers that do not
    sort (RDF/XML) write the same text every time; with ``dataset`` it is the default graph of a
    :class:`rdflib.Dataset`, so that TriG writes it without an invented graph name.
    """

    copy = bind_prefixes(RdfDataset() if dataset else Graph(store="SimpleMemory"))
    for prefix, namespace in graph.namespaces():
        if prefix not in PREFIXES:
            copy.bind(prefix, namespace, override=False)
    for triple in canonical(graph):
        copy.add(triple)
    return copy


def _framed(dataset: Dataset, request: ExportRequest) -> str:

    path = find_frame(dataset.root, str(request.frame))
    entity = resolve_entity(dataset.graph, request.entity) if request.entity is not None else None
    document = frame_graph(dataset.graph, path, dataset.root, entity)
    if entity is not None and not document["@graph"]:
        raise UsageError(
            f"--entity {request.entity!r}: <{entity}> is not one of the nodes the frame {request.frame!r} selects"
        )
    return dumps(document)


def _void(dataset: Dataset, request: ExportRequest) -> str:

    extra = [
        name
        for name, value in (
            ("--format", request.fmt),
            ("--frame", request.frame),
            ("--profile", request.profile),
            ("--entity", request.entity),
        )
        if value is not None
    ]
    if extra:
        raise UsageError(f"--void writes the dataset description in Turtle; it does not take {', '.join(extra)}")
    if request.endpoint is not None and not re.match(r"^https?://[^\s/]+", request.endpoint):
        raise UsageError(f"--endpoint {request.endpoint!r}: expected an http(s) URL")
    return serialise(describe_dataset(dataset.graph, request.endpoint), "turtle", dataset.root)
