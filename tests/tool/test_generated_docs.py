"""The generated pages of the manual (``python -m kgtool.docs``) agree with the parser and the queries, and the
README stays a short front door that links into the manual."""

from __future__ import annotations

import re

import pytest
import yaml

from kgtool.cli import CommandParser, build_parser
from kgtool.docs import CATALOGUE, REFERENCE, catalogue, commands, main, option_names, reference
from kgtool.query.registry import registry

from conftest import ROOT

PARSER = build_parser()


def test_the_cli_reference_is_current():
    assert (ROOT / REFERENCE).read_text(encoding="utf-8") == reference(), (
        "docs/cli.md and the parser disagree: run 'python -m kgtool.docs'"
    )


def test_the_query_catalogue_is_current():
    assert (ROOT / CATALOGUE).read_text(encoding="utf-8") == catalogue(ROOT), (
        "docs/query-catalogue.md and the queries' headers disagree: run 'python -m kgtool.docs'"
    )


@pytest.mark.parametrize("name", sorted(commands(PARSER)))
def test_every_command_and_option_is_in_the_reference(name):
    page = (ROOT / REFERENCE).read_text(encoding="utf-8")
    section = page.split(f"## `kgtool {name}`\n", 1)[1].split("\n## ", 1)[0]
    for option in option_names(commands(PARSER)[name]):
        assert f"`{option}`" in section, f"kgtool {name} {option} is not in docs/cli.md"


def test_a_new_option_makes_the_reference_stale():
    parser = build_parser()
    commands(parser)["stats"].add_argument("--by-file", action="store_true", help="counts per data file")
    assert "`--by-file`" in reference(parser) and reference(parser) != reference()


def test_every_saved_query_is_in_the_catalogue():
    page = (ROOT / CATALOGUE).read_text(encoding="utf-8")
    for name, query in registry(ROOT).items():
        assert f"\n## {name}\n" in page and query.summary in page


def test_the_check_fails_on_a_stale_page(tmp_path, monkeypatch, capsys):
    for folder in ("ontology", "data", "queries", "checks"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    (tmp_path / "docs").mkdir()
    monkeypatch.setenv("KGTOOL_ROOT", str(tmp_path))
    assert main(["--check"]) == 1
    assert "out of date: docs/cli.md, docs/query-catalogue.md" in capsys.readouterr().err
    assert main([]) == 0
    assert main(["--check"]) == 0


def test_the_nav_lists_pages_that_exist():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    pages = []

    def walk(entries):
        for entry in entries:
            for value in entry.values() if isinstance(entry, dict) else [entry]:
                walk(value) if isinstance(value, list) else pages.append(value)

    walk(config["nav"])
    generated = {"performance-results.md", "contributing-data.md"}  # added by docs/hooks.py
    missing = [p for p in pages if p not in generated and not (ROOT / "docs" / p).is_file()]
    assert not missing
    for page in ("site.md", "validation.md", "guarantees.md", "reconcile.md", "releases.md", "cli.md", "api.md"):
        assert page in pages


def test_the_readme_is_a_short_front_door():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < 10_000
    links = set(re.findall(r"\]\((docs/[\w.-]+\.md)\)", readme))
    assert {"docs/cli.md", "docs/api.md", "docs/data-model.md", "docs/queries.md"} <= links
    for link in links:
        assert (ROOT / link).is_file(), link
    assert re.search(r"takes \*\*\d+ s\*\* of wall time", readme), "the README states the suite's wall time"


def test_reference_rows_describe_choices_and_flags():
    parser = CommandParser(prog="demo")
    parser.add_argument("--colour", choices=("red", "blue"), default="red", help="a colour (%(default)s)")
    parser.add_argument("--quiet", action="store_true")
    text = reference(parser)
    assert "| `--colour` | `red` \\| `blue` | `red` | a colour (red) |" in text
    assert "| `--quiet` | (flag) |  |  |" in text


def test_the_reference_reads_no_private_name_of_argparse():
    for module in ("docs.py", "cli.py"):
        source = (ROOT / "kgtool" / module).read_text(encoding="utf-8")
        assert not re.search(r"\._[a-z]", source), f"kgtool/{module} uses a private name"
