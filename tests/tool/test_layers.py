"""kgtool's architecture: dependencies point one way (the layer contract) and no import cycle anywhere.

The same contract is written for import-linter in pyproject.toml (``lint-imports`` in .ci/run); this test
reads every module's imports with ``ast`` (those inside functions too), so it runs without import-linter
and also catches cycles between modules of the same layer.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "kgtool"

# From the top down: a module may import only from its own layer's package or from layers below it.
LAYERS = [
    {"kgtool.__main__", "kgtool.docs"},
    {"kgtool.cli", "kgtool.api"},
    {"kgtool.publish", "kgtool.release", "kgtool.reconcile"},
    {"kgtool.site"},
    {"kgtool.export"},
    {"kgtool.validate", "kgtool.query"},
    {"kgtool.store"},
    {
        "kgtool.errors",
        "kgtool.text",
        "kgtool.output",
        "kgtool.namespaces",
        "kgtool.sparql_text",
        "kgtool.version",
        "kgtool.defaults",
    },
]
INDEPENDENT = [("kgtool.validate", "kgtool.query")]
STYLE_MAY_USE = {"kgtool.style", "kgtool.store"} | LAYERS[-1]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """The kgtool modules ``path`` imports, at module level or inside functions (``from a import b`` counts
    as importing ``a.b`` when that is a module, else ``a``)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {m for m in found if m == "kgtool" or m.startswith("kgtool.")}


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def layer_of(module: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        if any(module == top or module.startswith(top + ".") for top in layer):
            return index
    return None


def top_package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_every_module_is_read():
    assert {"kgtool.cli", "kgtool.store.dataset", "kgtool.validate.engine", "kgtool.api"} <= set(GRAPH)
    assert "kgtool.store.dataset" in GRAPH["kgtool.query.local"]


def upward(graph: dict[str, set[str]], module: str) -> list[str]:
    """The imports of ``module`` that point to a higher layer than its own."""
    mine = layer_of(module)
    if mine is None:
        return []  # the package itself (kgtool/__init__.py, whose API imports lazily) and modules of no layer yet
    return sorted(t for t in graph[module] if (theirs := layer_of(t)) is not None and theirs < mine)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of imports among the modules of ``graph`` (depth-first search for a back edge), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target not in graph or target == "kgtool":
                continue  # the package's __init__ re-exports the API lazily and nothing imports it
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_dependencies_point_down(module):
    """A module imports only from its own layer or lower ones (a leaf only leaves), and never the package
    ``kgtool`` itself (whose __init__ re-exports the API)."""
    assert not upward(GRAPH, module), f"{module} imports upwards: {', '.join(upward(GRAPH, module))}"
    if layer_of(module) is not None:
        assert "kgtool" not in GRAPH[module], f"{module} imports the kgtool package itself: import from its module"


@pytest.mark.parametrize(("one", "other"), INDEPENDENT)
def test_independent_packages(one, other):
    for a, b in ((one, other), (other, one)):
        crossing = {m: t for m, ts in GRAPH.items() if top_package(m) == a for t in ts if top_package(t) == b}
        assert not crossing, f"{a} and {b} must be independent: {crossing}"


def test_style_depends_on_store_only():
    used = {top_package(t) for m, ts in GRAPH.items() if top_package(m) == "kgtool.style" for t in ts}
    assert used <= STYLE_MAY_USE, f"kgtool.style imports {sorted(used - STYLE_MAY_USE)}"


def test_no_import_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_import_linter_contract_matches():
    """pyproject.toml's import-linter contract lists the same layers as this test."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    [layers] = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    written = [{m.strip() for m in layer.replace(":", "|").split("|")} for layer in layers]
    assert written == LAYERS
    [independence] = [c for c in config["contracts"] if c["type"] == "independence"]
    assert tuple(independence["modules"]) in INDEPENDENT


def test_the_checks_catch_violations():
    """The checker itself: a leaf importing the store, and a cycle through two modules, are found."""
    bad = {**GRAPH, "kgtool.text": GRAPH["kgtool.text"] | {"kgtool.store.dataset"}}
    assert upward(bad, "kgtool.text") == ["kgtool.store.dataset"]
    assert find_cycle(bad) == ["kgtool.store.dataset", "kgtool.text", "kgtool.store.dataset"]
