"""The portal face: policies, service guides, notices, projects, complaints, consultations,
enterprise credit. ``init_app(app, site)`` mounts it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.registry import HomeSection, NavLink, static_source


def init_app(app, site) -> None:
    from govportal import views

    app.register_blueprint(views.bp)
    site.nav_links.append(NavLink("govportal.index", _l("Government services"), "gov"))
    site.home_sections.append(HomeSection("govportal/_home_section.html", views.home_section, order=30))
    site.sitemap_sources.append(static_source("gov", [("govportal.index", {})]))
