"""Cadence nudges in the outbox: who is nudged about a goal, planned once per goal, window and chat."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from domain.goals import GoalKind
from domain.quiet import outside_quiet_hours
from domain.roles import BOARD
from storage.database import Database
from storage.digests import ClockSettings, settings_of
from storage.goals import StoredGoal, stored
from storage.models import Goal, Membership, Organisation
from storage.outbox import enqueue

NUDGE = "nudge"


async def cadence_goals(db: Database) -> list[tuple[ClockSettings, StoredGoal]]:
    """Every cadence goal, with its organisation's clock settings."""
    async with db.session() as s:
        rows = await s.execute(
            select(Goal, Organisation)
            .join(Organisation, Organisation.id == Goal.org_id)
            .where(Goal.kind == GoalKind.CADENCE.value)
            .order_by(Goal.id)
        )
        return [(settings_of(org), stored(goal)) for goal, org in rows]


async def plan(db: Database, org: ClockSettings, goal: StoredGoal, window_last: date, now: datetime) -> None:
    """One nudge per chat for this goal's window: the förening's people, else the report chat, else the board."""
    private_due = outside_quiet_hours(now, org.zone, org.quiet_start, org.quiet_end)
    async with db.session() as s:
        people = select(Membership.telegram_user_id).where(
            Membership.org_id == org.org_id, Membership.unreachable_since.is_(None)
        )
        if goal.forening_id is not None:
            chats = [
                (chat, private_due)
                for chat in await s.scalars(people.where(Membership.forening_id == goal.forening_id))
            ]
        elif org.report_chat_id is not None:
            chats = [(org.report_chat_id, now)]
        else:
            board = people.where(Membership.role.in_([r.value for r in BOARD]))
            chats = [(chat, private_due) for chat in await s.scalars(board)]
        for chat, due in chats:
            key = f"{NUDGE}:{goal.id}:{window_last.isoformat()}:{chat}"
            await enqueue(s, key=key, org_id=org.org_id, kind=NUDGE, chat_id=chat, due_at=due)


async def goal(db: Database, goal_id: int) -> tuple[ClockSettings, StoredGoal] | None:
    async with db.session() as s:
        row = await s.get(Goal, goal_id)
        return (settings_of(await s.get(Organisation, row.org_id)), stored(row)) if row else None


def parse_key(key: str) -> tuple[int, date]:
    """(goal id, the window's last day) from a nudge's outbox key."""
    _, goal_id, last, _chat = key.split(":")
    return int(goal_id), date.fromisoformat(last)
