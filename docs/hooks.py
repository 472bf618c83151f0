"""MkDocs hooks: the manual links the repository's own files the way GitHub shows them.

A page of docs/ links a file of the repository relatively (``../bench/RESULTS.md``, ``../checks/``), so the
link works when the page is read on GitHub. In the built site:

- the Markdown files listed in :data:`INCLUDED` become pages of the site (``bench/RESULTS.md`` is the page
  ``performance-results.md``), and links to them point at those pages;
- a link to any other file of the repository becomes the path in code (``checks/profile.yaml``), or a link
  to it on the repository's host when mkdocs.yml sets ``repo_url``.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.structure.files import File

INCLUDED = {"bench/RESULTS.md": "performance-results.md", "CONTRIBUTING.md": "contributing-data.md"}
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]+)\]\((?P<target>[^)\s]+)\)")


def on_files(files, config):
    """Add the repository's Markdown files of :data:`INCLUDED` to the site."""
    root = Path(config["config_file_path"]).parent
    for source, uri in INCLUDED.items():
        files.append(File.generated(config, uri, abs_src_path=str(root / source)))
    return files


def on_page_markdown(markdown, page, config, files):
    """Rewrite the links of a page that leave docs/ for a file of the repository."""
    source = INCLUDED_BY_URI.get(page.file.src_uri)
    folder = posixpath.dirname(source) if source else posixpath.join("docs", posixpath.dirname(page.file.src_uri))

    def rewrite(match: re.Match) -> str:
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return match[0]
        path, _, anchor = target.partition("#")
        repository_path = posixpath.normpath(posixpath.join(folder, path))
        if repository_path.startswith("docs/") and not source:
            return match[0]  # a page of the manual: MkDocs checks it
        if repository_path in INCLUDED:
            page_uri = posixpath.relpath(INCLUDED[repository_path], posixpath.dirname(page.file.src_uri) or ".")
            return f"[{match['text']}]({page_uri}{'#' + anchor if anchor else ''})"
        if repository_path.startswith("docs/"):
            return f"[{match['text']}]({posixpath.relpath(repository_path, 'docs')})"
        shown = repository_path + ("/" if path.endswith("/") else "")
        if config.get("repo_url"):
            return f"[{match['text']}]({config['repo_url'].rstrip('/')}/blob/main/{shown})"
        text = match["text"]
        return text if text.strip("`") == shown else f"{text} (`{shown}`)"

    return _LINK.sub(rewrite, markdown)


INCLUDED_BY_URI = {uri: source for source, uri in INCLUDED.items()}
