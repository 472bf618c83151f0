"""Generate synthetic Connelly-shaped universes for benchmarks.

Each "franchise" is a TV series with its seasons, a book series with its novels, characters, people
and cast roles, written with the real ontology's terms so that the real shapes and queries apply, and
conforming to the shapes (a benchmark of validation should measure work, not a flood of violations).

    python bench/generate.py 100000 > /tmp/universe-100k.ttl
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator

HEADER = """@base <https://w3id.org/connelly/resource/> .
@prefix cu: <https://w3id.org/connelly/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

SEASONS = 5
NOVELS = 10
CHARACTERS = 10
PEOPLE = 12
TRIPLES_PER_FRANCHISE = 359  # measured: triples per franchise, spin-off links included


def franchise(index: int, rng: random.Random) -> Iterator[str]:
    """The Turtle blocks of one synthetic franchise."""
    f = f"f{index}"
    src = f"<https://example.org/sources/{f}>"
    year = 1990 + index % 35
    characters = [f"<character/{f}-c{i}>" for i in range(CHARACTERS)]
    people = [f"<person/{f}-p{i}>" for i in range(PEOPLE)]
    novels = [f"<novel/{f}-n{i}>" for i in range(NOVELS)]
    seasons = [f"<series/{f}/season-{n}>" for n in range(1, SEASONS + 1)]
    yield (
        f'<series/{f}> a cu:TVSeries ; rdfs:label "Series {index}"@en , "Série {index}"@fr ;\n'
        f'    cu:platform <org/prime-video> ; cu:premiereDate "{year + 1}-02-06"^^xsd:date ;\n'
        f"    cu:numberOfSeasons {SEASONS} ; cu:numberOfEpisodes {SEASONS * 10} ; cu:creator {people[0]} ;\n"
        + (f"    cu:spinOffOf <series/f{index - 1}> ;\n" if index % 3 else "")
        + f"    dcterms:source {src} ."
    )
    for number, season in enumerate(seasons, start=1):
        based = " , ".join(rng.sample(novels, 2))
        yield (
            f'{season} a cu:Season ; rdfs:label "Series {index}, season {number}"@en ;\n'
            f"    cu:seasonOf <series/{f}> ; cu:seasonNumber {number} ; cu:numberOfEpisodes 10 ;\n"
            f'    cu:premiereDate "{year + number}-04-1{number % 10}"^^xsd:date ; cu:basedOn {based} ;\n'
            f"    cu:platform <org/prime-video> ; dcterms:source {src} ."
        )
    yield (
        f'<book-series/{f}> a cu:BookSeries ; rdfs:label "Book series {index}"@en ;\n'
        f"    cu:protagonist {characters[0]} ; dcterms:source {src} ."
    )
    for position, novel in enumerate(novels, start=1):
        featured = " , ".join(rng.sample(characters, 3))
        yield (
            f'{novel} a cu:Novel ; rdfs:label "Novel {index}.{position}"@en , "Roman {index}.{position}"@fr ;\n'
            f'    cu:publicationYear "{year + position}"^^xsd:gYear ; cu:author <person/michael-connelly> ;\n'
            f"    cu:seriesEntry [ cu:inSeries <book-series/{f}> ; cu:position {position} ] ;\n"
            f"    cu:features {featured} ; dcterms:source {src} ."
        )
    for i, character in enumerate(characters):
        yield (
            f'{character} a cu:Character ; rdfs:label "Character {index}.{i}"@en ;\n'
            f"    cu:firstAppearance {novels[i % NOVELS]} ; dcterms:source {src} ."
        )
    for i, person in enumerate(people):
        yield f'{person} a cu:Person ; rdfs:label "Person {index}.{i}"@en ; dcterms:source {src} .'
    for i, person in enumerate(people[1:], start=1):
        character = characters[i % CHARACTERS]
        in_seasons = " , ".join(rng.sample(seasons, 2))
        category = ("cu:MainCast", "cu:RecurringCast", "cu:GuestCast")[i % 3]
        yield (
            f'<role/{f}/r{i}> a cu:CastRole ; rdfs:label "Role {index}.{i}"@en ;\n'
            f"    cu:actor {person} ; cu:character {character} ; cu:work <series/{f}> ;\n"
            f"    cu:inSeason {in_seasons} ; cu:castCategory {category} ; dcterms:source {src} ."
        )


def universe(triples: int, seed: int = 1) -> str:
    """A Turtle document of about ``triples`` triples (plus the shared entities it refers to)."""
    rng = random.Random(seed)
    count = max(1, round(triples / TRIPLES_PER_FRANCHISE))
    blocks = [
        HEADER,
        '<person/michael-connelly> a cu:Person ; rdfs:label "Michael Connelly"@en ; '
        "dcterms:source <https://example.org/sources/connelly> .",
        '<org/prime-video> a cu:Broadcaster ; rdfs:label "Prime Video"@en ; '
        "dcterms:source <https://example.org/sources/prime-video> .",
    ]
    for index in range(count):
        blocks.extend(franchise(index, rng))
    return "\n\n".join(blocks) + "\n"


def main() -> int:
    """Write a universe of the requested size to stdout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("triples", type=int, help="approximate number of triples")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.stdout.write(universe(args.triples, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
