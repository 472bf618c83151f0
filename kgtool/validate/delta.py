"""Delta validation: validate only what a change touches, against the whole graph.

A change is the difference between two versions of some triples: the data files at a git ref and in
the working tree (``kgtool validate --changed BASE``), or the shipped graph and the graph with candidate
files added (``kgtool check NEW.ttl``). Blank nodes get new identities at every parse, so a blank node
(a book's series entry) is compared by its content, as part of the triple that holds it.

The entities a change touches are the named subjects of its added and removed triples; with their
direct neighbours (what they point at and what points at them, through the blank nodes they own) they
are the focus of validation: the shapes and checks run on those entities only, against the whole graph,
so the findings equal full validation's findings on those entities. When the ontology, the shapes or
the checks themselves change, every entity is affected, and the whole graph is validated.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kgtool.errors import InputError, UsageError
from kgtool.namespaces import CU
from kgtool.store.cache import writable_store
from kgtool.store.dataset import (
    DATA_DIR,
    ONTOLOGY_FILE,
    find_root,
    literals_as_written,
    load_shapes,
    parse_file,
    source_files,
)
from kgtool.store.owners import owning_entity
from kgtool.store.view import StoreView
from kgtool.text import display_path
from kgtool.validate.checks import CHECKS_DIR
from kgtool.validate.engine import validate_files, validate_view
from kgtool.validate.findings import Change, Report
from kgtool.validate.reach import reachable_graph

if TYPE_CHECKING:
    from kgtool.store.view import StoreView

DEFINITIONS = (ONTOLOGY_FILE.parent, CHECKS_DIR)
"""The folders whose change affects every entity: the ontology and shapes, and the checks."""

Key = tuple[Node, URIRef, object]
"""A triple with its object's blank node (if any) replaced by that blank node's content."""


@dataclass(frozen=True)
class Delta:
    """The triples a change adds and removes, the entities it touches, and the focus of validation."""

    added: dict[Key, int]
    removed: dict[Key, int]
    new_entities: frozenset[URIRef]
    touched: frozenset[URIRef]
    focus: frozenset[URIRef]

    def change(self, whole_graph: bool = False, checked: int | None = None) -> Change:
        """The summary of this delta for a :class:`~kgtool.validate.findings.Report`."""
        return Change(
            added=sum(self.added.values()),
            removed=sum(self.removed.values()),
            new_entities=len(self.new_entities),
            checked=len(self.focus) if checked is None else checked,
            whole_graph=whole_graph,
        )


def compute_delta(before: Graph, after: Graph, current: Graph) -> Delta:
    """The delta between the ``before`` and ``after`` versions of the changed triples.

    ``current`` is the whole graph after the change: a triple removed from one file but still stated
    elsewhere is not removed, and the focus adds the touched entities' neighbours in ``current``.
    """
    old, new = _fold(before), _fold(after)
    added = {key: weight for key, weight in new.items() if key not in old}
    removed = {key: weight for key, weight in old.items() if key not in new and not _states(current, key)}
    touched = {key[0] for key in (*added, *removed) if isinstance(key[0], URIRef)}
    new_entities = {
        entity
        for entity in touched
        if (entity, None, None) in current and all(key in added for key in _fold_subject(current, entity, {}))
    }
    focus = set(touched)
    for entity in touched:
        focus |= _neighbours(current, entity)
    for key in (*added, *removed):
        focus |= {node for node in _iris(key[2]) if _is_entity(current, node)}
    return Delta(added, removed, frozenset(new_entities), frozenset(touched), frozenset(focus))


def check_files(paths: list[Path], root: Path | None = None) -> Report:
    """``kgtool check``: add candidate files to the shipped graph and validate what they change.

    The shipped graph is not loaded into rdflib: the candidates' triples go into a writable copy of its
    cached store (see :func:`validate_on_store`).
    """
    root = root or find_root()
    after = Graph()
    for path in paths:
        after += parse_file(path, display_path(path))[0]
    return validate_on_store(root, source_files(root), paths, None, after)


def validate_changed(base: str, extra: list[Path] | None = None, root: Path | None = None) -> Report:
    """``kgtool validate --changed BASE``: validate what changed in the data files since the git ref ``base``.

    Candidate files in ``extra`` count as wholly added. If the ontology, the shapes or the checks
    differ from ``base``, the whole graph is validated (the change summary says so). The working graph
    is the cached store of the working files (see :func:`validate_on_store`).
    """
    root = root or find_root()
    git = GitFiles(root, base)
    before, after = changed_graphs(git, root, extra)
    whole = git.definitions_changed()
    return validate_on_store(root, source_files(root, extra), extra or [], before, after, whole_graph=whole)


def validate_on_store(
    root: Path, files: list[Path], extra: list[Path], before: Graph | None, after: Graph, whole_graph: bool = False
) -> Report:
    """Validate what changing ``before`` into ``after`` does to the graph of ``files``, on Oxigraph.

    With ``before`` None, ``after`` holds candidate triples that ``files`` lack: they are added to a
    writable copy of the cached store (:func:`kgtool.store.cache.writable_store`, milliseconds), and ``before``
    is what the store says of their subjects. Otherwise ``files`` already hold ``after``. The delta is
    computed on the part of the store around the changed subjects; the SPARQL checks run on the store
    with ``?entity`` bound to each entity of the focus, the shapes on the part of the graph they can reach
    from the focus (:mod:`kgtool.validate.reach`): at a million triples, about a second, and the findings full
    validation gives for those entities. With ``whole_graph``, everything is validated
    (:func:`kgtool.validate.engine.validate_files`).
    """
    from pyoxigraph import Quad

    shapes = load_shapes(root)
    subjects = {s for s in after.subjects() if isinstance(s, URIRef)}
    if before is not None:
        subjects |= {s for s in before.subjects() if isinstance(s, URIRef)}
    store, discard = writable_store(root, files)
    try:
        view = StoreView.of_store(store, [*files, *extra], extra)
        if before is None:
            before = Graph()
            for subject in subjects:
                copy_description(view, before, subject)
            store.extend(Quad(*map(view.to_oxigraph, triple)) for triple in after)
            store.flush()
        current = reachable_graph(store, sorted(subjects, key=str), shapes, every_incoming=True)
        delta = compute_delta(before, after, current)
        if whole_graph:
            query = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER (isIRI(?s)) }"
            checked = int(next(iter(store.query(query)))["n"].value)
        elif len(store) == len(after) or not view.faithful or _noncanonical(after):
            # the change is the whole graph (a first contribution to an empty project): every finding is the
            # change's, including those on literal or blank-node focus nodes no entity owns; or the data writes
            # a literal Oxigraph would store in another form: validate the whole graph, read as written
            report = validate_files(root, extra)
        else:
            reached = StoreView.of_graph(reachable_graph(store, delta.focus, shapes), view.locate)
            report = validate_view(view, root, shapes, focus=delta.focus, shacl_view=reached)
    finally:
        discard()
    if whole_graph:
        report = validate_files(root, extra)
    report.change = delta.change(whole_graph, checked if whole_graph else None)
    return report


def _noncanonical(graph: Graph) -> bool:
    from kgtool.store.terms import graph_literals, noncanonical

    return noncanonical(graph_literals(graph))


def changed_graphs(git: GitFiles, root: Path, extra: list[Path] | None = None) -> tuple[Graph, Graph]:
    """The triples of the data files that differ from the base commit, as they were and as they are
    (candidate files in ``extra`` outside ``data/`` count as wholly added)."""
    before, after = Graph(), Graph()
    for name in sorted(set(git.data_files()) | set(_working_data_files(root))):
        old_text = git.show(name)
        path = root / name
        new_text = path.read_text(encoding="utf-8") if path.is_file() else None
        if old_text == new_text:
            continue
        if old_text is not None:
            before += _parse_text(old_text, path, f"{git.base}:{name}")
        if new_text is not None:
            after += parse_file(path, display_path(path))[0]
    for path in extra or []:
        if path.resolve().parent != (root / DATA_DIR).resolve():
            after += parse_file(path, display_path(path))[0]
    return before, after


class GitFiles:
    """The few git commands delta validation needs, run in the project folder."""

    def __init__(self, root: Path, base: str) -> None:
        self.root, self.base = root, base
        if self._run("rev-parse", "--is-inside-work-tree").returncode != 0:
            raise UsageError(f"--changed needs a git checkout, and {root} is not in one")
        if self._run("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").returncode != 0:
            raise UsageError(f"--changed {base}: no such commit, branch or tag in the git repository at {root}")

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(["git", "-C", str(self.root), *args], capture_output=True, text=True, check=False)
        except FileNotFoundError:
            raise UsageError("--changed needs git, and no git command was found") from None

    def data_files(self) -> list[str]:
        """The ``data/*.ttl`` files at the base commit, relative to the project folder."""
        listed = self._run("ls-tree", "--name-only", self.base, f"{DATA_DIR}/").stdout.splitlines()
        return [name for name in listed if name.endswith(".ttl") and Path(name).parent == DATA_DIR]

    def show(self, name: str) -> str | None:
        """The text of ``name`` at the base commit, or None if it did not exist there."""
        done = self._run("show", f"{self.base}:./{name}")
        return done.stdout if done.returncode == 0 else None

    def definitions_changed(self) -> bool:
        """Whether the ontology, the shapes or the checks differ from the base commit (untracked files too)."""
        folders = [str(folder) for folder in DEFINITIONS]
        if self._run("diff", "--quiet", self.base, "--", *folders).returncode != 0:
            return True
        return bool(self._run("ls-files", "--others", "--exclude-standard", "--", *folders).stdout.strip())


def _working_data_files(root: Path) -> list[str]:
    return [str(DATA_DIR / path.name) for path in sorted((root / DATA_DIR).glob("*.ttl"))]


def _parse_text(text: str, path: Path, shown: str) -> Graph:
    """Parse a file's text as it was at the base commit (relative IRIs resolve as in the working file)."""
    try:
        with literals_as_written():
            return Graph().parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types for malformed input
        raise InputError(f"{shown}: cannot parse the base version: {exc}") from None


def _signature(graph: Graph, node: Node, seen: frozenset = frozenset()) -> tuple[object, int]:
    """A blank node's content as a hashable value, and how many triples it spans; other nodes as they are."""
    if not isinstance(node, BNode) or node in seen:
        return node, 0
    parts, weight = [], 0
    for p, o in graph.predicate_objects(node):
        inner, count = _signature(graph, o, seen | {node})
        parts.append((p, inner))
        weight += 1 + count
    return frozenset(parts), weight


def _fold(graph: Graph) -> dict[Key, int]:
    """Every triple of ``graph`` as a :data:`Key`, with the number of triples it stands for."""
    folded: dict[Key, int] = {}
    cache: dict[Node, tuple[object, int]] = {}
    for subject in set(graph.subjects()):
        if isinstance(subject, BNode) and next(graph.subjects(None, subject), None) is not None:
            continue  # folded into the triple that holds it
        folded.update(_fold_subject(graph, subject, cache))
    return folded


def _fold_subject(graph: Graph, subject: Node, cache: dict) -> dict[Key, int]:
    node = _signature(graph, subject)[0] if isinstance(subject, BNode) else subject
    folded = {}
    for p, o in graph.predicate_objects(subject):
        if o not in cache:
            cache[o] = _signature(graph, o)
        signature, weight = cache[o]
        folded[(node, p, signature)] = 1 + weight
    return folded


def _states(graph: Graph, key: Key) -> bool:
    """Whether ``graph`` states the triple ``key`` stands for."""
    subject, predicate, obj = key
    if not isinstance(obj, frozenset):
        return not isinstance(subject, frozenset) and (subject, predicate, obj) in graph
    return not isinstance(subject, frozenset) and any(
        _signature(graph, o)[0] == obj for o in graph.objects(subject, predicate) if isinstance(o, BNode)
    )


def _neighbours(graph: Graph, entity: URIRef) -> set[URIRef]:
    """The entities ``entity`` points at and those that point at it, through the blank nodes it owns."""
    found: set[URIRef] = set()
    stack, seen = [entity], set()
    while stack:
        node = stack.pop()
        seen.add(node)
        for p, o in graph.predicate_objects(node):
            if isinstance(o, BNode) and o not in seen:
                stack.append(o)
            elif p != RDF.type and _is_entity(graph, o):
                found.add(o)
    for subject in graph.subjects(None, entity):
        owner = owning_entity(graph, subject)
        if _is_entity(graph, owner):
            found.add(owner)
    found.discard(entity)
    return found


def _iris(value: object) -> Iterable[Node]:
    """The IRIs in a key's object: the node itself, or those inside a blank node's content."""
    if isinstance(value, frozenset):
        for _, inner in value:
            yield from _iris(inner)
    elif isinstance(value, URIRef):
        yield value


def _is_entity(graph: Graph, node: Node) -> bool:
    """A described named node that is data, not a term of the vocabulary."""
    return isinstance(node, URIRef) and not node.startswith(str(CU)) and (node, None, None) in graph


def copy_description(source: Graph | StoreView, target: Graph, subject: Node) -> None:
    """Copy the triples of ``subject`` and of the blank nodes it owns from ``source`` into ``target``."""
    for p, o in source.predicate_objects(subject):
        target.add((subject, p, o))
        if isinstance(o, BNode) and (o, None, None) not in target:
            copy_description(source, target, o)
