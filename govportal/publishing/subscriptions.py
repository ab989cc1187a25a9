"""Mail subscriptions to the portal's notices and policies, by industry and district.

Anyone gives an address, the kinds (notices, policies), the industries and districts they
care about (none: all) and how often (at once, or a daily digest). Nothing is sent before the
address is confirmed through a signed link; every mail carries a one-click unsubscribe link
(a signed token, no sign-in; RFC 8058 ``List-Unsubscribe-Post`` for mail programs) and a
link to change the choices.

When an item is first published, or amended with a major change (services), ``published``
queues ``publishing.deliver`` after the commit. The job matches the item against confirmed
subscriptions: an item concerns a subscription when the kinds match and, for industries and
districts each, either side names none or they share one. A ``Delivery`` row per
(subscription, item, version) makes a delivery happen once, however often the job runs;
immediate ones are mailed at once, daily ones by ``publishing.digest`` the next morning.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.accounts import tokens
from core.db import commit, utcnow
from core.errors import DomainError
from core.extensions import db
from core.jobs import enqueue, job
from core.mail import send_mail
from core.organizations.choices import DISTRICTS, INDUSTRIES
from govportal.publishing.kinds import SUBSCRIBABLE
from govportal.publishing.models import Delivery, Publication, Subscription

FREQUENCIES = {"immediate": _l("At once, one mail per item"), "daily": _l("A daily digest")}
CONFIRM_DAYS = 7
LINK_DAYS = 3650  # unsubscribe and manage links in mails keep working
MAX_PER_ADDRESS = 10
DIGEST_SHOWN = 30


def _codes(values, allowed) -> str:
    chosen = [v for v in dict.fromkeys(values or []) if v in allowed]
    return "," + ",".join(chosen) + "," if chosen else ""


def subscribe(email: str, language: str, kinds, industries, districts, frequency: str, user=None) -> Subscription:
    """A new subscription, waiting for its confirmation (the caller mails ``confirm_url``)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        email = validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError(_l("Enter an email address like name@example.com."), field="email") from None
    kinds = _codes(kinds, SUBSCRIBABLE)
    if not kinds:
        raise DomainError(_l("Choose notices, policies or both."), field="kinds")
    if frequency not in FREQUENCIES:
        raise DomainError(_l("Choose how often."), field="frequency")
    active = db.session.scalars(
        select(Subscription).where(Subscription.email == email, Subscription.unsubscribed_at.is_(None))
    ).all()
    same = next(
        (s for s in active if (s.kinds, s.industries, s.districts) == (kinds, _codes(industries, INDUSTRIES),
                                                                       _codes(districts, DISTRICTS))), None
    )  # fmt: skip
    if same is not None:  # asked again (a double submit, a lost mail): the same one, mailed again
        same.frequency = frequency
        return same
    if len(active) >= MAX_PER_ADDRESS:
        raise DomainError(_l("This address has as many subscriptions as it may: change one of them."), field="email")
    found = Subscription(
        email=email,
        language=language,
        kinds=kinds,
        industries=_codes(industries, INDUSTRIES),
        districts=_codes(districts, DISTRICTS),
        frequency=frequency,
        user_id=getattr(user, "id", None)
        if user is not None and user.is_authenticated and user.email == email
        else None,
    )
    db.session.add(found)
    db.session.flush()
    return found


def send_confirmation(found: Subscription) -> None:
    send_mail(found.email, "portal_subscription_confirm", found.language, subscription=found,
              confirm_url=_url("portal_subscriptions.confirm", "confirm", found))  # fmt: skip


def _url(endpoint: str, purpose: str, found: Subscription) -> str:
    from flask import current_app

    token = tokens.make_token(f"portal-{purpose}", sid=found.id)
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, token=token, lang=found.language)


def read(purpose: str, token: str) -> Subscription | None:
    max_age = CONFIRM_DAYS * 86400 if purpose == "confirm" else LINK_DAYS * 86400
    data = tokens.read_token(f"portal-{purpose}", token[:500], max_age=max_age)
    sid = data.get("sid") if data else None
    return db.session.get(Subscription, sid) if isinstance(sid, int) else None


def confirm(found: Subscription) -> None:
    if found.confirmed_at is None:
        found.confirmed_at = utcnow()
    found.unsubscribed_at = None


def unsubscribe(found: Subscription) -> None:
    if found.unsubscribed_at is None:
        found.unsubscribed_at = utcnow()


def concerns(found: Subscription, item: Publication) -> bool:
    if f",{item.kind}," not in found.kinds:
        return False
    for name in ("industries", "districts"):
        wanted, targets = set(found.targets(name)), set(item.targets(name))
        if wanted and targets and not wanted & targets:
            return False
    return True


def published(item: Publication) -> None:
    """``item`` was published or changed in a major way (inside the transaction): deliver it
    to those it concerns after the commit."""
    enqueue("publishing.deliver", item.id, item.version)


def _headers(found: Subscription) -> dict:
    link = _url("portal_subscriptions.unsubscribe", "unsubscribe", found)
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _links(found: Subscription) -> dict:
    return {
        "unsubscribe_url": _url("portal_subscriptions.unsubscribe", "unsubscribe", found),
        "manage_url": _url("portal_subscriptions.manage", "manage", found),
    }


@job("publishing.deliver", label=_l("Send a portal item to its subscribers"))
def deliver(publication_id: int, version: int) -> str:
    item = db.session.get(Publication, publication_id)
    if item is None or item.status != "published" or item.version != version:
        return "not current"  # withdrawn since, or amended again (that version is delivered)
    sent = queued = 0
    last = 0
    while True:
        batch = db.session.scalars(
            select(Subscription)
            .where(
                Subscription.id > last,
                Subscription.confirmed_at.is_not(None),
                Subscription.unsubscribed_at.is_(None),
                Subscription.kinds.like(f"%,{item.kind},%"),
            )
            .order_by(Subscription.id)
            .limit(500)
        ).all()
        if not batch:
            break
        last = batch[-1].id
        for found in batch:
            if not concerns(found, item):
                continue
            try:
                with db.session.begin_nested():
                    delivery = Delivery(subscription_id=found.id, publication_id=item.id, version=version)
                    db.session.add(delivery)
                    db.session.flush()
            except IntegrityError:
                continue  # delivered already
            if found.frequency == "immediate":
                send_mail(found.email, "portal_item", found.language, headers=_headers(found), subscription=found,
                          item=item, change=_change(item), **_links(found))  # fmt: skip
                delivery.sent_at = utcnow()
                sent += 1
            else:
                queued += 1
        commit()
    return f"{sent} sent, {queued} for digests"


def _change(item: Publication):
    """The note of ``item``'s current version when it is an amendment (None at first publication)."""
    from govportal.publishing.models import PublicationVersion

    if item.version <= 1:
        return None
    return db.session.scalar(
        select(PublicationVersion).where(
            PublicationVersion.publication_id == item.id, PublicationVersion.number == item.version
        )
    )


@job("publishing.digest", label=_l("Send the daily digests of portal items"))
def digest(at: str | None = None) -> str:
    from core.schedule import as_of

    now = as_of(at)
    sent = 0
    subscription_ids = db.session.scalars(
        select(Delivery.subscription_id).where(Delivery.sent_at.is_(None)).distinct().order_by(Delivery.subscription_id)
    ).all()
    for subscription_id in subscription_ids:
        found = db.session.get(Subscription, subscription_id)
        rows = db.session.execute(
            select(Delivery, Publication)
            .join(Publication, Publication.id == Delivery.publication_id)
            .where(Delivery.subscription_id == subscription_id, Delivery.sent_at.is_(None))
            .order_by(Publication.published_at.desc())
        ).all()
        current = [(d, p) for d, p in rows if p.status == "published"]
        if found.unsubscribed_at is None and current:
            send_mail(found.email, "portal_digest", found.language, headers=_headers(found), subscription=found,
                      items=[p for _d, p in current[:DIGEST_SHOWN]], more=max(0, len(current) - DIGEST_SHOWN),
                      **_links(found))  # fmt: skip
            found.last_sent_at = now
            sent += 1
        for delivery, _item in rows:
            delivery.sent_at = now
        commit()
    return f"{sent} digests"


def describe(found: Subscription, lang: str) -> str:
    """What a subscription covers, in words (for pages and mails)."""
    from flask_babel import gettext as _

    from govportal.publishing.kinds import KINDS

    kinds = ", ".join(str(KINDS[k].label) for k in found.kinds.strip(",").split(",") if k in KINDS)
    industries = ", ".join(str(INDUSTRIES[c]) for c in found.targets("industries") if c in INDUSTRIES) or _(
        "all industries"
    )
    districts = ", ".join(str(DISTRICTS[c]) for c in found.targets("districts") if c in DISTRICTS) or _(
        "the whole city"
    )
    return _("%(kinds)s · %(industries)s · %(districts)s", kinds=kinds, industries=industries, districts=districts)
