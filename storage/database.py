"""Engine and unit of work for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from storage import sqlite_inloop
from storage.models import Base


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (a /status) run while a writer logs; NORMAL is durable enough with WAL.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Erased contact details must not linger in free pages: deleted content is overwritten with zeros.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _sqlite_engine(url: str, echo: bool) -> AsyncEngine:
    """One connection, driven from the event loop's thread (see storage/sqlite_inloop.py).

    A pool of exactly one: a unit of work holds the connection until it commits or rolls back, and
    concurrent ones (different people's updates run side by side) wait their turn in asyncio. A
    shared connection (StaticPool) would mix their transactions: one's rollback undoing another's
    work. An in-memory database lives as long as that one connection, which the pool keeps open.
    """
    path = make_url(url).database or ":memory:"
    return create_async_engine(
        url,
        echo=echo,
        hide_parameters=True,
        async_creator=sqlite_inloop.creator(path),
        poolclass=AsyncAdaptedQueuePool,  # also for :memory:, where the dialect would pick StaticPool
        pool_size=1,
        max_overflow=0,
    )


class Database:
    """One per process: an engine and a session factory."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            self.engine: AsyncEngine = _sqlite_engine(url, echo)
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            # hide_parameters: an error's message never quotes the values (a member's name, a phone).
            self.engine = create_async_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Who is writing, by Telegram user id: storage.orgs.member_for keeps it short-lived.
        self.member_cache: dict[int, tuple[float, object]] = {}

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        async with self._sessions() as session, session.begin():
            yield session

    async def create_all(self) -> None:
        """Schema straight from the models: for tests; production uses Alembic."""
        async with self.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)

    async def drop_all(self) -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(Base.metadata.drop_all)

    async def settle_erasure(self) -> None:
        """After an erasure: on SQLite, fold the write-ahead log into the file and empty it, so that
        the old pages (which still hold what was erased) are gone from the disk too."""
        if self.is_sqlite:
            async with self.engine.connect() as conn:
                await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    async def dispose(self) -> None:
        await self.engine.dispose()
