"""Logged work: recorded exactly once per (chat, message), edited, undone, summed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from types import SimpleNamespace

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.entries import EntryKind, MemberDetails
from storage import crypto, day_totals, fastpath
from storage.cases import WELCOME_CALL, open_case
from storage.database import Database
from storage.models import Entry, Forening, Membership, NewMember, WelcomeCase
from storage.orgs import Member, forening_of_area

# Columns a logging command may set on an entry.
ENTRY_FIELDS = (
    "doors",
    "opened",
    "conversations",
    "members",
    "participants",
    "channel",
    "area",
    "activity_type",
)


# On the table, not the mapped class: a plain Core insert skips the ORM's bulk-insert machinery.
_ENTRIES = Entry.__table__
_UNIQUE_KEY = [_ENTRIES.c.chat_id, _ENTRIES.c.message_id]
_INSERT_ONCE = {
    "sqlite": sqlite_insert(_ENTRIES).on_conflict_do_nothing(index_elements=_UNIQUE_KEY).returning(_ENTRIES.c.id),
    "postgresql": postgresql_insert(_ENTRIES)
    .on_conflict_do_nothing(index_elements=_UNIQUE_KEY)
    .returning(_ENTRIES.c.id),
}
_FORENINGAR = select(Forening.id, Forening.name).where(Forening.org_id == bindparam("org"))
# The same statements for storage/fastpath.py: an entry's columns are the ones record() sets.
_COLUMNS = ["org_id", "membership_id", "forening_id", "kind", "occurred_at", "chat_id", "message_id", "created_at"]
_FAST_FORENINGAR = fastpath.Statement(_FORENINGAR)
_FAST_INSERT_ONCE = fastpath.Statement(_INSERT_ONCE["sqlite"], keys=[*_COLUMNS, *ENTRY_FIELDS])


class RecordStatus(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DUPLICATE = "duplicate"
    UNDONE = "undone"  # a redelivery or an edit of a message whose entry was undone: left as it is
    KIND_REFUSED = "kind_refused"  # an edit would turn a new member into another kind (or back): left as it is


@dataclass(frozen=True)
class Recorded:
    entry_id: int
    status: RecordStatus
    forening: str | None = None  # the förening it counts toward, for the confirmation


@dataclass(frozen=True)
class EntryView:
    id: int
    kind: EntryKind
    occurred_at: datetime
    doors: int
    opened: int
    conversations: int
    members: int
    participants: int | None
    channel: str | None
    area: str | None
    activity_type: str | None

    def fields(self) -> dict:
        return {name: getattr(self, name) for name in ENTRY_FIELDS}


class UndoOutcome(StrEnum):
    UNDONE = "undone"
    ALREADY = "already"
    NOT_FOUND = "not_found"
    NOT_YOURS = "not_yours"


def _view(entry: Entry) -> EntryView:
    return EntryView(
        id=entry.id,
        kind=EntryKind(entry.kind),
        occurred_at=entry.occurred_at,
        doors=entry.doors,
        opened=entry.opened,
        conversations=entry.conversations,
        members=entry.members,
        participants=entry.participants,
        channel=entry.channel,
        area=entry.area,
        activity_type=entry.activity_type,
    )


async def record(
    db: Database,
    member: Member,
    kind: EntryKind,
    fields: dict,
    *,
    chat_id: int,
    message_id: int,
    occurred_at: datetime,
    now: datetime,
    is_edit: bool = False,
    details: MemberDetails | None = None,
) -> Recorded:
    """Store an entry, once: a redelivered message is a duplicate, an edited one updates."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"unknown entry fields {unknown}")
    values: dict = {
        "org_id": member.org_id,
        "membership_id": member.id,
        "forening_id": None,  # below: chosen, named by the area, or the volunteer's own
        "kind": kind.value,
        "occurred_at": occurred_at,
        "chat_id": chat_id,
        "message_id": message_id,
        "created_at": now,
        **dict.fromkeys(ENTRY_FIELDS),
        **{"doors": 0, "opened": 0, "conversations": 0, "members": 0, **fields},
    }
    if details is None and not is_edit:
        created = _record_new(db, member, values)
        if created is not None:
            return created
    async with db.session() as s:
        options = (await s.execute(_FORENINGAR, {"org": member.org_id})).all()
        values["forening_id"], forening = _counts_toward(options, member, values["area"], details)
        # One statement: a redelivered (or concurrently handled) message inserts nothing.
        entry_id = await s.scalar(_INSERT_ONCE[db.engine.dialect.name], values)
        if entry_id is None:
            existing = await s.scalar(select(Entry).where(Entry.chat_id == chat_id, Entry.message_id == message_id))
            edited = await _edit(s, existing, member, kind, fields, occurred_at, is_edit, values["forening_id"])
            return replace(edited, forening=forening) if edited.status is RecordStatus.UPDATED else edited
        await day_totals.add(s, SimpleNamespace(**values), member.timezone)
        if details is not None:
            s.add(_new_member(entry_id, member, details, now))
            await open_case(
                s,
                org_id=member.org_id,
                forening_id=values["forening_id"],
                entry_id=entry_id,
                step=WELCOME_CALL,
                opened_at=occurred_at,
                now=now,
            )
        return Recorded(entry_id, RecordStatus.CREATED, forening)


def _record_new(db: Database, member: Member, values: dict) -> Recorded | None:
    """The common case, straight on SQLite's connection: a new entry and its day's total, in one
    transaction. None: the session path below (PostgreSQL, the connection busy, a message seen before)."""

    def work(run: fastpath.Run) -> Recorded | None:
        options = member.foreningar if member.foreningar is not None else run(_FAST_FORENINGAR, {"org": member.org_id})
        values["forening_id"], forening = _counts_toward(options, member, values["area"])
        inserted = run(_FAST_INSERT_ONCE, values)
        if not inserted:
            return None  # seen before: a duplicate, or an edit of an undone entry, told apart below
        day_totals.add_now(run, SimpleNamespace(**values), member.timezone)
        return Recorded(inserted[0][0], RecordStatus.CREATED, forening)

    return fastpath.in_one_go(db, work)


def _counts_toward(
    options: list[tuple[int, str]], member: Member, area: str | None, details: MemberDetails | None = None
) -> tuple[int | None, str | None]:
    """(id, name) of the förening an entry counts toward, of the organisation's ``options`` (id, name):
    the one chosen for a new member, else the one the area names ("Ektorp"), else the volunteer's own."""
    named = forening_of_area([(fid, name) for fid, name in options], area)
    chosen = details.forening_id if details and details.forening_id else None
    forening_id = chosen or (named[0] if named else member.forening_id)
    return forening_id, dict(options).get(forening_id)


async def _edit(
    s: AsyncSession,
    existing: Entry,
    member: Member,
    kind: EntryKind,
    fields: dict,
    occurred_at: datetime,
    is_edit: bool,
    forening_id: int | None,
) -> Recorded:
    """A message seen before: redelivered (a duplicate), or edited (the entry follows the edit,
    its kind too: /samtal edited into /knack becomes a knock, in its day's totals as well)."""
    if existing.undone_at is not None:
        return Recorded(existing.id, RecordStatus.UNDONE)
    if not is_edit or existing.membership_id != member.id:
        return Recorded(existing.id, RecordStatus.DUPLICATE)
    if kind.value != existing.kind and EntryKind.MEMBER in (kind, EntryKind(existing.kind)):
        return Recorded(existing.id, RecordStatus.KIND_REFUSED)  # a member's details and case hang on it
    await day_totals.add(s, existing, member.timezone, sign=-1)
    existing.kind = kind.value
    for name in ENTRY_FIELDS:
        default = 0 if name in ("doors", "opened", "conversations", "members") else None
        setattr(existing, name, fields.get(name, default))
    existing.occurred_at = occurred_at
    existing.forening_id = forening_id  # an edited area may name another förening
    await day_totals.add(s, existing, member.timezone)
    return Recorded(existing.id, RecordStatus.UPDATED)


def _new_member(entry_id: int, member: Member, details: MemberDetails, now: datetime) -> NewMember:
    return NewMember(
        org_id=member.org_id,
        entry_id=entry_id,
        forening_id=details.forening_id,
        recruited_by=member.id,
        name=details.name,
        phone=details.phone,
        phone_hash=crypto.keyring().lookup_hash(details.phone) if details.phone else None,
        channel=details.channel.value,
        union_member=details.union_member,
        registered_at=now,
    )


async def get_entry(db: Database, entry_id: int) -> EntryView | None:
    async with db.session() as s:
        entry = await s.get(Entry, entry_id)
        return _view(entry) if entry else None


async def undo(
    db: Database, member: Member, now: datetime, entry_id: int | None = None
) -> tuple[UndoOutcome, EntryView | None]:
    """Undo one's own entry: the given one, or the last one still standing."""
    async with db.session() as s:
        if entry_id is None:
            entry = await s.scalar(
                select(Entry)
                .where(Entry.membership_id == member.id, Entry.undone_at.is_(None))
                .order_by(Entry.created_at.desc(), Entry.id.desc())
                .limit(1)
            )
            if entry is None:
                return UndoOutcome.NOT_FOUND, None
        else:
            entry = await s.get(Entry, entry_id)
            if entry is None:
                return UndoOutcome.NOT_FOUND, None
            if entry.membership_id != member.id:
                return UndoOutcome.NOT_YOURS, None
            if entry.undone_at is not None:
                return UndoOutcome.ALREADY, _view(entry)
        # The row stays (so a redelivered message is still recognised); contact details and cases go.
        entry.undone_at = now
        await day_totals.add(s, entry, member.timezone, sign=-1)
        await s.execute(delete(NewMember).where(NewMember.entry_id == entry.id))
        await s.execute(delete(WelcomeCase).where(WelcomeCase.new_member_entry_id == entry.id))
        view = _view(entry)
    if view.kind is EntryKind.MEMBER:
        await db.settle_erasure()  # the contact details leave the disk too
    return UndoOutcome.UNDONE, view


async def recent_areas(db: Database, member: Member, limit: int = 4) -> list[str]:
    async with db.session() as s:
        rows = await s.execute(
            select(Entry.area, func.max(Entry.occurred_at).label("last"))
            .where(Entry.membership_id == member.id, Entry.area.is_not(None), Entry.undone_at.is_(None))
            .group_by(Entry.area)
            .order_by(func.max(Entry.occurred_at).desc())
            .limit(limit)
        )
        return [r.area for r in rows]


@dataclass(frozen=True)
class Figures:
    sessions: int = 0
    doors: int = 0
    conversations: int = 0
    new_members: int = 0
    activities: int = 0


async def figures(db: Database, member: Member, start: datetime, end: datetime) -> Figures:
    """One volunteer's own figures in [start, end)."""
    async with db.session() as s:
        rows = await s.execute(
            select(Entry.kind, func.count(), func.sum(Entry.doors), func.sum(Entry.conversations))
            .where(
                Entry.membership_id == member.id,
                Entry.undone_at.is_(None),
                Entry.occurred_at >= start,
                Entry.occurred_at < end,
            )
            .group_by(Entry.kind)
        )
        by_kind = {r[0]: (r[1], r[2] or 0, r[3] or 0) for r in rows}
    knack = by_kind.get(EntryKind.KNACK, (0, 0, 0))
    samtal = by_kind.get(EntryKind.SAMTAL, (0, 0, 0))
    return Figures(
        sessions=knack[0],
        doors=knack[1],
        conversations=knack[2] + samtal[2],
        new_members=by_kind.get(EntryKind.MEMBER, (0, 0, 0))[0],
        activities=by_kind.get(EntryKind.ACTIVITY, (0, 0, 0))[0],
    )


async def most_active(db: Database, org_id: int, start: datetime, end: datetime, limit: int) -> list[tuple[str, int]]:
    """Volunteers' display names with how many entries they logged in [start, end), most first."""
    logged = func.count(Entry.id)
    async with db.session() as s:
        rows = await s.execute(
            select(Membership.display_name, logged)
            .join(Membership, Membership.id == Entry.membership_id)
            .where(Entry.org_id == org_id, Entry.undone_at.is_(None))
            .where(Entry.occurred_at >= start, Entry.occurred_at < end)
            .group_by(Membership.id, Membership.display_name)
            .order_by(logged.desc(), Membership.display_name)
            .limit(limit)
        )
        return [(name, int(n)) for name, n in rows]
