"""Write a command's output: to stdout, or to a regular file replaced atomically (never half-written).

``-o`` writes regular files only: a folder, a device, a symlink pointing outside the project, or a source
file of the graph is refused (:func:`check_output`) before any work is done. The file gets the usual
permissions (an existing file keeps its mode; a new one gets ``0666`` less the umask), and no temporary file
outlives the run: it exists only while the finished text is written, is removed on any error or signal
handled by the CLI, and one left by a killed run is removed by the next write to the same file.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from kgtool.errors import UsageError

_STALE_AFTER = 3600.0
"""Seconds after which a temporary file beside an output is taken as left by a killed run."""


def write_output(text: str, output: Path | None, protected: Iterable[Path] = (), root: Path | None = None) -> None:
    """Print ``text``, or write it to ``output`` through a temporary file renamed into place."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    target = check_output(output, protected, root)
    folder = target.parent
    _remove_stale(folder, target.name)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_output(output: Path | None, protected: Iterable[Path] = (), root: Path | None = None) -> Path | None:
    """Refuse an output path that is not (or would not be) a regular file of ours; return the file to write.

    Refused: a missing folder, a folder, a device or other special file, a symlink whose target lies outside
    ``root`` (the project folder), and any of the ``protected`` files (the graph's sources).
    """
    if output is None:
        return None
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{output}: folder {folder} does not exist")
    target = output
    if output.is_symlink():
        target = output.resolve()
        if root is None or not target.is_relative_to(root.resolve()):
            raise UsageError(f"{output}: a symlink to {target}, outside the project: -o writes regular files only")
    if target.exists() and not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file (a device, pipe or socket)"
        raise UsageError(f"{output}: is {kind}: -o writes regular files only")
    if target.resolve() in {Path(p).resolve() for p in protected}:
        raise UsageError(f"{output}: is a source file of the graph: -o will not overwrite it")
    return target


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _remove_stale(folder: Path, name: str) -> None:
    """Remove the temporary files a killed run left beside ``name`` (a live one is seconds old)."""
    now = time.time()
    for old in folder.glob(f".{name}.*.tmp"):
        try:
            if now - old.stat().st_mtime > _STALE_AFTER:
                old.unlink()
        except OSError:
            continue
