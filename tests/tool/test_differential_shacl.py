"""Seeded random shapes and data: every kgtool validation path must give pySHACL's report.

Each case is a small data graph (two classes, three predicates, six nodes, IRIs, plain strings, integers, a
non-canonical ``"01"^^xsd:integer`` and an ill-typed ``"none"^^xsd:boolean``) and one
to three node shapes with property shapes (sh:minCount, sh:maxCount, sh:datatype, sh:class, sh:in, sh:hasValue,
sh:pattern, sh:node, sh:or, sh:not) and sometimes a SPARQL constraint. Shapes reach only shapes after them
(no recursion, which SHACL leaves undefined), and only plain strings are used (kgtool compares ``"x"`` and
``"x"^^xsd:string`` as the one RDF 1.1 term, pySHACL does not: see test_conformance_regressions). A failing case
prints its seed; ``pytest -k 'seed-N'`` replays it. Each case runs on every path of :data:`w3c_suite.PATHS`; a fixed
number of seeds runs with ``-m slow`` (in CI), more with ``KGTOOL_DIFFERENTIAL_CASES=N``.
"""

from __future__ import annotations

import os
import random

import pytest
from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from differential import disagreements, write_case

EX = Namespace("http://example.org/ns#")
CLASSES = [EX.C0, EX.C1]
PREDICATES = [EX.p0, EX.p1, EX.p2]
NODES = [EX[f"n{i}"] for i in range(6)]
LITERALS = [Literal("a"), Literal("ab"), Literal("b"), Literal(1), Literal(2)]
DATA_LITERALS = [
    *LITERALS,
    Literal("01", datatype=XSD.integer, normalize=False),  # well-formed, but another term than 1
    Literal("none", datatype=XSD.boolean, normalize=False),  # ill-typed: rdflib would read it as false
]
"""The data's literals. The shapes use only :data:`LITERALS`: pySHACL copies a shape into its report with its
literals rewritten by rdflib ("01" as "1"), which the comparison of source shapes would count against kgtool."""
SPARQL = [
    "SELECT $this WHERE { $this <http://example.org/ns#p0> ?v . FILTER (isLiteral(?v)) }",
    "SELECT $this ?value WHERE { $this <http://example.org/ns#p1> ?value . ?value a <http://example.org/ns#C0> }",
    "SELECT $this WHERE { FILTER NOT EXISTS { $this <http://example.org/ns#p2> ?any } }",
    "SELECT $this WHERE { ?x <http://example.org/ns#p0> $this }",
    "SELECT $this ?value WHERE { $this ?p ?value . OPTIONAL { ?value a ?kind } FILTER (!bound(?kind)) }",
]


def random_data(rng: random.Random) -> Graph:
    """A small data graph."""
    graph = Graph()
    for node in NODES:
        for cls in CLASSES:
            if rng.random() < 0.4:
                graph.add((node, RDF.type, cls))
        for _ in range(rng.randint(0, 3)):
            value = rng.choice(NODES) if rng.random() < 0.5 else rng.choice(DATA_LITERALS)
            graph.add((node, rng.choice(PREDICATES), value))
    return graph


def _list(graph: Graph, items: list) -> BNode:
    head = BNode()
    Collection(graph, head, items)
    return head


def _value_shape(graph: Graph, rng: random.Random) -> BNode:
    """A blank-node shape of one value constraint (for sh:or and sh:not)."""
    shape = BNode()
    kind = rng.choice(["datatype", "class", "nodeKind", "in"])
    if kind == "datatype":
        graph.add((shape, SH.datatype, rng.choice([XSD.string, XSD.integer])))
    elif kind == "class":
        graph.add((shape, SH["class"], rng.choice(CLASSES)))
    elif kind == "nodeKind":
        graph.add((shape, SH.nodeKind, rng.choice([SH.IRI, SH.Literal])))
    else:
        graph.add((shape, SH["in"], _list(graph, rng.sample([*NODES, *LITERALS], 2))))
    return shape


def random_shapes(rng: random.Random) -> Graph:
    """One to three node shapes, each reaching only the shapes after it."""
    graph = Graph()
    graph.bind("ex", EX)
    count = rng.randint(1, 3)
    for i in range(count):
        shape = EX[f"S{i}"]
        graph.add((shape, RDF.type, SH.NodeShape))
        if rng.random() < 0.7:
            graph.add((shape, SH.targetClass, rng.choice(CLASSES)))
        else:
            for node in rng.sample(NODES, 2):
                graph.add((shape, SH.targetNode, node))
        for _ in range(rng.randint(1, 2)):
            prop = BNode()
            graph.add((shape, SH.property, prop))
            graph.add((prop, SH.path, rng.choice(PREDICATES)))
            for constraint in rng.sample(range(10), rng.randint(1, 3)):
                if constraint == 0:
                    graph.add((prop, SH.minCount, Literal(rng.randint(1, 2))))
                elif constraint == 1:
                    graph.add((prop, SH.maxCount, Literal(rng.randint(1, 2))))
                elif constraint == 2:
                    graph.add((prop, SH.datatype, rng.choice([XSD.string, XSD.integer])))
                elif constraint == 3:
                    graph.add((prop, SH["class"], rng.choice(CLASSES)))
                elif constraint == 4:
                    graph.add((prop, SH["in"], _list(graph, rng.sample([*NODES, *LITERALS], 3))))
                elif constraint == 5:
                    graph.add((prop, SH.hasValue, rng.choice([*NODES[:2], *LITERALS[:2]])))
                elif constraint == 6:
                    graph.add((prop, SH.pattern, Literal(rng.choice(["^a", "b$", "n[0-2]$"]))))
                elif constraint == 7 and i + 1 < count:
                    graph.add((prop, SH.node, EX[f"S{rng.randint(i + 1, count - 1)}"]))
                elif constraint == 8:
                    graph.add((prop, SH["or"], _list(graph, [_value_shape(graph, rng), _value_shape(graph, rng)])))
                elif constraint == 9:
                    graph.add((prop, SH["not"], _value_shape(graph, rng)))
        if rng.random() < 0.3:
            graph.add((shape, SH["not"], _value_shape(graph, rng)))
        if rng.random() < 0.4:
            sparql = BNode()
            graph.add((shape, SH.sparql, sparql))
            graph.add((sparql, SH.select, Literal(rng.choice(SPARQL))))
    return graph


def check_seed(seed: int, tmp_path) -> None:
    rng = random.Random(seed)
    data, shapes = random_data(rng), random_shapes(rng)
    # N-Triples (also Turtle): every literal written quoted, as it is (Turtle's shorthand 01 would read as 1)
    case = write_case(tmp_path, data.serialize(format="nt"), shapes.serialize(format="nt"), f"seed-{seed}")
    found = disagreements(case, tmp_path)
    assert found == {}, f"seed {seed}:\n{case.data.read_text()}\n{case.shapes.read_text()}"


CASES = int(os.environ.get("KGTOOL_DIFFERENTIAL_CASES", "40"))
"""The number of seeded cases (seeds 0 to CASES - 1): 40 in CI; ``KGTOOL_DIFFERENTIAL_CASES=400`` runs more."""


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(CASES), ids=lambda s: f"seed-{s}")
def test_random_shapes_and_data_agree_with_pyshacl(seed, tmp_path):
    check_seed(seed, tmp_path)
