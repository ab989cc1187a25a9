"""Upgrading through Stripe, against the Stripe-API test server (tests/stripe_test.py says which
two calls are recorded at the client boundary instead: Checkout Sessions and the Customer
Portal, which that server lacks)."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

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


# ---------------------------------------------------------------- helpers
GOLD = "tradewindow_gold_month_cny"


def _session_id(stripe, call) -> str:
    return stripe.boundary._by_key[call["idempotency_key"]]["id"]


def _pending(stripe, delivered: set) -> list[dict]:
    """The test server's events not delivered yet, oldest first."""
    events = [e for e in stripe.events() if e["id"] not in delivered]
    delivered.update(e["id"] for e in events)
    return events


def _deliver_all(client, events):
    for event in events:
        assert deliver(client, event).status_code == 200


def _subscribe(client, stripe, owner, price=GOLD, delivered=None, send=True) -> dict:
    """The owner pays through Checkout; the subscription exists on the test server and, when
    ``send``, its events (and checkout.session.completed) are delivered. Returns ids."""
    call = _upgrade(client, stripe, price)
    session_id = _session_id(stripe, call)
    customer = call["params"]["customer"]
    subscription = stripe.complete_checkout({"id": session_id, "customer": customer, "params": call["params"]})
    delivered = set() if delivered is None else delivered
    if send:
        _deliver_all(client, _pending(stripe, delivered))
        completed = stripe.checkout_completed(session_id, customer, subscription.id, owner.organization_id)
        assert deliver(client, completed).status_code == 200
    return {"customer": customer, "subscription": subscription.id, "session": session_id, "delivered": delivered}


def _event(stripe, type_: str, subscription_id: str) -> dict:
    """The event Stripe sends for a change the test server makes without one (localstripe
    sends none for subscription updates): the subscription as it is now, in the event shape."""
    obj = stripe.client.v1.subscriptions.retrieve(subscription_id).to_dict()
    return {
        "id": f"evt_test_{uuid.uuid4().hex[:24]}",
        "object": "event",
        "type": type_,
        "created": int(time.time()),
        "data": {"object": obj},
    }


def _tier(app, organization_id) -> str:
    from marketplace.expo.models import ExhibitorProfile

    with app.app_context():
        profile = db.session.get(ExhibitorProfile, organization_id)
        return profile.tier_code if profile else "free"  # no profile yet: the free tier


def _account(app, organization_id):
    from marketplace.membership.models import BillingAccount

    with app.app_context():
        account = db.session.get(BillingAccount, organization_id)
        db.session.expunge(account)
        return account


def _run(app, func, *args, **kwargs):
    """A job function run by hand, as the scheduler would (outside any request)."""
    with app.test_request_context("/", base_url=app.config["BASE_URL"]):
        return func(*args, **kwargs)


def _tier_mails(mailbox, owner):
    return [m for m in mailbox.to(owner.email) if "member" in m["Subject"] or "tier" in m["Subject"]]


# ---------------------------------------------------------------- 1. replays
def test_an_event_delivered_three_times_has_one_effect(clean_app, stripe_on, make_exhibitor, mailbox):
    from core.jobs import JobRun
    from marketplace.membership.models import StripeEvent

    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    ids = _subscribe(client, stripe_on, owner, send=False)
    created = next(e for e in stripe_on.events() if e["type"] == "customer.subscription.created")
    mailbox.clear()

    replies = [deliver(client, created) for _ in range(3)]
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert [r.get_json()["duplicate"] for r in replies] == [False, True, True]

    with clean_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StripeEvent)) == 1
        stored = db.session.get(StripeEvent, created["id"])
        assert stored.processed_at is not None and stored.attempts == 1
        handled = db.session.scalar(select(func.count()).select_from(JobRun).where(JobRun.name == "billing.event"))
        assert handled == 1
    assert _tier(clean_app, owner.organization_id) == "gold"
    assert _account(clean_app, owner.organization_id).subscription_id == ids["subscription"]
    mails = _tier_mails(mailbox, owner)
    assert len(mails) == 1, [m["Subject"] for m in mailbox.to(owner.email)]
    assert "Gold member" in mails[0]["Subject"]


def test_the_daily_round_forgets_handled_events_after_five_weeks_but_keeps_unhandled_ones(clean_app, stripe_on):
    from core.db import utcnow
    from marketplace.membership import billing
    from marketplace.membership.models import StripeEvent

    now = utcnow()
    with clean_app.app_context():
        for event_id, age, handled in (("evt_old", 40, True), ("evt_recent", 10, True), ("evt_stuck", 40, False)):
            db.session.add(
                StripeEvent(
                    id=event_id,
                    type="invoice.paid",
                    payload={"id": event_id},
                    received_at=now - timedelta(days=age),
                    processed_at=now - timedelta(days=age) if handled else None,
                )
            )
        db.session.commit()
    assert _run(clean_app, billing.daily, at=now.isoformat())["events_pruned"] == 1
    with clean_app.app_context():
        assert set(db.session.scalars(select(StripeEvent.id))) == {"evt_recent", "evt_stuck"}


# ---------------------------------------------------------------- 2. order
def test_a_cancellation_delivered_before_the_creation_ends_free(clean_app, stripe_on, make_exhibitor):
    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    ids = _subscribe(client, stripe_on, owner, send=False)
    stripe_on.client.v1.subscriptions.cancel(ids["subscription"])
    events = _pending(stripe_on, set())
    deleted = next(e for e in events if e["type"] == "customer.subscription.deleted")
    created = next(e for e in events if e["type"] == "customer.subscription.created")
    assert created["data"]["object"]["status"] == "active"  # what the late event claims

    assert deliver(client, deleted).status_code == 200
    assert deliver(client, created).status_code == 200  # older, arrives last

    account = _account(clean_app, owner.organization_id)
    assert account.status == "canceled" and account.subscription_id == ids["subscription"]
    assert _tier(clean_app, owner.organization_id) == "free"
    page = client.get("/en/account/billing/").get_data(as_text=True)
    assert "Your tier: Free" in page


def test_an_old_subscriptions_late_active_event_leaves_the_new_one_in_force(clean_app, stripe_on, make_exhibitor):
    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    first = _subscribe(client, stripe_on, owner, send=False)
    stripe_on.client.v1.subscriptions.cancel(first["subscription"])
    old = _pending(stripe_on, first["delivered"])
    _deliver_all(client, [e for e in old if e["type"] == "customer.subscription.deleted"])
    assert _account(clean_app, owner.organization_id).status == "canceled"
    # The owner subscribes again, to premium this time.
    second = _subscribe(client, stripe_on, owner, price="tradewindow_premium_month_cny", delivered=first["delivered"])
    assert _tier(clean_app, owner.organization_id) == "premium"

    # The first subscription's creation ("active", gold) was held up somewhere and arrives now.
    late = next(e for e in old if e["type"] == "customer.subscription.created")
    assert late["data"]["object"]["status"] == "active"
    assert deliver(client, late).get_json()["duplicate"] is False

    account = _account(clean_app, owner.organization_id)
    assert account.subscription_id == second["subscription"] and account.status == "active"
    assert account.tier_code == "premium"
    assert _tier(clean_app, owner.organization_id) == "premium"


# ---------------------------------------------------------------- 3. retries
def test_an_event_whose_handling_failed_is_retried_until_it_is_processed(
    clean_app, stripe_on, make_exhibitor, monkeypatch
):
    from core.db import commit, utcnow
    from marketplace.membership import billing
    from marketplace.membership.models import StripeEvent
    from tests.conftest import free_port

    monkeypatch.setattr(billing, "EVENT_ATTEMPTS", 2)  # in-process jobs retry at once: keep it short
    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    _subscribe(client, stripe_on, owner, send=False)
    created = next(e for e in stripe_on.events() if e["type"] == "customer.subscription.created")

    # The Stripe API cannot be reached while the event is handled.
    clean_app.config["STRIPE_API_BASE"] = f"http://127.0.0.1:{free_port()}"
    reply = deliver(client, created)
    assert reply.status_code == 200 and reply.get_json()["duplicate"] is False
    with clean_app.app_context():
        event = db.session.get(StripeEvent, created["id"])
        assert event.processed_at is None and event.attempts == 2
        assert "APIConnectionError" in event.last_error
    assert _tier(clean_app, owner.organization_id) == "free"

    # Stripe answers again. The sweep leaves events that just came alone...
    clean_app.config["STRIPE_API_BASE"] = stripe_on.base
    assert _run(clean_app, billing.retry_events) == 0
    with clean_app.app_context():
        assert db.session.get(StripeEvent, created["id"]).processed_at is None
        # ...and sends again those older than RETRY_AFTER.
        db.session.get(StripeEvent, created["id"]).received_at = utcnow() - billing.RETRY_AFTER - timedelta(minutes=1)
        commit()
    assert _run(clean_app, billing.retry_events) == 1

    with clean_app.app_context():
        event = db.session.get(StripeEvent, created["id"])
        assert event.processed_at is not None and event.last_error is None and event.attempts == 3
    assert _tier(clean_app, owner.organization_id) == "gold"
    assert _run(clean_app, billing.retry_events) == 0  # processed: not sent again


# ---------------------------------------------------------------- 4. reconcile
def test_the_daily_reconcile_fixes_a_drift_no_webhook_told_of(clean_app, stripe_on, make_exhibitor):
    from core.audit import AuditEntry
    from core.db import utcnow
    from marketplace.membership import billing

    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    ids = _subscribe(client, stripe_on, owner)
    assert _tier(clean_app, owner.organization_id) == "gold"
    before = client.get("/en/account/billing/").get_data(as_text=True)

    def drift_entries():
        with clean_app.app_context():
            return db.session.scalars(
                select(AuditEntry).where(
                    AuditEntry.action == "billing.drift_fixed", AuditEntry.object_id == str(owner.organization_id)
                )
            ).all()

    assert _run(clean_app, billing.daily, at=utcnow().isoformat())["fixed"] == 0  # in step: nothing logged
    assert drift_entries() == []

    # In the portal the owner moves to premium, yearly; the webhooks never arrive.
    sub = stripe_on.client.v1.subscriptions.retrieve(ids["subscription"])
    stripe_on.client.v1.subscriptions.update(
        ids["subscription"], params={"items": [{"id": sub["items"].data[0].id, "plan": "tradewindow_premium_year_cny"}]}
    )
    invoices = stripe_on.client.v1.invoices.list(params={"customer": ids["customer"]}).data
    new_invoice = next(i for i in invoices if i.id not in before)
    assert _tier(clean_app, owner.organization_id) == "gold"

    result = _run(clean_app, billing.daily, at=utcnow().isoformat())
    assert result["fixed"] == 1 and result["failed"] == 0
    account = _account(clean_app, owner.organization_id)
    assert account.tier_code == "premium" and account.interval == "year"
    assert _tier(clean_app, owner.organization_id) == "premium"
    [entry] = drift_entries()
    assert entry.detail["tier_code"] == ["gold", "premium"]
    assert new_invoice.id in entry.detail["invoices"][1]
    page = client.get("/en/account/billing/").get_data(as_text=True)
    assert "Your tier: Premium" in page
    assert (new_invoice.to_dict().get("number") or new_invoice.id) in page

    # Then it is cancelled, again without a webhook.
    stripe_on.client.v1.subscriptions.cancel(ids["subscription"])
    assert _run(clean_app, billing.daily, at=utcnow().isoformat())["fixed"] == 1
    assert _account(clean_app, owner.organization_id).status == "canceled"
    assert _tier(clean_app, owner.organization_id) == "free"
    assert len(drift_entries()) == 2
    assert "Your tier: Free" in client.get("/en/account/billing/").get_data(as_text=True)


# ---------------------------------------------------------------- 5. dunning
def test_a_failed_renewal_holds_the_tier_through_the_grace_period_then_drops_it(
    clean_app, stripe_on, make_exhibitor, mailbox
):
    from marketplace.membership import billing

    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    ids = _subscribe(client, stripe_on, owner)
    assert _tier(clean_app, owner.organization_id) == "gold"
    mailbox.clear()

    # The card on file starts declining; the next invoice (localstripe bills one when the
    # billing interval changes: here to yearly) fails and the subscription falls past due.
    stripe_on.pay_with(ids["customer"], card="4000000000000341")
    sub = stripe_on.client.v1.subscriptions.retrieve(ids["subscription"])
    stripe_on.client.v1.subscriptions.update(
        ids["subscription"], params={"items": [{"id": sub["items"].data[0].id, "plan": "tradewindow_gold_year_cny"}]}
    )
    assert stripe_on.client.v1.subscriptions.retrieve(ids["subscription"]).status == "past_due"
    # The test server's own events (customer.updated, invoice.created), then the
    # customer.subscription.updated Stripe sends and localstripe does not.
    _deliver_all(client, _pending(stripe_on, ids["delivered"]))
    assert deliver(client, _event(stripe_on, "customer.subscription.updated", ids["subscription"])).status_code == 200

    account = _account(clean_app, owner.organization_id)
    assert account.status == "past_due" and account.grace_until is not None
    assert _tier(clean_app, owner.organization_id) == "gold"  # the tier holds
    [mail] = [m for m in mailbox.to(owner.email) if "Payment failed" in m["Subject"]]
    link = mailbox.link_in(mail)
    assert link.endswith("/en/account/billing/")
    page = client.get(urlsplit(link).path)
    assert page.status_code == 200
    assert "Your last payment failed" in page.get_data(as_text=True)
    assert "Your tier: Gold" in page.get_data(as_text=True)

    # A day before the end of grace: still gold. A day after: free, and the owner is told.
    _run(clean_app, billing.daily, at=(account.grace_until - timedelta(days=1)).isoformat())
    assert _tier(clean_app, owner.organization_id) == "gold"
    result = _run(clean_app, billing.daily, at=(account.grace_until + timedelta(days=1)).isoformat())
    assert result["grace_ended"] == 1
    assert _tier(clean_app, owner.organization_id) == "free"
    assert any("Free" in m["Subject"] for m in mailbox.to(owner.email))
    assert len([m for m in mailbox.to(owner.email) if "Payment failed" in m["Subject"]]) == 1


# ---------------------------------------------------------------- 6. downgrade keeps products
def test_a_downgrade_hides_the_newest_products_beyond_the_quota_and_an_upgrade_shows_them_again(
    clean_app, stripe_on, make_exhibitor, make_product, mailbox
):
    from core.db import utcnow
    from marketplace.catalog.models import Product
    from marketplace.membership.models import MemberTier

    with clean_app.app_context():
        free_quota = db.session.get(MemberTier, "free").product_quota
        gold_quota = db.session.get(MemberTier, "gold").product_quota
    total = free_quota + 10
    assert gold_quota is None or gold_quota >= total
    owner = make_exhibitor()
    start = utcnow() - timedelta(days=total)
    products = [
        make_product(owner.organization_id, title_en=f"Gate valve {i:03d}", published_at=start + timedelta(days=i))
        for i in range(total)
    ]
    client = clean_app.test_client()
    login(client, owner.email)
    ids = _subscribe(client, stripe_on, owner)
    assert _tier(clean_app, owner.organization_id) == "gold"
    visitor = clean_app.test_client()

    def public(product) -> int:
        return visitor.get(f"/en/products/{product.id}-{product.slug}/").status_code

    assert public(products[-1]) == 200
    mailbox.clear()

    stripe_on.client.v1.subscriptions.cancel(ids["subscription"])
    _deliver_all(client, _pending(stripe_on, ids["delivered"]))
    assert _tier(clean_app, owner.organization_id) == "free"

    kept, hidden = products[:free_quota], products[free_quota:]
    assert [public(p) for p in (kept[0], kept[-1])] == [200, 200]
    assert {public(p) for p in hidden} == {404}
    with clean_app.app_context():  # nothing deleted, nothing unpublished
        rows = db.session.scalars(select(Product).where(Product.organization_id == owner.organization_id)).all()
        assert len(rows) == total and {r.status for r in rows} == {"published"}
        assert sorted(r.id for r in rows if r.over_quota) == sorted(p.id for p in hidden)
    page = client.get("/en/account/billing/").get_data(as_text=True)
    assert "10 published products are hidden from the public" in page
    catalog = client.get(f"/en/account/catalog/?q={hidden[-1].title_en}").get_data(as_text=True)
    assert hidden[-1].title_en in catalog  # still in the owner's catalog
    mail = mailbox.last_to(owner.email)
    assert "10 published products are now hidden" in mailbox.text_of(mail)

    _subscribe(client, stripe_on, owner, delivered=ids["delivered"])  # back to gold
    assert _tier(clean_app, owner.organization_id) == "gold"
    assert {public(p) for p in hidden} == {200}
    with clean_app.app_context():
        assert not db.session.scalar(
            select(func.count()).where(Product.organization_id == owner.organization_id, Product.over_quota.is_(True))
        )
    assert "hidden from the public" not in client.get("/en/account/billing/").get_data(as_text=True)


# ---------------------------------------------------------------- 7. the portal, cancel at period end
def test_cancelling_in_the_portal_keeps_the_tier_until_the_period_ends(
    clean_app, stripe_on, make_exhibitor, make_product
):
    owner = make_exhibitor()
    products = [make_product(owner.organization_id) for _ in range(3)]
    client = clean_app.test_client()
    login(client, owner.email)
    ids = _subscribe(client, stripe_on, owner)

    page = client.get("/en/account/billing/").get_data(as_text=True)
    assert "Open the billing portal" in page
    response = client.post("/en/account/billing/portal", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    [call] = stripe_on.boundary.sessions("/v1/billing_portal/sessions")
    assert response.headers["Location"] == stripe_on.boundary._by_key.get(call["idempotency_key"], {}).get(
        "url", response.headers["Location"]
    )
    assert response.headers["Location"].startswith("https://billing.stripe.com/p/session/")
    assert call["params"]["customer"] == ids["customer"]
    assert urlsplit(call["params"]["return_url"]).path == "/en/account/billing/"

    # In the portal the owner cancels at the end of the period.
    stripe_on.client.v1.subscriptions.update(ids["subscription"], params={"cancel_at_period_end": True})
    assert deliver(client, _event(stripe_on, "customer.subscription.updated", ids["subscription"])).status_code == 200
    page = client.get("/en/account/billing/").get_data(as_text=True)
    assert "Your tier: Gold" in page and "Ends on" in page and "Renews on" not in page
    assert "your tier holds until the end of the period you paid for" in page
    assert _tier(clean_app, owner.organization_id) == "gold"

    # The period ends: Stripe cancels the subscription.
    stripe_on.client.v1.subscriptions.cancel(ids["subscription"])
    _deliver_all(client, _pending(stripe_on, ids["delivered"]))
    assert _tier(clean_app, owner.organization_id) == "free"
    page = client.get("/en/account/billing/").get_data(as_text=True)
    assert "Your tier: Free" in page and "Ends on" not in page
    visitor = clean_app.test_client()
    assert {visitor.get(f"/en/products/{p.id}-{p.slug}/").status_code for p in products} == {200}


# ---------------------------------------------------------------- 8. refusals
def test_the_webhook_refuses_what_stripe_did_not_sign(clean_app, stripe_on, make_exhibitor):
    from core.jobs import JobRun
    from marketplace.membership.models import StripeEvent
    from tests.stripe_test import sign

    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    ids = _subscribe(client, stripe_on, owner, send=False)
    event = _event(stripe_on, "customer.subscription.updated", ids["subscription"])
    payload = json.dumps(event)
    tampered = payload.replace('"active"', '"canceled"')
    assert tampered != payload
    headers = {"Content-Type": "application/json"}
    attempts = {
        "no signature": (payload, headers),
        "wrong secret": (payload, headers | {"Stripe-Signature": sign(payload, "whsec_someone_else")}),
        "tampered": (tampered, headers | {"Stripe-Signature": sign(payload)}),
        "expired": (payload, headers | {"Stripe-Signature": sign(payload, at=int(time.time()) - 3600)}),
        "garbage signature": (payload, headers | {"Stripe-Signature": "t=abc,v1=zz"}),
        "not JSON": ("{not json", headers | {"Stripe-Signature": sign("{not json")}),
    }
    for what, (body, sent) in attempts.items():
        response = client.post("/stripe/webhook", data=body, headers=sent)
        assert response.status_code == 400, what
    with clean_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StripeEvent)) == 0
        assert db.session.scalar(select(func.count()).select_from(JobRun).where(JobRun.name == "billing.event")) == 0
    assert _tier(clean_app, owner.organization_id) == "free"
    assert deliver(client, event).status_code == 200  # the same event, signed: accepted


def test_without_a_stripe_key_there_is_no_webhook(clean_app):
    from tests.stripe_test import deliver as post

    assert not clean_app.config.get("STRIPE_SECRET_KEY")
    event = {"id": "evt_x", "object": "event", "type": "customer.updated", "data": {"object": {}}}
    assert post(clean_app.test_client(), event).status_code == 404


def _checkout_form(client):
    html = client.get("/en/membership/").get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="([0-9a-f]{32})"', html)
    return html, attempt.group(1) if attempt else None


def _nothing_recorded(app, stripe):
    from marketplace.membership.models import BillingAccount, CheckoutRecord

    assert stripe.boundary.sessions() == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CheckoutRecord)) == 0
        assert db.session.scalar(select(func.count()).select_from(BillingAccount)) == 0
    assert stripe.client.v1.customers.list().data == []


def test_checkout_refuses_bad_input_and_records_nothing(clean_app, stripe_on, make_exhibitor):
    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    html, attempt = _checkout_form(client)
    token = csrf_from(html)
    assert not clean_app.config["BILLING_USD"]
    bad = {
        "unknown price": {"price": "price_nope", "attempt": attempt},
        "no price": {"attempt": attempt},
        "missing attempt": {"price": GOLD},
        "garbage attempt": {"price": GOLD, "attempt": "<script>"},
        "USD price, USD off": {"price": "tradewindow_gold_month_usd", "attempt": attempt},
    }
    for what, data in bad.items():
        response = client.post("/en/membership/checkout", data={"csrf_token": token, **data})
        assert response.status_code == 302, what
        assert urlsplit(response.headers["Location"]).path == "/en/membership/", what
        page = client.get("/en/membership/").get_data(as_text=True)
        assert "Choose one of the prices on this page." in page, what
    _nothing_recorded(clean_app, stripe_on)


def test_only_an_owner_can_start_a_checkout(clean_app, stripe_on, make_exhibitor, make_org, make_user):
    org = make_org()
    make_exhibitor(org=org)  # the owner
    editor = make_exhibitor(role="editor", org=org)
    buyer = make_user()
    for user in (editor, buyer):
        client = clean_app.test_client()
        login(client, user.email)
        html = client.get("/en/membership/").get_data(as_text=True)
        assert 'name="attempt"' not in html  # no upgrade buttons to press
        response = client.post(
            "/en/membership/checkout",
            data={"csrf_token": csrf_from(html), "price": GOLD, "attempt": uuid.uuid4().hex},
        )
        assert response.status_code in (302, 403), user.email
        if response.status_code == 302:
            assert "/membership/checkout" not in response.headers["Location"]
    _nothing_recorded(clean_app, stripe_on)


def test_a_double_submit_opens_one_checkout_session(clean_app, stripe_on, make_exhibitor):
    from marketplace.membership.models import CheckoutRecord

    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    html, attempt = _checkout_form(client)
    data = {"csrf_token": csrf_from(html), "price": GOLD, "attempt": attempt}
    first = client.post("/en/membership/checkout", data=data)
    second = client.post("/en/membership/checkout", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    calls = stripe_on.boundary.sessions()
    assert len(calls) == 2 and len({c["idempotency_key"] for c in calls}) == 1
    with clean_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CheckoutRecord)) == 1
    assert len(stripe_on.client.v1.customers.list().data) == 1


# ---------------------------------------------------------------- 9. the return page
def test_the_return_page_of_another_organizations_session_is_not_found(clean_app, stripe_on, make_exhibitor):
    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    call = _upgrade(client, stripe_on)
    session_id = _session_id(stripe_on, call)
    assert client.get(f"/en/membership/return?session_id={session_id}").status_code == 200

    other = make_exhibitor()
    stranger = clean_app.test_client()
    login(stranger, other.email)
    assert stranger.get(f"/en/membership/return?session_id={session_id}").status_code == 404
    assert stranger.get("/en/membership/return?session_id=cs_test_nope").status_code == 404
    assert stranger.get("/en/membership/return?session_id=%27%3B--").status_code == 404


def test_the_return_page_answers_its_script_whether_the_payment_is_confirmed(clean_app, stripe_on, make_exhibitor):
    """recheck.js asks the return page as JSON; without the webhook the answer stays "not yet"."""
    owner = make_exhibitor()
    client = clean_app.test_client()
    login(client, owner.email)
    call = _upgrade(client, stripe_on)
    session_id = stripe_on.boundary._by_key[call["idempotency_key"]]["id"]
    url = f"/en/membership/return?session_id={session_id}"
    assert client.get(url, headers={"Accept": "application/json"}).get_json() == {"done": False}
    page = client.get(url).get_data(as_text=True)
    assert "js/recheck.js" in page and "Check again" in page

    params = call["params"]
    subscription = stripe_on.complete_checkout({"id": session_id, "customer": params["customer"], "params": params})
    for event in stripe_on.events():
        deliver(client, event)
    assert client.get(url, headers={"Accept": "application/json"}).get_json() == {"done": False}  # not completed yet
    deliver(
        client, stripe_on.checkout_completed(session_id, params["customer"], subscription.id, owner.organization_id)
    )
    assert client.get(url, headers={"Accept": "application/json"}).get_json() == {"done": True}
    assert "js/recheck.js" not in client.get(url).get_data(as_text=True)


def test_stripe_setup_creates_each_tier_price_once(clean_app, stripe_on):
    """``flask billing stripe-setup`` on an empty Stripe account makes a product per tier and a
    price per tier, interval and currency under our ids; run again, it leaves them alone."""
    stripe_on.reset()
    runner = clean_app.test_cli_runner()
    first = runner.invoke(args=["billing", "stripe-setup"])
    assert first.exit_code == 0, first.output
    assert first.output.count(": created") == 8
    plan = stripe_on.client.v1.plans.retrieve("tradewindow_premium_year_cny")
    assert (plan.amount, plan.currency, plan.interval) == (699_000, "cny", "year")
    second = runner.invoke(args=["billing", "stripe-setup"])
    assert second.output.count(": already there") == 8
    assert len(stripe_on.client.v1.plans.list(params={"limit": 100}).data) == 8
    clean_app.config["STRIPE_SECRET_KEY"] = None
    off = runner.invoke(args=["billing", "stripe-setup"])
    assert off.exit_code != 0 and "STRIPE_SECRET_KEY is not set" in off.output
