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
    return (await series_by_org(db, [org_id], metric, until))[org_id]


async def series_by_org(
    db: Database, org_ids: list[int], metric: str, until: date
) -> dict[int, tuple[tuple[date, float], ...]]:
    """``series`` for many organisations in one query."""
    found: dict[int, list[tuple[date, float]]] = {org_id: [] for org_id in org_ids}
    async with db.session() as s:
        rows = await s.execute(
            select(LevelReport.org_id, LevelReport.day, LevelReport.value)
            .where(LevelReport.org_id.in_(org_ids), LevelReport.metric == metric, LevelReport.day <= until)
            .order_by(LevelReport.org_id, LevelReport.day, LevelReport.id)
        )
        for r in rows:
            found[r.org_id].append((r.day, r.value))
    return {org_id: tuple(reports) for org_id, reports in found.items()}
