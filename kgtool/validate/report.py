"""Render a validation :class:`~kgtool.validate.findings.Report` for people (text) or tools (json, github, junit).

Every format lists the findings grouped by entity, in file and line order, and ends with (or carries)
the summary line: ``3 violations in 2 entities (data/series.ttl)``, or for a delta validation
``+12 triples, −0 triples, 2 new entities, 0 violations (14 entities checked)``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from rdflib import Graph
from rdflib.term import Node

from kgtool.namespaces import bind_prefixes
from kgtool.validate.findings import Finding, Report

FORMATS = ("text", "json", "github", "junit", "shacl")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, fmt: str, graph: Graph | None = None, strict: bool = False) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`); ``graph`` gives the prefixes for short names.

    ``strict`` matters to JUnit only, where warnings then count as failures (as they do for the exit code).
    """
    graph = graph if graph is not None else bind_prefixes(Graph())
    if fmt == "junit":
        return render_junit(report, graph, strict)
    if fmt == "shacl":
        from kgtool.validate.shacl_report import render_shacl

        return render_shacl(report)
    return {"text": render_text, "json": render_json, "github": render_github}[fmt](report, graph)


def summary(report: Report) -> str:
    """One closing line: ``3 violations in 2 entities (data/series.ttl)`` or ``conforms: no violations``.

    For a delta validation the line starts with what the change adds: ``+12 triples, −0 triples,
    2 new entities, 0 violations (14 entities checked)``.
    """
    counts = [_plural(report.count("error"), "violation")]
    for severity, word in (("warning", "warning"), ("info", "info")):
        if report.count(severity):
            counts.append(_plural(report.count(severity), word, word if severity == "info" else None))
    counted = ", ".join(counts[:-1]) + " and " + counts[-1] if len(counts) > 1 else counts[0]
    if report.findings:
        entities = {f.entity for f in report.findings}
        files = sorted({str(f.location.path) for f in report.findings if f.location})
        where = f" ({', '.join(files)})" if files else ""
        outcome = f"{counted} in {_plural(len(entities), 'entity', 'entities')}{where}"
    else:
        outcome = "no violations" if report.change else "conforms: no violations"
    if report.change is None:
        return outcome
    if report.change.whole_graph:
        scope = "the ontology, shapes or checks changed, so the whole graph was checked"
    else:
        scope = f"{_plural(report.change.checked, 'entity', 'entities')} checked"
    if report.findings:
        return f"{report.change}, {outcome}; {scope}"
    return f"{report.change}, 0 violations ({scope})"


def render_text(report: Report, graph: Graph) -> str:
    """Findings grouped by entity, each group headed by its file:line and label."""
    lines = []
    for entity, findings in _by_entity(report.findings).items():
        where = str(findings[0].location) if findings[0].location else "(no file)"
        lines.append(f"{where}: {findings[0].label} <{entity}>")
        lines.extend(f"  {f.severity}: {f.message}{_detail(f, graph)}" for f in findings)
    lines.append(summary(report))
    return "\n".join(map(printable, lines))


def printable(text: str) -> str:
    """``text`` with control characters (a newline, a carriage return, an escape sequence…) shown as ``\\xNN``
    or ``\\uNNNN``, so that a label or file name can neither break a line nor drive the terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def render_json(report: Report, graph: Graph) -> str:
    """A JSON document with ``conforms``, ``summary``, the checks run, the change and one object per finding."""
    change = report.change
    return json.dumps(
        {
            "conforms": report.conforms(),
            "summary": summary(report),
            "checks": [_short_check(name, graph) for name in report.checks],
            "change": None
            if change is None
            else {
                "triplesAdded": change.added,
                "triplesRemoved": change.removed,
                "newEntities": change.new_entities,
                "entitiesChecked": change.checked,
                "wholeGraph": change.whole_graph,
            },
            "results": [
                {
                    "severity": f.severity,
                    "entity": str(f.entity),
                    "label": f.label,
                    "file": str(f.location.path) if f.location else None,
                    "line": f.location.line if f.location else None,
                    "path": str(f.path) if f.path is not None else None,
                    "value": str(f.value) if f.value is not None else None,
                    "message": f.message,
                    "check": f.check,
                }
                for f in report.findings
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


def render_github(report: Report, graph: Graph) -> str:
    """GitHub Actions workflow commands, so findings show on the pull request's lines."""
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in report.findings:
        place = f",line={f.location.line}" if f.location else ""
        file = f"file={_escape_property(str(f.location.path))}" if f.location else ""
        title = f",title={_escape_property(_short_check(f.check, graph))}"
        text = f"{f.label}: {f.message}" + (f" ({_short(f.path, graph)})" if f.path is not None else "")
        lines.append(f"::{commands[f.severity]} {file}{place}{title}::{_escape(text)}")
    lines.append(_escape(summary(report)))
    return "\n".join(lines)


def render_junit(report: Report, graph: Graph, strict: bool = False) -> str:
    """A JUnit XML report: one test suite per check, one test case per entity the check flagged.

    A check that flagged nothing is one passing test case. An entity's errors (and warnings, when
    ``strict``) are its test case's ``<failure>``, whose text gives ``file:line`` and each message; the
    test case also carries ``file`` and ``line`` attributes. Findings that do not fail go to ``<system-out>``.
    """
    import xml.etree.ElementTree as ET

    failing = {"error", "warning"} if strict else {"error"}
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_check[finding.check].append(finding)
    names = [*report.checks, *(name for name in by_check if name not in report.checks)]
    root = ET.Element("testsuites", name="kgtool validate")
    total = failed = 0
    for name in names:
        check = _short_check(name, graph)
        suite = ET.SubElement(root, "testsuite", name=check)
        groups = _by_entity(by_check.get(name, []))
        if not groups:
            ET.SubElement(suite, "testcase", classname=check, name=f"{check}: no findings", time="0")
        suite_failures = 0
        for entity, findings in groups.items():
            case = ET.SubElement(suite, "testcase", classname=check, name=f"{findings[0].label} <{entity}>", time="0")
            where = findings[0].location
            if where:
                case.set("file", str(where.path))
                case.set("line", str(where.line))
            fails = [f for f in findings if f.severity in failing]
            rest = [f for f in findings if f.severity not in failing]
            if fails:
                suite_failures += 1
                failure = ET.SubElement(
                    case, "failure", message=" ".join(f.message for f in fails), type=fails[0].severity
                )
                failure.text = "\n".join(_junit_line(f, graph) for f in fails)
            if rest:
                ET.SubElement(case, "system-out").text = "\n".join(_junit_line(f, graph) for f in rest)
        tests = max(len(groups), 1)
        suite.attrib.update(tests=str(tests), failures=str(suite_failures), errors="0", skipped="0", time="0")
        total += tests
        failed += suite_failures
    root.attrib.update(tests=str(total), failures=str(failed), errors="0", time="0")
    root.append(ET.Comment(f" {summary(report).replace('--', '- -')} "))
    _xml_safe(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _xml_safe(root) -> None:  # type: ignore[no-untyped-def]
    """Every text and attribute of the tree without the characters XML 1.0 forbids (shown as ``\\xNN``)."""
    for element in root.iter():
        element.attrib.update({k: _xml_text(v) for k, v in element.attrib.items()})
        if element.text:
            element.text = _xml_text(element.text)


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def _junit_line(f: Finding, graph: Graph) -> str:
    where = str(f.location) if f.location else "(no file)"
    return f"{where}: {f.label} <{f.entity}>: {f.severity}: {f.message}{_detail(f, graph)}"


def _by_entity(findings: list[Finding]) -> dict[Node, list[Finding]]:
    """Findings grouped by entity, keeping their (file, line) order."""
    groups: dict[Node, list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[finding.entity].append(finding)
    return dict(groups)


def _detail(f: Finding, graph: Graph) -> str:
    detail = []
    if f.path is not None:
        detail.append(_short(f.path, graph))
    if f.value is not None:
        detail.append(f"value {_short(f.value, graph)}")
    return f" [{'; '.join(detail)}]" if detail else ""


def _short_check(name: str, graph: Graph) -> str:
    """A SHACL shape's IRI as a CURIE (``cush:CastRoleShape``); a check's name as it is."""
    if "://" not in name:
        return name
    from rdflib import URIRef

    return _short(URIRef(name), graph)


def _short(node: Node, graph: Graph) -> str:
    try:
        return node.n3(graph.namespace_manager)
    except Exception:
        return str(node)


def _escape(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (``%``, CR, LF), other controls shown."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _escape_property(text: str) -> str:
    """A workflow command's property value: also ``:`` and ``,``, which would end it (``::`` ends them all)."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"
