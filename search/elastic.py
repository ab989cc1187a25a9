"""The Elasticsearch backend (work in progress: see the contract suite)."""

from __future__ import annotations


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str = "tradewindow", plain_json: bool = False):
        from elasticsearch import Elasticsearch

        kwargs = {"request_timeout": 5}
        if plain_json:
            # Test servers that speak the REST API but not the versioned media type
            # (see shared/services.md): ask for plain JSON. Real clusters use the defaults.
            kwargs["node_class"] = _plain_json_node()
        self.client = Elasticsearch(url, **kwargs)
        self.prefix = prefix
        self.types = {}

    def register(self, doc_type) -> None:
        self.types[doc_type.name] = doc_type

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
