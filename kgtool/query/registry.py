"""The saved-query registry: grlc-documented ``.rq`` files, their parameters, and running them.

A saved query starts with grlc decorator comments (``#+ summary: …``, ``#+ description: …``,
``#+ tags: …``) and names its parameters ``?_name`` (required) or ``?__name`` (optional), as grlc
does. One decorator of this project's own, ``#+ entity_params:``, maps a parameter to the classes of
entity it names, so that a label can be resolved to the right IRI (``series=ballard``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from kgtool.errors import InputError, UsageError
from kgtool.namespaces import PREFIXES
from kgtool.sparql_text import bind_values, check_query, read_query_file
from kgtool.store.dataset import QUERIES_DIR

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]*")
LEXICAL_FORMS = {
    "xsd:integer": re.compile(r"[+-]?[0-9]+"),
    "xsd:gYear": re.compile(r"-?[0-9]{4,}"),
    "xsd:decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    "xsd:date": re.compile(r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}"),
    "xsd:boolean": re.compile(r"true|false|1|0"),
}
"""The parameter types a query may declare (``#+ param_types: {from: xsd:gYear}``) and their lexical forms."""
_TYPE_NAMES = {
    "xsd:integer": "a whole number",
    "xsd:gYear": "a year such as 2014",
    "xsd:decimal": "a decimal number",
    "xsd:date": "a date such as 2014-02-06",
    "xsd:boolean": "true or false",
}
_PARAM = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*)\b")
LANG_PARAM = "lang"
EXACT_LABEL_LANGUAGES = ("en", "fr")  # the languages the shapes allow labels in
_LABEL_PREFIXES = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)
_LABEL_PATTERN = "?entity a ?class ; rdfs:label|skos:altLabel ?label ."


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its name, whether it is required, and the classes of entity it names."""

    name: str
    required: bool
    classes: tuple[URIRef, ...] = ()
    datatype: str | None = None
    """The XSD datatype its value must have the lexical form of (``#+ param_types:``), if any."""

    @property
    def variable(self) -> str:
        """The SPARQL variable that carries it (``_series`` or ``__lang``)."""
        return ("_" if self.required else "__") + self.name

    def describe(self) -> str:
        """``series (required; a TV series or film)`` and the like."""
        kind = "required" if self.required else "optional"
        if self.classes:
            kind += "; " + " or ".join(_curie(c) for c in self.classes)
        if self.datatype:
            kind += f"; {self.datatype}"
        return f"{self.name} ({kind})"


@dataclass
class SavedQuery:
    """A query file with its grlc documentation."""

    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: list[str] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called ``name``, if the query has one."""
        return next((p for p in self.parameters if p.name == name), None)

    def help(self) -> str:
        """A few lines for ``kgtool query NAME --help``."""
        lines = [f"{self.name}: {self.summary}"]
        if self.description:
            lines += ["", self.description.strip()]
        lines += ["", "parameters:"]
        lines += [f"  {p.describe()}" for p in self.parameters] or ["  (none)"]
        if self.tags:
            lines += ["", "tags: " + ", ".join(self.tags)]
        lines += ["", f"file: {self.path}"]
        return "\n".join(lines)


def parse_saved_query(path: Path, text: str | None = None) -> SavedQuery:
    """Read a query file's grlc decorators and parameters."""
    text = read_query_file(path) if text is None else text
    header = "\n".join(
        line.strip()[2:].removeprefix(" ") for line in text.splitlines() if line.strip().startswith("#+")
    )
    try:
        meta = yaml.safe_load(header) or {} if header else {}
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: malformed '#+' decorator comments: {exc}") from None
    if not isinstance(meta, dict):
        raise InputError(f"{path}: the '#+' decorator comments must be 'key: value' lines")
    entity_params = meta.get("entity_params") or {}
    param_types = meta.get("param_types") or {}
    if not isinstance(param_types, dict) or any(str(t) not in LEXICAL_FORMS for t in param_types.values()):
        raise InputError(f"{path}: param_types maps parameters to one of {', '.join(LEXICAL_FORMS)}")
    parameters: dict[str, Parameter] = {}
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for underscores, name in _PARAM.findall(code):
        if name not in parameters:
            classes = tuple(_expand(c, path) for c in _as_list(entity_params.get(name)))
            datatype = str(param_types[name]) if name in param_types else None
            parameters[name] = Parameter(name, required=underscores == "_", classes=classes, datatype=datatype)
    return SavedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(meta.get("summary", "")).strip(),
        description=str(meta.get("description", "") or ""),
        tags=[str(t) for t in _as_list(meta.get("tags"))],
        parameters=sorted(parameters.values(), key=lambda p: (not p.required, p.name)),
    )


def registry(root: Path) -> dict[str, SavedQuery]:
    """Every saved query in ``root/queries``, by name."""
    return {path.stem: parse_saved_query(path) for path in sorted((root / QUERIES_DIR).glob("*.rq"))}


def find_query(root: Path, name_or_file: str) -> SavedQuery:
    """A saved query by name, or any ``.rq`` file by path; an unknown name suggests the closest."""
    path = Path(name_or_file)
    if path.suffix == ".rq" or path.is_file():
        return parse_saved_query(path)
    saved_file = root / QUERIES_DIR / f"{name_or_file}.rq"
    if saved_file.is_file():  # the common case, without reading every other query
        return parse_saved_query(saved_file)
    saved = registry(root)
    close = difflib.get_close_matches(name_or_file, saved, n=5, cutoff=0.4)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise UsageError(f"no saved query named {name_or_file!r}{hint} (run 'kgtool queries' to list all {len(saved)})")


SelectRunner = Callable[[str], Result]


def bind_parameters(
    query: SavedQuery, given: dict[str, str], select: SelectRunner, lang: str | None = None
) -> dict[str, Node]:
    """Turn ``--param`` strings into RDF terms keyed by SPARQL variable; check names and requirements.

    ``select`` runs a SELECT (locally or on an endpoint); it is used to resolve labels to entities.
    """
    known = {p.name for p in query.parameters}
    for name in given:
        if name not in known:
            raise UsageError(f"query {query.name!r} has no parameter {name!r}; {_param_list(query)}")
    missing = [p.name for p in query.parameters if p.required and p.name not in given]
    if missing:
        raise UsageError(f"query {query.name!r} needs {', '.join(missing)}; {_param_list(query)}")
    bindings: dict[str, Node] = {}
    for parameter in query.parameters:
        if parameter.name in given:
            bindings[parameter.variable] = resolve_value(parameter, given[parameter.name], select)
        elif parameter.name == LANG_PARAM and lang:
            bindings[parameter.variable] = Literal(lang)
    return bindings


def resolve_value(parameter: Parameter, value: str, select: SelectRunner) -> Node:
    """An IRI for an entity parameter (from an IRI, a CURIE or a label), else a plain literal, exactly as given.

    An empty value, an IRI that is not one, a CURIE whose local part is not an IRI's, and a value of a typed
    parameter (``#+ param_types:``) that is not of the type's lexical form are usage errors.
    """
    if value == "":
        raise UsageError(f"--param {parameter.name}= is empty: give a value or leave the parameter out")
    if not parameter.classes:
        form = LEXICAL_FORMS.get(parameter.datatype or "")
        if form is not None and not form.fullmatch(value):
            raise UsageError(f"--param {parameter.name}={value!r}: expected {_TYPE_NAMES[parameter.datatype]}")
        return Literal(value)
    if value.startswith("<") and value.endswith(">"):
        return _iri(parameter, value[1:-1])
    if re.match(r"^https?://", value):
        return _iri(parameter, value)
    prefix, colon, local = value.partition(":")
    if colon and prefix in PREFIXES and " " not in value:
        return _iri(parameter, PREFIXES[prefix] + local)
    return resolve_label(parameter, value, select)


def _iri(parameter: Parameter, text: str) -> URIRef:
    if not _IRI.fullmatch(text):
        raise UsageError(
            f"--param {parameter.name}={text!r}: not a valid IRI (spaces, quotes, <>{{}}|\\^` are not allowed)"
        )
    return URIRef(text)


def resolve_label(parameter: Parameter, label: str, select: SelectRunner) -> URIRef:
    """The one entity of the parameter's classes whose label matches, ignoring case and accents.

    A label given exactly as one entity has it (untagged, or in a language of :data:`EXACT_LABEL_LANGUAGES`)
    names that entity: the store's index finds it, however large the graph. Otherwise every label of the
    classes is read and compared, case and accents ignored (half a second for the 33,000 people of a
    million-triple graph); that comparison also reports an ambiguity or the closest labels.
    """
    exact = {row[0] for row in select(_labels_query(parameter.classes, exactly=label))}
    if len(exact) == 1:
        return exact.pop()
    rows = select(_labels_query(parameter.classes))
    wanted = normalise(label)
    labels: dict[str, set[URIRef]] = {}
    for entity, entity_label in rows:
        labels.setdefault(str(entity_label), set()).add(entity)
    matches = {e for text, entities in labels.items() if normalise(text) == wanted for e in entities}
    kinds = " or ".join(_curie(c) for c in parameter.classes)
    if len(matches) == 1:
        return matches.pop()
    if matches:
        ordered = sorted(matches)
        listed = "; ".join(f"{_curie(e)} <{e}> ({_labels_of(e, labels)})" for e in ordered)
        give = " or ".join(f"--param {parameter.name}={_curie(e)}" for e in ordered)
        raise UsageError(f"{parameter.name}={label!r} is ambiguous: it names {listed}. Give {give} instead.")
    by_norm = {normalise(text): text for text in labels}
    close = [by_norm[n] for n in difflib.get_close_matches(wanted, by_norm, n=5, cutoff=0.5)]
    hint = f"; closest labels: {', '.join(close)}" if close else ""
    raise UsageError(f"{parameter.name}={label!r} matches no {kinds}{hint}")


def _labels_query(classes: tuple[URIRef, ...], exactly: str | None = None) -> str:
    """SELECT each entity of ``classes`` with its labels; or, ``exactly`` given, the entities labelled so.

    The exact lookup starts from the label's forms (a VALUES block) and checks the classes in a FILTER:
    Oxigraph starts from the smallest VALUES block, and from the classes it would read all their entities.
    """
    if exactly is None:
        values = " ".join(f"<{c}>" for c in classes)
        return f"{_LABEL_PREFIXES}SELECT ?entity ?label WHERE {{ VALUES ?class {{ {values} }} {_LABEL_PATTERN} }}"
    forms = " ".join(Literal(exactly, lang=lang).n3() for lang in (None, *EXACT_LABEL_LANGUAGES))
    classes_in = ", ".join(f"<{c}>" for c in classes)
    return (
        f"{_LABEL_PREFIXES}SELECT DISTINCT ?entity WHERE {{ VALUES ?label {{ {forms} }} "
        f"{_LABEL_PATTERN} FILTER (?class IN ({classes_in})) }}"
    )


def normalise(text: str) -> str:
    """Lower-case, accents removed, spaces collapsed: how labels are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def prepare(query: SavedQuery, bindings: dict[str, Node]) -> str:
    """The query text, checked for syntax and refused if it is an update, with the bindings in place."""
    check_query(query.text, str(query.path))
    return bind_values(query.text, bindings)


def _labels_of(entity: URIRef, labels: dict[str, set[URIRef]]) -> str:
    return ", ".join(sorted(text for text, entities in labels.items() if entity in entities))


def _param_list(query: SavedQuery) -> str:
    if not query.parameters:
        return "it takes no parameters"
    return "its parameters: " + ", ".join(p.describe() for p in query.parameters)


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _expand(curie: str, path: Path) -> URIRef:
    prefix, colon, local = str(curie).partition(":")
    if not colon or prefix not in PREFIXES:
        raise InputError(f"{path}: entity_params names {curie!r}, which is not a CURIE with a known prefix")
    return URIRef(PREFIXES[prefix] + local)


def _curie(iri: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(iri).startswith(str(namespace)):
            return f"{prefix}:{str(iri)[len(str(namespace)) :]}"
    return f"<{iri}>"
