"""Facts about the installation kept in the database itself: which data key seals its contact details.

The fingerprint of the active key is stored on first use, so a replica (or a restored copy) that
comes with another key is refused at start instead of sealing what the others cannot open.
"""

from __future__ import annotations

from sqlalchemy import inspect, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.database import Database
from storage.models import Meta

KEY_FINGERPRINT = "data_key_fingerprint"


async def _tables(db: Database) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def key_facts(db: Database) -> tuple[str | None, bool]:
    """(the stored key fingerprint, whether anything sealed is stored), before the schema is up to date."""
    tables = await _tables(db)
    async with db.engine.connect() as conn:
        stored = None
        if Meta.__tablename__ in tables:
            stored = await conn.scalar(select(Meta.value).where(Meta.name == KEY_FINGERPRINT))
        sealed = False
        for table in {"new_members", "flow_data"} & tables:
            sealed = sealed or await conn.scalar(text(f"SELECT 1 FROM {table} LIMIT 1")) is not None
    return stored, sealed


async def adopt_key(db: Database, fingerprint: str) -> str:
    """Store this key's fingerprint unless one is stored already (the first replica wins); the stored one."""
    async with db.session() as s:
        insert = (postgresql_insert if s.bind.dialect.name == "postgresql" else sqlite_insert)(Meta).on_conflict_do_nothing(index_elements=[Meta.name])
        await s.execute(insert.values(name=KEY_FINGERPRINT, value=fingerprint))
        return await s.scalar(select(Meta.value).where(Meta.name == KEY_FINGERPRINT))


async def set_key(db: Database, fingerprint: str) -> None:
    """After a rotation: the new key is the active one."""
    async with db.session() as s:
        await s.merge(Meta(name=KEY_FINGERPRINT, value=fingerprint))
