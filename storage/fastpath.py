"""The hot path on SQLite: a few statements straight on the engine's own connection.

Every update asks who is writing, and most of them log one entry. Through an AsyncSession each
costs close to a millisecond of Python (the unit of work, the ORM, the greenlet hops) for some
tens of microseconds of SQLite. Here the same statements, compiled once from their SQLAlchemy
form, run on the sqlite3 connection the engine's pool holds, when no unit of work has it:

- The pool has exactly one connection (storage/database.py). Checked in, it has no transaction
  open (the pool rolls back on return), and the code below runs without awaiting, so no other
  coroutine can touch the connection until it is done: one transaction, atomic in the loop.
- Anything unusual returns None and the caller takes the ordinary session path: the connection
  busy, PostgreSQL, a duplicate or an edit, a database file removed under the bot, any sqlite3
  error. That path handles and reports it as it always has (hidden parameters included).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.sql import Executable

from storage.database import Database

_DIALECT = SQLiteDialect_aiosqlite()  # the engine's own: same SQL, same type conversions
T = TypeVar("T")


class Statement:
    """A SQLAlchemy statement compiled for sqlite3, on first use (not at import: start-up counts): its
    SQL, its parameters in order, and each one's conversion (an aware datetime to the text
    SQLAlchemy stores, a date, ...)."""

    def __init__(self, statement: Executable, keys: list[str] | None = None) -> None:
        self._statement, self._keys = statement, keys  # keys: the columns an INSERT sets
        self.sql = ""

    def _compile(self) -> None:
        compiled = self._statement.compile(dialect=_DIALECT, column_keys=self._keys)
        self._names = compiled.positiontup
        self._fixed = compiled.params  # values written into the statement (a LIMIT, a literal)
        types = [compiled.binds[name].type.dialect_impl(_DIALECT) for name in self._names]  # SQLite's own
        self._plan = [(name, t.bind_processor(_DIALECT)) for name, t in zip(self._names, types, strict=True)]
        self.sql = compiled.string

    def parameters(self, values: dict[str, Any]) -> tuple:
        if not self.sql:
            self._compile()
        fixed, given = self._fixed, []
        for name, convert in self._plan:
            value = values[name] if name in values else fixed[name]
            given.append(value if convert is None or value is None else convert(value))
        return tuple(given)


Run = Callable[[Statement, dict[str, Any]], list[tuple]]


def _idle(db: Database) -> sqlite3.Connection | None:
    connection = db.idle_sqlite()
    return connection if connection is not None and not connection.in_transaction else None


def rows(db: Database, statement: Statement, values: dict[str, Any]) -> list[tuple] | None:
    """A read on the idle connection; None: take the session path."""
    connection = _idle(db)
    if connection is None:
        return None
    try:
        parameters = statement.parameters(values)
        return connection.execute(statement.sql, parameters).fetchall()
    except sqlite3.Error:
        return None


def in_one_go(db: Database, work: Callable[[Run], T | None]) -> T | None:
    """``work`` in one transaction on the idle connection, committed if it returns something and the
    database file is still in place; None (rolled back): take the session path."""
    connection = _idle(db)
    if connection is None:
        return None

    def run(statement: Statement, values: dict[str, Any]) -> list[tuple]:
        parameters = statement.parameters(values)  # compiles the statement on first use
        return connection.execute(statement.sql, parameters).fetchall()

    try:
        # Deferred, which is cheaper: should another process write in between, SQLite refuses the
        # upgrade to a write (an error), and the session path does the work.
        connection.execute("BEGIN")
        result = work(run)
        if result is not None and db.file_in_place():
            connection.commit()
            db.committed()
            return result
    except sqlite3.Error:
        pass  # the session path meets it again, and reports it
    finally:
        if connection.in_transaction:
            connection.rollback()
    return None
