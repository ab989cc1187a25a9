"""``flask catalog ...``: reference data and bulk work on the command line."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

catalog_cli = AppGroup("catalog", help="Catalog tools.")


@catalog_cli.command("load-categories")
def load_categories_command():
    """Insert the category tree's missing categories (safe to run again)."""
    from core.db import commit
    from marketplace.catalog.tree import load_categories

    added = load_categories()
    commit()
    click.echo(f"{added} categories added.")


@catalog_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organization", "uscc", required=True, help="Unified social credit code of the exhibitor.")
@click.option("--images", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="ZIP of images.")
@click.option("--lang", default="zh", type=click.Choice(["zh", "en"]), help="Language of the error messages.")
def import_command(path, uscc, images, lang):
    """Import a catalog file for an organization, as its exhibitors would, and print the result."""
    from core.extensions import db
    from core.jobs import run_inprocess
    from core.organizations.services import organization_by_uscc
    from core.storage import get_storage
    from marketplace.catalog.models import CatalogImport

    with current_app.test_request_context("/", base_url=current_app.config["BASE_URL"]):
        org = organization_by_uscc(uscc)
        if org is None:
            raise click.ClickException(f"no organization with USCC {uscc}")
        storage = get_storage()
        ext = path.suffix.lower().lstrip(".")
        if ext not in ("xlsx", "csv"):
            raise click.ClickException("the file must be .xlsx or .csv")
        with open(path, "rb") as f:
            file_key = storage.save(f, "imports", ext)
        zip_key = None
        if images:
            with open(images, "rb") as f:
                zip_key = storage.save(f, "imports", "zip")
        job = CatalogImport(
            organization_id=org.id, lang=lang, filename=path.name[:200], file_key=file_key, zip_key=zip_key
        )
        db.session.add(job)
        db.session.commit()
        started = time.perf_counter()
        from core.jobs import JobRun

        run = JobRun(name="catalog.import", args=[job.id], max_attempts=1)
        db.session.add(run)
        db.session.commit()
        status = run_inprocess(run.id)
        seconds = time.perf_counter() - started
        job = db.session.get(CatalogImport, job.id)
        db.session.refresh(job)
        click.echo(
            f"{status}: {job.created_count} new, {job.updated_count} updated, {job.unchanged_count} unchanged, "
            f"{job.error_count} rejected rows in {seconds:.1f} s"
        )
        if job.status != "done":
            raise click.ClickException(job.message or "import failed")


def init_app(app) -> None:
    app.cli.add_command(catalog_cli)
