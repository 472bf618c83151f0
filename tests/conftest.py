"""Shared fixtures: the real shipped graph, loaded once, and a runner for the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kgtool.cli import main
from kgtool.store.dataset import Dataset, load_dataset, load_shapes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The shipped graph: ontology and every data file."""
    return load_dataset(root=ROOT)


@pytest.fixture(scope="session")
def shapes():
    """The shipped SHACL shapes."""
    return load_shapes(ROOT)


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory):
    """A real Oxigraph server (``oxigraph serve``) on a free port of 127.0.0.1, stopped by its pid at the end."""
    from oxigraph_server import start_oxigraph, stop_oxigraph

    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    stop_oxigraph(server)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A real Virtuoso Open-Source 7 server (``virtuoso-t -f``, a temporary database) on free ports of 127.0.0.1,
    stopped by its pid at the end; skipped only where virtuoso-t is not installed (.ci/run installs it)."""
    from virtuoso_server import find_virtuoso, start_virtuoso, stop_virtuoso

    if find_virtuoso() is None:
        if os.environ.get("KGTOOL_REQUIRE_VIRTUOSO"):  # .ci/run installs it: missing there is a failure
            pytest.fail("virtuoso-t is not installed: .ci/run should have installed it")
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource; .ci/run does it)")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    stop_virtuoso(server)


@pytest.fixture
def kgtool(capsys, monkeypatch):
    """Run ``kgtool ARGS…`` in-process from the project folder; return exit code and output.

    The commands load the graph with ``tests/helpers.load_copy``: what ``load_dataset`` gives, with the project's
    files parsed once per test process (``tests/tool/test_api.py`` checks that the two load the same)."""
    from helpers import load_copy

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr("kgtool.store.dataset.load_dataset", load_copy)

    def run(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def run_process(*args: str, cwd: Path = ROOT) -> Run:
    """Run a real ``python -m kgtool`` process (for what only a process shows: exit codes, tracebacks)."""
    done = subprocess.run([sys.executable, "-m", "kgtool", *args], cwd=cwd, capture_output=True, text=True)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, dataset) -> Path:
    """The static site of the shipped graph (``kgtool site``), built once per test run: the pytest-xdist
    workers share one build, made by the first that needs it under a file lock (tests only read it)."""
    import fcntl

    from kgtool.site.build import build_site

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    folder, done = shared / "shared-site", shared / "shared-site.done"
    with open(shared / "shared-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.is_file():
            build_site(dataset, folder, "https://example.org/connelly/")
            done.touch()
    return folder


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Debian's ``chromium``) driven by Playwright; skipped where it is not installed."""
    import shutil

    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).is_file():
        if os.environ.get("KGTOOL_REQUIRE_BROWSER"):  # .ci/run installs it: missing there is a failure
            pytest.fail("chromium is not installed: .ci/run should have installed it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()
