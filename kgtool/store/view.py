"""The graph under validation: a pyoxigraph store, read through rdflib terms, with where each entity is written.

Validation asks few things of the graph besides running queries on it: an entity's label, the named
entity that owns a blank node, and the file:line where an entity is written. :class:`StoreView` answers
them from an Oxigraph store, so that validating a million triples never builds rdflib's graph (28 s and
1.3 GB for a million triples, against 2.6 s and 0.4 GB in Oxigraph). It is made either

- from files (:meth:`StoreView.of_files`): the cached store of :mod:`kgtool.store.cache`; subjects' lines are
  read from the files only when a finding needs one; or
- from a loaded :class:`~kgtool.store.dataset.Dataset` (:meth:`StoreView.of_dataset`): an in-memory copy of its
  rdflib graph, whose terms convert back to the graph's own (its blank nodes, and the malformed language
  tags rdflib accepts and Oxigraph refuses).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.term import Node

from kgtool.store.cache import load_into, open_store
from kgtool.store.dataset import (
    FORMATS_BY_SUFFIX,
    Dataset,
    Location,
    label_from,
    literals_as_written,
    parse_file,
    subject_lines,
)
from kgtool.store.owners import owning_entity
from kgtool.store.terms import file_literals, graph_literals, noncanonical, plain_strings, to_rdflib
from kgtool.text import display_path

if TYPE_CHECKING:
    import pyoxigraph


@dataclass
class StoreView:
    """A pyoxigraph store seen through rdflib terms, with the locations of its subjects."""

    store: pyoxigraph.Store
    to_rdflib: Callable[[Any], Node | None]
    to_oxigraph: Callable[[Node], Any]
    locate: Callable[[Node], Location | None]
    graph: Graph | None = None
    """The rdflib graph the store copies, when there is one (the SHACL engine then reads it)."""
    faithful: bool = True
    """Whether the store holds every literal as the data writes it. Oxigraph stores XSD literals in canonical
    form (``"1.50"^^xsd:decimal`` as ``"1.5"``): when the data writes one otherwise, the SHACL engine reads
    :attr:`graph` (the data as written), and nothing that reads the store's literals stands in for it."""

    @classmethod
    def of_files(cls, root: Path, files: list[Path], extra: Iterable[Path] = (), in_memory: bool = False) -> StoreView:
        """A store of ``files``: the cached one, or with ``in_memory`` a new one in memory; a subject is
        located in the first file that describes it, except that a file of ``extra`` (a candidate under
        review) wins.

        The cached store opens in milliseconds and suits a few lookups; reading the whole graph (every
        check, the SHACL engine's copy) is five to ten times faster in memory, which loads a million
        triples in under 3 s.
        """
        import pyoxigraph

        if _noncanonical_files(files):
            graph = Graph()
            for path in files:
                graph += parse_file(path, display_path(path))[0]
            return cls.of_graph(graph, _lazy_locations(files, list(extra)))
        if in_memory:
            store = pyoxigraph.Store()
            load_into(store, files)
        else:
            store = open_store(root, files)
        return cls.of_store(store, files, extra)

    @classmethod
    def of_dataset(cls, dataset: Dataset) -> StoreView:
        """An in-memory copy of ``dataset``'s graph, located as the dataset locates."""
        return cls.of_graph(dataset.graph, dataset.location)

    @classmethod
    def of_graph(cls, graph: Graph, locate: Callable[[Node], Location | None]) -> StoreView:
        """An in-memory copy of an rdflib ``graph``, whose subjects ``locate`` locates."""
        graph = plain_strings(graph)
        store, to_rdflib, to_oxigraph = oxigraph_copy(graph)
        faithful = not noncanonical(graph_literals(graph))
        return cls(store, to_rdflib, to_oxigraph, locate, graph=graph, faithful=faithful)

    @classmethod
    def of_store(cls, store: pyoxigraph.Store, files: list[Path], extra: Iterable[Path] = ()) -> StoreView:
        """A view of ``store``, which holds ``files``: located as :meth:`of_files` locates."""
        terms = TermMap()
        return cls(store, terms.to_rdflib, terms.to_oxigraph, _lazy_locations(files, list(extra)))

    def triples(self, subject: Node | None = None, predicate: Node | None = None, obj: Node | None = None):
        """The triples matching a pattern (None matches anything), as rdflib terms."""
        given = (subject, predicate, obj)
        if isinstance(subject, Literal) or (predicate is not None and not isinstance(predicate, URIRef)):
            return  # a literal is the subject of no triple (a SHACL focus node may be one)
        pattern = [None if term is None else self.to_oxigraph(term) for term in given]
        if any(term is None and asked is not None for term, asked in zip(pattern, given, strict=True)):
            return  # a term Oxigraph cannot hold is in no triple of the store
        for quad in self.store.quads_for_pattern(*pattern, None):
            yield self.to_rdflib(quad.subject), self.to_rdflib(quad.predicate), self.to_rdflib(quad.object)

    def objects(self, subject: Node, predicate: Node | None = None) -> Iterator[Node]:
        """The objects of ``subject`` (through ``predicate``)."""
        return (o for _, _, o in self.triples(subject, predicate, None))

    def subjects(self, predicate: Node | None, obj: Node) -> Iterator[Node]:
        """The subjects pointing at ``obj`` (through ``predicate``)."""
        return (s for s, _, _ in self.triples(None, predicate, obj))

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        """The (predicate, object) pairs of ``subject``."""
        return ((p, o) for _, p, o in self.triples(subject, None, None))

    def label(self, node: Node, lang: str = "en") -> str:
        """The label of ``node``, as :func:`kgtool.store.dataset.label_of` gives it."""
        labels = [o for o in self.objects(node, RDFS.label) if isinstance(o, Literal)]
        return label_from(labels, node, lang)

    def owner(self, node: Node) -> Node:
        """``node`` itself, or for a blank node the nearest named subject that refers to it."""

        return owning_entity(self, node)

    def rdflib_graph(self) -> Graph:
        """The graph as an rdflib :class:`Graph` (the one copied, or one read from the store's N-Triples)."""
        if self.graph is None:
            import pyoxigraph

            data = self.store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
            with literals_as_written():
                self.graph = Graph().parse(data=data.decode("utf-8"), format="nt")
        return self.graph


def _noncanonical_files(files: list[Path]) -> bool:
    """Whether a file writes an XSD literal otherwise than in the canonical form Oxigraph would store it under."""
    import pyoxigraph

    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}
    for path in files:
        fmt = formats.get(FORMATS_BY_SUFFIX.get(path.suffix.lower(), ""))
        try:
            if fmt is None:
                literals = list(graph_literals(parse_file(path, display_path(path))[0]))
            else:
                literals = list(file_literals(path, fmt, path.resolve().as_uri()))
        except (OSError, SyntaxError, ValueError, MemoryError):
            continue  # loading the store reports the file (MemoryError: a token over Oxigraph's 16 MiB buffer)
        if noncanonical(literals):
            return True
    return False


def as_view(source: StoreView | Dataset) -> StoreView:
    """``source`` itself, or a view of a loaded :class:`~kgtool.store.dataset.Dataset`."""
    return source if isinstance(source, StoreView) else StoreView.of_dataset(source)


def _lazy_locations(files: list[Path], extra: list[Path]) -> Callable[[Node], Location | None]:
    """Locate subjects by reading the files' lines when one is first asked for: the ``extra`` files (they
    win), then the others, a file only when the subject is in none of those read before."""

    ordered = [*extra, *(path for path in files if path not in extra)]

    @functools.cache
    def lines(path: Path) -> dict[Node, Location]:
        if path.suffix.lower() not in (".ttl", ".trig"):
            return {}
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return {}
        return subject_lines(text, path.resolve().as_uri(), display_path(path))

    def locate(node: Node) -> Location | None:
        return next((lines(path)[node] for path in ordered if node in lines(path)), None)

    return locate


class TermMap:
    """Converts terms between rdflib and pyoxigraph, both ways, as rdflib's parser would have made them.

    A blank node keeps its identifier (Oxigraph's ``BlankNode(id)``; a new one when Oxigraph refuses the
    identifier, remembered so that it converts back). A literal whose language tag Oxigraph refuses (it
    accepts only BCP 47 tags; rdflib accepts ``@e``, which the checks report) is held under a
    private-use tag and converts back to rdflib's literal.
    """

    def __init__(self) -> None:
        self._blanks: dict[BNode, Any] = {}
        self._back: dict[str, BNode] = {}
        self._retagged: dict[tuple[str, str], Literal] = {}

    def to_oxigraph(self, node: Node):
        """``node`` as a pyoxigraph term (None for anything but an IRI, blank node or literal)."""
        import pyoxigraph

        if isinstance(node, URIRef):
            return pyoxigraph.NamedNode(str(node))
        if isinstance(node, BNode):
            if node not in self._blanks:
                try:
                    self._blanks[node] = pyoxigraph.BlankNode(str(node))
                except ValueError:
                    self._blanks[node] = pyoxigraph.BlankNode()
                self._back[self._blanks[node].value] = node
            return self._blanks[node]
        if isinstance(node, Literal):
            if node.language:
                try:
                    term = pyoxigraph.Literal(str(node), language=node.language)
                except ValueError:  # not BCP 47: a private-use tag stands in for it
                    term = pyoxigraph.Literal(str(node), language=f"x-invalid-{len(self._retagged)}")
                if term.language != node.language:
                    self._retagged[(term.value, term.language)] = node
                return term
            if node.datatype:
                return pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(node.datatype)))
            return pyoxigraph.Literal(str(node))
        return None

    def to_rdflib(self, term) -> Node | None:
        """A pyoxigraph term as an rdflib term (None stays None)."""
        import pyoxigraph

        if isinstance(term, pyoxigraph.BlankNode):
            return self._back.get(term.value) or BNode(term.value)
        if isinstance(term, pyoxigraph.Literal) and term.language:
            return self._retagged.get((term.value, term.language)) or to_rdflib(term)
        return None if term is None else to_rdflib(term)


def oxigraph_copy(graph: Graph):
    """An in-memory Oxigraph store holding ``graph``, and converters between the two libraries' terms
    (a :class:`TermMap`'s, which give back ``graph``'s own blank nodes and literals)."""
    import pyoxigraph

    terms = TermMap()
    store = pyoxigraph.Store()
    store.bulk_extend(pyoxigraph.Quad(*map(terms.to_oxigraph, triple)) for triple in graph)
    return store, terms.to_rdflib, terms.to_oxigraph
