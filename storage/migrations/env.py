"""Alembic environment: async engines for SQLite and PostgreSQL, URL from the caller."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from storage.models import Base

# Replicas starting together on a fresh PostgreSQL database would both create the tables (one
# fails on a unique violation): a transaction-scoped advisory lock lets one migrate while the
# other waits, then finds the schema up to date. Any constant works; this one spells "verksam".
MIGRATION_LOCK = 0x7665726B73616D

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def _run_online() -> None:
    # hide_parameters: a failed data migration (0004 seals contact details) quotes no names or phones.
    engine = create_async_engine(config.get_main_option("sqlalchemy.url"), hide_parameters=True)
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
