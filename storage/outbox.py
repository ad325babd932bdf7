"""The clock's outbox: what is owed to whom and when, planned once, claimed by one worker, sent once.

Planning inserts rows under unique keys (a second plan of the same thing inserts nothing).
A sweep claims due rows with a lease in one UPDATE … RETURNING; on PostgreSQL the rows are
picked FOR UPDATE SKIP LOCKED, so two replicas never claim the same row. A row is marked
sent right after its own send, so a crash repeats at most the one message in flight.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Outbox

_INSERT = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


@dataclass(frozen=True)
class Item:
    id: int
    key: str
    kind: str
    org_id: int
    case_id: int | None
    chat_id: int | None
    attempts: int


async def enqueue(
    s: AsyncSession,
    *,
    key: str,
    org_id: int,
    kind: str,
    due_at: datetime,
    case_id: int | None = None,
    chat_id: int | None = None,
) -> None:
    """Plan a message; planning the same key again does nothing."""
    insert = _INSERT[s.bind.dialect.name](Outbox).on_conflict_do_nothing(index_elements=[Outbox.key])
    await s.execute(
        insert.values(key=key, org_id=org_id, kind=kind, due_at=due_at, case_id=case_id, chat_id=chat_id, attempts=0)
    )


async def claim(db: Database, now: datetime, lease: timedelta, limit: int) -> list[Item]:
    """Take up to `limit` due rows for this worker until now + lease."""
    due = (
        select(Outbox.id)
        .where(
            Outbox.sent_at.is_(None),
            Outbox.due_at <= now,
            or_(Outbox.claimed_until.is_(None), Outbox.claimed_until < now),
        )
        .order_by(Outbox.due_at, Outbox.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite serialises writers anyway
    )
    async with db.session() as s:
        rows = await s.execute(
            update(Outbox)
            .where(Outbox.id.in_(due.scalar_subquery()))
            .values(claimed_until=now + lease, attempts=Outbox.attempts + 1)
            .returning(
                Outbox.id, Outbox.key, Outbox.kind, Outbox.org_id, Outbox.case_id, Outbox.chat_id, Outbox.attempts
            )
        )
        items = [Item(*row) for row in rows]
    return sorted(items, key=lambda item: item.id)


async def finish(db: Database, item_id: int, outcome: str, now: datetime) -> None:
    async with db.session() as s:
        await s.execute(update(Outbox).where(Outbox.id == item_id).values(sent_at=now, outcome=outcome))


async def retry_later(db: Database, item_id: int, due_at: datetime) -> None:
    """A transient failure (network, flood limits): let a later sweep try again."""
    async with db.session() as s:
        await s.execute(update(Outbox).where(Outbox.id == item_id).values(claimed_until=None, due_at=due_at))


async def pending(db: Database) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(Outbox).where(Outbox.sent_at.is_(None)))
