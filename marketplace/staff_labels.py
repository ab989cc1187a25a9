"""The expo on staff screens: what its codes are called (core.labels: its kinds of reviewed
item, the fields of their changes, the names of the products, booths and halls that audit
entries point at) and the work it puts on the staff dashboard (core.registry.WorkQueue)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core import labels
from core.extensions import db
from core.organizations.models import Organization
from i18n import current_lang


def init_queues(site) -> None:
    from sqlalchemy import func

    from core import access, review
    from core.registry import WorkQueue
    from marketplace.catalog.models import Product
    from marketplace.expo.models import Booth, BoothStatus, ExhibitorProfile
    from marketplace.sourcing.models import BuyerRequest

    def reported():
        from marketplace.sourcing.models import Inquiry

        return db.session.execute(
            select(func.count(), func.min(Inquiry.reported_at)).where(
                Inquiry.reported_at.is_not(None), Inquiry.report_decided_at.is_(None)
            )
        ).one()

    def waiting(model):
        return lambda: db.session.execute(
            select(func.count(), func.min(model.submitted_at)).where(review.waiting(model))
        ).one()

    def applications():
        return db.session.execute(
            select(func.count(), func.min(Booth.created_at)).where(Booth.status == BoothStatus.APPLIED)
        ).one()

    moderator = access.staff("moderator")
    site.work_queues.extend(
        [
            WorkQueue(_l("Products waiting for review"), moderator, waiting(Product), "moderation.products", 20),
            WorkQueue(_l("Booth changes waiting for review"), moderator, waiting(ExhibitorProfile),
                      "moderation.profiles", 30),
            WorkQueue(_l("Exhibition applications"), moderator, applications, "moderation.applications", 40),
            WorkQueue(_l("Buyer requests waiting for review"), moderator, waiting(BuyerRequest),
                      "moderation.requests", 25),
            WorkQueue(_l("Reported inquiries"), moderator, reported, "moderation.reported_inquiries", 45),
        ]
    )  # fmt: skip


def init_app() -> None:
    from marketplace.catalog.forms import ProductForm
    from marketplace.catalog.models import Product
    from marketplace.expo.forms import ProfileForm
    from marketplace.expo.models import Booth, Exhibition, ExhibitorProfile, Hall
    from marketplace.public.urls import booth_path
    from marketplace.sourcing.forms import RequestForm
    from marketplace.sourcing.models import BuyerRequest

    labels.add_kind("product", _l("Product"), "products")
    labels.add_kind("booth_profile", _l("Booth profile"), "exhibitor_profiles")
    labels.add_kind("booth", _l("Exhibition booth"), "booths")
    labels.add_kind("rfq", _l("Buyer request"), "buyer_requests")
    labels.add_kind("inquiry", _l("Inquiry"), "inquiries")
    labels.add_kind("quote", _l("Quote"), "quotes")
    labels.add_verbs(
        {
            "opened": _l("opened"),
            "closed": _l("closed"),
            "shortlisted": _l("shortlisted"),
            "accepted": _l("accepted"),
            "declined": _l("declined"),
            "assigned": _l("assigned to a colleague"),
            "reported": _l("reported to the bureau"),
            "report_closed": _l("closed after a report"),
            "report_dismissed": _l("report dismissed"),
        }
    )
    labels.add_fields(
        "rfq", {**labels.form_labels(RequestForm, rename={"category": "category_id"}), "language": _l("Language")}
    )
    labels.add_fields(
        "product",
        {
            **labels.form_labels(ProductForm, rename={"category": "category_id"}),
            "specs": _l("Specifications"),
            "original_language": _l("Original language"),
        },
    )
    labels.add_fields(
        "booth_profile",
        {
            **labels.form_labels(ProfileForm),
            "logo_key": _l("Logo"),
            "banner_key": _l("Banner"),
            "gallery": _l("Gallery"),
            "main_category_id": _l("Main product category"),
        },
    )

    def products(ids):
        rows = db.session.execute(
            select(Product.id, Product.slug, Product.status, Product.title_zh, Product.title_en).where(
                Product.id.in_(labels.ids_of(ids))
            )
        )
        lang, found = current_lang(), {}
        for product_id, slug, status, title_zh, title_en in rows:
            title = (title_en or title_zh) if lang == "en" else (title_zh or title_en)
            public = url_for("catalog.product", product_id=product_id, slug=slug) if status == "published" else None
            found[str(product_id)] = (title or f"#{product_id}", public)
        return found

    def organization_names(query):
        lang, found = current_lang(), {}
        for key, name_zh, name_en, *rest in db.session.execute(query):
            name = (name_en or name_zh) if lang == "en" else (name_zh or name_en)
            found[str(key)] = (name, *rest)
        return found

    def profiles(ids):
        query = (
            select(ExhibitorProfile.organization_id, Organization.name_zh, Organization.name_en, ExhibitorProfile.slug)
            .join(Organization, Organization.id == ExhibitorProfile.organization_id)
            .where(ExhibitorProfile.organization_id.in_(labels.ids_of(ids)))
        )
        return {key: (name, booth_path(slug)) for key, (name, slug) in organization_names(query).items()}

    def booths(ids):
        query = (
            select(Booth.id, Organization.name_zh, Organization.name_en, Exhibition.name_zh, Exhibition.name_en)
            .join(Organization, Organization.id == Booth.organization_id)
            .join(Exhibition, Exhibition.id == Booth.exhibition_id)
            .where(Booth.id.in_(labels.ids_of(ids)))
        )
        lang, found = current_lang(), {}
        for key, (name, fair_zh, fair_en) in organization_names(query).items():
            fair = (fair_en or fair_zh) if lang == "en" else (fair_zh or fair_en)
            found[key] = (f"{name} · {fair}", None)
        return found

    def halls(ids):
        rows = db.session.execute(select(Hall.id, Hall.name_zh, Hall.name_en).where(Hall.id.in_(labels.ids_of(ids))))
        lang = current_lang()
        return {str(i): ((en or zh) if lang == "en" else (zh or en), None) for i, zh, en in rows}

    labels.add_namer("products", products)
    labels.add_namer("exhibitor_profiles", profiles)
    labels.add_namer("booths", booths)
    labels.add_namer("halls", halls)

    def requests(ids):
        rows = db.session.execute(
            select(BuyerRequest.id, BuyerRequest.title, BuyerRequest.status).where(
                BuyerRequest.id.in_(labels.ids_of(ids))
            )
        )
        return {
            str(i): (title, url_for("sourcing.detail", request_id=i) if status == "published" else None)
            for i, title, status in rows
        }

    labels.add_namer("buyer_requests", requests)
