"""The weekly digest's schedule and recipients: an outbox row per organisation, ISO week and chat."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from domain.quiet import at_local
from domain.roles import BOARD
from storage.database import Database
from storage.models import Membership, Organisation
from storage.outbox import enqueue


def digest_moment(now: datetime, zone: ZoneInfo, weekday: int, hour: int) -> tuple[datetime, str]:
    """This ISO week's digest time (local wall clock, so DST weeks neither skip nor double) and the week's key."""
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    year, week, _ = monday.isocalendar()
    return at_local(monday + timedelta(days=weekday), hour, zone), f"{year}-W{week:02d}"


async def plan_weekly(db: Database, now: datetime) -> None:
    """For every organisation whose digest time this week has passed: one row per recipient, once."""
    async with db.session() as s:
        for org in (await s.scalars(select(Organisation))).all():
            moment, week = digest_moment(now, ZoneInfo(org.timezone), org.digest_weekday, org.digest_hour)
            if now < moment:
                continue
            for chat_id in await _recipients(s, org):
                await enqueue(
                    s,
                    key=f"digest:{org.id}:{week}:{chat_id}",
                    org_id=org.id,
                    kind="digest",
                    chat_id=chat_id,
                    due_at=moment,
                )


async def _recipients(s, org: Organisation) -> list[int]:
    private = await s.scalars(
        select(Membership.telegram_user_id).where(
            Membership.org_id == org.id,
            Membership.digest_private.is_(True),
            Membership.role.in_([r.value for r in BOARD]),
            Membership.unreachable_since.is_(None),
        )
    )
    return ([org.report_chat_id] if org.report_chat_id else []) + list(private)


async def set_report_chat(db: Database, org_id: int, chat_id: int | None) -> None:
    async with db.session() as s:
        await s.execute(update(Organisation).where(Organisation.id == org_id).values(report_chat_id=chat_id))


async def set_private(db: Database, membership_id: int, wanted: bool) -> None:
    async with db.session() as s:
        await s.execute(update(Membership).where(Membership.id == membership_id).values(digest_private=wanted))


async def settings(db: Database, org_id: int) -> Organisation:
    async with db.session() as s:
        return await s.get(Organisation, org_id)


async def change_settings(db: Database, org_id: int, **values: int) -> None:
    async with db.session() as s:
        await s.execute(update(Organisation).where(Organisation.id == org_id).values(**values))
