"""The read models of the public expo pages: frozen dataclasses, loaded by ``public.reads``.

Templates read them like models (``product.title_zh``, ``product|localized("title")``), but
they hold only what a public page shows, cannot be changed, and a field a template asks for
that a read model lacks fails the test suite (templates run with StrictUndefined there).
``version`` fields say which edit of the row a cached rendering shows (see ``public.cards``).
Every field is hashable (tuples, not lists or dicts): a whole page is cached under the read
models it shows (``core.templating.render_shared``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from i18n import Localizable
from marketplace.expo.models import ExhibitionSchedule

_FROZEN = {"frozen": True, "slots": True}


@dataclass(**_FROZEN)
class Image:
    key: str
    thumbs: tuple[tuple[str, str], ...]  # (size, key) pairs, smallest first
    width: int | None
    height: int | None
    alt_zh: str | None
    alt_en: str | None

    @classmethod
    def of(cls, data: dict) -> Image:
        """From a stored image's fields (``thumbs`` as stored: {size: key} or None)."""
        thumbs = data.get("thumbs") or {}
        pairs = tuple(sorted(thumbs.items(), key=lambda item: int(item[0])))
        return cls(data["key"], pairs, data.get("width"), data.get("height"), data.get("alt_zh"), data.get("alt_en"))


@dataclass(**_FROZEN)
class Spec:
    """One line of a product's specifications."""

    name: str
    value: str


@dataclass(**_FROZEN)
class Tier(Localizable):
    """A paid member tier, shown as a badge (the free tier shows none)."""

    code: str
    name_zh: str
    name_en: str
    original_language: str = "zh"


@dataclass(**_FROZEN)
class Supplier(Localizable):
    """The organization behind a product card."""

    name_zh: str | None
    name_en: str | None
    original_language: str
    uscc: str
    credit_status: str | None  # core.organizations.standing; None: no credit record


@dataclass(**_FROZEN)
class ProductCard(Localizable):
    id: int
    slug: str
    original_language: str
    title_zh: str | None
    title_en: str | None
    moq: int | None
    moq_unit: str | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str
    price_negotiable: bool
    supplier: Supplier
    image: Image | None
    version: tuple  # (product updated_at, supplier updated_at)


@dataclass(**_FROZEN)
class SupplierDetail(Localizable):
    """The organization on its product's page."""

    name_zh: str | None
    name_en: str | None
    original_language: str
    contact_phone: str | None
    is_public: bool
    uscc: str
    credit_status: str | None  # core.organizations.standing; None: no credit record


@dataclass(**_FROZEN)
class Responsiveness:
    """How the exhibitor answers inquiries (marketplace.sourcing.metrics): over ``counted``
    inquiries of the last 30 days, the share answered within 24 hours and the median wait."""

    counted: int
    rate: float
    median_minutes: int | None

    @classmethod
    def of(cls, counted, rate, minutes) -> Responsiveness | None:
        return cls(counted, rate, minutes) if counted and rate is not None else None


@dataclass(**_FROZEN)
class BoothLink:
    """The supplier's booth, as its products' pages link to it."""

    slug: str
    tier: Tier | None
    public_phone: str | None
    public_email: str | None


@dataclass(**_FROZEN)
class ProductDetail(Localizable):
    id: int
    organization_id: int
    category_id: int | None
    sku: str | None
    slug: str
    status: str
    is_public: bool
    original_language: str
    title_zh: str | None
    title_en: str | None
    description_zh: str | None
    description_en: str | None
    specs: tuple[Spec, ...]
    moq: int | None
    moq_unit: str | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str
    price_negotiable: bool
    fob_port: str | None
    lead_time_days: int | None
    hs_code: str | None
    certifications: str | None
    supplier: SupplierDetail
    booth: BoothLink | None
    images: tuple[Image, ...]
    response: Responsiveness | None = None


@dataclass(**_FROZEN)
class OrganizationSummary(Localizable):
    name_zh: str | None
    name_en: str | None
    original_language: str
    district: str | None
    uscc: str
    credit_status: str | None  # core.organizations.standing; None: no credit record


@dataclass(**_FROZEN)
class ExhibitorCard(Localizable):
    """An exhibitor in the directory, a hall or a showcase (``localized`` is the profile's)."""

    organization_id: int
    slug: str
    original_language: str
    main_products_zh: str | None
    main_products_en: str | None
    organization: OrganizationSummary
    tier: Tier | None
    version: tuple  # (organization updated_at, profile updated_at)


@dataclass(**_FROZEN)
class Hall(Localizable):
    id: int
    exhibition_id: int
    slug: str
    name_zh: str | None
    name_en: str | None
    description_zh: str | None
    description_en: str | None
    original_language: str
    category_id: int | None


@dataclass(**_FROZEN)
class Exhibition(ExhibitionSchedule, Localizable):
    id: int
    slug: str
    name_zh: str | None
    name_en: str | None
    description_zh: str | None
    description_en: str | None
    original_language: str
    is_permanent: bool
    starts_at: datetime | None
    ends_at: datetime | None
    halls: tuple[Hall, ...]


@dataclass(**_FROZEN)
class OrganizationDetail(Localizable):
    """The organization on its booth page."""

    name_zh: str | None
    name_en: str | None
    original_language: str
    uscc: str
    district: str | None
    contact_phone: str | None
    website: str | None
    address_zh: str | None
    address_en: str | None
    credit_status: str | None  # core.organizations.standing; None: no credit record


@dataclass(**_FROZEN)
class BoothPlace:
    """Where an exhibitor has a booth: an exhibition's hall."""

    exhibition: Exhibition
    hall: Hall


@dataclass(**_FROZEN)
class Booth(Localizable):
    """An exhibitor's booth page (``localized`` is the profile's own text)."""

    organization_id: int
    slug: str
    original_language: str
    about_zh: str | None
    about_en: str | None
    main_products_zh: str | None
    main_products_en: str | None
    main_markets_zh: str | None
    main_markets_en: str | None
    year_founded: int | None
    staff_size: str | None
    certifications: str | None
    logo_key: str | None
    banner_key: str | None
    gallery: tuple[str, ...]
    public_email: str | None
    public_phone: str | None
    tier: Tier | None
    organization: OrganizationDetail
    places: tuple[BoothPlace, ...]
    response: Responsiveness | None = None
