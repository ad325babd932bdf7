"""Issue 14, scale: a district's figures are read for all its branches at once (storage/many_statuses.py),
and they are the very figures each branch's own /status reads one branch at a time.

Branches with different goals (kinds, periods, föreningar), time zones, work and welcome cases; each
batched line and goal status is compared with the per-branch path, on SQLite and PostgreSQL. And the
number of statements does not grow with the branches.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event, func, select

from bench.digest import fifty_goals
from domain.goals import GoalKind, GoalSpec, MilestoneStatus
from domain.progress import evaluate
from storage import day_totals, goals, orgs
from storage.district_status import (
    BranchStatus,
    branch_line,
    default_welcome,
    district_status,
    last_logged_by_org,
    welcome_late,
)
from storage.districts import Branch
from storage.goals import StoredGoal
from storage.models import DayTotal, Entry, LevelReport, WelcomeCase
from storage.progress import goal_facts, goal_statuses

TODAY = date(2025, 6, 18)  # a Wednesday
WEEK = (date(2025, 6, 12), TODAY)
NOW = datetime(2025, 6, 18, 10, tzinfo=UTC)
YEAR = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
SPRING = {"period_start": date(2025, 3, 1), "period_end": date(2025, 6, 30)}
ZONES = ("Europe/Stockholm", "America/New_York", "Pacific/Auckland", "Europe/Stockholm", "Europe/Stockholm")


def own_goals(branch: int, foreningar: list[int]) -> list[tuple[GoalSpec, int | None]]:
    """Branches 0, 3 and 4: the benchmark's fifty (22 with three föreningar); 1 a spring plan with its own
    welcome promise; 2 none."""
    if branch in (0, 3, 4):
        return fifty_goals(foreningar)
    if branch == 1:
        return [
            (GoalSpec(kind=GoalKind.COUNT, metric="conversations", target=300, **SPRING), None),
            (GoalSpec(kind=GoalKind.COUNT, metric="new_members", target=20, **SPRING), foreningar[0]),
            (GoalSpec(kind=GoalKind.CADENCE, metric="door_knocking_sessions", target=1, window_days=7, **SPRING),
             foreningar[1]),
            (GoalSpec(kind=GoalKind.SLA, metric="welcome_call", target=3, **SPRING), None),
            (GoalSpec(kind=GoalKind.LEVEL, metric="members_total", target=400, **SPRING), None),
            (GoalSpec(kind=GoalKind.COUNT, metric="member_meetings", target=4, **YEAR), None),
        ]  # fmt: skip
    return []


def day_rows(org_id: int, foreningar: list[int], seed: int) -> list[dict]:
    """Some work on some days of the year, different per branch; one day undone down to nothing."""
    rows = []
    for n in range(60):
        day = date(2025, 1, 1) + timedelta(days=(n * 7 + seed * 3) % 200)
        kind, activity = [("knack", ""), ("samtal", ""), ("member", ""), ("activity", "member_meeting")][n % 4]
        forening = foreningar[(n + seed) % len(foreningar)]
        rows.append({"org_id": org_id, "kind": kind, "day": day, "activity_type": activity, "forening_id": forening,
                     "entries": 1 + n % 3, "doors": 20 + n if kind == "knack" else 0,
                     "conversations": 5 + n % 4 if kind in ("knack", "samtal") else 0})  # fmt: skip
    if seed == 3:
        rows.append({"org_id": org_id, "kind": "knack", "day": date(2025, 6, 17), "activity_type": "",
                     "forening_id": foreningar[0], "entries": 0, "doors": 0, "conversations": 0})  # fmt: skip
    return rows


async def cases_and_levels(s, org_id: int, seed: int) -> None:
    """Welcome cases near the year's and spring's edges (local days differ by zone), and level reports."""
    opened = [datetime(2024, 12, 31, 23, tzinfo=UTC), datetime(2025, 1, 1, 3, tzinfo=UTC),
              datetime(2025, 2, 28, 20, tzinfo=UTC), datetime(2025, 6, 10, 9, tzinfo=UTC),
              datetime(2025, 6, 16, 9, tzinfo=UTC)]  # fmt: skip
    for i, moment in enumerate(opened):
        entry = Entry(org_id=org_id, kind="member", occurred_at=moment, chat_id=org_id, message_id=i, members=1,
                      created_at=moment)  # fmt: skip
        s.add(entry)
        await s.flush()
        done = moment + timedelta(days=2 + (i + seed) % 6) if (i + seed) % 3 else None
        reason = "not_relevant" if i == 2 and seed == 1 else ("done" if done else None)
        s.add(WelcomeCase(org_id=org_id, new_member_entry_id=entry.id, step="welcome_call", opened_at=moment,
                          done_at=done, closed_reason=reason))  # fmt: skip
    for day, value in ((date(2024, 11, 1), 300 + seed), (date(2025, 5, 2), 350 + seed), (date(2025, 7, 1), 999)):
        s.add(LevelReport(org_id=org_id, metric="members_total", value=value, day=day, reported_at=NOW))


async def district(db) -> list[Branch]:
    found = []
    for b, zone in enumerate(ZONES):
        org_id = await orgs.create_org(db, f"Kommun {b}", [f"F{b}a", f"F{b}b", f"F{b}c"], zone, NOW)
        foreningar = [f for f, _ in await orgs.foreningar(db, org_id)]
        for spec, forening in own_goals(b, foreningar):
            await goals.add_goals(db, org_id, [spec], NOW, forening_id=forening)
        if b != 4:  # the fifth branch has logged nothing at all
            async with db.session() as s:
                await day_totals.write_rows(s, day_rows(org_id, foreningar, b))
                await cases_and_levels(s, org_id, b)
        found.append(Branch(org_id, f"Kommun {b}", zone))
    return found


async def one_by_one(db, branch: Branch) -> BranchStatus:
    """The branch as its own /status reads it, and its week and last day, a query at a time."""
    statuses = await goal_statuses(db, branch.org_id, branch.timezone, TODAY)
    week = await day_totals.sums(db, branch.org_id, *WEEK)
    async with db.session() as s:
        last = await s.scalar(
            select(func.max(DayTotal.day)).where(
                DayTotal.org_id == branch.org_id, DayTotal.day <= TODAY, DayTotal.entries > 0
            )
        )
    return BranchStatus(branch_line(branch, statuses, week, last, TODAY), statuses)


async def test_batched_figures_are_each_branchs_own(any_db):
    found = await district(any_db)
    batched = await district_status(any_db, found, TODAY, WEEK)
    expected = [await one_by_one(any_db, branch) for branch in found]
    for got, want in zip(batched, expected, strict=True):
        assert got.statuses == want.statuses
        assert got.line == want.line
    assert [len(b.statuses) for b in batched] == [22, 6, 0, 22, 22]
    assert batched[1].line.week.conversations or batched[0].line.week.conversations  # the week is not empty
    assert batched[4].line.last_logged is None
    undone = (await last_logged_by_org(any_db, [found[3].org_id], TODAY))[found[3].org_id]
    assert date(2025, 6, 1) < undone < date(2025, 6, 17)  # the day undone down to nothing is no work
    assert {s.progress.kind for s in batched[1].statuses} == set(GoalKind) - {GoalKind.MILESTONE}


async def test_late_welcome_calls_count_as_each_branchs_digest_does(any_db):
    found = await district(any_db)
    batched = await district_status(any_db, found, TODAY, WEEK)
    late = overdue = 0
    for branch, status in zip(found, batched, strict=True):
        own = [s.progress for s in status.statuses if s.goal.spec.kind is GoalKind.SLA and s.goal.forening_id is None]
        if not own:  # no promise of its own: the default one, read for this branch alone
            goal = StoredGoal(0, branch.org_id, None, default_welcome(TODAY), MilestoneStatus.NOT_STARTED)
            own = [evaluate(goal.spec, await goal_facts(any_db, goal, branch.timezone, TODAY), TODAY)]
        late, overdue = late + (own[0].late or 0), overdue + (own[0].overdue or 0)
    assert await welcome_late(any_db, batched, found, TODAY) == (late, overdue)
    assert late > 0 and overdue > 0  # the comparison compared something


async def test_the_queries_do_not_grow_with_the_branches(any_db):
    found = await district(any_db)
    same_goals = [found[0], found[3], found[4]]  # the benchmark's goals each

    async def statements(branches: list[Branch]) -> int:
        sent = []
        hook = lambda *_args: sent.append(1)  # noqa: E731
        event.listen(any_db.engine.sync_engine, "before_cursor_execute", hook)
        try:
            status = await district_status(any_db, branches, TODAY, WEEK)
            await welcome_late(any_db, status, branches, TODAY)
        finally:
            event.remove(any_db.engine.sync_engine, "before_cursor_execute", hook)
        return len(sent)

    one, three = await statements(same_goals[:1]), await statements(same_goals)
    assert one == three
    assert three <= 8  # goals, the year's sums (months and days), cadence days, cases, levels, the week, last days
