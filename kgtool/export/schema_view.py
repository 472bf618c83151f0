"""The schema.org view of the graph (``kgtool export --profile schema``).

The view is built by the saved CONSTRUCT query ``queries/schema-org-view.rq``; this module runs it and
holds the inline JSON-LD context that writes the view with plain schema.org names (``name``,
``startDate``, ``isBasedOn``…), English as the default language and dates as ``schema:Date``, so that a
web page can embed the output in a ``<script type="application/ld+json">`` element as it is.
"""

from __future__ import annotations

from rdflib import Graph

from kgtool.namespaces import bind_prefixes
from kgtool.query.local import run_saved_query
from kgtool.query.registry import find_query
from kgtool.store.dataset import Dataset

QUERY_NAME = "schema-org-view"
PROFILES = ("schema",)

SCHEMA_CONTEXT: dict[str, object] = {
    "@vocab": "https://schema.org/",
    "@language": "en",
    "datePublished": {"@type": "Date"},
    "startDate": {"@type": "Date"},
    "endDate": {"@type": "Date"},
}


def schema_view(dataset: Dataset) -> Graph:
    """The graph restated in schema.org terms by ``queries/schema-org-view.rq``."""
    result = run_saved_query(find_query(dataset.root, QUERY_NAME), dataset=dataset)
    view = bind_prefixes(Graph())
    view += result.graph
    return view
