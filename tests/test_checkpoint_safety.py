"""The background checkpoint (storage/database.py) never gets in the way of an erasure, never folds a
log into a file moved onto the path, and never makes a saved commit look failed."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3

from storage import database
from storage.database import Database


async def _with_log(tmp_path) -> Database:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'verksam.db'}")
    await db.create_all()
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql("CREATE TABLE notes (body TEXT)")
        for n in range(50):
            await conn.exec_driver_sql(f"INSERT INTO notes VALUES ('{n:04d}' || hex(randomblob(200)))")
    return db


def _wal(tmp_path) -> int:
    wal = tmp_path / "verksam.db-wal"
    return wal.stat().st_size if wal.exists() else 0


async def test_an_erasure_waits_for_a_running_checkpoint_and_a_reader_then_empties_the_log(tmp_path):
    db = await _with_log(tmp_path)
    reader = sqlite3.connect(tmp_path / "verksam.db", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM notes").fetchone()  # holds a snapshot: TRUNCATE is refused (busy)
    db._checkpointing = asyncio.get_running_loop().run_in_executor(None, lambda: None)
    asyncio.get_running_loop().call_later(0.02, reader.execute, "COMMIT")
    try:
        await db.settle_erasure()
        assert _wal(tmp_path) == 0
        assert db._checkpointing is None
    finally:
        reader.close()
        await db.dispose()


async def test_an_erasure_that_cannot_empty_the_log_says_so(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(database, "ERASURE_ATTEMPTS", 2)
    db = await _with_log(tmp_path)
    reader = sqlite3.connect(tmp_path / "verksam.db", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM notes").fetchone()
    try:
        with caplog.at_level(logging.ERROR, logger="storage.database"):
            await db.settle_erasure()
        assert _wal(tmp_path) > 0
        assert "could not be emptied" in caplog.text
    finally:
        reader.close()
        await db.dispose()


async def test_no_checkpoint_into_a_file_moved_onto_the_path(tmp_path, monkeypatch):
    db = await _with_log(tmp_path)
    path = str(tmp_path / "verksam.db")
    inode = db._inode
    await db.dispose()
    os.replace(path, tmp_path / "old.db")
    sqlite3.connect(path).close()  # another database now sits at the path, beside the old one's log
    opened = []
    monkeypatch.setattr(database.sqlite3, "connect", lambda *a, **k: opened.append(a))
    database._checkpoint(path, inode)
    assert opened == []


async def test_a_commit_is_not_reported_failed_when_no_checkpoint_can_start(tmp_path, monkeypatch):
    db = await _with_log(tmp_path)

    def refuse(*_args):
        raise RuntimeError("Executor shutdown has been called")

    monkeypatch.setattr(asyncio.get_running_loop(), "run_in_executor", refuse)
    db._commits = database.CHECKPOINT_EVERY
    try:
        async with db.session() as session:  # commits, then asks for a checkpoint that cannot start
            await session.execute(database.Base.metadata.tables["organisations"].select())
    finally:
        monkeypatch.undo()
        await db.dispose()
