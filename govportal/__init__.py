"""The portal face: publishing (policies, guides, notices, announcements, projects, news) and
enterprise credit; complaints and consultations come next. ``init_app(app, site)`` mounts it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core import access
from core.registry import AccountLink, DashboardPanel, HomeSection, NavLink, static_source


def init_app(app, site) -> None:
    from datetime import date, time

    from flask_babel import format_datetime

    from core import api, schedule
    from govportal import views
    from govportal.credit import (
        api as credit_api,
        imports as credit_imports,
        reports as credit_reports,
        searching as credit_searching,
        services as credit_services,
        views as credit_views,
    )
    from govportal.publishing import (
        api as publishing_api,
        labels as publishing_labels,
        manage as publishing_manage,
        searching,
        services,
        subscription_views,
        views as publishing_views,
    )
    from govportal.publishing.kinds import KINDS
    from govportal.publishing.models import VALIDITY

    for bp in (
        views.bp,
        publishing_views.bp,
        publishing_manage.bp,
        subscription_views.bp,
        publishing_api.bp,
        credit_views.bp,
        credit_reports.bp,
        credit_api.bp,
        credit_imports.bp,
    ):
        app.register_blueprint(bp)
    api.add_paths(app, publishing_api.PATHS)
    api.add_paths(app, credit_api.PATHS)
    schedule.periodic("publishing.sweep", every_minute=True)
    schedule.periodic("publishing.validity", daily_at=time(0, 5))
    schedule.periodic("publishing.digest", daily_at=time(0, 30))  # 08:30 in Beijing
    searching.init_app(app)
    credit_searching.init_app(app)
    schedule.periodic("credit.refresh", daily_at=time(16, 10))  # 00:10 in Beijing, the rules' day
    from core.organizations import standing

    standing.provide(app, credit_services.status_of_uscc, "credit.record")
    from govportal.credit import setup as credit_setup

    credit_setup.init_app(app, site)
    publishing_labels.init_app(site)
    app.jinja_env.globals.update(publication_kinds=KINDS, publication_validity=VALIDITY)
    app.jinja_env.filters["isoday"] = lambda when: format_datetime(when, "yyyy-MM-dd") if when else ""
    app.jinja_env.filters["isodate"] = lambda value: date.fromisoformat(value) if isinstance(value, str) else value
    site.nav_links.append(NavLink("govportal.index", _l("Government services"), "gov"))
    site.account_links.append(AccountLink("publishing_manage.index", _l("Portal publishing"), services.EDITOR))
    site.account_links.append(
        AccountLink("credit_import.upload", _l("Import credit facts"), access.staff("credit_officer"))
    )
    from core import labels

    labels.add_kind("credit_import", _l("Credit facts import"), "credit_imports")  # its audit entry
    labels.add_verbs({"finished": _l("finished")})
    from govportal.publishing import dashboard

    site.dashboard_panels.append(
        DashboardPanel("publishing/_exhibitor_panel.html", dashboard.exhibitor_panel, access.EXHIBITOR, 15)
    )
    site.home_sections.append(HomeSection("govportal/_home_section.html", views.home_section, order=30))
    site.sitemap_sources.append(static_source("gov", [("govportal.index", {})]))
    site.sitemap_sources.extend(publishing_views.sitemap_sources())
    site.sitemap_sources.append(static_source("credit_lookup", [("credit.lookup", {})]))
    site.sitemap_sources.extend(credit_views.sitemap_sources())
