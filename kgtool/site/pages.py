"""The page of one entity: a sentence, its facts, tables of its cast, seasons or books, links in and out."""

from __future__ import annotations

import json
from urllib.parse import urlparse

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kgtool.namespaces import CU, SCHEMA
from kgtool.site.html import e, external, layout, link, table
from kgtool.site.i18n import t
from kgtool.site.model import Entity, SiteModel, literal_text, page_path, relative

IDENTIFIERS = (FOAF.isPrimaryTopicOf, OWL.sameAs, SCHEMA.sameAs)
NOT_FACTS = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SKOS.editorialNote,
    SKOS.altLabel,
    DCTERMS.source,
    SCHEMA.isbn,
    *IDENTIFIERS,
}
# links into an entity that its own tables show (cast, seasons, episodes), kept out of "linked from"
IN_TABLES = {CU.work, CU.inSeason, CU.character, CU.actor, CU.episodeOf, CU.seasonOf}
BOOKS = (CU.Novel, CU.Novella, CU.StoryCollection, CU.NonFictionBook, CU.ShortStory, CU.Anthology)
FEMININE_FR = {CU.BookSeries, CU.TVSeries, CU.Season, CU.ShortStory, CU.Anthology, CU.Person, CU.CastRole}


class EntityPages:
    """Writes entity pages from the :class:`SiteModel`."""

    def __init__(self, model: SiteModel) -> None:
        self.model = model
        self.graph = model.graph

    # values -----------------------------------------------------------------------------------------------
    def value(self, path: str, node: Node, lang: str) -> str:
        """A value as HTML: a link to an entity's page, a term's label, a link out, or text."""
        model = self.model
        if isinstance(node, URIRef):
            if node in model.entities:
                return link(path, page_path(model.entities[node].slug, lang), model.label(node, lang))
            if (node, RDFS.label, None) in self.graph:
                return e(model.label(node, lang))
            return external(str(node))
        if isinstance(node, BNode):
            series = self.graph.value(node, CU.inSeries)
            position = self.graph.value(node, CU.position)
            text = self.value(path, series, lang) if series is not None else ""
            return f"{text}, {e(t(lang, 'position'))} {e(position)}" if position is not None else text
        return e(literal_text(node, lang)) if isinstance(node, Literal) else e(node)

    def values(self, path: str, nodes: list[Node], lang: str) -> str:
        """Several values, comma-separated, in label order."""
        key = lambda n: (self.model.label(n, lang).casefold(), str(n))  # noqa: E731
        return ", ".join(self.value(path, n, lang) for n in sorted(nodes, key=key))

    # the page ---------------------------------------------------------------------------------------------
    def page(self, entity: Entity, lang: str, jsonld: dict, base_url: str) -> str:
        """The whole HTML page of ``entity`` in ``lang``."""
        model, iri = self.model, entity.iri
        path = page_path(entity.slug, lang)
        other = page_path(entity.slug, "fr" if lang == "en" else "en")
        ttl, jsld = page_path(entity.slug, lang, ".ttl"), page_path(entity.slug, lang, ".jsonld")
        script = json.dumps(jsonld, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        head = (
            f'<link rel="canonical" href="{e(base_url + path)}">\n'
            f'<link rel="alternate" type="text/turtle" href="{e(relative(path, ttl))}">\n'
            f'<link rel="alternate" type="application/ld+json" href="{e(relative(path, jsld))}">\n'
            f'<script type="application/ld+json">\n{script}\n</script>\n'
        )
        parts = [
            f'<p class="kind">{e(model.class_label(entity, lang))}</p>',
            f'<p class="lead">{self.sentence(entity, lang)}</p>',
        ]
        alt = model.alt_labels(iri)
        other_label = model.label(iri, "fr" if lang == "en" else "en")
        if other_label != model.label(iri, lang):
            alt = [other_label, *[a for a in alt if a != other_label]]
        if alt:
            parts.append(f"<p>{e(t(lang, 'also_known_as'))}: {', '.join(e(a) for a in alt)}</p>")
        comment = model.comment(iri, lang)
        if comment:
            parts.append(f'<p class="note"><strong>{e(t(lang, "notes"))}.</strong> {e(comment)}</p>')
        parts.append(self.facts(entity, path, lang))
        parts += self.tables(entity, path, lang)
        parts.append(self.linked_from(entity, path, lang))
        parts.append(self.elsewhere(entity, lang))
        parts.append(self.sources(entity, lang))
        parts.append(
            f"<section><h2>{e(t(lang, 'machine'))}</h2><ul>"
            f'<li>{e(t(lang, "iri"))}: <a href="{e(iri)}"><code>{e(iri)}</code></a></li>'
            f"<li>{link(path, ttl, t(lang, 'turtle'), type='text/turtle')} · "
            f"{link(path, jsld, t(lang, 'jsonld'), type='application/ld+json')}</li></ul></section>"
        )
        body = "\n".join(p for p in parts if p)
        title = model.label(iri, lang)
        return layout(path, lang, title, body, other, f"{title}: {model.class_label(entity, lang)}", head)

    def sentence(self, entity: Entity, lang: str) -> str:
        """One sentence that says what the entity is, with links."""
        model, g, iri = self.model, self.graph, entity.iri
        path = page_path(entity.slug, lang)
        name = f"<strong>{e(model.label(iri, lang))}</strong>"
        cls = entity.classes[0]
        article = ("une" if cls in FEMININE_FR else "un") if lang == "fr" else "a"
        kind = e(model.label(cls, lang))
        if lang == "en" and kind[:1].lower() in "aeiou":
            article = "an"
        if set(entity.classes) & set(BOOKS):
            authors = list(g.objects(iri, CU.author))
            year = model.year(iri)
            text = f"{name} {'est' if lang == 'fr' else 'is'} {article} {kind}"
            if authors:
                text += f" {t(lang, 'by')} {self.values(path, authors, lang)}"
            if year:
                text += f", {t(lang, 'published_in')} {e(year)}"
            return text + "."
        if CU.CastRole in entity.classes:
            actor, character, work = (g.value(iri, p) for p in (CU.actor, CU.character, CU.work))
            if actor is not None and character is not None and work is not None:
                return (
                    f"{self.value(path, actor, lang)} {t(lang, 'plays')} {self.value(path, character, lang)} "
                    f"{t(lang, 'in')} {self.value(path, work, lang)}."
                )
        if CU.Season in entity.classes:
            series, number, date = (g.value(iri, p) for p in (CU.seasonOf, CU.seasonNumber, CU.premiereDate))
            if series is not None and number is not None:
                text = f"{name} {'est la' if lang == 'fr' else 'is'} {t(lang, 'season')} {e(number)} "
                text += f"{t(lang, 'of')} {self.value(path, series, lang)}"
                return text + (f", {t(lang, 'first_shown')} {e(date)}." if date is not None else ".")
        if CU.Episode in entity.classes:
            season, number, date = (g.value(iri, p) for p in (CU.episodeOf, CU.episodeNumber, CU.releaseDate))
            if season is not None and number is not None:
                text = f"{name} {'est l’' if lang == 'fr' else 'is '}{t(lang, 'episode')} {e(number)} "
                text += f"{t(lang, 'of')} {self.value(path, season, lang)}"
                return text + (f", {t(lang, 'released')} {e(date)}." if date is not None else ".")
        return f"{name} {'est' if lang == 'fr' else 'is'} {article} {kind}."

    def facts(self, entity: Entity, path: str, lang: str) -> str:
        """The entity's own statements as a definition list: property label, linked values."""
        groups: dict[URIRef, list[Node]] = {}
        for predicate, value in self.graph.predicate_objects(entity.iri):
            if predicate not in NOT_FACTS:
                groups.setdefault(predicate, []).append(value)
        if not groups:
            return ""
        items = sorted(groups.items(), key=lambda kv: (self.model.label(kv[0], lang).casefold(), str(kv[0])))
        rows = "".join(
            f"<dt>{e(self.model.label(p, lang))}</dt><dd>{self.values(path, vs, lang)}</dd>" for p, vs in items
        )
        return f'<section><h2>{e(t(lang, "facts"))}</h2><dl class="facts">{rows}</dl></section>'

    def tables(self, entity: Entity, path: str, lang: str) -> list[str]:
        """The tables an entity of its class gets: cast, seasons, episodes, roles, books in order."""
        g, iri, classes = self.graph, entity.iri, set(entity.classes)
        out = []
        if classes & {CU.TVSeries}:
            out.append(self.seasons_table(iri, path, lang))
        if classes & {CU.TVSeries, CU.Film}:
            out.append(self.roles_table(list(g.subjects(CU.work, iri)), path, lang, t(lang, "cast"), "work"))
        if CU.Season in classes:
            out.append(self.roles_table(list(g.subjects(CU.inSeason, iri)), path, lang, t(lang, "cast"), "season"))
            out.append(self.episodes_table(iri, path, lang))
        if CU.Character in classes:
            out.append(
                self.roles_table(list(g.subjects(CU.character, iri)), path, lang, t(lang, "played_by"), "character")
            )
        if CU.Person in classes:
            out.append(self.roles_table(list(g.subjects(CU.actor, iri)), path, lang, t(lang, "roles"), "actor"))
        if CU.BookSeries in classes:
            out.append(self.books_table(iri, path, lang))
        return [o for o in out if o]

    def roles_table(self, roles: list[Node], path: str, lang: str, title: str, seen_from: str) -> str:
        """Who plays whom: actor, character, work, seasons and category (less the column of the page's entity)."""
        g, model = self.graph, self.model
        roles = [r for r in roles if (r, RDF.type, CU.CastRole) in g]
        if not roles:
            return ""
        columns = [c for c in ("actor", "character", "work", "seasons", "category") if c != seen_from]
        if seen_from == "season":
            columns = ["actor", "character", "category"]
        order = {CU.MainCast: 0, CU.RecurringCast: 1, CU.GuestCast: 2}

        def cells(role: Node) -> list[str]:
            seasons = sorted(g.objects(role, CU.inSeason), key=lambda s: int(g.value(s, CU.seasonNumber) or 0))
            found = {
                "actor": self.value(path, g.value(role, CU.actor), lang),
                "character": self.value(path, g.value(role, CU.character), lang),
                "work": self.value(path, g.value(role, CU.work), lang),
                "seasons": ", ".join(
                    link(path, page_path(model.entities[s].slug, lang), str(g.value(s, CU.seasonNumber)))
                    for s in seasons
                    if s in model.entities
                ),
                "category": self.value(path, g.value(role, CU.castCategory), lang)
                if g.value(role, CU.castCategory)
                else "",
            }
            return [
                found[c]
                + (
                    f" ({link(path, page_path(model.entities[role].slug, lang), '→')})"
                    if c == columns[0] and role in model.entities
                    else ""
                )
                for c in columns
            ]

        def key(role: Node) -> tuple:
            category = order.get(g.value(role, CU.castCategory), 3)
            return (category, model.label(g.value(role, CU.actor), lang).casefold(), str(role))

        rows = [cells(r) for r in sorted(roles, key=key)]
        return f"<section><h2>{e(title)}</h2>{table([t(lang, c) for c in columns], rows)}</section>"

    def seasons_table(self, series: URIRef, path: str, lang: str) -> str:
        """A series' seasons: number, premiere, episodes, the books they adapt."""
        g = self.graph
        seasons = sorted(g.subjects(CU.seasonOf, series), key=lambda s: int(g.value(s, CU.seasonNumber) or 0))
        if not seasons:
            return ""
        rows = [
            [
                self.value(path, s, lang),
                e(g.value(s, CU.premiereDate) or ""),
                e(g.value(s, CU.numberOfEpisodes) or ""),
                self.values(path, list(g.objects(s, CU.basedOn)), lang),
            ]
            for s in seasons
        ]
        headers = [t(lang, "season"), t(lang, "premiere"), t(lang, "episodes"), t(lang, "based_on")]
        return f"<section><h2>{e(t(lang, 'seasons').capitalize())}</h2>{table(headers, rows)}</section>"

    def episodes_table(self, season: URIRef, path: str, lang: str) -> str:
        """A season's episodes in order."""
        g = self.graph
        episodes = sorted(g.subjects(CU.episodeOf, season), key=lambda s: int(g.value(s, CU.episodeNumber) or 0))
        if not episodes:
            return ""
        rows = [
            [e(g.value(ep, CU.episodeNumber)), self.value(path, ep, lang), e(g.value(ep, CU.releaseDate) or "")]
            for ep in episodes
        ]
        headers = [t(lang, "position"), t(lang, "title"), t(lang, "date")]
        return f"<section><h2>{e(t(lang, 'episodes'))}</h2>{table(headers, rows)}</section>"

    def books_table(self, series: URIRef, path: str, lang: str) -> str:
        """A book series' books in the series' own order."""
        g = self.graph
        books = []
        for entry in g.subjects(CU.inSeries, series):
            for book in g.subjects(CU.seriesEntry, entry):
                books.append((float(g.value(entry, CU.position) or 0), self.model.year(book), str(book), book, entry))
        if not books:
            return ""
        rows = [
            [e(g.value(entry, CU.position) or ""), self.value(path, book, lang), e(year)]
            for _, year, _, book, entry in sorted(books)
        ]
        headers = [t(lang, "position"), t(lang, "title"), t(lang, "year")]
        return f"<section><h2>{e(t(lang, 'books_in_order'))}</h2>{table(headers, rows)}</section>"

    def linked_from(self, entity: Entity, path: str, lang: str) -> str:
        """The entities whose statements point at this one, with the relation."""
        model = self.model
        rows = []
        for subject, predicate in self.graph.subject_predicates(entity.iri):
            if predicate in IN_TABLES or subject not in model.entities:
                continue
            rows.append(
                (
                    model.label(predicate, lang).casefold(),
                    model.label(subject, lang).casefold(),
                    str(subject),
                    subject,
                    predicate,
                )
            )
        for bnode_owner in self._entry_owners(entity.iri):
            rows.append(
                (
                    model.label(CU.seriesEntry, lang).casefold(),
                    model.label(bnode_owner, lang).casefold(),
                    str(bnode_owner),
                    bnode_owner,
                    CU.seriesEntry,
                )
            )
        if not rows or CU.BookSeries in entity.classes and all(r[4] == CU.seriesEntry for r in rows):
            rows = [r for r in rows if r[4] != CU.seriesEntry]
        if not rows:
            return ""
        cells = [
            [self.value(path, s, lang), e(model.class_label(model.entities[s], lang)), e(model.label(p, lang))]
            for *_, s, p in sorted(set(rows))
        ]
        headers = ["", t(lang, "kind"), t(lang, "relation")]
        return f"<section><h2>{e(t(lang, 'linked_from'))}</h2>{table(headers, cells)}</section>"

    def _entry_owners(self, iri: URIRef) -> list[URIRef]:
        return [
            o
            for entry in self.graph.subjects(CU.inSeries, iri)
            for o in self.graph.subjects(CU.seriesEntry, entry)
            if o in self.model.entities and CU.BookSeries not in self.model.entities[iri].classes
        ]

    def elsewhere(self, entity: Entity, lang: str) -> str:
        """The entity's identifiers in other datasets: Wikipedia, DBpedia, Wikidata, IMDb, ISBN."""
        items = []
        for predicate in IDENTIFIERS:
            for url in sorted(self.graph.objects(entity.iri, predicate)):
                items.append(f"<li>{external(str(url), f'{site_name(str(url))}: {url}')}</li>")
        for isbn in sorted(self.graph.objects(entity.iri, SCHEMA.isbn)):
            items.append(f"<li>ISBN {e(isbn)}</li>")
        if not items:
            return ""
        return f"<section><h2>{e(t(lang, 'elsewhere'))}</h2><ul>{''.join(items)}</ul></section>"

    def sources(self, entity: Entity, lang: str) -> str:
        """The pages the entity's facts were read on."""
        urls = sorted(str(u) for u in self.graph.objects(entity.iri, DCTERMS.source))
        if not urls:
            return ""
        items = "".join(f"<li>{external(u)}</li>" for u in urls)
        return f'<section><h2>{e(t(lang, "sources"))}</h2><ul class="sources">{items}</ul></section>'


def site_name(url: str) -> str:
    """A readable name for a link out: Wikipedia (fr), DBpedia, Wikidata, IMDb, else the host."""
    host = urlparse(url).netloc.lower()
    if host.endswith("wikipedia.org"):
        return f"Wikipedia ({host.split('.')[0]})"
    for known, name in (("dbpedia.org", "DBpedia"), ("wikidata.org", "Wikidata"), ("imdb.com", "IMDb")):
        if host.endswith(known):
            return name
    return host
