"""A district of 30 branches, 50 goals each and 10,000,000 logged entries: /distrikt and its digest.

Neither view reads `entries` (storage/district_status.py reads goals, per-day totals and welcome
cases), so the entries are not written one by one: the day-total rows they would make are, with
their sums adding up to --entries, spread over every day of the year, every kind, the built-in
activity types and each branch's ten föreningar. Each branch has 200 welcome cases (a busy year's
new members) and the 50 goals of the single-organisation digest benchmark (bench/digest.py).
Timed: the /distrikt text and the weekly digest's text as the sweep builds them (the digest also
writes its audit rows); the chart is timed apart, as it is drawn in a worker thread.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, func, select

from bench.digest import FORENINGAR, YEAR, ZONE, _time, fifty_goals
from domain.activities import BUILTIN
from domain.district import needs_help_first
from scheduler.district_digest import build
from storage import day_totals, districts, goals, orgs
from storage.database import Database
from storage.district_status import district_goals, district_status
from storage.models import DayTotal, WelcomeCase
from views import district as view
from views.district_chart import chart_png
from views.i18n import Texts

CHUNK = 20_000
CASES = 200
TODAY = date(2025, 12, 15)  # late in the year: nearly a whole year of rows in every goal's sum
NOW = datetime(2025, 12, 15, 10, tzinfo=UTC)
QUIET_SINCE = date(2025, 11, 1)


def _combos(foreningar: list[int]) -> list[tuple[str, str, int]]:
    kinds = [("knack", ""), ("samtal", ""), ("member", "")] + [("activity", t.key) for t in BUILTIN[:5]]
    return [(kind, activity, f) for kind, activity in kinds for f in foreningar]


def _rows(org_id: int, foreningar: list[int], entries: int, rng: random.Random, until: date):
    """Day-total rows for ``entries`` entries of one branch from New Year to ``until``, in chunks."""
    days = [YEAR[0] + timedelta(days=d) for d in range((until - YEAR[0]).days + 1)]
    combos = _combos(foreningar)
    cells = len(days) * len(combos)
    per_cell, extra = divmod(entries, cells)
    chosen = set(rng.sample(range(cells), extra))
    rows = []
    for cell in range(cells):
        n = per_cell + (cell in chosen)
        if not n:
            continue
        day, (kind, activity, forening) = days[cell // len(combos)], combos[cell % len(combos)]
        doors = n * 30 if kind == "knack" else 0
        talks = n * 8 if kind in ("knack", "samtal") else 0
        rows.append(
            {"org_id": org_id, "kind": kind, "day": day, "activity_type": activity, "forening_id": forening,
             "entries": n, "doors": doors, "conversations": talks}
        )  # fmt: skip
        if len(rows) == CHUNK:
            yield rows
            rows = []
    if rows:
        yield rows


async def seed(db: Database, branches: int, goal_count: int, entries: int) -> int:
    """The district with its branches; returns its id."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rng = random.Random(14)
    org_ids = []
    for b in range(branches):
        org_id = await orgs.create_org(db, f"Kommun {b + 1:02d} AK", FORENINGAR, ZONE, start)
        org_ids.append(org_id)
        foreningar = [f for f, _ in await orgs.foreningar(db, org_id)]
        share = entries // branches + (b < entries % branches)
        until = QUIET_SINCE if b % 7 == 3 else TODAY  # every 7th branch went quiet in November
        for rows in _rows(org_id, foreningar, share, rng, until):
            async with db.session() as s:
                await day_totals.write_rows(s, rows)
        for spec, forening in fifty_goals(foreningar)[:goal_count]:
            await goals.add_goals(db, org_id, [spec], start, forening_id=forening)
        await _cases(db, org_id, rng)
    return await districts.create(db, "S i Benchlän", org_ids, ZONE, start)


async def _cases(db: Database, org_id: int, rng: random.Random) -> None:
    """Welcome-call cases with no member behind them (no new_members rows: nothing to read there)."""
    from storage.models import Entry

    start = datetime(2025, 1, 1, tzinfo=UTC)
    async with db.session() as s:
        for i in range(CASES):
            opened = start + timedelta(seconds=rng.randrange(340 * 86_400))
            entry = Entry(org_id=org_id, kind="member", occurred_at=opened, chat_id=org_id, message_id=i,
                          members=1, created_at=opened)  # fmt: skip
            s.add(entry)
            await s.flush()
            done = opened + timedelta(days=rng.randrange(1, 9)) if i % 5 else None
            s.add(WelcomeCase(org_id=org_id, new_member_entry_id=entry.id, step="welcome_call", opened_at=opened,
                              done_at=done, closed_reason="done" if done else None))  # fmt: skip


async def measure(db: Database, branches: int, goal_count: int, entries: int, repeat: int) -> dict:
    began = time.perf_counter()
    district_id = await seed(db, branches, goal_count, entries)
    seeded_s = time.perf_counter() - began
    t, clock = Texts(), await districts.clock(db, district_id)

    async def overview() -> str:
        found = await district_status(db, await districts.branches(db, district_id), TODAY)
        lines = needs_help_first([b.line for b in found], TODAY)
        return view.overview(t, clock.name, TODAY, lines, district_goals(found, TODAY))

    async def digest() -> tuple[str, list]:
        return await build(db, clock, TODAY, t, NOW)

    text = await overview()  # warm: the first call compiles the statements
    _digest_text, lines = await digest()
    overview_queries, digest_queries = await _queries(db, overview), await _queries(db, digest)
    overview_ms, digest_ms = await _time(overview, repeat), await _time(digest, repeat)
    chart_began = time.perf_counter()
    await chart_png(t, clock.name, lines)
    chart_ms = (time.perf_counter() - chart_began) * 1000
    async with db.session() as s:
        rows = await s.scalar(select(func.count()).select_from(DayTotal))
        logged = await s.scalar(select(func.sum(DayTotal.entries)))
    return {
        "branches": branches,
        "goals_per_branch": goal_count,
        "entries": int(logged or 0),
        "day_total_rows": rows,
        "seed_s": round(seeded_s, 1),
        "distrikt_ms_p50": round(statistics.median(overview_ms), 1),
        "distrikt_ms_max": round(max(overview_ms), 1),
        "digest_ms_p50": round(statistics.median(digest_ms), 1),
        "digest_ms_max": round(max(digest_ms), 1),
        "chart_ms": round(chart_ms, 1),
        "distrikt_queries": overview_queries,
        "digest_queries": digest_queries,
        "distrikt_lines": text.count("\n") + 1,
    }


async def _queries(db: Database, call) -> dict:
    """Statements one call sends and units of work it opens (on PostgreSQL each also costs a ping,
    a BEGIN and a COMMIT): what would grow with the branches if anything did."""
    sent = {"statements": 0, "sessions": 0}

    def counter(name: str):
        def count(*_args) -> None:
            sent[name] += 1

        return count

    hooks = [(db.engine.sync_engine, "before_cursor_execute", counter("statements")),
             (db.engine.sync_engine.pool, "checkout", counter("sessions"))]  # fmt: skip
    for target, name, hook in hooks:
        event.listen(target, name, hook)
    try:
        await call()
    finally:
        for target, name, hook in hooks:
            event.remove(target, name, hook)
    return sent


async def run(branches: int, goal_count: int, entries: int, postgres: str | None = None, repeat: int = 5) -> dict:
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'district.db'}")
        await db.create_all()
        try:
            result["sqlite"] = await measure(db, branches, goal_count, entries, repeat)
        finally:
            await db.dispose()
    if postgres:
        db = Database(postgres)
        await db.drop_all()
        await db.create_all()
        try:
            result["postgresql"] = await measure(db, branches, goal_count, entries, repeat)
        finally:
            await db.drop_all()
            await db.dispose()
    return result


def table(result: dict, target_ms: float) -> str:
    lines = []
    for name, r in result.items():
        lines += [
            f"{name}: {r['branches']} branches × {r['goals_per_branch']} goals, {r['entries']} entries "
            f"in {r['day_total_rows']} day-total rows (seeded in {r['seed_s']} s)",
            f"  /distrikt   p50 {r['distrikt_ms_p50']:.1f} ms   max {r['distrikt_ms_max']:.1f} ms   "
            f"{'ok' if r['distrikt_ms_p50'] <= target_ms else 'MISSED'} (target {target_ms:g} ms)",
            f"  digest      p50 {r['digest_ms_p50']:.1f} ms   max {r['digest_ms_max']:.1f} ms   "
            f"{'ok' if r['digest_ms_p50'] <= target_ms else 'MISSED'}",
            f"  chart (one bar per branch, worker thread) {r['chart_ms']:.0f} ms",
            f"  per call: /distrikt {_sent(r['distrikt_queries'])}, digest {_sent(r['digest_queries'])}",
        ]
    return "\n".join(lines)


def _sent(counts: dict) -> str:
    return f"{counts['statements']} statements in {counts['sessions']} units of work"
