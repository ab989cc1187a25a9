"""Following exhibitors and categories, and the digest mail of what is new there.

A user follows a public exhibitor (by its organization) or a category; the first follow makes
a ``DigestSetting`` (weekly). The daily job ``following.digests`` (core.schedule) mails each
user whose digest is due what was published since the last one covered: new products of the
exhibitors followed, new products and open buyer requests in the categories followed (a
category covers its subcategories), at most ``SHOWN`` of each with how many more there are.
Nothing new: no mail. Every digest carries a one-click unsubscribe link (a signed token, no
sign-in, and RFC 8058 ``List-Unsubscribe-Post`` for mail programs).

When a followed exhibitor's credit standing changes (core.organizations.standing), its
followers are told at once, not in the digest: it may change whether they buy from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.accounts import tokens
from core.accounts.models import User
from core.db import commit, utcnow
from core.errors import DomainError
from core.extensions import db
from core.jobs import job
from core.organizations import standing
from core.organizations.standing import standing_changed
from i18n import Localizable
from marketplace.following.models import FREQUENCIES, KINDS, MAX_FOLLOWS, DigestSetting, Follow
from marketplace.public.visibility import (
    ORGANIZATIONS as _O,
    PRODUCTS as _P,
    PROFILES as _EP,
    REQUESTS as _R,
    public_exhibitors,
    public_products,
    request_is_open,
)

SHOWN = 10
UNSUBSCRIBE_DAYS = 365  # how long a digest's unsubscribe link works
BATCH = 200


@dataclass(frozen=True)
class Named(Localizable):
    name_zh: str | None
    name_en: str | None
    original_language: str


@dataclass(frozen=True)
class Target:
    kind: str
    id: int
    name: object  # LocalizedText-able: has .localized("name", lang)
    slug: str


def find_target(kind: str, target_id: int | None = None, slug: str | None = None) -> Target | None:
    """The public exhibitor (by organization id) or the category (by id or slug), or None."""
    if kind == "exhibitor" and target_id is not None:
        row = db.session.execute(
            public_exhibitors(
                _EP.c.organization_id, _EP.c.slug, _O.c.name_zh, _O.c.name_en, _O.c.original_language
            ).where(_EP.c.organization_id == target_id)
        ).first()
        if row is None:
            return None
        return Target(
            "exhibitor", row.organization_id, Named(row.name_zh, row.name_en, row.original_language), row.slug
        )
    if kind == "category":
        from marketplace.public.categories import category_tree

        tree = category_tree()
        node = tree.by_slug.get(slug or "") if slug is not None else tree.by_id.get(target_id)
        return Target("category", node.id, node, node.slug) if node else None
    return None


def follow(user, target: Target) -> bool:
    """Follow ``target``; False when the user already did (a double submit changes nothing)."""
    if _existing(user.id, target) is not None:
        return False
    count = db.session.scalar(select(func.count()).select_from(Follow).where(Follow.user_id == user.id)) or 0
    if count >= MAX_FOLLOWS:
        raise DomainError(
            _l(
                "You follow %(num)s exhibitors and categories, the most we keep: stop following some first.",
                num=MAX_FOLLOWS,
            )
        )
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, kind=target.kind, target_id=target.id))
            db.session.flush()
    except IntegrityError:  # the same follow from another tab a moment ago
        return False
    if db.session.get(DigestSetting, user.id) is None:
        db.session.add(DigestSetting(user_id=user.id, frequency="weekly", covered_until=utcnow()))
    return True


def _existing(user_id: int, target: Target) -> Follow | None:
    return db.session.scalar(
        select(Follow).where(Follow.user_id == user_id, Follow.kind == target.kind, Follow.target_id == target.id)
    )


def is_following(user, target: Target) -> bool:
    return _existing(user.id, target) is not None


def unfollow(user, follow_id: int) -> bool:
    found = db.session.get(Follow, follow_id)
    if found is None or found.user_id != user.id:
        return False
    db.session.delete(found)
    return True


def follows_of(user) -> dict[str, list[tuple[Follow, Target]]]:
    """The user's follows by kind, with what they point at (gone or hidden ones left out): the
    exhibitors in one query, the categories from the tree."""
    from marketplace.public.categories import category_tree

    rows = db.session.scalars(select(Follow).where(Follow.user_id == user.id).order_by(Follow.created_at.desc())).all()
    wanted = [row.target_id for row in rows if row.kind == "exhibitor"]
    exhibitors = {}
    if wanted:
        for found in db.session.execute(
            public_exhibitors(
                _EP.c.organization_id, _EP.c.slug, _O.c.name_zh, _O.c.name_en, _O.c.original_language
            ).where(_EP.c.organization_id.in_(wanted))
        ):
            name = Named(found.name_zh, found.name_en, found.original_language)
            exhibitors[found.organization_id] = Target("exhibitor", found.organization_id, name, found.slug)
    tree = category_tree()
    out: dict[str, list] = {kind: [] for kind in KINDS}
    for row in rows:
        if row.kind == "exhibitor":
            target = exhibitors.get(row.target_id)
        else:
            node = tree.by_id.get(row.target_id)
            target = Target("category", node.id, node, node.slug) if node else None
        if target is not None:
            out[row.kind].append((row, target))
    return out


def setting_of(user) -> DigestSetting | None:
    return db.session.get(DigestSetting, user.id)


def set_frequency(user, frequency: str) -> None:
    if frequency not in FREQUENCIES:
        raise DomainError(_l("Choose how often from the list."), field="frequency")
    setting = setting_of(user)
    if setting is None:
        setting = DigestSetting(user_id=user.id, covered_until=utcnow())
        db.session.add(setting)
    setting.frequency = frequency


# ---------------------------------------------------------------- the digest


@dataclass
class Digest:
    products: list = field(default_factory=list)  # public product cards
    more_products: int = 0
    requests: list = field(default_factory=list)  # public buyer requests
    more_requests: int = 0

    def __bool__(self) -> bool:
        return bool(self.products or self.requests)


def _newest(query, id_column, order_column, limit: int) -> tuple[list[int], int]:
    ids = db.session.scalars(query.order_by(order_column.desc(), id_column.desc()).limit(limit)).all()
    total = len(ids)
    if total == limit:
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return list(ids), total


def digest_for(user_id: int, since: datetime, now: datetime) -> Digest:
    """What is new for the user between ``since`` and ``now``."""
    from marketplace.public.categories import category_tree
    from marketplace.public.reads import product_cards
    from marketplace.sourcing.reads import request_cards

    follows = db.session.execute(select(Follow.kind, Follow.target_id).where(Follow.user_id == user_id)).all()
    organizations = [t for k, t in follows if k == "exhibitor"]
    tree = category_tree()
    categories = sorted({c for k, t in follows if k == "category" for c in tree.descendants(t)})
    found = Digest()
    if organizations or categories:
        which = []
        if organizations:
            which.append(_P.c.organization_id.in_(organizations))
        if categories:
            which.append(_P.c.category_id.in_(categories))
        from sqlalchemy import or_

        query = public_products(_P.c.id).where(or_(*which), _P.c.published_at > since, _P.c.published_at <= now)
        ids, total = _newest(query, _P.c.id, _P.c.published_at, SHOWN)
        cards = {card.id: card for card in product_cards(ids)}
        found.products = [cards[i] for i in ids if i in cards]
        found.more_products = max(0, total - len(found.products))
    if categories:
        query = select(_R.c.id).where(
            request_is_open(now.date()), _R.c.category_id.in_(categories), _R.c.published_at > since,
            _R.c.published_at <= now,
        )  # fmt: skip
        ids, total = _newest(query, _R.c.id, _R.c.published_at, SHOWN)
        found.requests = request_cards(ids)
        found.more_requests = max(0, total - len(found.requests))
    return found


def due(setting: DigestSetting, now: datetime) -> bool:
    """Daily: once a day. Weekly: on Mondays. Never twice within 20 hours (a late job)."""
    if setting.frequency == "off":
        return False
    if setting.last_sent_at is not None and now - _aware(setting.last_sent_at) < timedelta(hours=20):
        return False
    return setting.frequency == "daily" or now.weekday() == 0


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def unsubscribe_url(user) -> str:
    token = tokens.make_token("unsubscribe", uid=user.id)
    return url_for("digest.unsubscribe", token=token, lang=user.preferred_language, _external=False)


def read_unsubscribe(token: str) -> int | None:
    data = tokens.read_token("unsubscribe", token, max_age=UNSUBSCRIBE_DAYS * 86400)
    uid = data.get("uid") if data else None
    return uid if isinstance(uid, int) else None


def send_digest(setting: DigestSetting, now: datetime) -> bool:
    """Mail one user's digest when there is something new; either way it now covers up to ``now``."""
    from flask import current_app

    from core.mail import send_mail

    user = setting.user
    content = digest_for(setting.user_id, _aware(setting.covered_until), now)
    setting.covered_until = now
    if not content:
        return False
    link = current_app.config["BASE_URL"].rstrip("/") + unsubscribe_url(user)
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    send_mail(user.email, "digest", user.preferred_language, headers=headers, user=user, digest=content,
              unsubscribe=link, frequency=setting.frequency)  # fmt: skip
    setting.last_sent_at = now
    return True


def send_digests(now: datetime | None = None) -> int:
    """Every due digest; commits in batches. Returns how many mails went out."""
    now = now or utcnow()
    sent = 0
    last = 0
    while True:
        batch = db.session.scalars(
            select(DigestSetting)
            .where(DigestSetting.user_id > last, DigestSetting.frequency != "off")
            .order_by(DigestSetting.user_id)
            .limit(BATCH)
        ).all()
        if not batch:
            return sent
        for setting in batch:
            last = setting.user_id
            if due(setting, now):
                sent += send_digest(setting, now)
        commit()  # this batch's mail goes out


@job("following.digests", label=_l("Digest mails of what users follow"))
def digests_job(at: str | None = None) -> None:
    from core.schedule import as_of

    send_digests(as_of(at))


@standing_changed.connect
def _tell_of_standing(org, old: str, new: str, told: frozenset) -> None:
    """The buyers who follow an exhibitor rely on it: when its credit standing changes, each is
    told in the app and by mail (those who follow its credit record are told by the record)."""
    from core.notifications import tell

    users = db.session.scalars(
        select(User)
        .join(Follow, Follow.user_id == User.id)
        .where(Follow.kind == "exhibitor", Follow.target_id == org.id, User.active.is_(True))
    ).all()
    for user in users:
        if user.id in told:
            continue
        tell(
            user,
            "exhibitor_standing",
            ("credit.record", {"uscc": org.uscc}) if standing.record_url(org.uscc) else ("following.index", {}),
            organization=org,
            old_status=old,
            new_status=new,
            standings=standing.STANDINGS,
        )
