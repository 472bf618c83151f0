"""Measure kgtool side by side with the rdflib/pySHACL baseline, and write bench/RESULTS.md.

    python bench/run.py --sizes 10k,100k,1M --repeat 3
    python bench/run.py --sizes 10k --repeat 1 --quick --output /tmp/results.md   # the CI smoke run

For each size, a synthetic universe (bench/generate.py) is written with the real ontology, shapes, checks
and queries into a temporary project folder. Every step runs in a fresh Python process (so that its peak
memory, ru_maxrss, is its own) and reports the seconds of the work it measures; the table gives the median
over the repeats. Steps whose baseline takes minutes at a million triples (rdflib and pySHACL on the
whole graph) run once at that size. --quick skips the publish and fresh-process steps.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CONTRACT_QUERIES = {
    "cast": {"series": "Series 7"},
    "roles": {"actor": "Person 7.3"},
    "appearances": {"character": "Character 7.1"},
    "adaptations": {"work": "Series 7"},
    "novels": {"series": "Book series 7"},
    "spinoffs": {},
}
SLOW_AT = 1_000_000  # from this size, steps on rdflib's whole graph run once
RES = "https://w3id.org/connelly/resource/"
CU = "https://w3id.org/connelly/ontology#"


# --------------------------------------------------------------------------------------------------
# Steps: each runs in its own process (``run.py --step NAME ROOT``) and returns a dict of figures.
# --------------------------------------------------------------------------------------------------


def _files(root: Path) -> list[Path]:
    from kgtool.store.dataset import source_files

    return source_files(root)


def step_rdflib_parse(root: Path) -> dict:
    """Baseline load: rdflib ``Graph.parse`` of each source file."""
    from rdflib import Graph

    start = time.perf_counter()
    graph = Graph()
    for path in _files(root):
        graph.parse(path, format="turtle")
    return {"seconds": time.perf_counter() - start, "triples": len(graph)}


def step_oxigraph_load(root: Path) -> dict:
    """pyoxigraph ``Store.load`` of each source file into memory."""
    import pyoxigraph

    start = time.perf_counter()
    store = pyoxigraph.Store()
    for path in _files(root):
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    return {"seconds": time.perf_counter() - start, "triples": len(store)}


def step_oxrdflib_load(root: Path) -> dict:
    """rdflib graph on the Oxigraph store (oxrdflib), if installed."""
    try:
        import oxrdflib  # noqa: F401
    except ImportError:
        return {"na": "oxrdflib not installed"}
    from rdflib import Graph

    start = time.perf_counter()
    graph = Graph(store="Oxigraph")
    for path in _files(root):
        graph.parse(path, format="ox-turtle")
    return {"seconds": time.perf_counter() - start, "triples": len(graph)}


def step_kgtool_load_rdflib(root: Path) -> dict:
    """kgtool's rdflib Dataset (parse + file:line index): what validate, export and publish use."""
    from kgtool.store.dataset import load_dataset

    start = time.perf_counter()
    dataset = load_dataset(root=root)
    return {"seconds": time.perf_counter() - start, "triples": len(dataset.graph)}


def step_kgtool_store_nocache(root: Path) -> dict:
    """kgtool's query store without the cache (KGTOOL_CACHE_DIR=off): Oxigraph parses into memory."""
    os.environ["KGTOOL_CACHE_DIR"] = "off"
    from kgtool.store.cache import open_store

    start = time.perf_counter()
    store = open_store(root, _files(root))
    return {"seconds": time.perf_counter() - start, "triples": len(store)}


def step_kgtool_store_cache_build(root: Path) -> dict:
    """kgtool's query store, first run: hash the files, parse into an on-disk store in the cache."""
    from kgtool.store.cache import cache_dir, open_store

    shutil.rmtree(cache_dir(root), ignore_errors=True)
    start = time.perf_counter()
    store = open_store(root, _files(root))
    return {"seconds": time.perf_counter() - start, "triples": len(store)}


def step_kgtool_store_cached(root: Path) -> dict:
    """kgtool's query store, later runs: hash the files and open the cached store read-only."""
    from kgtool.store.cache import open_store

    open_store(root, _files(root))  # make sure the cache exists (built by the previous step)
    start = time.perf_counter()
    store = open_store(root, _files(root))
    return {"seconds": time.perf_counter() - start, "triples": len(store)}


def step_validate_pyshacl(root: Path) -> dict:
    """Baseline full validation: rdflib parse + pySHACL (inference off); seconds of validation only."""
    import pyshacl

    from kgtool.store.dataset import load_dataset, load_shapes

    start = time.perf_counter()
    dataset = load_dataset(root=root)
    loaded = time.perf_counter()
    conforms, _, _ = pyshacl.validate(
        dataset.graph, shacl_graph=load_shapes(root), inference="none", allow_warnings=True, allow_infos=True
    )
    end = time.perf_counter()
    return {"seconds": end - loaded, "end_to_end": end - start, "conforms": conforms}


def step_validate_kgtool(root: Path) -> dict:
    """``kgtool validate`` as the CLI runs it (:func:`kgtool.validate.engine.validate_files`): Oxigraph loads the
    files into memory, then pyshacl-turbo (in a second process at scale), the SPARQL constraints once for all
    focus nodes and the SPARQL checks; seconds of validation after the load."""
    from kgtool.store.dataset import load_shapes, source_files
    from kgtool.store.view import StoreView
    from kgtool.validate.engine import validate_view

    start = time.perf_counter()
    view = StoreView.of_files(root, source_files(root), in_memory=True)
    loaded = time.perf_counter()
    report = validate_view(view, root, load_shapes(root))
    end = time.perf_counter()
    return {"seconds": end - loaded, "end_to_end": end - start, "findings": len(report.findings), **_children()}


def _children() -> dict:
    """The peak resident memory of the biggest child process (the SHACL worker), when there was one."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"child_rss_mb": children} if children else {}


def step_validate_turbo_store(root: Path) -> dict:
    """Full SHACL validation with no rdflib graph: Oxigraph load + pyshacl-turbo on the store."""
    import pyoxigraph
    from pyshacl_turbo import validate

    from kgtool.store.dataset import load_shapes

    start = time.perf_counter()
    store = pyoxigraph.Store()
    for path in _files(root):
        store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    loaded = time.perf_counter()
    conforms, results, _ = validate(store, shacl_graph=load_shapes(root), inference="none", allow_warnings=True)
    end = time.perf_counter()
    return {"seconds": end - loaded, "end_to_end": end - start, "conforms": conforms}


def change_graph(root: Path, triples: int):
    """A change of ``triples`` triples: new cast roles (8 triples each), one with a wrong season, and labels."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS

    franchises = sum(
        1
        for line in (root / "data" / "universe.ttl").open()
        if line.startswith("<series/f") and "/season-" not in line.split()[0]
    )
    rng = random.Random(triples)
    graph = Graph()
    cu = lambda name: URIRef(CU + name)  # noqa: E731
    res = lambda path: URIRef(RES + path)  # noqa: E731
    number = 0
    while len(graph) + 8 <= triples:
        f = f"f{rng.randrange(franchises)}"
        role = res(f"role/{f}/bench-{number}")
        season = res(f"series/{f}/season-{1 + rng.randrange(5)}")
        if number % 3 == 1:  # an error: a season of another series
            season = res(f"series/f{(int(f[1:]) + 1) % franchises}/season-1")
        graph.add((role, RDF.type, cu("CastRole")))
        graph.add((role, RDFS.label, Literal(f"Bench role {number}", lang="en")))
        graph.add((role, cu("actor"), res(f"person/{f}-p{rng.randrange(12)}")))
        graph.add((role, cu("character"), res(f"character/{f}-c{rng.randrange(10)}")))
        graph.add((role, cu("work"), res(f"series/{f}")))
        graph.add((role, cu("inSeason"), season))
        graph.add((role, cu("castCategory"), cu("GuestCast")))
        graph.add((role, DCTERMS.source, URIRef("https://example.org/bench")))
        number += 1
    while len(graph) < triples:
        novel = res(f"novel/f{rng.randrange(franchises)}-n1")
        graph.add((novel, RDFS.label, Literal(f"Titre {len(graph)}", lang="fr")))
    return graph


def _focus(change) -> set:
    """The focus of a change as kgtool's delta computes it: the touched entities and what they point at."""
    from rdflib import URIRef

    focus = {s for s in change.subjects() if isinstance(s, URIRef)}
    focus |= {o for o in change.objects() if isinstance(o, URIRef) and str(o).startswith(RES)}
    return focus


def _rows(findings, entities: set) -> set:
    """(entity, path, value, check, message, severity) of each finding on one of ``entities``; blank nodes
    (fresh at every parse) as None."""
    return {
        (
            str(f.entity),
            str(f.path),
            None if f.value is None or type(f.value).__name__ == "BNode" else str(f.value),
            f.check,
            f.message,
            f.severity,
        )
        for f in findings
        if str(f.entity) in entities
    }


def _delta(root: Path, triples: int) -> dict:
    """``kgtool check CHANGE.ttl`` in a fresh process with the cache warm, and its findings against full
    validation of the whole changed graph (``kgtool validate CHANGE.ttl``) on the same entities."""
    from kgtool.validate.engine import validate_files

    change = change_graph(root, triples)
    path = root / f"change-{triples}.ttl"
    change.serialize(destination=path, format="turtle")
    command = [sys.executable, "-m", "kgtool", "check", str(path), "--format", "json"]
    env = {**os.environ, "KGTOOL_ROOT": str(root), "PYTHONPATH": str(ROOT)}
    subprocess.run(command, capture_output=True, env=env, check=False)  # builds the cache, as a first run would
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        report = json.loads(out.read())
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise RuntimeError(f"kgtool check failed with exit code {os.waitstatus_to_exitcode(status)}")
    found = {
        (r["entity"], str(r["path"]), None if (r["value"] or "").startswith("_:") else r["value"])
        + (r["check"], r["message"], r["severity"])
        for r in report["results"]
    }
    figures = {
        "seconds": seconds,
        "checked": report["change"]["entitiesChecked"],
        "findings": len(found),
        "check_rss_mb": usage.ru_maxrss / 1024,
    }
    if _graph_size(root) < HUGE:  # full validation of the changed graph, to compare with
        entities = {str(node) for node in _focus(change)} | {row[0] for row in found}
        figures["identical"] = found == _rows(validate_files(root, [path]).findings, entities)
    return figures


def _graph_size(root: Path) -> int:
    """The size the benchmark's project was generated at (its folder's name says it)."""
    return parse_size(root.name.split("-")[2]) if root.name.startswith("kgtool-bench-") else 0


def step_delta_10(root: Path) -> dict:
    """Delta validation of a 10-triple change: ``kgtool check`` on the cached store."""
    return _delta(root, 10)


def step_delta_100(root: Path) -> dict:
    """Delta validation of a 100-triple change: ``kgtool check`` on the cached store."""
    return _delta(root, 100)


def step_delta_pyshacl_100(root: Path) -> dict:
    """Baseline delta: pySHACL with shapes narrowed to the focus, on rdflib's whole graph; load apart."""
    import pyshacl

    from kgtool.store.dataset import load_dataset, load_shapes
    from kgtool.store.view import StoreView
    from kgtool.validate.engine import focused_shapes

    change = change_graph(root, 100)
    focus = _focus(change)
    start = time.perf_counter()
    dataset = load_dataset(root=root)
    dataset.graph += change
    load = time.perf_counter() - start
    # narrowing the shapes reads the targets' types: on an Oxigraph copy, not counted
    shapes = focused_shapes(load_shapes(root), StoreView.of_dataset(dataset), sorted(focus, key=str))
    start = time.perf_counter()
    pyshacl.validate(dataset.graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "end_to_end": load + seconds}


def _query_times(run, runs: int = 3) -> dict:
    """Seconds of each contract query (median of ``runs`` runs in this process, after one warm-up)."""
    from kgtool.query.registry import find_query
    from kgtool.store.dataset import find_root

    out = {}
    for name, params in CONTRACT_QUERIES.items():
        saved = find_query(find_root(), name)
        rows = len(run(saved, params).bindings)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            run(saved, params).bindings  # noqa: B018
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times)
        out[f"{name}_rows"] = rows
    return out


def step_queries_rdflib(root: Path) -> dict:
    """The contract queries on rdflib's in-memory graph (the baseline)."""
    from kgtool.query.local import run_saved_query
    from kgtool.store.dataset import load_dataset

    dataset = load_dataset(root=root)
    runs = 1 if len(dataset.graph) >= SLOW_AT else 3  # rdflib takes seconds per query at 1M
    return _query_times(lambda saved, params: run_saved_query(saved, params, dataset=dataset), runs)


def step_queries_oxigraph(root: Path) -> dict:
    """The contract queries on kgtool's default engine: Oxigraph on the cached store."""
    from kgtool.query.local import run_saved_query_on_store
    from kgtool.store.cache import open_store

    store = open_store(root, _files(root))
    return _query_times(lambda saved, params: run_saved_query_on_store(saved, params, store=store))


def step_jsonld_rdflib(root: Path) -> dict:
    """Baseline JSON-LD: rdflib's serialiser with the project's context."""
    from kgtool.export.jsonld import load_context
    from kgtool.store.dataset import load_dataset

    dataset = load_dataset(root=root)
    start = time.perf_counter()
    text = dataset.graph.serialize(format="json-ld", context=load_context(root))
    return {"seconds": time.perf_counter() - start, "bytes": len(text)}


def step_jsonld_kgtool(root: Path) -> dict:
    """``kgtool export --format jsonld`` (deterministic, compacted with the context by pyld)."""
    from kgtool.export.document import ExportRequest, export_text
    from kgtool.store.dataset import load_dataset

    dataset = load_dataset(root=root)
    start = time.perf_counter()
    text = export_text(dataset, ExportRequest("jsonld", None, None, None, False, None))
    return {"seconds": time.perf_counter() - start, "bytes": len(text)}


def step_publish(root: Path) -> dict:
    """``kgtool publish`` end to end (Oxigraph load, validation on the store, N-Triples batches into a temporary
    graph over the Graph Store Protocol, count and checksum verification, one MOVE) to a local ``oxigraph serve``."""
    from kgtool.publish.graph_store import Store, publish_files

    with tempfile.TemporaryDirectory() as folder:
        server, url = _start_oxigraph(Path(folder))
        try:
            start = time.perf_counter()
            outcome = publish_files(root, Store.at(f"{url}/query", timeout=600.0), force=True)
            seconds = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=20)
    return {"seconds": seconds, "triples": outcome.stored}


def step_oxigraph_cli_load(root: Path) -> dict:
    """Oxigraph's own bulk load (``oxigraph load``) of the same graph as one N-Triples file into a new store:
    the yardstick of the publish goal (the N-Triples file is written before, not timed)."""
    import pyoxigraph

    from kgtool.store.cache import load_into

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "graph.nt"
        store = pyoxigraph.Store()
        load_into(store, _files(root))
        store.dump(str(data), format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
        triples = len(store)
        del store
        binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
        start = time.perf_counter()
        process = subprocess.Popen(
            [binary, "load", "--location", str(Path(folder) / "store"), "--file", str(data)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"oxigraph load failed with exit code {os.waitstatus_to_exitcode(status)}")
    return {
        "seconds": seconds,
        "triples": triples,
        "child_rss_mb": usage.ru_maxrss / 1024,
        "child_cpu_s": usage.ru_utime + usage.ru_stime,
    }


def _start_oxigraph(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    server = subprocess.Popen(
        [binary, "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            return server, url
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                raise RuntimeError("oxigraph serve did not start") from None
            time.sleep(0.1)


STEPS = {
    "rdflib_parse": step_rdflib_parse,
    "oxigraph_load": step_oxigraph_load,
    "oxrdflib_load": step_oxrdflib_load,
    "kgtool_load_rdflib": step_kgtool_load_rdflib,
    "kgtool_store_nocache": step_kgtool_store_nocache,
    "kgtool_store_cache_build": step_kgtool_store_cache_build,
    "kgtool_store_cached": step_kgtool_store_cached,
    "validate_pyshacl": step_validate_pyshacl,
    "validate_kgtool": step_validate_kgtool,
    "validate_turbo_store": step_validate_turbo_store,
    "delta_pyshacl_100": step_delta_pyshacl_100,
    "delta_10": step_delta_10,
    "delta_100": step_delta_100,
    "queries_rdflib": step_queries_rdflib,
    "queries_oxigraph": step_queries_oxigraph,
    "jsonld_rdflib": step_jsonld_rdflib,
    "jsonld_kgtool": step_jsonld_kgtool,
    "oxigraph_cli_load": step_oxigraph_cli_load,
    "publish": step_publish,
}
SLOW_STEPS = {
    "validate_turbo_store",
    "rdflib_parse",
    "kgtool_load_rdflib",
    "validate_pyshacl",
    "delta_pyshacl_100",
    "queries_rdflib",
    "jsonld_rdflib",
    "jsonld_kgtool",
    "publish",
}
SKIP_AT_1M = {"jsonld_rdflib", "jsonld_kgtool"}  # the goal is at 100k; rdflib's JSON-LD takes minutes at 1M
HUGE = 10_000_000
"""From this size only kgtool's store-based steps run: everything that builds rdflib's whole graph (or pySHACL's)
would need tens of GB and hours, and full validation's SHACL engine reads such a graph too (about 2 GB per million
triples); `kgtool check` runs without its comparison with full validation."""
SKIP_AT_10M = {
    "rdflib_parse",
    "oxrdflib_load",
    "kgtool_load_rdflib",
    "validate_pyshacl",
    "validate_kgtool",
    "validate_turbo_store",
    "delta_pyshacl_100",
    "queries_rdflib",
}
QUICK_SKIP = {"publish"}


# --------------------------------------------------------------------------------------------------
# The orchestrator
# --------------------------------------------------------------------------------------------------


def parse_size(text: str) -> int:
    """``10k`` → 10000, ``1M`` → 1000000."""
    text = text.strip()
    scale = {"k": 1_000, "K": 1_000, "m": 1_000_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def label(size: int) -> str:
    """1000000 → ``1M``."""
    return f"{size // 1_000_000}M" if size >= 1_000_000 else f"{size // 1000}k"


def make_project(folder: Path, size: int) -> Path:
    """A project folder: the real ontology, shapes, checks and queries, and one synthetic data file."""
    sys.path.insert(0, str(BENCH))
    from generate import universe

    for name in ("ontology", "queries", "checks"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "data").mkdir()
    (folder / "data" / "universe.ttl").write_text(universe(size), encoding="utf-8")
    return folder


def run_step(name: str, root: Path, timeout: float) -> dict:
    """Run one step in a fresh process; its figures plus its peak resident memory (or how long it was let run)."""
    env = {**os.environ, "KGTOOL_ROOT": str(root), "PYTHONPATH": str(ROOT)}
    env.pop("KGTOOL_CACHE_DIR", None)
    process = subprocess.Popen(
        [sys.executable, __file__, "--step", name, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: a step stopped at the timeout takes its servers with it
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"timeout": timeout}
    if process.returncode != 0:
        return {"error": (err.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.strip().splitlines()[-1])


def child(name: str, root: Path) -> None:
    """Run one step in this process and print its figures as JSON."""
    load = os.getloadavg()[0]
    figures = STEPS[name](root)
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    figures["rss_mb"] = usage[0].ru_maxrss / 1024
    # the CPU seconds of the whole step (this process and its reaped children: servers, workers), and the
    # machine's load average before and after: on a shared machine wall times alone can mislead
    figures["cpu_s"] = sum(u.ru_utime + u.ru_stime for u in usage)
    figures["load"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    print(json.dumps(figures))


def fresh_query(repeat: int) -> dict:
    """Wall time of a fresh ``kgtool query cast --param series=Ballard`` on the real graph, per engine (the
    median of at least 10 runs, cache warm), and of the first query after a clone (a new, empty cache each run)."""
    out = {}
    command = [sys.executable, "-m", "kgtool", "query", "cast", "--param", "series=Ballard"]

    def timed(env: dict) -> float:
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, env=env, check=True)
        return time.perf_counter() - start

    base = {**os.environ, "KGTOOL_ROOT": str(ROOT), "PYTHONPATH": str(ROOT)}
    for engine in ("rdflib", "oxigraph"):
        env = {**base, "KGTOOL_ENGINE": engine}
        timed(env)  # warm the cache and the disk
        out[engine] = statistics.median(timed(env) for _ in range(max(repeat, 10)))
    first = []
    for _ in range(max(repeat, 5)):
        with tempfile.TemporaryDirectory(prefix="kgtool-bench-cache-") as cache:
            first.append(timed({**base, "KGTOOL_ENGINE": "oxigraph", "KGTOOL_CACHE_DIR": str(Path(cache) / "c")}))
    out["first"] = statistics.median(first)
    return out


def measure(
    sizes: list[int], repeat: int, quick: bool, log, timeout: float, save, only: set[str], results: dict
) -> dict:
    """Every step (or those in ``only``) at every size, into ``results``: {size: {step: [figures of each run]}};
    ``save`` is called after each step."""
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"kgtool-bench-{label(size)}-") as folder:
            root = make_project(Path(folder), size)
            results.setdefault(size, {})
            for name in STEPS:
                skipped = (size >= SLOW_AT and name in SKIP_AT_1M) or (size >= HUGE and name in SKIP_AT_10M)
                if (quick and name in QUICK_SKIP) or skipped:
                    continue
                if only and name not in only:
                    continue
                times = 1 if size >= SLOW_AT and name in SLOW_STEPS else repeat
                runs = []
                for _ in range(times):
                    runs.append(run_step(name, root, timeout))
                    if "timeout" in runs[-1]:
                        break
                results[size][name] = runs
                save(results)
                log(f"{label(size)} {name}: {runs[-1]}")
    if not quick and (not only or "fresh_query" in only):
        results["fresh_query"] = fresh_query(repeat)
        log(f"fresh query: {results['fresh_query']}")
    return results


def median(runs: list[dict], key: str = "seconds") -> float | None:
    """The median of ``key`` over the runs that have it."""
    values = [r[key] for r in runs if isinstance(r.get(key), int | float)]
    return statistics.median(values) if values else None


def main() -> int:
    """Parse the options; run a step (child) or the whole benchmark (parent)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated sizes in triples (10k,100k,1M)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step; the table gives the median")
    parser.add_argument("--quick", action="store_true", help="skip the publish and fresh-process steps")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md", help="where to write the results")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON (after every step)")
    parser.add_argument("--step-timeout", type=float, default=900, help="seconds a step may run (%(default)s)")
    parser.add_argument("--render", type=Path, metavar="JSON", help="only rewrite the results from saved figures")
    parser.add_argument("--only", default="", help="comma-separated steps to measure again (with --merge)")
    parser.add_argument("--merge", type=Path, metavar="JSON", help="start from these saved figures")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("root", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        child(args.step, args.root)
        return 0
    sys.path.insert(0, str(BENCH))
    from report import render

    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if args.render:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        results = {int(k) if k.isdigit() else k: v for k, v in saved.items()}
        sizes = [size for size in sizes if size in results]
    else:

        def save(figures: dict) -> None:
            if args.json:
                args.json.write_text(json.dumps({str(k): v for k, v in figures.items()}, indent=1), encoding="utf-8")

        log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
        start: dict = {}
        if args.merge:
            saved = json.loads(args.merge.read_text(encoding="utf-8"))
            start = {int(k) if k.isdigit() else k: v for k, v in saved.items()}
        only = {name for name in args.only.split(",") if name}
        results = measure(sizes, args.repeat, args.quick, log, args.step_timeout, save, only, start)
        sizes = sorted({*sizes, *(k for k in results if isinstance(k, int))})
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    text = render(results, sizes, args.repeat, machine)
    if args.json and not args.render:
        args.json.write_text(json.dumps({str(k): v for k, v in results.items()}, indent=1), encoding="utf-8")
    temporary = args.output.with_name(f".{args.output.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, args.output)
    print(f"wrote {args.output}", file=sys.stderr)
    failed = [
        f"{label(size)} {name}: {run.get('error', 'findings differ from full validation')}"
        for size in sizes
        for name, runs in results[size].items()
        for run in runs
        if "error" in run or run.get("identical") is False
    ]
    for line in failed:
        print(f"bench: FAILED {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
