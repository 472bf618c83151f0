"""A picture of the franchise (``kgtool diagram``): Mermaid for the README, Graphviz DOT for anything else.

The picture shows every TV series as a box holding its seasons, the spin-off relations between series,
each season and film pointing at the books it adapts, and (optionally) the characters who appear in
more than one series or film, linked to each of them. It is computed from the graph, so the README's
copy can be regenerated at any time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kgtool.errors import UsageError
from kgtool.namespaces import CU, RES
from kgtool.store.dataset import label_of

FORMATS = ("mermaid", "dot")


@dataclass(frozen=True)
class Node:
    """A box in the picture: a stable id, its text and its kind (series, season, film, book, character)."""

    key: str
    text: str
    kind: str


@dataclass
class Franchise:
    """What the picture shows, independent of the drawing language."""

    series: list[Node] = field(default_factory=list)
    seasons: dict[str, list[Node]] = field(default_factory=dict)
    films: list[Node] = field(default_factory=list)
    books: list[Node] = field(default_factory=list)
    characters: list[Node] = field(default_factory=list)
    spin_offs: list[tuple[str, str]] = field(default_factory=list)
    adaptations: list[tuple[str, str]] = field(default_factory=list)
    appearances: list[tuple[str, str]] = field(default_factory=list)


def franchise(graph: Graph, characters: bool = False) -> Franchise:
    """Read the series, seasons, films, adapted books, spin-offs and (optionally) crossing characters."""
    picture = Franchise()
    for series in sorted(graph.subjects(RDF.type, CU.TVSeries), key=lambda s: _start(graph, s)):
        picture.series.append(Node(_key(series), _series_text(graph, series), "series"))
        seasons = sorted(graph.subjects(CU.seasonOf, series), key=lambda s: _number(graph, s))
        picture.seasons[_key(series)] = [Node(_key(s), _season_text(graph, s), "season") for s in seasons]
        picture.spin_offs += [(_key(series), _key(parent)) for parent in sorted(graph.objects(series, CU.spinOffOf))]
    for film in sorted(graph.subjects(RDF.type, CU.Film), key=lambda f: _start(graph, f)):
        picture.films.append(Node(_key(film), _film_text(graph, film), "film"))
    books: set[URIRef] = set()
    for work, book in sorted(graph.subject_objects(CU.basedOn)):
        picture.adaptations.append((_key(work), _key(book)))
        books.add(book)
    for book in sorted(books, key=lambda b: (str(graph.value(b, CU.publicationYear)), str(b))):
        picture.books.append(Node(_key(book), _book_text(graph, book), "book"))
    if characters:
        _add_characters(graph, picture)
    return picture


def render(picture: Franchise, fmt: str) -> str:
    """The picture in ``fmt`` (``mermaid`` or ``dot``)."""
    if fmt == "mermaid":
        return mermaid(picture)
    if fmt == "dot":
        return dot(picture)
    raise UsageError(f"unknown diagram format {fmt!r}; choose one of {', '.join(FORMATS)}")


def mermaid(picture: Franchise) -> str:
    """A Mermaid flowchart (GitHub renders it in a ```mermaid block)."""
    lines = ["flowchart LR"]
    for series in picture.series:
        seasons = picture.seasons[series.key]
        if not seasons:
            lines.append(f"  {series.key}{_mermaid_shape(series)}")
            continue
        lines.append(f'  subgraph {series.key}["{_mermaid_text(series.text)}"]')
        lines += [f"    {season.key}{_mermaid_shape(season)}" for season in seasons]
        lines.append("  end")
    for node in [*picture.films, *picture.books, *picture.characters]:
        lines.append(f"  {node.key}{_mermaid_shape(node)}")
    lines += [f"  {child} -.->|spin-off of| {parent}" for child, parent in picture.spin_offs]
    lines += [f"  {work} --> {book}" for work, book in picture.adaptations]
    lines += [f"  {character} -.- {work}" for character, work in picture.appearances]
    for kind, style in _STYLES.items():
        members = [n.key for n in _nodes(picture) if n.kind == kind]
        if members:
            lines.append(f"  classDef {kind} {style}")
            lines.append(f"  class {','.join(members)} {kind}")
    return "\n".join(lines) + "\n"


def dot(picture: Franchise) -> str:
    """A Graphviz digraph; each series is a cluster holding the series and its seasons."""
    lines = ["digraph connelly {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=11];']
    for series in picture.series:
        lines.append(f"  subgraph cluster_{series.key} {{")
        lines.append('    style=rounded; color="#888888"; label="";')
        lines.append(f'    {series.key} [label="{_dot_text(series.text)}", shape=box, style=bold];')
        for season in picture.seasons[series.key]:
            lines.append(f'    {season.key} [label="{_dot_text(season.text)}", shape=box];')
        lines.append("  }")
    shapes = {"film": "box, style=rounded", "book": "note", "character": "ellipse"}
    for node in [*picture.films, *picture.books, *picture.characters]:
        lines.append(f'  {node.key} [label="{_dot_text(node.text)}", shape={shapes[node.kind]}];')
    lines += [f'  {child} -> {parent} [style=dashed, label="spin-off of"];' for child, parent in picture.spin_offs]
    lines += [f"  {work} -> {book};" for work, book in picture.adaptations]
    lines += [f"  {character} -> {work} [style=dotted, arrowhead=none];" for character, work in picture.appearances]
    lines.append("}")
    return "\n".join(lines) + "\n"


_STYLES = {
    "season": "fill:#e8f0fe,stroke:#4a6fa5",
    "film": "fill:#fdebd0,stroke:#b9770e",
    "book": "fill:#eafaf1,stroke:#1e8449",
    "character": "fill:#f5eef8,stroke:#7d3c98",
}

_MERMAID_SHAPES = {
    "series": '["{}"]',
    "season": '["{}"]',
    "film": '(["{}"])',
    "book": '("{}")',
    "character": '{{"{}"}}',
}


def _add_characters(graph: Graph, picture: Franchise) -> None:
    works: dict[URIRef, set[URIRef]] = defaultdict(set)
    for role in graph.subjects(RDF.type, CU.CastRole):
        character, work = graph.value(role, CU.character), graph.value(role, CU.work)
        if isinstance(character, URIRef) and isinstance(work, URIRef):
            works[character].add(work)
    crossing = sorted((c for c, w in works.items() if len(w) > 1), key=lambda c: label_of(graph, c))
    for character in crossing:
        picture.characters.append(Node(_key(character), label_of(graph, character), "character"))
        picture.appearances += [(_key(character), _key(work)) for work in sorted(works[character])]


def _nodes(picture: Franchise) -> list[Node]:
    seasons = [season for group in picture.seasons.values() for season in group]
    return [*picture.series, *seasons, *picture.films, *picture.books, *picture.characters]


def _key(node: object) -> str:
    """A drawing-language id from the IRI: ``series/bosch/season-1`` gives ``series_bosch_season_1``."""
    text = str(node).removeprefix(str(RES))
    return "".join(ch if ch.isalnum() else "_" for ch in text)


def _start(graph: Graph, work: object) -> tuple[str, str]:
    date = graph.value(work, CU.premiereDate) or graph.value(work, CU.releaseYear)
    return (str(date) if date is not None else "9999", str(work))


def _number(graph: Graph, season: object) -> int:
    value = graph.value(season, CU.seasonNumber)
    return int(value) if isinstance(value, Literal) else 0


def _year(value: object) -> str:
    return str(value)[:4] if value is not None else ""


def _series_text(graph: Graph, series: object) -> str:
    start, end = graph.value(series, CU.premiereDate), graph.value(series, CU.endDate)
    if start is None:
        status = graph.value(series, CU.status)
        return f"{label_of(graph, series)} ({label_of(graph, status)})" if status else label_of(graph, series)
    return f"{label_of(graph, series)} ({_year(start)}–{_year(end)})"


def _season_text(graph: Graph, season: object) -> str:
    number, start = graph.value(season, CU.seasonNumber), graph.value(season, CU.premiereDate)
    return f"season {number}" + (f" ({_year(start)})" if start is not None else "")


def _film_text(graph: Graph, film: object) -> str:
    year = graph.value(film, CU.releaseYear) or graph.value(film, CU.premiereDate)
    status = graph.value(film, CU.status)
    when = _year(year) if year is not None else label_of(graph, status) if status is not None else ""
    return f"{label_of(graph, film)} (film{', ' + when if when else ''})"


def _book_text(graph: Graph, book: object) -> str:
    year = graph.value(book, CU.publicationYear)
    return f"{label_of(graph, book)}" + (f" ({year})" if year is not None else "")


def _mermaid_shape(node: Node) -> str:
    return _MERMAID_SHAPES[node.kind].format(_mermaid_text(node.text))


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
