"""Reaching the marketplace: notices and policies that name an exhibitor's industry or district
among their targets, on that exhibitor's overview (``/<lang>/account/``). The bureau reaches the
exporters a notice concerns, not everyone; those who subscribed also get it by mail."""

from __future__ import annotations

from datetime import timedelta

from flask_login import current_user

from core.db import utcnow
from govportal.publishing import reads

RECENT_DAYS = 90


def exhibitor_panel() -> dict:
    member = current_user.org_member
    organization = member.organization if member is not None else None
    industry = organization.industry if organization is not None else None
    district = organization.district if organization is not None else None
    since = utcnow() - timedelta(days=RECENT_DAYS)
    return {"found": reads.targeting(industry, district, since), "industry": industry, "district": district}
