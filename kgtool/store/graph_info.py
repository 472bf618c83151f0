"""Which graph kgtool is using: the package version, the data version, the size, packaged or checkout.

``kgtool --version`` prints :func:`version_text`. The data version is the ``owl:versionInfo`` of the
dataset (``<https://w3id.org/connelly/void#dataset>``, described in ``ontology/connelly.ttl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kgtool.errors import KgError
from kgtool.store.cache import open_store
from kgtool.store.dataset import find_root, source_files
from kgtool.store.packaged import is_packaged
from kgtool.version import __version__

DATASET_IRI = "https://w3id.org/connelly/void#dataset"
VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"


@dataclass(frozen=True)
class GraphInUse:
    """The graph a command would read: where it is, whether it is the wheel's copy, its version and size."""

    root: Path
    packaged: bool
    data_version: str | None
    triples: int

    def describe(self) -> str:
        """One line: ``graph 0.2.0, 5123 triples, packaged with kgtool (PATH)``."""
        kind = "packaged with kgtool" if self.packaged else "checkout"
        return f"graph {self.data_version or '(no version)'}, {self.triples} triples, {kind} ({self.root})"


def graph_in_use(root: Path | None = None) -> GraphInUse:
    """Describe the graph under ``root`` (by default the one :func:`find_root` picks), read from the cached store."""
    import pyoxigraph

    root = root or find_root()
    store = open_store(root, source_files(root))
    versions = [
        quad.object.value
        for quad in store.quads_for_pattern(pyoxigraph.NamedNode(DATASET_IRI), pyoxigraph.NamedNode(VERSION_INFO), None)
    ]
    return GraphInUse(root, is_packaged(root), min(versions) if versions else None, len(store))


def version_text() -> str:
    """What ``kgtool --version`` prints: the package version, then the graph in use (or why there is none)."""
    try:
        graph = graph_in_use().describe()
    except KgError as exc:
        graph = f"no graph: {exc.message}"
    return f"kgtool {__version__} (connelly-kg)\n{graph}"
