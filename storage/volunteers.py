"""A volunteer's own data: what /minadata shows, and /lamna, which removes them and keeps their counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select

from storage import cases
from storage.database import Database
from storage.models import Entry, Forening, Membership, NewMember, Organisation, WelcomeCase


@dataclass(frozen=True)
class MyData:
    org_name: str
    role: str
    forening: str | None
    display_name: str
    telegram_user_id: int
    joined_at: datetime
    digest_private: bool
    entries_by_kind: dict[str, int]
    recruited: int
    open_cases: int


async def my_data(db: Database, membership_id: int) -> MyData:
    async with db.session() as s:
        me, org_name, forening = (
            await s.execute(
                select(Membership, Organisation.name, Forening.name)
                .join(Organisation, Organisation.id == Membership.org_id)
                .outerjoin(Forening, Forening.id == Membership.forening_id)
                .where(Membership.id == membership_id)
            )
        ).one()
        logged = await s.execute(
            select(Entry.kind, func.count())
            .where(Entry.membership_id == membership_id, Entry.undone_at.is_(None))
            .group_by(Entry.kind)
        )
        recruited = await s.scalar(select(func.count()).where(NewMember.recruited_by == membership_id))
        open_cases = await s.scalar(
            select(func.count()).where(WelcomeCase.assignee_id == membership_id, WelcomeCase.closed_reason.is_(None))
        )
        return MyData(
            org_name,
            me.role,
            forening,
            me.display_name,
            me.telegram_user_id,
            me.joined_at,
            me.digest_private,
            dict(logged.all()),
            recruited,
            open_cases,
        )


async def leave(db: Database, membership_id: int, now: datetime) -> None:
    """Remove the membership; entries stay without a name (FK SET NULL), open cases go to another officer."""
    async with db.session() as s:
        me = await s.get(Membership, membership_id)
        me.unreachable_since = now  # so that no case is handed back to them
        open_ids = list(
            await s.scalars(
                select(WelcomeCase.id).where(
                    WelcomeCase.assignee_id == membership_id, WelcomeCase.closed_reason.is_(None)
                )
            )
        )
    for case_id in open_ids:
        await cases.reassign_from_unreachable(db, case_id, now)
    async with db.session() as s:
        user_id = (await s.get(Membership, membership_id)).telegram_user_id
        await s.execute(delete(Membership).where(Membership.id == membership_id))
    db.member_cache.pop(user_id, None)
