"""``kgtool site -o DIR``: write the whole static site, deterministically, touching only what changed.

Every file is computed in memory and written only when its bytes differ from what ``DIR`` holds, so a
second build of the same graph changes nothing and a build of a changed graph rewrites only the pages
it affects. Files a previous build wrote and this one does not (an entity removed) are deleted: the list
of files written is kept in ``DIR/.kgtool-site``. A folder that holds other files and no such list is
refused, so that a wrong ``-o`` never deletes anything.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from kgtool.errors import UsageError
from kgtool.export.document import serialise
from kgtool.export.neighbourhood import neighbourhood
from kgtool.export.schema_view import schema_view
from kgtool.query.registry import registry
from kgtool.site.htaccess import htaccess
from kgtool.site.indexes import IndexPages
from kgtool.site.model import LANGS, SiteModel, page_path
from kgtool.site.pages import EntityPages
from kgtool.site.pictures import diagram_svg
from kgtool.site.queries import index_page, query_page
from kgtool.site.schema import complete_view, entity_document
from kgtool.site.search import search_script
from kgtool.site.sparql_page import plain_sparql_page, sparql_page
from kgtool.store.dataset import Dataset

MANIFEST = ".kgtool-site"
DEFAULT_BASE_URL = "https://connelly-kg.github.io/"
ASSETS = (
    "style.css",
    "search.js",
    "lunr.min.js",
    "lunr.LICENSE",
    "sparql.js",
    "yasgui-page.js",
    "yasgui.min.js",
    "yasgui.min.css",
    "yasgui.LICENSE",
)


@dataclass
class BuildReport:
    """What a build did: files written (new or changed), unchanged, and deleted."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)

    def describe(self, folder: Path) -> str:
        """One line for the command line."""
        total = len(self.written) + self.unchanged
        return (
            f"site in {folder}: {total} files ({len(self.written)} written, {self.unchanged} unchanged, "
            f"{len(self.deleted)} deleted)"
        )


def build_site(dataset: Dataset, folder: Path, base_url: str = DEFAULT_BASE_URL) -> BuildReport:
    """Build the site of ``dataset`` into ``folder``; return what changed."""
    if not base_url.endswith("/"):
        base_url += "/"
    files = site_files(dataset, base_url)
    return write_tree(folder, files)


def site_files(dataset: Dataset, base_url: str) -> dict[str, bytes]:
    """Every file of the site, by path relative to its root."""
    import pyoxigraph

    from kgtool.store.cache import load_into

    model = SiteModel.of(dataset.graph)
    store = pyoxigraph.Store()
    load_into(store, dataset.files)
    view = complete_view(schema_view(dataset), dataset.graph)
    files: dict[str, str | bytes] = {}
    pages = EntityPages(model)
    for entity in model.entities.values():
        document = entity_document(view, entity.iri)
        for lang in LANGS:
            path = page_path(entity.slug, lang)
            files[path] = pages.page(entity, lang, {**document, "url": base_url + path}, base_url)
        around = neighbourhood(dataset.graph, entity.iri)
        files[page_path(entity.slug, "en", ".ttl")] = serialise(around, "turtle")
        files[page_path(entity.slug, "en", ".jsonld")] = serialise(around, "jsonld", dataset.root)
    diagram = diagram_svg(model)
    saved = registry(dataset.root)
    for lang in LANGS:
        indexes = IndexPages(model, lang)
        prefix = "" if lang == "en" else "fr/"
        files[prefix + "index.html"] = indexes.home(diagram)
        files[prefix + "books.html"] = indexes.books()
        files[prefix + "screen.html"] = indexes.screen()
        files[prefix + "characters.html"] = indexes.characters()
        files[prefix + "people.html"] = indexes.people()
        files[prefix + "all.html"] = indexes.everything()
        files[prefix + "search.html"] = indexes.search()
        files[prefix + "queries/index.html"] = index_page(saved, lang)
        for query in saved.values():
            files[f"{prefix}queries/{query.name}.html"] = query_page(model, query, store, lang)
    files["sparql.html"] = sparql_page(saved)
    files["sparql-plain.html"] = plain_sparql_page(saved)
    files["search-index.js"] = search_script(model)
    files["w3id/.htaccess"] = htaccess(base_url)
    files["robots.txt"] = "User-agent: *\nAllow: /\n"
    for name in ASSETS:
        files[f"assets/{name}"] = resources.files("kgtool.site").joinpath("assets", name).read_bytes()
    return {path: (text.encode("utf-8") if isinstance(text, str) else text) for path, text in sorted(files.items())}


def previous_build(folder: Path) -> list[str]:
    """The files a previous build wrote into ``folder`` (none for a new or empty folder); an error for a file or
    for a folder holding anything else, which a build would mix with its own files."""
    if not folder.exists():
        return []
    if not folder.is_dir():
        raise UsageError(f"{folder}: not a folder")
    manifest = folder / MANIFEST
    if manifest.is_file():
        return json.loads(manifest.read_text(encoding="utf-8"))
    if any(folder.iterdir()):
        raise UsageError(f"{folder}: the folder is not empty and holds no site built by kgtool; choose another -o")
    return []


def write_tree(folder: Path, files: dict[str, bytes]) -> BuildReport:
    """Write ``files`` under ``folder`` where their bytes differ; delete what the previous build wrote alone."""
    manifest = folder / MANIFEST
    previous = previous_build(folder)
    folder.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    for path, data in files.items():
        target = folder / path
        if target.is_file() and target.read_bytes() == data:
            report.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
        report.written.append(path)
    for path in sorted(set(previous) - set(files)):
        target = folder / path
        if target.is_file():
            target.unlink()
            report.deleted.append(path)
    listing = json.dumps(sorted(files), indent=0) + "\n"
    if not manifest.is_file() or manifest.read_text(encoding="utf-8") != listing:
        manifest.write_text(listing, encoding="utf-8")
    return report
