"""Loading the public expo pages' read models: one function per kind of page.

The busy pages (product, category, booth, home) run prebuilt Core statements, built once per
dialect and shape and kept in a cache region; ``core.reads`` runs them straight on the driver on
PostgreSQL. Listings load only their page's ids with the versions a card needs (see
``public.cards``); the cards not rendered before load in one more query.

A statement only one dialect accepts hides behind one function here (``_images``,
``_ids_match``), and the suite runs every page on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import (
    JSON,
    Integer,
    and_,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    true,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by

from core import cache, reads
from core.extensions import db
from core.pagination import Page, page_number
from marketplace.expo.models import Booth as BoothRow, Exhibition as ExhibitionRow, Hall as HallRow, SlugRedirect
from marketplace.membership.models import MemberTier
from marketplace.public import models
from marketplace.public.visibility import (
    IMAGE_IS_PUBLIC,
    IMAGES as _IMG,
    ORGANIZATION_IS_VERIFIED,
    ORGANIZATIONS as _O,
    PRODUCT_IS_PUBLIC,
    PRODUCTS as _P,
    PROFILES as _EP,
    RESPONSE_STATS as _RS,
    public_exhibitors,
    public_products,
)

_T, _B = MemberTier.__table__, BoothRow.__table__
STATEMENTS = cache.region("public_statements", max_entries=4_000)
EXPO = cache.region("expo_structure", max_entries=2, ttl=60, depends_on=("expo",))
TIERS = cache.region("member_tiers", max_entries=2, ttl=300, depends_on=("tier",))

IMAGE_FIELDS = ("key", "thumbs", "width", "height", "alt_zh", "alt_en")
CARD_FIELDS = (
    "id", "slug", "original_language", "title_zh", "title_en", "moq", "moq_unit",
    "price_min", "price_max", "currency", "price_negotiable",
)  # fmt: skip
DETAIL_FIELDS = (
    "id", "organization_id", "category_id", "sku", "slug", "status", "original_language",
    "title_zh", "title_en", "description_zh", "description_en", "specs", "moq", "moq_unit",
    "price_min", "price_max", "currency", "price_negotiable", "fob_port", "lead_time_days",
    "hs_code", "certifications",
)  # fmt: skip


def _dialect() -> str:
    return db.engine.dialect.name


def _built(key, build):
    return STATEMENTS.get_or_set(key, build)


def _columns(table, names, prefix=""):
    return [table.c[name].label(prefix + name) for name in names]


# ---------------------------------------------------------------- dialect-specific parts
def _images(dialect: str):
    """PostgreSQL: the product's public images in gallery order as a JSON array, in the product's
    own row. Elsewhere NULL: ``_images_by_product`` loads them after the row."""
    if dialect != "postgresql":
        return literal_column("NULL")
    pairs = [part for name in IMAGE_FIELDS for part in (literal_column(f"'{name}'"), _IMG.c[name])]
    obj = func.json_build_object(*pairs)
    where = and_(_IMG.c.product_id == _P.c.id, IMAGE_IS_PUBLIC)
    return select(func.json_agg(aggregate_order_by(obj, _IMG.c.position, _IMG.c.id))).where(where).scalar_subquery()


def _places(dialect: str):
    """The exhibitor's approved booths as a JSON array of [exhibition id, hall id], in the
    profile's own row: json_agg on PostgreSQL, SQLite's json_group_array (text, parsed by the
    JSON type) elsewhere."""
    where = (
        _B.c.organization_id == _EP.c.organization_id,
        _B.c.status == literal_column("'approved'"),
        _B.c.hall_id.is_not(None),
    )
    if dialect == "postgresql":
        pairs = func.json_agg(func.json_build_array(_B.c.exhibition_id, _B.c.hall_id))
        return select(pairs).where(*where).scalar_subquery()
    pairs = func.json_group_array(func.json_array(_B.c.exhibition_id, _B.c.hall_id))
    return type_coerce(select(pairs).where(*where).scalar_subquery(), JSON)


BOOTH_PAGE = 24  # products on a page of a booth


def _newest_of_booth(dialect: str, statement):
    """``statement`` (a booth's row) with two more columns: on PostgreSQL the ids and the
    ``updated_at`` of the booth's first page of products (one more, to know of a next page),
    newest first, as arrays from a LATERAL subquery: the booth page then reads once. Elsewhere
    NULL: ``booth`` lists them with ``product_listing``."""
    if dialect != "postgresql":
        return statement.add_columns(literal_column("NULL"), literal_column("NULL"))
    page = (
        select(_P.c.id, _P.c.updated_at, _P.c.published_at)
        .where(_P.c.organization_id == _EP.c.organization_id, PRODUCT_IS_PUBLIC)
        .order_by(*_NEWEST)
        .limit(BOOTH_PAGE + 1)
        .correlate(_EP, _O)
        .subquery("page")
    )
    order = (page.c.published_at.desc(), page.c.id.desc())
    newest = select(
        func.array_agg(aggregate_order_by(page.c.id, *order)).label("ids"),
        func.array_agg(aggregate_order_by(page.c.updated_at, *order)).label("versions"),
    ).lateral("newest")
    return statement.join(newest, true()).add_columns(newest.c.ids, newest.c.versions)


def _ids_match(dialect: str, column):
    """``column`` in the ``ids`` parameter: one array on PostgreSQL (a prepared statement for any
    number of ids; ``core.reads`` refuses expanding IN lists), an expanded IN list elsewhere."""
    if dialect == "postgresql":
        return column == any_(bindparam("ids", type_=ARRAY(Integer)))
    return column.in_(bindparam("ids", expanding=True))


_IMAGES_BY_PRODUCT = (
    select(_IMG.c.product_id, *_columns(_IMG, IMAGE_FIELDS))
    .where(_IMG.c.product_id.in_(bindparam("ids", expanding=True)), IMAGE_IS_PUBLIC)
    .order_by(_IMG.c.product_id, _IMG.c.position, _IMG.c.id)
)


def _images_by_product(ids) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for row in db.session.connection().execute(_IMAGES_BY_PRODUCT, {"ids": list(ids)}):
        found.setdefault(row[0], []).append(dict(zip(IMAGE_FIELDS, row[1:], strict=True)))
    return found


def _image(data: dict | None) -> models.Image | None:
    return models.Image.of(data) if data else None


# ---------------------------------------------------------------- member tiers
def _tier_rows() -> dict[str, tuple[str, str, int]]:
    rows = db.session.execute(select(_T.c.code, _T.c.name_zh, _T.c.name_en, _T.c.rank).order_by(_T.c.rank.desc()))
    return {code: (name_zh, name_en, rank) for code, name_zh, name_en, rank in rows}


def tiers() -> dict[str, tuple[str, str, int]]:
    """{code: (name in Chinese, in English, rank)}, highest rank first."""
    return TIERS.get_or_set("tiers", _tier_rows)


def tier_badge(code: str | None) -> models.Tier | None:
    """The tier's badge; None for the free tier and unknown codes."""
    found = tiers().get(code) if code and code != "free" else None
    return models.Tier(code, found[0], found[1]) if found else None


# ---------------------------------------------------------------- products
_RESPONSE_COLUMNS = (_RS.c.received, _RS.c.rate, _RS.c.median_minutes)  # models.Responsiveness.of


def _detail_statement(dialect: str):
    return (
        select(
            *_columns(_P, DETAIL_FIELDS),
            PRODUCT_IS_PUBLIC.label("is_public"),
            _O.c.name_zh,
            _O.c.name_en,
            _O.c.original_language,
            _O.c.contact_phone,
            _O.c.uscc,
            _O.c.credit_status,
            ORGANIZATION_IS_VERIFIED.label("supplier_is_public"),
            _EP.c.slug,
            _EP.c.tier_code,
            _EP.c.public_phone,
            _EP.c.public_email,
            _images(dialect).label("images_json"),
            *_RESPONSE_COLUMNS,
        )
        .select_from(
            _P.join(_O, _O.c.id == _P.c.organization_id)
            .outerjoin(_EP, _EP.c.organization_id == _P.c.organization_id)
            .outerjoin(_RS, _RS.c.organization_id == _P.c.organization_id)
        )
        .where(_P.c.id == bindparam("pid"))
    )


_ND = len(DETAIL_FIELDS)


def _spec_name(spec: dict) -> str:
    """A specification's name; stored in both languages, as ``材质 / Material``, which pages
    show by halves (catalog.terms.spec_name)."""
    if spec.get("name_zh") and spec.get("name_en"):
        return f"{spec['name_zh']} / {spec['name_en']}"
    return spec.get("name", "")


def product_detail(product_id: int) -> models.ProductDetail | None:
    """The product page's product, public or not (``is_public`` says; the page decides)."""
    dialect = _dialect()
    row = reads.first(_built(("detail", dialect), lambda: _detail_statement(dialect)), {"pid": product_id})
    if row is None:
        return None
    fields = dict(zip(DETAIL_FIELDS, row[:_ND], strict=True))
    fields["specs"] = tuple(models.Spec(_spec_name(spec), spec.get("value", "")) for spec in fields["specs"] or ())
    is_public, name_zh, name_en, org_language, phone, uscc, credit, supplier_public, slug, tier_code, *booth_fields = (
        row[_ND:]
    )
    public_phone, public_email, images, *response = booth_fields
    if dialect != "postgresql":
        images = _images_by_product([product_id]).get(product_id)
    booth = None
    if slug is not None:
        booth = models.BoothLink(slug, tier_badge(tier_code), public_phone, public_email)
    return models.ProductDetail(
        **fields,
        is_public=bool(is_public),
        supplier=models.SupplierDetail(name_zh, name_en, org_language, phone, bool(supplier_public), uscc, credit),
        booth=booth,
        images=tuple(models.Image.of(image) for image in images or ()),
        response=models.Responsiveness.of(*response),
    )


def _cards_statement(dialect: str):
    return public_products(
        *_columns(_P, CARD_FIELDS),
        _O.c.name_zh,
        _O.c.name_en,
        _O.c.original_language,
        _O.c.uscc,
        _O.c.credit_status,
        _P.c.updated_at,
        _O.c.updated_at,
        _P.c.cover,
    ).where(_ids_match(dialect, _P.c.id))


_NC = len(CARD_FIELDS)


def product_cards(ids) -> list[models.ProductCard]:
    """What a card shows of each public product of ``ids`` (in no particular order)."""
    if not ids:
        return []
    dialect = _dialect()
    rows = reads.rows(_built(("cards", dialect), lambda: _cards_statement(dialect)), {"ids": list(ids)})
    found = []
    for row in rows:
        name_zh, name_en, org_language, uscc, credit, updated, org_updated, image = row[_NC:]
        found.append(
            models.ProductCard(
                *row[:_NC],
                supplier=models.Supplier(name_zh, name_en, org_language, uscc, credit),
                image=_image(image),
                version=(updated, org_updated),
            )
        )
    return found


def _listed(*conditions):
    return public_products(_P.c.id, _P.c.updated_at, _O.c.updated_at.label("org_updated_at"), _P.c.published_at).where(
        *conditions
    )


_NEWEST = (_P.c.published_at.desc(), _P.c.id.desc())


def _listing_statement(key):
    """The page's rows for one shape of listing, built once.

    The page's LIMIT and OFFSET are written into the SQL, not sent as parameters, so that
    PostgreSQL reuses one generic plan of the prepared statement; the organization or
    exhibition is a parameter, so all booths share their statements.
    """
    categories, scope, number, per_page = key
    offset, wanted = (number - 1) * per_page, per_page + 1
    where = []
    if scope == "organization":
        where.append(_P.c.organization_id == bindparam("scope"))
    elif scope == "exhibition":
        where.append(
            _P.c.organization_id.in_(
                select(_B.c.organization_id).where(
                    _B.c.exhibition_id == bindparam("scope"), _B.c.status == literal_column("'approved'")
                )
            )
        )
    limit, skip = literal_column(str(wanted)), literal_column(str(offset))
    if categories is None or len(categories) == 1:
        one = [] if categories is None else [_P.c.category_id == categories[0]]
        return _listed(*where, *one).order_by(*_NEWEST).limit(limit).offset(skip)
    # Each category's newest rows come from its own index range, then the few are merged: an IN
    # list would walk the newest products of every category instead. Each part is a derived
    # table: SQLite accepts no ORDER BY or LIMIT on a bare part of a UNION.
    tops = (
        _listed(*where, _P.c.category_id == category_id)
        .order_by(*_NEWEST)
        .limit(literal_column(str(offset + wanted)))
        .subquery()
        for category_id in categories
    )
    parts = union_all(*(select(*top.c) for top in tops)).subquery()
    rows = select(parts.c.id, parts.c.updated_at, parts.c.org_updated_at)
    return rows.order_by(parts.c.published_at.desc(), parts.c.id.desc()).limit(limit).offset(skip)


def product_listing(
    *,
    total: int,
    categories: Sequence[int] | None = None,
    organization_id: int | None = None,
    exhibition_id: int | None = None,
    per_page: int = 24,
    number: int | None = None,
) -> Page:
    """A page of public products, newest first, as (id, version) pairs for ``public.cards``.

    ``categories``: the category ids to list; ``organization_id``: one supplier's products;
    ``exhibition_id``: its exhibitors' products. The caller knows the ``total`` (category
    totals, a booth's count); whether a next page exists comes from one row more.
    """
    number = page_number() if number is None else number
    scope = "organization" if organization_id is not None else "exhibition" if exhibition_id is not None else None
    key = (None if categories is None else tuple(categories), scope, number, per_page)
    statement = _built(("listing", key), lambda: _listing_statement(key))
    params = {"scope": organization_id if organization_id is not None else exhibition_id} if scope else None
    found = [(row[0], (row[1], row[2])) for row in reads.rows(statement, params)]
    return Page(items=found[:per_page], page=number, per_page=per_page, total=total, more=len(found) > per_page)


def newest_products(limit: int, exhibition_id: int | None = None) -> list[tuple[int, tuple]]:
    """The ``limit`` newest public products (of an exhibition's exhibitors) as (id, version)."""
    return product_listing(exhibition_id=exhibition_id, total=limit, per_page=limit, number=1).items


# ---------------------------------------------------------------- exhibitors
_EXHIBITOR_COLUMNS = (
    _EP.c.organization_id,
    _EP.c.slug,
    _EP.c.original_language,
    _EP.c.main_products_zh,
    _EP.c.main_products_en,
    _O.c.name_zh,
    _O.c.name_en,
    _O.c.original_language,
    _O.c.district,
    _O.c.uscc,
    _O.c.credit_status,
    _EP.c.tier_code,
    _O.c.updated_at,
    _EP.c.updated_at,
)


def _exhibitor_card(row) -> models.ExhibitorCard:
    org_id, slug, language, products_zh, products_en, name_zh, name_en, org_language, district, *rest = row
    uscc, credit, tier, *version = rest
    return models.ExhibitorCard(
        org_id,
        slug,
        language,
        products_zh,
        products_en,
        models.OrganizationSummary(name_zh, name_en, org_language, district, uscc, credit),
        tier_badge(tier),
        tuple(version),
    )


def _featured_statement(in_exhibition: bool, limit: int):
    query = public_exhibitors(*_EXHIBITOR_COLUMNS).where(_EP.c.tier_code == bindparam("tier"))
    if in_exhibition:
        query = query.where(
            _EP.c.organization_id.in_(
                select(_B.c.organization_id).where(
                    _B.c.exhibition_id == bindparam("exhibition"), _B.c.status == literal_column("'approved'")
                )
            )
        )
    return query.order_by(_EP.c.organization_id).limit(literal_column(str(limit)))


def featured_exhibitors(limit: int, exhibition_id: int | None = None) -> list[models.ExhibitorCard]:
    """Public exhibitors of the highest tiers first: one indexed query per tier, no sort."""
    found: list[models.ExhibitorCard] = []
    params = {"exhibition": exhibition_id} if exhibition_id is not None else {}
    for code in tiers():
        wanted = limit - len(found)
        statement = _built(
            ("featured", exhibition_id is not None, wanted),
            lambda wanted=wanted: _featured_statement(exhibition_id is not None, wanted),
        )
        found.extend(_exhibitor_card(row) for row in reads.rows(statement, {**params, "tier": code}))
        if len(found) >= limit:
            break
    return found


def exhibitor_page(
    *,
    hall_id: int | None = None,
    category_ids: Sequence[int] | None = None,
    district: str | None = None,
    credit_status: str | None = None,
) -> Page:
    """A page of public exhibitors (a hall's, or the directory filtered), highest tier first.

    ``credit_status``: only exhibitors whose credit record says this (``core.organizations.standing``)."""
    query = public_exhibitors(*_EXHIBITOR_COLUMNS)
    if hall_id is not None:
        query = query.where(
            _EP.c.organization_id.in_(
                select(_B.c.organization_id).where(_B.c.hall_id == hall_id, _B.c.status == literal_column("'approved'"))
            )
        )
    if category_ids is not None:
        query = query.where(_EP.c.main_category_id.in_(category_ids))
    if district is not None:
        query = query.where(_O.c.district == district)
    if credit_status is not None:
        query = query.where(_O.c.credit_status == credit_status)
    number, per_page = page_number(), 24
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rank = select(_T.c.rank).where(_T.c.code == _EP.c.tier_code).scalar_subquery()
    rows = db.session.execute(
        query.order_by(rank.desc(), _EP.c.organization_id).limit(per_page + 1).offset((number - 1) * per_page)
    ).all()
    return Page(
        items=[_exhibitor_card(row) for row in rows[:per_page]],
        page=number,
        per_page=per_page,
        total=total,
        more=len(rows) > per_page,
    )


def product_counts(organization_ids: Sequence[int]) -> dict[int, int]:
    """Public products per organization."""
    if not organization_ids:
        return {}
    query = public_products(_P.c.organization_id, func.count()).where(_P.c.organization_id.in_(organization_ids))
    return dict(db.session.execute(query.group_by(_P.c.organization_id)).all())


_BOOTH_FIELDS = (
    "organization_id", "slug", "original_language", "about_zh", "about_en", "main_products_zh",
    "main_products_en", "main_markets_zh", "main_markets_en", "year_founded", "staff_size",
    "certifications", "logo_key", "banner_key", "gallery", "public_email", "public_phone",
)  # fmt: skip
_BOOTH_ORG_FIELDS = (
    "name_zh", "name_en", "original_language", "uscc", "district", "contact_phone", "website",
    "address_zh", "address_en", "credit_status",
)  # fmt: skip
_NB, _NBO = len(_BOOTH_FIELDS), len(_BOOTH_ORG_FIELDS)


def _booth_statement(dialect: str):
    # Correlated with the booth's own (verified) organization row.
    public_count = (
        select(func.count())
        .select_from(_P)
        .where(_P.c.organization_id == _EP.c.organization_id, PRODUCT_IS_PUBLIC)
        .scalar_subquery()
    )
    statement = (
        public_exhibitors(
            *_columns(_EP, _BOOTH_FIELDS),
            *_columns(_O, _BOOTH_ORG_FIELDS, "org_"),
            _EP.c.tier_code,
            public_count.label("products"),
            _places(dialect).label("places"),
            _O.c.updated_at,
            *_RESPONSE_COLUMNS,
        )
        .outerjoin(_RS, _RS.c.organization_id == _EP.c.organization_id)
        .where(_EP.c.slug == bindparam("slug"))
    )
    return _newest_of_booth(dialect, statement)


def booth(slug: str, number: int = 1) -> tuple[models.Booth, Page] | None:
    """(the public booth of ``slug``, its page ``number`` of products as ``product_listing``
    gives them), or None."""
    dialect = _dialect()
    row = reads.first(_built(("booth", dialect), lambda: _booth_statement(dialect)), {"slug": slug})
    if row is None:
        return None
    fields = dict(zip(_BOOTH_FIELDS, row[:_NB], strict=True))
    fields["gallery"] = tuple(fields["gallery"] or ())
    org = models.OrganizationDetail(*row[_NB : _NB + _NBO])
    tier_code, total, booths, org_updated, received, rate, minutes, newest, versions = row[_NB + _NBO :]
    halls = {(ex.id, hall.id): (ex, hall) for ex in exhibitions() for hall in ex.halls}
    places = [models.BoothPlace(*halls[key]) for key in halls if list(key) in (booths or [])]
    found = models.Booth(
        **fields,
        tier=tier_badge(tier_code),
        organization=org,
        places=tuple(places),
        response=models.Responsiveness.of(received, rate, minutes),
    )
    if dialect != "postgresql" or number != 1:
        return found, product_listing(
            organization_id=found.organization_id, total=total, per_page=BOOTH_PAGE, number=number
        )
    # The versions as product_listing gives them: (product updated_at, organization updated_at).
    listed = [(pid, (updated, org_updated)) for pid, updated in zip(newest or (), versions or (), strict=True)]
    more = len(listed) > BOOTH_PAGE
    return found, Page(items=listed[:BOOTH_PAGE], page=1, per_page=BOOTH_PAGE, total=total, more=more)


_MOVED = select(_EP.c.slug).where(
    _EP.c.organization_id
    == select(SlugRedirect.target_id)
    .where(SlugRedirect.kind == "booth", SlugRedirect.old_slug == bindparam("slug"))
    .scalar_subquery()
)


def moved_booth(old_slug: str) -> str | None:
    """The booth's current slug when ``old_slug`` was one of its earlier ones."""
    row = reads.first(_MOVED, {"slug": old_slug})
    return row[0] if row else None


# ---------------------------------------------------------------- exhibitions and halls
_EXHIBITION_FIELDS = (
    "id", "slug", "name_zh", "name_en", "description_zh", "description_en", "original_language",
    "is_permanent", "starts_at", "ends_at",
)  # fmt: skip
_HALL_FIELDS = (
    "id", "exhibition_id", "slug", "name_zh", "name_en", "description_zh", "description_en",
    "original_language", "category_id",
)  # fmt: skip


def _load_exhibitions() -> tuple[models.Exhibition, ...]:
    ex, hall = ExhibitionRow.__table__, HallRow.__table__
    halls: dict[int, list[models.Hall]] = {}
    for row in db.session.execute(select(*_columns(hall, _HALL_FIELDS)).order_by(hall.c.position, hall.c.id)):
        halls.setdefault(row.exhibition_id, []).append(models.Hall(*row))
    rows = db.session.execute(select(*_columns(ex, _EXHIBITION_FIELDS)).order_by(ex.c.position, ex.c.id))
    return tuple(models.Exhibition(*row, halls=tuple(halls.get(row.id, ()))) for row in rows)


def exhibitions() -> tuple[models.Exhibition, ...]:
    """Every exhibition with its halls, in their order (reference data, held per process)."""
    return EXPO.get_or_set("exhibitions", _load_exhibitions)


def exhibition(slug: str) -> models.Exhibition | None:
    return next((ex for ex in exhibitions() if ex.slug == slug), None)


# ---------------------------------------------------------------- sitemaps
def sitemap_products(offset: int, limit: int):
    """(id, slug, updated_at) of public products, by id."""
    query = public_products(_P.c.id, _P.c.slug, _P.c.updated_at).order_by(_P.c.id).offset(offset).limit(limit)
    return db.session.execute(query)


def count_public_products() -> int:
    return db.session.scalar(select(func.count()).select_from(public_products(_P.c.id).subquery())) or 0


def sitemap_booths(offset: int, limit: int):
    """(slug, updated_at) of public booths, by organization."""
    query = public_exhibitors(_EP.c.slug, _EP.c.updated_at).order_by(_EP.c.organization_id)
    return db.session.execute(query.offset(offset).limit(limit))


def count_public_exhibitors() -> int:
    return db.session.scalar(select(func.count()).select_from(public_exhibitors(_EP.c.organization_id).subquery()))


def exhibitor_cards(organization_ids) -> list[models.ExhibitorCard]:
    """What a card shows of each public exhibitor of ``organization_ids`` (in no particular order)."""
    ids = list(organization_ids)
    if not ids:
        return []
    rows = db.session.execute(public_exhibitors(*_EXHIBITOR_COLUMNS).where(_EP.c.organization_id.in_(ids)))
    return [_exhibitor_card(row) for row in rows]
