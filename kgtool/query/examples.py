"""A typical value for each saved query's parameters: what the site shows and the HTTP API documents.

A required parameter always gets one (by its name); an optional one only where the query is more telling
with it (``novels`` of the Harry Bosch series rather than all of them).
"""

from __future__ import annotations

from kgtool.query.registry import SavedQuery

BY_NAME = {
    "series": "Ballard",
    "character": "Harry Bosch",
    "other": "Renée Ballard",
    "actor": "Titus Welliver",
    "novel": "The Black Echo",
    "entity": "res:novel/the-black-echo",
    "work": "Bosch",
    "person": "Michael Connelly",
}
OPTIONAL = {
    ("adaptations", "work"): "Bosch",
    ("novels", "series"): "Harry Bosch series",
    ("seasons", "series"): "Bosch",
    ("timeline", "from"): "2014",
    ("timeline", "to"): "2016",
    ("family", "character"): "Maddie Bosch",
}


def example_params(query: SavedQuery) -> dict[str, str]:
    """The typical parameters of ``query`` (never ``lang``: the page's language gives it)."""
    params = {}
    for parameter in query.parameters:
        if parameter.required and parameter.name in BY_NAME:
            params[parameter.name] = BY_NAME[parameter.name]
        elif (query.name, parameter.name) in OPTIONAL:
            params[parameter.name] = OPTIONAL[(query.name, parameter.name)]
    return params
