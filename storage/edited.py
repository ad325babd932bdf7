"""The entry a message made, looked up when the message is edited into something that is no entry."""

from __future__ import annotations

from sqlalchemy import select

from storage.database import Database
from storage.models import Entry


async def standing_entry_of(db: Database, chat_id: int, message_id: int) -> int | None:
    """The id of the entry (not undone) the message ``message_id`` in ``chat_id`` logged, if any."""
    async with db.session() as s:
        return await s.scalar(
            select(Entry.id).where(
                Entry.chat_id == chat_id, Entry.message_id == message_id, Entry.undone_at.is_(None)
            )
        )
