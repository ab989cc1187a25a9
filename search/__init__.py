"""The search library: document types, the embedded and Elasticsearch backends.

It knows nothing of Flask, core or the faces: the app hands in settings (and, once the
catalog exists, its database session and document types). The embedded backend keeps its
index in the application's SQLite database; the Elasticsearch backend talks to a cluster
through the official client. ``search.analysis`` turns texts and queries into the terms
both backends keep (Chinese pairs, English stems, pinyin), so no backend needs a plugin;
indexing and querying through the backends are the search issue's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentType:
    """A kind of searchable thing a face registers (product, exhibitor, policy ...)."""

    name: str
    label: object
    fields: tuple[str, ...] = field(default_factory=tuple)


class EmbeddedBackend:
    name = "embedded"

    def state(self) -> dict:
        return {"backend": self.name, "ok": True}


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, plain_json: bool = False):
        from elasticsearch import Elasticsearch

        kwargs = {"request_timeout": 5}
        if plain_json:
            # Test servers that speak the REST API but not the versioned media type
            # (see shared/services.md): ask for plain JSON. Real clusters use the defaults.
            kwargs["node_class"] = _plain_json_node()
        self.client = Elasticsearch(url, **kwargs)

    def state(self) -> dict:
        try:
            ok = bool(self.client.ping())
        except Exception as exc:  # any transport failure means "down" for the health page
            return {"backend": self.name, "ok": False, "error": type(exc).__name__}
        return {"backend": self.name, "ok": ok}


def _plain_json_node():
    from elastic_transport import Urllib3HttpNode

    class PlainJsonNode(Urllib3HttpNode):
        def perform_request(self, method, target, body=None, headers=None, **kwargs):
            headers = dict(headers or {})
            for name in list(headers):
                if name.lower() in ("accept", "content-type") and "vnd.elasticsearch" in str(headers[name]):
                    headers[name] = "application/json"
            return super().perform_request(method, target, body=body, headers=headers, **kwargs)

    return PlainJsonNode


def make_backend(settings: dict):
    url = settings.get("ELASTICSEARCH_URL")
    if url:
        return ElasticsearchBackend(url, plain_json=bool(settings.get("ELASTICSEARCH_PLAIN_JSON")))
    return EmbeddedBackend()
