"""kgtool's public Python API: load the graph, run a saved query, validate, export.

These functions are re-exported by :mod:`kgtool` (``from kgtool import run_query``); they are thin
wrappers over the layers the command line uses too (:mod:`kgtool.store`, :mod:`kgtool.query`,
:mod:`kgtool.validate`, :mod:`kgtool.export`), and raise the same errors (:class:`kgtool.errors.KgError`
and its subclasses: an unknown query, a missing parameter, an unreadable file).

Every function finds the project the way the command line does: ``root`` if given, else the folder named
by ``KGTOOL_ROOT``, else the checkout that holds the current folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas
    from rdflib import Graph
    from rdflib.query import Result
    from rdflib.term import Node

    from kgtool.store.dataset import Dataset
    from kgtool.validate.findings import Report

__all__ = ["export", "load_dataset", "query_dataframe", "run_query", "validate"]

Row = dict[str, "Node | None"]


def load_dataset(root: str | Path | None = None, extra: list[str | Path] | None = None) -> Dataset:
    """Load the ontology and every data file (and the ``extra`` Turtle files) into one rdflib graph.

    Returns a :class:`kgtool.store.dataset.Dataset`: ``.graph`` is the :class:`rdflib.Graph`, ``.root``
    the project folder, ``.files`` the files read, and ``.location(node)`` the file and line where an
    entity is written.

    >>> dataset = load_dataset()
    >>> len(dataset.graph) > 3000
    True
    """
    from kgtool.store.dataset import load_dataset as load

    return load(extra=[Path(p) for p in extra or []], root=Path(root) if root is not None else None)


def run_query(
    name: str,
    *,
    lang: str | None = None,
    root: str | Path | None = None,
    engine: str | None = None,
    **params: object,
) -> list[Row] | bool | Graph:
    """Run the saved query ``name`` (a file of ``queries/`` without ``.rq``, or the path of any ``.rq`` file).

    ``params`` are the query's parameters, as ``kgtool query --param KEY=VALUE`` takes them: a label in
    English or French, a CURIE (``res:series/ballard``) or an IRI; a parameter whose name is a Python
    keyword is passed with ``**{"from": "2000"}``. ``lang`` picks the language of the labels (``en`` or
    ``fr``), ``engine`` the local engine (``oxigraph``, the default, or ``rdflib``).

    A SELECT query returns its rows, each a dict from the projected variable names to rdflib terms
    (``None`` where a variable is unbound), in the query's order; an ASK query returns a bool; a
    CONSTRUCT or DESCRIBE query returns an :class:`rdflib.Graph`.

    >>> rows = run_query("cast", series="Ballard")
    >>> str(rows[0]["actorName"])
    'Amy Hill'
    """
    result = _result(name, lang, root, engine, params)
    if result.type == "ASK":
        return bool(result.askAnswer)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph
    names = [str(v) for v in result.vars]
    return [dict(zip(names, row, strict=True)) for row in result]


def query_dataframe(
    name: str,
    *,
    lang: str | None = None,
    root: str | Path | None = None,
    engine: str | None = None,
    **params: object,
) -> pandas.DataFrame:
    """Run the SELECT query ``name`` like :func:`run_query` and return its rows as a pandas DataFrame.

    One column per projected variable, in the query's order; literals become Python values (an
    ``xsd:integer`` an ``int``, an ``xsd:gYear`` or a label a ``str``…), IRIs their string, unbound
    values ``None``. Needs pandas: ``pip install 'connelly-kg[pandas]'``.

    >>> frame = query_dataframe("cast", series="Ballard")
    >>> list(frame.columns[:2])
    ['actorName', 'characterName']
    """
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(
            "kgtool.query_dataframe needs pandas, which is not installed: pip install 'connelly-kg[pandas]' "
            "(or pip install pandas); kgtool.run_query returns the same rows without it"
        ) from exc
    from kgtool.errors import UsageError
    from kgtool.query.results import plain

    result = _result(name, lang, root, engine, params)
    if result.type != "SELECT":
        raise UsageError(f"query {name!r} is a {result.type} query: query_dataframe needs a SELECT (use run_query)")
    columns = [str(v) for v in result.vars]
    return pandas.DataFrame([[_python(term, plain) for term in row] for row in result], columns=columns)


def validate(files: list[str | Path] | None = None, root: str | Path | None = None) -> Report:
    """Validate the graph, with the candidate Turtle ``files`` added, as ``kgtool validate FILES`` does.

    Returns a :class:`kgtool.validate.findings.Report`: ``.findings`` (each with its severity, entity,
    message, file and line), ``.conforms()`` and ``.exit_code()``.

    >>> validate().conforms()
    True
    """
    from kgtool.store.dataset import find_root
    from kgtool.validate.engine import validate_files

    project = Path(root) if root is not None else find_root()
    return validate_files(project, [Path(f) for f in files or []])


def export(
    fmt: str | None = None,
    *,
    frame: str | None = None,
    profile: str | None = None,
    entity: str | None = None,
    void: bool = False,
    root: str | Path | None = None,
) -> str:
    """The text ``kgtool export`` writes: the graph in ``fmt`` (``turtle``, ``nt``, ``jsonld``, ``trig``
    or ``xml``), a JSON-LD ``frame`` (``series``, ``novel``, ``person`` or a frame file), the schema.org
    view (``profile="schema"``), one ``entity`` and its neighbourhood, or the VoID description (``void``).

    >>> export("jsonld", entity="res:novel/the-black-echo").startswith("{")
    True
    """
    from kgtool.export.document import ExportRequest, export_text

    return export_text(load_dataset(root), ExportRequest(fmt, frame, profile, entity, void))


def _result(name: str, lang: str | None, root: str | Path | None, engine: str | None, params: dict) -> Result:
    """Run a saved query on the project's graph: on its cached Oxigraph store, or in rdflib."""
    from kgtool.query.local import engine_name, run_saved_query, run_saved_query_on_store
    from kgtool.query.registry import find_query
    from kgtool.store.cache import open_store
    from kgtool.store.dataset import find_root, source_files

    project = Path(root).resolve() if root is not None else find_root()
    saved = find_query(project, name)
    values = {key: str(value) for key, value in params.items()}
    if engine_name(engine) == "oxigraph":
        return run_saved_query_on_store(saved, values, lang, store=open_store(project, source_files(project)))
    return run_saved_query(saved, values, lang=lang, dataset=load_dataset(project))


def _python(term: Node | None, plain: Any) -> object:
    """A cell of a DataFrame: a literal's Python value, an IRI's or blank node's string, None."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | bool | str) else plain(term)
    return str(term)
