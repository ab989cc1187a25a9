"""The expo face: exhibitions, halls, booths, catalog, sourcing, membership.

``init_app(app, site)`` mounts its blueprints and registers what the site-wide pages need.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.registry import HomeSection, NavLink


def init_app(app, site) -> None:
    from marketplace import home
    from marketplace.catalog import images as _images  # noqa: F401 - registers the thumbnail job
    from marketplace.catalog import views as catalog_views
    from marketplace.demo import load_expo
    from marketplace.expo import views as expo_views

    app.register_blueprint(expo_views.bp)
    app.register_blueprint(catalog_views.bp)
    site.nav_links.append(NavLink("expo.index", _l("Online expo"), "expo"))
    site.nav_links.append(NavLink("catalog.categories", _l("Products"), "expo"))
    site.nav_links.append(NavLink("expo.directory", _l("Exhibitors"), "expo"))
    site.home_sections.append(HomeSection("marketplace/_home_section.html", home.home_section, order=10))
    site.sitemap_sources.extend(expo_views.sitemap_sources())
    site.sitemap_sources.extend(catalog_views.sitemap_sources())
    site.demo_loaders.append(load_expo)
    from marketplace import seo

    app.add_template_global(seo.image_url, "image_url")
    app.add_template_global(seo.srcset, "image_srcset")
