"""Stripe in the tests: the Stripe-API test server (localstripe, started by scripts/services.py)
for customers, plans, subscriptions, invoices and events, and a recorded boundary for the two
calls it lacks.

localstripe has no Checkout Sessions and no Customer Portal (both answer 404 there). So the
client the app uses in tests (``STRIPE_HTTP_CLIENT``) is ``Boundary``: every request goes to the
real test server over HTTP except ``POST /v1/checkout/sessions`` and
``POST /v1/billing_portal/sessions``, which it records (what the app asked for, parsed) and
answers the way Stripe does (a session with an id and a ``url``; the same session again for
the same idempotency key). ``Stripe.complete_checkout`` then does on the test server what
Stripe's hosted Checkout does after the card is accepted: attach a card, create the
subscription on the chosen price, and send the ``checkout.session.completed`` event.

Webhook events reach the app as Stripe sends them: JSON signed with the endpoint secret
(``t=...,v1=HMAC``), posted to ``/stripe/webhook``.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from urllib.parse import parse_qsl, urlsplit

import requests
import stripe

WEBHOOK_SECRET = "whsec_tradewindow_test_secret"
SECRET_KEY = "sk_test_tradewindow"
RECORDED = ("/v1/checkout/sessions", "/v1/billing_portal/sessions")


def _nested(pairs) -> dict:
    """Stripe's form encoding (a[b][0][c]=v) back into a dict."""
    out: dict = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


class Boundary(stripe.RequestsClient):
    """Forwards to the Stripe-API test server; records Checkout and Portal session requests."""

    def __init__(self):
        super().__init__()
        self.calls: list[dict] = []
        self._by_key: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._serial = itertools.count(1)

    def request(self, method, url, headers, post_data=None):
        path = urlsplit(url).path
        if method.lower() == "post" and path in RECORDED:
            return self._recorded(path, headers or {}, post_data)
        return super().request(method, url, headers, post_data)

    def _recorded(self, path, headers, post_data):
        params = _nested(parse_qsl(post_data or "", keep_blank_values=True))
        key = headers.get("Idempotency-Key")
        with self._lock:
            self.calls.append({"path": path, "params": params, "idempotency_key": key})
            if key and key in self._by_key:
                return json.dumps(self._by_key[key]), 200, {}
            n = next(self._serial)
            if path == RECORDED[0]:
                body = {
                    "id": f"cs_test_{n:06d}",
                    "object": "checkout.session",
                    "mode": params.get("mode"),
                    "customer": params.get("customer"),
                    "client_reference_id": params.get("client_reference_id"),
                    "metadata": params.get("metadata", {}),
                    "success_url": params.get("success_url"),
                    "url": f"https://checkout.stripe.com/c/pay/cs_test_{n:06d}",
                    "status": "open",
                }
            else:
                body = {
                    "id": f"bps_test_{n:06d}",
                    "object": "billing_portal.session",
                    "customer": params.get("customer"),
                    "return_url": params.get("return_url"),
                    "url": f"https://billing.stripe.com/p/session/test_{n:06d}",
                }
            if key:
                self._by_key[key] = body
        return json.dumps(body), 200, {}

    def sessions(self, path=RECORDED[0]) -> list[dict]:
        return [call for call in self.calls if call["path"] == path]


def sign(payload: str, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    at = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{at}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


class Stripe:
    """The test server, seen from a test: state, events, and what Checkout would do."""

    def __init__(self, base: str, boundary: Boundary):
        self.base = base.rstrip("/")
        self.boundary = boundary
        self.client = stripe.StripeClient(SECRET_KEY, base_addresses={"api": self.base})

    def reset(self) -> None:
        requests.delete(f"{self.base}/_config/data", timeout=10).raise_for_status()
        self.boundary.calls.clear()
        self.boundary._by_key.clear()

    def ensure_prices(self, prices) -> None:
        """The plans our tier prices name (as ``flask billing stripe-setup`` makes them)."""
        for price in prices:
            try:
                self.client.v1.plans.retrieve(price.stripe_price)
            except stripe.InvalidRequestError:
                product = f"tradewindow_{price.tier_code}"
                try:
                    self.client.v1.products.retrieve(product)
                except stripe.InvalidRequestError:
                    self.client.v1.products.create(params={"id": product, "name": price.tier_code})
                self.client.v1.plans.create(
                    params={
                        "id": price.stripe_price,
                        "product": product,
                        "amount": price.amount,
                        "currency": price.currency,
                        "interval": price.interval,
                    }
                )

    def pay_with(self, customer: str, card: str = "4242424242424242") -> str:
        method = self.client.v1.payment_methods.create(
            params={"type": "card", "card": {"number": card, "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
        )
        self.client.v1.payment_methods.attach(method.id, params={"customer": customer})
        self.client.v1.customers.update(customer, params={"invoice_settings": {"default_payment_method": method.id}})
        return method.id

    def complete_checkout(self, session: dict, card: str = "4242424242424242"):
        """What Stripe's hosted Checkout does once the card is accepted: the subscription on
        the session's price, then the events. Returns the subscription."""
        customer = session["customer"]
        price = session["params"]["line_items"]["0"]["price"] if "params" in session else session["price"]
        self.pay_with(customer, card)
        subscription = self.client.v1.subscriptions.create(
            params={"customer": customer, "items": [{"plan": price}], "metadata": {"checkout": session["id"]}}
        )
        return subscription

    def events(self, since: float = 0) -> list[dict]:
        """The test server's events, oldest first (as Stripe would deliver them)."""
        found = self.client.v1.events.list(params={"limit": 100})
        events = [e.to_dict() for e in found.data if e.created >= since]
        return sorted(events, key=lambda e: (e["created"], e["id"]))

    @staticmethod
    def checkout_completed(session_id: str, customer: str, subscription: str, organization_id: int) -> dict:
        """The ``checkout.session.completed`` event Stripe sends (recorded shape)."""
        return {
            "id": f"evt_cs_{session_id}",
            "object": "event",
            "type": "checkout.session.completed",
            "created": int(time.time()),
            "data": {
                "object": {
                    "id": session_id,
                    "object": "checkout.session",
                    "mode": "subscription",
                    "customer": customer,
                    "subscription": subscription,
                    "client_reference_id": str(organization_id),
                    "metadata": {"organization_id": str(organization_id)},
                    "payment_status": "paid",
                    "status": "complete",
                }
            },
        }

    def register_webhook(self, url: str, secret: str = WEBHOOK_SECRET) -> None:
        """Have the test server itself send its events, signed, to ``url`` (a live app)."""
        requests.post(f"{self.base}/_config/webhooks/tradewindow", data={"url": url, "secret": secret}, timeout=10)


def deliver(client, event: dict, secret: str = WEBHOOK_SECRET):
    """Post an event to the app as Stripe does; returns the response."""
    payload = json.dumps(event)
    return client.post(
        "/stripe/webhook",
        data=payload,
        headers={"Stripe-Signature": sign(payload, secret), "Content-Type": "application/json"},
    )
