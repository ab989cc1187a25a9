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
class HomeSection:
    template: str
    context: Callable[[], dict]
    order: int = 50


@dataclass
class SiteRegistry:
    nav_links: list[NavLink] = field(default_factory=list)
    home_sections: list[HomeSection] = field(default_factory=list)
    # callables yielding (endpoint, url values without lang, lastmod or None)
    sitemap_sources: list[Callable[[], Iterable[tuple[str, dict, object]]]] = field(default_factory=list)
    search_types: list = field(default_factory=list)
    face_names: list[str] = field(default_factory=list)


def get_registry(app) -> SiteRegistry:
    return app.extensions["tradewindow_site"]
