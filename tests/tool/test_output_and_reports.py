"""-o writes regular files only, with the usual permissions, and leaves no temporary file; reports escape what
they print (GitHub workflow commands, text, JUnit XML); parameters and local queries are strict."""

from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import URIRef

from kgtool.errors import UsageError
from kgtool.output import check_output, write_output
from kgtool.store.dataset import Location
from kgtool.validate.findings import Finding, Report
from kgtool.validate.report import render

from conftest import ROOT


def test_output_refuses_what_is_not_a_regular_file_of_ours(tmp_path, kgtool):
    with pytest.raises(UsageError, match="is a folder"):
        check_output(tmp_path)
    with pytest.raises(UsageError, match="not a regular file"):
        check_output(Path("/dev/null"))
    link = tmp_path / "link.ttl"
    link.symlink_to("/etc/passwd")
    with pytest.raises(UsageError, match="a symlink to /etc/passwd, outside the project"):
        check_output(link, root=ROOT)
    run = kgtool("export", "-o", "data/novels.ttl")
    assert run.code == 2
    assert "data/novels.ttl: is a source file of the graph" in run.err
    inside = tmp_path / "inside.ttl"
    inside.symlink_to(ROOT / "ontology" / "connelly.ttl")
    with pytest.raises(UsageError, match="is a source file of the graph"):
        check_output(inside, protected=[ROOT / "ontology" / "connelly.ttl"], root=ROOT.parent)
    assert kgtool("diagram", "-o", "/dev/null").code == 2
    assert kgtool("validate", "-o", str(tmp_path)).code == 2
    for command in (("diff", "ontology/connelly.ttl", "ontology/connelly.ttl"), ("export",), ("diagram",)):
        run = kgtool(*command, "-o", "ontology/connelly.ttl")
        assert run.code == 2 and "is a source file of the graph" in run.err, (command, run.err)


def test_output_files_get_the_umask_permissions_and_no_temporary_is_left(tmp_path):
    previous = os.umask(0o022)
    try:
        write_output("x", tmp_path / "out.txt")
    finally:
        os.umask(previous)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644
    (tmp_path / "out.txt").chmod(0o640)
    write_output("y", tmp_path / "out.txt")  # an existing file keeps its mode
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o640
    stale = tmp_path / ".out.txt.abc123.tmp"  # what a killed run left
    stale.write_text("half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    write_output("z", tmp_path / "out.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_terminated_run_leaves_no_temporary_file(tmp_path):
    import signal
    import subprocess
    import sys

    out = tmp_path / "graph.nt"
    process = subprocess.Popen([sys.executable, "-m", "kgtool", "export", "--format", "nt", "-o", str(out)], cwd=ROOT)
    time.sleep(8)
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=60)
    assert code in (0, 128 + signal.SIGTERM, -signal.SIGTERM)  # done, stopped, or stopped while loading
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def hostile_report() -> Report:
    label = "Evil\n::error file=x.ttl,line=1::forged %0A\x1b[31m\x00 -- \x0b"
    finding = Finding(
        severity="error",
        entity=URIRef("urn:evil"),
        label=label,
        message="bad\r\n::warning::also forged",
        path=None,
        value=None,
        check="a,b::c",
        location=Location(Path("data/ev,il::\n.ttl"), 3),
    )
    return Report(findings=[finding], checks=["a,b::c"])


def test_github_annotations_cannot_be_forged():
    lines = render(hostile_report(), "github").splitlines()
    assert len(lines) == 2  # one annotation and the summary, whatever the label holds
    assert lines[0].startswith("::error file=data/ev%2Cil%3A%3A%0A.ttl,line=3,title=a%2Cb%3A%3Ac::")
    assert "%0A::error file=x.ttl" in lines[0] and "%250A" in lines[0] and "%0D%0A::warning" in lines[0]
    assert not lines[1].startswith("::")


def test_the_text_report_shows_control_characters():
    text = render(hostile_report(), "text")
    assert "\x1b" not in text and "\x00" not in text and "\r" not in text
    assert "\\x1b[31m" in text
    assert all(not line.startswith("::") for line in text.splitlines())


def test_junit_is_well_formed_whatever_the_labels_hold():
    xml = render(hostile_report(), "junit")
    root = ET.fromstring(xml.encode())  # raises on malformed XML
    case = root.find(".//testcase")
    assert "\\x1b" in case.get("name") and "\\x00" in case.get("name")


def test_parameters_are_strict(kgtool):
    assert "given twice" in kgtool("query", "cast", "-p", "series=Ballard", "-p", "series=Bosch").err
    empty = kgtool("query", "timeline", "-p", "from=")
    assert empty.code == 2 and "is empty" in empty.err
    typed = kgtool("query", "timeline", "-p", "from=abc")
    assert typed.code == 2 and "from='abc': expected a year such as 2014" in typed.err
    iri = kgtool("query", "cast", "-p", "series=<http://example.org/a b>")
    assert iri.code == 2 and "not a valid IRI" in iri.err
    curie = kgtool("query", "cast", "-p", 'series=res:a"b')
    assert curie.code == 2 and "not a valid IRI" in curie.err


def test_service_in_a_local_query_is_refused(kgtool, tmp_path):
    query = tmp_path / "remote.rq"
    query.write_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }\n")
    for engine in ("oxigraph", "rdflib"):
        run = kgtool("query", str(query), "--engine", engine)
        assert run.code == 2
        assert "the query calls SERVICE" in run.err and "--allow-service" in run.err
    commented = tmp_path / "commented.rq"
    commented.write_text('# SERVICE is only mentioned here\nSELECT ("SERVICE" AS ?x) WHERE { }\n')
    assert kgtool("query", str(commented)).code == 0


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_ctrl_c_stops_a_long_local_query(engine, tmp_path):
    import signal
    import subprocess
    import sys

    query = tmp_path / "long.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "kgtool", "query", str(query), "--engine", engine],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(12)  # past the libraries' loading (seconds on a busy machine), into the query
    process.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert time.monotonic() - started < 10
    assert "Traceback" not in err and err == "kgtool: interrupted\n"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("value", ["a\\u0022b", "tab\there", 'say "hi"', "back\\slash", "\\U0001F600", "x\\\\uy"])
def test_a_parameter_value_is_bound_exactly_as_given(kgtool, tmp_path, engine, value):
    import json

    query = tmp_path / "echo.rq"
    query.write_text("#+ summary: echo\nSELECT ?v WHERE { BIND (?__value AS ?v) }\n")
    run = kgtool("query", str(query), "--engine", engine, "--format", "json", "--param", f"value={value}")
    assert run.code == 0, run.err
    assert json.loads(run.out)["results"]["bindings"][0]["v"]["value"] == value
