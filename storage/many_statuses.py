"""Where many organisations' goals stand at once (a district's branches): one query per kind of figure.

storage/progress.py's ``goal_statuses`` reads one organisation's goals with a query or two per goal
kind; thirty branches that way are some 250 round trips. Here the goals of every branch are read
together and their facts gathered per kind and period (count sums, cadence days, welcome cases,
level reports) with ``organisation IN (...)``, then split by organisation — so the number of
queries follows the kinds and periods of the goals, not the number of branches. The facts and
their judgement are the same as ``goal_statuses``'s (tests/test_district_batch.py compares them).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from domain.counting import count_rule
from domain.goals import GoalKind
from domain.progress import GoalFacts, evaluate
from storage import cases, day_totals, levels
from storage.database import Database
from storage.goals import StoredGoal, stored
from storage.models import Goal
from storage.progress import GoalStatus, local_cases, local_period

Zones = dict[int, str]  # organisation id -> its timezone


async def goals_by_org(db: Database, org_ids: list[int]) -> dict[int, list[StoredGoal]]:
    """Every organisation's goals in id order, as ``goals.list_goals`` lists one's."""
    found: dict[int, list[StoredGoal]] = {org_id: [] for org_id in org_ids}
    async with db.session() as s:
        for goal in await s.scalars(select(Goal).where(Goal.org_id.in_(org_ids)).order_by(Goal.org_id, Goal.id)):
            found[goal.org_id].append(stored(goal))
    return found


async def statuses_by_org(db: Database, zones: Zones, today: date) -> dict[int, list[GoalStatus]]:
    """``progress.goal_statuses`` for each organisation in ``zones``."""
    by_org = await goals_by_org(db, list(zones))
    every = [goal for goals in by_org.values() for goal in goals]
    facts = await facts_of(db, every, zones, today)
    return {
        org_id: [GoalStatus(goal, evaluate(goal.spec, facts[id(goal)], today)) for goal in goals]
        for org_id, goals in by_org.items()
    }


async def facts_of(db: Database, goals: list[StoredGoal], zones: Zones, today: date) -> dict[int, GoalFacts]:
    """Each goal's facts (keyed by ``id(goal)``), gathered a kind and a period at a time."""
    facts: dict[int, GoalFacts] = {}
    groups: dict[tuple, list[StoredGoal]] = defaultdict(list)
    for goal in goals:
        spec = goal.spec
        if spec.kind is GoalKind.MILESTONE:
            facts[id(goal)] = GoalFacts(status=goal.status)
        elif spec.kind in (GoalKind.COUNT, GoalKind.CADENCE) and count_rule(spec.metric or "") is None:
            facts[id(goal)] = GoalFacts()
        elif spec.kind is GoalKind.COUNT:
            groups[GoalKind.COUNT, None, spec.period_start, spec.period_end].append(goal)
        elif spec.kind is GoalKind.LEVEL:
            groups[GoalKind.LEVEL, spec.metric, None, None].append(goal)
        else:
            groups[spec.kind, spec.metric, spec.period_start, spec.period_end].append(goal)
    for (kind, *_key), group in groups.items():
        facts.update(await _GATHER[kind](db, group, zones, today))
    return facts


async def _counts(db: Database, group: list[StoredGoal], _zones: Zones, _today: date) -> dict[int, GoalFacts]:
    """Count goals of one period: one set of sums per organisation, each goal summed from its own."""
    spec = group[0].spec
    rows = await day_totals.sums_by_org(db, sorted({g.org_id for g in group}), spec.period_start, spec.period_end)
    return {
        id(g): GoalFacts(total=day_totals.summed(rows[g.org_id], count_rule(g.spec.metric), g.forening_id))
        for g in group
    }


async def _cadences(db: Database, group: list[StoredGoal], _zones: Zones, _today: date) -> dict[int, GoalFacts]:
    """Cadence goals of one metric and period: entries per day, per organisation or förening."""
    spec = group[0].spec
    scopes = [(g.org_id, g.forening_id) for g in group]
    days = await day_totals.per_day_by_scope(
        db, scopes, count_rule(spec.metric), spec.period_start, spec.period_end, count_entries=True
    )
    return {
        id(g): GoalFacts(events_per_day=tuple((day, int(n)) for day, n in days[g.org_id, g.forening_id])) for g in group
    }


async def _slas(db: Database, group: list[StoredGoal], zones: Zones, _today: date) -> dict[int, GoalFacts]:
    """Promises on cases of one step and period: each organisation's cases in its own local period."""
    spec = group[0].spec
    windows = {g.org_id: local_period(zones[g.org_id], spec.period_start, spec.period_end) for g in group}
    found = await cases.case_times_by_org(db, windows, spec.metric)
    return {id(g): GoalFacts(cases=local_cases(found[g.org_id], zones[g.org_id])) for g in group}


async def _levels(db: Database, group: list[StoredGoal], _zones: Zones, today: date) -> dict[int, GoalFacts]:
    """Level goals of one metric: every organisation's reports up to the latest day any goal needs."""
    until = {id(g): min(today, g.spec.period_end) for g in group}
    reports = await levels.series_by_org(
        db, sorted({g.org_id for g in group}), group[0].spec.metric, max(until.values())
    )
    return {id(g): GoalFacts(reports=tuple(r for r in reports[g.org_id] if r[0] <= until[id(g)])) for g in group}


_GATHER = {GoalKind.COUNT: _counts, GoalKind.CADENCE: _cadences, GoalKind.SLA: _slas, GoalKind.LEVEL: _levels}
