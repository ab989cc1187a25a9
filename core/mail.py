"""Mail: rendered in the recipient's language inside the request, delivered by a job.

With ``MAIL_SERVER`` set the job sends through SMTP; otherwise it writes the message as an
``.eml`` file under ``instance/mail/`` and logs where, so a newcomer can open the links.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from contextlib import contextmanager
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, g, render_template
from flask_babel import force_locale, lazy_gettext as _l
from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import TimestampMixin, utcnow
from core.extensions import db
from core.jobs import QUEUE_MAIL, enqueue, job

log = logging.getLogger(__name__)


class MailMessage(TimestampMixin, db.Model):
    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    template: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime | None]
    location: Mapped[str | None] = mapped_column(String(300))
    headers: Mapped[dict | None] = mapped_column(JSON)  # e.g. List-Unsubscribe (RFC 2369, 8058)


@contextmanager
def use_language(lang: str):
    """Render in ``lang``: translations, formatting and url_for's default language."""
    from core.templating import forget_language_cache

    previous = g.get("lang")
    g.lang = lang
    forget_language_cache()
    try:
        with force_locale(lang):
            yield
    finally:
        forget_language_cache()
        if previous is None:
            g.pop("lang", None)
        else:
            g.lang = previous


def send_mail(to: str, template: str, lang: str, headers: dict | None = None, **context) -> MailMessage:
    """Render ``mail/<template>.{subject.txt,txt,html}`` in ``lang`` and queue its delivery;
    ``headers``: more header fields (a digest's List-Unsubscribe)."""
    with use_language(lang):
        context.setdefault("lang", lang)
        subject = render_template(f"mail/{template}.subject.txt", **context).strip()
        text = render_template(f"mail/{template}.txt", **context)
        html = render_template(f"mail/{template}.html", **context)
    message = MailMessage(
        to=to, subject=subject, text=text, html=html, lang=lang, template=template, headers=headers or None
    )
    db.session.add(message)
    db.session.flush()
    enqueue("mail.deliver", message.id)
    return message


def _build(message: MailMessage) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.to
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="tradewindow.local")
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.text)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    # After the body: set_content() drops every Content-* header set before it.
    email["Content-Language"] = message.lang
    return email


@job("mail.deliver", queue=QUEUE_MAIL, label=_l("Sending an email"))
def deliver(message_id: int) -> None:
    message = db.session.get(MailMessage, message_id)
    if message is None or message.sent_at is not None:
        return
    email = _build(message)
    cfg = current_app.config
    if cfg.get("MAIL_SERVER"):
        smtp_cls = smtplib.SMTP_SSL if cfg["MAIL_USE_SSL"] else smtplib.SMTP
        with smtp_cls(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=20) as smtp:
            if cfg["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
            smtp.send_message(email)
        message.location = f"smtp://{cfg['MAIL_SERVER']}:{cfg['MAIL_PORT']}"
    else:
        folder = cfg["MAIL_DIR"]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{utcnow():%Y%m%d-%H%M%S}-{message.id}-{message.template}.eml"
        path.write_bytes(bytes(email))
        message.location = str(path)
        log.warning("mail to %s written to %s\n%s", message.to, path, message.text)
    message.sent_at = utcnow()
    db.session.commit()


def mail_state() -> dict:
    cfg = current_app.config
    if cfg.get("MAIL_SERVER"):
        return {"backend": "smtp", "ok": True, "server": f"{cfg['MAIL_SERVER']}:{cfg['MAIL_PORT']}"}
    return {"backend": "files", "ok": True}
