"""Districts: their branches, their people's district roles and invites, and the audit of their views.

A district role is kept apart from branch memberships (district_memberships): holding one gives no
branch role and no way into a branch's members, cases or entries; a person may hold both.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from domain.activities import type_key
from domain.district import DistrictRole
from storage.database import Database
from storage.models import (
    AuditEvent,
    District,
    DistrictBranch,
    DistrictInvite,
    DistrictMembership,
    Membership,
    Organisation,
)
from storage.orgs import JoinOutcome, hash_code


@dataclass(frozen=True)
class DistrictMember:
    id: int
    district_id: int
    district_name: str
    timezone: str
    role: DistrictRole
    telegram_user_id: int
    display_name: str
    language: str | None = None  # chosen with /sprak; None: Swedish
    chosen: bool = False  # chosen with /org: /plan and /mal act in the district


@dataclass(frozen=True)
class Branch:
    org_id: int
    name: str
    timezone: str


@dataclass(frozen=True)
class DistrictClock:
    district_id: int
    name: str
    timezone: str
    report_chat_id: int | None
    digest_weekday: int
    digest_hour: int


async def create(db: Database, name: str, org_ids: list[int], timezone: str, now: datetime) -> int:
    async with db.session() as s:
        district = District(name=name.strip()[:200], timezone=timezone, created_at=now)
        s.add(district)
        await s.flush()
        district_id = district.id
    for org_id in org_ids:
        await add_branch(db, district_id, org_id)
    return district_id


async def add_branch(db: Database, district_id: int, org_id: int) -> bool:
    """Put an organisation in the district (moving it from another); False if either does not exist."""
    async with db.session() as s:
        if await s.get(District, district_id) is None or await s.get(Organisation, org_id) is None:
            return False
        upsert = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}[s.bind.dialect.name](DistrictBranch)
        await s.execute(
            upsert.values(org_id=org_id, district_id=district_id).on_conflict_do_update(
                index_elements=[DistrictBranch.org_id], set_={"district_id": district_id}
            )
        )
        return True


async def remove_branch(db: Database, district_id: int, org_id: int) -> bool:
    async with db.session() as s:
        gone = await s.execute(
            delete(DistrictBranch).where(DistrictBranch.district_id == district_id, DistrictBranch.org_id == org_id)
        )
        return gone.rowcount == 1


async def listing(db: Database) -> list[tuple[int, str, list[str], int]]:
    """Each district: id, name, its branches' names, how many people hold a district role."""
    async with db.session() as s:
        found = []
        for district in await s.scalars(select(District).order_by(District.id)):
            names = await s.scalars(
                select(Organisation.name)
                .join(DistrictBranch, DistrictBranch.org_id == Organisation.id)
                .where(DistrictBranch.district_id == district.id)
                .order_by(Organisation.name)
            )
            people = await s.scalar(
                select(func.count())
                .select_from(DistrictMembership)
                .where(DistrictMembership.district_id == district.id)
            )
            found.append((district.id, district.name, list(names), int(people or 0)))
        return found


async def branches(db: Database, district_id: int) -> list[Branch]:
    async with db.session() as s:
        rows = await s.execute(
            select(Organisation.id, Organisation.name, Organisation.timezone)
            .join(DistrictBranch, DistrictBranch.org_id == Organisation.id)
            .where(DistrictBranch.district_id == district_id)
            .order_by(Organisation.name)
        )
        return [Branch(*row) for row in rows]


def find_branch(found: list[Branch], name: str) -> Branch | None:
    """A branch by name, forgiving case, å/ä/ö and a unique prefix ("partille" finds "Partille AK")."""
    wanted = type_key(name)
    exact = [b for b in found if type_key(b.name) == wanted]
    prefix = [b for b in found if type_key(b.name).startswith(wanted)]
    if exact:
        return exact[0]
    return prefix[0] if len(prefix) == 1 and wanted else None


async def create_invite(
    db: Database, district_id: int, role: DistrictRole, now: datetime, *, ttl: timedelta = timedelta(days=7)
) -> str:
    """A fresh single-use code for a district role; only its hash is stored."""
    code = secrets.token_urlsafe(16)
    async with db.session() as s:
        s.add(
            DistrictInvite(
                district_id=district_id,
                code_hash=hash_code(code),
                role=role.value,
                uses=0,
                expires_at=now + ttl,
                created_at=now,
            )
        )
    return code


async def redeem(
    db: Database, code: str, telegram_user_id: int, display_name: str, now: datetime
) -> tuple[JoinOutcome, DistrictMember | None]:
    """/start with a district code. Like a branch invite, it never takes a role away (admin stays admin)."""
    async with db.session() as s:
        invite = await s.scalar(select(DistrictInvite).where(DistrictInvite.code_hash == hash_code(code)))
        if invite is None:
            return JoinOutcome.UNKNOWN, None
        if invite.expires_at <= now:
            return JoinOutcome.EXPIRED, None
        existing = await s.scalar(
            select(DistrictMembership).where(
                DistrictMembership.district_id == invite.district_id,
                DistrictMembership.telegram_user_id == telegram_user_id,
            )
        )
        if existing is not None and existing.role == invite.role:
            return JoinOutcome.ALREADY, await _as_member(s, existing)
        if existing is not None and existing.role == DistrictRole.ADMIN:
            return JoinOutcome.ROLE_KEPT, await _as_member(s, existing)  # the code stays unused for its owner
        consumed = await s.execute(
            update(DistrictInvite)
            .where(DistrictInvite.id == invite.id, DistrictInvite.uses == 0)
            .values(uses=DistrictInvite.uses + 1)
        )
        if consumed.rowcount != 1:
            return JoinOutcome.USED, None
        if existing is not None:
            existing.role = invite.role
            await s.flush()
            return JoinOutcome.ROLE_CHANGED, await _as_member(s, existing)
        membership = DistrictMembership(
            district_id=invite.district_id,
            telegram_user_id=telegram_user_id,
            role=invite.role,
            display_name=display_name[:200],
            joined_at=now,
        )
        s.add(membership)
        await s.flush()
        return JoinOutcome.JOINED, await _as_member(s, membership)


async def _as_member(s, membership: DistrictMembership) -> DistrictMember:
    district = await s.get(District, membership.district_id)
    return DistrictMember(
        membership.id,
        district.id,
        district.name,
        district.timezone,
        DistrictRole(membership.role),
        membership.telegram_user_id,
        membership.display_name,
        membership.language,
        membership.chosen_at is not None,
    )


async def member_for(db: Database, telegram_user_id: int) -> DistrictMember | None:
    """The person's district role (the one joined last, should they hold several)."""
    async with db.session() as s:
        membership = await s.scalar(
            select(DistrictMembership)
            .where(DistrictMembership.telegram_user_id == telegram_user_id)
            .order_by(DistrictMembership.joined_at.desc(), DistrictMembership.id.desc())
            .limit(1)
        )
        return await _as_member(s, membership) if membership else None


async def audit_views(db: Database, who: DistrictMember, org_ids: list[int], now: datetime, what: str) -> None:
    """Each branch's own audit log (/logg) records that the district looked at it, and how."""
    actor = f"{who.display_name or '?'} ({who.district_name})"[:200]
    rows = [
        {"org_id": org_id, "at": now, "actor": actor, "action": "view", "subject": "distriktet", "reason": what[:200]}
        for org_id in org_ids
    ]
    if rows:
        async with db.session() as s:
            await s.execute(insert(AuditEvent), rows)  # one statement for the whole district, not one per branch


def _clock(district: District) -> DistrictClock:
    return DistrictClock(
        district.id,
        district.name,
        district.timezone,
        district.report_chat_id,
        district.digest_weekday,
        district.digest_hour,
    )


async def clock(db: Database, district_id: int) -> DistrictClock | None:
    async with db.session() as s:
        district = await s.get(District, district_id)
        return _clock(district) if district else None


async def clocks(db: Database) -> list[DistrictClock]:
    async with db.session() as s:
        return [_clock(d) for d in await s.scalars(select(District).order_by(District.id))]


async def set_schedule(db: Database, district_id: int, weekday: int, hour: int) -> bool:
    async with db.session() as s:
        done = await s.execute(
            update(District).where(District.id == district_id).values(digest_weekday=weekday, digest_hour=hour)
        )
        return done.rowcount == 1


async def set_report_chat(db: Database, district_id: int, chat_id: int | None) -> None:
    async with db.session() as s:
        await s.execute(update(District).where(District.id == district_id).values(report_chat_id=chat_id))


async def set_private(db: Database, membership_id: int, wanted: bool) -> None:
    async with db.session() as s:
        await s.execute(
            update(DistrictMembership).where(DistrictMembership.id == membership_id).values(digest_private=wanted)
        )


async def people(
    db: Database, district_id: int, roles: frozenset[DistrictRole], private_only: bool = False
) -> list[int]:
    """Telegram ids of the district's people in these roles (who chose the digest privately, if asked)."""
    query = select(DistrictMembership.telegram_user_id).where(
        DistrictMembership.district_id == district_id, DistrictMembership.role.in_([r.value for r in roles])
    )
    if private_only:
        query = query.where(DistrictMembership.digest_private.is_(True))
    async with db.session() as s:
        return list(await s.scalars(query.order_by(DistrictMembership.id)))


async def memberships_of(db: Database, telegram_user_id: int) -> list[DistrictMember]:
    """A person's district roles, by district name (for /org)."""
    async with db.session() as s:
        found = await s.scalars(
            select(DistrictMembership).where(DistrictMembership.telegram_user_id == telegram_user_id)
        )
        members = [await _as_member(s, membership) for membership in found]
    return sorted(members, key=lambda m: (m.district_name, m.id))


async def choose(db: Database, telegram_user_id: int, membership_id: int, now: datetime) -> DistrictMember | None:
    """/org: act in this district role's district for /plan and /mal; None if the role is not theirs."""
    async with db.session() as s:
        membership = await s.get(DistrictMembership, membership_id)
        if membership is None or membership.telegram_user_id != telegram_user_id:
            return None
        await s.execute(
            update(DistrictMembership)
            .where(DistrictMembership.telegram_user_id == telegram_user_id)
            .values(chosen_at=None)
        )
        membership.chosen_at = now
        await s.flush()
        return await _as_member(s, membership)


async def in_scope(db: Database, telegram_user_id: int) -> DistrictMember | None:
    """The district a private chat's /plan and /mal act in: the one chosen with /org, or — for a
    person with no branch role — their district role's. None: the person's branch is in scope."""
    async with db.session() as s:
        chosen = await s.scalar(
            select(DistrictMembership).where(
                DistrictMembership.telegram_user_id == telegram_user_id, DistrictMembership.chosen_at.is_not(None)
            )
        )
        if chosen is not None:
            return await _as_member(s, chosen)
        if await s.scalar(select(Membership.id).where(Membership.telegram_user_id == telegram_user_id).limit(1)):
            return None
    return await member_for(db, telegram_user_id)


async def set_language(db: Database, telegram_user_id: int, language: str | None) -> None:
    """/sprak for a district role: kept on each of the person's district roles."""
    async with db.session() as s:
        await s.execute(
            update(DistrictMembership)
            .where(DistrictMembership.telegram_user_id == telegram_user_id)
            .values(language=language)
        )


async def language_of_chat(db: Database, district_id: int, chat_id: int | None) -> str | None:
    """The language of a district message's chat: a district role's private choice; a group's None."""
    if chat_id is None or chat_id < 0:
        return None
    async with db.session() as s:
        return await s.scalar(
            select(DistrictMembership.language).where(
                DistrictMembership.district_id == district_id, DistrictMembership.telegram_user_id == chat_id
            )
        )
