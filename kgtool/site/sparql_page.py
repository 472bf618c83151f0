"""The SPARQL query page that ``kgtool serve`` serves at ``/sparql.html``: no framework, no CDN.

A text area preloaded with the project's prefixes, the saved queries as examples, and a table of the
answer that ``assets/sparql.js`` asks the endpoint (``/query``) for.
"""

from __future__ import annotations

import json

from kgtool.namespaces import sparql_prologue
from kgtool.query.registry import SavedQuery
from kgtool.site.html import e, layout

START = (
    "SELECT ?class (COUNT(?entity) AS ?entities)\nWHERE { ?entity a ?class }\nGROUP BY ?class\nORDER BY DESC(?entities)"
)


def sparql_page(saved: dict[str, SavedQuery]) -> str:
    """The page's HTML; the examples are embedded as JSON."""
    examples = {name: query.text for name, query in saved.items()}
    options = "".join(f'<option value="{e(name)}">{e(name)}: {e(q.summary)}</option>' for name, q in saved.items())
    data = json.dumps(examples, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    body = (
        "<p>Ask the graph in SPARQL 1.1. The endpoint is <code>/query</code> (GET or POST, results as JSON, CSV "
        "or TSV by <code>Accept</code>); the saved queries are also an HTTP API at <code>/api/queries</code>.</p>"
        '<form id="sparql-form"><label for="example">Start from a saved query</label>'
        f'<select id="example"><option value="">(your own query)</option>{options}</select>'
        '<label for="sparql">Query</label>'
        f'<textarea id="sparql" name="query" rows="16" spellcheck="false">{e(sparql_prologue() + START)}</textarea>'
        '<p><button type="submit">Run</button> <span id="status" aria-live="polite"></span></p></form>'
        '<div id="answer" class="scroll"></div>'
        f'<script type="application/json" id="examples">{data}</script>'
    )
    return layout("sparql.html", "en", "SPARQL", body, "fr/index.html", scripts=("assets/sparql.js",))
