"""The loaded graph cached on disk as a persistent Oxigraph store, keyed by the content of its source files.

``open_store`` returns a :class:`pyoxigraph.Store` holding the ontology and data files. The first run
parses them (with Oxigraph's parser, ten times faster than rdflib's) into a store under
``.kgtool-cache/`` in the project root (or ``KGTOOL_CACHE_DIR``; for the graph packaged in the wheel, the
user's cache folder); later runs open that store read-only,
which takes milliseconds whatever the size of the graph. The store's folder is named after a SHA-256 of
every source file's name and bytes, so a changed, added or removed file makes a new store; a store is
built in a temporary folder and renamed into place only when complete. When the cache cannot be read or
written (corrupt, unwritable, disabled with ``KGTOOL_CACHE_DIR=off``) the files are parsed into memory
instead: the cache only ever saves time, it never changes an answer. ``writable_store`` gives a copy
of the cached store that a command may change (``kgtool check`` adds the candidate files to it): a
RocksDB checkpoint, made of hard links, in milliseconds whatever the size.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kgtool.errors import BOM, InputError
from kgtool.store.dataset import FORMATS_BY_SUFFIX, MAX_LITERAL, parse_file
from kgtool.store.packaged import is_packaged, user_cache_dir
from kgtool.text import display_path

if TYPE_CHECKING:
    import pyoxigraph

CACHE_DIR = ".kgtool-cache"
_FORMAT_VERSION = "1"
_STORE_PREFIX = "store-"
_SCRATCH_PREFIX = ".scratch-"
_ABANDONED_AFTER = 3600.0
"""Seconds after which a checkpoint left in the cache folder is taken as abandoned."""


def cache_dir(root: Path) -> Path | None:
    """Where the cache lives: ``KGTOOL_CACHE_DIR``, else ``root/.kgtool-cache``; None when disabled or untrusted.

    The graph packaged in the wheel lies in site-packages, which may be read-only: its cache goes to the
    user's cache folder (``~/.cache/kgtool/graph-VERSION``) instead.
    """
    configured = os.environ.get("KGTOOL_CACHE_DIR")
    if configured is not None and configured.strip().lower() in ("", "0", "off", "none"):
        return None
    if configured:
        folder = Path(configured)
    elif is_packaged(root):
        from kgtool.version import __version__

        folder = user_cache_dir() / f"graph-{__version__}"
    else:
        folder = root / CACHE_DIR
    return folder if trusted(folder) else None


def trusted(folder: Path) -> bool:
    """Whether a cache folder may be read: absent, or ours and writable by nobody else (nor its parent's
    other users able to swap it: it is checked, not followed, when it is a symlink).

    Another user who can write the folder could plant a store that answers queries with other data."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    problem = None
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        problem = "is not a folder"
    elif info.st_uid != os.geteuid():
        problem = f"belongs to another user (uid {info.st_uid})"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "is writable by other users"
    if problem:
        _warn(f"the cache folder {display_path(folder)} {problem}: not used (the files are read instead)")
        return False
    return True


_warned: set[str] = set()


def _warn(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"kgtool: warning: {message}", file=sys.stderr)


def source_digest(files: list[Path]) -> str:
    """A SHA-256 over each file's name and bytes (and the cache format and Oxigraph versions)."""
    import pyoxigraph

    digest = hashlib.sha256(f"kgtool-cache {_FORMAT_VERSION} pyoxigraph {pyoxigraph.__version__}\n".encode())
    for path in files:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: no such file") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc}") from None
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:32]


def load_into(store: pyoxigraph.Store, files: list[Path]) -> None:
    """Parse ``files`` into ``store`` with Oxigraph; a file Oxigraph refuses is re-read by rdflib for the error.

    What rdflib accepts but Oxigraph's strict parser does not (a malformed language tag, which the checks
    report) is loaded leniently, so both engines hold the same graph. rdflib's message (``file:line: reason``,
    see :func:`kgtool.store.dataset.parse_file`) is the one kgtool gives everywhere, so a syntax error reads the
    same whichever engine met it.
    """
    import pyoxigraph

    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}

    def load(path: Path, lenient: bool) -> None:
        fmt = formats.get(FORMATS_BY_SUFFIX.get(path.suffix.lower(), ""))
        if fmt is None:  # another RDF syntax: rdflib reads it, Oxigraph loads its N-Triples
            graph, _ = parse_file(path, display_path(path))
            data = graph.serialize(format="nt", encoding="utf-8")
            store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES, lenient=lenient)
        else:
            data = path.read_bytes()
            if not _utf8(data):  # rdflib says where the bad byte is
                parse_file(path, display_path(path))
            store.bulk_load(data.removeprefix(BOM), format=fmt, base_iri=path.resolve().as_uri(), lenient=lenient)
            if len(data) > MAX_LITERAL and _holds_a_long_literal(store):  # rdflib refuses it and says where
                parse_file(path, display_path(path))

    for path in files:
        try:
            load(path, lenient=False)
        except (OSError, SyntaxError, ValueError):
            parse_file(path, display_path(path))  # raises the InputError a user should see
            break  # rdflib accepts what Oxigraph's strict parser refuses (a malformed language tag)
    else:
        return
    store.clear()  # a failed bulk load may have kept part of the file: load everything again, leniently
    for path in files:
        try:
            load(path, lenient=True)
        except (OSError, SyntaxError, ValueError) as exc:
            raise InputError(f"{display_path(path)}: Oxigraph cannot load it: {exc}") from None


def _holds_a_long_literal(store: pyoxigraph.Store) -> bool:
    """Whether a literal of the store is longer than kgtool reads (only a file that big can hold one: reading
    such a file with rdflib to look for it would take a minute at a million triples)."""
    return bool(store.query(f"ASK {{ ?s ?p ?o FILTER (ISLITERAL(?o) && STRLEN(STR(?o)) > {MAX_LITERAL}) }}"))


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def open_store(root: Path, files: list[Path]) -> pyoxigraph.Store:
    """A store holding ``files``: the cached one when it exists, else a new one (cached when possible)."""
    import pyoxigraph

    target = cached_store(root, files)
    if target is not None:
        try:
            return pyoxigraph.Store.read_only(str(target))
        except (OSError, RuntimeError):
            pass
    return memory_store(files)


def writable_store(root: Path, files: list[Path]) -> tuple[pyoxigraph.Store, Callable[[], None]]:
    """A store holding ``files`` that the caller may change, and the function that discards it.

    It is a checkpoint of the cached store (RocksDB hard-links the cache's files: milliseconds whatever
    the size, and the cache itself is never written to), or without a cache a new store in memory.
    """
    import pyoxigraph

    target = cached_store(root, files)
    if target is not None:
        _remove_abandoned(target.parent)
        copy = Path(tempfile.mkdtemp(prefix=_SCRATCH_PREFIX, dir=target.parent))
        try:
            pyoxigraph.Store.read_only(str(target)).backup(str(copy / "store"))
            return pyoxigraph.Store(str(copy / "store")), lambda: shutil.rmtree(copy, ignore_errors=True)
        except (OSError, RuntimeError):
            shutil.rmtree(copy, ignore_errors=True)
    return memory_store(files), lambda: None


def cached_store(root: Path, files: list[Path]) -> Path | None:
    """The folder of the cached store of ``files``, built if needed; None when there is no usable cache."""
    import pyoxigraph

    folder = cache_dir(root)
    if folder is None:
        return None
    target = folder / f"{_STORE_PREFIX}{source_digest(files)}"
    if target.is_dir():
        try:
            pyoxigraph.Store.read_only(str(target))
            return target
        except (OSError, RuntimeError):
            shutil.rmtree(target, ignore_errors=True)  # corrupt: rebuild below
    try:
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o755)  # not group-writable whatever the umask: it must stay trusted
        building = Path(tempfile.mkdtemp(prefix=".building-", dir=folder))
    except OSError:
        return None
    try:
        store = pyoxigraph.Store(str(building))
        load_into(store, files)
        store.flush()
        del store
        _remove_stale(folder, keep=target.name)
        os.replace(building, target)
    except (InputError, OSError, RuntimeError):
        # unwritable, full, or another process put its store in place first; an InputError here may be the
        # disk's fault, not the file's: the caller reads the files into memory, which blames only a real error
        shutil.rmtree(building, ignore_errors=True)
        return None
    return target if target.is_dir() else None


def memory_store(files: list[Path]) -> pyoxigraph.Store:
    """A new in-memory store holding ``files`` (no cache)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    load_into(store, files)
    return store


def _remove_abandoned(folder: Path) -> None:
    """Remove the checkpoints that commands killed midway left behind (a live one is seconds old)."""
    now = time.time()
    for old in folder.glob(f"{_SCRATCH_PREFIX}*"):
        try:
            abandoned = now - old.stat().st_mtime > _ABANDONED_AFTER
        except OSError:
            continue
        if abandoned:
            shutil.rmtree(old, ignore_errors=True)


def _remove_stale(folder: Path, keep: str) -> None:
    """Remove the stores of older versions of the files (best effort: another process may hold one open)."""
    for old in folder.glob(f"{_STORE_PREFIX}*"):
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
