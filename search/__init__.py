"""The search library: document types, the embedded and Elasticsearch backends.

It knows nothing of Flask, core or the faces. The faces describe what is searchable
(``DocumentType`` with its ``TextField``s and ``Facet``s); ``core.search`` feeds the backend
from the outbox and hands it the staff's ``Synonyms``. Both backends keep the terms that
``search.analysis`` makes (Chinese characters and pairs, English stems, pinyin), so neither
needs a plugin, and rank by the points written down in ``search.model``.

Every backend offers: ``register(type)``, ``index(documents)``, ``remove(type, keys)``,
``rebuild(batches, types=None)`` (atomic), ``clear()``, ``search(request, synonyms)`` →
``Result``, ``suggest(prefix, types, limit)``, ``state()`` (for /healthz) and ``status()``.
"""

from __future__ import annotations

import os

from search.model import (
    Document,
    DocumentType,
    Facet,
    Hit,
    Request,
    Result,
    Suggestion,
    Synonyms,
    TextField,
)

__all__ = [
    "Document",
    "DocumentType",
    "Facet",
    "Hit",
    "Request",
    "Result",
    "SearchUnavailable",
    "Suggestion",
    "Synonyms",
    "TextField",
    "make_backend",
]


class SearchUnavailable(Exception):
    """The backend did not answer (the search server is down or unreachable)."""


def make_backend(settings: dict):
    url = settings.get("ELASTICSEARCH_URL")
    if url:
        from search.elastic import ElasticsearchBackend

        return ElasticsearchBackend(
            url,
            prefix=settings.get("ELASTICSEARCH_INDEX_PREFIX") or "tradewindow",
            plain_json=bool(settings.get("ELASTICSEARCH_PLAIN_JSON")),
        )
    from search.embedded import EmbeddedBackend

    path = settings.get("SEARCH_INDEX_PATH") or os.path.join(str(settings["INSTANCE_PATH"]), "search")
    return EmbeddedBackend(str(path), refresh=float(settings.get("SEARCH_REFRESH_SECONDS", 30)))
