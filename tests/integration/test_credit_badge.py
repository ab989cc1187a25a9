"""The credit badge in the marketplace (issue 14): an exhibitor's standing, as the bureau's credit
record gives it (core.organizations.standing), on its booth, its products' pages, the exhibitor
directory and the search hits, linking to the public record; the "good standing" filter in the
search and the directory; and a change of standing seen on every page at once."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_search_app import drained, results

CODE = "91330100799655058B"  # the organization with a credit record
RECORD = f"/en/gov/credit/{CODE}/"


@pytest.fixture()
def market(app, make_org, make_booth, make_product, make_credit):
    """Two exhibitors with a booth and a valve each: Haishu, whose record the bureau keeps (good
    standing, as a new record is), and Plain Pumps, of which it has no record."""
    recorded = make_org(uscc=CODE, name_zh="海曙阀门厂", name_en="Haishu Valve Works", district="330203")
    make_credit(uscc=CODE)  # the record reaches the organization with its code
    unrecorded = make_org(name_zh="普通水泵厂", name_en="Plain Pumps", district="330282")
    booths = {"recorded": make_booth(org=recorded), "unrecorded": make_booth(org=unrecorded)}
    products = {
        "recorded": make_product(recorded.id, title_en="Forged steel ball valve", title_zh="锻钢球阀"),
        "unrecorded": make_product(unrecorded.id, title_en="Cast iron ball valve", title_zh="铸铁球阀"),
    }
    drained(app)
    return {"booths": booths, "products": products, "recorded": recorded, "unrecorded": unrecorded}


def _booth(client, market, which: str) -> str:
    page = client.get(f"/en/exhibitors/{market['booths'][which].slug}/")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _product(client, market, which: str) -> str:
    product = market["products"][which]
    page = client.get(f"/en/products/{product.id}-{product.slug}/")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _badges(html: str) -> list[tuple[str, str, str, str]]:
    """Every credit badge of a page: (status class, link, accessible name, visible text)."""
    return re.findall(
        r'<a class="badge credit-(\w+)" href="([^"]*)" title="[^"]*" aria-label="([^"]*)">([^<]*)</a>', html
    )


def _org_card(html: str, name: str) -> str:
    cards = [card for card in html.split('<li class="card org-card">')[1:] if name in card]
    assert len(cards) == 1, f"no one card of {name}"
    return cards[0].split("</li>")[0]


def _set_standing(app, status):
    """The record's status changes, as govportal.credit hands it to core (one committed request)."""
    from core.db import commit
    from core.organizations.standing import set_for_uscc

    with app.test_request_context():
        set_for_uscc(CODE, status)
        commit()


GOOD_BADGE = ("good", RECORD, "Credit record: Good standing", "Good standing")


def test_booth_product_page_and_directory_show_the_badge_linking_to_the_record(client, market):
    booth = _booth(client, market, "recorded")
    assert GOOD_BADGE in _badges(booth)
    assert "No credit record" not in booth
    assert GOOD_BADGE in _badges(_product(client, market, "recorded"))
    directory = client.get("/en/exhibitors/").get_data(as_text=True)
    assert _badges(_org_card(directory, "Haishu Valve Works")) == [GOOD_BADGE]
    assert _badges(_org_card(directory, "Plain Pumps")) == []
    # The link leads to the public record, which says the same.
    record = client.get(RECORD)
    assert record.status_code == 200 and "Good standing" in record.get_data(as_text=True)


def test_without_a_record_no_badge_shows_and_the_booth_says_so_plainly(client, market):
    booth = _booth(client, market, "unrecorded")
    assert _badges(booth) == [] and "badge credit-" not in booth
    assert re.search(r"<dt>Credit record</dt><dd>No credit record</dd>", booth)
    product = _product(client, market, "unrecorded")
    assert _badges(product) == [] and "badge credit-" not in product and "No credit record" not in product


def test_search_shows_the_badge_and_filters_to_suppliers_in_good_standing(client, market):
    everything = client.get("/en/search", query_string={"q": "ball valve", "type": "product"}).get_data(as_text=True)
    assert sorted(results(everything)) == ["Cast iron ball valve", "Forged steel ball valve"]
    assert _badges(everything) == [GOOD_BADGE]  # on the hit of the recorded supplier's product alone
    # The filter is offered with readable words and counts.
    assert "<legend>Supplier's credit standing</legend>" in everything
    assert re.search(r'name="credit" value="good" >\s*Good standing <span class="count">\(1\)</span>', everything)
    assert re.search(r'name="credit" value="none" >\s*No credit record <span class="count">\(1\)</span>', everything)

    good = client.get("/en/search", query_string={"q": "ball valve", "type": "product", "credit": "good"})
    assert results(good.get_data(as_text=True)) == ["Forged steel ball valve"]
    assert re.search(r'name="credit" value="good" checked>', good.get_data(as_text=True))
    none = client.get("/en/search", query_string={"q": "ball valve", "type": "product", "credit": "none"})
    assert results(none.get_data(as_text=True)) == ["Cast iron ball valve"]

    exhibitors = client.get("/en/search", query_string={"type": "exhibitor", "credit": "good"})
    html = exhibitors.get_data(as_text=True)
    assert results(html) == ["Haishu Valve Works"] and _badges(html) == [GOOD_BADGE]
    all_exhibitors = client.get("/en/search", query_string={"type": "exhibitor", "credit": ["good", "none"]})
    assert sorted(results(all_exhibitors.get_data(as_text=True))) == ["Haishu Valve Works", "Plain Pumps"]


def test_the_api_filters_by_credit_standing_and_describes_the_filter(client, market):
    asked = {"q": "ball valve", "type": "product", "credit": "good", "lang": "en"}
    body = client.get("/api/v1/search", query_string=asked).json
    assert [hit["title"] for hit in body["hits"]] == ["Forged steel ball valve"]
    options = {option["value"]: option for option in body["facets"]["credit"]}
    assert options["good"]["label"] == "Good standing" and options["good"]["selected"]
    assert options["none"]["label"] == "No credit record" and options["none"]["count"] == 1
    spec = client.get("/api/v1/openapi.json").json
    parameters = {p["name"]: p for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert parameters["credit"]["schema"]["enum"] == ["good", "attention", "abnormal", "serious", "none"]


def test_the_directory_lists_exhibitors_in_good_standing_only_when_asked(client, market):
    page = client.get("/en/exhibitors/").get_data(as_text=True)
    assert "Haishu Valve Works" in page and "Plain Pumps" in page
    assert '<input type="checkbox" id="f-credit" name="credit" value="good">' in page
    assert '<label for="f-credit">Good standing only</label>' in page
    good = client.get("/en/exhibitors/?credit=good").get_data(as_text=True)
    assert "Haishu Valve Works" in good and "Plain Pumps" not in good and "1 exhibitor" in good
    assert 'name="credit" value="good" checked>' in good
    # Anything else is no filter (and is not echoed into the page).
    odd = client.get("/en/exhibitors/?credit=<b>abnormal</b>").get_data(as_text=True)
    assert "Haishu Valve Works" in odd and "Plain Pumps" in odd and "<b>abnormal" not in odd
    # It combines with the other filters.
    assert client.get("/en/exhibitors/?credit=good&district=330282").get_data(as_text=True).count("org-card") == 0


def test_a_change_of_standing_shows_on_every_page_at_once(app, client, market):
    # Every page seen once, so that its rendering is kept (signed-out visitors share kept pages).
    assert GOOD_BADGE in _badges(_booth(client, market, "recorded"))
    assert GOOD_BADGE in _badges(_product(client, market, "recorded"))
    assert GOOD_BADGE in _badges(client.get("/en/exhibitors/").get_data(as_text=True))
    good_search = {"q": "ball valve", "type": "product", "credit": "good"}
    assert results(client.get("/en/search", query_string=good_search).get_data(as_text=True)) == [
        "Forged steel ball valve"
    ]

    _set_standing(app, "abnormal")

    abnormal = ("abnormal", RECORD, "Credit record: Abnormal operations", "Abnormal operations")
    booth = _booth(client, market, "recorded")
    assert abnormal in _badges(booth) and "credit-good" not in booth
    product = _product(client, market, "recorded")
    assert abnormal in _badges(product) and "credit-good" not in product
    directory = client.get("/en/exhibitors/").get_data(as_text=True)
    assert _badges(_org_card(directory, "Haishu Valve Works")) == [abnormal]
    assert "Haishu Valve Works" not in client.get("/en/exhibitors/?credit=good").get_data(as_text=True)
    assert results(client.get("/en/search", query_string=good_search).get_data(as_text=True)) == []
    found = client.get("/en/search", query_string={**good_search, "credit": "abnormal"}).get_data(as_text=True)
    assert results(found) == ["Forged steel ball valve"] and _badges(found) == [abnormal]

    # The record goes (the status no longer known): the badge goes with it.
    _set_standing(app, None)
    booth = _booth(client, market, "recorded")
    assert _badges(booth) == [] and "<dd>No credit record</dd>" in booth
    assert _badges(_product(client, market, "recorded")) == []
    none = client.get("/en/search", query_string={**good_search, "credit": "none"}).get_data(as_text=True)
    assert sorted(results(none)) == ["Cast iron ball valve", "Forged steel ball valve"]
