"""Move a whole Verksam database to another (SQLite to PostgreSQL when a branch outgrows the file).

Every table of the models, parents before children, in chunks, inside one transaction on the
target: a failure leaves the target as it was. Sealed contact details go across as the sealed
text they are (no key is needed, none is used), then the target's id sequences are set past the
copied ids, and the row counts of both sides are compared.
"""

from __future__ import annotations

from sqlalchemy import Column, MetaData, Table, Text, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from storage.crypto import Sealed
from storage.models import Base

CHUNK = 5_000


class CopyError(RuntimeError):
    """Why the copy was not made (or did not check out)."""


def _raw(table: Table, metadata: MetaData) -> Table:
    """The table with its sealed columns as plain text, so the ciphertext passes through untouched."""
    columns = [
        Column(c.name, Text() if isinstance(c.type, Sealed) else c.type, primary_key=c.primary_key)
        for c in table.columns
    ]
    return Table(table.name, metadata, *columns)


TABLES = [_raw(t, MetaData()) for t in Base.metadata.sorted_tables]


async def counts(conn: AsyncConnection) -> dict[str, int]:
    return {t.name: (await conn.execute(select(func.count()).select_from(t))).scalar_one() for t in TABLES}


async def revision(conn: AsyncConnection) -> str | None:
    return (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()


async def _copy_table(source: AsyncConnection, target: AsyncConnection, table: Table) -> None:
    order = [c for c in table.primary_key.columns]
    result = await source.stream(select(table).order_by(*order))
    async for rows in result.partitions(CHUNK):
        await target.execute(table.insert(), [row._asdict() for row in rows])


async def _reset_sequences(target: AsyncConnection) -> None:
    """PostgreSQL hands out ids from sequences the copy bypassed: set each past the largest id."""
    for table in TABLES:
        if "id" in table.c and table.c.id.primary_key and len(table.primary_key.columns) == 1:
            await target.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f'COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "{table.name}"'
                )
            )


async def copy_database(source_url: str, target_url: str) -> dict[str, int]:
    """Copy everything; the per-table counts, equal on both sides (else CopyError and nothing kept)."""
    source_engine = create_async_engine(source_url)
    target_engine = create_async_engine(target_url)
    try:
        async with source_engine.connect() as source, target_engine.begin() as target:
            on_source, rev_source = await counts(source), await revision(source)
            if await revision(target) != rev_source:
                raise CopyError(f"the target is not at the source's schema revision {rev_source}")
            if any((await counts(target)).values()):
                raise CopyError("the target database is not empty: copy into a new, empty database")
            for table in TABLES:
                await _copy_table(source, target, table)
            if target.dialect.name == "postgresql":
                await _reset_sequences(target)
            on_target = await counts(target)
            if on_target != on_source:
                differ = sorted(k for k in on_source if on_source[k] != on_target.get(k))
                raise CopyError(f"the counts differ after the copy in {', '.join(differ)}: nothing was kept")
    finally:
        await source_engine.dispose()
        await target_engine.dispose()
    return on_source
