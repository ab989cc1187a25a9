"""Inquiry analytics (/<lang>/account/inquiries/analytics): a gold or premium exhibitor reads its
inquiries of the last twelve months (per month, by the buyer's country, by product, how quickly
it replies); a free-tier exhibitor reads which tiers have them instead; nobody sees another
organization's inquiries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lxml import html as lxml_html

from core.extensions import db
from tests.conftest import login

SHANGHAI = "Asia/Shanghai"  # the site's time zone (BABEL_DEFAULT_TIMEZONE): months are its months


def _month_start(now: datetime, back: int) -> datetime:
    """Midnight (UTC) of the first day of the month ``back`` months before ``now``'s, in Shanghai."""
    import pytz

    zone = pytz.timezone(SHANGHAI)
    local = now.astimezone(zone)
    year, month = local.year, local.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return zone.localize(datetime(year, month, 1)).astimezone(UTC)


def _in_month(now: datetime, back: int) -> datetime:
    """A moment inside that month, and not in the future."""
    start = _month_start(now, back)
    if back == 0:
        return start + (now - start) / 2
    return start + timedelta(days=14, hours=5)


def _table(page: str, caption: str) -> list[list[str]]:
    """The body rows (header cell and data cells, as text) of the table with that caption."""
    tree = lxml_html.fromstring(page)
    tables = [
        t for t in tree.iter("table") if t.find("caption") is not None and caption in t.find("caption").text_content()
    ]
    assert len(tables) == 1, f"no table captioned {caption!r}"
    return [[" ".join(cell.text_content().split()) for cell in row] for row in tables[0].find("tbody").iter("tr")]


def _facts(page: str) -> dict[str, str]:
    tree = lxml_html.fromstring(page)
    terms = tree.xpath("//dl[contains(@class, 'facts')]/dt")
    return {" ".join(dt.text_content().split()): " ".join(dt.getnext().text_content().split()) for dt in terms}


@pytest.fixture()
def two_exhibitors(clean_app, make_org, make_booth, make_exhibitor, make_product, make_user):
    """A gold exhibitor with known inquiries, and a free one whose inquiries come from Japan about
    its "Butterfly valve": numbers that must never show on the other's page."""
    from core.db import utcnow
    from marketplace.sourcing.models import Inquiry

    now = utcnow()
    gold_org = make_org(name_en="Ningbo Gold Valves")
    make_booth(org=gold_org, tier_code="gold")
    gold_owner = make_exhibitor(org=gold_org)
    gate = make_product(organization_id=gold_org.id, title_en="Gate valve", sku="GV-50")
    ball = make_product(organization_id=gold_org.id, title_en="Ball valve", sku="BV-20")
    free_org = make_org(name_en="Free Butterfly Works")
    make_booth(org=free_org)
    free_owner = make_exhibitor(org=free_org)
    butterfly = make_product(organization_id=free_org.id, title_en="Butterfly valve", sku="FV-99")
    de = make_user(country="DE")
    us = make_user(country="US")
    nowhere = make_user()
    jp = make_user(country="JP")

    def inquiry(org, buyer, created, product=None, wait=None):
        db.session.add(
            Inquiry(
                buyer_id=buyer.id,
                organization_id=org.id,
                product_id=product.id if product else None,
                subject="Price list",
                last_message_at=created,
                created_at=created,
                first_response_at=created + wait if wait is not None else None,
            )
        )

    minutes = timedelta(minutes=1)
    with clean_app.app_context():
        # This month: two about the gate valve, answered in 30 minutes and in 3 hours.
        inquiry(gold_org, de, _in_month(now, 0), gate, 30 * minutes)
        inquiry(gold_org, us, _in_month(now, 0) - timedelta(seconds=1), gate, 180 * minutes)
        # Two months ago: the ball valve, never answered.
        inquiry(gold_org, de, _in_month(now, 2), ball)
        # Eleven months ago: about the booth, answered after 25 hours.
        inquiry(gold_org, nowhere, _in_month(now, 11), None, 25 * 60 * minutes)
        # Thirteen months ago: out of the twelve months.
        inquiry(gold_org, de, _in_month(now, 13), ball, 10 * minutes)
        # The other organization's, this month.
        for _ in range(3):
            inquiry(free_org, jp, _in_month(now, 0), butterfly, 5 * minutes)
        db.session.commit()
    return {"gold": gold_owner, "free": free_owner, "now": now}


def test_a_gold_exhibitor_reads_its_inquiries_per_month_country_and_product_with_its_reply_times(
    clean_app, two_exhibitors
):
    import pytz
    from babel.dates import format_skeleton

    client = clean_app.test_client()
    login(client, two_exhibitors["gold"].email)
    response = client.get("/en/account/inquiries/analytics")
    assert response.status_code == 200
    page = response.get_data(as_text=True)

    facts = _facts(page)
    assert facts["Inquiries received"] == "4"  # not the one of thirteen months ago
    assert facts["Replied"] == "3 (75%)"
    assert facts["Answered within 24 hours"] == "50%"  # 30 min and 3 h of 4 counted
    assert facts["Median time to the first reply"] == "3 h 0 min"  # of 30 min, 3 h, 25 h

    now = two_exhibitors["now"]
    months = _table(page, "Inquiries received and replied to, per month")
    zone = pytz.timezone(SHANGHAI)
    labels = [
        format_skeleton("yMMMM", _month_start(now, back).astimezone(zone).date(), locale="en")
        for back in range(11, -1, -1)
    ]
    assert [row[0] for row in months] == labels  # twelve months, oldest first, empty ones too
    by_month = {row[0]: row[1:] for row in months}
    assert by_month[labels[-1]] == ["2", "2"]
    assert by_month[labels[-3]] == ["1", "0"]
    assert by_month[labels[0]] == ["1", "1"]
    assert sum(int(row[1]) for row in months) == 4

    assert _table(page, "Inquiries by the buyer's country") == [
        ["Germany", "2", "50%"],
        ["United States", "1", "25%"],
        ["Not given", "1", "25%"],
    ]
    assert _table(page, "The products that drew the most inquiries") == [
        ["Gate valve", "GV-50", "2"],
        ["Ball valve", "BV-20", "1"],
    ]
    # Nothing of the other organization's.
    assert "Japan" not in page and "Butterfly valve" not in page and "FV-99" not in page


def test_the_page_is_in_chinese_too(clean_app, two_exhibitors):
    import pytz
    from babel.dates import format_skeleton

    client = clean_app.test_client()
    login(client, two_exhibitors["gold"].email, lang="zh")
    page = client.get("/zh/account/inquiries/analytics").get_data(as_text=True)
    assert '<html lang="zh' in page
    row_headers = [" ".join(th.text_content().split()) for th in lxml_html.fromstring(page).xpath("//tbody//th")]
    this_month = _month_start(two_exhibitors["now"], 0).astimezone(pytz.timezone(SHANGHAI)).date()
    assert format_skeleton("yMMMM", this_month, locale="zh") in row_headers  # e.g. 2026年12月
    assert "德国" in row_headers and "美国" in row_headers


def test_a_free_tier_exhibitor_is_told_which_tiers_have_analytics_and_sees_no_figures(clean_app, two_exhibitors):
    client = clean_app.test_client()
    login(client, two_exhibitors["free"].email)
    response = client.get("/en/account/inquiries/analytics")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "A benefit of the gold and premium tiers" in page
    assert 'href="/en/membership/"' in page
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//main//table") == [] and tree.xpath("//dl[contains(@class, 'facts')]") == []
    # Its own three inquiries from Japan about the butterfly valve are not counted out for it either.
    assert "Japan" not in page and "Butterfly valve" not in page


def test_the_figures_follow_the_tier(clean_app, two_exhibitors):
    """Premium has analytics as gold does; back on the free tier the figures are gone at once."""
    from marketplace.expo.models import ExhibitorProfile

    owner = two_exhibitors["gold"]
    client = clean_app.test_client()
    login(client, owner.email)
    for tier, shown in (("premium", True), ("free", False)):
        with clean_app.app_context():
            db.session.get(ExhibitorProfile, owner.organization_id).tier_code = tier
            db.session.commit()
        page = client.get("/en/account/inquiries/analytics").get_data(as_text=True)
        assert ("Gate valve" in page) is shown, tier
        assert ("A benefit of the gold and premium tiers" in page) is not shown, tier


def test_buyers_and_visitors_do_not_reach_analytics(clean_app, two_exhibitors, make_user):
    visitor = clean_app.test_client()
    response = visitor.get("/en/account/inquiries/analytics")
    assert response.status_code in (302, 401) and "Gate valve" not in response.get_data(as_text=True)
    buyer = make_user(email="buyer@example.com")
    client = clean_app.test_client()
    login(client, buyer.email)
    response = client.get("/en/account/inquiries/analytics")
    assert response.status_code == 403
    assert "Gate valve" not in response.get_data(as_text=True)


def test_an_exhibitor_without_inquiries_reads_that_there_are_none(clean_app, make_org, make_booth, make_exhibitor):
    org = make_org()
    make_booth(org=org, tier_code="gold")
    owner = make_exhibitor(org=org)
    client = clean_app.test_client()
    login(client, owner.email)
    page = client.get("/en/account/inquiries/analytics").get_data(as_text=True)
    assert "No inquiries in the last twelve months." in page


def test_the_inquiries_page_and_the_account_menu_link_to_analytics(clean_app, two_exhibitors):
    client = clean_app.test_client()
    login(client, two_exhibitors["free"].email)
    page = client.get("/en/account/inquiries/").get_data(as_text=True)
    assert page.count('href="/en/account/inquiries/analytics"') >= 2
