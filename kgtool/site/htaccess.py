"""The content-negotiation rules of the w3id.org entry, as an Apache ``.htaccess`` file.

w3id.org redirects ``https://w3id.org/connelly/resource/novel/the-black-echo`` (303 See Other) to the
site's Turtle file for a client that asks for ``text/turtle``, to its JSON-LD for ``application/ld+json``
(or ``application/json``), to the French page for a browser whose first language is French, and to the
English page otherwise. The file goes in the ``connelly/`` folder of the w3id.org repository.
"""

from __future__ import annotations

RULES = [
    ("text/turtle|application/x-turtle", ".ttl"),
    ("application/ld\\+json|application/json", ".jsonld"),
]


def htaccess(base_url: str) -> str:
    """The ``.htaccess`` text that redirects the resource IRIs to the site at ``base_url``."""
    base = base_url.rstrip("/")
    lines = [
        "# w3id.org/connelly: content negotiation for the resource IRIs of connelly-kg (written by kgtool site)",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
    ]
    for accept, suffix in RULES:
        lines += [
            f"RewriteCond %{{HTTP_ACCEPT}} ({accept})",
            f"RewriteRule ^resource/(.+)$ {base}/resource/$1{suffix} [R=303,L]",
            "",
        ]
    lines += [
        "RewriteCond %{HTTP:Accept-Language} ^fr",
        f"RewriteRule ^resource/(.+)$ {base}/fr/resource/$1.html [R=303,L]",
        "",
        f"RewriteRule ^resource/(.+)$ {base}/resource/$1.html [R=303,L]",
        f"RewriteRule ^$ {base}/ [R=302,L]",
        "",
    ]
    return "\n".join(lines)
