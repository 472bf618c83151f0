"""Compare kgtool's validation paths with pySHACL on a data graph and a shapes graph given as Turtle text.

Every path of :data:`w3c_suite.PATHS` (``kgtool validate --shapes``, ``validate``, ``check``, ``validate --changed``,
the second-process worker, publish's validation) must give pySHACL's report: the same conforms and the same results,
compared as :mod:`w3c_suite` compares them (focus node, result path, value, source shape, component, severity), or
refuse the shapes when pySHACL does. Used by the regression tests of the conformance issue and by the random
differential test.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from w3c_suite import PATHS, W3cTest, actual, read, run_path


def write_case(folder: Path, data: str, shapes: str, name: str = "case") -> W3cTest:
    """The Turtle texts ``data`` and ``shapes`` as files of ``folder``, as a test of :mod:`w3c_suite`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data.ttl").write_text(data, encoding="utf-8")
    (folder / "shapes.ttl").write_text(shapes, encoding="utf-8")
    return W3cTest(name, folder / "data.ttl", folder / "shapes.ttl", folder / "shapes.ttl", None, Graph())


def pyshacl_graph(case: W3cTest) -> Graph | None:
    """pySHACL's report graph (None when it refuses the shapes)."""
    from pyshacl import validate

    data, shapes = read(case.data), read(case.shapes)
    try:
        _, results, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    except Exception:
        return None
    return results if isinstance(results, Graph) else None


def kgtool_graph(path: str, case: W3cTest, folder: Path) -> Graph | None:
    """kgtool's report graph on ``path`` (None when it refuses the shapes)."""
    return run_path(path, case, folder)


def outcome(report: Graph | None) -> object:
    """A report as ``(conforms, results)`` (``"refused"`` for None)."""
    return "refused" if report is None else actual(report)


def disagreements(case: W3cTest, folder: Path, paths: tuple[str, ...] = PATHS) -> dict:
    """The paths whose outcome differs from pySHACL's, each with both outcomes (empty: they all agree).

    ``worker`` runs the SHACL engine in its second process whatever the size of the graph."""
    import pytest

    from kgtool.validate import shacl_worker

    expected = outcome(pyshacl_graph(case))
    found = {}
    for path in paths:
        with pytest.MonkeyPatch.context() as patch:
            if path == "worker":
                patch.setattr(shacl_worker, "MIN_TRIPLES", 0)
            got = outcome(kgtool_graph(path, case, folder / path.replace(" ", "_")))
        if got != expected:
            found[path] = {"kgtool": got, "pyshacl": expected}
    return found
