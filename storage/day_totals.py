"""Logged work per local day: kept in step with each entry, read by goals, digests and charts.

A digest over a million entries must not scan them: every count a goal needs is a sum over days,
so each write adds (or, on undo and edit, takes back) its entry's share of one day's row here.
The day is the organisation's local day, fixed when the entry is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.counting import CountRule
from storage import fastpath
from storage.database import Database
from storage.models import DayTotal

_TABLE = DayTotal.__table__
_KEY = [_TABLE.c.org_id, _TABLE.c.kind, _TABLE.c.day, _TABLE.c.activity_type, _TABLE.c.forening_id]
_SUMMED = ("entries", "doors", "conversations")


def _upsert(dialect: str):
    insert = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}[dialect](_TABLE)
    return insert.on_conflict_do_update(
        index_elements=_KEY, set_={name: _TABLE.c[name] + insert.excluded[name] for name in _SUMMED}
    )


_UPSERT = {dialect: _upsert(dialect) for dialect in ("sqlite", "postgresql")}
_ROW_KEYS = [c.name for c in _KEY] + list(_SUMMED)
_FAST_UPSERT = fastpath.Statement(_UPSERT["sqlite"], keys=_ROW_KEYS)


def _row(entry, timezone: str, sign: int) -> dict:
    """``entry``: anything with org_id, kind, occurred_at, activity_type, forening_id, doors, conversations."""
    return {
        "org_id": entry.org_id,
        "kind": str(entry.kind),
        "day": entry.occurred_at.astimezone(ZoneInfo(timezone)).date(),
        "activity_type": entry.activity_type or "",
        "forening_id": entry.forening_id or 0,
        "entries": sign,
        "doors": sign * (entry.doors or 0),
        "conversations": sign * (entry.conversations or 0),
    }


async def add(s: AsyncSession, entry, timezone: str, sign: int = 1) -> None:
    """Count ``entry`` in its day (sign -1 takes it back out: undo, or the old side of an edit)."""
    await s.execute(_UPSERT[s.bind.dialect.name], _row(entry, timezone, sign))


def add_now(run: fastpath.Run, entry, timezone: str) -> None:
    """``add`` within storage/fastpath.py's transaction on SQLite."""
    run(_FAST_UPSERT, _row(entry, timezone, 1))


def _measure(rule: CountRule, count_entries: bool):
    return DayTotal.entries if count_entries or rule.field is None else getattr(DayTotal, rule.field)


def _matching(org_id: int, rule: CountRule, first: date, last: date, forening_id: int | None) -> list:
    conditions = [
        DayTotal.org_id == org_id,
        DayTotal.kind.in_([k.value for k in rule.kinds]),
        DayTotal.day >= first,
        DayTotal.day <= last,
    ]
    if rule.activity_types:
        conditions.append(DayTotal.activity_type.in_(rule.activity_types))
    if forening_id is not None:
        conditions.append(DayTotal.forening_id == forening_id)
    return conditions


async def per_day(
    db: Database,
    org_id: int,
    rule: CountRule,
    first: date,
    last: date,
    forening_id: int | None = None,
    *,
    count_entries: bool = False,
) -> list[tuple[date, float]]:
    """What the rule sums, day by day over [first, last]; ``count_entries`` counts the entries instead."""
    total = func.sum(_measure(rule, count_entries))
    query = (
        select(DayTotal.day, total)
        .where(*_matching(org_id, rule, first, last, forening_id))
        .group_by(DayTotal.day)
        .having(total != 0)
        .order_by(DayTotal.day)
    )
    async with db.session() as s:
        return [(day, float(amount)) for day, amount in await s.execute(query)]


@dataclass(frozen=True)
class Sums:
    """One (kind, activity type, förening) over a span of days."""

    kind: str
    activity_type: str
    forening_id: int
    entries: int
    doors: int
    conversations: int


async def sums(db: Database, org_id: int, first: date, last: date) -> list[Sums]:
    """Everything logged over [first, last] in a few dozen rows: every count goal of a period is summed from them."""
    query = (
        select(
            DayTotal.kind,
            DayTotal.activity_type,
            DayTotal.forening_id,
            *(func.sum(getattr(DayTotal, name)) for name in _SUMMED),
        )
        .where(DayTotal.org_id == org_id, DayTotal.day >= first, DayTotal.day <= last)
        .group_by(DayTotal.kind, DayTotal.activity_type, DayTotal.forening_id)
    )
    async with db.session() as s:
        return [Sums(*row[:3], *(int(n or 0) for n in row[3:])) for row in await s.execute(query)]


def summed(rows: list[Sums], rule: CountRule, forening_id: int | None = None) -> float:
    """What ``rule`` sums over ``rows`` (for one förening, or all)."""
    kinds = {k.value for k in rule.kinds}
    return float(
        sum(
            getattr(row, rule.field or "entries")
            for row in rows
            if row.kind in kinds
            and (not rule.activity_types or row.activity_type in rule.activity_types)
            and (forening_id is None or row.forening_id == forening_id)
        )
    )


async def total(
    db: Database, org_id: int, rule: CountRule, first: date, last: date, forening_id: int | None = None
) -> float:
    """What the rule sums over the days [first, last]."""
    return summed(await sums(db, org_id, first, last), rule, forening_id)


def rebuild_rows(entries: list, timezone: str) -> list[dict]:
    """Day rows for a list of standing entries: the migration's backfill (and a timezone change)."""
    rows: dict[tuple, dict] = {}
    for entry in entries:
        row = _row(entry, timezone, 1)
        key = tuple(row[c.name] for c in _KEY)
        if key in rows:
            for name in _SUMMED:
                rows[key][name] += row[name]
        else:
            rows[key] = row
    return list(rows.values())


async def last_day(db: Database, org_id: int, rule: CountRule, until: date) -> date | None:
    """The latest day up to ``until`` with any of the rule's entries standing."""
    query = select(func.max(DayTotal.day)).where(*_matching(org_id, rule, date.min, until, None), DayTotal.entries > 0)
    async with db.session() as s:
        return await s.scalar(query)
