"""The W3C SHACL test suite (core and SPARQL) on every validation path kgtool has.

Each path of :data:`w3c_suite.PATHS` (``kgtool validate --shapes``, ``kgtool validate``, ``kgtool check``,
``kgtool validate --changed``, the second-process SHACL worker, the validation ``kgtool publish`` runs) must pass
every test pySHACL passes (the same conforms and the same results, see ``w3c_suite``), with exit code 1 exactly when
a result is an error, and refuse the tests whose shapes are unsupported (``sht:Failure``) with exit code 2 and a
one-line message. The whole suite runs on every path, in CI's slow run (``-m slow``): the command line runs in this
process (only the worker path starts a process per test, as it does in use), a path's tests in a few chunks, so that
xdist spreads them.
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from kgtool.validate import shacl_worker

from w3c_suite import PATHS, Outcome, W3cTest, load_tests, passes, pyshacl_report, read, run

TESTS = load_tests()
PYSHACL_FAILS = {"core/property/uniqueLang-002", "sparql/pre-binding/shapesGraph-001"}
"""The tests pySHACL 0.40 itself fails (``sh:uniqueLang "1"``; ``$shapesGraph`` is not supported)."""
PASSED = [t for t in TESTS if t.name not in PYSHACL_FAILS]
CHUNKS = 3
"""Each path's tests run as this many pytest tests (each validating its share of the suite in one process)."""

ILL_FORMED = {"core/path/path-strange-002"}
"""Tests whose shapes graph SHACL-for-SHACL rejects (a path that is both a list and an ``sh:inversePath``). A project's
paths validate the project's own shapes first and report an ill-formed shapes graph as its one error (the
``shapes-graph`` check), by design; ``kgtool validate --shapes`` skips that check, as ``pyshacl -s`` does."""


@pytest.mark.slow
def test_the_suite_is_all_there_and_pyshacl_passes_what_we_say():
    assert len(TESTS) == 120
    assert sum(t.failure for t in TESTS) == 7  # unsupported-sparql-001..006 and pre-binding-006
    assert {t.name for t in TESTS if not passes(t, pyshacl_report(t))} == PYSHACL_FAILS


def test_the_ill_formed_shapes_are_ill_formed_for_shacl_shacl():
    from pyshacl.entrypoints import meta_validate

    for test in (t for t in TESTS if t.name in ILL_FORMED):
        assert meta_validate(read(test.shapes), inference="none")[0] is False, test.name


def project_passes(path: str, test: W3cTest, report: Graph) -> bool:
    """``passes``, except that on a project's path a test of ``ILL_FORMED`` gives the one shapes-graph error."""
    if test.name not in ILL_FORMED or path == "validate --shapes":
        return passes(test, report)
    sources = {str(s) for s in report.objects(None, SH.sourceShape)}
    return sources == {"urn:kgtool:check:shapes-graph"} and len(set(report.objects(None, SH.result))) == 1


def problem(path: str, test: W3cTest, outcome: Outcome) -> str | None:
    """What is wrong with ``outcome`` of ``test`` on ``path`` (None: nothing)."""
    if "Traceback" in outcome.err:
        return f"a traceback: {outcome.err}"
    if test.failure:
        if outcome.code != 2 or outcome.report is not None:
            return f"not refused: exit code {outcome.code}"
        if outcome.err.count("\n") != 1 or "is not supported" not in outcome.err or "shape " not in outcome.err:
            return f"not a one-line message naming the shape: {outcome.err!r}"
        return None
    if outcome.report is None:
        return f"refused (exit code {outcome.code}): {outcome.err.strip()}"
    if not project_passes(path, test, outcome.report):
        return "not the expected report"
    # exit code 1 when a result is an error: sh:Violation or a custom severity (kgtool counts those as errors)
    errors = set(outcome.report.objects(None, SH.resultSeverity)) - {SH.Warning, SH.Info}
    if outcome.code != (1 if errors else 0):
        return f"exit code {outcome.code} with {len(errors)} error severities"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(CHUNKS), ids=lambda c: f"part-{c + 1}")
@pytest.mark.parametrize("path", PATHS)
def test_every_path_passes_what_pyshacl_passes(path, chunk, tmp_path, monkeypatch):
    started = []
    if path == "worker":
        start = shacl_worker.start
        monkeypatch.setattr(shacl_worker, "MIN_TRIPLES", 0)
        monkeypatch.setattr(shacl_worker, "start", lambda *args: started.append(1) or start(*args))
    tests = PASSED[chunk::CHUNKS]
    found = {}
    for number, test in enumerate(tests):
        wrong = problem(path, test, run(path, test, tmp_path / str(number)))
        if wrong is not None:
            found[test.name] = wrong
    assert found == {}
    if path == "worker":  # the engine ran in its second process: not on refused or ill-formed shapes, nor on data
        # writing a literal otherwise than Oxigraph stores it (the engine then reads it as written, in this process)
        assert len(started) > len(tests) // 2, len(started)
