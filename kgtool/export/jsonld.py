"""JSON-LD through pyld: the project's context, compaction, framing, and byte-stable text.

rdflib turns the graph into pyld's RDF dataset form; pyld does the RDF-to-JSON-LD conversion, the
compaction (its processor memoised by :mod:`kgtool.export.compaction`, for graph-sized input) and the framing.
No document is ever fetched: pyld gets a document loader that serves the project's own context file
(``ontology/context.jsonld``) and refuses every other URL.

Output is deterministic: blank nodes get canonical labels (see :func:`canonical`), a blank node used
once is embedded in the node that uses it, ``@graph`` nodes and every array are sorted, and keys are
written in sorted order.
"""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kgtool.errors import InputError, KgError, UsageError, read_text
from kgtool.export.compaction import compact as compact_expanded

CONTEXT_FILE = Path("ontology/context.jsonld")
FRAMES_DIR = Path("ontology/frames")

JsonObject = dict[str, Any]
DocumentLoader = Callable[..., JsonObject]


def read_json(path: Path) -> Any:
    """Parse a JSON file; a syntax error names ``file:line``."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: JSON syntax error: {exc.msg}") from None


def load_context(root: Path) -> JsonObject:
    """The value of ``@context`` in the project's context file."""
    path = root / CONTEXT_FILE
    document = read_json(path)
    if not isinstance(document, dict) or not isinstance(document.get("@context"), dict):
        raise InputError(f"{path}: expected a JSON object with an '@context' object")
    return document["@context"]


def local_loader(root: Path) -> DocumentLoader:
    """A pyld document loader that serves only the project's context file and never uses the network."""
    context_path = (root / CONTEXT_FILE).resolve()
    allowed = context_url(root)

    def load(url: str, options: object = None) -> JsonObject:
        if url != allowed:
            raise InputError(
                f"refusing to load the JSON-LD document {url}: kgtool never fetches documents; "
                f"the only context it can load is {CONTEXT_FILE} ({allowed})"
            )
        return {"contextUrl": None, "documentUrl": url, "document": read_json(context_path)}

    return load


def canonical(graph: Graph) -> list[tuple[Node, Node, Node]]:
    """The triples of ``graph`` with canonical blank node labels (stable across runs), sorted.

    Blank nodes that form trees (each the object of exactly one triple, as a series entry is) are labelled
    by a hash of their owner, predicate and content, in linear time; any other shape of blank nodes goes
    through rdflib's canonicalisation, whose cost grows much faster than the graph (35 s at 100k triples).
    """
    return sorted(_canonical_triples(graph), key=lambda triple: tuple(term.n3() for term in triple))


def _canonical_triples(graph: Graph) -> Iterable[tuple[Node, Node, Node]]:
    """The triples of ``graph`` with canonical blank node labels, in no particular order."""
    triples = list(graph)
    labels = _tree_labels(triples)
    if labels is None:
        from rdflib.compare import to_canonical_graph

        return to_canonical_graph(graph)
    if not labels:
        return triples
    return [
        (labels[s] if isinstance(s, BNode) else s, p, labels[o] if isinstance(o, BNode) else o) for s, p, o in triples
    ]


def _tree_labels(triples: Iterable[tuple[Node, Node, Node]]) -> dict[BNode, BNode] | None:
    """``cb…`` labels for blank nodes that form trees under named nodes; None for any other blank nodes."""
    import hashlib

    parent: dict[BNode, tuple[Node, Node]] = {}
    children: dict[BNode, list[tuple[Node, Node]]] = {}
    for s, p, o in triples:
        if isinstance(o, BNode):
            if o in parent:
                return None
            parent[o] = (s, p)
        if isinstance(s, BNode):
            children.setdefault(s, []).append((p, o))
    if any(b not in parent for b in children):
        return None
    content: dict[BNode, str] = {}

    def describe(node: BNode, path: frozenset) -> str | None:
        if node in path:
            return None
        if node not in content:
            parts = []
            for p, o in children.get(node, []):
                inner = describe(o, path | {node}) if isinstance(o, BNode) else o.n3()
                if inner is None:
                    return None
                parts.append(f"{p.n3()} {inner}")
            content[node] = "[" + " ; ".join(sorted(parts)) + "]"
        return content[node]

    labels: dict[BNode, BNode] = {}

    def label(node: BNode, path: frozenset) -> BNode | None:
        if node not in labels:
            owner, predicate = parent[node]
            if isinstance(owner, BNode):
                if owner in path:
                    return None
                owner = label(owner, path | {node})
            body = describe(node, frozenset())
            if owner is None or body is None:
                return None
            key = f"{owner.n3()} {predicate.n3()} {body}".encode()
            labels[node] = BNode("cb" + hashlib.sha256(key).hexdigest()[:32])
        return labels[node]

    for node in parent:
        if label(node, frozenset()) is None:
            return None
    return labels if len(set(labels.values())) == len(labels) else None


def to_expanded(graph: Graph, ordered: bool = True) -> list[JsonObject]:
    """``graph`` as expanded, flattened JSON-LD, converted by pyld (integers and booleans as JSON values,
    language tags in lowercase as pyld's expansion writes them).

    pyld sorts the nodes by ``@id``. With ``ordered``, it gets the triples in canonical order, so that the
    values of each property come in an order that does not depend on how the graph was parsed: framing
    needs it (``"@embed": "@once"`` embeds the first occurrence it meets). The whole-graph export does not
    (:func:`dumps` sorts every array) and saves the sort.
    """
    from pyld import jsonld

    triples = canonical(graph) if ordered else _canonical_triples(graph)
    # Each term's pyld form is made once and shared (pyld only reads them): rdflib terms that are equal
    # (same kind, text, datatype, and language up to case) have equal forms.
    terms: dict[Node, JsonObject] = {}

    def term(node: Node) -> JsonObject:
        found = terms.get(node)
        if found is None:
            found = terms[node] = _term(node)
        return found

    dataset = {"@default": [{"subject": term(s), "predicate": term(p), "object": term(o)} for s, p, o in triples]}
    return _pyld(lambda: jsonld.from_rdf(dataset, {"useNativeTypes": True}))


def embed_blank_nodes(nodes: list[JsonObject]) -> list[JsonObject]:
    """Move each blank node that is used exactly once into the node that uses it, without its label.

    Nodes that refer to no blank node are returned as they are (not copied).
    """
    by_id = {node["@id"]: node for node in nodes}
    uses: Counter[str] = Counter()
    holders: set[str] = set()
    for node in nodes:
        for value in _references(node):
            if value["@id"].startswith("_:"):
                uses[value["@id"]] += 1
                holders.add(node["@id"])
    inline = {key for key, count in uses.items() if count == 1 and key in by_id}
    embedded: set[str] = set()

    def expand(node: JsonObject, path: frozenset[str]) -> JsonObject:
        if node["@id"] not in holders:
            return node
        copy: JsonObject = {}
        for key, values in node.items():
            if key.startswith("@"):
                copy[key] = values
                continue
            copy[key] = [embed(value, path) for value in values]
        return copy

    def embed(value: Any, path: frozenset[str]) -> Any:
        key = value["@id"] if _is_reference(value) else None
        if key in inline and key not in path and key not in embedded:
            embedded.add(key)
            return {k: v for k, v in expand(by_id[key], path | {key}).items() if k != "@id"}
        return value

    top = [expand(node, frozenset({node["@id"]})) for node in nodes if node["@id"] not in inline]
    top += [by_id[key] for key in sorted(inline - embedded)]
    return top


def compact(expanded: list[JsonObject], context: JsonObject, loader: DocumentLoader) -> JsonObject:
    """Compact expanded JSON-LD with ``context`` (an ``@context`` value); always a top-level ``@graph``.

    pyld's compaction with what repeats memoised, skipping pyld's second expansion of the input when it
    would change nothing (:mod:`kgtool.export.compaction`): the result of ``pyld.jsonld.compact``, several times
    faster.
    """

    document = _pyld(lambda: compact_expanded(expanded, context, {"documentLoader": loader}))
    nodes = document.get("@graph", [])
    if "@graph" not in document:
        body = {k: v for k, v in document.items() if k != "@context"}
        nodes = [body] if body else []
    return {"@context": context, "@graph": nodes}


def graph_to_jsonld(graph: Graph, root: Path, context: JsonObject | None = None) -> JsonObject:
    """``graph`` compacted with the project's context (or ``context``), blank nodes embedded."""
    context = context if context is not None else load_context(root)
    with _collector_paused():
        return compact(embed_blank_nodes(to_expanded(graph, ordered=False)), context, local_loader(root))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large JSON-LD tree is built.

    Building one allocates hundreds of thousands of dicts and lists, none of them in a reference cycle,
    yet each allocation burst sets off full collections that walk every object alive, the whole loaded
    graph included: at 100k triples that was about a fifth of the export's time. The collector is switched
    back on afterwards (if it was on), and collects as usual.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def find_frame(root: Path, name: str) -> Path:
    """A frame by name (``series`` is ``ontology/frames/series.jsonld``) or by path to a ``.jsonld`` file."""
    path = Path(name)
    if path.suffix == ".jsonld":
        if not path.is_file():
            raise UsageError(f"--frame {name}: no such file")
        return path
    known = frame_names(root)
    if name not in known:
        raise UsageError(f"--frame {name!r}: no such frame; choose one of {', '.join(known)} or give a .jsonld file")
    return root / FRAMES_DIR / f"{name}.jsonld"


def frame_names(root: Path) -> list[str]:
    """The names of the frames shipped in ``ontology/frames``."""
    return sorted(path.stem for path in (root / FRAMES_DIR).glob("*.jsonld"))


def frame_graph(graph: Graph, frame_path: Path, root: Path, entity: URIRef | None = None) -> JsonObject:
    """``graph`` framed by the frame file, compacted with the frame's context (written out inline).

    Framing options: ``@embed`` defaults to ``@never`` and ``@explicit`` to true (a frame says what it
    embeds and which properties it shows), ``@omitDefault`` is on (no ``null`` for missing values).
    With ``entity``, only that entity is framed, and only if it has one of the frame's types.
    """
    from pyld import jsonld

    frame = read_json(frame_path)
    if not isinstance(frame, dict) or "@context" not in frame:
        raise InputError(f"{frame_path}: a frame is a JSON object with an '@context'")
    loader = local_loader(root)
    options = {
        "documentLoader": loader,
        "base": frame_path.resolve().as_uri(),
        "embed": "@never",
        "explicit": True,
        "omitDefault": True,
        "omitGraph": False,
    }
    if entity is not None:
        frame = {**frame, "@id": str(entity)}
    expanded = to_expanded(graph)
    framed = _pyld(lambda: jsonld.frame(expanded, frame, options))
    context = _resolve_context(frame["@context"], frame_path, root)
    nodes = framed.get("@graph", [])
    if entity is not None and "@type" in frame:
        wanted = _types(frame["@type"], context, loader)
        nodes = [node for node in nodes if _types(node.get("@type", []), context, loader) & wanted]
    return {"@context": context, "@graph": nodes}


def dumps(document: JsonObject) -> str:
    """Deterministic JSON text: arrays and ``@graph`` sorted, keys sorted, safe inside ``<script>``."""
    with _collector_paused():
        text = json.dumps(_sorted(document), indent=2, sort_keys=True, ensure_ascii=False)
    return text.replace("</", "<\\/") + "\n"


def to_rdf_graph(document: JsonObject, root: Path) -> Graph:
    """The RDF graph of a JSON-LD document, converted by pyld (to N-Quads) and parsed by rdflib."""
    from pyld import jsonld

    nquads = _pyld(
        lambda: jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": local_loader(root)})
    )
    return Graph().parse(data=nquads, format="nt")


def _resolve_context(context: Any, frame_path: Path, root: Path) -> JsonObject:
    """The frame's context as an object, so the output never refers to a document a reader cannot fetch."""
    if isinstance(context, dict):
        return context
    from urllib.parse import urljoin

    if isinstance(context, str) and urljoin(frame_path.resolve().as_uri(), context) == context_url(root):
        return load_context(root)
    raise InputError(f"{frame_path}: '@context' must be an object or refer to {CONTEXT_FILE}")


def context_url(root: Path) -> str:
    """The URL under which the document loader serves the project's context file."""
    return (root / CONTEXT_FILE).resolve().as_uri()


def _types(types: Any, context: JsonObject, loader: DocumentLoader) -> set[str]:
    """The IRIs of ``@type`` values written with ``context``."""
    from pyld import jsonld

    document = {"@context": context, "@id": "_:node", "@type": types}
    expanded = _pyld(lambda: jsonld.expand(document, {"documentLoader": loader}))
    return set(expanded[0].get("@type", [])) if expanded else set()


def _term(node: Node) -> JsonObject:
    if isinstance(node, BNode):
        return {"type": "blank node", "value": f"_:{node}"}
    if isinstance(node, Literal):
        term = {"type": "literal", "value": str(node)}
        if node.language:
            term["language"] = node.language.lower()  # as pyld's expansion writes language tags
        else:
            term["datatype"] = str(node.datatype or XSD.string)
        return term
    return {"type": "IRI", "value": str(node)}


def _references(node: JsonObject) -> list[JsonObject]:
    """The node references among the property values of ``node``."""
    properties = (values for key, values in node.items() if not key.startswith("@"))
    return [value for values in properties for value in values if _is_reference(value)]


def _is_reference(value: Any) -> bool:
    """Whether ``value`` is a node reference: an object with ``@id`` alone."""
    return isinstance(value, dict) and len(value) == 1 and "@id" in value


def _sorted(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: v if k == "@context" else _sorted(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(item) for item in value]
        return items if key == "@list" else sorted(items, key=_order)
    return value


def _order(value: Any) -> tuple[int, str, str]:
    if isinstance(value, dict):
        return (1, str(value.get("@id", "")), _KEY_ENCODER.encode(value))
    return (0, type(value).__name__, _KEY_ENCODER.encode(value))


# What json.dumps(value, sort_keys=True, ensure_ascii=False) uses, made once rather than per value sorted.
_KEY_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _pyld(call: Callable[[], Any]) -> Any:
    """Run a pyld call; its errors become one-line kgtool errors (a refused document keeps its message)."""
    from pyld.jsonld import JsonLdError

    try:
        return call()
    except JsonLdError as exc:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, KgError):
                raise cause from None
            cause = getattr(cause, "cause", None) or cause.__cause__
        raise InputError(f"JSON-LD processing failed: {exc.message} ({exc.code or exc.type})") from None
