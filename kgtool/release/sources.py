"""Read one version of the graph for ``kgtool diff`` and ``kgtool release``: a file, a folder or a git ref.

A *file* is one RDF file; a *folder* is a checkout of the project (``ontology/connelly.ttl`` and
``data/*.ttl``) or else every RDF file in it; anything else is taken as a *git ref* (a tag, a branch, a
commit) of the git repository of the current folder, whose ``ontology/connelly.ttl`` and ``data/*.ttl``
are read with ``git show`` (the work tree is never touched). Each failure is an :class:`InputError` (exit 2).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kgtool.errors import InputError
from kgtool.namespaces import bind_prefixes
from kgtool.store.dataset import DATA_DIR, FORMATS_BY_SUFFIX, ONTOLOGY_FILE, parse_file, source_files


@dataclass
class GraphVersion:
    """One version of the graph: what the user named, what it turned out to be, and its triples."""

    spec: str
    kind: str  # "file", "folder" or "git ref"
    graph: Graph

    def describe(self) -> str:
        """``v0.1.0 (git ref)``."""
        return f"{self.spec} ({self.kind})"


def load_version(spec: str, cwd: Path | None = None) -> GraphVersion:
    """The graph ``spec`` names: a file, a folder, or a git ref of the repository of ``cwd``."""
    cwd = cwd or Path.cwd()
    path = Path(spec) if Path(spec).is_absolute() else cwd / spec
    if path.is_file():
        return GraphVersion(spec, "file", _parse_all([(path, Path(spec))]))
    if path.is_dir():
        return GraphVersion(spec, "folder", _parse_all([(f, f) for f in folder_files(path)]))
    if path.exists():
        raise InputError(f"{spec}: cannot read: not a regular file or folder")
    return GraphVersion(spec, "git ref", _parse_git(spec, cwd))


def folder_files(folder: Path) -> list[Path]:
    """The RDF files of a folder: a checkout's ontology and data files, else every RDF file in it."""
    if (folder / ONTOLOGY_FILE).is_file() or (folder / DATA_DIR).is_dir():
        files = [f for f in source_files(folder) if f.is_file()]
    else:
        files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in FORMATS_BY_SUFFIX)
    if not files:
        raise InputError(f"{folder}: holds no {ONTOLOGY_FILE}, no {DATA_DIR}/*.ttl and no RDF file")
    return files


def git_repository(cwd: Path) -> Path | None:
    """The top folder of the git repository ``cwd`` lies in, or None."""
    done = _git(cwd, "rev-parse", "--show-toplevel")
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def resolve_ref(ref: str, cwd: Path) -> str:
    """The commit ``ref`` names in the repository of ``cwd``; an :class:`InputError` when it names none."""
    repo = git_repository(cwd)
    if repo is None:
        raise InputError(f"{ref}: no such file or folder, and {cwd} is not in a git repository to read it as a ref")
    if ref.startswith("-"):
        raise InputError(f"{ref}: not a file, a folder or a git ref")
    done = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise InputError(f"{ref}: not a file, a folder or a git ref of {repo}")
    return done.stdout.strip()


def _parse_git(ref: str, cwd: Path) -> Graph:
    commit = resolve_ref(ref, cwd)
    repo = git_repository(cwd)
    assert repo is not None
    listed = _git(repo, "ls-tree", "-r", "--name-only", commit, "--", str(ONTOLOGY_FILE), f"{DATA_DIR}/")
    names = [
        name
        for name in listed.stdout.splitlines()
        if name == str(ONTOLOGY_FILE) or (Path(name).parent == DATA_DIR and name.endswith(".ttl"))
    ]
    if not names:
        raise InputError(f"{ref}: the commit holds no {ONTOLOGY_FILE} and no {DATA_DIR}/*.ttl")
    with tempfile.TemporaryDirectory(prefix="kgtool-diff-") as scratch:
        files = []
        for name in sorted(names, key=lambda n: (n != str(ONTOLOGY_FILE), n)):
            blob = subprocess.run(
                ["git", "-C", str(repo), "show", f"{commit}:{name}"], capture_output=True, check=False
            )
            if blob.returncode != 0:
                raise InputError(f"{ref}:{name}: cannot read: {blob.stderr.decode(errors='replace').strip()}")
            copy = Path(scratch) / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(blob.stdout)
            files.append((copy, Path(f"{ref}:{name}")))
        return _parse_all(files)


def _parse_all(files: list[tuple[Path, Path]]) -> Graph:
    graph = bind_prefixes(Graph())
    for path, shown in files:
        parse_file(path, shown, into=graph)
    return graph


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise InputError("git is not installed: name files or folders instead of git refs") from None
