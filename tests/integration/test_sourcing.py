"""Buyer requests (RFQs): a buyer posts what they want to buy, staff publish or return it, the
public list and page show it while it is open, and it closes at its deadline, by the buyer or
with its last quote. On both databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from tests.conftest import login, post_with_token, submit


def _later(days=30) -> str:
    from marketplace.sourcing.services import today

    return (today() + timedelta(days=days)).isoformat()


def _fields(**changes) -> dict:
    return {
        "title": "Stainless steel ball valve DN50",
        "language": "en",
        "category": "industrial-valves",
        "quantity": "5,000",
        "unit": "piece",
        "target_price": "3.20",
        "currency": "USD",
        "trade_term": "FOB",
        "country": "DE",
        "certifications": "CE, ISO 9001",
        "deadline": _later(),
        "details": "Body SS316, PN40.\nPacking: export cartons.",
        **changes,
    }


def _post(client, **changes):
    return submit(client, "/en/account/requests/new", _fields(**changes), follow_redirects=True)


def _only_request(app):
    from marketplace.sourcing.models import BuyerRequest

    with app.app_context():
        found = db.session.scalars(select(BuyerRequest)).all()
        assert len(found) == 1
        db.session.expunge(found[0])
        return found[0]


def _decide(staff, request_id, decision, reason=None):
    data = {"decision": decision, **({"reason": reason} if reason else {})}
    return post_with_token(
        staff, f"/en/staff/expo/requests/{request_id}/decide", data, token_page="/en/staff/expo/requests/"
    )


@pytest.fixture()
def buyer(client, categories, make_user):
    user = make_user(email="anna@buyer.example", full_name="Anna Berg")
    login(client, user.email)
    return user


def test_a_buyer_posts_staff_publish_and_the_public_sees_it_while_open(app, client, buyer, moderator, mailbox):
    page = _post(client).get_data(as_text=True)
    assert "saved as a draft" in page
    item = _only_request(app)
    assert (item.status, item.quantity, item.country, item.trade_term) == ("draft", 5000, "DE", "FOB")
    assert str(item.target_price) == "3.20" and item.unit == "pieces"

    # Nothing public before review: not on the list, not its page, not in the sitemap.
    assert "ball valve" not in client.get("/en/rfq/").get_data(as_text=True)
    assert client.get(f"/en/rfq/{item.id}/").status_code == 404

    page = post_with_token(
        client, f"/en/account/requests/{item.id}/submit", token_page="/en/account/requests/", follow_redirects=True
    ).get_data(as_text=True)
    assert "Sent for review" in page
    queue = moderator.get("/en/staff/expo/requests/").get_data(as_text=True)
    assert "Stainless steel ball valve DN50" in queue and "anna@buyer.example" in queue

    _decide(moderator, item.id, "approve")
    assert "Published: Stainless steel ball valve DN50" in mailbox.last_to("anna@buyer.example")["Subject"]
    listing = client.get("/en/rfq/").get_data(as_text=True)
    assert "Stainless steel ball valve DN50" in listing and "Germany" in listing
    home = client.get("/en/").get_data(as_text=True)
    assert "Latest buyer requests" in home and f"/en/rfq/{item.id}/" in home
    detail = client.get(f"/en/rfq/{item.id}/").get_data(as_text=True)
    assert "Open for quotes" in detail and "5,000" in detail and "FOB: free on board" in detail
    assert "Body SS316, PN40." in detail and "CE, ISO 9001" in detail
    zh = client.get(f"/zh/rfq/{item.id}/").get_data(as_text=True)
    assert "德国" in zh and 'hreflang="en"' in zh
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    urls = [client.get(loc.split("localhost")[-1]).get_data(as_text=True) for loc in _locs(sitemap)]
    assert any(f"/rfq/{item.id}/" in text for text in urls)


def _locs(xml: str) -> list[str]:
    import re

    return re.findall(r"<loc>([^<]+)</loc>", xml)


def test_staff_return_a_request_with_a_reason_and_the_buyer_fixes_it(app, client, buyer, moderator, mailbox):
    _post(client)
    item = _only_request(app)
    post_with_token(client, f"/en/account/requests/{item.id}/submit", token_page="/en/account/requests/")
    _decide(moderator, item.id, "return", "Say which pressure rating you need.")
    mail = mailbox.last_to("anna@buyer.example")
    assert "Not published" in mail["Subject"] and "pressure rating" in mailbox.text_of(mail)
    page = client.get(f"/en/account/requests/{item.id}/edit").get_data(as_text=True)
    assert "Say which pressure rating you need." in page
    submit(client, f"/en/account/requests/{item.id}/edit", _fields(title="Ball valve DN50 PN40"))
    assert _only_request(app).title == "Ball valve DN50 PN40"
    assert client.get(f"/en/rfq/{item.id}/").status_code == 404


def _published(app, buyer_email="anna@buyer.example", **fields):
    """A published request of the buyer, written through the services."""
    from core.accounts.models import User
    from marketplace.sourcing import services

    with app.test_request_context("/en/"):
        user = db.session.scalar(select(User).where(User.email == buyer_email))
        staff = db.session.scalar(select(User).where(User.account_type == "staff"))
        clean, errors = services.clean_request(_fields(**fields))
        assert errors == []
        item = services.create_request(user, clean)
        services.submit(item)
        services.decide(item, staff, "approve")
        db.session.commit()
        return item.id


def test_a_request_closes_at_its_deadline_by_the_buyer_and_with_its_last_quote(app, client, buyer, moderator):
    from marketplace.sourcing.models import MAX_QUOTES, BuyerRequest

    first = _published(app, title="Request one")
    second = _published(app, title="Request two")
    third = _published(app, title="Request three")
    assert all(f"Request {n}" in client.get("/en/rfq/").get_data(as_text=True) for n in ("one", "two", "three"))

    # The buyer closes one (twice: a double click closes it once).
    for _ in range(2):
        post_with_token(client, f"/en/account/requests/{first}/close", token_page="/en/account/requests/")
    with app.app_context():
        from core.audit import AuditEntry

        assert db.session.get(BuyerRequest, first).close_reason == "buyer"
        assert len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "rfq.closed")).all()) == 1
        # The second's deadline passes; the third has all its quotes.
        db.session.get(BuyerRequest, second).deadline -= timedelta(days=40)
        db.session.get(BuyerRequest, third).quotes_count = MAX_QUOTES
        db.session.commit()

    listing = client.get("/en/rfq/").get_data(as_text=True)
    assert not any(f"Request {n}" in listing for n in ("one", "two", "three"))
    everything = client.get("/en/rfq/?closed=1").get_data(as_text=True)
    assert all(f"Request {n}" in everything for n in ("one", "two", "three"))
    assert "Closed by the buyer" in client.get(f"/en/rfq/{first}/").get_data(as_text=True)
    assert "the deadline has passed" in client.get(f"/en/rfq/{second}/").get_data(as_text=True)
    assert "all the quotes it takes" in client.get(f"/en/rfq/{third}/").get_data(as_text=True)
    sitemap_pages = [client.get(loc.split("localhost")[-1]).get_data(as_text=True) for loc in _locs(
        client.get("/sitemap.xml").get_data(as_text=True))]  # fmt: skip
    assert not any("/rfq/" in text for text in sitemap_pages)
    # A closed request no longer changes.
    page = client.get(f"/en/account/requests/{first}/edit").get_data(as_text=True)
    assert "Closed by the buyer" in page and 'name="title"' not in page


def test_the_list_filters_by_category_country_quantity_and_date(app, client, buyer, moderator):
    _published(app, title="Valves for Hamburg", country="DE", quantity="500")
    _published(app, title="Pumps for Lyon", country="FR", category="centrifugal-pumps", quantity="20000")

    def titles(query):
        text = client.get(f"/en/rfq/?{query}").get_data(as_text=True)
        return {t for t in ("Valves for Hamburg", "Pumps for Lyon") if t in text}

    assert titles("") == {"Valves for Hamburg", "Pumps for Lyon"}
    assert titles("country=FR") == {"Pumps for Lyon"}
    assert titles("category=centrifugal-pumps") == {"Pumps for Lyon"}
    assert titles("category=machinery") == {"Valves for Hamburg", "Pumps for Lyon"}  # a parent holds its children
    assert titles("min_quantity=1,000") == {"Pumps for Lyon"}
    assert titles("posted=7") == {"Valves for Hamburg", "Pumps for Lyon"}
    # Values that are not choices are left out, never an error.
    for query in ("country=XX", "country=<script>", "min_quantity=lots", "posted=9999", "category=nope", "page=abc"):
        response = client.get(f"/en/rfq/?{query}")
        assert response.status_code == 200 and titles(query) == {"Valves for Hamburg", "Pumps for Lyon"}


def test_a_visitors_kept_pages_show_every_change_at_once(app, client, buyer, moderator):
    """Signed-out visitors get the list and a request's page from a kept copy (render_shared):
    a quote, a closing, an edit, the deadline passing or an unpublishing shows at once, also
    when written by a statement of its own that leaves ``updated_at`` as it was."""
    from sqlalchemy import update

    from marketplace.sourcing.models import BuyerRequest
    from marketplace.sourcing.services import today

    request_id = _published(app, title="Valves for Hamburg")
    visitor = app.test_client()

    def pages() -> tuple[str, str]:
        detail = visitor.get(f"/en/rfq/{request_id}/")
        return visitor.get("/en/rfq/").get_data(as_text=True), (
            detail.get_data(as_text=True) if detail.status_code == 200 else str(detail.status_code)
        )

    def write(**values) -> None:
        with app.app_context():
            stamp = db.session.get(BuyerRequest, request_id).updated_at
            statement = update(BuyerRequest).where(BuyerRequest.id == request_id)
            db.session.execute(statement.values(updated_at=stamp, **values))
            db.session.commit()

    listing, detail = pages()
    assert "Valves for Hamburg" in listing and "0 quotes" in listing
    assert "Open for quotes" in detail and "0 quotes" in detail
    assert pages() == (listing, detail)  # kept: the same page again

    write(quotes_count=3)
    listing, detail = pages()
    assert "3 quotes" in listing and "3 quotes" in detail

    write(title="Valves for Bremen", details="Body SS316, PN16.")
    listing, detail = pages()
    assert "Valves for Bremen" in listing and "Valves for Bremen" in detail and "PN16" in detail

    write(deadline=today() - timedelta(days=1))
    listing, detail = pages()
    assert "Valves for Bremen" not in listing and "the deadline has passed" in detail

    write(deadline=today() + timedelta(days=5), status="archived")
    listing, detail = pages()
    assert "Valves for Bremen" not in listing and detail == "404"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"quantity": ""}, "quantity", "How many do you want to buy?"),
        ({"quantity": "0"}, "quantity", "Enter a number from 1"),
        ({"quantity": "many"}, "quantity", "Enter a whole number"),
        ({"target_price": "3.199"}, "target_price", "At most 2 decimal places"),
        ({"country": "XX"}, "country", "Choose the destination country from the list."),
        ({"trade_term": "FAS2"}, "trade_term", "Choose a trade term from the list"),
        ({"deadline": "yesterday"}, "deadline", "Give the date as year-month-day"),
        ({"deadline": "2020-01-01"}, "deadline", "The deadline must be after today."),
        ({"deadline": _later(400)}, "deadline", "at most a year away"),
        ({"category": "nope"}, "category", "Choose a category from the list."),
        ({"title": "x" * 201}, "title", "200 characters"),
        ({"details": "x" * 5001}, "details", "5000 characters"),
        ({"title": "<script>alert(1)</script>"}, "title", "Please do not use &lt; or &gt; in this field."),
        ({"details": "ok\n<b>bold</b>"}, "details", "Please do not use &lt; or &gt; in this field."),
        ({"unit": "bucketful"}, "unit", "Choose a unit from the list."),
    ],
)
def test_bad_input_gets_a_message_at_its_field_and_saves_nothing(app, client, buyer, changes, field, message):
    page = _post(client, **changes).get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message.lower() in page.lower()
    from marketplace.sourcing.models import BuyerRequest

    with app.app_context():
        assert db.session.scalars(select(BuyerRequest)).all() == []


def test_a_request_in_chinese_reads_in_chinese(app, client, buyer, moderator):
    zh_id = _published(app, title="求购不锈钢球阀", language="zh", details="材质：SS316", country="US")
    page = client.get(f"/zh/rfq/{zh_id}/").get_data(as_text=True)
    assert '<h1 id="request-title" lang="zh">求购不锈钢球阀</h1>' in page
    assert "美国" in page and "材质：SS316" in page and "接受报价" in page
    assert "求购不锈钢球阀" in client.get("/zh/rfq/").get_data(as_text=True)


def test_only_buyers_post_and_only_their_own_requests(app, client, buyer, make_user, make_exhibitor, moderator):
    request_id = _published(app)
    other = make_user(email="other@buyer.example")
    intruder = app.test_client()
    login(intruder, other.email)
    assert intruder.get(f"/en/account/requests/{request_id}/edit").status_code == 403
    response = post_with_token(intruder, f"/en/account/requests/{request_id}/close", token_page="/en/account/requests/")
    assert response.status_code == 403
    exhibitor = make_exhibitor()
    seller = app.test_client()
    login(seller, exhibitor.email)
    assert seller.get("/en/account/requests/new").status_code == 403
    anonymous = app.test_client()
    assert anonymous.get("/en/account/requests/new").status_code == 302
    # Staff decisions need the moderator role, and a CSRF token.
    assert intruder.post(f"/en/staff/expo/requests/{request_id}/decide", data={"decision": "approve"}).status_code in (
        400,
        403,
    )
    no_token = moderator.post(f"/en/staff/expo/requests/{request_id}/decide", data={"decision": "return"})
    assert no_token.status_code == 400
    from marketplace.sourcing.models import BuyerRequest

    with app.app_context():
        assert db.session.get(BuyerRequest, request_id).status == "published"


def test_a_change_to_a_published_request_waits_for_review(app, client, buyer, moderator):
    request_id = _published(app)
    page = submit(
        client, f"/en/account/requests/{request_id}/edit", _fields(quantity="8000"), follow_redirects=True
    ).get_data(as_text=True)
    assert "wait for review" in page
    assert "5,000" in client.get(f"/en/rfq/{request_id}/").get_data(as_text=True)
    queue = moderator.get("/en/staff/expo/requests/").get_data(as_text=True)
    assert "Change to a published request" in queue and "8000" in queue
    _decide(moderator, request_id, "approve")
    assert "8,000" in client.get(f"/en/rfq/{request_id}/").get_data(as_text=True)


def test_published_requests_are_found_by_search_and_drafts_are_not(app, client, buyer, moderator):
    from core import search

    published = _published(app, title="Stainless steel ball valve DN50", country="AE")
    zh = _published(app, title="求购离心泵", language="zh", category="centrifugal-pumps")
    _post(client, title="Secret draft valve")
    with app.app_context():
        search.drain()
    page = client.get("/en/search?q=ball+valve&type=rfq").get_data(as_text=True)
    assert f"/en/rfq/{published}/" in page and "Open for quotes" in page and "United Arab Emirates" in page
    assert "Secret draft valve" not in client.get("/en/search?q=valve&type=rfq").get_data(as_text=True)
    # Chinese inside a word, pinyin, and the destination by name; the country facet counts it.
    for query in ("离心", "lixinbeng", "Emirates"):
        found = client.get("/api/v1/search", query_string={"q": query, "type": "rfq"}).get_json()
        assert found["total"] == 1, query
    assert f"/zh/rfq/{zh}/" in client.get("/zh/search?q=离心泵").get_data(as_text=True)
    faceted = client.get("/en/search?q=valve&type=rfq&country=AE").get_data(as_text=True)
    assert f"/en/rfq/{published}/" in faceted
    # Closing keeps it findable, marked closed.
    post_with_token(client, f"/en/account/requests/{published}/close", token_page="/en/account/requests/")
    with app.app_context():
        search.drain()
    page = client.get("/en/search?q=ball+valve&type=rfq").get_data(as_text=True)
    assert f"/en/rfq/{published}/" in page and "Closed" in page


# ---------------------------------------------------------------- quotes


def _quote_fields(**changes) -> dict:
    return {
        "unit_price": "2.95",
        "currency": "USD",
        "trade_term": "FOB",
        "moq": "1,000",
        "lead_time_days": "25",
        "valid_until": _later(20),
        "message": "Body SS316, tested to PN40.",
        **changes,
    }


def _quote(client, request_id, **changes):
    return submit(client, f"/en/account/quotes/on/{request_id}", _quote_fields(**changes), follow_redirects=True)


def _seller(app, make_org, make_exhibitor, name, email):
    exhibitor = make_exhibitor(org=make_org(name_en=name), email=email)
    client = app.test_client()
    login(client, exhibitor.email)
    return client


def test_two_exhibitors_quote_the_buyer_compares_accepts_one_and_the_other_is_told(
    app, client, buyer, moderator, make_org, make_exhibitor, mailbox
):
    from marketplace.sourcing.models import BuyerRequest, Quote

    request_id = _published(app)
    first = _seller(app, make_org, make_exhibitor, "Ningbo Valve Works", "sales@valve.example")
    second = _seller(app, make_org, make_exhibitor, "Yuyao Flow Co.", "sales@flow.example")
    assert "Quote on this request" in first.get(f"/en/rfq/{request_id}/").get_data(as_text=True)
    page = _quote(first, request_id).get_data(as_text=True)
    assert "Your quote is sent" in page and "$2.95" in page
    _quote(second, request_id, unit_price="2.70", trade_term="CIF", message="Price includes sea freight.")
    told = mailbox.to("anna@buyer.example")
    assert sum("New quote on Stainless steel ball valve DN50" in m["Subject"] for m in told) == 2

    # Exhibitors never see each other's quotes.
    assert "2.70" not in first.get("/en/account/quotes/").get_data(as_text=True)
    assert first.get(f"/en/account/requests/{request_id}/quotes").status_code == 403
    again = _quote(first, request_id, unit_price="2.50").get_data(as_text=True)
    assert "Your organization quoted" in again
    with app.app_context():
        assert db.session.get(BuyerRequest, request_id).quotes_count == 2
        quotes = {q.organization.name_en: q.id for q in db.session.scalars(select(Quote))}

    # The buyer compares side by side, shortlists, accepts one.
    compare = client.get(f"/en/account/requests/{request_id}/quotes").get_data(as_text=True)
    assert "Ningbo Valve Works" in compare and "Yuyao Flow Co." in compare and "Price includes sea freight." in compare
    assert compare.index("$2.70") < compare.index("$2.95")  # cheapest first
    token_page = f"/en/account/requests/{request_id}/quotes"
    post_with_token(
        client, f"/en/account/requests/quotes/{quotes['Ningbo Valve Works']}/shortlist", token_page=token_page
    )
    page = post_with_token(
        client,
        f"/en/account/requests/quotes/{quotes['Ningbo Valve Works']}/accept",
        token_page=token_page,
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "You accepted the quote" in page
    assert "was accepted" in mailbox.last_to("sales@valve.example")["Subject"]
    declined = mailbox.last_to("sales@flow.example")
    assert "was declined" in declined["Subject"] and "accepted another offer" in mailbox.text_of(declined)
    with app.app_context():
        assert db.session.get(BuyerRequest, request_id).close_reason == "accepted"
    assert "the buyer accepted a quote" in client.get(f"/en/rfq/{request_id}/").get_data(as_text=True)
    # Only the accepted supplier sees the buyer's address.
    assert "anna@buyer.example" in first.get("/en/account/quotes/").get_data(as_text=True)
    assert "anna@buyer.example" not in second.get("/en/account/quotes/").get_data(as_text=True)
    assert "anna@buyer.example" not in second.get(f"/en/rfq/{request_id}/").get_data(as_text=True)


def test_the_monthly_quote_quota_lapses_at_the_month_end(app, client, buyer, moderator, make_org, make_exhibitor):
    from marketplace.sourcing.models import Quote

    ids = [_published(app, title=f"Request {n}") for n in range(5)]
    seller = _seller(app, make_org, make_exhibitor, "Busy Exporter", "busy@export.example")
    for request_id in ids[:3]:  # a free tier quotes 3 times a month
        assert "Your quote is sent" in _quote(seller, request_id).get_data(as_text=True)
    refused = _quote(seller, ids[3]).get_data(as_text=True)
    assert "You have used this month's quotes. The quota renews on" in refused.replace("&#39;", "'")
    assert "used this month's quotes" in seller.get(f"/en/account/quotes/on/{ids[4]}").get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Quote)).all()) == 3
        from core.db import utcnow

        for quote in db.session.scalars(select(Quote)):  # those quotes were last month's
            quote.created_at = utcnow().replace(day=1) - timedelta(days=2)
        db.session.commit()
    assert "Your quote is sent" in _quote(seller, ids[3]).get_data(as_text=True)
    assert "Quotes left this month: 2 of 3" in seller.get("/en/account/quotes/").get_data(as_text=True)


def test_the_tenth_quote_closes_a_request_and_a_closed_one_takes_none(
    app, client, buyer, moderator, make_org, make_exhibitor
):
    from marketplace.sourcing.models import MAX_QUOTES, BuyerRequest, Quote

    request_id = _published(app)
    with app.app_context():
        db.session.get(BuyerRequest, request_id).quotes_count = MAX_QUOTES - 1
        db.session.commit()
    last = _seller(app, make_org, make_exhibitor, "Last Quoter", "last@q.example")
    assert "Your quote is sent" in _quote(last, request_id).get_data(as_text=True)
    late = _seller(app, make_org, make_exhibitor, "Late Quoter", "late@q.example")
    assert "no longer takes quotes" in _quote(late, request_id).get_data(as_text=True)
    with app.app_context():
        item = db.session.get(BuyerRequest, request_id)
        assert (item.quotes_count, item.close_reason) == (MAX_QUOTES, "quotes")
        assert len(db.session.scalars(select(Quote)).all()) == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"unit_price": ""}, "unit_price", "Give your unit price."),
        ({"unit_price": "cheap"}, "unit_price", "Enter a price"),
        ({"unit_price": "0"}, "unit_price", "more than zero"),
        ({"trade_term": ""}, "trade_term", "Choose the trade term"),
        ({"trade_term": "XYZ"}, "trade_term", "Choose a trade term from the list"),
        ({"valid_until": "2020-01-01"}, "valid_until", "until today at least"),
        ({"valid_until": "soon"}, "valid_until", "year-month-day"),
        ({"moq": "-5"}, "moq", "whole number"),
        ({"message": "<script>alert(1)</script>"}, "message", "Please do not use &lt; or &gt;"),
        ({"message": "x" * 3001}, "message", "3000 characters"),
    ],
)
def test_a_bad_quote_gets_a_message_and_uses_no_quota(
    app, client, buyer, moderator, make_org, make_exhibitor, changes, field, message
):
    from marketplace.sourcing.models import BuyerRequest, Quote

    request_id = _published(app)
    seller = _seller(app, make_org, make_exhibitor, "Careful Co.", "careful@q.example")
    page = _quote(seller, request_id, **changes).get_data(as_text=True)
    assert f'id="{field}-error"' in page and message.lower() in page.lower()
    with app.app_context():
        assert db.session.scalars(select(Quote)).all() == []
        assert db.session.get(BuyerRequest, request_id).quotes_count == 0


def test_only_verified_exhibitors_quote_and_only_the_buyer_decides(
    app, client, buyer, moderator, make_org, make_exhibitor, make_user
):
    request_id = _published(app)
    pending = make_exhibitor(org=make_org(status="pending"), email="pending@q.example")
    unverified = app.test_client()
    login(unverified, pending.email)
    assert "Only exhibitors verified by the bureau can quote." in _quote(unverified, request_id).get_data(as_text=True)
    assert client.get(f"/en/account/quotes/on/{request_id}").status_code == 403  # a buyer does not quote
    seller = _seller(app, make_org, make_exhibitor, "Honest Co.", "honest@q.example")
    _quote(seller, request_id)
    from marketplace.sourcing.models import Quote

    with app.app_context():
        quote_id = db.session.scalar(select(Quote.id))
    other = app.test_client()
    login(other, make_user(email="nosy@buyer.example").email)
    denied = post_with_token(
        other, f"/en/account/requests/quotes/{quote_id}/accept", token_page="/en/account/requests/"
    )
    assert denied.status_code == 403
    assert post_with_token(seller, f"/en/account/requests/quotes/{quote_id}/accept").status_code == 403
    with app.app_context():
        assert db.session.get(Quote, quote_id).status == "submitted"


# ---------------------------------------------------------------- inquiries


def test_an_inquiry_from_a_product_page_becomes_a_conversation_across_languages(
    app, client, buyer, make_org, make_exhibitor, make_product, mailbox
):
    org = make_org(name_en="Ningbo Valve Works", name_zh="宁波阀门厂")
    owner = make_exhibitor(org=org, email="owner@valve.cn", lang="zh")
    product = make_product(org.id, title_en="Ball valve DN50", title_zh="球阀 DN50")
    page = client.get(f"/en/products/{product.id}-{product.slug}/").get_data(as_text=True)
    assert f"/en/account/inquiries/new?product={product.id}" in page
    sent = submit(
        client,
        f"/en/account/inquiries/new?product={product.id}",
        {"quantity": "2,000", "body": "Can you do PN40? We ship to Hamburg."},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Your inquiry is sent" in sent and "Can you do PN40?" in sent
    mail = mailbox.last_to("owner@valve.cn")
    assert mail["Subject"] == "新消息：Ball valve DN50"  # in the owner's language; the subject as the buyer saw it
    link = mailbox.link_in(mail, r"https?://\S+/zh/account/inquiries/\d+")
    thread_path = "/" + link.split("/", 3)[3]

    seller = app.test_client()
    login(seller, owner.email, lang="zh")
    inbox = seller.get("/zh/account/inquiries/").get_data(as_text=True)
    assert "1 条未读" in inbox
    answer = submit(seller, thread_path, {"body": "可以，PN40 没问题。Yes, PN40 is fine."}, follow_redirects=True)
    assert "PN40 没问题" in answer.get_data(as_text=True)
    assert "unread" not in seller.get("/en/account/inquiries/").get_data(as_text=True)  # read when opened
    reply_mail = mailbox.last_to("anna@buyer.example")
    assert "New message" in reply_mail["Subject"] and "PN40 is fine" in mailbox.text_of(reply_mail)
    inbox = client.get("/en/account/inquiries/").get_data(as_text=True)
    assert "1 unread" in inbox and "Ningbo Valve Works" in inbox
    thread = client.get(thread_path.replace("/zh/", "/en/")).get_data(as_text=True)
    assert "Can you do PN40?" in thread and "PN40 没问题" in thread and "Quantity: 2,000" in thread
    from marketplace.sourcing.models import Inquiry

    with app.app_context():
        inquiry = db.session.scalar(select(Inquiry))
        assert inquiry.first_response_at is not None and inquiry.buyer_unread == 0


def test_an_inquiry_is_read_by_its_two_sides_only_and_spam_is_refused(
    app, client, buyer, make_org, make_exhibitor, make_user
):
    org = make_org(name_en="Cixi Lamps")
    make_exhibitor(org=org, email="lamps@cixi.cn")
    booth_inquiry = f"/en/account/inquiries/new?exhibitor={org.id}"
    links = "see http://a.example http://b.example www.c.example"
    page = submit(client, booth_inquiry, {"body": links}).get_data(as_text=True)
    assert "at most 2 links" in page
    for body, message in (("", "This field is required."), ("x" * 5001, "5000 characters"),
                          ("<script>alert(1)</script>", "Please do not use &lt; or &gt;")):  # fmt: skip
        assert message in submit(client, booth_inquiry, {"body": body}).get_data(as_text=True)
    assert submit(client, booth_inquiry, {"body": "Price list, please.", "quantity": "lots"}).status_code == 200
    from marketplace.sourcing.models import Inquiry

    with app.app_context():
        assert db.session.scalars(select(Inquiry)).all() == []
    submit(client, booth_inquiry, {"body": "Price list, please."})
    with app.app_context():
        inquiry_id = db.session.scalar(select(Inquiry.id))
    rival = make_exhibitor(org=make_org(name_en="Rival Lamps"), email="rival@lamps.cn")
    other_buyer = make_user(email="other@buyer.example")
    for email in (rival.email, other_buyer.email):
        intruder = app.test_client()
        login(intruder, email)
        assert intruder.get(f"/en/account/inquiries/{inquiry_id}").status_code == 403
        assert "Price list" not in intruder.get("/en/account/inquiries/").get_data(as_text=True)
    assert app.test_client().get(f"/en/account/inquiries/{inquiry_id}").status_code == 302
    assert client.get(f"/en/account/inquiries/new?exhibitor={make_org(status='pending').id}").status_code == 404
    assert client.get("/en/account/inquiries/new?product=999999").status_code == 404
    assert client.get("/en/account/inquiries/new").status_code == 404


def test_an_exhibitor_assigns_an_inquiry_to_a_colleague_or_declines_it_with_a_reason(
    app, client, buyer, make_org, make_exhibitor, mailbox
):
    from marketplace.sourcing.models import Inquiry

    org = make_org(name_en="Cixi Lamps")
    owner = make_exhibitor(org=org, email="owner@lamps.cn")
    colleague = make_exhibitor(org=org, role="editor", email="sales@lamps.cn", full_name="Li Sales")
    outsider = make_exhibitor(org=make_org(name_en="Other Co."), email="x@other.cn")
    submit(client, f"/en/account/inquiries/new?exhibitor={org.id}", {"body": "Price list, please."})
    with app.app_context():
        inquiry_id = db.session.scalar(select(Inquiry.id))
    thread = f"/en/account/inquiries/{inquiry_id}"
    seller = app.test_client()
    login(seller, owner.email)
    # Only a colleague of the same organization, and only the exhibitor's side, can be assigned to.
    page = post_with_token(
        seller, f"{thread}/assign", {"colleague": str(outsider.id)}, token_page=thread, follow_redirects=True
    )
    assert "Choose a colleague from your organization." in page.get_data(as_text=True)
    post_with_token(seller, f"{thread}/assign", {"colleague": str(colleague.id)}, token_page=thread)
    assert "Assigned to Li Sales" in seller.get("/en/account/inquiries/").get_data(as_text=True)
    assert post_with_token(client, f"{thread}/assign", {"colleague": ""}, token_page=thread).status_code == 403
    # A decline needs a reason, closes the thread, tells the buyer and counts as an answer.
    empty = post_with_token(seller, f"{thread}/decline", {"reason": ""}, token_page=thread, follow_redirects=True)
    assert "This field is required." in empty.get_data(as_text=True)
    post_with_token(seller, f"{thread}/decline", {"reason": "We do not export to this market."}, token_page=thread)
    told = mailbox.last_to("anna@buyer.example")
    assert "declined your inquiry" in mailbox.text_of(told) and "do not export" in mailbox.text_of(told)
    page = client.get(thread).get_data(as_text=True)
    assert "The supplier declined this inquiry" in page and 'name="body"' not in page
    refused = post_with_token(client, thread, {"body": "Please reconsider."}, token_page="/en/account/inquiries/")
    assert refused.status_code == 200 and "The supplier declined this inquiry" in refused.get_data(as_text=True)
    with app.app_context():
        inquiry = db.session.get(Inquiry, inquiry_id)
        assert inquiry.first_response_at is not None and len(inquiry.messages) == 1
