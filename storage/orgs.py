"""Organisations, föreningar, memberships and invites."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import bindparam, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.activities import BUILTIN, type_key
from domain.goals import GoalNames
from domain.roles import Role, adds_to
from storage import fastpath
from storage.database import Database
from storage.models import ActivityType, DistrictMembership, Entry, Forening, Invite, Membership, Organisation

# Seconds a found member is trusted without asking the database again. Short, because with
# several replicas a member removed or demoted on one is only forgotten here when this runs out.
MEMBER_TTL = 5.0


@dataclass(frozen=True)
class Member:
    """Who is writing: their membership, with what the handlers need of the organisation."""

    id: int
    org_id: int
    org_name: str
    timezone: str
    role: Role
    forening_id: int | None
    telegram_user_id: int
    language: str | None = None  # chosen with /sprak; None: the organisation's language
    # The organisation's föreningar (id, name), when the look-up brought them along (SQLite's fast
    # path: one statement fewer per entry, see storage.entries); None: ask the database.
    foreningar: tuple[tuple[int, str], ...] | None = field(default=None, compare=False)


class JoinOutcome(StrEnum):
    JOINED = "joined"
    ROLE_CHANGED = "role_changed"
    ROLE_KEPT = "role_kept"  # the invite's role would take something away: the person keeps theirs
    ALREADY = "already"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def create_org(db: Database, name: str, foreningar: list[str], timezone: str, now: datetime) -> int:
    async with db.session() as s:
        org = Organisation(name=name, timezone=timezone, created_at=now)
        s.add(org)
        await s.flush()
        for forening in dict.fromkeys(f.strip() for f in foreningar if f.strip()):
            s.add(Forening(org_id=org.id, name=forening))
        return org.id


async def create_invite(
    db: Database,
    org_id: int,
    role: Role,
    now: datetime,
    *,
    ttl: timedelta,
    forening_id: int | None = None,
    multi_use: bool = False,
    created_by: int | None = None,
) -> str:
    """A fresh code (128 random bits, URL-safe for a deep link); only its hash is stored."""
    code = secrets.token_urlsafe(16)
    async with db.session() as s:
        s.add(
            Invite(
                org_id=org_id,
                code_hash=hash_code(code),
                role=role.value,
                forening_id=forening_id,
                multi_use=multi_use,
                expires_at=now + ttl,
                created_at=now,
                created_by=created_by,
            )
        )
    return code


async def redeem_invite(
    db: Database, code: str, telegram_user_id: int, display_name: str, now: datetime
) -> tuple[JoinOutcome, Member | None]:
    try:
        async with db.session() as s:
            return await _redeem(s, code, telegram_user_id, display_name, now)
    finally:
        db.member_cache.pop(telegram_user_id, None)  # after the commit: the next update sees the new role


async def _redeem(
    s: AsyncSession, code: str, telegram_user_id: int, display_name: str, now: datetime
) -> tuple[JoinOutcome, Member | None]:
    invite = await s.scalar(select(Invite).where(Invite.code_hash == hash_code(code)))
    if invite is None:
        return JoinOutcome.UNKNOWN, None
    if invite.expires_at <= now:
        return JoinOutcome.EXPIRED, None
    existing = await s.scalar(
        select(Membership).where(Membership.org_id == invite.org_id, Membership.telegram_user_id == telegram_user_id)
    )
    if existing is not None and existing.role == invite.role:
        return JoinOutcome.ALREADY, await _member(s, existing)
    if existing is not None and not adds_to(Role(existing.role), Role(invite.role)):
        return JoinOutcome.ROLE_KEPT, await _member(s, existing)  # the invite stays unused for its owner
    # Consume atomically: two people racing for one single-use code cannot both win.
    consumed = await s.execute(
        update(Invite)
        .where(Invite.id == invite.id, or_(Invite.multi_use, Invite.uses == 0))
        .values(uses=Invite.uses + 1)
    )
    if consumed.rowcount != 1:
        return JoinOutcome.USED, None
    if existing is not None:
        existing.role = invite.role
        existing.forening_id = invite.forening_id or existing.forening_id
        await s.flush()
        return JoinOutcome.ROLE_CHANGED, await _member(s, existing)
    await _forget_choice(s, telegram_user_id)  # the organisation joined last is the one in use
    membership = Membership(
        org_id=invite.org_id,
        telegram_user_id=telegram_user_id,
        role=invite.role,
        forening_id=invite.forening_id,
        display_name=display_name[:200],
        joined_at=now,
    )
    s.add(membership)
    await s.flush()
    return JoinOutcome.JOINED, await _member(s, membership)


async def _forget_choice(s: AsyncSession, telegram_user_id: int) -> None:
    """The organisation chosen or joined now is in use: no earlier choice, of a district either, stands."""
    for table in (Membership, DistrictMembership):
        await s.execute(update(table).where(table.telegram_user_id == telegram_user_id).values(chosen_at=None))


async def _member(s, membership: Membership) -> Member:
    return _as_member(membership, await s.get(Organisation, membership.org_id))


def _as_member(membership: Membership, org: Organisation) -> Member:
    return Member(
        id=membership.id,
        org_id=org.id,
        org_name=org.name,
        timezone=org.timezone,
        role=Role(membership.role),
        forening_id=membership.forening_id,
        telegram_user_id=membership.telegram_user_id,
        language=membership.language,
    )


def _member_query(in_group: bool):
    """Who is writing: their most fitting membership (see member_for), as the columns of a Member.
    In a group, the organisation whose report chat it is comes first."""
    # At most one membership of a person carries chosen_at (see choose); joining another org clears it.
    latest = [Membership.chosen_at.is_(None), Membership.joined_at.desc(), Membership.id.desc()]
    if in_group:
        latest.insert(0, case((Organisation.report_chat_id == bindparam("chat"), 0), else_=1))
    return (
        select(
            Membership.id,
            Organisation.id,
            Organisation.name,
            Organisation.timezone,
            Membership.role,
            Membership.forening_id,
            Membership.telegram_user_id,
            Membership.language,
        )
        .join(Organisation, Organisation.id == Membership.org_id)
        .where(Membership.telegram_user_id == bindparam("user"))
        .order_by(*latest)
        .limit(1)
    )


_MEMBER_QUERY = {in_group: _member_query(in_group) for in_group in (False, True)}
# On SQLite's connection the organisation's föreningar come along, as JSON: an entry needs them,
# and föreningar are only made with their organisation (create_org), so they cannot go stale.
_FORENINGAR_JSON = (
    select(func.json_group_array(func.json_array(Forening.id, Forening.name)))
    .where(Forening.org_id == Organisation.id)
    .scalar_subquery()
)
_MEMBER_FAST = {
    in_group: fastpath.Statement(query.add_columns(_FORENINGAR_JSON)) for in_group, query in _MEMBER_QUERY.items()
}


async def member_for(db: Database, telegram_user_id: int, chat_id: int | None = None) -> Member | None:
    """Who is writing, as a member of the organisation the chat acts in.

    A person may belong to several organisations. In a group (``chat_id``), the organisation that
    registered the group for its report (/rapportchatt) comes first, if they belong to it; otherwise,
    and in a private chat (``chat_id`` None), the one they chose with /org, else the one joined last.
    Every update asks this first, so a found member is kept for MEMBER_TTL seconds per (user, chat);
    a join, a removal or a choice in this process forgets the user's entries at once, another replica's within the TTL.
    On a cache miss it is one SELECT, on SQLite usually straight on the connection (storage/fastpath.py).
    """
    per_chat = db.member_cache.setdefault(telegram_user_id, {})
    cached = per_chat.get(chat_id)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    in_group, values = chat_id is not None, {"user": telegram_user_id, "chat": chat_id}
    found = fastpath.rows(db, _MEMBER_FAST[in_group], values)
    if found is None:
        async with db.session() as s:
            found = (await s.execute(_MEMBER_QUERY[in_group], values)).all()
    if not found:
        return None
    member_id, org_id, org_name, timezone, role, forening_id, user_id, language, *fast = found[0]
    foreningar = tuple((fid, name) for fid, name in json.loads(fast[0])) if fast else None
    member = Member(member_id, org_id, org_name, timezone, Role(role), forening_id, user_id, language, foreningar)
    per_chat[chat_id] = (time.monotonic() + MEMBER_TTL, member)
    return member


async def memberships_of(db: Database, telegram_user_id: int) -> list[Member]:
    """All of a person's memberships, by organisation name (for /org)."""
    async with db.session() as s:
        rows = await s.execute(
            select(Membership, Organisation)
            .join(Organisation, Organisation.id == Membership.org_id)
            .where(Membership.telegram_user_id == telegram_user_id)
            .order_by(Organisation.name, Membership.id)
        )
        return [_as_member(*row) for row in rows]


async def choose(db: Database, telegram_user_id: int, membership_id: int, now: datetime) -> Member | None:
    """Act in this membership's organisation from now on (in private chats); None if it is not theirs."""
    try:
        async with db.session() as s:
            membership = await s.get(Membership, membership_id)
            if membership is None or membership.telegram_user_id != telegram_user_id:
                return None
            await _forget_choice(s, telegram_user_id)
            membership.chosen_at = now
            return await _member(s, membership)
    finally:
        db.member_cache.pop(telegram_user_id, None)


async def author_of(db: Database, entry_id: int, telegram_user_id: int) -> Member | None:
    """The membership that logged an entry, if it is this person's: their Ångra works whichever
    organisation they have chosen since."""
    async with db.session() as s:
        row = (
            await s.execute(
                select(Membership, Organisation)
                .join(Organisation, Organisation.id == Membership.org_id)
                .join(Entry, Entry.membership_id == Membership.id)
                .where(Entry.id == entry_id, Membership.telegram_user_id == telegram_user_id)
            )
        ).first()
    return _as_member(*row) if row else None


async def foreningar(db: Database, org_id: int) -> list[tuple[int, str]]:
    async with db.session() as s:
        rows = await s.execute(
            select(Forening.id, Forening.name).where(Forening.org_id == org_id).order_by(Forening.name)
        )
        return [(r.id, r.name) for r in rows]


async def find_forening(db: Database, org_id: int, name: str) -> tuple[int, str] | None:
    """A förening by name, forgiving case, å/ä/ö and a unique prefix ("ektorp" finds "Ektorp S-förening")."""
    wanted = type_key(name)
    options = await foreningar(db, org_id)
    exact = [f for f in options if type_key(f[1]) == wanted]
    prefix = [f for f in options if type_key(f[1]).startswith(wanted)]
    if exact:
        return exact[0]
    return prefix[0] if len(prefix) == 1 and wanted else None


def forening_of_area(options: list[tuple[int, str]], area: str | None) -> tuple[int, str] | None:
    """The förening an area typed with an entry names, forgiving case and å/ä/ö: its whole name,
    the start of just one ('Sävedal' for 'Sävedalen'), or the name and more ('Ektorp centrum')."""
    wanted = type_key(area or "")
    if len(wanted) < 3:
        return None
    keyed = sorted(((type_key(name), (fid, name)) for fid, name in options), key=lambda k: -len(k[0]))
    exact = [f for key, f in keyed if key == wanted]
    prefix = [f for key, f in keyed if key.startswith(wanted)]
    within = [f for key, f in keyed if wanted.startswith(key + "_")]  # the longest name first
    return (exact or (prefix if len(prefix) == 1 else []) or within or [None])[0]


async def forening_name(db: Database, forening_id: int | None) -> str | None:
    if forening_id is None:
        return None
    async with db.session() as s:
        forening = await s.get(Forening, forening_id)
        return forening.name if forening else None


async def activity_types(db: Database, org_id: int) -> dict[str, str]:
    async with db.session() as s:
        rows = await s.execute(select(ActivityType.key, ActivityType.name).where(ActivityType.org_id == org_id))
        return {r.key: r.name for r in rows}


async def goal_names(db: Database, org_id: int) -> GoalNames:
    """The names a goal's line shows: föreningar, and activity types as written (built-in ones too)."""
    builtin = {t.key: t.name_sv for t in BUILTIN}
    return GoalNames(dict(await foreningar(db, org_id)), builtin | await activity_types(db, org_id))


async def add_activity_type(db: Database, org_id: int, name: str) -> str:
    key = type_key(name)
    async with db.session() as s:
        exists = await s.scalar(select(ActivityType).where(ActivityType.org_id == org_id, ActivityType.key == key))
        if exists is None:
            s.add(ActivityType(org_id=org_id, key=key, name=name.strip()[:100]))
    return key


async def organisation(db: Database, org_id: int) -> tuple[str, str] | None:
    """(name, time zone) of an organisation, or None."""
    async with db.session() as s:
        org = await s.get(Organisation, org_id)
        return (org.name, org.timezone) if org else None


async def set_language(db: Database, telegram_user_id: int, language: str | None) -> None:
    """/sprak: the person's choice, kept on each of their memberships (None: the organisation's)."""
    try:
        async with db.session() as s:
            await s.execute(
                update(Membership).where(Membership.telegram_user_id == telegram_user_id).values(language=language)
            )
    finally:
        db.member_cache.pop(telegram_user_id, None)


async def language_of_chat(db: Database, org_id: int, chat_id: int | None) -> str | None:
    """The language chosen for a scheduled message's chat: a member's private chat has their choice;
    a group has none (None: the organisation's language)."""
    if chat_id is None or chat_id < 0:
        return None
    async with db.session() as s:
        chosen = await s.scalar(
            select(Membership.language).where(Membership.org_id == org_id, Membership.telegram_user_id == chat_id)
        )
    return chosen
