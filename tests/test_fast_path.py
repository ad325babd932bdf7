"""The log path on SQLite's own connection (storage/fastpath.py) stores exactly what the session path
stores, steps aside when it must, and the persistence writes nothing for a one-line /knack."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from domain.entries import EntryKind
from domain.roles import Role
from storage import entries, orgs
from storage.models import DayTotal, Entry
from tests.conftest import VOLUNTEER, join
from tests.harness import UTC_NOON, text_of

FIELDS = {"doors": 40, "conversations": 12, "area": "Ektorp"}


def _stored(entry: Entry) -> tuple:
    return tuple(getattr(entry, c) for c in ("kind", "occurred_at", "forening_id", "doors", "conversations", "area"))


async def _record(db, member, message_id: int, when=UTC_NOON):
    return await entries.record(
        db, member, EntryKind.KNACK, FIELDS, chat_id=member.telegram_user_id, message_id=message_id,
        occurred_at=when, now=UTC_NOON,
    )


async def test_the_fast_path_stores_what_the_session_path_stores(harness, db, org, monkeypatch):
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    member = await orgs.member_for(db, VOLUNTEER.id)
    late = UTC_NOON + timedelta(hours=12, minutes=30)  # 23:30 UTC: 00:30 the next day in Stockholm
    fast = await _record(db, member, 1, late)
    monkeypatch.setattr(db, "idle_sqlite", lambda: None)  # as if a unit of work held the connection
    slow = await _record(db, member, 2, late)
    assert fast.status is slow.status is entries.RecordStatus.CREATED and fast.forening == slow.forening == "Ektorp"
    async with db.session() as s:
        first, second = (await s.scalars(select(Entry).order_by(Entry.id))).all()
        assert _stored(first) == _stored(second) and first.occurred_at == late
        day = (await s.scalars(select(DayTotal))).one()
    assert (str(day.day), day.entries, day.doors, day.conversations) == ("2025-03-15", 2, 80, 24)


async def test_a_redelivery_after_the_fast_path_is_a_duplicate_counted_once(harness, db, org):
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    member = await orgs.member_for(db, VOLUNTEER.id)
    first = await _record(db, member, 7)
    again = await _record(db, member, 7)
    assert (again.status, again.entry_id) == (entries.RecordStatus.DUPLICATE, first.entry_id)
    async with db.session() as s:
        assert (await s.scalars(select(DayTotal.entries))).one() == 1


async def test_a_busy_connection_is_never_used_underneath(harness, db, org):
    """While a unit of work holds the connection (its writes not yet committed), an entry waits for it
    the ordinary way: nothing of it joins that transaction, or is undone by its rollback."""
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    member = await orgs.member_for(db, VOLUNTEER.id)
    with pytest.raises(RuntimeError):
        async with db.session() as s:
            await s.execute(select(Entry.id))  # the connection is checked out
            assert db.idle_sqlite() is None
            waiting = asyncio.create_task(_record(db, member, 3))
            await asyncio.sleep(0.01)
            assert not waiting.done()
            raise RuntimeError("this unit of work fails and rolls back")
    assert (await waiting).status is entries.RecordStatus.CREATED
    async with db.session() as s:
        assert (await s.scalars(select(Entry.message_id))).all() == [3]


async def test_the_member_look_up_agrees_on_both_paths(harness, db, org, monkeypatch):
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    fast = await orgs.member_for(db, VOLUNTEER.id), await orgs.member_for(db, VOLUNTEER.id, -100)
    db.member_cache.clear()
    monkeypatch.setattr(db, "idle_sqlite", lambda: None)
    slow = await orgs.member_for(db, VOLUNTEER.id), await orgs.member_for(db, VOLUNTEER.id, -100)
    assert fast == slow and fast[0].role is Role.VOLONTAR and fast[0].org_name == "Partille AK"
    assert await orgs.member_for(db, 424242) is None


async def test_a_one_line_knack_leaves_no_persistence_writes_but_a_flow_is_kept_and_forgotten(harness, db, org):
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    await harness.app.update_persistence()
    statements: list[str] = []
    event.listen(db.engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert text_of(await harness.send(VOLUNTEER, "/knack 40 12 Ektorp")).startswith("✅ Sparat")
    await harness.app.update_persistence()
    assert not [s for s in statements if "flow_" in s]  # nothing stored, nothing to delete
    await harness.send(VOLUNTEER, "/knack")  # a guided flow: its draft is kept…
    await harness.app.update_persistence()
    assert any(s.startswith("INSERT INTO flow_data") for s in statements)
    statements.clear()
    await harness.send(VOLUNTEER, "/avbryt")  # …and forgotten when it ends
    await harness.app.update_persistence()
    assert any(s.startswith("DELETE FROM flow_data") for s in statements)


async def test_checkpoints_run_off_the_event_loop(harness, db, org, monkeypatch):
    """The copy of the write-ahead log into the file (and its fsyncs) runs in a worker thread every
    CHECKPOINT_EVERY commits, not inside a commit on the event loop's thread."""
    import threading

    from storage import database

    threads = []
    monkeypatch.setattr(database, "_checkpoint", lambda path, inode: threads.append(threading.current_thread()))
    monkeypatch.setattr(database, "CHECKPOINT_EVERY", 5)
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    member = await orgs.member_for(db, VOLUNTEER.id)
    for message_id in range(1, 11):
        await _record(db, member, message_id)
    await db._checkpointing
    assert threads and threading.main_thread() not in threads
    assert db.idle_sqlite().execute("PRAGMA wal_autocheckpoint").fetchone() == (database.BACKSTOP_PAGES,)


async def test_the_member_look_up_brings_the_foreningar_an_entry_needs(harness, db, org):
    """On SQLite's connection who is writing comes with their organisation's föreningar: logging an
    entry then asks the database nothing more before writing it."""
    await join(harness, db, org, VOLUNTEER, Role.VOLONTAR)
    db.member_cache.clear()
    statements = []
    db.idle_sqlite().set_trace_callback(statements.append)
    member = await orgs.member_for(db, VOLUNTEER.id)
    recorded = await _record(db, member, 11)
    db.idle_sqlite().set_trace_callback(None)
    assert sorted(name for _, name in member.foreningar) == ["Ektorp", "Sävedalen"]
    assert recorded.forening == "Ektorp"
    assert sum("SELECT" in s for s in statements) == 1  # the member; no föreningar asked for apart
