"""Mounting the staff and owner sides of credit records: their blueprints, what staff screens
call the audit codes services write, the objections' work queue and the account links.
``govportal.init_app`` calls ``init_app(app, site)``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core import labels


def init_app(app, site) -> None:
    from sqlalchemy import func, select

    from core.extensions import db
    from core.registry import AccountLink, WorkQueue
    from govportal.credit import files, forms, manage, own  # noqa: F401  (files: the evidence's owner kind)
    from govportal.credit.models import CreditObjection

    app.register_blueprint(manage.bp)
    app.register_blueprint(own.bp)

    labels.add_kind("credit_enterprise", _l("Credit record"), "credit_enterprises")
    labels.add_kind("credit_fact", _l("Credit record entry"), "credit_facts")
    labels.add_kind("credit_objection", _l("Credit objection"), "credit_objections")
    # "created", "changed", "deleted" and "rejected" are core's words already.
    labels.add_verbs(
        {
            "edited": _l("edited"),
            "added": _l("added"),
            "repaired": _l("credit repaired"),
            "removed": _l("removed from the list"),
            "status_changed": _l("status changed"),
            "filed": _l("filed"),
            "upheld": _l("upheld"),
        }
    )
    labels.add_fields("credit_enterprise", labels.form_labels(forms.EnterpriseForm))
    labels.add_fields("credit_fact", {**labels.form_labels(forms.FactForm), "kind": _l("Kind")})

    def waiting():
        return db.session.execute(
            select(func.count(), func.min(CreditObjection.created_at)).where(CreditObjection.status == "open")
        ).one()

    site.work_queues.append(
        WorkQueue(_l("Credit objections waiting"), manage.OFFICER, waiting, "credit_manage.objections", 20)
    )
    site.account_links.append(AccountLink("credit_manage.index", _l("Credit records"), manage.OFFICER))
    site.account_links.append(AccountLink("credit_own.index", own.LINK_LABEL, own.OWNER))
