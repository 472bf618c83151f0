"""kgtool site: the static site built from the shipped graph, checked by parsing every page and in Chromium."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from pyld import jsonld
from rdflib import Graph

from kgtool.site.build import build_site

from conftest import FIXTURES, ROOT
from helpers import load_copy

ECHO = "resource/novel/the-black-echo.html"
SEASON = "resource/series/ballard/season-1.html"


class Links(HTMLParser):
    """Every href and src of a page, its ids, and its JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name])
        if values.get("id"):
            self.ids.add(values["id"])
        self._in_jsonld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_entity_has_a_page_in_both_languages_and_its_data_files(built_site, dataset):
    from kgtool.site.model import SiteModel

    model = SiteModel.of(dataset.graph)
    assert len(model.entities) > 700
    for entity in model.entities.values():
        for path in (f"resource/{entity.slug}.html", f"fr/resource/{entity.slug}.html"):
            assert (built_site / path).is_file(), path
        assert (built_site / f"resource/{entity.slug}.ttl").is_file()
        assert (built_site / f"resource/{entity.slug}.jsonld").is_file()
    for page in ("index.html", "books.html", "screen.html", "characters.html", "people.html", "search.html"):
        assert (built_site / page).is_file() and (built_site / "fr" / page).is_file()


def test_every_internal_link_resolves(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 1500
    broken = []
    for page in pages:
        found = parse(page)
        for target in found.links:
            parts = urlsplit(target)
            if parts.scheme or target.startswith("//"):
                continue  # a link out of the site (sources, Wikipedia…), never loaded by the page itself
            if not parts.path:
                if parts.fragment and parts.fragment not in found.ids:
                    broken.append(f"{page.relative_to(built_site)} -> {target}")
                continue
            resolved = (page.parent / unquote(parts.path)).resolve()
            if not resolved.is_file():
                broken.append(f"{page.relative_to(built_site)} -> {target}")
    assert broken == []


def test_pages_load_nothing_from_other_hosts(built_site):
    outside = re.compile(r'<(script[^>]+src|link rel="stylesheet"[^>]+href|img[^>]+src)="(https?:)?//')
    for page in [built_site / ECHO, built_site / "index.html", built_site / "search.html", built_site / "sparql.html"]:
        assert not outside.search(page.read_text(encoding="utf-8")), page


def test_the_jsonld_of_a_season_parses_with_pyld_and_says_who_plays_whom(built_site):
    scripts = parse(built_site / SEASON).scripts
    assert len(scripts) == 1
    document = json.loads(scripts[0])
    quads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    graph = Graph().parse(data=quads, format="nquads")
    answer = graph.query(
        """PREFIX schema: <https://schema.org/>
        SELECT ?actor ?character WHERE {
          <https://w3id.org/connelly/resource/series/ballard/season-1> schema:actor ?role .
          ?role a schema:PerformanceRole ; schema:actor/schema:name ?actor ; schema:characterName ?character .
        }"""
    )
    pairs = {(str(a), str(c)) for a, c in answer}
    assert ("Maggie Q", "Renée Ballard") in pairs
    assert ("Titus Welliver", "Harry Bosch") in pairs
    licences = {str(o) for o in graph.objects(None, jsonld_term("license"))}
    assert licences == {"https://creativecommons.org/licenses/by/4.0/"}


def test_the_jsonld_of_a_novel_has_its_author_series_position_and_adaptations(built_site):
    document = json.loads(parse(built_site / "resource/novel/the-concrete-blonde.html").scripts[0])
    expanded = jsonld.expand(document)
    graph = Graph().parse(data=jsonld.to_rdf(expanded, {"format": "application/n-quads"}), format="nquads")
    text = graph.serialize(format="nt")
    novel = "<https://w3id.org/connelly/resource/novel/the-concrete-blonde>"
    assert f"{novel} <https://schema.org/author> <https://w3id.org/connelly/resource/person/michael-connelly>" in text
    assert f"{novel} <https://schema.org/position> " in text
    assert f"<https://w3id.org/connelly/resource/series/bosch/season-1> <https://schema.org/isBasedOn> {novel}" in text
    assert "<https://en.wikipedia.org/wiki/The_Concrete_Blonde>" in text or "The_Concrete_Blonde" in text


def jsonld_term(name: str):
    from rdflib import URIRef

    return URIRef(f"https://schema.org/{name}")


def test_entity_pages_link_their_turtle_and_jsonld_which_parse(built_site):
    page = built_site / ECHO
    found = parse(page)
    for suffix, fmt in ((".ttl", "turtle"), (".jsonld", "json-ld")):
        target = next(link for link in found.links if link.endswith(suffix))
        graph = Graph().parse((page.parent / target).resolve(), format=fmt)
        assert len(graph) > 20
    text = page.read_text(encoding="utf-8")
    assert 'rel="alternate" type="text/turtle"' in text and 'rel="alternate" type="application/ld+json"' in text
    assert "Les Égouts de Los Angeles" in text and "https://en.wikipedia.org/wiki/The_Black_Echo" in text
    assert "9780316153614" in text and "http://dbpedia.org/resource/The_Black_Echo" in text


def test_query_pages_show_the_sparql_and_the_answer(built_site):
    page = (built_site / "queries/cast.html").read_text(encoding="utf-8")
    assert "Answer for series=Ballard" in page and "Renée Ballard" in page and "SELECT" in page
    assert (built_site / "fr/queries/novels.html").is_file()
    assert len(list((built_site / "queries").glob("*.html"))) == len(list((ROOT / "queries").glob("*.rq"))) + 1


def test_the_htaccess_negotiates_turtle_jsonld_and_html(built_site):
    rules = (built_site / "w3id/.htaccess").read_text(encoding="utf-8")

    def redirect(path: str, accept: str, language: str = "en") -> str:
        """Apply the RewriteCond/RewriteRule pairs the way Apache does, to one request."""
        condition_ok = True
        for line in rules.splitlines():
            if line.startswith("RewriteCond"):
                variable, pattern = line.split()[1:3]
                value = accept if "ACCEPT}" in variable else language
                condition_ok = condition_ok and re.search(pattern, value) is not None
            elif line.startswith("RewriteRule"):
                pattern, target = line.split()[1:3]
                match = re.match(pattern, path)
                if match and condition_ok:
                    return target.replace("$1", match.group(1))
                condition_ok = True
        return ""

    iri = "resource/novel/the-black-echo"
    base = "https://example.org/connelly"
    assert redirect(iri, "text/turtle") == f"{base}/resource/novel/the-black-echo.ttl"
    assert redirect(iri, "application/ld+json") == f"{base}/resource/novel/the-black-echo.jsonld"
    assert redirect(iri, "text/html,application/xhtml+xml") == f"{base}/resource/novel/the-black-echo.html"
    assert redirect(iri, "text/html", "fr-FR,fr") == f"{base}/fr/resource/novel/the-black-echo.html"


@pytest.mark.slow
def test_building_twice_is_identical_and_a_change_rewrites_only_what_it_affects(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    again = build_site(load_copy(root=ROOT), copy, "https://example.org/connelly/")
    assert again.written == [] and again.deleted == []
    change = tmp_path / "change.ttl"
    change.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://w3id.org/connelly/resource/novel/the-black-ice> skos:altLabel "Black Ice"@en .\n',
        encoding="utf-8",
    )
    changed = build_site(load_copy(extra=[change], root=ROOT), copy, "https://example.org/connelly/")
    assert "resource/novel/the-black-ice.html" in changed.written
    assert "resource/novel/the-black-echo.html" not in changed.written
    assert len(changed.written) <= 6, changed.written


def test_a_folder_that_is_not_a_site_is_refused(kgtool, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    run = kgtool("site", "-o", str(tmp_path))
    assert run.code == 2
    assert "holds no site built by kgtool" in run.err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert FIXTURES.is_dir()


# --- in a real browser ---------------------------------------------------------------------------------


def open_page(browser, url: str, width: int = 1100):
    """A page of the site opened in Chromium; any request to another host fails the test."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    outside: list[str] = []
    page.route(re.compile(r"^https?://.*"), lambda route: (outside.append(route.request.url), route.abort()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    return page, outside, errors


def test_an_entity_page_renders_in_chromium(browser, built_site):
    page, outside, errors = open_page(browser, (built_site / SEASON).as_uri(), width=390)  # a phone
    assert page.locator("h1").inner_text() == "Ballard, season 1"
    assert page.get_by_role("link", name="Maggie Q").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    page.get_by_role("link", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Ballard, saison 1"
    assert outside == [] and errors == []
    page.close()


def test_the_home_page_draws_the_franchise_and_the_timeline(browser, built_site):
    page, outside, errors = open_page(browser, (built_site / "index.html").as_uri())
    assert page.locator("svg.timeline a").count() > 40
    if shutil.which("dot"):
        assert page.locator("svg.diagram").count() == 1
        page.locator("svg.diagram a").first.click()
        assert "/resource/" in page.url
    assert outside == [] and errors == []
    page.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_search_finds_les_egouts_from_egouts(browser, built_site, lang):
    search = built_site / ("search.html" if lang == "en" else "fr/search.html")
    page, outside, errors = open_page(browser, search.as_uri())
    page.locator("#q").fill("egouts")
    first = page.locator("#results li a").first
    first.wait_for()
    shown = first.inner_text()
    assert shown == ("The Black Echo" if lang == "en" else "Les Égouts de Los Angeles")
    assert "Les Égouts de Los Angeles" in page.locator("#results li").first.inner_text()
    first.click()
    assert page.url.endswith("resource/novel/the-black-echo.html")
    assert ("/fr/" in page.url) == (lang == "fr")
    page.goto(search.as_uri() + "?q=BOSCH")
    page.locator("#results li a").first.wait_for()
    assert page.locator("#results li a").count() > 3
    assert outside == [] and errors == []
    page.close()
