"""kgtool query and queries: saved queries, parameters by label/CURIE/IRI, languages, formats, errors."""

import csv
import io
import json

import pytest

from conftest import FIXTURES
from helpers import RES, SEED_ROLES, pairs, rows

CONTRACT = {
    "cast": ({"series": "Ballard"}, {"actorName", "characterName", "seasons"}),
    "roles": ({"actor": "Titus Welliver"}, {"workTitle", "characterName"}),
    "appearances": ({"character": "Harry Bosch"}, {"workTitle", "workType", "actorName"}),
    "adaptations": ({}, {"workTitle", "seasonNumber", "novelTitle"}),
    "novels": ({}, {"title", "year", "seriesName", "position", "titleFr"}),
    "spinoffs": ({}, {"seriesTitle", "parentTitle"}),
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_queries_have_their_columns(dataset, name):
    params, columns = CONTRACT[name]
    table = rows(dataset, name, **params)
    assert table
    assert columns <= set(table[0])


def test_queries_lists_every_saved_query_with_parameters(kgtool):
    run = kgtool("queries")
    assert run.code == 0
    for name in CONTRACT:
        assert name in run.out
    assert "series (required; cu:TVSeries or cu:Film)" in run.out


def test_query_help_shows_summary_and_parameters(kgtool):
    run = kgtool("query", "cast", "--help")
    assert run.code == 0
    assert "Who plays whom" in run.out
    assert "series (required" in run.out


@pytest.mark.parametrize(
    "value",
    ["ballard", "BALLARD", "Ballard", "res:series/ballard", f"{RES}series/ballard", f"<{RES}series/ballard>"],
)
def test_series_parameter_accepts_label_curie_and_iri(dataset, value):
    table = rows(dataset, "cast", series=value)
    assert ("Maggie Q", "Renée Ballard") in pairs(table, "actorName", "characterName")


def test_french_title_and_accents_resolve_to_the_series(dataset):
    table = rows(dataset, "cast", series="harry bosch")
    assert ("Titus Welliver", "Harry Bosch") in pairs(table, "actorName", "characterName")
    assert ("Sarah Clarke", "Eleanor Wish") in pairs(table, "actorName", "characterName")
    accentless = rows(dataset, "appearances", character="renee ballard")
    assert ("Ballard", "series", "Maggie Q") in pairs(accentless, "workTitle", "workType", "actorName")


def test_lang_fr_returns_french_titles_with_english_fallback(dataset):
    table = rows(dataset, "novels", lang="fr", series="res:book-series/renee-ballard")
    titles = {row["title"] for row in table}
    assert "Les Ténèbres et la Nuit" in titles
    assert "L'Étoile du désert" in titles
    roles = rows(dataset, "roles", lang="fr", actor="Titus Welliver")
    assert "Harry Bosch" in {row["workTitle"] for row in roles}  # the French title of Bosch
    assert "Bosch: Legacy" in {row["workTitle"] for row in roles}  # no French title: English


def test_ambiguous_label_lists_the_candidates(kgtool):
    run = kgtool("query", "cast", "--param", "series=The Lincoln Lawyer")
    assert run.code == 2
    assert "ambiguous" in run.err
    assert f"{RES}film/the-lincoln-lawyer" in run.err
    assert f"{RES}series/the-lincoln-lawyer" in run.err


def test_unknown_label_suggests_the_closest(kgtool):
    run = kgtool("query", "cast", "--param", "series=Balard")
    assert run.code == 2
    assert "closest labels: Ballard" in run.err


def test_missing_and_unknown_parameters_list_the_parameters(kgtool):
    missing = kgtool("query", "cast")
    assert missing.code == 2
    assert "needs series" in missing.err
    unknown = kgtool("query", "cast", "--param", "serie=Ballard")
    assert unknown.code == 2
    assert "no parameter 'serie'" in unknown.err
    assert "series (required" in unknown.err


def test_unknown_query_suggests_close_names(kgtool):
    run = kgtool("query", "cst")
    assert run.code == 2
    assert "did you mean: cast" in run.err


def test_injection_attempt_is_only_a_label_that_matches_nothing(kgtool, dataset):
    before = len(dataset.graph)
    run = kgtool("query", "cast", "--param", 'series=x" } ; DROP ALL ; #')
    assert run.code == 2
    assert "matches no" in run.err
    assert len(dataset.graph) == before


def test_injection_in_a_literal_parameter_is_escaped(dataset):
    # lang is a literal parameter: a hostile value is bound as a string, never parsed as SPARQL
    table = rows(dataset, "spinoffs", lang='fr" } DROP ALL #')
    assert ("Ballard", "Bosch: Legacy") in pairs(table, "seriesTitle", "parentTitle")


def test_update_query_is_refused(kgtool):
    run = kgtool("query", str(FIXTURES / "update.rq"))
    assert run.code == 2
    assert "is a SPARQL update" in run.err


def test_syntax_error_reports_line_and_column(kgtool):
    run = kgtool("query", str(FIXTURES / "syntax-error.rq"))
    assert run.code == 2
    assert "syntax-error.rq:5:" in run.err


def test_json_format_is_sparql_results_json_with_the_article_roles(kgtool):
    run = kgtool("query", "cast", "--param", "series=ballard", "--format", "json")
    assert run.code == 0
    document = json.loads(run.out)
    assert {"actorName", "characterName", "seasons"} <= set(document["head"]["vars"])
    found = {(b["actorName"]["value"], b["characterName"]["value"]) for b in document["results"]["bindings"]}
    assert set(SEED_ROLES) <= found
    binding = document["results"]["bindings"][0]
    assert binding["actor"]["type"] == "uri"
    assert binding["actorName"]["xml:lang"] == "en"


def test_csv_and_tsv_formats(kgtool):
    run = kgtool("query", "spinoffs", "--format", "csv")
    assert run.code == 0
    table = list(csv.DictReader(io.StringIO(run.out)))
    assert {"seriesTitle": "Bosch: Legacy", "parentTitle": "Bosch"}.items() <= table[0].items()
    tsv = kgtool("query", "spinoffs", "--format", "tsv")
    header, first = tsv.out.splitlines()[:2]
    assert header.split("\t")[:2] == ["?seriesTitle", "?parentTitle"]
    assert first.split("\t")[0] == '"Bosch: Legacy"@en'
    assert first.split("\t")[-1] == f"<{RES}series/bosch>"


def test_table_format_for_people(kgtool):
    run = kgtool("query", "cast", "--param", "series=Ballard")
    assert run.code == 0
    header = run.out.splitlines()[0].split()
    assert header[:3] == ["actorName", "characterName", "seasons"]
    assert "res:person/maggie-q" in run.out
    assert run.out.rstrip().endswith("rows)")
