"""The release artefacts of a version of the graph (``kgtool release -o DIR``), each deterministic.

For version V (the dataset's ``owl:versionInfo``) DIR receives:

- ``connelly-kg-V.ttl``, ``connelly-kg-V.nt.gz`` and ``connelly-kg-V.jsonld``: the whole graph (ontology and
  data, with the dataset's description and licence); the gzip header carries no file time but the dataset's
  ``dcterms:modified`` date (or 0), so the same graph always gives the same bytes;
- ``connelly-kg-V.void.ttl``: the VoID/DCAT description, with the version, dates and licence;
- ``connelly-kg-V.changes.md`` and ``connelly-kg-V.changes.json``: what changed since the previous release
  (:mod:`kgtool.release.diff`), which is the latest git tag ``vX.Y.Z`` older than V, or ``previous``;
  none for the first release;
- ``SHA256SUMS``: the SHA-256 of every other file, in the format ``sha256sum --check`` reads.
"""

from __future__ import annotations

import calendar
import datetime
import gzip
import hashlib
import io
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS

from kgtool.errors import InputError, UsageError
from kgtool.export.document import serialise
from kgtool.export.void import DATASET, dataset_version, describe_dataset
from kgtool.release.diff import diff_graphs
from kgtool.release.diff_report import render_diff, summary
from kgtool.release.sources import git_repository, load_version
from kgtool.store.dataset import find_root, load_dataset

PREFIX = "connelly-kg"
SUMS_FILE = "SHA256SUMS"
_TAG = re.compile(r"^v(\d+(?:\.\d+)*)$")


@dataclass
class Release:
    """What ``build_release`` wrote: the version, the folder, each file's SHA-256, and the previous release."""

    version: str
    folder: Path
    sums: dict[str, str] = field(default_factory=dict)
    previous: str | None = None
    changes: str | None = None

    def describe(self) -> list[str]:
        """Lines for the terminal: the files and their sums, and what the diff found."""
        lines = [f"connelly-kg {self.version}: {len(self.sums)} files in {self.folder}"]
        lines += [f"  {digest[:16]}…  {name}" for name, digest in sorted(self.sums.items())]
        if self.previous is None:
            lines.append("no previous release: no diff written")
        else:
            lines.append(f"changes since {self.previous}: {self.changes}")
        return lines


def build_release(folder: Path, root: Path | None = None, previous: str | None = None, first: bool = False) -> Release:
    """Write the release artefacts of the graph under ``root`` (the graph in use) into ``folder``.

    ``previous`` names the release to diff against (a git ref, folder or file); by default it is the latest
    git tag ``v*`` of the checkout older than this version; ``first`` writes no diff.
    """
    root = root or find_root()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    dataset = load_dataset(root=root)
    graph = dataset.graph
    version = dataset_version(graph)
    if version is None:
        raise InputError(f"{root}: the graph states no version (owl:versionInfo of <{DATASET}>)")
    folder.mkdir(parents=True, exist_ok=True)
    release = Release(version, folder)
    base = f"{PREFIX}-{version}"
    files: dict[str, bytes] = {
        f"{base}.ttl": serialise(graph, "turtle", root).encode(),
        f"{base}.nt.gz": gzipped(serialise(graph, "nt", root).encode(), f"{base}.nt", _mtime(graph)),
        f"{base}.jsonld": serialise(graph, "jsonld", root).encode(),
        f"{base}.void.ttl": serialise(describe_dataset(graph), "turtle", root).encode(),
    }
    if not first:
        previous = previous or previous_tag(root, version)
    if previous is not None and not first:
        old = load_version(previous, Path.cwd() if Path(previous).exists() else root)
        diff = diff_graphs(old.graph, graph, previous, f"v{version}")
        files[f"{base}.changes.md"] = render_diff(diff, "markdown").encode()
        files[f"{base}.changes.json"] = render_diff(diff, "json").encode()
        release.previous, release.changes = previous, summary(diff)
    for name, data in files.items():
        _write(folder / name, data)
        release.sums[name] = hashlib.sha256(data).hexdigest()
    sums = "".join(f"{release.sums[name]}  {name}\n" for name in sorted(release.sums))
    _write(folder / SUMS_FILE, sums.encode())
    return release


def gzipped(data: bytes, name: str, mtime: int) -> bytes:
    """``data`` gzipped with a fixed header (file name ``name``, time ``mtime``): the same bytes every time."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buffer, mtime=mtime, compresslevel=9) as stream:
        stream.write(data)
    return buffer.getvalue()


def previous_tag(root: Path, version: str) -> str | None:
    """The latest git tag ``vX.Y.Z`` of the repository of ``root`` older than ``version``, or None."""
    repo = git_repository(root)
    if repo is None:
        return None
    done = subprocess.run(["git", "-C", str(repo), "tag", "--list", "v*"], capture_output=True, text=True, check=False)
    current = _version_key(version)
    older = [
        (key, tag)
        for tag in done.stdout.split()
        if (match := _TAG.match(tag)) and (key := _version_key(match.group(1))) < current
    ]
    return max(older)[1] if older else None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def _mtime(graph: Graph) -> int:
    """The gzip time of the dumps: midnight UTC of the dataset's ``dcterms:modified`` date, else 0."""
    modified = graph.value(DATASET, DCTERMS.modified)
    try:
        day = datetime.date.fromisoformat(str(modified)[:10])
    except ValueError:
        return 0
    return calendar.timegm(day.timetuple())


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # a published file, readable by all (mkstemp makes it private)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
