"""Storage on SQLite and PostgreSQL: the same code path, the same answers."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from domain.counting import count_rule
from domain.entries import EntryKind, MemberDetails, RecruitChannel
from domain.roles import Role
from storage import day_totals, entries, orgs
from storage.entries import RecordStatus, UndoOutcome
from storage.models import Entry, Invite, NewMember
from storage.orgs import JoinOutcome

NOW = datetime(2025, 3, 14, 11, 0, tzinfo=UTC)


async def setup_member(db, user_id: int = 1):
    org_id = await orgs.create_org(db, "Partille AK", ["Ektorp"], "Europe/Stockholm", NOW)
    code = await orgs.create_invite(db, org_id, Role.VOLONTAR, NOW, ttl=timedelta(days=7))
    outcome, member = await orgs.redeem_invite(db, code, user_id, "Vera", NOW)
    assert outcome is JoinOutcome.JOINED
    return org_id, member


async def test_invite_codes_are_stored_hashed_and_single_use(any_db):
    org_id = await orgs.create_org(any_db, "AK", [], "Europe/Stockholm", NOW)
    code = await orgs.create_invite(any_db, org_id, Role.VOLONTAR, NOW, ttl=timedelta(days=7))
    assert len(code) >= 22  # 128 random bits
    async with any_db.session() as s:
        [invite] = await s.scalars(select(Invite))
    assert code not in invite.code_hash and invite.code_hash == orgs.hash_code(code)
    # Ten people race for one single-use code: exactly one gets in.
    results = await asyncio.gather(*(orgs.redeem_invite(any_db, code, 100 + i, "x", NOW) for i in range(10)))
    assert sorted(r[0] for r in results).count(JoinOutcome.JOINED) == 1


async def test_record_is_exactly_once_per_message(any_db):
    _, member = await setup_member(any_db)
    fields = {"doors": 40, "conversations": 12, "area": "Ektorp"}
    first = await entries.record(
        any_db, member, EntryKind.KNACK, fields, chat_id=1, message_id=7, occurred_at=NOW, now=NOW
    )
    again = await entries.record(
        any_db, member, EntryKind.KNACK, fields, chat_id=1, message_id=7, occurred_at=NOW, now=NOW
    )
    assert (first.status, again.status, again.entry_id) == (
        RecordStatus.CREATED,
        RecordStatus.DUPLICATE,
        first.entry_id,
    )
    edited = await entries.record(
        any_db,
        member,
        EntryKind.KNACK,
        {**fields, "doors": 50},
        chat_id=1,
        message_id=7,
        occurred_at=NOW,
        now=NOW,
        is_edit=True,
    )
    assert edited.status is RecordStatus.UPDATED
    async with any_db.session() as s:
        [entry] = await s.scalars(select(Entry))
    assert entry.doors == 50 and entry.occurred_at == NOW


async def test_concurrent_duplicates_store_one_row(any_db):
    _, member = await setup_member(any_db)
    results = await asyncio.gather(
        *(
            entries.record(
                any_db,
                member,
                EntryKind.SAMTAL,
                {"conversations": 3},
                chat_id=5,
                message_id=9,
                occurred_at=NOW,
                now=NOW,
            )
            for _ in range(5)
        )
    )
    assert len({r.entry_id for r in results}) == 1
    async with any_db.session() as s:
        assert len(list(await s.scalars(select(Entry)))) == 1


async def test_totals_undo_and_member_details(any_db):
    org_id, member = await setup_member(any_db)
    details = MemberDetails(name="Anna Andersson", phone="+46701234567", channel=RecruitChannel.DOOR, union_member=True)
    await entries.record(
        any_db,
        member,
        EntryKind.KNACK,
        {"doors": 40, "conversations": 12},
        chat_id=1,
        message_id=1,
        occurred_at=NOW,
        now=NOW,
    )
    await entries.record(
        any_db,
        member,
        EntryKind.SAMTAL,
        {"conversations": 25, "channel": "torg"},
        chat_id=1,
        message_id=2,
        occurred_at=NOW,
        now=NOW,
    )
    await entries.record(
        any_db,
        member,
        EntryKind.MEMBER,
        {"members": 1},
        chat_id=1,
        message_id=3,
        occurred_at=NOW,
        now=NOW,
        details=details,
    )
    year = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    days = (date(2025, 1, 1), date(2025, 12, 31))
    assert await day_totals.total(any_db, org_id, count_rule("conversations"), *days) == 37
    assert await day_totals.total(any_db, org_id, count_rule("new_members"), *days) == 1
    outcome, view = await entries.undo(any_db, member, NOW)
    assert outcome is UndoOutcome.UNDONE and view.kind is EntryKind.MEMBER
    assert await day_totals.total(any_db, org_id, count_rule("new_members"), *days) == 0
    async with any_db.session() as s:
        assert list(await s.scalars(select(NewMember))) == []
    figures = await entries.figures(any_db, member, *year)
    assert (figures.sessions, figures.doors, figures.conversations, figures.new_members) == (1, 40, 37, 0)


async def test_day_totals_follow_records_edits_and_undos(any_db):
    """The digest reads day totals; they must always equal the entries they summarise."""
    org_id, member = await setup_member(any_db)
    monday = datetime(2025, 3, 17, 10, tzinfo=UTC)
    for message_id, (doors, talks) in enumerate([(40, 12), (30, 9), (20, 5)], start=1):
        fields = {"doors": doors, "conversations": talks}
        await entries.record(
            any_db, member, EntryKind.KNACK, fields, chat_id=1, message_id=message_id, occurred_at=monday, now=monday
        )
    # Message 2 is edited to Saturday 22:30 UTC (Sunday in Stockholm) with other figures; message 3 is undone.
    late = datetime(2025, 3, 22, 23, 30, tzinfo=UTC)
    edited = await entries.record(
        any_db,
        member,
        EntryKind.KNACK,
        {"doors": 50, "conversations": 20},
        chat_id=1,
        message_id=2,
        occurred_at=late,
        now=late,
        is_edit=True,
    )
    assert edited.status is RecordStatus.UPDATED
    await entries.undo(
        any_db,
        member,
        late,
        entry_id=(
            await entries.record(
                any_db, member, EntryKind.KNACK, {}, chat_id=1, message_id=3, occurred_at=monday, now=monday
            )
        ).entry_id,
    )
    week = (date(2025, 3, 17), date(2025, 3, 23))
    doors = await day_totals.per_day(any_db, org_id, count_rule("doors_knocked"), *week)
    assert doors == [(date(2025, 3, 17), 40.0), (date(2025, 3, 23), 50.0)]
    sessions = await day_totals.per_day(any_db, org_id, count_rule("door_knocking_sessions"), *week)
    assert sessions == [(date(2025, 3, 17), 1.0), (date(2025, 3, 23), 1.0)]
    async with any_db.session() as s:
        standing = await s.scalar(select(func.sum(Entry.conversations)).where(Entry.undone_at.is_(None)))
    assert await day_totals.total(any_db, org_id, count_rule("conversations"), *week) == standing == 32


async def test_an_edit_never_turns_a_new_member_into_another_kind(any_db):
    _, member = await setup_member(any_db)
    details = MemberDetails(name="Anna Andersson", phone="+46701234567", channel=RecruitChannel.DOOR, union_member=True)
    where = {"chat_id": 1, "message_id": 8, "occurred_at": NOW, "now": NOW}
    first = await entries.record(any_db, member, EntryKind.MEMBER, {}, details=details, **where)
    edited = await entries.record(any_db, member, EntryKind.KNACK, {"doors": 40}, is_edit=True, **where)
    assert edited == entries.Recorded(first.entry_id, RecordStatus.KIND_REFUSED)
    async with any_db.session() as s:
        [entry] = await s.scalars(select(Entry))
    assert (entry.kind, entry.doors) == ("member", 0)
