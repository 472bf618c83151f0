"""Serialise the whole graph, and write files atomically so a failure never leaves half a file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from rdflib import Graph

from kgtool.errors import UsageError

FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "xml": "xml"}


def serialise(graph: Graph, fmt: str) -> str:
    """``graph`` as text in ``fmt`` (a key of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "nt":
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
    return graph.serialize(format=FORMATS[fmt])


def write_output(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` through a temporary file renamed into place."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{output}: folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
