"""Upgrading through Stripe, against the Stripe-API test server (tests/stripe_test.py says which
two calls are recorded at the client boundary instead: Checkout Sessions and the Customer
Portal, which that server lacks)."""

from __future__ import annotations

import re

from core.extensions import db
from tests.conftest import csrf_from, login
from tests.stripe_test import deliver


def _upgrade(client, stripe, price="tradewindow_gold_month_cny"):
    """The owner presses "Pay monthly" on the membership page; returns the recorded session."""
    page = client.get("/en/membership/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="([0-9a-f]{32})"', html).group(1)
    response = client.post(
        "/en/membership/checkout", data={"csrf_token": csrf_from(html), "price": price, "attempt": attempt}
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith("https://checkout.stripe.com/")
    return stripe.boundary.sessions()[-1]


def test_an_owner_upgrades_to_gold_and_has_its_quota_once_the_webhook_came(
    clean_app, stripe_on, make_exhibitor, make_product
):
    from marketplace.expo.models import ExhibitorProfile
    from marketplace.membership.models import BillingAccount, MemberTier

    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    call = _upgrade(client, stripe_on)
    params = call["params"]
    assert params["mode"] == "subscription"
    assert params["client_reference_id"] == str(owner.organization_id)
    assert params["line_items"]["0"]["price"] == "tradewindow_gold_month_cny"
    session_id = "cs_test_" + call["idempotency_key"] and stripe_on.boundary._by_key[call["idempotency_key"]]["id"]

    back = client.get(f"/en/membership/return?session_id={session_id}")
    assert back.status_code == 200
    assert "Payment being confirmed" in back.get_data(as_text=True)

    subscription = stripe_on.complete_checkout({"id": session_id, "customer": params["customer"], "params": params})
    for event in stripe_on.events():
        assert deliver(client, event).status_code == 200
    completed = stripe_on.checkout_completed(session_id, params["customer"], subscription.id, owner.organization_id)
    assert deliver(client, completed).status_code == 200

    with clean_app.app_context():
        account = db.session.get(BillingAccount, owner.organization_id)
        assert account.status == "active" and account.tier_code == "gold"
        assert db.session.get(ExhibitorProfile, owner.organization_id).tier_code == "gold"
        gold = db.session.get(MemberTier, "gold")
    back = client.get(f"/en/membership/return?session_id={session_id}").get_data(as_text=True)
    assert "Welcome to Gold" in back
    assert f"of {gold.product_quota}" in back
    billing = client.get("/en/account/billing/").get_data(as_text=True)
    assert "Your tier: Gold" in billing and "Renews on" in billing
