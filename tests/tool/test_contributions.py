"""A corpus of realistic contributions: each bad file is one mistake a contributor makes.

Every bad contribution fails with the right message, located on the file and line where the entity is
written; delta validation (``kgtool check``) finds exactly what full validation finds on the entities
the change touches; the good contribution passes both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from reference_delta import candidate_delta, validate_delta

from kgtool.validate.engine import validate_dataset

from conftest import FIXTURES
from helpers import load_copy

BAD = FIXTURES / "bad"
SHAPES = "https://w3id.org/connelly/shapes#"


@dataclass(frozen=True)
class Mistake:
    """What a bad fixture must produce, as its header states it: the check that catches it (a check of checks/,
    ``shapes:NAME`` for a SHACL shape, or ``exit 2`` for a file kgtool cannot read), its message and line."""

    file: str
    check: str
    message: str
    line: int
    also: tuple[int, ...] = ()  # the lines of other entities the same mistake is reported on
    code: int = 1
    """The exit code of ``kgtool check`` (0: the check is a warning in checks/profile.yaml)."""


WARNINGS = yaml.safe_load((FIXTURES.parent.parent / "checks" / "profile.yaml").read_text(encoding="utf-8"))
"""The severity of each check of checks/: a warning does not fail kgtool check."""

_EXPECT = re.compile(r"^# Expect: (?P<check>.+?) at lines? (?P<lines>\d+(?:, \d+)*): (?P<message>.+)$")


def expected_mistakes(path: Path) -> list[Mistake]:
    """The ``# Expect: CHECK at line N: MESSAGE`` lines of a fixture's header (the comments before its first
    directive); ``at lines N, M`` when the mistake is reported on several entities."""
    found = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.startswith("#"):
            break
        if match := _EXPECT.match(text):
            check = match["check"].replace("shapes:", SHAPES)
            first, *others = (int(n) for n in match["lines"].split(", "))
            code = 0 if WARNINGS.get(check) == "warning" else 1
            found.append(Mistake(path.name, check, match["message"], first, tuple(others), code))
    return found


MISTAKES = [m for path in sorted(BAD.glob("*.ttl")) for m in expected_mistakes(path)]
UNREADABLE = "exit 2"


FULL = [
    "dangling-reference.ttl",
    "duplicate-novel.ttl",
    "language-tag-english.ttl",
    "second-publication-year.ttl",
    "season-episode-count.ttl",
    "shared-identifier.ttl",
]
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
            full = validate_dataset(load_copy(extra=[path]), shapes) if name in FULL else None
            cache[name] = (validate_delta(dataset, shapes, delta), delta.focus, full)
        return cache[name]

    return get


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m.file}:{m.check.rsplit('#')[-1]}")
def test_bad_contribution_fails_with_its_message_on_its_line(reports, kgtool, mistake):
    """Each bad fixture fails as its header says: with its check's message, on the line of its entity
    (delta and, for :data:`FULL`, full validation); an unreadable file exits 2 with one line naming file:line."""
    if mistake.check == UNREADABLE:
        for command in ("validate", "check"):
            run = kgtool(command, str(BAD / mistake.file))
            assert (run.code, run.out) == (2, "")
            assert run.err == f"kgtool: error: tests/fixtures/bad/{mistake.file}:{mistake.line}: {mistake.message}\n"
        return
    delta, _, full = reports(mistake.file)
    for report in (delta, full) if full else (delta,):
        assert report.exit_code() == mistake.code
        hits = [f for f in report.findings if f.check == mistake.check and mistake.message in f.message]
        assert hits, [(f.check, f.message) for f in report.findings]
        expected = {(f"tests/fixtures/bad/{mistake.file}", line) for line in (mistake.line, *mistake.also)}
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
    assert validate_dataset(load_copy(extra=[good]), shapes).findings == []


def test_every_bad_fixture_states_its_expected_finding():
    assert {m.file for m in MISTAKES} == {p.name for p in BAD.glob("*.ttl")}
    assert len(MISTAKES) >= 17 and any(m.check == UNREADABLE for m in MISTAKES)


def test_a_fixture_header_is_read(tmp_path):
    fixture = tmp_path / "example.ttl"
    fixture.write_text(
        "# Mistake: an example.\n# Expect: shapes:BookShape at line 9: A book needs a year.\n"
        "@base <https://w3id.org/connelly/resource/> .\n# Expect: not-a-header at line 1: ignored\n"
    )
    assert expected_mistakes(fixture) == [Mistake("example.ttl", SHAPES + "BookShape", "A book needs a year.", 9)]


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
        "tests/fixtures/bad/typo-predicate.ttl:8: Ballard, season 3 "
        "<https://w3id.org/connelly/resource/series/ballard/season-3>"
    )
    assert run.out.splitlines()[-1].startswith(
        "+6 triples, \u22120 triples, 1 new entity, 1 violation in 1 entity (tests/fixtures/bad/typo-predicate.ttl); "
    )
