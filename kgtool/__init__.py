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

import importlib
import sys
import types

from kgtool.version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which import kgtool does not need
if TYPE_CHECKING:
    from typing import Any

    from kgtool.api import load_dataset, query_dataframe, run_query

__all__ = ["__version__", "export", "load_dataset", "query_dataframe", "run_query", "validate"]

_LAZY = frozenset({"load_dataset", "query_dataframe", "run_query"})


class _SharedName:
    """``kgtool.validate`` and ``kgtool.export`` name both an API function and a subpackage (a layer).

    Called, this object runs the function of :mod:`kgtool.api`; any other attribute is the subpackage's
    (``kgtool.validate.engine``), so ``import kgtool.validate.engine as engine`` and dotted paths such as
    ``mock.patch("kgtool.export.void.describe_dataset")`` keep working.
    """

    def __init__(self, name: str) -> None:
        self.__name__ = self.__qualname__ = name
        self.__module__ = "kgtool.api"

    @property
    def __wrapped__(self) -> Any:
        return getattr(importlib.import_module("kgtool.api"), self.__name__)

    @property
    def __doc__(self) -> str | None:  # type: ignore[override]
        return self.__wrapped__.__doc__

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.__wrapped__(*args, **kwargs)

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(importlib.import_module(f"kgtool.{self.__name__}"), attribute)

    def __repr__(self) -> str:
        return (
            f"<kgtool.{self.__name__}: the function kgtool.api.{self.__name__} and the package kgtool.{self.__name__}>"
        )


validate = _SharedName("validate")
export = _SharedName("export")


class _Package(types.ModuleType):
    """The ``kgtool`` module: importing the subpackage ``kgtool.validate`` (or ``kgtool.export``) does not
    replace the API entry of the same name (the import system sets the subpackage as an attribute)."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and isinstance(self.__dict__.get(name), _SharedName):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> object:
    """Import the API functions from :mod:`kgtool.api` on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module("kgtool.api"), name)
    raise AttributeError(f"module 'kgtool' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _LAZY)
