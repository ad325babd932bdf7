"""SQLite without the thread hop: the driver's calls run in the event loop's own thread.

aiosqlite sends every call to a worker thread and waits for the answer: about 70 µs a call
and a dozen calls per unit of work, while SQLite, which lives in-process, stores a small
row in tens of microseconds. This adapter hands SQLAlchemy's aiosqlite dialect coroutines
that call sqlite3 directly (SQLAlchemy's documented `async_creator` hook). The engine keeps
a single connection, so units of work queue in asyncio rather than inside SQLite's lock,
and a unit of work never waits on the network (no session spans a Telegram call).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any


class _Cursor:
    """The subset of aiosqlite.Cursor that SQLAlchemy's adapter awaits."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> _Cursor:
        return self

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> _Cursor:
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, seq_of_parameters: Any) -> _Cursor:
        self._cursor.executemany(sql, seq_of_parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list:
        return self._cursor.fetchmany(size or self._cursor.arraysize)

    async def fetchall(self) -> list:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class _Connection:
    """The subset of aiosqlite.Connection that SQLAlchemy's adapter awaits."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self.closed = False

    @property
    def sqlite(self) -> sqlite3.Connection:
        """The driver's connection itself (storage/fastpath.py uses it while the pool holds it)."""
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        return self._connection.isolation_level

    def cursor(self) -> _Cursor:
        return _Cursor(self._connection.cursor())

    async def commit(self) -> None:
        self._connection.commit()

    async def rollback(self) -> None:
        self._connection.rollback()

    async def close(self) -> None:
        self.closed = True
        self._connection.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._connection.create_function(*args, **kwargs)

    def stop(self) -> None:
        self.closed = True
        self._connection.close()


def creator(path: str) -> Callable[[], Awaitable[_Connection]]:
    """An `async_creator` for create_async_engine that opens `path` in this thread."""

    async def connect() -> _Connection:
        # The connection is made here and used by the loop's thread; the pool may close it
        # from another thread at shutdown, which sqlite3 allows with this flag.
        # A "file:" URI carries options: mode=rw opens an existing file and never creates one.
        return _Connection(sqlite3.connect(path, check_same_thread=False, uri=path.startswith("file:")))

    return connect
