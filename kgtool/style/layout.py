"""Which data file each kind of entity lives in, and how entities are grouped inside it."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kgtool.namespaces import CU
from kgtool.store.dataset import label_of

FILES: dict[str, tuple[str, tuple[URIRef, ...]]] = {
    "novels.ttl": (
        "Written works by Michael Connelly: novels, novellas, collections, short stories, non-fiction",
        (CU.Novel, CU.Novella, CU.StoryCollection, CU.NonFictionBook, CU.ShortStory),
    ),
    "publications.ttl": (
        "Anthologies and periodicals in which works of Michael Connelly first appeared",
        (CU.Anthology, CU.Periodical),
    ),
    "book-series.ttl": ("Book series", (CU.BookSeries,)),
    "characters.ttl": ("Fictional characters, shared by the books and the screen works", (CU.Character,)),
    "series.ttl": ("TV series and their seasons", (CU.TVSeries, CU.Season)),
    "episodes.ttl": ("Episodes of the TV series, season by season", (CU.Episode,)),
    "films.ttl": ("Films", (CU.Film,)),
    "people.ttl": ("Real people: authors, actors, creators, showrunners, directors, producers", (CU.Person,)),
    "roles.ttl": ("Cast roles: actor, character, work and seasons", (CU.CastRole,)),
    "awards.ttl": ("Awards and the works and people nominated for them or winning them", (CU.Award, CU.AwardResult)),
    "organisations.ttl": (
        "Organisations: broadcasters and publishers",
        (CU.Broadcaster, CU.Publisher, CU.Organization),
    ),
}

_BOOK_KINDS = {
    CU.Novel: "Novels",
    CU.Novella: "Novellas",
    CU.StoryCollection: "Short-story collections",
    CU.NonFictionBook: "Non-fiction",
    CU.ShortStory: "Short stories",
}


def file_for(graph: Graph, subject: URIRef) -> str | None:
    """The data file name an entity belongs in, from its class."""
    types = set(graph.objects(subject, RDF.type))
    for name, (_, classes) in FILES.items():
        if types & set(classes):
            return name
    return None


def group_key(graph: Graph, subject: URIRef) -> tuple[tuple, str]:
    """``(sort key, comment)`` of the group an entity is written under."""
    types = set(graph.objects(subject, RDF.type))
    for order, (kind, name) in enumerate(_BOOK_KINDS.items()):
        if kind in types:
            year = str(graph.value(subject, CU.publicationYear) or "")
            decade = f"{year[:3]}0s" if year else "unknown decade"
            return ((order, decade), f"{name}, first published in the {decade}")
    if CU.TVSeries in types or CU.Season in types:
        series = graph.value(subject, CU.seasonOf) or subject
        premiere = str(graph.value(series, CU.premiereDate) or "")
        return ((premiere, str(series)), f"{label_of(graph, series)} (TV series) and its seasons")
    if CU.Episode in types:
        season = graph.value(subject, CU.episodeOf)
        series = graph.value(season, CU.seasonOf) if season is not None else None
        number = graph.value(season, CU.seasonNumber) if season is not None else None
        premiere = str(graph.value(series, CU.premiereDate) or "") if series is not None else ""
        name = label_of(graph, series) if series is not None else "?"
        return ((premiere, str(series), int(number or 0)), f"{name}, season {number or '?'}: episodes")
    if CU.Award in types:
        return ((0,), "Awards")
    if CU.AwardResult in types:
        year = str(graph.value(subject, CU.awardYear) or "")
        return ((1, year[:3]), f"Award results of the {year[:3]}0s" if year else "Award results")
    if CU.CastRole in types:
        work = graph.value(subject, CU.work)
        kind = "film" if work is not None and (work, RDF.type, CU.Film) in graph else "TV series"
        return ((kind, str(work)), f"Cast of {label_of(graph, work) if work is not None else '?'} ({kind})")
    if CU.Character in types:
        if (subject, CU.screenOnly, Literal(True)) in graph:
            return ((1,), "Characters created for the screen (in no novel)")
        return ((0,), "Characters of the novels (and of the screen works that portray them)")
    if CU.Broadcaster in types:
        return ((0,), "Networks and streaming platforms")
    if CU.Publisher in types:
        return ((1,), "Publishers")
    title = FILES.get(file_for(graph, subject) or "", ("Entities",))[0]
    return ((9,), title)
