"""The pictures of the home page, as inline SVG: the franchise diagram (Graphviz) and a timeline."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import escape

from rdflib import URIRef
from rdflib.namespace import RDF

from kgtool.export.diagram import dot, franchise
from kgtool.namespaces import CU, RES
from kgtool.site.model import SiteModel, page_path

BOOK_CLASSES = (CU.Novel, CU.Novella, CU.StoryCollection, CU.NonFictionBook)


def diagram_svg(model: SiteModel) -> str | None:
    """The franchise diagram (``kgtool diagram --format dot``) drawn by Graphviz, each box a link; None without it.

    Links are relative to a home page (``index.html`` or ``fr/index.html``): both reach their language's
    entity pages by ``resource/…``.
    """
    program = shutil.which("dot")
    if program is None:
        return None
    source = dot(franchise(model.graph)).rstrip().removesuffix("}")
    for entity in model.entities.values():
        key = "".join(ch if ch.isalnum() else "_" for ch in entity.slug)
        if re.search(rf"^\s*{re.escape(key)} \[", source, re.MULTILINE):
            source += f'  {key} [URL="{page_path(entity.slug, "en")}", target="_top"];\n'
    source += "}\n"
    done = subprocess.run([program, "-Tsvg"], input=source, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        return None
    svg = done.stdout[done.stdout.index("<svg") :]
    svg = re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)
    svg = re.sub(
        r'<svg width="[^"]*" height="[^"]*"',
        '<svg role="img" class="diagram" '
        'aria-label="Franchise diagram: TV series, seasons, films and the books they adapt"',
        svg,
        count=1,
    )
    svg = svg.replace(' xmlns:xlink="http://www.w3.org/1999/xlink"', "").replace("xlink:href", "href")
    svg = svg.replace(' xlink:title="', ' data-title="').replace("xlink:title", "data-title")
    return svg


def timeline_svg(model: SiteModel, lang: str, labels: tuple[str, str]) -> str:
    """A year-by-year strip: books above the axis, seasons and films below, each a link with its title."""
    g = model.graph
    books = sorted(
        (model.year(b.iri), model.label(b.iri, lang), b) for b in model.of_class(*BOOK_CLASSES) if model.year(b.iri)
    )
    screen = sorted(
        (model.year(w.iri), model.label(w.iri, lang), w)
        for w in model.of_class(CU.Season, CU.Film)
        if model.year(w.iri)
        and (w.iri, RDF.type, CU.Season) in g
        or (w.iri, CU.releaseYear, None) in g
        or (w.iri, CU.premiereDate, None) in g
    )
    screen = [s for s in screen if s[0]]
    years = sorted({int(y) for y, _, _ in books + screen})
    if not years:
        return ""
    first, last = years[0], years[-1]
    step, axis, radius = 26, 150, 6
    width = (last - first + 1) * step + 40
    parts = [
        f'<svg role="img" class="timeline" viewBox="0 0 {width} 300" width="{width}" height="300" '
        f'aria-label="{escape(labels[0])}: {first}–{last}">',
        f'<line x1="10" y1="{axis}" x2="{width - 10}" y2="{axis}" stroke="#555"/>',
        f'<text x="12" y="16" class="tl-legend">● {escape(labels[0])}</text>',
        f'<text x="12" y="292" class="tl-legend">■ {escape(labels[1])}</text>',
    ]
    for year in range(first, last + 1):
        x = 20 + (year - first) * step + step // 2
        if year % 5 == 0:
            parts.append(f'<text x="{x}" y="{axis + 4}" class="tl-year" text-anchor="middle">{year}</text>')
        else:
            parts.append(f'<line x1="{x}" y1="{axis - 3}" x2="{x}" y2="{axis + 3}" stroke="#555"/>')
    stacks: dict[tuple[int, int], int] = {}
    for items, direction, shape in ((books, -1, "circle"), (screen, 1, "rect")):
        for year, label, entity in items:
            column = int(year) - first
            level = stacks.get((column, direction), 0)
            stacks[(column, direction)] = level + 1
            x = 20 + column * step + step // 2
            y = axis + direction * (16 + level * (2 * radius + 3))
            href = page_path(entity.slug, lang).removeprefix("fr/")
            title = f"{label} ({year})"
            mark = (
                f'<circle cx="{x}" cy="{y}" r="{radius}" class="tl-book"/>'
                if shape == "circle"
                else f'<rect x="{x - radius}" y="{y - radius}" width="{2 * radius}" height="{2 * radius}" '
                'class="tl-screen"/>'
            )
            parts.append(f'<a href="{escape(href)}"><title>{escape(title)}</title>{mark}</a>')
    parts.append("</svg>")
    return "\n".join(parts)


def is_resource(node: object) -> bool:
    """An IRI of the resource namespace."""
    return isinstance(node, URIRef) and str(node).startswith(str(RES))
