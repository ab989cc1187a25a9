"""The publishing workflow, on the shared review (core.review).

::

    draft ─submit─▶ submitted ─approve─▶ published ─withdraw─▶ withdrawn (page stays)
      ▲                │   └─approve, time later─▶ scheduled ─(its time: sweep)─▶ published
      └──edit── returned ◀─return (with comments)        published ─unpublish (admin)─▶ unpublished

* Editors write within their unit (``core.units.acts_for``); reviewers decide within theirs;
  city-level staff (no unit) and administrators over all. Nobody decides on what they
  submitted (core.review).
* An edit of a published item is an amendment: a pending revision with a change note, major
  or minor, reviewed like a new item. Approved, it becomes the next ``PublicationVersion``;
  a major one is listed in the public history and sent to subscribers.
* Scheduled items go public at ``scheduled_for`` through ``publish_due``, which the
  scheduler runs every minute: nothing is queued per item, so nothing queued can be lost.
* A policy's links (amends, repeals, interprets) take effect when the policy is published:
  the targets' validity follows.

Every step is an audit entry (``publication.*``); views commit once.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime, timedelta

from flask_babel import get_timezone, lazy_gettext as _l
from sqlalchemy import delete, or_, select

from core import access, audit, review, units
from core.accounts.models import StaffRole, User
from core.db import utcnow
from core.errors import DomainError, Forbidden
from core.extensions import db
from core.inputs import Fields, record_id
from core.jobs import job
from core.organizations import uscc
from core.organizations.choices import DISTRICTS, INDUSTRIES
from core.review import ReviewStatus
from core.text import TextProblem, plain_text, sanitize_html, slugify
from govportal.publishing import files
from govportal.publishing.kinds import EXTRA_LANGUAGES, KINDS, Kind, detail_keys
from govportal.publishing.models import LINKS, Publication, PublicationLink, PublicationVersion

EDITOR = access.staff("editor", "reviewer")
REVIEWER = access.staff("reviewer")
COMMON = ("title_zh", "title_en", "summary_zh", "summary_en", "body_zh", "body_en")
NOTE_FIELDS = ("change_note_zh", "change_note_en", "major_change")
FIELDS = (
    "unit_id",
    *COMMON,
    "texts",
    "details",
    "industries",
    "districts",
    "doc_number",
    "effective_on",
    "expires_on",
    "deadline",
    "scheduled_for",
    *NOTE_FIELDS,
)
DATE_COLUMNS = ("effective_on", "expires_on", "deadline")
MAX_BODY = 60_000
PUBLIC_STATES = (ReviewStatus.PUBLISHED,)  # in lists, feeds, search
PAGE_STATES = (ReviewStatus.PUBLISHED, ReviewStatus.WITHDRAWN, ReviewStatus.UNPUBLISHED)  # a page answers


def _apply(item: Publication, values: dict) -> None:
    """Write edited or revision values (dates come back from a revision as ISO strings)."""
    for name in FIELDS:
        if name not in values or name in NOTE_FIELDS:
            continue
        value = values[name]
        if name in DATE_COLUMNS and isinstance(value, str):
            value = date.fromisoformat(value)
        elif name == "scheduled_for" and isinstance(value, str):
            value = datetime.fromisoformat(value)
        setattr(item, name, value)
    item.slug = slugify(item.title_en or "", fallback=item.kind)


def _may_decide(item: Publication, user) -> bool:
    return units.acts_for(user, item.unit_id)


def _publish_at(item: Publication):
    return _aware(item.scheduled_for)


def _aware(when: datetime | None) -> datetime | None:
    from datetime import UTC

    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _decided(item: Publication, decision: str) -> None:
    from core.notifications import tell

    author = db.session.get(User, item.author_id) if item.author_id else None
    if author is not None and author.active:
        tell(
            author,
            "publication_decision",
            ("publishing_manage.edit", {"item_id": item.id}),
            item=item,
            decision=decision,
        )


REVIEW = review.ReviewKind(
    "publication",
    FIELDS,
    REVIEWER,
    revision_decided=files.revision_decided,
    apply=_apply,
    decided=_decided,
    may_decide=_may_decide,
    publish_at=_publish_at,
)


# -- who may do what ------------------------------------------------------------------------


def can_edit(user, item: Publication | None = None, unit_id: int | None = None) -> bool:
    if not EDITOR.allows(user):
        return False
    return units.acts_for(user, item.unit_id if item is not None else unit_id)


def can_decide(user, item: Publication) -> bool:
    return REVIEWER.allows(user) and units.acts_for(user, item.unit_id)


def check_edit(user, item: Publication) -> None:
    if not can_edit(user, item):
        raise Forbidden()


def staff_items(user):
    """What ``user`` may see in the staff lists: its unit's items, or all at city level."""
    query = select(Publication)
    if not (user.has_role("admin") or user.unit_id is None):
        query = query.where(Publication.unit_id == user.unit_id)
    return query


def waiting_for(user):
    """Items waiting for ``user``'s decision (new and amended), oldest first."""
    return (
        staff_items(user)
        .where(review.waiting(Publication))
        .order_by(Publication.submitted_at.asc().nulls_last(), Publication.id)
    )


# -- cleaning what the form sent -------------------------------------------------------------


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def _codes(raw: dict, name: str, allowed) -> str:
    values = raw.get(name) or []
    if isinstance(values, str):
        values = [values]
    chosen = [v for v in dict.fromkeys(values) if v in allowed]
    return "," + ",".join(chosen) + "," if chosen else ""


def _date(fields: Fields, name: str, required: bool = False) -> date | None:
    value = (fields.raw.get(name) or "").strip()
    if not value:
        if required:
            fields.error(name, _l("This field is required."))
        return None
    try:
        parsed = date.fromisoformat(value[:10])
        if len(value) != 10 or not 1900 <= parsed.year <= 2200:
            raise ValueError
    except ValueError:
        fields.error(name, _l("Enter a date like 2026-03-31."))
        return None
    return parsed


def _html(fields: Fields, name: str, limit: int, required: bool = False) -> str | None:
    value = fields.raw.get(name) or ""
    if len(value) > limit:
        fields.error(name, _l("At most %(n)s characters.", n=limit))
        return None
    try:
        plain_text(value, multiline=True, markup=True)
    except TextProblem as problem:
        fields.error(name, problem.message)
        return None
    cleaned = sanitize_html(value)
    if required and not cleaned:
        fields.error(name, _l("This field is required."))
    return cleaned


def parse_schedule(value: str | None) -> datetime | None:
    """``YYYY-MM-DDTHH:MM`` in the bureau's time zone, as UTC; ValueError when unreadable."""
    from datetime import UTC

    value = (value or "").strip()
    if not value:
        return None
    local = datetime.fromisoformat(value[:16])
    return local.replace(tzinfo=get_timezone()).astimezone(UTC)


def clean(kind: Kind, raw: dict, user, item: Publication | None = None) -> tuple[dict, list]:
    """The values of a staff form, checked; (values, [(field, message)])."""
    fields = Fields(raw)
    values: dict = {}
    unit_id = fields.choice("unit_id", {str(u.id) for u in units.all_units()}, _l("Choose a unit from the list."))
    if unit_id is not None:
        values["unit_id"] = int(unit_id)
        if not units.acts_for(user, values["unit_id"]):
            fields.error("unit_id", _l("You write for your own unit only."))
    elif not fields.has_error("unit_id"):
        fields.error("unit_id", _l("Choose a unit from the list."))
    for lang in ("zh", "en"):
        values[f"title_{lang}"] = fields.text(f"title_{lang}", 300, required=True)
        values[f"summary_{lang}"] = fields.text(f"summary_{lang}", 1000, multiline=True)
    values["body_zh"] = _html(fields, "body_zh", MAX_BODY, required=kind.name not in ("announcement",))
    values["body_en"] = _html(fields, "body_en", MAX_BODY)
    texts = {}
    for lang in kind.languages:
        if lang not in EXTRA_LANGUAGES:
            continue
        title = fields.text(f"title_{lang}", 300)
        summary = fields.text(f"summary_{lang}", 1000, multiline=True)
        body = _html(fields, f"body_{lang}", MAX_BODY)
        if title or body:
            if not title:
                fields.error(f"title_{lang}", _l("Give a title in this language too, or leave its text empty."))
            texts[lang] = {"title": title, "summary": summary, "body": body}
    values["texts"] = texts or None
    if kind.targeted:
        values["industries"] = _codes(raw, "industries", INDUSTRIES)
        values["districts"] = _codes(raw, "districts", DISTRICTS)
    details: dict = {}
    for detail in kind.details:
        names = [f"{detail.name}_zh", f"{detail.name}_en"] if detail.bilingual else [detail.name]
        for number, name in enumerate(names):
            required = detail.required and number == 0
            if detail.type == "date":
                value = _date(fields, name, required)
            elif detail.type in ("days", "number"):
                value = fields.whole(name, 0, 3650 if detail.type == "days" else 10**9)
                if required and value is None and not fields.has_error(name):
                    fields.error(name, _l("This field is required."))
            elif detail.type == "choice":
                value = fields.choice(name, set(detail.choices), _l("Choose from the list."))
                if required and value is None and not fields.has_error(name):
                    fields.error(name, _l("Choose from the list."))
            elif detail.type == "uscc":
                value = fields.text(name, 18, required=required, identifier=True)
                if value:
                    try:
                        value = uscc.validate(value)
                    except ValueError:
                        fields.error(name, _l("Enter a valid 18-character unified social credit code."))
                        value = None
            elif detail.type == "html":
                value = _html(fields, name, detail.limit, required)
            elif detail.type == "lines":
                text = fields.text(name, detail.limit, required=required, multiline=True)
                value = _lines(text) if text else None
            else:
                value = fields.text(name, detail.limit, required=required, multiline=detail.type == "plain")
            if detail.column:
                values[name] = value
            elif value not in (None, "", []):
                details[name] = value.isoformat() if isinstance(value, date) else value
    if kind.name == "policy":
        _policy_checks(fields, values, details, item)
    if kind.name == "guide":
        statutory, promised = details.get("statutory_days"), details.get("promised_days")
        if statutory is not None and promised is not None and promised > statutory:
            fields.error("promised_days", _l("The promised time limit cannot be longer than the statutory one."))
    values["details"] = details or None
    values["scheduled_for"] = None
    try:
        when = parse_schedule(raw.get("scheduled_for"))
    except ValueError:
        fields.error("scheduled_for", _l("Enter a date and time like 2026-03-31 09:00."))
    else:
        if when is not None and when <= utcnow() and (item is None or item.status in review.EDITABLE):
            fields.error("scheduled_for", _l("Choose a time in the future, or leave it empty to publish on approval."))
        values["scheduled_for"] = when
    if item is not None and item.status == ReviewStatus.PUBLISHED:
        values["change_note_zh"] = fields.text("change_note_zh", 500, required=True, multiline=True)
        values["change_note_en"] = fields.text("change_note_en", 500, multiline=True)
        values["major_change"] = raw.get("major_change") in ("1", "y", "on", True)
        values.pop("scheduled_for", None)
    return values, fields.errors


def _policy_checks(fields: Fields, values: dict, details: dict, item: Publication | None) -> None:
    effective, expires = values.get("effective_on"), values.get("expires_on")
    if effective and expires and expires < effective:
        fields.error("expires_on", _l("It cannot end before it comes into force."))
    number = values.get("doc_number")
    if number:
        clash = db.session.scalar(
            select(Publication.id).where(
                Publication.kind == "policy",
                Publication.doc_number == number,
                Publication.id != (item.id if item is not None else -1),
                Publication.status.not_in((ReviewStatus.UNPUBLISHED, ReviewStatus.ARCHIVED)),
            )
        )
        if clash:
            fields.error("doc_number", _l("Another policy has this document number."))
    links = {}
    for relation in LINKS:
        ref = fields.text(relation, 80)
        if not ref:
            continue
        target = find_policy(ref)
        if target is None or (item is not None and target.id == item.id):
            fields.error(relation, _l("No published policy has this document number or number."))
            continue
        links[relation] = target.id
    if (
        details.get("policy_type") == "interpretation"
        and "interprets" not in links
        and not fields.has_error("interprets")
    ):
        fields.error("interprets", _l("Say which policy this interprets."))
    if links:
        details["links"] = links


def find_policy(ref: str) -> Publication | None:
    """A published policy by its document number, or by its number (``123`` or ``#123``)."""
    ref = ref.strip()[:80]
    query = select(Publication).where(Publication.kind == "policy", Publication.status.in_(PAGE_STATES))
    number = record_id(ref.lstrip("#"))
    if number is not None:
        found = db.session.scalar(query.where(Publication.id == number))
        if found is not None:
            return found
    return db.session.scalar(query.where(Publication.doc_number == ref).order_by(Publication.id.desc()).limit(1))


# -- the workflow ----------------------------------------------------------------------------


def create(kind: Kind, user, values: dict) -> Publication:
    if not can_edit(user, unit_id=values.get("unit_id")):
        raise Forbidden()
    item = Publication(kind=kind.name, author_id=user.id, status=ReviewStatus.DRAFT, original_language="zh")
    values = {k: v for k, v in values.items() if k not in NOTE_FIELDS}
    _apply(item, values)
    if kind.name == "policy":
        item.validity = "in_force"
    db.session.add(item)
    db.session.flush()
    audit.record("publication.created", item, actor=user, kind=kind.name)
    return item


def update(item: Publication, user, values: dict) -> bool:
    """Change a draft at once, or propose an amendment of a published item (returns True: it
    waits for review)."""
    check_edit(user, item)
    if item.status in (ReviewStatus.WITHDRAWN, ReviewStatus.UNPUBLISHED, ReviewStatus.SCHEDULED):
        raise DomainError(_l("This can no longer be changed."))
    if item.status == ReviewStatus.PUBLISHED:
        real = {k: v for k, v in values.items() if k not in NOTE_FIELDS}
        live = review._stored({k: getattr(item, k) for k in real})
        if review._stored(real) == live and not item.pending_revision:
            raise DomainError(_l("Nothing has changed: edit the text before saving an amendment."))
    before = _current(item)
    if item.status == ReviewStatus.PUBLISHED:
        # The change note is no column of the item: review.edit compares each proposed field
        # with the public version's (getattr), so the note joins the revision after it.
        notes = {k: values[k] for k in NOTE_FIELDS if k in values}
        kept = {k: v for k, v in (item.pending_revision or {}).items() if k not in NOTE_FIELDS}
        item.pending_revision = kept or None
        waits = review.edit(item, REVIEW, {k: v for k, v in values.items() if k not in NOTE_FIELDS}, actor=user)
        if waits:
            item.pending_revision = {**item.pending_revision, **notes}
    else:
        waits = review.edit(item, REVIEW, values, actor=user)
    if item.status != ReviewStatus.PUBLISHED and _current(item) != before:  # a save that changed nothing is no edit
        audit.record("publication.edited", item, actor=user)
    if waits:
        _tell_reviewers(item)
    return waits


def _current(item: Publication) -> dict:
    return review._stored({name: getattr(item, name) for name in FIELDS if name not in NOTE_FIELDS})


def submit(item: Publication, user) -> None:
    check_edit(user, item)
    before = item.status
    review.submit(item, REVIEW, actor=user)
    if before != item.status:
        _tell_reviewers(item)


def reviewers_of(unit_id: int) -> list[User]:
    """Reviewers who act for the unit: its own and the city-level ones (not administrators:
    they can, but are not asked)."""
    return list(
        db.session.scalars(
            select(User)
            .join(StaffRole, StaffRole.user_id == User.id)
            .where(
                StaffRole.role == "reviewer",
                User.active.is_(True),
                User.account_type == "staff",
                or_(User.unit_id == unit_id, User.unit_id.is_(None)),
            )
            .order_by(User.id)
        ).unique()
    )


def _tell_reviewers(item: Publication) -> None:
    from core.notifications import tell

    submitter = review._submitter(item, REVIEW)
    for reviewer in reviewers_of(item.unit_id):
        if reviewer.id != submitter:  # they cannot decide on it anyway
            tell(reviewer, "publication_waiting", ("publishing_manage.edit", {"item_id": item.id}), item=item)


def decide(item: Publication, user, decision: str, reason: str | None = None) -> None:
    """Approve or return (with comments) a new item or an amendment."""
    revision = dict(item.pending_revision or {})
    was = item.status
    review.decide(item, REVIEW, user, decision, reason)
    if decision != "approve":
        return
    if was == ReviewStatus.PUBLISHED:  # an amendment
        _new_version(
            item,
            user,
            major=bool(revision.get("major_change")),
            note_zh=revision.get("change_note_zh"),
            note_en=revision.get("change_note_en"),
        )
    elif item.status == ReviewStatus.PUBLISHED:
        _first_version(item, user)


def _first_version(item: Publication, user=None) -> None:
    _new_version(item, user, major=True, note_zh="首次发布", note_en="First published")


def _new_version(item: Publication, user, major: bool, note_zh: str | None, note_en: str | None) -> None:
    item.version = (item.version or 0) + 1
    db.session.add(
        PublicationVersion(
            publication_id=item.id,
            number=item.version,
            major=major,
            note_zh=note_zh,
            note_en=note_en,
            snapshot=snapshot(item),
            decided_by_id=getattr(user, "id", None),
        )
    )
    _sync_links(item)
    item.updated_at = utcnow()
    if major and KINDS[item.kind].subscribable:
        from govportal.publishing import subscriptions

        subscriptions.published(item)


def snapshot(item: Publication) -> dict:
    """The fields as the public reads them, for the history and comparisons."""
    values = {name: getattr(item, name) for name in FIELDS if name not in NOTE_FIELDS and name != "scheduled_for"}
    return review._stored(values)


def publish_due(now: datetime | None = None) -> list[int]:
    """Publish every scheduled item whose time has come (the sweep, every minute)."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Publication)
        .where(Publication.status == ReviewStatus.SCHEDULED, Publication.scheduled_for <= now)
        .order_by(Publication.scheduled_for, Publication.id)
        # Lock the items only: their unit is joined (an outer join), which PostgreSQL cannot lock.
        .with_for_update(skip_locked=True, of=Publication)
    ).all()
    published = []
    for item in due:
        if review.go_live(item, REVIEW, by="schedule", scheduled_for=item.scheduled_for.isoformat()):
            _first_version(item)
            published.append(item.id)
    return published


@job("publishing.sweep", label=_l("Publish scheduled portal items"))
def sweep(at: str | None = None) -> str:
    from core.db import commit
    from core.schedule import as_of

    published = publish_due(as_of(at))
    commit()
    return f"{len(published)} published"


@job("publishing.validity", label=_l("Update the validity of policies"))
def refresh_validity(at: str | None = None) -> str:
    """Policies whose dates crossed today (came into force, expired) get their validity."""
    from core.db import commit
    from core.schedule import as_of

    day = as_of(at).date()
    changed = 0
    for item in db.session.scalars(
        select(Publication).where(Publication.kind == "policy", Publication.status.in_(PAGE_STATES))
    ):
        new = validity_of(item, day)
        if new != item.validity:
            item.validity = new
            changed += 1
    commit()
    return f"{changed} changed"


def withdraw(item: Publication, user, reason: str) -> None:
    """No longer current: out of lists and feeds, the page stays with the reason and date."""
    if not can_decide(user, item):
        raise Forbidden()
    if item.status != ReviewStatus.PUBLISHED:
        raise DomainError(_l("Only a published item can be withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why it is withdrawn: the page will show it."), field="reason")
    try:
        reason = plain_text(reason, multiline=True)
    except TextProblem as problem:
        raise DomainError(problem.message, field="reason") from None
    item.status = ReviewStatus.WITHDRAWN
    item.withdrawn_at = utcnow()
    item.withdrawn_reason = reason[:1000]
    item.pending_revision = None
    audit.record("publication.withdrawn", item, actor=user, reason=reason[:500])
    db.session.flush()
    _revalidate(_targets_of(item), item)  # what it amended or repealed is no longer so


def unpublish(item: Publication, user, note: str, replacement: Publication | None = None) -> None:
    """Published in error (administrators): the page explains, or leads to the replacement."""
    if not (user.is_staff and user.has_role("admin")):
        raise Forbidden()
    if item.status not in (ReviewStatus.PUBLISHED, ReviewStatus.WITHDRAWN, ReviewStatus.SCHEDULED):
        raise DomainError(_l("Only a published or scheduled item can be unpublished."))
    note = (note or "").strip()
    if not note and replacement is None:
        raise DomainError(_l("Explain why, or give the item that replaces it."), field="note")
    if replacement is not None and (replacement.id == item.id or replacement.status != ReviewStatus.PUBLISHED):
        raise DomainError(_l("The replacement must be another published item."), field="replacement")
    item.status = ReviewStatus.UNPUBLISHED
    item.unpublished_at = utcnow()
    item.unpublished_note = note[:1000] or None
    item.replaced_by_id = replacement.id if replacement is not None else None
    item.pending_revision = None
    audit.record("publication.unpublished", item, actor=user, note=note[:500], replacement=item.replaced_by_id)
    db.session.flush()
    _revalidate(_targets_of(item), item)


def cancel_schedule(item: Publication, user) -> None:
    """A scheduled item goes back to draft (it is reviewed again before it is public)."""
    check_edit(user, item)
    if item.status != ReviewStatus.SCHEDULED:
        raise DomainError(_l("This is not scheduled."))
    item.status = ReviewStatus.DRAFT
    audit.record("publication.unscheduled", item, actor=user)


# -- policies: links and validity -----------------------------------------------------------


def _sync_links(item: Publication) -> None:
    """The links the published version names are the links (replacing earlier ones)."""
    if item.kind != "policy":
        return
    wanted = ((item.details or {}).get("links")) or {}
    dropped = list(db.session.scalars(select(PublicationLink.target_id).where(PublicationLink.source_id == item.id)))
    db.session.execute(delete(PublicationLink).where(PublicationLink.source_id == item.id))
    touched = [t for t in (db.session.get(Publication, i) for i in dropped) if t is not None]
    for relation, target_id in wanted.items():
        target = db.session.get(Publication, target_id)
        if relation not in LINKS or target is None:
            continue
        db.session.add(PublicationLink(source_id=item.id, target_id=target.id, relation=relation))
        touched.append(target)
    db.session.flush()
    _revalidate(touched, item)
    item.validity = validity_of(item)


def _revalidate(targets, cause: Publication) -> None:
    """The validity of ``targets`` again, now that ``cause`` (which amends or repeals them)
    was published, amended, withdrawn or unpublished."""
    for target in dict.fromkeys(targets):
        new = validity_of(target)
        if new != target.validity:
            target.validity = new
            target.updated_at = utcnow()
            audit.record("publication.validity_changed", target, actor=None, validity=new, by=cause.id)


def _targets_of(item: Publication) -> list[Publication]:
    ids = db.session.scalars(select(PublicationLink.target_id).where(PublicationLink.source_id == item.id))
    return [t for t in (db.session.get(Publication, i) for i in ids) if t is not None]


def validity_of(item: Publication, today: date | None = None) -> str:
    today = today or utcnow().date()
    relations = set(
        db.session.scalars(
            select(PublicationLink.relation)
            .join(Publication, Publication.id == PublicationLink.source_id)
            .where(PublicationLink.target_id == item.id, Publication.status == ReviewStatus.PUBLISHED)
        )
    )
    if "repeals" in relations:
        return "repealed"
    if item.expires_on and item.expires_on < today:
        return "expired"
    if item.effective_on and item.effective_on > today:
        return "not_yet"
    if "amends" in relations:
        return "amended"
    return "in_force"


# -- versions for staff ----------------------------------------------------------------------


def versions(item: Publication) -> list[PublicationVersion]:
    return list(
        db.session.scalars(
            select(PublicationVersion)
            .where(PublicationVersion.publication_id == item.id)
            .order_by(PublicationVersion.number.desc())
        )
    )


def _as_lines(value) -> list[str]:
    from core.text import plain_excerpt

    if value is None:
        return []
    if isinstance(value, dict):
        out = []
        for key in sorted(value):
            out.extend(f"{key}: {line}" for line in _as_lines(value[key]))
        return out
    if isinstance(value, list):
        return [str(v) for v in value]
    text = str(value)
    if "<" in text and ">" in text:
        text = plain_excerpt(text, 10**6)
        return [s.strip() + "。" if not s.endswith("。") else s for s in text.split("。") if s.strip()]
    return text.splitlines() or [text]


def differences(old: dict | None, new: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """(field, [(mark, line)]) of what changed between two snapshots: mark ``+`` added, ``-``
    removed, `` `` kept around a change."""
    out = []
    for name in new.keys() | (old or {}).keys():
        before, after = _as_lines((old or {}).get(name)), _as_lines(new.get(name))
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before, after):
            mark, text = line[:1], line[2:]
            if mark in "+- ":
                lines.append((mark, text))
        out.append((name, lines))
    order = {name: number for number, name in enumerate(FIELDS)}
    return sorted(out, key=lambda pair: (order.get(pair[0], 99), pair[0]))


def preview_token(item: Publication) -> str:
    from core.accounts import tokens

    return tokens.make_token("publication-preview", pid=item.id)


PREVIEW_DAYS = 14


def read_preview(token: str) -> Publication | None:
    from core.accounts import tokens

    data = tokens.read_token("publication-preview", token, max_age=PREVIEW_DAYS * 86400)
    pid = data.get("pid") if data else None
    return db.session.get(Publication, pid) if isinstance(pid, int) else None


def previewed(item: Publication) -> Publication:
    """The item as it will read once its pending amendment is approved (a detached copy)."""
    if not item.pending_revision:
        return item
    copy = Publication(**{c.key: getattr(item, c.key) for c in Publication.__table__.columns if hasattr(item, c.key)})
    copy.unit = item.unit
    _apply(copy, item.pending_revision)
    return copy


def fields_for_kind(kind: Kind) -> list[str]:
    return [*COMMON, *detail_keys(kind)]


def due_cutoff() -> timedelta:
    return timedelta(days=30)
