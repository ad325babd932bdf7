"""Reported levels: members in total, share paying by autogiro, followers of the page."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from storage.database import Database
from storage.models import LevelReport
from storage.orgs import Member


async def report(db: Database, member: Member, metric: str, value: float, day: date, now: datetime) -> None:
    async with db.session() as s:
        s.add(
            LevelReport(
                org_id=member.org_id, metric=metric, value=value, day=day, reported_by=member.id, reported_at=now
            )
        )


async def series(db: Database, org_id: int, metric: str, until: date) -> tuple[tuple[date, float], ...]:
    """Every report of the metric up to ``until``, oldest first (a level carries over from earlier years)."""
    async with db.session() as s:
        rows = await s.execute(
            select(LevelReport.day, LevelReport.value)
            .where(LevelReport.org_id == org_id, LevelReport.metric == metric, LevelReport.day <= until)
            .order_by(LevelReport.day, LevelReport.id)
        )
        return tuple((r.day, r.value) for r in rows)
