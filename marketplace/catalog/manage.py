"""The exhibitor's catalog: list, add, edit, submit, archive, images, bulk import and export.

Every route acts for the signed-in user's organization; ``services.product_for_org`` is the one
place that checks a product belongs to it.
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from core import access, inputs, limits, review
from core.db import commit
from core.errors import DomainError, Forbidden, NotFound, button_post
from core.extensions import db, limiter
from core.forms import show_errors
from core.imports.reading import MAX_SHEET_BYTES
from core.imports.records import ImportStatus
from core.media import ImageRejected, read_upload
from core.pagination import paginate
from core.review import ReviewStatus
from core.security import accepts_body
from i18n import current_lang
from marketplace.catalog import services, terms
from marketplace.catalog.forms import ImageForm, ProductForm
from marketplace.catalog.images import remove_image
from marketplace.catalog.imports.reading import MAX_ZIP_BYTES
from marketplace.catalog.models import PRODUCT_STATES, CatalogImport, Category, Product, ProductImage
from marketplace.membership.services import quota_for
from marketplace.membership.tiers import hidden_count
from marketplace.public.categories import category_choices

bp = Blueprint("catalog_manage", __name__, url_prefix="/<lang>/account/catalog", template_folder="templates")
access.protect(bp, access.EXHIBITOR)

SORTS = {
    "updated": Product.updated_at.desc(),
    "title": func.coalesce(Product.title_zh, Product.title_en),
    "published": Product.published_at.desc(),
    "views": Product.views.desc(),
}
BULK_ACTIONS = ("submit", "archive", "restore")


def _org_id() -> int:
    return current_user.org_member.organization_id


def _category_choices():
    return category_choices(current_lang(), _("Choose a category"))


@bp.route("/")
def index():
    org_id = _org_id()
    query = select(Product).where(Product.organization_id == org_id)
    status = request.args.get("status", "")
    if status in PRODUCT_STATES:
        query = query.where(Product.status == status)
    text = (request.args.get("q") or "").strip()[:100]
    if text:
        like = f"%{text.replace('%', '').replace('_', '')}%"
        query = query.where(or_(Product.title_zh.ilike(like), Product.title_en.ilike(like), Product.sku.ilike(like)))
    sort = request.args.get("sort", "updated")
    query = query.order_by(SORTS.get(sort, SORTS["updated"]), Product.id.desc())
    page = paginate(query.options(db.selectinload(Product.images)), per_page=25)
    counts = dict(
        db.session.execute(
            select(Product.status, func.count()).where(Product.organization_id == org_id).group_by(Product.status)
        ).all()
    )
    quota = quota_for(org_id)
    return render_template(
        "catalog/manage/index.html",
        hidden=hidden_count(org_id),
        page=page,
        counts=counts,
        status=status,
        q=text,
        sort=sort,
        quota=quota,
        states=PRODUCT_STATES,
    )


@bp.route("/bulk", methods=["POST"])
def bulk():
    from core.accounts.forms import EmptyForm

    if not EmptyForm().validate_on_submit():
        abort(400)
    action = request.form.get("action")
    ids = inputs.record_ids(request.form.getlist("ids"), 500)
    if action not in BULK_ACTIONS or not ids:
        flash(_("Choose products and an action."), "error")
        return redirect(url_for("catalog_manage.index"))
    done, skipped = 0, {}
    try:
        for product_id in ids:
            product = services.product_for_org(product_id, _org_id())
            if action == "submit" and product.status in review.EDITABLE:
                try:
                    services.submit_for_review(product)  # refuses before changing anything
                except DomainError as exc:
                    skipped.setdefault(str(exc.message), []).append(product.localized("title", current_lang()).text)
                    continue
                done += 1
            elif action == "archive" and product.status != ReviewStatus.ARCHIVED:
                services.archive(product)
                done += 1
            elif action == "restore" and product.status == ReviewStatus.ARCHIVED:
                services.restore(product)
                done += 1
    except (Forbidden, NotFound):
        db.session.rollback()
        raise
    except DomainError as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
        return redirect(url_for("catalog_manage.index"))
    commit()
    flash(_("%(n)s products changed.", n=done), "success")
    for reason, titles in skipped.items():
        shown = ", ".join(titles[:5]) + (" …" if len(titles) > 5 else "")
        flash(_("Not submitted (%(n)s): %(titles)s. %(reason)s", n=len(titles), titles=shown, reason=reason), "error")
    return redirect(url_for("catalog_manage.index"))


def _save(product: Product | None):
    form = ProductForm()
    form.category.choices = _category_choices()
    lang = current_lang()
    for name, choices in (("moq_unit", terms.unit_choices(lang)), ("fob_port", terms.port_choices(lang))):
        field = getattr(form, name)
        field.choices = [("", "—"), *choices]
        kept = product is not None and getattr(product, name)
        if kept and kept not in dict(choices):  # free text from before the lists: shown, to be replaced
            field.choices.append((kept, kept))
    if product is not None and request.method == "GET":
        form.process(data=_form_data(product))
    if form.validate_on_submit():
        clean, errors = services.clean_product(form.raw())
        if not errors:
            creating = product is None
            try:
                if creating:
                    product = services.create_product(_org_id(), clean)
                    message = _("The product is saved as a draft. Add images, then submit it for review.")
                else:
                    waits = services.update_product(product, clean)
                    message = (
                        _("Your changes wait for review; the published version stays visible until then.")
                        if waits
                        else _("The product is saved.")
                    )
                commit()  # may refuse a SKU another request saved meanwhile
            except DomainError as exc:
                db.session.rollback()
                errors = [(exc.field or "sku", exc.message)]
                if creating:
                    product = None  # not saved after all: the form stays a new product's
            else:
                flash(message, "success")
                return redirect(url_for("catalog_manage.edit", product_id=product.id))
        show_errors(form, errors)
    return render_template(
        "catalog/manage/edit.html", form=form, product=product, image_form=ImageForm(), states=PRODUCT_STATES
    )


def _form_data(product: Product) -> dict:
    source = dict(product.pending_revision) if product.pending_revision else None
    data = {field: getattr(product, field) for field in services.EDITABLE_FIELDS}
    if source:
        data.update(source)
    category = db.session.get(Category, data.get("category_id")) if data.get("category_id") else None
    data["category"] = category.slug if category else ""
    data["specs"] = services.format_specs(data.get("specs"))
    for field in ("price_min", "price_max", "moq", "lead_time_days"):
        data[field] = "" if data.get(field) is None else str(data[field])
    return data


@bp.route("/new", methods=["GET", "POST"])
def new():
    return _save(None)


@bp.route("/<int:product_id>/edit", methods=["GET", "POST"])
def edit(product_id):
    return _save(services.product_for_org(product_id, _org_id()))


def _transition(product_id, action, message):
    return button_post(
        lambda: services.product_for_org(product_id, _org_id()),
        action,
        message,
        lambda product: url_for("catalog_manage.edit", product_id=product.id),
    )


@bp.route("/<int:product_id>/submit", methods=["POST"])
def submit(product_id):
    return _transition(
        product_id,
        services.submit_for_review,
        _("Submitted for review. Bureau staff usually decide within one working day."),
    )


@bp.route("/<int:product_id>/archive", methods=["POST"])
def archive(product_id):
    return _transition(product_id, services.archive, _("The product is archived and no longer public."))


@bp.route("/<int:product_id>/restore", methods=["POST"])
def restore(product_id):
    return _transition(product_id, services.restore, _("The product is back as a draft."))


@bp.route("/<int:product_id>/images", methods=["POST"])
@limiter.limit(limits.setting("RATELIMIT_IMAGES"), key_func=limits.per_account)
def add_image(product_id):
    product = services.product_for_org(product_id, _org_id())
    form = ImageForm()
    upload = request.files.get("image")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        flash(_("Choose an image file to upload."), "error")
        return redirect(url_for("catalog_manage.edit", product_id=product_id) + "#images")
    try:
        waits = services.add_image(product, read_upload(upload), upload.filename, form.alt_zh.data, form.alt_en.data)
    except ImageRejected as exc:
        db.session.rollback()
        flash(str(exc.message), "error")
    else:
        commit()
        if waits.pending:
            flash(_("The image is added. It appears on the product page once the bureau has reviewed it."), "success")
        else:
            flash(_("The image is added."), "success")
    return redirect(url_for("catalog_manage.edit", product_id=product_id) + "#images")


@bp.route("/<int:product_id>/images/<int:image_id>/delete", methods=["POST"])
def delete_image(product_id, image_id):
    from core.accounts.forms import EmptyForm

    product = services.product_for_org(product_id, _org_id())
    image = db.session.get(ProductImage, image_id)
    if image is None or image.product_id != product.id or not EmptyForm().validate_on_submit():
        abort(404)
    remove_image(product, image)
    commit()
    flash(_("The image is removed."), "success")
    return redirect(url_for("catalog_manage.edit", product_id=product_id) + "#images")


# ---------------------------------------------------------------- bulk import and export
@bp.route("/import", methods=["GET", "POST"])
@accepts_body(MAX_SHEET_BYTES + MAX_ZIP_BYTES + 1024 * 1024)  # the two files the page offers, and the form
@limiter.limit(limits.setting("RATELIMIT_IMPORTS"), key_func=limits.per_organization, methods=["POST"])
def import_upload():
    from core.accounts.forms import EmptyForm
    from core.jobs import enqueue
    from core.storage import StorageError, get_storage
    from marketplace.catalog import imports

    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit():
        sheet = request.files.get("file")
        images = request.files.get("images")
        name = (sheet.filename or "") if sheet else ""
        running = db.session.scalar(
            select(CatalogImport.id).where(
                CatalogImport.organization_id == _org_id(),
                CatalogImport.status.in_((ImportStatus.QUEUED, ImportStatus.RUNNING)),
            )
        )
        if running is not None:
            # Two imports of the same SKUs at once would race on the unique (organization, SKU).
            flash(_("An import is still running. Start the next one when it has finished."), "error")
            return redirect(url_for("catalog_manage.import_status", import_id=running))
        if not name.lower().endswith((".xlsx", ".csv")):
            flash(_("Upload the catalog as an .xlsx or .csv file."), "error")
        else:
            storage = get_storage()
            try:
                ext = "xlsx" if name.lower().endswith(".xlsx") else "csv"
                file_key = storage.save(sheet.stream, "imports", ext, max_bytes=imports.MAX_SHEET_BYTES)
                zip_key = None
                if images and images.filename:
                    if not images.filename.lower().endswith(".zip"):
                        raise imports.ImportRefused(_("Upload the images as one .zip file."))
                    zip_key = storage.save(images.stream, "imports", "zip", max_bytes=imports.MAX_ZIP_BYTES)
            except StorageError:
                flash(_("The file is too large."), "error")
            except DomainError as exc:
                flash(str(exc.message), "error")
            else:
                job = CatalogImport(
                    organization_id=_org_id(),
                    user_id=current_user.id,
                    lang=current_lang(),
                    filename=name[:200],
                    file_key=file_key,
                    zip_key=zip_key,
                )
                db.session.add(job)
                db.session.flush()
                enqueue("catalog.import", job.id)
                commit()
                return redirect(url_for("catalog_manage.import_status", import_id=job.id))
    recent = db.session.scalars(
        select(CatalogImport)
        .where(CatalogImport.organization_id == _org_id())
        .order_by(CatalogImport.id.desc())
        .limit(10)
    ).all()
    return render_template("catalog/manage/import.html", form=form, recent=recent)


def _import_for_org(import_id) -> CatalogImport:
    job = db.session.get(CatalogImport, import_id)
    if job is None or job.organization_id != _org_id():
        abort(404)
    return job


@bp.route("/import/<int:import_id>")
def import_status(import_id):
    from marketplace.catalog import imports

    job = _import_for_org(import_id)
    rejected = imports.rejected_rows(job, current_lang())
    return render_template(
        "catalog/manage/import_status.html", job=job, rejected=rejected, problem_text=imports.problem_text
    )


@bp.route("/import/<int:import_id>/progress")
def import_progress(import_id):
    """Polled by static/js/progress.js to move the progress bar without reloading."""
    from flask import jsonify

    job = _import_for_org(import_id)
    text = _("Importing: %(done)s of %(total)s rows.", done=job.processed_rows, total=job.total_rows or "…")
    return jsonify({"status": job.status, "percent": job.percent, "text": text})


@bp.route("/import/<int:import_id>/errors.xlsx")
def import_errors(import_id):
    from marketplace.catalog import imports

    job = _import_for_org(import_id)
    return send_file(
        io.BytesIO(imports.error_report_xlsx(job.id, current_lang())),
        download_name=f"import-{job.id}-errors.xlsx",
        as_attachment=True,
        mimetype=XLSX,
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/template.<fmt>")
def template(fmt):
    from marketplace.catalog import imports

    lang = current_lang()
    if fmt == "xlsx":
        return send_file(
            io.BytesIO(imports.template_xlsx(lang)),
            download_name=f"catalog-template-{lang}.xlsx",
            as_attachment=True,
            mimetype=XLSX,
        )
    if fmt == "csv":
        return send_file(
            io.BytesIO(imports.template_csv(lang)),
            download_name=f"catalog-template-{lang}.csv",
            as_attachment=True,
            mimetype="text/csv",
        )
    abort(404)


@bp.route("/export.xlsx")
def export():
    from marketplace.catalog import imports

    data = imports.export_xlsx(_org_id(), current_lang())
    return send_file(io.BytesIO(data), download_name="catalog.xlsx", as_attachment=True, mimetype=XLSX)
