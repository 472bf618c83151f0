"""kgtool validate: the shipped data conforms; broken input is reported with file, line and exit code."""

import json

import rdflib
from pyshacl import validate

from kgtool.validate.engine import validate_dataset

from conftest import FIXTURES, ROOT, run_process


def test_shipped_data_conforms(dataset, shapes):
    report = validate_dataset(dataset, shapes)
    assert report.findings == [], [f.message for f in report.findings]
    assert report.exit_code() == 0


def test_validate_command_passes_on_shipped_data(kgtool):
    run = kgtool("validate")
    assert run.code == 0
    assert "conforms" in run.out


def test_shapes_graph_is_valid_shacl(shapes):
    conforms, _, text = validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_broken_turtle_names_file_and_line_and_exits_2(kgtool):
    run = kgtool("validate", str(FIXTURES / "broken.ttl"))
    assert run.code == 2
    assert "broken.ttl:8:" in run.err
    assert "Turtle syntax error" in run.err


def test_broken_turtle_in_a_real_process_gives_no_traceback():
    run = run_process("validate", str(FIXTURES / "broken.ttl"))
    assert run.code == 2
    assert "Traceback" not in run.err
    assert "broken.ttl:8:" in run.err


def test_missing_file_exits_2(kgtool):
    run = kgtool("validate", "no-such-file.ttl")
    assert run.code == 2
    assert "no-such-file.ttl: no such file" in run.err


def test_role_without_character_exits_1_and_names_the_role(kgtool):
    run = kgtool("validate", str(FIXTURES / "role-without-character.ttl"))
    assert run.code == 1
    assert "role-without-character.ttl:7: Jane Example in Ballard" in run.out
    assert "needs exactly one character" in run.out
    assert "1 violation in 1 entity" in run.out


def test_json_report_locates_the_violation(kgtool):
    run = kgtool("validate", "--format", "json", str(FIXTURES / "role-without-character.ttl"))
    assert run.code == 1
    report = json.loads(run.out)
    assert report["conforms"] is False
    [result] = report["results"]
    assert result["entity"] == "https://w3id.org/connelly/resource/role/ballard/someone-unnamed"
    assert result["line"] == 7
    assert result["path"] == "https://w3id.org/connelly/ontology#character"


def test_github_report_is_an_annotation_on_the_line(kgtool):
    run = kgtool("validate", "--format", "github", str(FIXTURES / "role-without-character.ttl"))
    assert run.code == 1
    assert run.out.startswith(
        "::error file=tests/fixtures/role-without-character.ttl,line=7,title=cush%3ACastRoleShape::"
        "Jane Example in Ballard: A cast role needs exactly one character"
    )


def test_validate_runs_from_a_subfolder_of_the_checkout(kgtool, monkeypatch):
    monkeypatch.delenv("KGTOOL_ROOT", raising=False)
    monkeypatch.chdir(ROOT / "data")
    run = kgtool("validate")  # the fixture changed to ROOT first; this runs in data/
    assert run.code == 0, run.err
