"""The search index of the static site: lunr.py builds a lunr.js index of every label, in both languages.

Labels are folded before indexing (lower case, accents and punctuation removed: ``Les Égouts`` is indexed
as ``les egouts``) and ``assets/search.js`` folds what is typed the same way, so search ignores accents
and case. The index and the list of documents are written as one script (``search-index.js``) that sets
``window.KG_SEARCH``: a ``<script>`` loads it from the file system too, where ``fetch`` could not.
"""

from __future__ import annotations

import json
import re
import unicodedata

from lunr import lunr

from kgtool.site.model import SiteModel, page_path


def fold(text: str) -> str:
    """Lower case, accents removed, anything but letters and digits turned into spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def search_script(model: SiteModel) -> str:
    """The text of ``search-index.js``: the serialised lunr index and the documents it refers to."""
    documents, shown = [], []
    for number, entity in enumerate(model.entities.values()):
        labels = model.labels(entity.iri)
        words = {fold(labels["en"]), fold(labels["fr"]), *(fold(a) for a in model.alt_labels(entity.iri))}
        documents.append({"id": str(number), "en": fold(labels["en"]), "other": " ".join(sorted(words))})
        shown.append(
            {
                "en": labels["en"],
                "fr": labels["fr"],
                "kind": {lang: model.class_label(entity, lang) for lang in ("en", "fr")},
                "path": {lang: page_path(entity.slug, lang) for lang in ("en", "fr")},
            }
        )
    index = lunr(ref="id", fields=[{"field_name": "en", "boost": 2}, "other"], documents=documents)
    payload = {"index": index.serialize(), "docs": shown}
    return (
        "window.KG_SEARCH = " + json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + ";\n"
    )
