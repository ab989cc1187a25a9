"""The expo face: exhibitions, halls, booths, catalog, sourcing, membership.

``init_app(app, site)`` mounts its blueprints and registers what the site-wide pages need.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core import access
from core.registry import AccountLink, DashboardPanel, HomeSection, NavLink


def init_app(app, site) -> None:
    from marketplace.catalog import (
        images as _images,  # noqa: F401 - registers the thumbnail job
        manage as catalog_manage,
        views as catalog_views,
    )
    from marketplace.expo import manage as expo_manage, views as expo_views
    from marketplace.moderation import views as moderation
    from marketplace.sourcing import inquiry_views, manage as sourcing_manage, quoting, views as sourcing_views

    blueprints = (expo_views.bp, catalog_views.bp, catalog_manage.bp, expo_manage.bp, moderation.bp)
    from marketplace.following import views as following  # its services register the digest job

    sourcing = (sourcing_views.bp, sourcing_manage.bp, quoting.bp, inquiry_views.bp)
    for bp in (*blueprints, *sourcing, following.bp, following.public_bp):
        app.register_blueprint(bp)
    from datetime import time

    from core import schedule

    schedule.periodic("sourcing.response_metrics", daily_at=time(2, 0))
    schedule.periodic("following.digests", daily_at=time(7, 0))
    from marketplace.catalog import imports as _imports  # noqa: F401 - registers the import job
    from marketplace.sourcing import metrics as _metrics, routing as _routing  # noqa: F401 - register their jobs

    site.nav_links.append(NavLink("expo.index", _l("Online expo"), "expo"))
    site.nav_links.append(NavLink("catalog.categories", _l("Products"), "expo"))
    site.nav_links.append(NavLink("expo.directory", _l("Exhibitors"), "expo"))
    site.nav_links.append(NavLink("sourcing.index", _l("Buyer requests"), "expo"))
    site.account_links.extend(
        [
            AccountLink("catalog_manage.index", _l("My catalog"), access.EXHIBITOR),
            AccountLink("catalog_manage.import_upload", _l("Import from Excel"), access.EXHIBITOR),
            AccountLink("expo_manage.profile", _l("My booth"), access.EXHIBITOR),
            AccountLink("expo_manage.exhibitions", _l("Exhibitions"), access.EXHIBITOR),
            AccountLink("sourcing_manage.index", _l("My buyer requests"), access.BUYER),
            AccountLink("quoting.index", _l("My quotes"), access.EXHIBITOR),
            AccountLink("inquiries.index", _l("Inquiries"), access.VERIFIED),
            AccountLink("inquiries.analytics_page", _l("Inquiry analytics"), access.EXHIBITOR),
            AccountLink("following.index", _l("Following"), access.SIGNED_IN),
            AccountLink("moderation.products", _l("Product review"), access.staff("moderator")),
            AccountLink("moderation.requests", _l("Buyer request review"), access.staff("moderator")),
            AccountLink("moderation.reported_inquiries", _l("Reported inquiries"), access.staff("moderator")),
            AccountLink("moderation.profiles", _l("Booth review"), access.staff("moderator")),
            AccountLink("moderation.applications", _l("Exhibition applications"), access.staff("moderator")),
            AccountLink("moderation.history", _l("Decision history"), access.staff("moderator")),
        ]
    )
    from marketplace.sourcing import dashboard

    site.dashboard_panels.append(DashboardPanel("sourcing/_buyer_panel.html", dashboard.buyer_panel, access.BUYER, 10))
    site.dashboard_panels.append(
        DashboardPanel("sourcing/_exhibitor_panel.html", dashboard.exhibitor_panel, access.EXHIBITOR, 10)
    )
    site.home_sections.append(HomeSection("expo/_home_section.html", expo_views.home_section, order=10))
    site.home_sections.append(HomeSection("sourcing/_home_section.html", sourcing_views.home_section, order=20))
    site.sitemap_sources.extend(expo_views.sitemap_sources())
    site.sitemap_sources.extend(catalog_views.sitemap_sources())
    site.sitemap_sources.extend(sourcing_views.sitemap_sources())
    from marketplace.catalog import cli

    cli.init_app(app)
    from marketplace import staff_labels

    staff_labels.init_app()
    staff_labels.init_queues(site)
    from marketplace.public import searching, urls

    searching.init_app(app)

    app.add_template_global(urls.image_url, "image_url")
    app.add_template_global(urls.srcset, "image_srcset")
    app.add_template_global(urls.media_url, "media_url")
    app.add_template_global(urls.product_path, "product_path")
    app.add_template_global(urls.booth_path, "booth_path")
    app.add_template_global(urls.category_path, "category_path")
    app.add_template_global(urls.exhibition_path, "exhibition_path")
    from core.templating import share_macros

    share_macros(app, "catalog/_macros.html", ("breadcrumbs", "response_facts"))
    from marketplace.public.cards import price_html

    app.add_template_global(price_html, "price")
    from marketplace.catalog import terms

    app.add_template_global(terms.unit_name, "unit_name")
    app.add_template_global(terms.port_name, "port_name")
    from i18n.regions import country_name

    app.add_template_global(country_name, "country_name")
    from marketplace.sourcing.services import is_open

    app.add_template_global(is_open, "request_is_open")
    app.add_template_global(terms.spec_name, "spec_name")
    from marketplace.membership import setup as membership

    membership.init_app(app, site)
