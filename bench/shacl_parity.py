"""Do pyshacl-turbo and pySHACL give the same reports? On the shipped data, every bad fixture, and synthetic errors.

    python bench/shacl_parity.py            # exit code 0 when every report is identical

A report is compared as the set of (focus node, path, value, source shape, message, severity,
constraint component) of its results; blank nodes are compared by kind.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import universe  # noqa: E402

from kgtool.errors import InputError  # noqa: E402
from kgtool.store.dataset import load_dataset, load_shapes, parse_file  # noqa: E402
from kgtool.validate.shacl import shacl_engine  # noqa: E402

CU = "https://w3id.org/connelly/ontology#"


def report(results: Graph) -> set[tuple]:
    """The comparable content of a SHACL results graph."""
    rows = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        values = [
            results.value(result, p)
            for p in (
                SH.focusNode,
                SH.resultPath,
                SH.value,
                SH.sourceShape,
                SH.resultMessage,
                SH.resultSeverity,
                SH.sourceConstraintComponent,
            )
        ]
        rows.add(tuple("_:" if isinstance(v, BNode) else v for v in values))
    return rows


def compare(graph: Graph, shapes: Graph, name: str) -> bool:
    """Validate ``graph`` with both engines; print the counts and times; whether the reports are equal."""
    reports, times = [], []
    for engine in ("pyshacl", "turbo"):
        validate, _ = shacl_engine(engine)
        start = time.perf_counter()
        _, results, _ = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True)
        times.append(time.perf_counter() - start)
        reports.append(report(results))
    same = reports[0] == reports[1]
    print(
        f"{name}: pySHACL {len(reports[0])} results ({times[0]:.2f} s), pyshacl-turbo {len(reports[1])} "
        f"({times[1]:.2f} s): {'identical' if same else 'DIFFERENT'}"
    )
    return same


def with_errors(seed: int = 3) -> Graph:
    """A 10k-triple synthetic universe with the ontology and 60 injected mistakes of six kinds."""
    graph = Graph().parse(data=universe(10_000), format="turtle")
    graph += parse_file(ROOT / "ontology" / "connelly.ttl")[0]
    rng = random.Random(seed)
    subjects = sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)})
    for subject in rng.sample(subjects, 60):
        kind = rng.randrange(6)
        if kind == 0:
            graph.remove((subject, DCTERMS.source, None))
        elif kind == 1:
            graph.add((subject, URIRef(CU + "seasonNumber"), Literal("x")))
        elif kind == 2:
            graph.remove((subject, URIRef(CU + "actor"), None))
        elif kind == 3:
            graph.add((subject, RDFS.label, Literal("Zzz", lang="de")))
        elif kind == 4:
            graph.add((subject, URIRef(CU + "basedOn"), URIRef("https://w3id.org/connelly/resource/person/f1-p1")))
        else:
            graph.add((subject, URIRef(CU + "numberOfEpisodes"), Literal(-3)))
    return graph


def main() -> int:
    """Compare the engines on every input; exit 1 if any report differs."""
    shapes = load_shapes(ROOT)
    same = compare(load_dataset(root=ROOT).graph, shapes, "shipped data")
    for fixture in sorted((ROOT / "tests" / "fixtures" / "bad").glob("*.ttl")):
        try:
            graph = load_dataset(extra=[fixture], root=ROOT).graph
        except InputError as exc:
            print(f"{fixture.name}: not RDF ({exc.message.split(': ', 1)[-1][:40]}), skipped")
            continue
        same &= compare(graph, shapes, fixture.name)
    same &= compare(with_errors(), shapes, "synthetic 10k with 60 injected errors")
    print("all reports identical" if same else "REPORTS DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
