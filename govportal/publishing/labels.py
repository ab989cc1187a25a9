"""The portal's publishing on staff screens: its audit codes, its fields, its work queue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core import labels


def init_app(site) -> None:
    from sqlalchemy import func, select

    from core import access, review
    from core.extensions import db
    from core.registry import WorkQueue
    from govportal.publishing.models import Publication

    labels.add_kind("publication", _l("Portal item"), "publications")
    labels.add_verbs(
        {
            "created": _l("created"),
            "edited": _l("edited"),
            "scheduled": _l("approved, scheduled"),
            "published": _l("published at its scheduled time"),
            "unscheduled": _l("schedule cancelled"),
            "withdrawn": _l("withdrawn"),
            "unpublished": _l("unpublished"),
            "validity_changed": _l("validity changed"),
        }
    )
    labels.add_fields(
        "publication",
        {
            "unit_id": _l("Unit"),
            "title_zh": _l("Title (Chinese)"),
            "title_en": _l("Title (English)"),
            "summary_zh": _l("Summary (Chinese)"),
            "summary_en": _l("Summary (English)"),
            "body_zh": _l("Text (Chinese)"),
            "body_en": _l("Text (English)"),
            "texts": _l("Texts in other languages"),
            "details": _l("Details"),
            "industries": _l("Industries"),
            "districts": _l("Districts"),
            "doc_number": _l("Document number"),
            "effective_on": _l("In force from"),
            "expires_on": _l("In force until"),
            "deadline": _l("Deadline"),
        },
    )

    def waiting():
        return db.session.execute(
            select(func.count(), func.min(Publication.submitted_at)).where(review.waiting(Publication))
        ).one()

    site.work_queues.append(
        WorkQueue(
            _l("Portal items waiting for review"), access.staff("reviewer"), waiting, "publishing_manage.waiting", 15
        )
    )
