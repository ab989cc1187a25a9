"""Stripe billing: webhooks as the source of truth, stored once, handled by a job until it works.

The webhook view (``views.webhook``) verifies the signature and calls ``store_event``: an event
is written once by its id — a replay (Stripe retries, a double delivery, someone replaying a
captured request) finds it stored and does nothing more. Handling runs as the ``billing.event``
job after the commit; it retries, an hourly sweep (``billing.retry_events``) sends again what is
still unhandled, and an event is marked processed only when its handler has succeeded.

Handlers do not trust what the event says or the order events arrive in: ``sync_account`` reads
the customer's subscriptions from Stripe as they are now and mirrors the current one into
``BillingAccount``, then ``tiers.apply_tier`` recomputes the tier. Three deliveries of one
event, or two events in reverse order, end in the same state as one in order.

The daily ``billing.daily`` job reconciles every account with Stripe (fixing and logging any
drift: a missed webhook, an invoice that never arrived), ends grace periods and grants that
have run out, and mails owners a week before a grant ends.
"""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import audit, jobs
from core.db import commit, utcnow
from core.extensions import db
from marketplace.membership import stripe_api, tiers
from marketplace.membership.models import BillingAccount, BillingInvoice, CheckoutRecord, StripeEvent, TierPrice

log = logging.getLogger(__name__)

EVENT_ATTEMPTS = 8
# Handled events are kept this long: Stripe retries a delivery for up to three days (each time
# freshly signed), so an id seen again after that is not a retry; the signature's five-minute
# tolerance refuses an old capture replayed by someone else.
KEEP_EVENTS = timedelta(days=35)
RETRY_AFTER = timedelta(minutes=10)
# An event that failed this often is left for a person (the staff jobs page lists its failed
# jobs, and its Retry button sends one again) instead of being tried every hour for ever.
GIVE_UP_AFTER = 12 * EVENT_ATTEMPTS
MIRRORED = ("subscription_id", "status", "tier_code", "stripe_price", "interval", "currency", "amount")
MIRRORED_TIMES = ("current_period_end",)


# ---------------------------------------------------------------- storing events
def _customer_of(obj: dict) -> str | None:
    if obj.get("object") == "customer":
        return obj.get("id")
    customer = obj.get("customer")
    if isinstance(customer, dict):
        return customer.get("id")
    return customer


def store_event(event) -> bool:
    """Store a verified event once; True when it is new (and its handling job is queued)."""
    payload = event.to_dict() if hasattr(event, "to_dict") else dict(event)
    event_id = payload["id"]
    if db.session.get(StripeEvent, event_id) is not None:
        return False
    obj = payload.get("data", {}).get("object", {}) or {}
    try:
        with db.session.begin_nested():  # two deliveries at once: the second meets the key
            db.session.add(
                StripeEvent(
                    id=event_id, type=str(payload.get("type", ""))[:100], customer=_customer_of(obj), payload=payload
                )
            )
    except IntegrityError:
        return False
    jobs.enqueue("billing.event", event_id, max_attempts=EVENT_ATTEMPTS)
    return True


@jobs.job("billing.event", label=_l("Stripe event"))
def process_event(event_id: str) -> None:
    # Locked (PostgreSQL) until this job commits: the sweep's copy of the job waits, then finds
    # the event processed.
    event = db.session.scalar(select(StripeEvent).where(StripeEvent.id == event_id).with_for_update())
    if event is None or event.processed_at is not None:
        return
    try:
        handle(event)
        event.attempts += 1
        event.processed_at = utcnow()
        event.last_error = None
        commit()
    except Exception:
        error = traceback.format_exc(limit=5)
        db.session.rollback()
        failed = db.session.get(StripeEvent, event_id)
        failed.attempts += 1
        failed.last_error = error[-4000:]
        commit()
        raise


def handle(event: StripeEvent) -> None:
    """What an event changes: the checkout it completes, then its customer's whole state."""
    obj = event.payload.get("data", {}).get("object", {}) or {}
    if event.type == "checkout.session.completed":
        record = db.session.get(CheckoutRecord, obj.get("id"))
        if record is not None and record.completed_at is None:
            record.completed_at = utcnow()
    if event.customer:
        account = _locked(BillingAccount.stripe_customer == event.customer)
        if account is not None:
            sync_account(account)
        else:
            log.info("stripe event %s for customer %s, not one of ours: nothing to do", event.id, event.customer)


@jobs.job("billing.retry_events", label=_l("Stripe events left unhandled"))
def retry_events() -> int:
    """Queue again the events still unhandled a while after they arrived."""
    stale = db.session.scalars(
        select(StripeEvent.id)
        .where(
            StripeEvent.processed_at.is_(None),
            StripeEvent.received_at < utcnow() - RETRY_AFTER,
            StripeEvent.attempts < GIVE_UP_AFTER,
        )
        .order_by(StripeEvent.received_at)
        .limit(500)
    ).all()
    for event_id in stale:
        jobs.enqueue("billing.event", event_id, max_attempts=EVENT_ATTEMPTS)
    commit()
    return len(stale)


# ---------------------------------------------------------------- the mirror
def _locked(condition) -> BillingAccount | None:
    """The account, locked until the transaction ends (PostgreSQL; SQLite writes one at a
    time anyway). Stripe sends several events of one checkout at once: their jobs sync the
    same account one after the other, so one tier change is made (and mailed) once."""
    return db.session.scalar(select(BillingAccount).where(condition).with_for_update())


def _get(obj, key, default=None):
    try:
        value = obj[key]
    except (KeyError, TypeError):
        return default
    return default if value is None else value


def _when(epoch) -> datetime | None:
    from datetime import UTC

    return datetime.fromtimestamp(int(epoch), UTC) if epoch else None


def _current(subscriptions: list):
    """The subscription that decides: one that pays or is being dunned, newest first; else the
    newest of all (canceled: the tier has ended)."""
    ordered = sorted(subscriptions, key=lambda s: _get(s, "created", 0) or 0, reverse=True)
    for sub in ordered:
        if _get(sub, "status") in tiers.PAYING | tiers.DUNNING:
            return sub
    return ordered[0] if ordered else None


def _mirror(sub) -> dict:
    if sub is None:
        return dict.fromkeys(MIRRORED + MIRRORED_TIMES) | {"cancel_at_period_end": False}
    items = _get(_get(sub, "items", {}), "data", [])
    item = items[0] if items else {}
    price = _get(item, "price") or _get(item, "plan") or {}
    price_id = _get(price, "id")
    known = db.session.scalar(select(TierPrice).where(TierPrice.stripe_price == price_id)) if price_id else None
    if price_id and known is None:
        log.warning("subscription %s bills price %s, which no tier has", _get(sub, "id"), price_id)
    recurring = _get(price, "recurring", {})
    return {
        "subscription_id": _get(sub, "id"),
        "status": _get(sub, "status"),
        "tier_code": known.tier_code if known else None,
        "stripe_price": price_id,
        "interval": _get(recurring, "interval") or _get(price, "interval") or (known.interval if known else None),
        "currency": (_get(price, "currency") or (known.currency if known else "")).lower() or None,
        "amount": _get(price, "unit_amount", _get(price, "amount")),
        "current_period_end": _when(_get(item, "current_period_end") or _get(sub, "current_period_end")),
        "cancel_at_period_end": bool(_get(sub, "cancel_at_period_end", False) or _get(sub, "cancel_at")),
    }


def sync_account(account: BillingAccount, now: datetime | None = None) -> dict:
    """Mirror the customer's current subscription and invoices from Stripe, start or end a
    grace period, and apply the tier. Returns what changed ({field: [before, after]})."""
    now = now or utcnow()
    mirror = _mirror(_current(stripe_api.subscriptions_of(account.stripe_customer)))
    changes = {}
    for field, value in mirror.items():
        before = getattr(account, field)
        if before != value:
            changes[field] = [_plain(before), _plain(value)]
            setattr(account, field, value)
    if account.status in tiers.DUNNING and account.tier_code and account.grace_until is None:
        account.grace_until = now + timedelta(days=current_app.config["BILLING_GRACE_DAYS"])
        changes["grace_until"] = [None, _plain(account.grace_until)]
        _tell_payment_failed(account)
    elif account.status not in tiers.DUNNING and account.grace_until is not None:
        changes["grace_until"] = [_plain(account.grace_until), None]
        account.grace_until = None
    account.synced_at = now
    changes.update(sync_invoices(account))
    db.session.flush()
    tiers.apply_tier(account.organization_id, now)
    return changes


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def sync_invoices(account: BillingAccount) -> dict:
    """Mirror the customer's invoices (the newest 24); returns {"invoices": [ids added]} when
    some were missing."""
    added = []
    for invoice in stripe_api.invoices_of(account.stripe_customer):
        row = db.session.get(BillingInvoice, invoice["id"])
        if row is None:
            row = BillingInvoice(id=invoice["id"], organization_id=account.organization_id)
            db.session.add(row)
            added.append(invoice["id"])
        row.number = _get(invoice, "number")
        row.status = _get(invoice, "status")
        row.amount_due = int(_get(invoice, "amount_due", 0))
        row.amount_paid = int(_get(invoice, "amount_paid", 0))
        row.currency = str(_get(invoice, "currency", "cny")).lower()
        row.issued_at = _when(_get(invoice, "created") or _get(invoice, "date")) or utcnow()
        row.hosted_url = _get(invoice, "hosted_invoice_url")
        row.pdf_url = _get(invoice, "invoice_pdf")
    return {"invoices": [None, added]} if added else {}


def _tell_payment_failed(account: BillingAccount) -> None:
    from core.organizations.models import Organization

    tiers.tell_owners(db.session.get(Organization, account.organization_id), "payment_failed", account=account)


# ---------------------------------------------------------------- the daily round
def reconcile(now: datetime | None = None) -> dict:
    """Compare every account with Stripe; fix and log what drifted. Each account commits on
    its own: one Stripe error does not stop the rest."""
    now = now or utcnow()
    fixed = failed = checked = 0
    ids = db.session.scalars(
        select(BillingAccount.organization_id).where(BillingAccount.stripe_customer.is_not(None))
    ).all()
    for organization_id in ids:
        account = _locked(BillingAccount.organization_id == organization_id)
        try:
            changes = sync_account(account, now)
            if changes:
                fixed += 1
                log.warning("billing drift fixed for organization %s: %s", organization_id, changes)
                audit.record("billing.drift_fixed", object_type="organizations", object_id=organization_id, **changes)
            commit()
            checked += 1
        except stripe_api.StripeError:
            db.session.rollback()
            failed += 1
            log.exception("billing reconcile: Stripe failed for organization %s", organization_id)
    return {"checked": checked, "fixed": fixed, "failed": failed}


@jobs.job("billing.daily", label=_l("Billing: reconcile with Stripe, end grace periods and grants"))
def daily(at: str | None = None) -> dict:
    from core.schedule import as_of
    from marketplace.membership import grants

    now = as_of(at)
    result = reconcile(now) if stripe_api.enabled() else {}
    # Grace periods that ran out without a webhook to say so (Stripe still retrying the card).
    lapsed = db.session.scalars(
        select(BillingAccount.organization_id).where(
            BillingAccount.grace_until.is_not(None), BillingAccount.grace_until <= now
        )
    ).all()
    for organization_id in lapsed:
        tiers.apply_tier(organization_id, now)
    result.update(grants.daily(now))
    result["grace_ended"] = len(lapsed)
    result["events_pruned"] = prune_events(now)
    commit()
    return result


def prune_events(now: datetime) -> int:
    """Forget handled events older than KEEP_EVENTS (unhandled ones stay, for the sweep)."""
    from sqlalchemy import delete

    return db.session.execute(
        delete(StripeEvent).where(StripeEvent.processed_at.is_not(None), StripeEvent.received_at < now - KEEP_EVENTS)
    ).rowcount
