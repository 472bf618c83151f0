"""The W3C SHACL test suite (tests/w3c/shacl/, core and SPARQL) and the comparison of a report with its expected one.

A result is compared as the tuple (focus node, result path, value, source shape, source constraint component,
severity), as pySHACL's own test runner compares them: a blank node focus node or value stands for any blank node
(the data graph's blank nodes are not the expected graph's), a complex path or a blank-node shape is compared by its
structure. Literals are compared as RDF 1.1 terms as written (lexical form, datatype, language): every graph here is
read with rdflib's literal normalisation off (``"none"^^xsd:boolean`` stays ``"none"``), stricter than pySHACL's
runner, which compares their text after rdflib's normalisation.

:func:`run` runs one test on one of kgtool's validation paths (:data:`PATHS`), the command line in this process
(only the second-process SHACL worker starts a process), and gives its exit code, report graph and error output.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD, Namespace

from kgtool.store.dataset import literals_as_written

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


def read(path: Path, fmt: str = "turtle", public_id: str | None = None) -> Graph:
    """An RDF file as written (literals not normalised); relative IRIs resolve against the file's own URI."""
    with literals_as_written():
        return Graph().parse(path, format=fmt, publicID=public_id or path.resolve().as_uri())


def read_text(text: str) -> Graph:
    """A Turtle text (a report), literals as written."""
    with literals_as_written():
        return Graph().parse(data=text, format="turtle")


def _file(iri: URIRef) -> Path:
    return Path(str(iri).removeprefix("file://"))


def load_tests(manifest: Path = SUITE / "manifest.ttl") -> list[W3cTest]:
    """Every sht:Validate test reachable from ``manifest`` (through mf:include), in file order."""
    graph = read(manifest)
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
        return ("literal", str(node), node.language, datatype)
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

    data, shapes = read(test.data), read(test.shapes)
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


PATHS = ("validate --shapes", "validate", "check", "validate --changed", "worker", "publish")
"""Every validation path: ``kgtool validate DATA --shapes SHAPES``; in a project whose shapes are the test's and whose
data is the test's data (``data/w3c.ttl``), ``kgtool validate``; ``kgtool check`` (the data as a candidate file of an
empty project); ``kgtool validate --changed BASE`` (the data added since the git commit BASE); ``kgtool validate``
with the SHACL engine in its second process (:mod:`kgtool.validate.shacl_worker`, whatever the graph's size); and the
validation ``kgtool publish`` runs (:func:`kgtool.publish.graph_store.validated_view`)."""


@dataclass
class Outcome:
    """What a path gave: its exit code, its report graph (None: it refused the shapes) and its error output."""

    code: int
    report: Graph | None
    err: str


@cache
def _as_ntriples(path: Path) -> str:
    """A Turtle file as N-Triples (also Turtle), relative IRIs resolved against its own URI, literals as written."""
    return read(path).serialize(format="nt")


def project(test: W3cTest, folder: Path, data: bool = True) -> Path:
    """A kgtool project whose shapes are the test's shapes, with no check, an empty ontology, and (``data``) the
    test's data as ``data/w3c.ttl``."""
    for name in ("ontology", "data", "checks"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / "ontology" / "connelly.ttl").write_text("", encoding="utf-8")
    (folder / "ontology" / "shapes.ttl").write_text(_as_ntriples(test.shapes), encoding="utf-8")
    (folder / "checks" / "profile.yaml").write_text("{}\n", encoding="utf-8")
    if data:
        (folder / "data" / "w3c.ttl").write_text(_as_ntriples(test.data), encoding="utf-8")
    return folder


def _cli(args: list[str], cwd: Path) -> tuple[int, str]:
    """``kgtool ARGS`` run in this process from ``cwd``: its exit code and what it printed on stderr."""
    from kgtool.cli import main

    err, previous = io.StringIO(), Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(args)
    finally:
        os.chdir(previous)
    return code, err.getvalue()


def _git(folder: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def run(path: str, test: W3cTest, folder: Path) -> Outcome:
    """``test`` on one of :data:`PATHS` (the caller lowers the worker's threshold for ``worker``)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "report.ttl"
    report = ["--format", "shacl", "-o", str(out)]
    if path == "publish":
        return _publish(test, project(test, folder / "project"))
    if path == "validate --shapes":
        code, err = _cli(["validate", str(test.data), "--shapes", str(test.shapes), *report], folder)
    elif path in ("validate", "worker"):
        code, err = _cli(["validate", *report], project(test, folder / "project"))
    elif path == "check":
        candidate = folder / "candidate.ttl"
        candidate.write_text(_as_ntriples(test.data), encoding="utf-8")
        code, err = _cli(["check", str(candidate), *report], project(test, folder / "project", data=False))
    elif path == "validate --changed":
        root = project(test, folder / "project", data=False)
        _git(root, "init", "-q")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", "base")
        (root / "data" / "w3c.ttl").write_text(_as_ntriples(test.data), encoding="utf-8")
        code, err = _cli(["validate", "--changed", "HEAD", *report], root)
    else:
        raise ValueError(path)
    if code == 2:
        return Outcome(code, None, err)
    return Outcome(code, read(out) if out.exists() else None, err)


def _publish(test: W3cTest, root: Path) -> Outcome:
    """The validation ``kgtool publish`` runs, on the project's graph loaded as ``kgtool publish`` loads it."""
    from kgtool.errors import KgError
    from kgtool.publish.graph_store import validated_view
    from kgtool.validate.shacl_report import render_shacl

    try:
        report = validated_view(root)[1]
    except KgError as exc:
        return Outcome(exc.exit_code, None, f"kgtool: error: {exc.message}\n")
    return Outcome(report.exit_code(False), read_text(render_shacl(report)), "")


def run_path(path: str, test: W3cTest, folder: Path) -> Graph | None:
    """The report graph of ``test`` on ``path`` (None: the shapes were refused)."""
    return run(path, test, folder).report
