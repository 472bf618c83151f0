"""Validation reports: text grouped by entity, JSON for tools, GitHub annotations, JUnit XML for CI systems."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from junitparser import Failure, JUnitXml
from rdflib import URIRef

from kgtool.store.dataset import Location
from kgtool.validate.findings import Finding, Report
from kgtool.validate.report import render

from conftest import FIXTURES

TYPO = str(FIXTURES / "bad" / "typo-predicate.ttl")
SEASON_3 = "https://w3id.org/connelly/resource/series/ballard/season-3"


def test_junit_report_is_written_to_a_file_and_read_by_a_junit_parser(kgtool, tmp_path):
    out = tmp_path / "report.xml"
    run = kgtool("check", "--format", "junit", "-o", str(out), TYPO)
    assert (run.code, run.out) == (1, "")
    xml = JUnitXml.fromfile(str(out))
    suites = {suite.name: suite for suite in xml}
    assert {"unknown-term", "dangling-reference", "cush:CastRoleShape", "cush:SeasonShape"} <= set(suites)
    assert sum(suite.tests for suite in suites.values()) == int(ET.parse(out).getroot().get("tests"))
    assert int(ET.parse(out).getroot().get("failures")) == 1
    [case] = list(suites["unknown-term"])
    assert case.name == f"Ballard, season 3 <{SEASON_3}>"
    [element] = ET.parse(out).getroot().findall("testsuite[@name='unknown-term']/testcase")
    assert (element.get("file"), element.get("line")) == ("tests/fixtures/bad/typo-predicate.ttl", "8")
    [failure] = case.result
    assert isinstance(failure, Failure)
    assert failure.message == "cu:basedon is not a term of the ontology. Did you mean cu:basedOn?"
    assert failure.text.startswith(f"tests/fixtures/bad/typo-predicate.ttl:8: Ballard, season 3 <{SEASON_3}>: error:")
    passing = list(suites["cush:SeasonShape"])
    assert [(c.name, c.is_passed) for c in passing] == [("cush:SeasonShape: no findings", True)]


def _warning_report() -> Report:
    entity = URIRef(SEASON_3)
    finding = Finding(
        "warning", entity, "Ballard, season 3", "a warning", None, None, "missing-type", Location("data/x.ttl", 3)
    )
    return Report(findings=[finding], checks=["missing-type"])


def test_junit_fails_warnings_only_when_strict():
    lenient = ET.fromstring(render(_warning_report(), "junit"))
    assert lenient.get("failures") == "0"
    assert lenient.find("testsuite/testcase/system-out").text == (
        f"data/x.ttl:3: Ballard, season 3 <{SEASON_3}>: warning: a warning"
    )
    strict = ET.fromstring(render(_warning_report(), "junit", strict=True))
    assert strict.get("failures") == "1"
    assert strict.find("testsuite/testcase/failure").get("type") == "warning"


def test_json_report_carries_the_change_and_the_checks(kgtool):
    run = kgtool("check", "--format", "json", TYPO)
    assert run.code == 1
    report = json.loads(run.out)
    assert report["conforms"] is False
    assert report["change"]["triplesAdded"] == 6
    assert report["change"]["newEntities"] == 1
    assert {"unknown-term", "cush:BookShape"} <= set(report["checks"])
    [result] = report["results"]
    assert (result["file"], result["line"], result["check"]) == (
        "tests/fixtures/bad/typo-predicate.ttl",
        8,
        "unknown-term",
    )
    assert result["path"] == "https://w3id.org/connelly/ontology#basedon"


def test_text_report_groups_findings_by_entity_in_file_order(kgtool, tmp_path):
    candidate = tmp_path / "two.ttl"
    candidate.write_text(
        "@base <https://w3id.org/connelly/resource/> .\n"
        "@prefix cu: <https://w3id.org/connelly/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<person/zed-example> a cu:Person ; rdfs:label "Zed"@de .\n'
        '<person/abe-example> a cu:Person ; rdfs:label "Abe"@en .\n'
    )
    run = kgtool("check", str(candidate))
    assert run.code == 1
    headers = [line for line in run.out.splitlines() if not line.startswith("  ")][:-1]
    assert headers == [
        f"{candidate}:4: Zed <https://w3id.org/connelly/resource/person/zed-example>",
        f"{candidate}:5: Abe <https://w3id.org/connelly/resource/person/abe-example>",
    ]
    assert run.out.splitlines()[-1].startswith(
        "+4 triples, \u22120 triples, 2 new entities, 5 violations in 2 entities"
    )


def test_an_output_file_in_a_missing_folder_is_a_usage_error(kgtool, tmp_path):
    run = kgtool("check", "--format", "junit", "-o", str(tmp_path / "no" / "report.xml"), TYPO)
    assert run.code == 2
    assert run.err == f"kgtool: error: {tmp_path / 'no' / 'report.xml'}: folder {tmp_path / 'no'} does not exist\n"
    assert not (tmp_path / "no").exists()
