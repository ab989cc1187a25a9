"""Member tiers: free, gold, premium (rows the migrations insert)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from core import cache
from core.extensions import db

FREE = "free"


class MemberTier(db.Model):
    """What a tier allows. An exhibitor profile names its tier (``tier_code``)."""

    __tablename__ = "member_tiers"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(50))
    name_en: Mapped[str] = mapped_column(String(50))
    rank: Mapped[int] = mapped_column(default=0)
    product_quota: Mapped[int | None]  # None: unlimited
    quote_quota: Mapped[int] = mapped_column(default=3)  # quotes on buyer requests per calendar month


cache.track(MemberTier, "tier")
