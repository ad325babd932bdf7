"""What /healthz and /metrics read from the database: that it answers, and how the outbox stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text

from storage.database import Database
from storage.models import Outbox


@dataclass(frozen=True)
class OutboxFigures:
    pending: int  # not yet sent
    overdue: int  # due for longer than `overdue_after`
    oldest_due: datetime | None  # of the due, unsent rows


async def ping(db: Database) -> None:
    async with db.session() as s:
        await s.execute(text("SELECT 1"))


async def outbox_figures(db: Database, now: datetime, overdue_after: timedelta) -> OutboxFigures:
    unsent = Outbox.sent_at.is_(None)
    async with db.session() as s:
        pending = await s.scalar(select(func.count()).select_from(Outbox).where(unsent))
        overdue = await s.scalar(
            select(func.count()).select_from(Outbox).where(unsent, Outbox.due_at < now - overdue_after)
        )
        oldest = await s.scalar(select(func.min(Outbox.due_at)).where(unsent, Outbox.due_at <= now))
    return OutboxFigures(pending or 0, overdue or 0, oldest)
