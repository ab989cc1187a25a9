"""Telling a user something: in the app and by mail, in one call, for every domain.

``tell(user, template, link, **context)`` mails ``mail/<template>`` in the user's language
(core.mail) and keeps a ``Notification`` for the user's list in the app. The notification's
text is the mail's subject rendered in every site language, so the list reads in whatever
language the user views it in; ``link`` is an endpoint and its values (without ``lang``), built
into a URL when shown. ``tell_members(organization, ...)`` tells each member.

The list is ``/<lang>/account/notifications/``, newest first; the account menu and the header
show how many are unread. Opening one marks it read and leads to what it is about.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, String, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core import access
from core.db import commit, utcnow
from core.extensions import db
from core.pagination import paginate

PER_PAGE = 30


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    template: Mapped[str] = mapped_column(String(64))
    texts: Mapped[dict] = mapped_column(JSON)  # {language: what the list shows}
    endpoint: Mapped[str] = mapped_column(String(100))
    args: Mapped[dict] = mapped_column(JSON, default=dict)
    read_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def text(self, lang: str) -> str:
        return self.texts.get(lang) or next(iter(self.texts.values()), "")

    def url(self) -> str:
        try:
            return url_for(self.endpoint, **self.args)
        except Exception:  # an endpoint renamed since: the list still opens
            return url_for("notifications.index")


def tell(user, template: str, link: tuple[str, dict], mail: bool = True, **context) -> Notification:
    """Tell ``user``: a notification in the app and (unless ``mail=False``) an email."""
    from flask import render_template as render

    from core.mail import send_mail, use_language

    texts = {}
    for lang in current_app.config["LANGUAGES"]:
        with use_language(lang):
            texts[lang] = render(f"mail/{template}.subject.txt", user=user, lang=lang, **context).strip()[:300]
    endpoint, args = link
    note = Notification(user_id=user.id, template=template, texts=texts, endpoint=endpoint, args=dict(args))
    db.session.add(note)
    if mail:
        send_mail(user.email, template, user.preferred_language, user=user, **context)
    return note


def tell_members(organization, template: str, link: tuple[str, dict], roles=None, **context) -> None:
    """Tell each member of ``organization`` with one of ``roles`` (every member when None)."""
    for member in organization.members:
        if roles is None or member.role in roles:
            tell(member.user, template, link, **context)


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        )
        or 0
    )


bp = Blueprint("notifications", __name__, url_prefix="/<lang>/account/notifications")
access.protect(bp, access.SIGNED_IN)


@bp.route("/")
def index():
    query = (
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )
    page = paginate(query, PER_PAGE)
    from core.accounts.forms import EmptyForm

    unread = unread_count(current_user)
    return render_template("accounts/notifications.html", page=page, form=EmptyForm(), unread=unread)


@bp.route("/<int:note_id>")
def open_one(note_id: int):
    """Mark one notification read and go to what it is about (the user's own only)."""
    note = db.session.get(Notification, note_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    if note.read_at is None:
        note.read_at = utcnow()
        commit()
    return redirect(note.url())


@bp.route("/read", methods=["POST"])
def mark_all_read():
    from flask import flash

    from core.accounts.forms import EmptyForm

    if EmptyForm().validate_on_submit():
        db.session.execute(
            update(Notification)
            .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
        commit()
        flash(_l("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.add_template_global(unread_count, "unread_notifications")
