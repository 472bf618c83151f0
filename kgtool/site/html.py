"""The page layout shared by every page: head, navigation, language switch, footer; small HTML helpers."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from kgtool.site.i18n import t
from kgtool.site.model import relative

NAV = (
    ("home", "index.html"),
    ("books", "books.html"),
    ("screen", "screen.html"),
    ("characters", "characters.html"),
    ("people", "people.html"),
    ("everything", "all.html"),
    ("queries", "queries/index.html"),
    ("search", "search.html"),
)


def e(text: object) -> str:
    """``text`` escaped for HTML text and attribute values."""
    return escape(str(text), quote=True)


def link(from_path: str, to_path: str, text: str, **attrs: str) -> str:
    """An ``<a>`` from the page ``from_path`` to the site file ``to_path``."""
    extra = "".join(f' {k.rstrip("_")}="{e(v)}"' for k, v in sorted(attrs.items()))
    return f'<a href="{e(relative(from_path, to_path))}"{extra}>{e(text)}</a>'


def external(url: str, text: str | None = None) -> str:
    """A link out of the site."""
    return f'<a href="{e(url)}" rel="external">{e(text or url)}</a>'


def table(headers: Iterable[str], rows: Iterable[Iterable[str]], caption: str | None = None) -> str:
    """A table in a scrolling wrapper; cells are HTML already."""
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    return f'<div class="scroll"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def layout(
    path: str,
    lang: str,
    title: str,
    body: str,
    other_path: str,
    description: str = "",
    head: str = "",
    scripts: Iterable[str] = (),
) -> str:
    """A whole page: ``path`` is its site path, ``other_path`` the same page in the other language."""
    root = "" if lang == "en" else "fr/"
    other = "fr" if lang == "en" else "en"
    nav = "".join(f"<li>{link(path, root + target, t(lang, key))}</li>" for key, target in NAV)
    style = relative(path, "assets/style.css")
    script_tags = "".join(f'<script src="{e(relative(path, s))}"></script>' for s in scripts)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)} — {e(t(lang, 'site'))}</title>\n"
        f'<meta name="description" content="{e(description or t(lang, "tagline"))}">\n'
        f'<link rel="stylesheet" href="{e(style)}">\n'
        f'<link rel="alternate" hreflang="{other}" href="{e(relative(path, other_path))}">\n'
        f"{head}</head>\n<body>\n"
        f'<a class="skip" href="#main">{e(t(lang, "skip"))}</a>\n'
        f'<header><p class="site">{link(path, root + "index.html", t(lang, "site"))}</p>\n'
        f'<nav aria-label="{e(t(lang, "site"))}"><ul>{nav}</ul></nav>\n'
        f'<p class="lang">{link(path, other_path, t(lang, "switch"), hreflang=other, lang=other, rel="alternate")}'
        "</p></header>\n"
        f'<main id="main">\n<h1>{e(title)}</h1>\n{body}\n</main>\n'
        f"<footer><p>{e(t(lang, 'licence'))} "
        '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></p></footer>\n'
        f"{script_tags}</body>\n</html>\n"
    )
