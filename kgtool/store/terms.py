"""Oxigraph terms as the rdflib terms rdflib's own parser would have made."""

from __future__ import annotations

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal) -> Node:
    """A pyoxigraph term as the rdflib term rdflib's own parser would have made."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value  # the lexical form as the store holds it, not rdflib's normalised one
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype), normalize=False)


XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def plain_strings(graph):
    """``graph`` itself, or a copy whose ``"x"^^xsd:string`` literals are written ``"x"``.

    In RDF 1.1 the two are one term, but rdflib tells them apart (and Oxigraph does not): every graph the
    SHACL engine reads, shapes and data alike, goes through this, so both sides compare as RDF 1.1 terms.
    """
    from rdflib import Graph

    string = URIRef(XSD_STRING)
    if not any(isinstance(term, Literal) and term.datatype == string for triple in graph for term in triple):
        return graph
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True)
    copy += (tuple(_plain(term, string) for term in triple) for triple in graph)
    return copy


def _plain(term: Node, string: URIRef) -> Node:
    return Literal(str(term)) if isinstance(term, Literal) and term.datatype == string else term


def noncanonical(literals) -> bool:
    """Whether a typed literal among ``literals`` (``(lexical form, datatype IRI)`` pairs) is one Oxigraph would
    store under another form (``"1.50"^^xsd:decimal`` as ``"1.5"``, ``"300"^^xsd:byte`` as an xsd:integer).

    Oxigraph canonicalises the XSD literals it understands as it stores them; a store-based validation of such
    data would show the engine, and the report, other terms than the data's. The pairs are stored in a scratch
    store and read back.
    """
    pairs = {(str(lexical), str(datatype)) for lexical, datatype in literals}
    pairs = {(lex, datatype) for lex, datatype in pairs if datatype.startswith(XSD_NS) and datatype != XSD_STRING}
    if not pairs:
        return False
    scratch = pyoxigraph.Store()
    predicate = pyoxigraph.NamedNode("urn:kgtool:value")
    ordered = sorted(pairs)
    try:
        scratch.extend(
            pyoxigraph.Quad(
                pyoxigraph.NamedNode(f"urn:kgtool:{i}"),
                predicate,
                pyoxigraph.Literal(lex, datatype=pyoxigraph.NamedNode(dt)),
            )
            for i, (lex, dt) in enumerate(ordered)
        )
    except ValueError:
        return True
    for quad in scratch:
        lexical, datatype = ordered[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object.value != lexical or quad.object.datatype.value != datatype:
            return True
    return False


def graph_literals(graph):
    """The ``(lexical form, datatype)`` pairs of the typed literals of an rdflib ``graph``."""
    return ((str(o), str(o.datatype)) for o in graph.objects() if isinstance(o, Literal) and o.datatype is not None)


def file_literals(path, fmt, base_iri: str):
    """The ``(lexical form, datatype)`` pairs of the typed literals of an RDF file, as Oxigraph's parser reads them
    (before a store canonicalises them)."""
    for triple in pyoxigraph.parse(path=str(path), format=fmt, base_iri=base_iri, lenient=True):
        term = triple.object
        if isinstance(term, pyoxigraph.Literal) and not term.language:
            yield term.value, term.datatype.value
