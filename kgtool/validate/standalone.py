"""``kgtool validate DATA… --shapes SHAPES``: validate any RDF files against any shapes graph, as ``pyshacl -s`` does.

No project is needed: the data files are the whole data graph (loaded as ``kgtool validate`` loads the project's,
see :class:`~kgtool.store.view.StoreView`), the shapes files the whole shapes graph; the project's SPARQL checks
and the SHACL-for-SHACL check of the shapes are not run.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kgtool.errors import UsageError
from kgtool.store.dataset import parse_file
from kgtool.store.view import StoreView
from kgtool.text import display_path
from kgtool.validate.engine import validate_view
from kgtool.validate.findings import Report


def load_shapes_files(paths: list[Path]) -> Graph:
    """The union of the shapes files (any RDF syntax rdflib reads), with their prefixes."""
    shapes = Graph()
    for path in paths:
        graph, _ = parse_file(path, display_path(path))
        for prefix, namespace in graph.namespaces():
            shapes.bind(prefix, namespace, override=False)
        shapes += graph
    return shapes


def validate_standalone(data: list[Path], shapes_files: list[Path]) -> Report:
    """Validate the union of the ``data`` files against the union of the ``shapes_files``."""
    if not data:
        raise UsageError("--shapes needs at least one data file to validate")
    shapes = load_shapes_files(shapes_files)
    folder = Path.cwd()
    view = StoreView.of_files(folder, list(data), list(data), in_memory=True)
    return validate_view(view, folder, shapes, checks=[], meta=False)
