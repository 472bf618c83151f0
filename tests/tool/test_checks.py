"""The SPARQL checks of checks/: their files and profile, severities, messages, and the shapes graph check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kgtool.errors import InputError
from kgtool.validate.checks import load_checks, run_checks

from conftest import FIXTURES, ROOT

CHECKS = ROOT / "checks"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project's ontology, data and checks, used by kgtool through KGTOOL_ROOT."""
    for name in ("ontology", "checks", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.setenv("KGTOOL_ROOT", str(tmp_path))
    return tmp_path


def test_every_check_has_a_header_a_severity_and_returns_entity():
    checks = load_checks(ROOT)
    assert [c.name for c in checks] == sorted(p.stem for p in CHECKS.glob("*.rq"))
    assert {c.name for c in checks} >= {
        "unknown-term",
        "dangling-reference",
        "duplicate-label",
        "duplicate-value",
        "missing-source",
        "missing-type",
        "language-tag",
    }
    for check in checks:
        assert check.problem and check.fix, check.name
        assert check.severity in ("error", "warning", "info")
        assert "entity" in check.variables


def test_a_check_whose_sub_select_ignores_the_entity_runs_once_for_a_focus(dataset):
    """Bound to one entity, near-duplicate-label would group every label of the graph again for each entity of a
    change: it runs once and keeps the focus's rows. duplicate-value's sub-SELECT returns ?entity: it is bound."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS

    from kgtool.namespaces import CU
    from kgtool.store.view import StoreView

    from helpers import res

    checks = {check.name: check for check in load_checks(ROOT)}
    assert [name for name, check in checks.items() if check.whole_graph] == ["near-duplicate-label"]
    echo, copy = res("novel/the-black-echo"), res("novel/the-black-echo-copy")
    graph = Graph()
    graph += dataset.graph
    graph.add((copy, RDF.type, CU.Novel))
    graph.add((copy, RDFS.label, Literal("The black echo", lang="en")))
    view = StoreView.of_graph(graph, dataset.location)
    near = [checks["near-duplicate-label"]]
    assert {finding.entity for finding in run_checks(view, near)} == {echo, copy}
    assert {finding.entity for finding in run_checks(view, near, focus=[copy])} == {copy}


def test_no_check_fires_on_the_shipped_data(dataset):
    assert run_checks(dataset, load_checks(ROOT)) == []


def test_the_novel_film_and_series_named_the_lincoln_lawyer_are_not_duplicates(dataset):
    from rdflib import Literal
    from rdflib.namespace import RDFS

    named = set(dataset.graph.subjects(RDFS.label, Literal("The Lincoln Lawyer", lang="en")))
    assert len(named) >= 3
    [duplicates] = [c for c in load_checks(ROOT) if c.name == "duplicate-label"]
    assert run_checks(dataset, [duplicates], focus=named) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("dangling-reference: error\n", ""), "checks/profile.yaml: no severity for check 'dangling-reference'"),
        (
            ("unknown-term: error\n", "unknown-term: error\nghost: error\n"),
            "checks/profile.yaml:12: check 'ghost' has no",
        ),
        (
            ("language-tag: error", "language-tag: fatal"),
            "checks/profile.yaml:8: check 'language-tag' has severity 'fatal'; expected error, warning or info",
        ),
    ],
)
def test_a_wrong_profile_is_an_input_error_naming_the_line(tmp_path, change, message):
    shutil.copytree(CHECKS, tmp_path / "checks")
    profile = tmp_path / "checks" / "profile.yaml"
    profile.write_text(profile.read_text().replace(*change))
    with pytest.raises(InputError) as error:
        load_checks(tmp_path)
    assert error.value.message.startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "# Problem: x\nSELECT ?entity WHERE { ?entity ?p ?o }\n",
            "checks/bad.rq:1: the comment header needs '# Fix: …'",
        ),
        ("# Problem: x\n# Fix: y\nSELECT ?entity WHERE {\n  ?entity ?p\n}\n", "checks/bad.rq:5:1: SPARQL syntax error"),
        ("# Problem: x\n# Fix: y\nASK { ?s ?p ?o }\n", "checks/bad.rq: a check must be a SELECT query"),
        ("# Problem: x\n# Fix: y\nSELECT ?s WHERE { ?s ?p ?o }\n", "checks/bad.rq: a check must return ?entity"),
    ],
)
def test_a_wrong_check_file_is_an_input_error(tmp_path, text, message):
    shutil.copytree(CHECKS, tmp_path / "checks")
    (tmp_path / "checks" / "bad.rq").write_text(text)
    with (tmp_path / "checks" / "profile.yaml").open("a") as profile:
        profile.write("bad: error\n")
    with pytest.raises(InputError) as error:
        load_checks(tmp_path)
    assert error.value.message.startswith(message)


def test_a_project_without_checks_is_an_error_not_a_silent_pass(project, kgtool):
    shutil.rmtree(project / "checks")
    run = kgtool("validate")
    assert run.code == 2
    assert run.err.startswith("kgtool: error: checks/: no such folder in ")


def test_warnings_pass_unless_strict_and_infos_never_fail(project, kgtool):
    untyped = str(FIXTURES / "bad" / "untyped-without-source.ttl")
    profile = project / "checks" / "profile.yaml"
    text = profile.read_text()
    profile.write_text(
        text.replace("missing-source: error", "missing-source: warning").replace(
            "missing-type: error", "missing-type: info"
        )
    )
    run = kgtool("check", untyped)
    assert run.code == 0
    assert "  warning: Has no dcterms:source" in run.out
    assert "  info: Has no rdf:type" in run.out
    assert "0 violations, 1 warning and 1 info in 1 entity" in run.out
    assert kgtool("check", "--strict", untyped).code == 1
    profile.write_text(
        text.replace("missing-source: error", "missing-source: info").replace(
            "missing-type: error", "missing-type: info"
        )
    )
    assert kgtool("check", "--strict", untyped).code == 0


def test_language_tags_get_a_message_that_says_what_is_wrong(tmp_path, kgtool):
    candidate = tmp_path / "tags.ttl"
    candidate.write_text(
        "@base <https://w3id.org/connelly/resource/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<novel/the-black-echo> rdfs:comment "a"@en-GB , "b"@fr-CA , "c"@e , "d"@francais , "e"@EN .\n'
    )
    run = kgtool("check", str(candidate))
    assert run.code == 1
    messages = [line.strip() for line in run.out.splitlines() if line.startswith("  error:")]
    assert messages == [
        "error: @e is not a well-formed BCP 47 language tag. Labels, names and comments are in English (@en) "
        'or French (@fr). [rdfs:comment; value "c"@e]',
        "error: @en-GB is a regional or script variant; the graph keeps plain @en and @fr. Write @en. "
        '[rdfs:comment; value "a"@en-GB]',
        "error: @fr-CA is a regional or script variant; the graph keeps plain @en and @fr. Write @fr. "
        '[rdfs:comment; value "b"@fr-CA]',
        "error: @francais is not a language code (BCP 47 language subtags have 2 or 3 letters, as in @en). "
        'Write @fr. [rdfs:comment; value "d"@francais]',
    ]


@pytest.mark.slow
def test_a_broken_shapes_graph_is_reported_on_its_line(project, kgtool):
    shapes = project / "ontology" / "shapes.ttl"
    text = shapes.read_text()
    broken = text.replace(
        "sh:path cu:releaseYear ;\n        sh:maxCount 1 ;", 'sh:path cu:releaseYear ;\n        sh:maxCount "one" ;'
    )
    assert broken != text
    shapes.write_text(broken)
    line = 1 + broken[: broken.index("cush:FilmShape a sh:NodeShape")].count("\n")
    run = kgtool("validate")
    assert run.code == 1
    assert run.out.splitlines()[0].startswith(f"ontology/shapes.ttl:{line}: FilmShape <")
    assert '[sh:maxCount; value "one"]' in run.out
    assert kgtool("validate", "--format", "json").out.count('"check": "shapes-graph"') >= 1
