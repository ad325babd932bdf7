"""Bring a database's schema up to date with Alembic (idempotent), from code or the CLI.

Most starts find the schema current: the database's alembic_version is read with one plain query
and compared with head(), the newest migration file's revision, and Alembic (about 0.2 s and 5 MB
of imports, plus reading every migration script) runs only when they differ. Running it keeps
everything it did: PostgreSQL's advisory lock (migrations/env.py), the log lines, its errors for a
revision it does not know.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import inspect, make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
VERSIONS = MIGRATIONS / "versions"
T = TypeVar("T")


def head() -> str:
    """The newest revision, from the file names: NNNN_what.py holds revision NNNN, its down_revision the one
    before (tests/test_migrate_head.py holds every file to that and this to Alembic's own head)."""
    return max(path.name.split("_", 1)[0] for path in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # Alembic loads only when a schema needs work or a backup names a revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Run in a thread of its own inside a running event loop, so it works from there too."""
    _outside_any_loop(lambda: _upgrade(url, revision))


def _upgrade(url: str, revision: str) -> None:
    if revision == "head" and _revisions(url) == {head()}:
        return  # current: nothing for Alembic to do
    from alembic import command  # only now: a current schema (the usual start) never loads Alembic

    command.upgrade(alembic_config(url), revision)


def has_schema(url: str) -> bool:
    """Whether the database holds a schema Alembic made; never creates a SQLite file to find out."""
    return revisions(url) is not None


def revisions(url: str) -> set[str] | None:
    """The database's alembic_version rows; None without the table. Never creates a SQLite file."""
    return _outside_any_loop(lambda: _revisions(url))


def _revisions(url: str) -> set[str] | None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or ":memory:")
        if str(path) == ":memory:" or not path.exists():
            return None
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone() is None:
                return None
            return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}

    async def look() -> set[str] | None:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                if not await conn.run_sync(lambda sync: inspect(sync).has_table("alembic_version")):
                    return None
                return set((await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars())
        finally:
            await engine.dispose()

    return asyncio.run(look())


def _outside_any_loop(work: Callable[[], T]) -> T:
    """`work` here, or in a thread of its own when an event loop runs here (it calls asyncio.run)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
    return results[0]
