"""The graph shipped inside the wheel, and where kgtool keeps its cache for it.

A wheel of connelly-kg carries a copy of the project's graph folders (``ontology/``, ``data/``,
``queries/``, ``checks/``) in ``kgtool/packaged_graph/``: ``setup.py`` copies them from the checkout
when the wheel is built, so git holds them once. A checkout (or ``KGTOOL_ROOT``) wins over the packaged
copy (see :func:`kgtool.store.dataset.find_root`). The packaged copy lies in site-packages, which may be
read-only, so its cache goes to the user's cache folder instead (:func:`user_cache_dir`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGED_DIR = Path(__file__).resolve().parents[1] / "packaged_graph"
"""Where the wheel puts the graph: ``kgtool/packaged_graph/`` (absent in a checkout)."""

GRAPH_FOLDERS = ("ontology", "data", "queries", "checks")
"""The folders of the project that make up the graph and that the wheel ships."""

GRAPH_FILES = ("void.ttl",)
"""The files beside them that the wheel ships too."""


def packaged_root() -> Path | None:
    """The folder of the graph shipped with this installation of kgtool, if it has one."""
    if (PACKAGED_DIR / "ontology" / "connelly.ttl").is_file() and (PACKAGED_DIR / "data").is_dir():
        return PACKAGED_DIR
    return None


def is_packaged(root: Path) -> bool:
    """Whether ``root`` is the packaged graph (not a checkout)."""
    try:
        return root.resolve() == PACKAGED_DIR.resolve()
    except OSError:
        return False


def user_cache_dir() -> Path:
    """The user's cache folder for kgtool: ``$XDG_CACHE_HOME/kgtool`` (``~/.cache/kgtool``), or the
    platform's own (``~/Library/Caches/kgtool`` on macOS, ``%LOCALAPPDATA%\\kgtool\\Cache`` on Windows)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "kgtool" / "Cache"
    if sys.platform == "darwin" and not os.environ.get("XDG_CACHE_HOME"):
        return Path.home() / "Library" / "Caches" / "kgtool"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kgtool"
