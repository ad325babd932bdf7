"""The welcome chain's cases: opened when a member is registered, closed when the step is done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.database import Database
from storage.models import WelcomeCase

WELCOME_CALL = "welcome_call"


@dataclass(frozen=True)
class CaseTimes:
    opened_at: datetime
    done_at: datetime | None


async def case_times(db: Database, org_id: int, step: str, start: datetime, end: datetime) -> list[CaseTimes]:
    """Cases of one step opened in [start, end); a case closed as not relevant is no promise broken."""
    async with db.session() as s:
        rows = await s.execute(
            select(WelcomeCase.opened_at, WelcomeCase.done_at).where(
                WelcomeCase.org_id == org_id,
                WelcomeCase.step == step,
                WelcomeCase.opened_at >= start,
                WelcomeCase.opened_at < end,
                (WelcomeCase.closed_reason.is_(None)) | (WelcomeCase.closed_reason == "done"),
            )
        )
        return [CaseTimes(r.opened_at, r.done_at) for r in rows]
