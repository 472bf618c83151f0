"""Render a validation :class:`~kgtool.validation.Report` for people (text) or tools (json, github)."""

from __future__ import annotations

import json
from collections import defaultdict

from rdflib import Graph
from rdflib.term import Node

from kgtool.validation import Finding, Report

FORMATS = ("text", "json", "github")


def render(report: Report, fmt: str, graph: Graph) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    return {"text": render_text, "json": render_json, "github": render_github}[fmt](report, graph)


def summary(report: Report) -> str:
    """One closing line: ``3 violations in 2 entities (data/series.ttl)`` or ``conforms``."""
    errors, warnings = report.count("error"), report.count("warning")
    if not report.findings:
        return "conforms: no violations"
    entities = {f.entity for f in report.findings}
    files = sorted({str(f.location.path) for f in report.findings if f.location})
    parts = [_plural(errors, "violation")]
    if warnings:
        parts.append(_plural(warnings, "warning"))
    where = f" ({', '.join(files)})" if files else ""
    return f"{' and '.join(parts)} in {_plural(len(entities), 'entity', 'entities')}{where}"


def render_text(report: Report, graph: Graph) -> str:
    """Findings grouped by entity, each group headed by its file:line and label."""
    groups: dict[Node, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[finding.entity].append(finding)
    lines = []
    for entity, findings in groups.items():
        where = str(findings[0].location) if findings[0].location else "(no file)"
        lines.append(f"{where}: {findings[0].label} <{entity}>")
        for f in findings:
            detail = []
            if f.path is not None:
                detail.append(_short(f.path, graph))
            if f.value is not None:
                detail.append(f"value {_short(f.value, graph)}")
            suffix = f" [{'; '.join(detail)}]" if detail else ""
            lines.append(f"  {f.severity}: {f.message}{suffix}")
    lines.append(summary(report))
    return "\n".join(lines)


def render_json(report: Report, graph: Graph) -> str:
    """A JSON document with ``conforms``, ``summary`` and one object per finding."""
    return json.dumps(
        {
            "conforms": report.conforms(),
            "summary": summary(report),
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
        file = f"file={f.location.path}" if f.location else ""
        text = f"{f.label}: {f.message}" + (f" ({_short(f.path, graph)})" if f.path is not None else "")
        lines.append(f"::{commands[f.severity]} {file}{place}::{_escape(text)}")
    lines.append(summary(report))
    return "\n".join(lines)


def _short(node: Node, graph: Graph) -> str:
    try:
        return node.n3(graph.namespace_manager)
    except Exception:
        return str(node)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"
