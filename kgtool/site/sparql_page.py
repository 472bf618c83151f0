"""The SPARQL query pages that ``kgtool serve`` serves: YASGUI at ``/sparql.html``, a plain form as fallback.

``sparql.html`` loads YASGUI (``assets/yasgui.min.js``, vendored from npm, see ``assets/yasgui.LICENSE``: no
CDN, no request leaves the site) through ``assets/yasgui-page.js``, which configures it with the endpoint
(``/query`` beside the page), the project's prefixes, and every saved query (name, summary, description,
SPARQL text) as an example that opens in a tab of its own. ``sparql-plain.html`` is the same endpoint
behind a text area and a table (``assets/sparql.js``), for browsers where YASGUI does not run.
"""

from __future__ import annotations

import json

from kgtool.namespaces import PREFIXES, sparql_prologue
from kgtool.query.registry import SavedQuery
from kgtool.site.html import e, layout
from kgtool.site.model import relative

PAGE = "sparql.html"
PLAIN_PAGE = "sparql-plain.html"
START = (
    "SELECT ?class (COUNT(?entity) AS ?entities)\nWHERE { ?entity a ?class }\nGROUP BY ?class\nORDER BY DESC(?entities)"
)


def sparql_page(saved: dict[str, SavedQuery]) -> str:
    """YASGUI's page; its configuration (prefixes, first query, saved queries) is embedded as JSON."""
    config = {
        "endpoint": "query",
        "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
        "start": sparql_prologue() + START,
        "queries": [
            {"name": name, "summary": q.summary, "description": q.description.strip(), "text": q.text}
            for name, q in saved.items()
        ],
    }
    items = "".join(
        f'<li><button type="button" class="saved-query" data-name="{e(name)}">{e(name)}</button> {e(q.summary)}'
        + (
            f'<details><summary>more</summary><p class="hint">{e(q.description.strip())}</p></details>'
            if q.description.strip()
            else ""
        )
        + "</li>"
        for name, q in saved.items()
    )
    body = (
        "<p>Ask the graph in SPARQL 1.1 with YASGUI. The endpoint is <code>/query</code> (GET or POST, results as "
        "JSON, CSV or TSV by <code>Accept</code>); the saved queries are also an HTTP API at "
        f"<code>/api/queries</code>. Without JavaScript or where this editor does not load, use the "
        f'<a href="{e(PLAIN_PAGE)}" id="plain-link">plain query form</a>.</p>'
        '<div id="yasgui"><noscript><p class="error">YASGUI needs JavaScript: use the '
        f'<a href="{e(PLAIN_PAGE)}">plain query form</a>.</p></noscript></div>'
        "<h2>Saved queries</h2>"
        '<p class="hint">Each opens in a tab of its own. Their parameters (<code>?_name</code>) are left unbound '
        "here; <code>/api/query/NAME?name=value</code> binds them as <code>kgtool query</code> does.</p>"
        f'<ul id="saved-queries">{items}</ul>'
        f'<script type="application/json" id="sparql-config">{_json(config)}</script>'
    )
    head = f'<link rel="stylesheet" href="{e(relative(PAGE, "assets/yasgui.min.css"))}">\n'
    return layout(
        PAGE,
        "en",
        "SPARQL",
        body,
        "fr/index.html",
        head=head,
        scripts=("assets/yasgui.min.js", "assets/yasgui-page.js"),
    )


def plain_sparql_page(saved: dict[str, SavedQuery]) -> str:
    """The fallback page: a text area with the project's prefixes, the saved queries as examples, a table."""
    examples = {name: query.text for name, query in saved.items()}
    options = "".join(f'<option value="{e(name)}">{e(name)}: {e(q.summary)}</option>' for name, q in saved.items())
    body = (
        "<p>Ask the graph in SPARQL 1.1. The endpoint is <code>/query</code> (GET or POST, results as JSON, CSV "
        "or TSV by <code>Accept</code>); the saved queries are also an HTTP API at <code>/api/queries</code>. "
        f'The <a href="{e(PAGE)}">YASGUI editor</a> does more.</p>'
        '<form id="sparql-form"><label for="example">Start from a saved query</label>'
        f'<select id="example"><option value="">(your own query)</option>{options}</select>'
        '<label for="sparql">Query</label>'
        f'<textarea id="sparql" name="query" rows="16" spellcheck="false">{e(sparql_prologue() + START)}</textarea>'
        '<p><button type="submit">Run</button> <span id="status" aria-live="polite"></span></p></form>'
        '<div id="answer" class="scroll"></div>'
        f'<script type="application/json" id="examples">{_json(examples)}</script>'
    )
    return layout(PLAIN_PAGE, "en", "SPARQL", body, "fr/index.html", scripts=("assets/sparql.js",))


def _json(document: object) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
