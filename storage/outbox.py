"""The clock's outbox: what is owed to whom and when, planned once, claimed by one worker, sent once.

Planning inserts rows under unique keys (a second plan of the same thing inserts nothing).
A sweep claims due rows with a lease in one UPDATE … RETURNING; on PostgreSQL the rows are
picked FOR UPDATE SKIP LOCKED, so two replicas never claim the same row. A row is marked
sent right after its own send, so a crash repeats at most the one message in flight.

Every claim carries the claiming process's token ("<instance>/<run>"). A worker sends a row only
while the row still carries its token (`hold`, just before the send, which also renews the lease),
and marks it done only under its token (`finish`): a worker frozen past its lease finds its rows
taken over and leaves them. `renew` keeps a long batch's leases alive; `release_previous` frees,
at start, the claims a crashed earlier run of the same instance left behind.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import Outbox

_INSERT = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}
DEAD = "dead"  # the outcome of a row given up after too many attempts (the dead letters)


@dataclass(frozen=True)
class Item:
    id: int
    key: str
    kind: str
    org_id: int
    case_id: int | None
    chat_id: int | None
    attempts: int


def claim_token(instance: str) -> str:
    """A token for one run of one process: the instance name survives a restart, the run does not."""
    return f"{instance[:60]}/{uuid.uuid4().hex}"


def _instance_of(token: str) -> str:
    return token.rpartition("/")[0]


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


async def claim(db: Database, now: datetime, lease: timedelta, limit: int, token: str = "") -> list[Item]:
    """Take up to `limit` due rows for the worker holding `token` until now + lease."""
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
            .values(claimed_until=now + lease, claimed_by=token, attempts=Outbox.attempts + 1)
            .returning(
                Outbox.id, Outbox.key, Outbox.kind, Outbox.org_id, Outbox.case_id, Outbox.chat_id, Outbox.attempts
            )
        )
        items = [Item(*row) for row in rows]
    return sorted(items, key=lambda item: item.id)


def _mine(item_id: int, token: str):
    return (Outbox.id == item_id, Outbox.claimed_by == token, Outbox.sent_at.is_(None))


async def hold(db: Database, item_id: int, token: str, now: datetime, lease: timedelta) -> bool:
    """Just before a send: is the row still ours? If so its lease runs from now (one atomic statement)."""
    async with db.session() as s:
        held = await s.execute(update(Outbox).where(*_mine(item_id, token)).values(claimed_until=now + lease))
        return held.rowcount == 1


async def renew(db: Database, token: str, now: datetime, lease: timedelta) -> int:
    """While a long batch is sent: every row this worker still holds keeps its lease."""
    async with db.session() as s:
        renewed = await s.execute(
            update(Outbox)
            .where(Outbox.claimed_by == token, Outbox.sent_at.is_(None), Outbox.claimed_until.is_not(None))
            .values(claimed_until=now + lease)
        )
        return renewed.rowcount


async def release_previous(db: Database, token: str) -> int:
    """At start: claims that an earlier run of this instance left (it crashed) are due again at once.

    Another replica has another instance name, so its live claims are never touched."""
    async with db.session() as s:
        released = await s.execute(
            update(Outbox)
            .where(
                Outbox.sent_at.is_(None),
                Outbox.claimed_by.like(_instance_of(token).replace("%", r"\%").replace("_", r"\_") + "/%", escape="\\"),
                Outbox.claimed_by != token,
            )
            .values(claimed_until=None, claimed_by=None)
        )
        return released.rowcount


async def finish_in(s: AsyncSession, item_id: int, token: str, outcome: str, now: datetime) -> bool:
    """Mark a row done in the caller's unit of work, only while it is still ours."""
    done = await s.execute(update(Outbox).where(*_mine(item_id, token)).values(sent_at=now, outcome=outcome))
    return done.rowcount == 1


async def finish(db: Database, item_id: int, outcome: str, now: datetime, token: str = "") -> bool:
    async with db.session() as s:
        return await finish_in(s, item_id, token, outcome, now)


async def retry_later(db: Database, item_id: int, due_at: datetime, token: str = "", error: str | None = None) -> None:
    """A transient failure (network, flood limits, an error of ours): let a later sweep try again."""
    async with db.session() as s:
        await s.execute(
            update(Outbox)
            .where(*_mine(item_id, token))
            .values(claimed_until=None, claimed_by=None, due_at=due_at, last_error=error)
        )


async def give_up_in(s: AsyncSession, item_id: int, token: str, error: str, now: datetime) -> bool:
    """Dead-letter a row that failed too often, in the caller's unit of work; False if no longer ours."""
    done = await s.execute(
        update(Outbox).where(*_mine(item_id, token)).values(sent_at=now, outcome=DEAD, last_error=error)
    )
    return done.rowcount == 1


async def pending(db: Database) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(Outbox).where(Outbox.sent_at.is_(None)))


async def dead_letters(db: Database, org_id: int | None = None) -> int:
    """How many rows were given up (for /healthz and metrics; per organisation for its admins)."""
    query = select(func.count()).select_from(Outbox).where(Outbox.outcome == DEAD)
    if org_id is not None:
        query = query.where(Outbox.org_id == org_id)
    async with db.session() as s:
        return await s.scalar(query)
