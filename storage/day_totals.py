"""Logged work per local day: kept in step with each entry, read by goals, digests and charts.

A digest over a million entries must not scan them: every count a goal needs is a sum over days,
so each write adds (or, on undo and edit, takes back) its entry's share of one day's row here.
The day is the organisation's local day, fixed when the entry is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, null, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from domain.counting import CountRule
from storage import fastpath
from storage.database import Database
from storage.models import DayTotal, MonthTotal

_TABLE = DayTotal.__table__
_KEY = [_TABLE.c.org_id, _TABLE.c.kind, _TABLE.c.day, _TABLE.c.activity_type, _TABLE.c.forening_id]
_SUMMED = ("entries", "doors", "conversations")
_MONTHS = MonthTotal.__table__
_MONTH_KEY = [_MONTHS.c.org_id, _MONTHS.c.kind, _MONTHS.c.month, _MONTHS.c.activity_type, _MONTHS.c.forening_id]


def _upsert(dialect: str, table=_TABLE, key=_KEY):
    insert = {"sqlite": sqlite_insert, "postgresql": postgresql_insert}[dialect](table)
    return insert.on_conflict_do_update(
        index_elements=key, set_={name: table.c[name] + insert.excluded[name] for name in _SUMMED}
    )


_UPSERT = {dialect: _upsert(dialect) for dialect in ("sqlite", "postgresql")}
_ROW_KEYS = [c.name for c in _KEY] + list(_SUMMED)
_FAST_UPSERT = fastpath.Statement(_UPSERT["sqlite"], keys=_ROW_KEYS)
_MONTH_UPSERT = {dialect: _upsert(dialect, _MONTHS, _MONTH_KEY) for dialect in ("sqlite", "postgresql")}
_FAST_MONTH_UPSERT = fastpath.Statement(_MONTH_UPSERT["sqlite"], keys=[c.name for c in _MONTH_KEY] + list(_SUMMED))


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
    row = _row(entry, timezone, sign)
    await s.execute(_UPSERT[s.bind.dialect.name], row)
    await s.execute(_MONTH_UPSERT[s.bind.dialect.name], _month_row(row))  # its month, in step


def _month_row(row: dict) -> dict:
    return {**{k: v for k, v in row.items() if k != "day"}, "month": row["day"].replace(day=1)}


async def write_rows(s: AsyncSession, rows: list[dict]) -> None:
    """Add whole day rows (a backfill, a benchmark's seed) to the day and month totals alike."""
    months: dict[tuple, dict] = {}
    for row in map(_month_row, rows):
        key = tuple(row[c.name] for c in _MONTH_KEY)
        if key in months:
            for name in _SUMMED:
                months[key][name] += row[name]
        else:
            months[key] = row
    await s.execute(_UPSERT[s.bind.dialect.name], rows)
    await s.execute(_MONTH_UPSERT[s.bind.dialect.name], list(months.values()))


def add_now(run: fastpath.Run, entry, timezone: str) -> None:
    """``add`` within storage/fastpath.py's transaction on SQLite: its day and its month, in step."""
    row = _row(entry, timezone, 1)
    run(_FAST_UPSERT, row)
    run(_FAST_MONTH_UPSERT, _month_row(row))


def _measure(rule: CountRule, count_entries: bool):
    return DayTotal.entries if count_entries or rule.field is None else getattr(DayTotal, rule.field)


def _matching(org_ids: list[int], rule: CountRule, first: date, last: date) -> list:
    conditions = [
        DayTotal.org_id.in_(org_ids),
        DayTotal.kind.in_([k.value for k in rule.kinds]),
        DayTotal.day >= first,
        DayTotal.day <= last,
    ]
    if rule.activity_types:
        conditions.append(DayTotal.activity_type.in_(rule.activity_types))
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
    scope = (org_id, forening_id)
    return (await per_day_by_scope(db, [scope], rule, first, last, count_entries=count_entries))[scope]


async def per_day_by_scope(
    db: Database, scopes: list[tuple[int, int | None]], rule: CountRule, first: date, last: date, *, count_entries=False
) -> dict[tuple[int, int | None], list[tuple[date, float]]]:
    """``per_day`` for many (organisation, förening or None for all of it) at once: a query for the
    whole organisations and one for the föreningar, however many there are (a district's branches)."""
    total = func.sum(_measure(rule, count_entries))
    found: dict[tuple[int, int | None], list[tuple[date, float]]] = {scope: [] for scope in scopes}
    wide = sorted({org for org, forening in scopes if forening is None})
    scoped = [scope for scope in scopes if scope[1] is not None]
    queries = []
    if wide:
        queries.append(select(DayTotal.org_id, null(), DayTotal.day, total).where(*_matching(wide, rule, first, last)))
    if scoped:
        orgs, foreningar = sorted({org for org, _ in scoped}), sorted({f for _, f in scoped})
        queries.append(
            select(DayTotal.org_id, DayTotal.forening_id, DayTotal.day, total)
            .where(*_matching(orgs, rule, first, last), DayTotal.forening_id.in_(foreningar))
            .group_by(DayTotal.forening_id)
        )
    async with db.session() as s:
        for query in queries:
            query = query.group_by(DayTotal.org_id, DayTotal.day).having(total != 0).order_by(DayTotal.day)
            for org_id, forening_id, day, amount in await s.execute(query):
                if (org_id, forening_id) in found:
                    found[org_id, forening_id].append((day, float(amount)))
    return found


@dataclass(frozen=True)
class Sums:
    """One (kind, activity type, förening) over a span of days."""

    kind: str
    activity_type: str
    forening_id: int
    entries: int
    doors: int
    conversations: int


def _grouped(table, column, first: date, last: date, org_ids: list[int]):
    keys = (table.org_id, table.kind, table.activity_type, table.forening_id)
    return (
        select(*keys, *(func.sum(getattr(table, n)) for n in _SUMMED))
        .where(table.org_id.in_(org_ids), column >= first, column <= last)
        .group_by(*keys)
    )


def whole_months(first: date, last: date) -> tuple[date, date] | None:
    """The first days of the first and the last month lying wholly within [first, last], if any."""
    start = first if first.day == 1 else _next_month(first)
    after = _next_month(last) if _next_month(last) == last + timedelta(days=1) else last.replace(day=1)
    if start >= after:
        return None
    return start, _previous_month(after)


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _previous_month(first_of_month: date) -> date:
    return (first_of_month - timedelta(days=1)).replace(day=1)


async def sums(db: Database, org_id: int, first: date, last: date) -> list[Sums]:
    """Everything logged over [first, last] in a few dozen rows: every count goal of a period is summed from them."""
    return (await sums_by_org(db, [org_id], first, last))[org_id]


async def sums_by_org(db: Database, org_ids: list[int], first: date, last: date) -> dict[int, list[Sums]]:
    """``sums`` for each of many organisations, in the same few queries however many there are.

    Whole months are read from the month totals, the days before and after them from the day totals:
    a year's sums read some 40 rows per key, not 365."""
    months = whole_months(first, last)
    if months is None:
        spans = [_grouped(DayTotal, DayTotal.day, first, last, org_ids)]
    else:
        after = _next_month(months[1])
        spans = [_grouped(MonthTotal, MonthTotal.month, *months, org_ids)]
        if first < months[0]:
            spans.append(_grouped(DayTotal, DayTotal.day, first, months[0] - timedelta(days=1), org_ids))
        if after <= last:
            spans.append(_grouped(DayTotal, DayTotal.day, after, last, org_ids))
    found: dict[int, dict[tuple, list[int]]] = {org_id: {} for org_id in org_ids}
    async with db.session() as s:
        for query in spans:
            for row in await s.execute(query):
                summed_row = found[row[0]].setdefault(tuple(row[1:4]), [0, 0, 0])
                for i, n in enumerate(row[4:]):
                    summed_row[i] += int(n or 0)
    return {org_id: [Sums(*key, *values) for key, values in rows.items()] for org_id, rows in found.items()}


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
    query = select(func.max(DayTotal.day)).where(*_matching([org_id], rule, date.min, until), DayTotal.entries > 0)
    async with db.session() as s:
        return await s.scalar(query)
