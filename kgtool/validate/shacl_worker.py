"""Run the SHACL engine in a second process, so that the SPARQL checks run meanwhile on another core.

pyshacl-turbo holds Python's GIL for most of its run: in a thread it would not overlap with the checks,
which run on Oxigraph in this process. On a big graph (a million triples: about 18 s of SHACL, 8 s of
checks on two cores) :func:`start` writes the store's N-Triples and the shapes to a temporary folder and
starts ``python -m kgtool.validate.shacl_worker``, which validates them and prints each result as a JSON row
of N-Triples terms; :meth:`Worker.rows` waits for them. The rows are those
:func:`kgtool.validate.shacl.shacl_result_rows` gives in one process (``tests/test_sparql_constraints.py``
checks both ways agree).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.util import from_n3

from kgtool.errors import InputError
from kgtool.store.dataset import literals_as_written
from kgtool.validate.findings import ResultRow
from kgtool.validate.shacl import shacl_result_rows

if TYPE_CHECKING:
    from kgtool.store.view import StoreView

MIN_TRIPLES = 200_000
"""Below this size a second Python process costs more (its start-up, the N-Triples copy) than it saves."""

REFUSED = 3
"""The worker's exit code when the engine refuses a term of the data (the caller then uses pySHACL)."""


@dataclass
class Worker:
    """A running worker process and its temporary folder."""

    process: subprocess.Popen
    folder: Path

    def rows(self) -> list[tuple] | None:
        """The result rows (focus, path, value, message, severity, check); None if the engine refused the data."""
        try:
            out, err = self.process.communicate()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        if self.process.returncode == REFUSED:
            return None
        if self.process.returncode != 0:
            reason = (err.strip().splitlines() or ["it stopped"])[-1]
            raise InputError(f"the SHACL worker process failed: {reason}")
        with literals_as_written():  # a value is reported as the data writes it
            return [self._row(row) for row in json.loads(out)]

    @staticmethod
    def _row(row: list) -> ResultRow:
        return ResultRow(
            *(_term(term) for term in row[:3]),
            row[3],
            from_n3(row[4]),
            row[5],
            *(_term(t) for t in row[6:8]),
            row[8],
        )

    def stop(self) -> None:
        """Stop the process (when what runs beside it failed) and remove its folder."""
        self.process.kill()
        self.process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(view: StoreView, shapes: Graph) -> Worker:
    """Start validating the graph of ``view`` against ``shapes`` in a new process."""
    import pyoxigraph

    folder = Path(tempfile.mkdtemp(prefix="kgtool-shacl-"))
    try:
        data = folder / "data.nt"
        view.store.dump(output=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
        shapes.serialize(destination=folder / "shapes.nt", format="nt", encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "kgtool.validate.shacl_worker", str(data), str(folder / "shapes.nt")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Worker(process, folder)


class _KeepLabels(dict):
    """An rdflib N-Triples ``bnode_context`` that keeps each blank node's label: the shapes graph's blank nodes
    (a shape, a complex path) are reported with the identifiers the caller's shapes graph gives them."""

    def get(self, key, default=None):
        return key


def _term(text: str | None):
    return None if text is None else from_n3(text)


def _n3(term) -> str | None:
    return None if term is None else term.n3()


def main(argv: list[str]) -> int:
    """Validate the N-Triples file ``argv[0]`` against the shapes in ``argv[1]``; print the result rows as JSON."""
    from pyshacl_turbo import compile_shapes
    from pyshacl_turbo.rdf import Input

    data, shapes_file = Path(argv[0]), Path(argv[1])
    with literals_as_written():
        shapes = Graph().parse(shapes_file, format="nt", bnode_context=_KeepLabels())
    text = data.read_text(encoding="utf-8")
    data.unlink()  # the folder is the caller's; the text is all this process needs
    try:
        _, results, _ = compile_shapes(shapes).validate(
            Input(text, "nt", None, {}, preserve_ids=True), allow_warnings=True, allow_infos=True
        )
    except ValueError:
        return REFUSED
    if not isinstance(results, Graph):  # a ValidationFailure: the caller's engine says which shape is unsupported
        return REFUSED
    rows = shacl_result_rows(results, shapes)
    json.dump(
        [
            [*(_n3(term) for term in row[:3]), row[3], row[4].n3(), row[5], *(_n3(t) for t in row[6:8]), row[8]]
            for row in rows
        ],
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
