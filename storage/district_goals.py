"""A district's own goals (its plan, or /mal), and their progress: the sum of its branches' work.

The branches' work is read as each branch's own goal would read it (per-day and month totals,
levels, welcome-call times), never as entries or members, and put together in domain.district_facts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select, update

from domain.district_facts import summed_facts
from domain.goals import GoalSpec, MilestoneStatus, without_named_responsible
from domain.progress import evaluate
from storage.database import Database
from storage.district_status import DigestFigures, DistrictGoal, digest_figures
from storage.districts import Branch, branches
from storage.goals import StoredGoal, goal_key, row_values, spec_of
from storage.many_statuses import facts_of
from storage.models import DistrictGoal as Row

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
    values["text"] = without_named_responsible(values["text"])
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
    """Each of the district's own goals, judged on its branches' work put together: every branch reads
    the goal as its own (storage.many_statuses, one query per kind and period for all branches at once),
    and domain.district_facts adds their facts up."""
    zones = {branch.org_id: branch.timezone for branch in found}
    own = await list_goals(db, district_id)
    per_branch = {goal.id: [StoredGoal(goal.id, org_id, None, goal.spec, goal.status) for org_id in zones] for goal in own}
    facts = await facts_of(db, [one for ones in per_branch.values() for one in ones], zones, today)
    result = []
    for goal in own:
        summed = summed_facts([facts[id(one)] for one in per_branch[goal.id]], goal.spec.unit, goal.status)
        result.append(DistrictGoal(goal.spec, evaluate(goal.spec, summed, today), len(found), own=True))
    return result


async def shown(db: Database, district_id: int, found: list[Branch], today: date, summed: list) -> list:
    """What the district reads as its goals: its own plan's when it has one, else its branches' summed."""
    return await progress(db, district_id, found, today) or summed


async def figures(db: Database, clock, last: date, now: datetime, reader) -> DigestFigures:
    """The digest's figures (storage.district_status.digest_figures) with the district's own goals."""
    found = await digest_figures(db, clock, last, now, reader)
    own = await shown(db, clock.district_id, await branches(db, clock.district_id), last, found.goals)
    return found._replace(goals=own)
