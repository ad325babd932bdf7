"""Moving house: `verksam db copy` SQLite -> PostgreSQL round-trips every table, sealed details as
sealed text; and a PostgreSQL backup with pg_dump restores with `verksam restore`."""

from __future__ import annotations

import asyncio
import subprocess
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import BigInteger, Boolean, Date, Float, Integer, String, Text, func, insert, make_url, select, text

from bot.cli import main
from storage import copy, crypto, members, migrate
from storage.crypto import Sealed
from storage.database import Database
from storage.models import Base, Entry, UTCDateTime
from tests.conftest import POSTGRES_URL, TEST_DATA_KEY, _skip_or_fail_without_postgres
from tests.test_backup import NOW, PHONE, some_work, with_db


async def reset_postgres(url: str) -> None:
    """An empty database: no tables, no alembic_version."""
    db = Database(url)
    await db.drop_all()
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    await db.dispose()


@pytest.fixture
def postgres():
    _skip_or_fail_without_postgres()
    asyncio.run(reset_postgres(POSTGRES_URL))
    yield POSTGRES_URL
    asyncio.run(reset_postgres(POSTGRES_URL))


def _value(column, n: int):
    """A plausible value of the column's type, for a table no storage function filled yet."""
    kind = column.type
    for types, value in (
        ((Sealed,), f"sealed {n}"),
        ((UTCDateTime,), NOW),
        ((Boolean,), True),
        ((Float,), 1.5),
        ((Date,), date(2025, 3, 14)),
        ((BigInteger, Integer), 1000 + n),
        ((String, Text), f"text {n}"),
    ):
        if isinstance(kind, types):
            return value
    raise AssertionError(f"no test value for {column}")


async def fill_every_table(db: Database) -> None:
    """The work of a branch, then one row in each table still empty (future tables included)."""
    await some_work(db, 20)
    for table in Base.metadata.sorted_tables:
        async with db.session() as s:
            if await s.scalar(select(func.count()).select_from(table)):
                continue
            row = {}
            for n, column in enumerate(table.columns):
                if column.foreign_keys:
                    parent = next(iter(column.foreign_keys)).column
                    row[column.name] = await s.scalar(select(func.min(parent)))
                elif column.name != "id":  # surrogate ids are the database's to give
                    row[column.name] = _value(column, n)
            await s.execute(insert(table), row)


async def raw_rows(url: str) -> dict[str, list[tuple]]:
    db = Database(url)
    try:
        async with db.engine.connect() as conn:
            return {
                t.name: [tuple(r) for r in await conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in copy.TABLES
            }
    finally:
        await db.dispose()


def test_db_copy_moves_every_table_to_postgresql_and_back(tmp_path, monkeypatch, postgres, capsys):
    source = f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}"
    monkeypatch.setenv("DATABASE_URL", source)
    monkeypatch.setenv("VERKSAM_DATA_KEY", TEST_DATA_KEY)
    monkeypatch.chdir(tmp_path)
    assert main(["db", "upgrade"]) == 0  # as the bot's first start leaves it
    with_db(source, fill_every_table)
    before = asyncio.run(raw_rows(source))
    assert all(before.values()), f"empty tables: {[k for k, v in before.items() if not v]}"

    assert main(["db", "copy", "--to", postgres]) == 0
    out = capsys.readouterr().out
    assert "counted on both sides" in out and "entries" in out and "DATABASE_URL" in out
    assert asyncio.run(raw_rows(postgres)) == before  # every row of every table, sealed text as it was

    # The bot's own reads work there with the key, and new rows get fresh ids (the sequences moved on).
    org_id = with_db(source, lambda db: _org(db))
    [found] = with_db(postgres, lambda db: members.export(db, org_id, PHONE, NOW, members.CLI, "test"))
    assert found["name"] == "Anna Andersson 0"
    largest = max(r[0] for r in before["entries"])
    assert with_db(postgres, _one_more_entry) == largest + 1

    assert main(["db", "copy", "--to", postgres]) == 1  # not into a database that holds data
    assert "not empty" in capsys.readouterr().err

    back = f"sqlite+aiosqlite:///{tmp_path / 'back.db'}"
    migrate.upgrade(back)
    asyncio.run(copy.copy_database(postgres, back))  # and back again: the same rows, the same sealed text
    assert asyncio.run(raw_rows(back)) == asyncio.run(raw_rows(postgres))


async def _org(db: Database) -> int:
    async with db.session() as s:
        return await s.scalar(text("SELECT min(id) FROM organisations"))


async def _one_more_entry(db: Database) -> int:
    async with db.session() as s:
        entry = Entry(
            org_id=1, kind="knack", occurred_at=NOW, chat_id=5, message_id=5, doors=1, created_at=datetime.now(UTC)
        )
        s.add(entry)
        await s.flush()
        return entry.id


def _database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def test_postgresql_backup_with_pg_dump_and_restore(tmp_path, monkeypatch, postgres, capsys):
    other = _database(postgres, f"{make_url(postgres).database}_restore")
    server = make_url(postgres)
    createdb = ["-h", server.host or "127.0.0.1", "-U", server.username or "postgres"]
    subprocess.run(["dropdb", *createdb, "--if-exists", make_url(other).database], check=True)
    subprocess.run(["createdb", *createdb, make_url(other).database], check=True)
    try:
        monkeypatch.setenv("DATABASE_URL", postgres)
        monkeypatch.setenv("VERKSAM_DATA_KEY", TEST_DATA_KEY)
        monkeypatch.chdir(tmp_path)
        migrate.upgrade(postgres)
        org_id = with_db(postgres, some_work)
        dump = tmp_path / "verksam.dump"
        assert main(["backup", str(dump)]) == 0
        assert "The data key is not in the backup" in capsys.readouterr().out
        assert TEST_DATA_KEY.encode() not in dump.read_bytes()

        monkeypatch.setenv("DATABASE_URL", other)
        assert main(["restore", str(dump)]) == 0
        assert with_db(other, _entries) == 20
        [found] = with_db(other, lambda db: members.export(db, org_id, PHONE, NOW, members.CLI, "test"))
        assert found["name"] == "Anna Andersson 0"
        assert main(["restore", str(dump)]) == 1  # it holds data now
        assert "already holds data" in capsys.readouterr().err
        monkeypatch.setenv("VERKSAM_DATA_KEY", crypto.new_key())
        assert main(["restore", str(dump), "--force"]) == 2  # restored, but a wrong key stops it there
        assert "as it was is kept in" in capsys.readouterr().out
        assert len(list(tmp_path.glob("before-restore-*.dump"))) == 1
    finally:
        subprocess.run(["dropdb", *createdb, "--if-exists", make_url(other).database], check=True)


async def _entries(db: Database) -> int:
    async with db.session() as s:
        return await s.scalar(select(func.count()).select_from(Entry))
