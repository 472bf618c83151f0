"""A corpus of realistic contributions: each bad file is one mistake a contributor makes.

Every bad contribution fails with the right message, located on the file and line where the entity is
written; delta validation (``kgtool check``) finds exactly what full validation finds on the entities
the change touches; the good contribution passes both.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from reference_delta import candidate_delta, validate_delta

from kgtool.store.dataset import load_dataset
from kgtool.validate.engine import validate_dataset

from conftest import FIXTURES

BAD = FIXTURES / "bad"
SHAPES = "https://w3id.org/connelly/shapes#"


@dataclass(frozen=True)
class Mistake:
    """What a bad fixture must produce: the check that catches it, its message and the entity's line."""

    file: str
    check: str
    message: str
    line: int
    code: int = 1
    """The exit code of ``kgtool check`` (0: the check is a warning)."""


MISTAKES = [
    Mistake(
        "wrong-datatype.ttl",
        SHAPES + "BookShape",
        'A book needs exactly one publication year, typed "1992"^^xsd:gYear.',
        7,
    ),
    Mistake(
        "typo-predicate.ttl", "unknown-term", "cu:basedon is not a term of the ontology. Did you mean cu:basedOn?", 7
    ),
    Mistake("unknown-class.ttl", "unknown-term", "cu:Sesaon is not a term of the ontology. Did you mean cu:Season?", 7),
    Mistake(
        "season-without-number.ttl",
        SHAPES + "SeasonShape",
        "A season needs exactly one cu:seasonNumber, a positive integer.",
        7,
    ),
    Mistake(
        "role-without-actor.ttl",
        SHAPES + "CastRoleShape",
        "A cast role needs exactly one actor (cu:actor), a cu:Person.",
        7,
    ),
    Mistake(
        "role-work-is-a-person.ttl",
        SHAPES + "CastRoleShape",
        "A cast role needs exactly one work (cu:work): a cu:TVSeries or a cu:Film.",
        7,
    ),
    Mistake("based-on-person.ttl", SHAPES + "ScreenWorkShape", "cu:basedOn must point at a book", 7),
    Mistake(
        "duplicate-novel.ttl",
        "duplicate-label",
        "Another Novel, <novel/the-lincoln-lawyer>, has the same English label",
        8,
    ),
    Mistake(
        "second-publication-year.ttl",
        "duplicate-value",
        "cu:publicationYear takes one value, but this entity has 2",
        7,
    ),
    Mistake("missing-source.ttl", SHAPES + "EntityShape", "Needs at least one dcterms:source", 6),
    Mistake("untyped-without-source.ttl", "missing-source", "Has no dcterms:source", 5),
    Mistake("untyped-without-source.ttl", "missing-type", "Has no rdf:type, so no shape checks it", 5),
    Mistake(
        "language-tag-english.ttl",
        "language-tag",
        "@english is not a language code (BCP 47 language subtags have 2 or 3 letters, as in @en). Write @en.",
        7,
    ),
    Mistake("language-tag-german.ttl", "language-tag", "@de is a language the graph does not hold.", 5),
    Mistake("spin-off-of-itself.ttl", SHAPES + "TVSeriesShape", "A series cannot be a spin-off of itself.", 5),
    Mistake(
        "dangling-reference.ttl",
        "dangling-reference",
        "<character/renee-balard> is not described anywhere in the graph",
        7,
    ),
    Mistake("schema-book.ttl", "unknown-class", "<https://schema.org/Book> is not a class of the ontology", 6),
    Mistake("schema-book.ttl", "missing-source", "Has no dcterms:source", 6),
    Mistake(
        "mistyped-namespace.ttl",
        "unknown-class",
        "<https://w3id.org/connelly/ontologie#Season> is not a class of the ontology",
        7,
    ),
    Mistake("ontology-in-data.ttl", "ontology-statement", "An ontology statement (type Class) in the data", 7),
    Mistake("ontology-in-data.ttl", "ontology-statement", "An ontology statement (subClassOf Work) in the data", 7),
    Mistake(
        "near-duplicate-label.ttl",
        "near-duplicate-label",
        'Another Novel, <novel/the-black-echo>, has the English label "The Black Echo", the same but for case',
        8,
        code=0,
    ),
]


FULL = ["dangling-reference.ttl", "duplicate-novel.ttl", "language-tag-english.ttl", "second-publication-year.ttl"]
"""Fixtures also validated in full (a full validation takes seconds): a check, a global check, a nested
(qualified) shape, and an addition to an existing entity."""


@pytest.fixture(scope="module")
def reports(shapes):
    """Delta (and, for :data:`FULL`, full) validation of a bad fixture, computed once per module.

    Returns ``(delta report, focus, full report or None)``.
    """
    cache = {}

    def get(name: str):
        if name not in cache:
            path = BAD / name
            dataset, delta = candidate_delta([path])
            full = validate_dataset(load_dataset(extra=[path]), shapes) if name in FULL else None
            cache[name] = (validate_delta(dataset, shapes, delta), delta.focus, full)
        return cache[name]

    return get


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m.file}:{m.check.rsplit('#')[-1]}")
def test_bad_contribution_fails_with_its_message_on_its_line(reports, mistake):
    delta, _, full = reports(mistake.file)
    for report in (delta, full) if full else (delta,):
        assert report.exit_code() == mistake.code
        hits = [f for f in report.findings if f.check == mistake.check and mistake.message in f.message]
        assert hits, [(f.check, f.message) for f in report.findings]
        expected = {(f"tests/fixtures/bad/{mistake.file}", mistake.line)}
        assert {(str(f.location.path), f.location.line) for f in hits} == expected


@pytest.mark.parametrize("name", FULL)
def test_delta_equals_full_validation_on_the_entities_the_change_touches(reports, name):
    delta, focus, full = reports(name)
    assert delta.findings == [f for f in full.findings if f.entity in focus]
    assert delta.findings, "a bad contribution must fail delta validation too"


def test_delta_equals_full_validation_on_a_good_contribution(shapes):
    good = FIXTURES / "good" / "ballard-season-3.ttl"
    dataset, delta = candidate_delta([good])
    assert validate_delta(dataset, shapes, delta).findings == []
    assert validate_dataset(load_dataset(extra=[good]), shapes).findings == []


def test_every_bad_fixture_is_in_the_corpus():
    tested = {m.file for m in MISTAKES} | {"broken-turtle.ttl"}
    assert {p.name for p in BAD.glob("*.ttl")} == tested


def test_broken_turtle_exits_2_with_file_and_line(kgtool):
    for command in ("validate", "check"):
        run = kgtool(command, str(BAD / "broken-turtle.ttl"))
        assert run.code == 2
        assert run.err == (
            "kgtool: error: tests/fixtures/bad/broken-turtle.ttl:10: Turtle syntax error: "
            "expected '.' or '}' or ']' at end of statement\n"
        )
        assert run.out == ""


def test_good_season_with_cast_passes_kgtool_check(kgtool):
    good = FIXTURES / "good" / "ballard-season-3.ttl"
    run = kgtool("check", str(good))
    assert run.code == 0
    assert run.out.startswith("+11 triples, \u22120 triples, 1 new entity, 0 violations (")


def test_delta_focus_is_the_touched_entities_and_their_neighbours():
    _, delta = candidate_delta([FIXTURES / "good" / "ballard-season-3.ttl"])
    res = "https://w3id.org/connelly/resource/"
    assert {str(e) for e in delta.touched} == {res + "series/ballard/season-3", res + "role/ballard/renee-ballard"}
    assert {str(e) for e in delta.new_entities} == {res + "series/ballard/season-3"}
    assert {res + "series/ballard", res + "org/prime-video", res + "person/maggie-q"} <= {str(e) for e in delta.focus}
    assert res + "character/harry-bosch" not in {str(e) for e in delta.focus}


def test_check_command_reports_the_change_and_locates_the_finding(kgtool):
    run = kgtool("check", str(BAD / "typo-predicate.ttl"))
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "tests/fixtures/bad/typo-predicate.ttl:7: Ballard, season 3 "
        "<https://w3id.org/connelly/resource/series/ballard/season-3>"
    )
    assert run.out.splitlines()[-1].startswith(
        "+6 triples, \u22120 triples, 1 new entity, 1 violation in 1 entity (tests/fixtures/bad/typo-predicate.ttl); "
    )
