"""Membership pages.

- ``/<lang>/membership/``: the tiers, what each gives and costs; an owner upgrades from here
  (Stripe Checkout) when online payment is on, and reads how to apply to the bureau when not.
- ``/<lang>/membership/return``: where Checkout sends the owner back. It says "payment being
  confirmed" until the webhook has completed the checkout, then shows the new tier.
- ``/<lang>/account/billing/``: the organization's tier and where it comes from, the
  subscription (state, renewal, cancellation), grace period, grants, invoices, and the button
  to Stripe's Customer Portal (change plan or card, cancel, download invoices).
- ``/stripe/webhook``: Stripe's events (see ``billing``).

Only an organization's owners pay or open the portal; its editors see the billing page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_currency, gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from core import access, cache, limits
from core.db import commit, utcnow
from core.extensions import csrf, db, limiter
from core.security import form_posts_to
from core.templating import render_shared
from i18n import current_lang
from marketplace.membership import billing, grants, stripe_api, tiers
from marketplace.membership.forms import CheckoutForm
from marketplace.membership.models import (
    FREE,
    BillingAccount,
    BillingInvoice,
    CheckoutRecord,
    MemberTier,
    TierPrice,
)
from marketplace.membership.services import published_count, quota_for, quote_quota_for, quotes_left

bp = Blueprint("membership", __name__, url_prefix="/<lang>/membership", template_folder="templates")
access.protect(bp, access.PUBLIC)
account_bp = Blueprint("billing", __name__, url_prefix="/<lang>/account/billing", template_folder="templates")
access.protect(account_bp, access.EXHIBITOR)
webhook_bp = Blueprint("stripe_webhook", __name__)
access.protect(webhook_bp, access.PUBLIC)

SUBSCRIPTION_STATES = {
    "active": _l("Active"),
    "trialing": _l("Trial"),
    "past_due": _l("Payment failed"),
    "unpaid": _l("Unpaid"),
    "canceled": _l("Cancelled"),
    "incomplete": _l("Waiting for the first payment"),
    "incomplete_expired": _l("First payment never made"),
    "paused": _l("Paused"),
}
INVOICE_STATES = {
    "draft": _l("Draft"),
    "open": _l("Due"),
    "paid": _l("Paid"),
    "uncollectible": _l("Uncollectible"),
    "void": _l("Void"),
}
_ATTEMPT = re.compile(r"[0-9a-f]{32}")
_SESSION = re.compile(r"cs_[A-Za-z0-9_]{1,250}")


def money(amount: int, currency: str) -> str:
    return format_currency(amount / 100, currency.upper())


@dataclass(frozen=True)
class PlanTier:
    code: str
    name_zh: str
    name_en: str
    rank: int
    product_quota: int | None
    quote_quota: int
    inquiry_analytics: bool

    def label(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


@dataclass(frozen=True)
class PlanPrice:
    stripe_price: str
    interval: str
    currency: str
    amount: int


@dataclass(frozen=True)
class Plan:
    tier: PlanTier
    prices: tuple[PlanPrice, ...]


# What the membership page shows of the tiers and their prices: the same for every visitor, and
# part of the key under which a signed-out visitor's page is kept (render_shared).
PLANS = cache.region("membership_plans", max_entries=2, ttl=300, depends_on=("tier",))


def _plans() -> tuple[Plan, ...]:
    """Every tier with its prices, lowest tier first; USD prices only when configured."""
    usd = bool(current_app.config["BILLING_USD"])
    return PLANS.get_or_set(usd, lambda: _load_plans(("cny", "usd") if usd else ("cny",)))


def _load_plans(currencies: tuple[str, ...]) -> tuple[Plan, ...]:
    prices = db.session.scalars(select(TierPrice).where(TierPrice.currency.in_(currencies))).all()
    return tuple(
        Plan(
            PlanTier(t.code, t.name_zh, t.name_en, t.rank, t.product_quota, t.quote_quota, t.inquiry_analytics),
            tuple(
                PlanPrice(p.stripe_price, p.interval, p.currency, p.amount)
                for p in sorted(
                    (p for p in prices if p.tier_code == t.code),
                    key=lambda p: (currencies.index(p.currency), p.interval != "month"),
                )
            ),
        )
        for t in db.session.scalars(select(MemberTier).order_by(MemberTier.rank))
    )


def _is_owner() -> bool:
    return access.ORGANIZATION_OWNER.allows(current_user)


# The checkout and portal buttons answer with a redirect to Stripe's hosted pages, which the
# page's Content-Security-Policy (form-action) must allow or browsers stop there.
CHECKOUT_ORIGIN = "https://checkout.stripe.com"
PORTAL_ORIGIN = "https://billing.stripe.com"


@bp.route("/")
@form_posts_to(CHECKOUT_ORIGIN)
def index():
    organization_id = current_user.org_member.organization_id if access.EXHIBITOR.allows(current_user) else None
    standing = tiers.effective_tier(organization_id) if organization_id else None
    account = db.session.get(BillingAccount, organization_id) if organization_id else None
    plans, online, contact, owner = _plans(), stripe_api.enabled(), current_app.config["BILLING_CONTACT"], _is_owner()

    def context() -> dict:
        return {
            "plans": plans,
            "tier_names": {plan.tier.code: plan.tier.label(current_lang()) for plan in plans},
            "online": online,
            "owner": owner,
            "standing": standing,
            "account": account,
            "form": CheckoutForm.shown() if owner else None,  # a form puts a CSRF token in the page
            "money": money,
            "contact": contact,
        }

    # A signed-out visitor's page is rendered once per plans and settings (core.templating).
    return render_shared("membership/index.html", (plans, online, contact), context)


@bp.route("/checkout", methods=["POST"])
@access.allow(access.ORGANIZATION_OWNER)
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_account)
def checkout():
    """Open a Checkout Session for the chosen price (the organization is Stripe's customer)."""
    form = CheckoutForm()
    if not form.validate_on_submit():
        abort(400)
    if not stripe_api.enabled():
        flash(_("Online payment is not available. Apply to the bureau for a tier instead."), "error")
        return redirect(url_for(".index"))
    price = db.session.scalar(select(TierPrice).where(TierPrice.stripe_price == (form.price.data or "")[:100]))
    attempt = form.attempt.data or ""
    if price is None or not _ATTEMPT.fullmatch(attempt):
        flash(_("Choose one of the prices on this page."), "error")
        return redirect(url_for(".index"))
    if price.currency == "usd" and not current_app.config["BILLING_USD"]:
        flash(_("Choose one of the prices on this page."), "error")
        return redirect(url_for(".index"))
    organization = current_user.org_member.organization
    account = db.session.get(BillingAccount, organization.id)
    if account is not None and account.status in tiers.PAYING | tiers.DUNNING:
        flash(_("You already have a subscription: change its plan in the billing portal."), "info")
        return redirect(url_for("billing.index"))
    try:
        if account is None or account.stripe_customer is None:
            customer = stripe_api.create_customer(organization, organization.contact_email or current_user.email)
            if account is None:
                account = BillingAccount(organization_id=organization.id)
                db.session.add(account)
            account.stripe_customer = customer.id
            commit()  # the customer is ours before anything can reference it
        session = stripe_api.create_checkout(
            customer=account.stripe_customer,
            price=price.stripe_price,
            organization_id=organization.id,
            success_url=url_for(".checkout_return", _external=True) + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=url_for(".index", _external=True),
            key=f"tradewindow-checkout-{organization.id}-{price.stripe_price}-{attempt}",
        )
    except stripe_api.StripeError:
        current_app.logger.exception("Stripe refused a checkout for organization %s", organization.id)
        db.session.rollback()
        flash(_("The payment service did not answer. Nothing was charged; please try again in a few minutes."), "error")
        return redirect(url_for(".index"))
    if db.session.get(CheckoutRecord, session.id) is None:
        db.session.add(
            CheckoutRecord(
                id=session.id,
                organization_id=organization.id,
                user_id=current_user.id,
                tier_code=price.tier_code,
                stripe_price=price.stripe_price,
            )
        )
    commit()
    return redirect(session.url, code=303)


@bp.route("/return")
@access.allow(access.EXHIBITOR)
def checkout_return():
    session_id = request.args.get("session_id", "")
    record = db.session.get(CheckoutRecord, session_id) if _SESSION.fullmatch(session_id) else None
    organization_id = current_user.org_member.organization_id
    if record is None or record.organization_id != organization_id:
        abort(404)
    account = db.session.get(BillingAccount, organization_id)
    paid = account is not None and account.status in tiers.PAYING and account.tier_code is not None
    confirmed = record.completed_at is not None and paid
    if request.accept_mimetypes.best_match(("text/html", "application/json")) == "application/json":
        # recheck.js asking whether the webhook has come
        return jsonify({"done": confirmed})
    return render_template(
        "membership/return.html",
        record=record,
        confirmed=confirmed,
        tier=db.session.get(MemberTier, account.tier_code if confirmed else record.tier_code),
        quota=_quota(organization_id),
    )


def _quota(organization_id: int) -> dict:
    """The allowances as the catalog and quoting enforce them (the tier on the booth profile,
    which apply_tier keeps), not the tier worked out again."""
    left, renews = quotes_left(organization_id, utcnow())
    return {
        "published": published_count(organization_id),
        "products": quota_for(organization_id),
        "hidden": tiers.hidden_count(organization_id),
        "quotes": quote_quota_for(organization_id),
        "quotes_left": left,
        "renews": renews,
    }


@account_bp.route("/", endpoint="index")
@form_posts_to(PORTAL_ORIGIN)
def billing_page():
    organization = current_user.org_member.organization
    standing = tiers.effective_tier(organization.id)
    account = db.session.get(BillingAccount, organization.id)
    invoices = db.session.scalars(
        select(BillingInvoice)
        .where(BillingInvoice.organization_id == organization.id)
        .order_by(BillingInvoice.issued_at.desc())
        .limit(24)
    ).all()
    return render_template(
        "membership/billing.html",
        organization=organization,
        standing=standing,
        tier=db.session.get(MemberTier, standing.code),
        account=account,
        subscribed_tier=db.session.get(MemberTier, account.tier_code) if account and account.tier_code else None,
        invoices=invoices,
        grants=grants.of_organization(organization.id),
        quota=_quota(organization.id),
        owner=_is_owner(),
        online=stripe_api.enabled(),
        money=money,
        free=FREE,
        contact=current_app.config["BILLING_CONTACT"],
        subscription_states=SUBSCRIPTION_STATES,
        invoice_states=INVOICE_STATES,
        today=utcnow().date(),
    )


@account_bp.route("/portal", methods=["POST"])
@access.allow(access.ORGANIZATION_OWNER)
@limiter.limit(limits.setting("RATELIMIT_FORMS"), key_func=limits.per_account)
def portal():
    from core.accounts.forms import EmptyForm

    if not EmptyForm().validate_on_submit():
        abort(400)
    account = db.session.get(BillingAccount, current_user.org_member.organization_id)
    if not stripe_api.enabled() or account is None or account.stripe_customer is None:
        flash(_("There is nothing to manage in the billing portal yet: upgrade first."), "info")
        return redirect(url_for(".index"))
    try:
        session = stripe_api.create_portal(
            customer=account.stripe_customer, return_url=url_for(".index", _external=True)
        )
    except stripe_api.StripeError:
        current_app.logger.exception("Stripe refused a portal session for organization %s", account.organization_id)
        flash(_("The payment service did not answer. Please try again in a few minutes."), "error")
        return redirect(url_for(".index"))
    return redirect(session.url, code=303)


@webhook_bp.route("/stripe/webhook", methods=["POST"])
@csrf.exempt  # Stripe's signature is the credential
def webhook():
    """Verify, store once, acknowledge. Anything unsigned or signed wrongly gets 400."""
    if not stripe_api.enabled():
        abort(404)
    payload = request.get_data(cache=False)
    try:
        event = stripe_api.verify_event(payload, request.headers.get("Stripe-Signature"))
    except (ValueError, stripe_api.SignatureError):
        return jsonify({"error": "invalid signature"}), 400
    new = billing.store_event(event)
    commit()
    return jsonify({"received": True, "duplicate": not new})
