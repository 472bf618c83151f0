"""The W3C SHACL test suite (tests/w3c/shacl/, core and SPARQL) and the comparison of a report with its expected one.

A result is compared as the tuple (focus node, result path, value, source shape, source constraint component,
severity), as pySHACL's own test runner compares them: a blank node focus node or value stands for any blank node
(the data graph's blank nodes are not the expected graph's), a complex path or a blank-node shape is compared by its
structure. Literals are compared as RDF 1.1 terms (lexical form, datatype, language), stricter than pySHACL's runner,
which compares their text only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD, Namespace

SUITE = Path(__file__).resolve().parent / "w3c" / "shacl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass(frozen=True)
class W3cTest:
    """One sht:Validate entry: its data and shapes files, and its expected result (None: a failure is expected)."""

    name: str
    data: Path
    shapes: Path
    manifest: Path
    result: object
    graph: Graph = field(compare=False, repr=False, hash=False)

    @property
    def failure(self) -> bool:
        return self.result == SHT.Failure

    def __str__(self) -> str:
        return self.name


def _file(iri: URIRef) -> Path:
    return Path(str(iri).removeprefix("file://"))


def load_tests(manifest: Path = SUITE / "manifest.ttl") -> list[W3cTest]:
    """Every sht:Validate test reachable from ``manifest`` (through mf:include), in file order."""
    graph = Graph().parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
    tests: list[W3cTest] = []
    for included in sorted(graph.objects(None, MF.include), key=str):
        tests += load_tests(_file(included))
    for entries in graph.objects(None, MF.entries):
        for entry in Collection(graph, entries):
            if (entry, RDF.type, SHT.Validate) not in graph:
                continue
            action = graph.value(entry, MF.action)
            data, shapes = graph.value(action, SHT.dataGraph), graph.value(action, SHT.shapesGraph)
            name = str(_file(entry).relative_to(SUITE)) if str(entry).startswith("file:") else str(entry)
            tests.append(W3cTest(name, _file(data), _file(shapes), manifest, graph.value(entry, MF.result), graph))
    return tests


def expected(test: W3cTest) -> tuple[bool, set]:
    """The expected conforms and results of ``test``."""
    graph = test.graph
    conforms = graph.value(test.result, SH.conforms)
    return bool(conforms.toPython()), {_key(graph, r) for r in graph.objects(test.result, SH.result)}


def actual(report: Graph) -> tuple[bool, set]:
    """The conforms and results of a validation report graph."""
    node = next(report.subjects(RDF.type, SH.ValidationReport))
    conforms = report.value(node, SH.conforms)
    return bool(conforms.toPython()), {_key(report, r) for r in report.objects(node, SH.result)}


def _key(graph: Graph, result) -> tuple:
    def one(predicate):
        return graph.value(result, predicate)

    return (
        _term(one(SH.focusNode)),
        _structure(graph, one(SH.resultPath)),
        _term(one(SH.value)),
        _structure(graph, one(SH.sourceShape)),
        _term(one(SH.sourceConstraintComponent)),
        _term(one(SH.resultSeverity)),
    )


def _term(node) -> object:
    if node is None:
        return None
    if isinstance(node, BNode):
        return "BNode"
    if isinstance(node, Literal):
        datatype = None if node.datatype == XSD.string else node.datatype
        # rdflib's lexical normalisation on both sides ("2011-01-01"^^xsd:dateTime), as both are read by rdflib
        return ("literal", str(Literal(str(node), lang=node.language, datatype=datatype)), node.language, datatype)
    return str(node)


def _structure(graph: Graph, node, seen: frozenset = frozenset()) -> object:
    """An IRI as itself; a blank node (a complex path, a blank-node shape) as its content, recursively."""
    if not isinstance(node, BNode):
        return _term(node)
    if node in seen:
        return "cycle"
    return tuple(sorted((str(p), repr(_structure(graph, o, seen | {node}))) for p, o in graph.predicate_objects(node)))


def pyshacl_report(test: W3cTest) -> Graph | None:
    """pySHACL's report graph for ``test`` (None when it refuses the shapes)."""
    from pyshacl import validate

    data = Graph().parse(test.data, format="turtle", publicID=test.data.resolve().as_uri())
    shapes = Graph().parse(test.shapes, format="turtle", publicID=test.shapes.resolve().as_uri())
    try:
        _, results, _ = validate(data, shacl_graph=shapes, inference="none")
    except Exception:
        return None
    return results if isinstance(results, Graph) else None


def passes(test: W3cTest, report: Graph | None) -> bool:
    """Whether ``report`` (None: the engine refused the shapes) is what ``test`` expects."""
    if test.failure or report is None:
        return test.failure and report is None
    return actual(report) == expected(test)


def project(test: W3cTest, folder: Path) -> Path:
    """An empty kgtool project whose shapes are the test's shapes: no data file, no check, an empty ontology."""
    (folder / "ontology").mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    (folder / "checks").mkdir(exist_ok=True)
    (folder / "ontology" / "connelly.ttl").write_text("", encoding="utf-8")
    shapes = Graph().parse(test.shapes, format="turtle", publicID=test.shapes.resolve().as_uri())
    (folder / "ontology" / "shapes.ttl").write_text(shapes.serialize(format="turtle"), encoding="utf-8")
    (folder / "checks" / "profile.yaml").write_text("{}\n", encoding="utf-8")
    return folder


def run_path(path: str, test: W3cTest, folder: Path) -> Graph | None:
    """The report graph of ``test`` on one of kgtool's validation paths (None: the shapes were refused).

    ``store``: validate_files on an empty project with the data as a candidate file; ``worker``: the same with the
    SHACL engine in its second process (the caller lowers its threshold); ``delta``: ``kgtool check`` (the data as
    a candidate change of the empty project); ``publish``: validate_dataset, as ``kgtool publish`` runs it.
    """
    from kgtool.store.dataset import load_dataset, load_shapes
    from kgtool.validate.delta import check_files
    from kgtool.validate.engine import validate_dataset, validate_files
    from kgtool.validate.shacl import UnsupportedShapes
    from kgtool.validate.shacl_report import report_graph

    root = project(test, folder)
    try:
        if path in ("store", "worker"):
            report = validate_files(root, [test.data])
        elif path == "delta":
            report = check_files([test.data], root)
        elif path == "publish":
            report = validate_dataset(load_dataset([test.data], root), load_shapes(root))
        else:
            raise ValueError(path)
    except UnsupportedShapes:
        return None
    return report_graph(report)
