"""The expo face: exhibitions, halls, booths, catalog, sourcing, membership.

``init_app(app, site)`` mounts its blueprints and registers what the site-wide pages need.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.registry import HomeSection, NavLink


def init_app(app, site) -> None:
    from marketplace import views

    app.register_blueprint(views.bp)
    site.nav_links.append(NavLink("marketplace.expo", _l("Online expo"), "expo"))
    site.nav_links.append(NavLink("marketplace.exhibitors", _l("Exhibitors"), "expo"))
    site.home_sections.append(HomeSection("marketplace/_home_section.html", views.home_section, order=10))
    site.sitemap_sources.append(views.sitemap_entries)
