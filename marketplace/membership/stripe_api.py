"""The one door to Stripe: a ``StripeClient`` made from the app's configuration, and the few
calls billing makes through it. Nothing else in the app imports ``stripe``.

Online payment is on when ``STRIPE_SECRET_KEY`` is set (``enabled()``); without it the
membership pages offer the bureau's grants instead. ``STRIPE_API_BASE`` points the client at
a Stripe-API test server; the tests also pass their own ``STRIPE_HTTP_CLIENT`` (see
tests/integration/test_billing.py: it records the two calls that server lacks, Checkout and
the Customer Portal, and forwards the rest).

Every call that creates something carries an idempotency key, so a retried request (a double
submit, a network retry of the SDK) creates it once.
"""

from __future__ import annotations

import functools

import stripe
from flask import current_app

SignatureError = stripe.SignatureVerificationError
StripeError = stripe.StripeError


def enabled(app=None) -> bool:
    return bool((app or current_app).config.get("STRIPE_SECRET_KEY"))


def client() -> stripe.StripeClient:
    config = current_app.config
    return _client(config["STRIPE_SECRET_KEY"], config.get("STRIPE_API_BASE"), config.get("STRIPE_HTTP_CLIENT"))


@functools.lru_cache(maxsize=4)
def _client(key: str, base: str | None, http_client) -> stripe.StripeClient:
    options = {"max_network_retries": 2}
    if base:
        options["base_addresses"] = {"api": base}
    if http_client is not None:
        options["http_client"] = http_client
    return stripe.StripeClient(key, **options)


def verify_event(payload: bytes, signature: str | None):
    """The event in a webhook request, or SignatureError / ValueError when it is not Stripe's."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret or not signature:
        raise SignatureError("no webhook secret or no signature", signature)
    return stripe.Webhook.construct_event(payload, signature, secret)


def create_customer(organization, email: str | None):
    return client().v1.customers.create(
        params={
            "name": organization.name_en or organization.name_zh or organization.uscc,
            "email": email or "",
            "metadata": {"organization_id": str(organization.id), "uscc": organization.uscc},
        },
        options={"idempotency_key": f"tradewindow-customer-{organization.id}"},
    )


def create_checkout(*, customer: str, price: str, organization_id: int, success_url: str, cancel_url: str, key: str):
    metadata = {"organization_id": str(organization_id)}
    return client().v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": customer,
            "client_reference_id": str(organization_id),
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
            "line_items": [{"price": price, "quantity": 1}],
            "success_url": success_url,
            "cancel_url": cancel_url,
        },
        options={"idempotency_key": key},
    )


def create_portal(*, customer: str, return_url: str):
    return client().v1.billing_portal.sessions.create(params={"customer": customer, "return_url": return_url})


def subscriptions_of(customer: str) -> list:
    """Every subscription of the customer, whatever its status."""
    found = client().v1.subscriptions.list(params={"customer": customer, "status": "all", "limit": 20})
    return list(found.data)


def invoices_of(customer: str) -> list:
    return list(client().v1.invoices.list(params={"customer": customer, "limit": 24}).data)


def ensure_price(price_id: str, *, tier_name: str, tier_code: str, amount: int, currency: str, interval: str) -> bool:
    """Create the Stripe product and price (a plan, which Stripe accepts wherever a price id
    goes) under our id unless it exists. True when it was created."""
    api = client().v1
    try:
        api.plans.retrieve(price_id)
        return False
    except stripe.InvalidRequestError:
        pass
    product_id = f"tradewindow_{tier_code}"
    try:
        api.products.retrieve(product_id)
    except stripe.InvalidRequestError:
        api.products.create(params={"id": product_id, "name": tier_name})
    api.plans.create(
        params={"id": price_id, "product": product_id, "amount": amount, "currency": currency, "interval": interval}
    )
    return True
