"""In Chromium: an exhibitor's owner upgrades to Gold.

The owner opens the membership page, presses "Pay monthly" for Gold, and the app sends the
browser to the Checkout Session's URL on checkout.stripe.com. Stripe's hosted Checkout is the
one part the test servers lack (tests/stripe_test.py: localstripe has no Checkout Sessions, the
session is recorded at the client boundary), so the browser never goes there: ``page.route``
catches that navigation and answers it with a stand-in page, after the test has checked where
the app sent the browser. What Checkout does once the card is accepted happens on the
Stripe-API test server (``Stripe.complete_checkout``: the card, the subscription on the chosen
price). The test server itself posts its events, signed, to the live app's ``/stripe/webhook``
(registered with ``register_webhook``, sent about a second after they happen); the one event it
cannot send, ``checkout.session.completed``, the test posts signed as Stripe would.

The owner comes back to the return page: "Payment being confirmed" while the events are on
their way, "Welcome to Gold" with Gold's product quota after "Check again" once they are
handled; the billing page then shows Gold, the renewal date and the invoice.
"""

from __future__ import annotations

import json
import re
import time

import pytest
import requests
from babel.numbers import format_currency
from playwright.sync_api import Page, Route, expect
from sqlalchemy import select

from core.extensions import db
from tests.e2e.conftest import sign_in, t
from tests.stripe_test import WEBHOOK_SECRET, sign

pytestmark = pytest.mark.e2e

PRICE = "tradewindow_gold_month_cny"
WEBHOOK_ID = "tradewindow"  # the id Stripe.register_webhook registers under


@pytest.fixture()
def stripe_webhook(stripe_on, live_server):
    """The test server posts its events to the live app for this test, and to nobody after it:
    localstripe cannot forget a webhook, so it is registered again under the same id with an
    empty event list (it sends nothing then) before the database is emptied."""
    url = live_server + "/stripe/webhook"
    stripe_on.register_webhook(url)
    yield url
    requests.post(
        f"{stripe_on.base}/_config/webhooks/{WEBHOOK_ID}",
        json={"url": url, "secret": WEBHOOK_SECRET, "events": []},
        timeout=10,
    ).raise_for_status()


def _wait_for(app, check, what: str, timeout: float = 20.0):
    """Poll the database (the live server handles webhooks in its own thread) until ``check``
    returns something true."""
    deadline = time.monotonic() + timeout
    while True:
        with app.app_context():
            found = check()
            db.session.rollback()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"after {timeout:.0f} s still waiting for {what}")
        time.sleep(0.25)


def test_an_owner_pays_for_gold_in_checkout_and_sees_it_once_stripe_confirmed(
    app, page: Page, stripe_on, stripe_webhook, make_exhibitor, make_product
):
    from marketplace.membership.models import (
        BillingAccount,
        BillingInvoice,
        CheckoutRecord,
        MemberTier,
        StripeEvent,
        TierPrice,
    )

    owner = make_exhibitor(full_name="Li Wei")
    for n in range(3):
        make_product(organization_id=owner.organization_id, title_en=f"Gate valve DN{50 + n * 25}")
    with app.app_context():
        gold = db.session.get(MemberTier, "gold")
        gold_quota = gold.product_quota

    checkout_pages: list[str] = []

    def stand_in_for_checkout(route: Route) -> None:
        checkout_pages.append(route.request.url)
        route.fulfill(
            status=200,
            content_type="text/html",
            body="<!doctype html><title>Checkout (stand-in)</title><h1>Stripe Checkout stand-in</h1>",
        )

    page.route(re.compile(r"^https://checkout\.stripe\.com/"), stand_in_for_checkout)

    sign_in(page, owner.email)
    page.goto("/en/membership/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Membership")
    gold_card = page.locator("#tier-gold")
    gold_card.get_by_role("button", name=re.compile(r"^Pay monthly\s*:\s*Gold CNY$")).click()

    expect(page).to_have_url(re.compile(r"^https://checkout\.stripe\.com/c/pay/cs_test_\w+$"))
    expect(page.get_by_role("heading", name="Stripe Checkout stand-in")).to_be_visible()
    session = stripe_on.boundary.sessions()[-1]
    params = session["params"]
    session_id = checkout_pages[-1].rsplit("/", 1)[-1]
    assert params["mode"] == "subscription"
    assert params["line_items"]["0"]["price"] == PRICE
    assert params["client_reference_id"] == str(owner.organization_id)
    with app.app_context():
        record = db.session.get(CheckoutRecord, session_id)
        assert record is not None and record.organization_id == owner.organization_id
        assert record.tier_code == "gold" and record.completed_at is None

    # Back from Checkout before Stripe's events came: the tier is being confirmed.
    return_url = params["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)
    assert re.search(r"/en/membership/return\?session_id=", return_url)
    page.goto(return_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Payment being confirmed")
    expect(page.get_by_role("status")).to_contain_text("Stripe is confirming your payment for Gold")

    # What Checkout does with an accepted card; the test server then sends its events itself.
    subscription = stripe_on.complete_checkout({"id": session_id, "customer": params["customer"], "params": params})
    completed = json.dumps(
        stripe_on.checkout_completed(session_id, params["customer"], subscription.id, owner.organization_id)
    )
    response = requests.post(
        stripe_webhook,
        data=completed,
        headers={"Stripe-Signature": sign(completed), "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 200, response.text

    def handled():
        sent_by_server = db.session.scalar(
            select(StripeEvent).where(
                StripeEvent.type == "customer.subscription.created", StripeEvent.customer == params["customer"]
            )
        )
        checkout = db.session.get(CheckoutRecord, session_id)
        return (
            sent_by_server is not None and sent_by_server.processed_at is not None and checkout.completed_at is not None
        )

    _wait_for(app, handled, "the test server's subscription event and the completed checkout, handled")
    with app.app_context():
        account = db.session.get(BillingAccount, owner.organization_id)
        assert account.tier_code == "gold" and account.status == "active"

    page.get_by_role("link", name="Check again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Gold")
    expect(page.get_by_role("status")).to_contain_text("your organization is now a Gold member")
    published = page.locator("dt", has_text="Published products").locator("xpath=following-sibling::dd[1]")
    expect(published).to_have_text(f"3 of {gold_quota}")

    page.get_by_role("link", name="Membership and billing").first.click()
    expect(page).to_have_url(re.compile(r"/en/account/billing/$"))
    expect(page.get_by_role("heading", name="Your tier: Gold")).to_be_visible()
    expect(page.get_by_text("Paid by subscription.")).to_be_visible()
    renews = page.locator("dt", has_text="Renews on").locator("xpath=following-sibling::dd[1]")
    expect(renews).to_have_text(re.compile(r"\d{4}"))
    with app.app_context():
        invoice = db.session.scalars(
            select(BillingInvoice).where(BillingInvoice.organization_id == owner.organization_id)
        ).one()
        gold_amount = db.session.scalar(select(TierPrice.amount).where(TierPrice.stripe_price == PRICE))
    assert invoice.amount_due == gold_amount
    invoices = page.get_by_role("region", name="Invoices")
    row = invoices.get_by_role("row").filter(has_text=invoice.number or invoice.id)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(format_currency(gold_amount / 100, "CNY", locale="en"))
    expect(row).to_contain_text("Paid")

    # The membership page in Chinese, for the same owner: the Chinese title, Gold as its tier.
    page.goto("/zh/membership/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("zh", "Membership"))
    expect(page.get_by_role("status").first).to_contain_text(gold.name_zh)
