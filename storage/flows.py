"""Guided flows kept in the database, so that a restart (SIGTERM, a deploy) resumes them.

The answers so far are python-telegram-bot's user_data: drafts, an Origin, a plan under review.
They are pickled and sealed with Fernet under the data key. Sealing is authenticated, so only
what this bot wrote itself is ever unpickled, and a half-typed name or phone is never plaintext.
Flows untouched for a day are forgotten.
"""

from __future__ import annotations

import json
import pickle
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage import crypto
from storage.database import Database
from storage.models import FlowData, FlowState

STALE = timedelta(days=1)
_INSERT = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}


async def _upsert(db: Database, table, keys: list[str], values: dict) -> None:
    insert = _INSERT[db.engine.dialect.name](table).values(**values)
    changes = {k: v for k, v in values.items() if k not in keys}
    async with db.session() as s:
        await s.execute(insert.on_conflict_do_update(index_elements=keys, set_=changes))


async def load_user_data(db: Database) -> dict[int, dict]:
    async with db.session() as s:
        rows = (await s.execute(select(FlowData.telegram_user_id, FlowData.sealed))).all()
    found = {user_id: _opened(sealed) for user_id, sealed in rows}
    return {user_id: data for user_id, data in found.items() if data is not None}


async def save_user_data(db: Database, user_id: int, data: dict, now: datetime) -> None:
    if not data:
        await drop_user_data(db, user_id)
        return
    sealed = crypto.keyring().seal_bytes(pickle.dumps(data))
    await _upsert(
        db, FlowData, ["telegram_user_id"], {"telegram_user_id": user_id, "sealed": sealed, "updated_at": now}
    )


async def drop_user_data(db: Database, user_id: int) -> None:
    async with db.session() as s:
        await s.execute(delete(FlowData).where(FlowData.telegram_user_id == user_id))


async def load_states(db: Database, name: str) -> dict[tuple, int]:
    async with db.session() as s:
        rows = await s.execute(select(FlowState.key, FlowState.state).where(FlowState.name == name))
        return {tuple(json.loads(key)): state for key, state in rows}


async def save_state(db: Database, name: str, key: tuple, state: int | None, now: datetime) -> None:
    encoded = json.dumps(list(key))
    if state is None:
        async with db.session() as s:
            await s.execute(delete(FlowState).where(FlowState.name == name, FlowState.key == encoded))
        return
    values = {"name": name, "key": encoded, "state": state, "updated_at": now}
    await _upsert(db, FlowState, ["name", "key"], values)


async def forget_stale(db: Database, now: datetime) -> None:
    async with db.session() as s:
        await s.execute(delete(FlowData).where(FlowData.updated_at < now - STALE))
        await s.execute(delete(FlowState).where(FlowState.updated_at < now - STALE))


async def load_for(
    db: Database, names: list[str], chat_id: int, user_id: int
) -> tuple[dict | None, dict[str, int]]:
    """One user's answers so far and their flows' states in this chat, as the database has them now:
    read at the start of each of the user's updates, so any replica can take the next step."""
    key = json.dumps([chat_id, user_id])
    async with db.session() as s:
        sealed = await s.scalar(select(FlowData.sealed).where(FlowData.telegram_user_id == user_id))
        rows = await s.execute(
            select(FlowState.name, FlowState.state).where(FlowState.name.in_(names), FlowState.key == key)
        )
        states = dict(rows.all())
    return (_opened(sealed) if sealed is not None else None), states


def _opened(sealed: str) -> dict | None:
    try:
        return pickle.loads(crypto.keyring().open_bytes(sealed))
    except (crypto.DataKeyError, pickle.UnpicklingError, AttributeError, ImportError):
        return None  # an older key or a changed class: that flow starts over
