"""Search as a visitor, an exhibitor and staff meet it: the results page, the API, the
suggestions, the synonyms, and an index that follows every change through the outbox."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests.conftest import login, make_other_app, post_with_token, submit


def drained(app):
    """Index what the fixtures committed (a request's commit drains by itself)."""
    from core import search

    with app.app_context():
        return search.drain()


def results(html: str) -> list[str]:
    return re.findall(r'<h3 class="hit-title"><a href="[^"]*">([^<]*)</a>', html)


@pytest.fixture()
def catalog(app, make_org, make_product, make_booth):
    supplier = make_org(name_zh="宁波清泉水泵有限公司", name_en="Ningbo Clearwater Pump Co.", district="330206")
    make_booth(org=supplier, main_products_en="Pumps and valves")
    pump = make_product(
        supplier.id,
        title_en="Stainless centrifugal pump",
        title_zh="不锈钢离心水泵",
        description_zh="安装简单，使用方便",
        category="centrifugal-pumps",
        certifications="CE, ISO 9001",
        price_min=120,
        currency="USD",
        moq=10,
    )
    valve = make_product(
        supplier.id,
        title_en="Brass gate valve",
        title_zh="黄铜闸阀",
        category="industrial-valves",
        price_min=8,
        moq=500,
    )
    lamp = make_product(title_en="LED panel light", title_zh="LED面板灯", category="led-lighting", price_min=3)
    drained(app)
    return {"supplier": supplier, "pump": pump, "valve": valve, "lamp": lamp}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("centrifugal", ["Stainless centrifugal pump"]),
        ("简单", ["Stainless centrifugal pump"]),  # a two-character word inside 安装简单
        ("ningbo", ["Stainless centrifugal pump", "Brass gate valve"]),  # pinyin of the supplier's name
        ("nb", ["Stainless centrifugal pump", "Brass gate valve"]),
        ("centrifgual", ["Stainless centrifugal pump"]),  # a typo in a long word
    ],
)
def test_a_visitor_finds_products_in_english_chinese_pinyin_and_with_a_typo(client, catalog, query, expected):
    """(``pump`` finds the valve too, through its supplier's name: the title match ranks first.)"""
    html = client.get("/en/search", query_string={"q": query, "type": "product"}).get_data(as_text=True)
    assert sorted(results(html)) == sorted(expected)


def test_the_page_in_chinese_shows_chinese_titles_marks_and_tabs(client, catalog):
    page = client.get("/zh/search", query_string={"q": "水泵"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "不锈钢离心水泵" in results(html)
    assert "宁波清泉水泵有限公司" in results(html)  # the exhibitor, in the same list
    assert "<mark>水泵</mark>" in html
    assert re.search(r"产品\s*<span class=\"count\">\(2\)</span>", html) or "(2)" in html
    assert 'hreflang="en"' in html


def test_facets_narrow_and_their_counts_ignore_their_own_choice(app, client, catalog):
    from marketplace.catalog.models import Category

    html = client.get("/en/search", query_string={"q": "ningbo", "type": "product"}).get_data(as_text=True)
    assert re.search(r"Machinery\s*<span class=\"count\">\(2\)</span>", html)
    with app.app_context():
        tree = dict(db.session.execute(select(Category.slug, Category.id)).all())
    narrowed = client.get(
        "/en/search", query_string={"q": "ningbo", "type": "product", "category": str(tree["centrifugal-pumps"])}
    ).get_data(as_text=True)
    assert results(narrowed) == ["Stainless centrifugal pump"]
    cert = client.get("/en/search", query_string={"q": "ningbo", "type": "product", "certification": "ISO9001"})
    assert results(cert.get_data(as_text=True)) == ["Stainless centrifugal pump"]
    cheap = client.get("/en/search", query_string={"q": "ningbo", "type": "product", "price_max": "50"})
    assert results(cheap.get_data(as_text=True)) == ["Brass gate valve"]
    small = client.get("/en/search", query_string={"q": "ningbo", "type": "product", "moq_max": "100"})
    assert results(small.get_data(as_text=True)) == ["Stainless centrifugal pump"]


def test_bad_filter_values_get_a_message_and_change_nothing(client, catalog):
    page = client.get("/en/search", query_string={"q": "ningbo", "type": "product", "price_min": "cheap"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "enter a number" in html
    assert len(results(html)) == 2
    chinese = client.get("/zh/search", query_string={"q": "ningbo", "type": "product", "price_min": "便宜"})
    assert "请输入数字" in chinese.get_data(as_text=True)


def test_zero_results_offer_help(client, catalog):
    html = client.get("/en/search", query_string={"q": "xylophone"}).get_data(as_text=True)
    assert "Nothing found" in html and "Try fewer or other words" in html
    filtered = client.get("/en/search", query_string={"q": "pump", "type": "product", "price_min": "100000"})
    assert "without filters" in filtered.get_data(as_text=True)


def test_an_archived_product_leaves_the_results_at_once(client, app, catalog, make_exhibitor):
    owner = make_exhibitor(org=catalog["supplier"])
    assert "Stainless centrifugal pump" in results(client.get("/en/search?q=centrifugal").get_data(as_text=True))
    assert client.get("/en/search?q=centrifugal").get_data(as_text=True).count("hit-title") == 1  # kept, same page
    login(client, owner.email)
    pump = catalog["pump"]
    post_with_token(client, f"/en/account/catalog/{pump.id}/archive", token_page="/en/account/catalog/")
    # No explicit drain: the request's commit queued the job, which ran in-process after it.
    assert results(client.get("/en/search?q=centrifugal").get_data(as_text=True)) == []
    # A signed-out visitor's page is kept per index generation: the kept page is not shown.
    assert results(app.test_client().get("/en/search?q=centrifugal").get_data(as_text=True)) == []
    with app.app_context():
        from core.search import SearchOutbox

        assert db.session.scalar(select(func.count()).where(SearchOutbox.processed_at.is_(None))) == 0


def test_a_renamed_supplier_is_found_by_its_new_name(client, app, catalog):
    from core.organizations.models import Organization

    with app.app_context():
        org = db.session.get(Organization, catalog["supplier"].id)
        org.name_en = "Blue River Hydraulics"
        db.session.commit()
    drained(app)
    html = client.get("/en/search", query_string={"q": "hydraulics", "type": "product"}).get_data(as_text=True)
    assert sorted(results(html)) == ["Brass gate valve", "Stainless centrifugal pump"]


def test_the_api_gives_the_same_results_as_json(client, catalog):
    body = client.get("/api/v1/search", query_string={"q": "ningbo", "type": "product", "lang": "en"}).get_json()
    assert body["total"] == 2
    assert sorted(h["title"] for h in body["hits"]) == ["Brass gate valve", "Stainless centrifugal pump"]
    assert all(h["url"].startswith("/en/products/") for h in body["hits"])
    assert body["type_counts"]["product"] == 2
    assert any(o["label"] == "Machinery" and o["count"] == 2 for o in body["facets"]["category"])
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "/api/v1/search" in spec["paths"] and "/api/v1/suggest" in spec["paths"]


def test_suggestions_while_typing(client, catalog):
    def texts(prefix):
        return [s["text"] for s in client.get("/api/v1/suggest", query_string={"q": prefix}).get_json()["suggestions"]]

    assert "水泵" in texts("shuib")
    assert "水泵" in texts("sb")
    assert "stainless" in texts("stai")
    assert "宁波清泉水泵有限公司" in texts("宁波清")
    assert texts("") == []


def test_staff_synonyms_apply_without_a_reindex(client, app, catalog, moderator):
    assert results(client.get("/en/search?q=8413&type=product").get_data(as_text=True)) == []
    client = moderator
    page = submit(
        client, "/en/staff/synonyms/", {"terms": "水泵 = pump, 8413", "note": "HS heading"}, follow_redirects=True
    )
    assert "Searches use it within a minute" in page.get_data(as_text=True)
    # 水泵 in a title (10 × 0.5) before "Pump" in the valve's supplier name (6 × 0.5).
    found = results(client.get("/en/search?q=8413&type=product").get_data(as_text=True))
    assert found == ["Stainless centrifugal pump", "Brass gate valve"]
    twice = submit(client, "/en/staff/synonyms/", {"terms": "pump = 泵"})
    assert "already in the group" in twice.get_data(as_text=True)
    one = submit(client, "/en/staff/synonyms/", {"terms": "pump"})
    assert "at least two words" in one.get_data(as_text=True)
    with app.app_context():
        from core.audit import AuditEntry

        assert (
            db.session.scalar(select(AuditEntry.action).where(AuditEntry.action.like("synonym.%"))) == "synonym.created"
        )


def test_buyers_cannot_edit_synonyms(client, make_user):
    buyer = make_user()
    login(client, buyer.email)
    assert client.get("/en/staff/synonyms/").status_code in (403, 404)


def test_health_reports_the_search_and_its_outbox(client, catalog):
    body = client.get("/healthz").get_json()
    assert body["checks"]["search"]["ok"] is True
    assert body["checks"]["search"]["outbox"] == {"waiting": 0, "oldest_seconds": 0.0}


def test_search_server_down_edits_still_commit_and_the_page_says_so(app, catalog):
    """A backend that cannot be reached: the write commits, the outbox keeps the change, the
    page and /healthz say search is degraded."""
    from core import search
    from core.jobs import JobRun
    from marketplace.catalog.models import Product

    down = make_other_app(app, ELASTICSEARCH_URL="http://127.0.0.1:9", ELASTICSEARCH_PLAIN_JSON=True)
    with down.app_context():
        product = db.session.get(Product, catalog["valve"].id)
        product.title_en = "Brass gate valve, forged"
        db.session.commit()
        assert db.session.get(Product, catalog["valve"].id).title_en == "Brass gate valve, forged"
        waiting = search.outbox_lag()["waiting"]
        assert waiting >= 1
        with pytest.raises(search.search.SearchUnavailable):
            search.drain()
        assert search.outbox_lag()["waiting"] == waiting
        db.session.query(JobRun).delete()
        db.session.commit()
    client = down.test_client()
    page = client.get("/en/search?q=valve")
    assert page.status_code == 503 and "Search is not available right now" in page.get_data(as_text=True)
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded" and health["checks"]["search"]["ok"] is False
    assert health["checks"]["search"]["outbox"]["waiting"] >= 1
    drained(app)  # the embedded index catches up once it is reached
    html = app.test_client().get("/en/search?q=forged").get_data(as_text=True)
    assert results(html) == ["Brass gate valve, forged"]


def test_reindex_and_status_from_the_command_line(app, catalog):
    runner = app.test_cli_runner()
    out = runner.invoke(args=["search", "reindex"])
    assert out.exit_code == 0, out.output
    assert '"product": 3' in out.output
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 0
    data = json.loads(status.output)
    assert data["documents"]["product"] == data["database"]["product"] == 3
    assert data["outbox"]["waiting"] == 0
    wrong = runner.invoke(args=["search", "reindex", "--type", "nonsense"])
    assert wrong.exit_code != 0 and "nonsense" in wrong.output


def test_the_same_visitor_and_exporter_on_elasticsearch(app, catalog, make_exhibitor):
    """The flow above with the Elasticsearch backend (the test server ``make test`` starts):
    a rebuild from the database, the same pages and API, and an archived product gone."""
    import uuid

    from core import search
    from tests.conftest import require_service

    url = require_service("TEST_ELASTICSEARCH_URL", "the Elasticsearch-API test server")
    if not url:
        pytest.skip("no Elasticsearch-API server (TEST_ELASTICSEARCH_URL)")
    es_app = make_other_app(
        app, ELASTICSEARCH_URL=url, ELASTICSEARCH_PLAIN_JSON=True, ELASTICSEARCH_INDEX_PREFIX=f"t{uuid.uuid4().hex[:8]}"
    )
    try:
        with es_app.app_context():
            assert search.reindex()["documents"] == {"product": 3, "exhibitor": 1}
        client = es_app.test_client()
        for query, expected in [
            ("简单", ["Stainless centrifugal pump"]),
            ("nb", ["Brass gate valve", "Stainless centrifugal pump"]),
        ]:
            html = client.get("/en/search", query_string={"q": query, "type": "product"}).get_data(as_text=True)
            assert sorted(results(html)) == expected
        body = client.get("/api/v1/search", query_string={"q": "ningbo", "type": "product", "lang": "en"}).get_json()
        assert body["total"] == 2 and any(o["label"] == "Machinery" for o in body["facets"]["category"])
        suggestions = client.get("/api/v1/suggest", query_string={"q": "shuib"}).get_json()["suggestions"]
        assert "水泵" in [s["text"] for s in suggestions]
        owner = make_exhibitor(org=catalog["supplier"])
        login(client, owner.email)
        post_with_token(client, f"/en/account/catalog/{catalog['pump'].id}/archive", token_page="/en/account/catalog/")
        with es_app.app_context():
            found = search.backend().search(search.search.Request("centrifugal", types=("product",)))
            assert found.total == 0  # gone from the index itself, not only from the page
    finally:
        with es_app.app_context():
            search.backend().drop()


@pytest.fixture(params=["embedded", "elasticsearch"])
def site(request, app):
    """The app on the embedded index, or on the Elasticsearch-API test server."""
    if request.param == "embedded":
        yield app
        return
    import uuid

    from core import search
    from tests.conftest import require_service

    url = require_service("TEST_ELASTICSEARCH_URL", "the Elasticsearch-API test server")
    if not url:
        pytest.skip("no Elasticsearch-API server (TEST_ELASTICSEARCH_URL)")
    es_app = make_other_app(
        app, ELASTICSEARCH_URL=url, ELASTICSEARCH_PLAIN_JSON=True, ELASTICSEARCH_INDEX_PREFIX=f"t{uuid.uuid4().hex[:8]}"
    )
    yield es_app
    with es_app.app_context():
        search.backend().drop()


def test_a_responsive_exhibitor_ranks_higher_once_its_flag_changes(site, make_org, make_product, make_booth, make_user):
    """Response metrics in the ranking: when an organization becomes responsive (or stops
    being), its booth and products are re-indexed through the outbox and earn (or lose) one
    point; the daily refresh changing only its figures writes nothing to the outbox."""
    from datetime import timedelta

    from core.db import utcnow
    from core.search import SearchOutbox
    from marketplace.sourcing import metrics
    from marketplace.sourcing.models import Inquiry, ResponseStats

    prompt = make_org(name_zh="快回阀门有限公司", name_en="Prompt Forge Valves")
    slow = make_org(name_zh="慢回阀门有限公司", name_en="Slow Forge Valves")
    for org in (prompt, slow):
        make_booth(org=org, main_products_en="Forged valves")
    now = utcnow()
    # Equal matches (title 10 + verified 2), both published long ago: the newer one, slow's, first.
    make_product(prompt.id, title_en="Forged ball valve", published_at=now - timedelta(days=100))
    make_product(slow.id, title_en="Forged ball valve", published_at=now - timedelta(days=90))
    buyer = make_user()
    drained(site)

    client = site.test_client()

    def ranked(kind):
        body = client.get("/api/v1/search", query_string={"q": "forged", "type": kind, "lang": "en"}).get_json()
        return [(h["url"], h["score"]) for h in body["hits"]]

    def owner(url):
        return "prompt" if url in prompt_urls else "slow"

    def order(kind):
        return [(owner(url), score) for url, score in ranked(kind)]

    prompt_urls = set()
    for kind in ("product", "exhibitor"):
        body = client.get("/api/v1/search", query_string={"q": "prompt", "type": kind, "lang": "en"}).get_json()
        prompt_urls.update(h["url"] for h in body["hits"])
    assert len(prompt_urls) == 2
    assert order("product") == [("slow", 12.0), ("prompt", 12.0)]
    assert order("exhibitor") == [("slow", 13.0), ("prompt", 13.0)]

    def inquiries(waits):
        """Inquiries to ``prompt`` made two days ago, answered after each wait (None: never)."""
        with site.app_context():
            asked = utcnow() - timedelta(days=2)
            for wait in waits:
                db.session.add(
                    Inquiry(
                        buyer_id=buyer.id,
                        organization_id=prompt.id,
                        subject="Forged ball valve",
                        last_message_at=asked,
                        created_at=asked,
                        first_response_at=None if wait is None else asked + wait,
                    )
                )
            db.session.commit()

    def refreshed():
        """Refresh ``prompt``'s stats; the outbox rows the commit wrote."""
        with site.app_context():
            last = db.session.scalar(select(func.coalesce(func.max(SearchOutbox.id), 0)))
            assert metrics.refresh([prompt.id]) == 1  # a figure changed every time
            db.session.commit()
            written = db.session.execute(
                select(SearchOutbox.doc_type, SearchOutbox.key).where(SearchOutbox.id > last)
            ).all()
            return [tuple(row) for row in written]

    inquiries([timedelta(hours=1), timedelta(hours=3), timedelta(hours=20)])
    assert refreshed() == [("organization", str(prompt.id))]  # a new row, responsive
    assert order("product") == [("slow", 12.0), ("prompt", 12.0)]  # not before the drain
    drained(site)
    assert order("product") == [("prompt", 13.0), ("slow", 12.0)]
    assert order("exhibitor") == [("prompt", 14.0), ("slow", 13.0)]  # booths changed today: fresh too

    inquiries([timedelta(hours=2)])  # four of four in time: other figures, still responsive
    assert refreshed() == []
    with site.app_context():
        assert db.session.get(ResponseStats, prompt.id).received == 4

    inquiries([None, None, None])  # four of seven in time: no longer responsive
    assert refreshed() == [("organization", str(prompt.id))]
    drained(site)
    assert order("product") == [("slow", 12.0), ("prompt", 12.0)]
    assert order("exhibitor") == [("slow", 13.0), ("prompt", 13.0)]


def test_the_ranking_help_page_explains_the_responsive_point(client):
    html = client.get("/en/help/search").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Exhibitor that answers buyers in time: +1" in text
    # The rule as marketplace.sourcing.metrics applies it, not a copy of its numbers.
    assert "at least 80% of the inquiries it received in the last 30 days within 24 hours" in text
    assert "(at least 3 inquiries)" in text
    assert "every extra (6 points)" in text  # verified 2, Premium 2, responsive 1, fresh 1
    assert client.get("/zh/help/search").status_code == 200


def test_the_response_stats_watch_reads_the_flag_alone(app, make_org):
    """What each write to a ``response_stats`` row sends to the outbox: only writes that make
    the organization responsive or stop it being so (a new row that is not says nothing)."""
    from core.search import SearchOutbox
    from marketplace.sourcing.models import ResponseStats

    quiet, keen = make_org(), make_org()

    def written(change):
        with app.app_context():
            last = db.session.scalar(select(func.coalesce(func.max(SearchOutbox.id), 0)))
            change()
            db.session.commit()
            rows = db.session.execute(
                select(SearchOutbox.doc_type, SearchOutbox.key).where(SearchOutbox.id > last).order_by(SearchOutbox.key)
            ).all()
            return [tuple(row) for row in rows]

    def stats(org):
        return db.session.get(ResponseStats, org.id)

    def add():
        db.session.add(ResponseStats(organization_id=quiet.id, received=1, answered_in_time=0, rate=0.0))
        db.session.add(
            ResponseStats(organization_id=keen.id, received=3, answered_in_time=3, rate=1.0, responsive=True)
        )

    assert written(add) == [("organization", str(keen.id))]
    assert written(lambda: setattr(stats(keen), "median_minutes", 42)) == []
    assert written(lambda: setattr(stats(keen), "responsive", True)) == []  # the same value again
    assert written(lambda: setattr(stats(quiet), "responsive", True)) == [("organization", str(quiet.id))]
    assert written(lambda: setattr(stats(quiet), "responsive", False)) == [("organization", str(quiet.id))]
    assert written(lambda: db.session.delete(stats(quiet))) == []  # it was not responsive
    assert written(lambda: db.session.delete(stats(keen))) == [("organization", str(keen.id))]
