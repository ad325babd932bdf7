"""Who runs an organisation: its people and roles, for the command line and the last-admin rule.

Volunteers' names and roles only: members' contact details are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from domain.roles import Role
from storage.database import Database
from storage.models import Forening, Membership, Organisation


@dataclass(frozen=True)
class OrgSummary:
    id: int
    name: str
    timezone: str
    people: int
    admins: int


@dataclass(frozen=True)
class Person:
    membership_id: int
    display_name: str
    role: Role
    forening: str | None
    joined_at: datetime


async def list_orgs(db: Database) -> list[OrgSummary]:
    admins = func.count(Membership.id).filter(Membership.role == Role.ADMIN.value)
    async with db.session() as s:
        rows = await s.execute(
            select(Organisation.id, Organisation.name, Organisation.timezone, func.count(Membership.id), admins)
            .outerjoin(Membership, Membership.org_id == Organisation.id)
            .group_by(Organisation.id, Organisation.name, Organisation.timezone)
            .order_by(Organisation.id)
        )
        return [OrgSummary(*row) for row in rows]


async def people(db: Database, org_id: int) -> list[Person]:
    async with db.session() as s:
        rows = await s.execute(
            select(Membership.id, Membership.display_name, Membership.role, Forening.name, Membership.joined_at)
            .outerjoin(Forening, Forening.id == Membership.forening_id)
            .where(Membership.org_id == org_id)
            .order_by(Membership.id)
        )
        return [Person(mid, name, Role(role), forening, joined) for mid, name, role, forening, joined in rows]


async def admin_count(db: Database, org_id: int) -> int:
    async with db.session() as s:
        return await s.scalar(
            select(func.count()).where(Membership.org_id == org_id, Membership.role == Role.ADMIN.value)
        )
