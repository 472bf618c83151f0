"""The saved queries as an HTTP API: their listing and an OpenAPI 3 description, as grlc derives them."""

from __future__ import annotations

from kgtool.query.examples import example_params
from kgtool.query.registry import SavedQuery
from kgtool.version import __version__

FORMATS = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


def listing(saved: dict[str, SavedQuery]) -> list[dict]:
    """``GET /api/queries``: each query's name, summary, description, parameters and URL."""
    return [
        {
            "name": name,
            "summary": query.summary,
            "description": query.description.strip(),
            "tags": query.tags,
            "url": f"/api/query/{name}",
            "parameters": [
                {"name": p.name, "required": p.required, "description": p.describe()} for p in query.parameters
            ],
            "example": example_params(query),
        }
        for name, query in saved.items()
    ]


def openapi(saved: dict[str, SavedQuery]) -> dict:
    """``GET /api/openapi.json``: one GET operation per saved query."""
    paths: dict[str, dict] = {
        "/api/queries": {
            "get": {
                "operationId": "listQueries",
                "summary": "The saved queries, with their parameters",
                "responses": {"200": {"description": "the list", "content": {"application/json": {}}}},
            }
        }
    }
    for name, query in saved.items():
        examples = example_params(query)
        parameters = [
            {
                "name": p.name,
                "in": "query",
                "required": p.required,
                "description": p.describe(),
                "schema": {"type": "string", **({"enum": ["en", "fr"]} if p.name == "lang" else {})},
                **({"example": examples[p.name]} if p.name in examples else {}),
            }
            for p in query.parameters
        ]
        parameters.append(
            {
                "name": "format",
                "in": "query",
                "required": False,
                "description": "the answer's format (else the Accept header; JSON by default)",
                "schema": {"type": "string", "enum": sorted(FORMATS)},
            }
        )
        paths[f"/api/query/{name}"] = {
            "get": {
                "operationId": name,
                "summary": query.summary,
                "description": query.description.strip(),
                "tags": query.tags,
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "the answer: SPARQL 1.1 results (JSON, CSV or TSV), or RDF for a graph",
                        "content": {media: {} for media in [*FORMATS.values(), "text/turtle", "application/ld+json"]},
                    },
                    "400": {"description": "a bad parameter (the message kgtool query prints)"},
                    "503": {"description": "the query ran longer than the server's --query-timeout"},
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "connelly-kg saved queries",
            "version": __version__,
            "description": "The saved SPARQL queries of connelly-kg (queries/*.rq) as an HTTP API.",
            "license": {"name": "CC BY 4.0 (data)", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "paths": paths,
    }
