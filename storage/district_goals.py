"""A district's own goals (its plan, or /mal), and their progress: the sum of its branches' work.

The branches' work is read as each branch's own goal would read it (per-day and month totals,
levels, welcome-call times), never as entries or members, and put together in domain.district_facts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select, update

from domain.counting import count_rule
from domain.district_facts import summed_facts
from domain.goals import GoalKind, GoalSpec, MilestoneStatus
from domain.progress import GoalFacts, evaluate
from storage import day_totals
from storage.database import Database
from storage.district_status import DigestFigures, DistrictGoal, digest_figures
from storage.districts import Branch, branches
from storage.goals import StoredGoal, goal_key, row_values, spec_of
from storage.models import DistrictGoal as Row
from storage.progress import goal_facts

DISTRICT = 0  # a district goal's StoredGoal.org_id: it is no branch's


def _stored(row: Row) -> StoredGoal:
    return StoredGoal(row.id, DISTRICT, None, spec_of(row), MilestoneStatus(row.status))


async def list_goals(db: Database, district_id: int) -> list[StoredGoal]:
    async with db.session() as s:
        rows = await s.scalars(select(Row).where(Row.district_id == district_id).order_by(Row.id))
        return [_stored(row) for row in rows]


async def existing_goals(db: Database, district_id: int) -> dict[tuple, int]:
    return {goal_key(g.spec, None): g.id for g in await list_goals(db, district_id)}


async def add_goals(db: Database, district_id: int, specs: list[GoalSpec], now: datetime) -> list[int]:
    async with db.session() as s:
        rows = [Row(district_id=district_id, **_without_person(row_values(spec, now))) for spec in specs]
        s.add_all(rows)
        await s.flush()
        return [row.id for row in rows]


def _without_person(values: dict) -> dict:
    values.pop("responsible", None)
    return values


async def delete_goal(db: Database, district_id: int, goal_id: int) -> bool:
    async with db.session() as s:
        gone = await s.execute(delete(Row).where(Row.district_id == district_id, Row.id == goal_id))
        return gone.rowcount == 1


async def set_status(db: Database, district_id: int, goal_id: int, status: MilestoneStatus) -> bool:
    async with db.session() as s:
        done = await s.execute(
            update(Row).where(Row.district_id == district_id, Row.id == goal_id).values(status=status.value)
        )
        return done.rowcount == 1


async def progress(db: Database, district_id: int, found: list[Branch], today: date) -> list[DistrictGoal]:
    """Each of the district's own goals, judged on its branches' work put together: counts, cadences
    and welcome calls in one read across the branches (per time zone), levels branch by branch."""
    every = tuple(branch.org_id for branch in found)
    known: dict[tuple, GoalFacts] = {}  # goals of one kind, measure and period share their facts
    sums: dict[tuple[date, date], list[day_totals.Sums]] = {}
    result = []
    for goal in await list_goals(db, district_id):
        spec = goal.spec
        key = (spec.kind, spec.metric, spec.unit, spec.period_start, spec.period_end)
        if spec.kind is GoalKind.MILESTONE:
            facts = GoalFacts(status=goal.status)
        elif key in known:
            facts = known[key]
        else:
            facts = known[key] = await _facts(db, goal, found, every, today, sums)
        result.append(DistrictGoal(spec, evaluate(spec, facts, today), len(found), own=True))
    return result


async def _facts(
    db: Database, goal: StoredGoal, found: list[Branch], every: tuple, today: date, sums: dict
) -> GoalFacts:
    spec, rule = goal.spec, count_rule(goal.spec.metric or "")
    if spec.kind is GoalKind.COUNT and rule is not None:
        period = (spec.period_start, spec.period_end)
        if period not in sums:
            sums[period] = await day_totals.sums(db, every, *period)
        return GoalFacts(total=day_totals.summed(sums[period], rule))
    each = []
    for timezone, org_ids in _groups(spec, found):
        # storage.progress.goal_facts reads several organisations at once where its reads take a tuple
        as_one = StoredGoal(goal.id, org_ids, None, spec, goal.status)
        each.append(await goal_facts(db, as_one, timezone, today))
    return summed_facts(each, spec.unit, goal.status)


def _groups(spec: GoalSpec, found: list[Branch]) -> list[tuple[str, int | tuple[int, ...]]]:
    """Who is read together: a level is each branch's own latest report, so branch by branch; work and
    welcome calls all the branches in one time zone at once (a case's day is its branch's local day)."""
    if spec.kind is GoalKind.LEVEL:
        return [(branch.timezone, branch.org_id) for branch in found]
    zones: dict[str, list[int]] = {}
    for branch in found:
        zones.setdefault(branch.timezone, []).append(branch.org_id)
    return [(zone, tuple(ids)) for zone, ids in zones.items()]


async def shown(db: Database, district_id: int, found: list[Branch], today: date, summed: list) -> list:
    """What the district reads as its goals: its own plan's when it has one, else its branches' summed."""
    return await progress(db, district_id, found, today) or summed


async def figures(db: Database, clock, last: date, now: datetime, reader) -> DigestFigures:
    """The digest's figures (storage.district_status.digest_figures) with the district's own goals."""
    found = await digest_figures(db, clock, last, now, reader)
    own = await shown(db, clock.district_id, await branches(db, clock.district_id), last, found.goals)
    return found._replace(goals=own)
