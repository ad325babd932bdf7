"""The digest of a big organisation: 1,000,000 logged entries and 50 goals, on SQLite.

The entries are written in bulk (the logging path is the core benchmark's business) and their
day totals built by the same function the migration uses; tests check that logging keeps them
equal. What is timed is the digest's text, volunteers' names included, as the sweep builds it:
every goal, the welcome calls, door-knocking and the most active föreningar. The chart is not.
A baseline in the same run: one scan that sums the entries' conversations, the naive digest's floor.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import func, insert, select

from domain.activities import BUILTIN
from domain.goals import GoalKind, GoalSpec
from domain.roles import Role
from scheduler.digest import Week, build_digest
from storage import day_totals, digests, goals, orgs
from storage.database import Database
from storage.models import DayTotal, Entry, Membership
from views.i18n import Texts

ZONE = "Europe/Stockholm"
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
FORENINGAR = [f"Förening {n}" for n in range(1, 11)]
VOLUNTEERS = 300
CHUNK = 50_000
KINDS = ("knack",) * 5 + ("samtal",) * 3 + ("activity",) + ("member",)


def _entry(i: int, rng: random.Random, start: datetime, foreningar: list[int], members: list[int]) -> dict:
    kind = KINDS[i % len(KINDS)]
    return {
        "org_id": 1,
        "membership_id": members[i % len(members)],
        "forening_id": foreningar[i % len(foreningar)],
        "kind": kind,
        "occurred_at": start + timedelta(seconds=rng.randrange(365 * 86_400)),
        "chat_id": 1,
        "message_id": i,
        "doors": rng.randrange(10, 60) if kind == "knack" else 0,
        "opened": 0,
        "conversations": rng.randrange(0, 20) if kind in ("knack", "samtal") else 0,
        "members": 1 if kind == "member" else 0,
        "activity_type": BUILTIN[i % len(BUILTIN)].key if kind == "activity" else None,
        "created_at": start,
    }


def fifty_goals(foreningar: list[int]) -> list[tuple[GoalSpec, int | None]]:
    """Ten organisation-wide goals of every kind, and four count goals for each of ten föreningar."""
    year = {"period_start": YEAR[0], "period_end": YEAR[1]}
    count = ("new_members", "conversations", "doors_knocked", "door_knocking_sessions")
    wide = [GoalSpec(kind=GoalKind.COUNT, metric=m, target=1000, **year) for m in count]
    wide += [GoalSpec(kind=GoalKind.COUNT, metric=m, target=50, **year) for m in ("member_meetings", "member_courses")]
    wide.append(GoalSpec(kind=GoalKind.CADENCE, metric="door_knocking_sessions", target=1, window_days=14, **year))
    wide.append(GoalSpec(kind=GoalKind.SLA, metric="welcome_call", target=5, **year))
    wide.append(GoalSpec(kind=GoalKind.LEVEL, metric="members_total", target=1500, **year))
    wide.append(GoalSpec(kind=GoalKind.MILESTONE, text="Ny hemsida", **year))
    scoped = [(GoalSpec(kind=GoalKind.COUNT, metric=m, target=100, **year), f) for f in foreningar for m in count]
    return [(spec, None) for spec in wide] + scoped


async def seed(db: Database, n: int) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    await orgs.create_org(db, "Stora AK", FORENINGAR, ZONE, start)
    foreningar = [f for f, _ in await orgs.foreningar(db, 1)]
    async with db.session() as s:
        await s.execute(
            insert(Membership),
            [
                {
                    "org_id": 1,
                    "telegram_user_id": 10_000 + v,
                    "role": Role.VOLONTAR.value,
                    "display_name": f"V{v}",
                    "joined_at": start,
                    "forening_id": foreningar[v % len(foreningar)],
                }
                for v in range(VOLUNTEERS)
            ],
        )
        members = list(await s.scalars(select(Membership.id)))
    rng = random.Random(7)
    for first in range(0, n, CHUNK):
        rows = [_entry(i, rng, start, foreningar, members) for i in range(first, min(n, first + CHUNK))]
        async with db.session() as s:
            await s.execute(insert(Entry), rows)
            totals = day_totals.rebuild_rows([SimpleNamespace(**r) for r in rows], ZONE)
            await s.execute(day_totals._UPSERT[db.engine.dialect.name], totals)
    for spec, forening in fifty_goals(foreningar):
        await goals.add_goals(db, 1, [spec], start, forening_id=forening)
    await digests.change(db, 1, digest_names=True)


async def _time(call, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        await call()
        times.append((time.perf_counter() - began) * 1000)
    return times


async def run(n: int = 1_000_000, repeat: int = 7) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'digest.db'}")
        await db.create_all()
        began = time.perf_counter()
        await seed(db, n)
        seeded_s = time.perf_counter() - began
        org = await digests.settings(db, 1)
        week, t = Week.ending(date(2025, 6, 15)), Texts()

        async def digest() -> str:
            return await build_digest(db, org, week, t)

        async def scan() -> float:
            async with db.session() as s:
                return await s.scalar(select(func.sum(Entry.conversations)).where(Entry.org_id == 1))

        text = await digest()  # warm: the first call compiles the statements
        await scan()
        digest_ms, scan_ms = await _time(digest, repeat), await _time(scan, repeat)
        async with db.session() as s:
            rows = await s.scalar(select(func.count()).select_from(DayTotal))
        await db.dispose()
    return {
        "entries": n,
        "goals": 50,
        "day_total_rows": rows,
        "seed_s": round(seeded_s, 1),
        "digest_ms_p50": round(statistics.median(digest_ms), 1),
        "digest_ms_max": round(max(digest_ms), 1),
        "full_scan_ms_p50": round(statistics.median(scan_ms), 1),
        "ratio_digest_to_scan": round(statistics.median(digest_ms) / statistics.median(scan_ms), 3),
        "digest_lines": text.count("\n") + 1,
    }
