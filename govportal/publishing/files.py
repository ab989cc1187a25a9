"""Files of the portal's publications (core.attachments): documents and forms to download,
news photos. A page's files are public while the page answers (published, withdrawn), except
those added with an amendment, which wait for its review; staff of the item's unit read all.

Registered when this module is imported (services import it).
"""

from __future__ import annotations

from core import attachments, units
from core.extensions import db

FILES = "publication"
MAX_FILES = 10  # a guide's forms, a news item's photos


def read_file(attachment, user) -> bool:
    from govportal.publishing.models import Publication

    item = db.session.get(Publication, attachment.owner_id)
    if item is None:
        return False
    if item.status in ("published", "withdrawn") and not attachment.pending:
        return True
    return units.acts_for(user, item.unit_id)


def revision_decided(item, approved: bool, _revision) -> None:
    """An amendment's files go public with it, or are dropped with it."""
    if approved:
        attachments.publish_pending(FILES, item.id)
    else:
        attachments.discard_pending(FILES, item.id)


attachments.register_owner(FILES, read_file, max_count=MAX_FILES)
