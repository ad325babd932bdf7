"""Engine and unit of work for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from storage import sqlite_inloop
from storage.models import Base

log = logging.getLogger(__name__)


class DatabaseFileGone(OSError):
    """The SQLite file was removed or replaced under the running bot: nothing may be confirmed as saved."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets readers (a /status) run while a writer logs; NORMAL is durable enough with WAL.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Erased contact details must not linger in free pages: deleted content is overwritten with zeros.
    cursor.execute("PRAGMA secure_delete=ON")
    # Checkpoints run in a worker thread (Database.committed); this one, in the writer's own thread, is
    # only the backstop should they fall behind (a bulk write, no event loop).
    cursor.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
    cursor.close()


# A checkpoint copies the write-ahead log into the database file and syncs both to disk: a few
# milliseconds to tens of them, which SQLite by default spends in whichever commit crosses 1 000
# pages of log, stalling the event loop (and every update waiting on it) meanwhile. Every
# CHECKPOINT_EVERY commits one runs instead in a worker thread, on a connection of its own, beside
# the writer (WAL allows that). Every commit is still written before it returns: only the copying
# into the main file moves off the loop.
CHECKPOINT_EVERY = 200
BACKSTOP_PAGES = 4000
ERASURE_ATTEMPTS = 5


def _checkpoint(path: str, inode: int) -> None:
    try:
        if os.stat(path).st_ino != inode:
            return  # another file was moved onto the path: never fold the old log into it
        connection = sqlite3.connect(f"{Path(path).as_uri()}?mode=rw", uri=True, timeout=0)
        try:
            if os.stat(path).st_ino == inode:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            connection.close()
    except (OSError, sqlite3.Error):
        pass  # a file gone or busy: the next checkpoint, or the backstop, does it


def _sqlite_engine(url: str, echo: bool, creator) -> AsyncEngine:
    """One connection, driven from the event loop's thread (see storage/sqlite_inloop.py).

    A pool of exactly one: a unit of work holds the connection until it commits or rolls back, and
    concurrent ones (different people's updates run side by side) wait their turn in asyncio. A
    shared connection (StaticPool) would mix their transactions: one's rollback undoing another's
    work. An in-memory database lives as long as that one connection, which the pool keeps open.
    """
    return create_async_engine(
        url,
        echo=echo,
        hide_parameters=True,
        async_creator=creator,
        poolclass=AsyncAdaptedQueuePool,  # also for :memory:, where the dialect would pick StaticPool
        pool_size=1,
        max_overflow=0,
    )


IDLE_IN_TRANSACTION_MS = 15_000


class Database:
    """One per process: an engine and a session factory."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # The SQLite file and the inode the open connection writes to (None: in memory, or not yet open).
        path = (make_url(url).database or ":memory:") if self.is_sqlite else ":memory:"
        self._file = None if path == ":memory:" else Path(path).resolve()
        self._path = str(self._file)
        self._inode: int | None = None
        self._connection: sqlite_inloop._Connection | None = None  # SQLite: the pool's one connection
        self._commits = 0  # since the last checkpoint (SQLite file)
        self._checkpointing: asyncio.Future | None = None
        if self.is_sqlite:
            creator = sqlite_inloop.creator(path) if self._file is None else self._sqlite_file_creator()
            self.engine: AsyncEngine = _sqlite_engine(url, echo, self._remembering(creator))
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            # hide_parameters: an error's message never quotes the values (a member's name, a phone).
            # A replica frozen inside a transaction (SIGSTOP, a stalled VM) would hold its row locks, and
            # SKIP LOCKED would leave its rows to nobody: PostgreSQL ends such a transaction after 15 s.
            idle = {"server_settings": {"idle_in_transaction_session_timeout": str(IDLE_IN_TRANSACTION_MS)}}
            self.engine = create_async_engine(
                url, echo=echo, pool_pre_ping=True, hide_parameters=True, connect_args=idle
            )
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Who is writing, by Telegram user id and chat: storage.orgs.member_for keeps it short-lived.
        self.member_cache: dict[int, dict[int | None, tuple[float, object]]] = {}

    def _sqlite_file_creator(self):
        """The first connection may create the file (a first run, a test); a reconnection never does, so
        a file removed under the bot is not silently replaced by an empty one."""
        create = sqlite_inloop.creator(str(self._file))
        reopen = sqlite_inloop.creator(f"{self._file.as_uri()}?mode=rw")

        async def connect():
            connection = await (create if self._inode is None else reopen)()
            self._inode = self._file.stat().st_ino
            return connection

        return connect

    def _remembering(self, creator):
        async def connect():
            self._connection = await creator()
            return self._connection

        return connect

    def idle_sqlite(self):
        """SQLite's own connection while no unit of work holds it (storage/fastpath.py), else None."""
        connection = self._connection
        if connection is None or connection.closed or self.engine.sync_engine.pool.checkedout():
            return None
        return connection.sqlite

    def file_in_place(self) -> bool:
        """The connection still writes to the file at the path (removed, the writes would go to a
        deleted inode and be lost at the next start)."""
        if self._inode is None:
            return True
        try:
            return os.stat(self._path).st_ino == self._inode  # on every commit: os.stat is quicker than Path.stat
        except FileNotFoundError:
            return False

    def committed(self) -> None:
        """After a commit: on a SQLite file, every CHECKPOINT_EVERY commits a checkpoint in a worker thread."""
        self._commits += 1
        if self._file is None or self._commits < CHECKPOINT_EVERY:
            return
        if self._checkpointing is not None and not self._checkpointing.done():
            return  # the last one still runs: the next commit asks again
        if self._inode is None or not self.file_in_place():
            return
        try:  # the commit is done: nothing here may make it look failed
            self._checkpointing = asyncio.get_running_loop().run_in_executor(
                None, _checkpoint, self._path, self._inode
            )
        except RuntimeError:
            return  # no event loop, or its executor shut down: the backstop checkpoints
        self._commits = 0

    def _check_file(self) -> None:
        """Before a commit: see file_in_place."""
        if not self.file_in_place():
            log.error("The database file %s was removed or replaced: nothing is saved until it is back", self._file)
            raise DatabaseFileGone(f"the database file {self._file} was removed or replaced")

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: committed when the block ends, rolled back if it raises."""
        try:
            async with self._sessions() as session, session.begin():
                yield session
                self._check_file()
        except DatabaseFileGone:
            await self.engine.dispose()  # the next unit of work reopens the file at the path, if it is back
            raise
        self.committed()

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
        if not self.is_sqlite:
            return
        async with self.engine.connect() as conn:  # held: no commit starts another checkpoint meanwhile
            await self._checkpoint_done()  # SQLite refuses a checkpoint while another one runs
            for attempt in range(ERASURE_ATTEMPTS):
                busy, _, _ = (await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).one()
                if not busy:
                    return
                await asyncio.sleep(0.05 * (attempt + 1))  # a reader (a backup) still holds old pages
        log.error("The write-ahead log could not be emptied after an erasure; it is emptied at the next checkpoint")

    async def _checkpoint_done(self) -> None:
        if self._checkpointing is not None:
            try:
                await self._checkpointing
            except Exception:  # a failed checkpoint is retried by the next; shutting down goes on
                log.exception("A background checkpoint failed")
            self._checkpointing = None

    async def dispose(self) -> None:
        await self._checkpoint_done()  # not left running against a file about to be closed or removed
        await self.engine.dispose()
