"""The saved queries on the site: an index, and one page per query with its answer for typical parameters."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.query import Result

from kgtool.errors import KgError
from kgtool.export.document import serialise
from kgtool.namespaces import bind_prefixes
from kgtool.query.examples import example_params
from kgtool.query.local import run_saved_query_on_store
from kgtool.query.registry import SavedQuery
from kgtool.site.html import e, layout, link, table
from kgtool.site.i18n import t
from kgtool.site.model import SiteModel, lang_path, literal_text, page_path

MAX_ROWS = 300


def query_path(name: str, lang: str) -> str:
    """The site path of a saved query's page."""
    return lang_path(f"queries/{name}.html", lang)


def index_page(saved: dict[str, SavedQuery], lang: str) -> str:
    """The list of saved queries with their summaries."""
    path = lang_path("queries/index.html", lang)
    other = lang_path("queries/index.html", "fr" if lang == "en" else "en")
    items = "".join(
        f"<li>{link(path, query_path(name, lang), name)}: {e(query.summary)}</li>" for name, query in saved.items()
    )
    return layout(path, lang, t(lang, "queries"), f'<ul class="queries">{items}</ul>', other)


def query_page(model: SiteModel, query: SavedQuery, store, lang: str) -> str:
    """A saved query: summary, description, parameters, SPARQL text, and its answer for typical parameters."""
    path = query_path(query.name, lang)
    other = query_path(query.name, "fr" if lang == "en" else "en")
    params = example_params(query)
    parts = [f'<p class="lead">{e(query.summary)}</p>']
    if query.description.strip():
        parts.append(f"<p>{e(query.description.strip())}</p>")
    parts.append(f"<h2>{e(t(lang, 'parameters'))}</h2>")
    if query.parameters:
        items = "".join(
            f"<li><code>{e(p.name)}</code> ({e(t(lang, 'required' if p.required else 'optional'))})"
            + (f": {e(p.describe().split('; ', 1)[1].rstrip(')'))}" if p.classes else "")
            + "</li>"
            for p in query.parameters
        )
        parts.append(f"<ul>{items}</ul>")
    else:
        parts.append(f"<p>{e(t(lang, 'no_parameters'))}</p>")
    parts.append(f'<h2>{e(t(lang, "sparql"))}</h2><pre class="sparql"><code>{e(query.text)}</code></pre>')
    given = ", ".join(f"{k}={v}" for k, v in params.items())
    heading = f"{t(lang, 'answer_for')} {given}" if given else t(lang, "answer")
    parts.append(f"<h2>{e(heading)}</h2>")
    try:
        result = run_saved_query_on_store(query, params, lang=lang, store=store)
        parts.append(render_answer(model, result, path, lang))
    except KgError as exc:
        parts.append(f'<p class="error">{e(exc.message)}</p>')
    return layout(path, lang, query.name, "\n".join(parts), other, query.summary)


def render_answer(model: SiteModel, result: Result, path: str, lang: str) -> str:
    """A SELECT as a table (entities linked to their pages), an ASK as yes/no, a graph as Turtle."""
    if result.type == "ASK":
        return f"<p><strong>{e(literal_text(Literal(bool(result.askAnswer)), lang))}</strong></p>"
    if result.type != "SELECT":
        turtle = serialise(bind_prefixes(result.graph), "turtle")
        return f'<pre class="turtle"><code>{e(turtle)}</code></pre>'
    variables = [str(v) for v in result.vars or []]
    rows = [tuple(row) for row in result]
    cells = [[_cell(model, term, path, lang) for term in row] for row in rows[:MAX_ROWS]]
    count = f"<p>{len(rows)} {e(t(lang, 'rows'))}</p>"
    return table(variables, cells) + count


def _cell(model: SiteModel, term: object, path: str, lang: str) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        if term in model.entities:
            return link(path, page_path(model.entities[term].slug, lang), model.label(term, lang))
        return e(term)
    return e(literal_text(term, lang)) if isinstance(term, Literal) else e(term)
