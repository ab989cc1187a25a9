"""What the faces register for the site-wide pages that core builds."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    label: object  # lazy string
    section: str  # "expo" or "gov"


@dataclass(frozen=True)
class AccountLink:
    """A link in the signed-in area's menu, shown to users the policy allows."""

    endpoint: str
    label: object
    policy: object  # core.access.Policy


@dataclass(frozen=True)
class DashboardPanel:
    """A panel of the signed-in overview (``/<lang>/account/``) for users the policy allows:
    ``template`` rendered with ``context()``."""

    template: str
    context: Callable[[], dict]
    policy: object  # core.access.Policy
    order: int = 50


@dataclass(frozen=True)
class HomeSection:
    template: str
    context: Callable[[], dict]
    order: int = 50


@dataclass(frozen=True)
class WorkQueue:
    """Work waiting for a staff role, on the staff dashboard: ``waiting()`` gives (how many,
    since when the oldest waits or None); ``endpoint`` is the queue's page."""

    label: object
    policy: object  # core.access.Policy
    waiting: Callable[[], tuple[int, object]]
    endpoint: str
    order: int = 50


@dataclass(frozen=True)
class SitemapSource:
    """Public URLs a face contributes to the sitemap: ``count()`` of them, and ``page(offset, limit)``
    yielding (endpoint, url values without lang, lastmod or None), in a stable order."""

    name: str
    count: Callable[[], int]
    page: Callable[[int, int], Iterable[tuple[str, dict, object]]]


def static_source(name: str, entries: list[tuple[str, dict]]) -> SitemapSource:
    return SitemapSource(
        name, lambda: len(entries), lambda offset, limit: ((e, v, None) for e, v in entries[offset : offset + limit])
    )


@dataclass
class SiteRegistry:
    nav_links: list[NavLink] = field(default_factory=list)
    account_links: list[AccountLink] = field(default_factory=list)
    dashboard_panels: list[DashboardPanel] = field(default_factory=list)
    home_sections: list[HomeSection] = field(default_factory=list)
    sitemap_sources: list[SitemapSource] = field(default_factory=list)
    work_queues: list[WorkQueue] = field(default_factory=list)
    face_names: list[str] = field(default_factory=list)


def get_registry(app) -> SiteRegistry:
    return app.extensions["tradewindow_site"]
