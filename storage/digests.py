"""The weekly digest's settings, who receives it, and its planning into the outbox.

Planning is idempotent: a digest's outbox key names the organisation, the ISO week it is sent in
and the chat, so however often (and on however many replicas) planning runs, each chat gets one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from domain.quiet import outside_quiet_hours
from domain.roles import BOARD
from domain.weekly import digest_moment
from storage.database import Database
from storage.models import Membership, Organisation
from storage.outbox import enqueue

DIGEST = "digest"
CHART = "digest_chart"
# A digest not sent within a day of its time (the bot was down) waits for next week: stale news.
CATCH_UP = timedelta(days=1)
SETTINGS = ("digest_weekday", "digest_hour", "quiet_start", "quiet_end", "digest_names", "retention_days")


@dataclass(frozen=True)
class ClockSettings:
    org_id: int
    name: str
    timezone: str
    report_chat_id: int | None
    digest_weekday: int
    digest_hour: int
    quiet_start: int
    quiet_end: int
    digest_names: bool
    retention_days: int = 90

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def settings_of(org: Organisation) -> ClockSettings:
    return ClockSettings(
        org.id,
        org.name,
        org.timezone,
        org.report_chat_id,
        org.digest_weekday,
        org.digest_hour,
        org.quiet_start,
        org.quiet_end,
        org.digest_names,
        org.retention_days,
    )


async def settings(db: Database, org_id: int) -> ClockSettings | None:
    async with db.session() as s:
        org = await s.get(Organisation, org_id)
        return settings_of(org) if org else None


async def change(db: Database, org_id: int, **values: int | bool) -> ClockSettings:
    """Set some of SETTINGS; the caller has checked the values."""
    if set(values) - set(SETTINGS):
        raise ValueError(f"not a clock setting: {set(values) - set(SETTINGS)}")
    async with db.session() as s:
        await s.execute(update(Organisation).where(Organisation.id == org_id).values(**values))
        return settings_of(await s.get(Organisation, org_id))


async def set_report_chat(db: Database, org_id: int, chat_id: int | None) -> None:
    async with db.session() as s:
        await s.execute(update(Organisation).where(Organisation.id == org_id).values(report_chat_id=chat_id))
    db.member_cache.clear()  # a group's report decides which organisation it acts in (orgs.member_for)


async def forget_report_chat(db: Database, chat_id: int) -> None:
    """The bot was removed from a report chat: stop planning digests for it."""
    async with db.session() as s:
        await s.execute(update(Organisation).where(Organisation.report_chat_id == chat_id).values(report_chat_id=None))


async def set_private(db: Database, membership_id: int, wanted: bool) -> None:
    async with db.session() as s:
        await s.execute(update(Membership).where(Membership.id == membership_id).values(digest_private=wanted))


async def _private_readers(s, org_id: int) -> list[int]:
    rows = await s.scalars(
        select(Membership.telegram_user_id).where(
            Membership.org_id == org_id,
            Membership.digest_private.is_(True),
            Membership.role.in_([r.value for r in BOARD]),
            Membership.unreachable_since.is_(None),
        )
    )
    return list(rows)


async def plan_weekly(db: Database, now: datetime) -> None:
    """Plan this week's digest for every organisation whose digest time has come (again: no harm)."""
    async with db.session() as s:
        for org in await s.scalars(select(Organisation)):
            clock = settings_of(org)
            moment, week = digest_moment(now, clock.zone, clock.digest_weekday, clock.digest_hour)
            if not moment <= now < moment + CATCH_UP:
                continue
            private = outside_quiet_hours(now, clock.zone, clock.quiet_start, clock.quiet_end)
            readers = [(chat, private) for chat in await _private_readers(s, org.id)]
            if clock.report_chat_id is not None:  # a group: quiet hours are for people's own phones
                readers.append((clock.report_chat_id, moment))
            for chat, due in readers:
                for kind in (DIGEST, CHART):  # two rows: a failed photo never sends the text again
                    key = f"{kind}:{org.id}:{week}:{chat}"
                    await enqueue(s, key=key, org_id=org.id, kind=kind, chat_id=chat, due_at=due)


def week_of(key: str) -> str:
    """The ISO week a digest's outbox key names."""
    return key.split(":")[2]
