"""kgtool: validate, query and export the connelly-kg knowledge graph.

The public Python API (the command line is a thin layer over the same functions)::

    import kgtool

    dataset = kgtool.load_dataset()                       # the ontology and data in one rdflib graph
    rows = kgtool.run_query("cast", series="Ballard")     # a saved query of queries/: a list of dicts
    frame = kgtool.query_dataframe("cast", series="Ballard")  # the same rows as a pandas DataFrame
    report = kgtool.validate()                            # SHACL shapes and SPARQL checks: report.conforms()
    text = kgtool.export("jsonld")                        # what `kgtool export --format jsonld` writes

The functions live in :mod:`kgtool.api` and are imported on first use, so ``import kgtool`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgtool.version import __version__

if TYPE_CHECKING:
    from kgtool.api import export, load_dataset, query_dataframe, run_query, validate

__all__ = ["__version__", "export", "load_dataset", "query_dataframe", "run_query", "validate"]

_API = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> object:
    """Import the API functions from :mod:`kgtool.api` on first use."""
    if name in _API:
        from kgtool import api

        return getattr(api, name)
    raise AttributeError(f"module 'kgtool' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _API)
