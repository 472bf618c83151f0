"""The rdflib reference of delta validation: the whole graph loaded into rdflib, as kgtool did before it
worked on the cached store. ``kgtool check`` and ``kgtool validate --changed`` must report what this reports."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, URIRef

from kgtool.store.dataset import Dataset, parse_file
from kgtool.validate.delta import Delta, GitFiles, changed_graphs, compute_delta, copy_description
from kgtool.validate.engine import validate_dataset
from kgtool.validate.findings import Report

from helpers import load_copy


def validate_delta(dataset: Dataset, shapes: Graph, delta: Delta, whole_graph: bool = False) -> Report:
    """Validate the focus of ``delta`` (or, when ``whole_graph``, everything) and summarise the change."""
    report = validate_dataset(dataset, shapes, focus=None if whole_graph else delta.focus)
    checked = sum(1 for s in set(dataset.graph.subjects()) if isinstance(s, URIRef)) if whole_graph else None
    report.change = delta.change(whole_graph, checked)
    return report


def candidate_delta(paths: list[Path], root: Path | None = None) -> tuple[Dataset, Delta]:
    """The shipped graph in rdflib with the candidate files added, and the delta they make to it."""
    dataset = load_copy(root=root)
    before, after = Graph(), Graph()
    for path in paths:
        part, where = parse_file(path, dataset.relative(path))
        after += part
        dataset.locations.update(where)
        if path not in dataset.files:
            dataset.files.append(path)
    for subject in {s for s in after.subjects() if not isinstance(s, BNode)}:
        copy_description(dataset.graph, before, subject)
    dataset.graph += after
    return dataset, compute_delta(before, after, dataset.graph)


def changed_delta(base: str, extra: list[Path] | None = None, root: Path | None = None) -> tuple[Dataset, Delta, bool]:
    """The working graph in rdflib, its delta from the data files at the git ref ``base``, and whether the
    ontology, shapes or checks changed too (then every entity is affected)."""
    dataset = load_copy(extra=extra, root=root)
    git = GitFiles(dataset.root, base)
    before, after = changed_graphs(git, dataset.root, extra)
    return dataset, compute_delta(before, after, dataset.graph), git.definitions_changed()
