"""The pages above the entities: home, bibliography, series and films, characters, people, everything, search."""

from __future__ import annotations

from rdflib import URIRef

from kgtool.namespaces import CU
from kgtool.site.html import e, layout, link, table
from kgtool.site.i18n import HOME_TEXT, t
from kgtool.site.model import Entity, SiteModel, lang_path, page_path
from kgtool.site.pictures import BOOK_CLASSES, timeline_svg

OTHER = {"en": "fr", "fr": "en"}


class IndexPages:
    """Writes the index pages of one language."""

    def __init__(self, model: SiteModel, lang: str) -> None:
        self.model, self.lang = model, lang

    def _path(self, name: str) -> tuple[str, str]:
        return lang_path(name, self.lang), lang_path(name, OTHER[self.lang])

    def _link(self, path: str, entity: Entity | URIRef) -> str:
        entity = entity if isinstance(entity, Entity) else self.model.entities[entity]
        return link(path, page_path(entity.slug, self.lang), self.model.label(entity.iri, self.lang))

    def home(self, diagram: str | None) -> str:
        """The home page: what the graph is, its numbers, the franchise diagram and the timeline."""
        lang, model = self.lang, self.model
        path, other = self._path("index.html")
        numbers = []
        for cls, page in (
            (BOOK_CLASSES, "books.html"),
            ((CU.TVSeries,), "screen.html"),
            ((CU.Season,), "screen.html"),
            ((CU.Episode,), "all.html"),
            ((CU.Film,), "screen.html"),
            ((CU.Character,), "characters.html"),
            ((CU.Person,), "people.html"),
            ((CU.CastRole,), "all.html"),
        ):
            count = len(model.of_class(*cls))
            label = model.label(cls[0], lang) if len(cls) == 1 else t(lang, "books").lower()
            numbers.append(f"<li>{link(path, lang_path(page, lang), f'{count} × {label}')}</li>")
        parts = [
            f'<p class="lead">{e(t(lang, "tagline"))}.</p>',
            HOME_TEXT[lang],
            f'<section><h2>{e(t(lang, "in_numbers"))}</h2><ul class="numbers">{"".join(numbers)}</ul></section>',
        ]
        if diagram:
            parts.append(
                f'<section><h2>{e(t(lang, "diagram"))}</h2><figure class="scroll">{diagram}</figure></section>'
            )
        timeline = timeline_svg(model, lang, (t(lang, "timeline_books"), t(lang, "timeline_seasons")))
        parts.append(f'<section><h2>{e(t(lang, "timeline"))}</h2><figure class="scroll">{timeline}</figure></section>')
        return layout(path, lang, t(lang, "site"), "\n".join(parts), other)

    def books(self) -> str:
        """The bibliography in order of publication, with series and position."""
        lang, model, g = self.lang, self.model, self.model.graph
        path, other = self._path("books.html")
        books = sorted(
            model.of_class(*BOOK_CLASSES), key=lambda b: (model.year(b.iri) or "9999", model.label(b.iri), b.slug)
        )
        rows = []
        for book in books:
            series = []
            for entry in g.objects(book.iri, CU.seriesEntry):
                inseries, position = g.value(entry, CU.inSeries), g.value(entry, CU.position)
                if inseries in model.entities:
                    series.append(
                        f"{self._link(path, inseries)} ({e(position)})"
                        if position is not None
                        else self._link(path, inseries)
                    )
            rows.append(
                [
                    e(model.year(book.iri)),
                    self._link(path, book),
                    e(model.label(book.iri, OTHER[lang])),
                    e(model.class_label(book, lang)),
                    ", ".join(sorted(series)),
                ]
            )
        headers = [
            t(lang, "year"),
            t(lang, "title"),
            "English title" if lang == "fr" else t(lang, "french_title"),
            t(lang, "kind"),
            t(lang, "series_col"),
        ]
        if lang == "fr":
            headers[2] = "titre anglais"
        return layout(path, lang, t(lang, "books"), table(headers, rows), other)

    def screen(self) -> str:
        """Every TV series with its seasons, then the films."""
        lang, model, g = self.lang, self.model, self.model.graph
        path, other = self._path("screen.html")
        parts = []
        series = sorted(model.of_class(CU.TVSeries), key=lambda s: (model.year(s.iri) or "9999", s.slug))
        for show in series:
            seasons = sorted(g.subjects(CU.seasonOf, show.iri), key=lambda s: int(g.value(s, CU.seasonNumber) or 0))
            items = "".join(
                f"<li>{self._link(path, s)}" + (f" ({e(model.year(s))})" if model.year(s) else "") + "</li>"
                for s in seasons
                if s in model.entities
            )
            year = model.year(show.iri)
            parts.append(
                f"<section><h2>{self._link(path, show)}"
                + (f" ({e(year)})" if year else "")
                + "</h2>"
                + (f"<ul>{items}</ul>" if items else "")
                + "</section>"
            )
        films = sorted(model.of_class(CU.Film), key=lambda f: (model.year(f.iri) or "9999", f.slug))
        rows = [[e(model.year(f.iri)), self._link(path, f)] for f in films]
        parts.append(
            f"<section><h2>{e(model.label(CU.Film, lang).capitalize())}</h2>"
            f"{table([t(lang, 'year'), t(lang, 'title')], rows)}</section>"
        )
        return layout(path, lang, t(lang, "screen"), "\n".join(parts), other)

    def characters(self) -> str:
        """Every character, with the book they first appear in and who plays them."""
        lang, model, g = self.lang, self.model, self.model.graph
        path, other = self._path("characters.html")
        rows = []
        for character in model.of_class(CU.Character):
            first = [
                self._link(path, b) for b in sorted(g.objects(character.iri, CU.firstAppearance)) if b in model.entities
            ]
            actors = sorted(
                {
                    a
                    for r in g.subjects(CU.character, character.iri)
                    for a in g.objects(r, CU.actor)
                    if a in model.entities
                }
            )
            rows.append([self._link(path, character), ", ".join(first), ", ".join(self._link(path, a) for a in actors)])
        headers = [t(lang, "character"), model.label(CU.firstAppearance, lang), t(lang, "played_by").lower()]
        return layout(path, lang, t(lang, "characters"), table(headers, rows), other)

    def people(self) -> str:
        """Every real person, with the characters they play."""
        lang, model, g = self.lang, self.model, self.model.graph
        path, other = self._path("people.html")
        rows = []
        for person in model.of_class(CU.Person):
            characters = sorted(
                {c for r in g.subjects(CU.actor, person.iri) for c in g.objects(r, CU.character) if c in model.entities}
            )
            credits = sorted({model.label(p, lang) for s, p in g.subject_predicates(person.iri) if p != CU.actor})
            rows.append(
                [self._link(path, person), ", ".join(self._link(path, c) for c in characters), e(", ".join(credits))]
            )
        headers = [t(lang, "people"), t(lang, "roles").lower(), t(lang, "relation")]
        return layout(path, lang, t(lang, "people"), table(headers, rows), other)

    def everything(self) -> str:
        """Every entity, grouped by class: the page from which every entity page is one click away."""
        lang, model = self.lang, self.model
        path, other = self._path("all.html")
        parts = []
        for cls, entities in model.by_class.items():
            items = "".join(f"<li>{self._link(path, entity)}</li>" for entity in entities)
            parts.append(
                f"<section><h2>{e(model.label(cls, lang).capitalize())} ({len(entities)})</h2>"
                f'<ul class="columns">{items}</ul></section>'
            )
        return layout(path, lang, t(lang, "all_entities"), "\n".join(parts), other)

    def search(self) -> str:
        """The search page: a form that lunr.js answers from the prebuilt index, without a server."""
        lang = self.lang
        path, other = self._path("search.html")
        body = (
            '<form role="search" id="search-form" onsubmit="return false">'
            f'<label for="q">{e(t(lang, "search_label"))}</label>'
            f'<input type="search" id="q" name="q" autocomplete="off" data-lang="{lang}" '
            f'data-empty="{e(t(lang, "no_results"))}"></form>'
            f'<p class="hint">{e(t(lang, "search_hint"))}</p>'
            '<ol id="results" aria-live="polite"></ol>'
            "<noscript><p>JavaScript is needed for search; every entity is listed on the "
            f"{link(path, lang_path('all.html', lang), t(lang, 'everything'))} page.</p></noscript>"
        )
        scripts = ("assets/lunr.min.js", "search-index.js", "assets/search.js")
        return layout(path, lang, t(lang, "search"), body, other, scripts=scripts)
