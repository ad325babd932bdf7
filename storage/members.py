"""Members' personal data as a whole: find by phone, export, erase, expire, reseal, audit.

Contact details are the only personal data of members the bot keeps (name and phone, with the
förening, how they were recruited and union yes/no). Erasing them leaves the counts and the
welcome chain's dates: statistics, not a person. Every view, export and erasure is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text

from storage import crypto
from storage.cases import close_erased
from storage.database import Database
from storage.models import AuditEvent, Forening, NewMember, Organisation, WelcomeCase

CLI = "kommandoraden"
BOT = "boten"


async def audit(s, org_id: int, now: datetime, actor: str, action: str, subject: str, reason: str, actor_id=None):
    s.add(
        AuditEvent(org_id=org_id, at=now, actor_id=actor_id, actor=actor, action=action, subject=subject, reason=reason)
    )


def subject_of(entry_id: int) -> str:
    return f"ny medlem {entry_id}"


@dataclass(frozen=True)
class Found:
    entry_id: int
    registered_at: datetime


async def find_by_phone(db: Database, org_id: int, phone_e164: str) -> list[Found]:
    """Members of the organisation with this phone number, found by its keyed hash (nothing decrypted)."""
    digest = crypto.keyring().lookup_hash(phone_e164)
    async with db.session() as s:
        rows = await s.execute(
            select(NewMember.entry_id, NewMember.registered_at)
            .where(NewMember.org_id == org_id, NewMember.phone_hash == digest)
            .order_by(NewMember.registered_at)
        )
        return [Found(*row) for row in rows]


async def audit_views(
    db: Database, org_id: int, entry_ids: list[int], now: datetime, actor: str, reason: str, actor_id=None
) -> None:
    """Contact details were shown to someone (a case card, /ringlista)."""
    async with db.session() as s:
        for entry_id in entry_ids:
            await audit(s, org_id, now, actor, "view", subject_of(entry_id), reason, actor_id)


async def export(db: Database, org_id: int, phone_e164: str, now: datetime, actor: str, reason: str) -> list[dict]:
    """Everything stored about the members with this phone number (art. 15), audited."""
    digest = crypto.keyring().lookup_hash(phone_e164)
    async with db.session() as s:
        rows = (
            await s.execute(
                select(NewMember, Forening.name)
                .outerjoin(Forening, Forening.id == NewMember.forening_id)
                .where(NewMember.org_id == org_id, NewMember.phone_hash == digest)
            )
        ).all()
        found = []
        for member, forening in rows:
            cases = await s.execute(
                select(WelcomeCase.step, WelcomeCase.opened_at, WelcomeCase.done_at, WelcomeCase.closed_reason)
                .where(WelcomeCase.new_member_entry_id == member.entry_id)
                .order_by(WelcomeCase.opened_at)
            )
            found.append(
                {
                    "name": member.name,
                    "phone": member.phone,
                    "forening": forening,
                    "recruited_through": member.channel,
                    "union_member": member.union_member,
                    "registered_at": member.registered_at.isoformat(),
                    "welcome_chain": [
                        {"step": step, "opened": o.isoformat(), "done": d.isoformat() if d else None, "closed": c}
                        for step, o, d, c in cases
                    ],
                }
            )
            await audit(s, org_id, now, actor, "export", subject_of(member.entry_id), reason)
        return found


async def erase(
    db: Database, org_id: int, entry_ids: list[int], now: datetime, actor: str, reason: str, actor_id=None
) -> int:
    """Delete these members' contact details at once; the counts and case dates stay. Returns how many."""
    async with db.session() as s:
        gone = await s.execute(delete(NewMember).where(NewMember.org_id == org_id, NewMember.entry_id.in_(entry_ids)))
        await close_erased(s, org_id, entry_ids, now)
        for entry_id in entry_ids:
            await audit(s, org_id, now, actor, "erase", subject_of(entry_id), reason, actor_id)
    await db.settle_erasure()
    return gone.rowcount


async def expire(db: Database, now: datetime) -> int:
    """Retention: contact details go `retention_days` after the member's welcome chain ends.

    A chain ends when none of its cases is open; it ended when its last case was closed.
    """
    open_cases = select(WelcomeCase.id).where(
        WelcomeCase.new_member_entry_id == NewMember.entry_id, WelcomeCase.closed_reason.is_(None)
    )
    ended = (
        select(func.max(func.coalesce(WelcomeCase.done_at, WelcomeCase.opened_at)))
        .where(WelcomeCase.new_member_entry_id == NewMember.entry_id)
        .scalar_subquery()
    )
    async with db.session() as s:
        candidates = (
            await s.execute(
                select(NewMember.entry_id, NewMember.org_id, Organisation.retention_days, ended)
                .join(Organisation, Organisation.id == NewMember.org_id)
                .where(~open_cases.exists())
            )
        ).all()
        due = [
            (entry, org)
            for entry, org, days, end in candidates
            if end is not None and end + timedelta(days=days) <= now
        ]
        for entry_id, org_id in due:
            await s.execute(delete(NewMember).where(NewMember.entry_id == entry_id))
            await audit(s, org_id, now, BOT, "retention", subject_of(entry_id), "gallring efter välkomstkedjan")
    if due:
        await db.settle_erasure()
    return len(due)


async def reseal_all(db: Database) -> int:
    """Seal every name and phone under the keyring's first key, and rehash the phones with it."""
    keyring = crypto.keyring()
    async with db.session() as s:
        rows = (await s.execute(text("SELECT id, name, phone FROM new_members"))).all()
        for row_id, name, phone in rows:
            opened = keyring.open(phone) if phone else None
            await s.execute(
                text("UPDATE new_members SET name = :n, phone = :p, phone_hash = :h WHERE id = :id"),
                {
                    "n": keyring.reseal(name),
                    "p": keyring.reseal(phone) if phone else None,
                    "h": keyring.lookup_hash(opened) if opened else None,
                    "id": row_id,
                },
            )
        for user_id, sealed in (await s.execute(text("SELECT telegram_user_id, sealed FROM flow_data"))).all():
            await s.execute(
                text("UPDATE flow_data SET sealed = :s WHERE telegram_user_id = :u"),
                {"s": keyring.reseal(sealed), "u": user_id},
            )
        return len(rows)


async def check_key(db: Database) -> None:
    """Raise DataKeyError when the configured key cannot open what is stored (a wrong or lost key)."""
    async with db.session() as s:
        token = await s.scalar(text("SELECT name FROM new_members LIMIT 1"))
    if token is not None:
        crypto.keyring().open(token)


async def audit_log(db: Database, org_id: int, limit: int = 20) -> list[AuditEvent]:
    async with db.session() as s:
        rows = await s.scalars(
            select(AuditEvent)
            .where(AuditEvent.org_id == org_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
        return list(rows)
