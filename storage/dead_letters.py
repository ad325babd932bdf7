"""Outbox rows given up after too many failed attempts, and the admins' notice about them.

A row that keeps failing (a card that cannot be opened, an error of ours, the network for hours)
is marked dead with the kind of error, so it no longer comes first in every sweep; the
organisation's admins (else its board) get one notice a day at most, with a count and no
personal data. `storage.outbox.dead_letters` counts them for /healthz and metrics.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from domain.quiet import outside_quiet_hours
from storage.cases import admins_or_board
from storage.database import Database
from storage.models import Organisation
from storage.outbox import Item, enqueue, give_up_in

NOTICE = "dead_letter"


async def give_up(db: Database, item: Item, token: str, error: str, now: datetime) -> bool:
    """Dead-letter the row and plan today's notice to the admins, in one unit of work."""
    async with db.session() as s:
        if not await give_up_in(s, item.id, token, error, now):
            return False  # another worker holds it now
        if item.kind == NOTICE:
            return True  # a notice that cannot be sent is not announced by another
        org = await s.get(Organisation, item.org_id)
        zone = ZoneInfo(org.timezone)
        day = now.astimezone(zone).date().isoformat()
        for chat_id in await admins_or_board(s, item.org_id):
            await enqueue(
                s,
                key=f"dead:{item.org_id}:{day}:{chat_id}",
                org_id=item.org_id,
                kind=NOTICE,
                chat_id=chat_id,
                due_at=outside_quiet_hours(now, zone, org.quiet_start, org.quiet_end),
            )
        return True
