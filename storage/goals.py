"""The plan's goals as rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from domain.goals import GoalKind, GoalSpec, MilestoneStatus, Unit
from storage.database import Database
from storage.models import Goal


@dataclass(frozen=True)
class StoredGoal:
    id: int
    org_id: int
    forening_id: int | None
    spec: GoalSpec
    status: MilestoneStatus


def stored(goal: Goal) -> StoredGoal:
    return StoredGoal(goal.id, goal.org_id, goal.forening_id, spec_of(goal), MilestoneStatus(goal.status))


def spec_of(goal) -> GoalSpec:
    """The spec of a goal row: a branch's (goals) or a district's (district_goals, which keeps no responsible)."""
    return GoalSpec(
        kind=GoalKind(goal.kind),
        metric=goal.metric,
        target=goal.target,
        unit=Unit(goal.unit),
        window_days=goal.window_days,
        remind_after_days=goal.remind_after_days,
        period_start=goal.period_start,
        period_end=goal.period_end,
        deadline=goal.deadline,
        area=goal.area,
        responsible=getattr(goal, "responsible", None),
        text=goal.text,
    )


async def add_goals(
    db: Database, org_id: int, specs: list[GoalSpec], now: datetime, forening_id: int | None = None
) -> list[int]:
    async with db.session() as s:
        rows = [Goal(org_id=org_id, forening_id=forening_id, **row_values(spec, now)) for spec in specs]
        s.add_all(rows)
        await s.flush()
        return [row.id for row in rows]


def row_values(spec: GoalSpec, now: datetime) -> dict:
    """A new goal row's columns from its spec (a district's row then drops ``responsible``)."""
    values = {**spec.model_dump(), "kind": spec.kind.value, "unit": spec.unit.value}
    return values | {"created_at": now, "status": MilestoneStatus.NOT_STARTED.value}


def goal_key(spec: GoalSpec, forening_id: int | None) -> tuple:
    """What makes two goals the same goal: kind, metric, scope, period and target (a milestone: its text)."""
    text = spec.text if spec.kind is GoalKind.MILESTONE else None
    return (spec.kind, spec.metric, forening_id, spec.period_start, spec.period_end, spec.target, text)


async def existing_goals(db: Database, org_id: int) -> dict[tuple, int]:
    """Each goal's key (see goal_key) and its id: a goal set twice is refused, not stored twice."""
    return {goal_key(g.spec, g.forening_id): g.id for g in await list_goals(db, org_id)}


async def list_goals(db: Database, org_id: int) -> list[StoredGoal]:
    async with db.session() as s:
        rows = await s.scalars(select(Goal).where(Goal.org_id == org_id).order_by(Goal.id))
        return [stored(g) for g in rows]


async def delete_goal(db: Database, org_id: int, goal_id: int) -> bool:
    async with db.session() as s:
        result = await s.execute(delete(Goal).where(Goal.org_id == org_id, Goal.id == goal_id))
        return result.rowcount == 1


async def set_status(db: Database, org_id: int, goal_id: int, status: MilestoneStatus) -> bool:
    async with db.session() as s:
        goal = await s.get(Goal, goal_id)
        if goal is None or goal.org_id != org_id:
            return False
        goal.status = status.value
        return True
