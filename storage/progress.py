"""Where the organisation stands: each goal's facts gathered from the database, judged by the domain."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.counting import count_rule
from domain.goals import GoalKind
from domain.progress import Case, GoalFacts, Progress, evaluate
from storage import cases, day_totals, goals, levels
from storage.database import Database
from storage.goals import StoredGoal


@dataclass(frozen=True)
class GoalStatus:
    goal: StoredGoal
    progress: Progress


def local_period(timezone: str, first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in the organisation's zone, as UTC."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(first, time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def local_cases(found: list[cases.CaseTimes], timezone: str) -> tuple[Case, ...]:
    """Cases as the promise judges them: opened and done on local days."""
    zone = ZoneInfo(timezone)
    return tuple(Case(_local_day(c.opened_at, zone), _local_day(c.done_at, zone) if c.done_at else None) for c in found)


async def goal_facts(db: Database, goal: StoredGoal, timezone: str, today: date) -> GoalFacts:
    spec = goal.spec
    if spec.kind is GoalKind.MILESTONE:
        return GoalFacts(status=goal.status)
    if spec.kind is GoalKind.LEVEL:
        return GoalFacts(reports=await levels.series(db, goal.org_id, spec.metric, min(today, spec.period_end)))
    if spec.kind is GoalKind.SLA:
        start, end = local_period(timezone, spec.period_start, spec.period_end)
        return GoalFacts(cases=local_cases(await cases.case_times(db, goal.org_id, spec.metric, start, end), timezone))
    rule = count_rule(spec.metric or "")
    if rule is None:
        return GoalFacts()
    first, last, where = spec.period_start, spec.period_end, goal.forening_id
    if spec.kind is GoalKind.CADENCE:
        days = await day_totals.per_day(db, goal.org_id, rule, first, last, where, count_entries=True)
        return GoalFacts(events_per_day=tuple((day, int(n)) for day, n in days))
    return GoalFacts(total=await day_totals.total(db, goal.org_id, rule, first, last, where))


async def goal_statuses(db: Database, org_id: int, timezone: str, today: date) -> list[GoalStatus]:
    stored = await goals.list_goals(db, org_id)
    by_period: dict[tuple[date, date], list[day_totals.Sums]] = {}  # count goals: one query per period
    result = []
    for goal in stored:
        spec, rule = goal.spec, count_rule(goal.spec.metric or "")
        if spec.kind is GoalKind.COUNT and rule is not None:
            period = (spec.period_start, spec.period_end)
            if period not in by_period:
                by_period[period] = await day_totals.sums(db, org_id, *period)
            facts = GoalFacts(total=day_totals.summed(by_period[period], rule, goal.forening_id))
        else:
            facts = await goal_facts(db, goal, timezone, today)
        result.append(GoalStatus(goal, evaluate(spec, facts, today)))
    return result


async def daily_cumulative(
    db: Database, goal: StoredGoal, timezone: str, today: date
) -> tuple[tuple[date, float], ...]:
    """A count goal's running total per day, from the period's start to today (or its end)."""
    rule = count_rule(goal.spec.metric or "")
    if rule is None:
        return ()
    last = min(today, goal.spec.period_end)
    days = await day_totals.per_day(db, goal.org_id, rule, goal.spec.period_start, last, goal.forening_id)
    return tuple(_running_total(dict(days), _days(goal.spec.period_start, last)))


def _days(first: date, last: date) -> Iterable[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def _running_total(per_day: dict[date, float], days: Iterable[date]) -> Iterable[tuple[date, float]]:
    total = 0.0
    for day in days:
        total += per_day.get(day, 0)
        yield day, total


async def monthly_figures(db: Database, goal: StoredGoal, timezone: str, year: int) -> tuple[float | None, ...]:
    """Twelve figures for the evaluation: what was done in each month (levels: the last report)."""
    zone = ZoneInfo(timezone)
    start, end = local_period(timezone, date(year, 1, 1), date(year, 12, 31))
    spec = goal.spec
    months: list[float | None] = [None] * 12
    if spec.kind is GoalKind.LEVEL:
        for day, value in await levels.series(db, goal.org_id, spec.metric, date(year, 12, 31)):
            if day.year == year:
                months[day.month - 1] = value
        return tuple(months)
    if spec.kind is GoalKind.SLA:
        for case in await cases.case_times(db, goal.org_id, spec.metric, start, end):
            month = _local_day(case.opened_at, zone).month - 1
            months[month] = (months[month] or 0) + 1
        return tuple(months)
    rule = count_rule(spec.metric or "")
    if rule is None:
        return tuple(months)
    months = [0.0] * 12
    for day, amount in await day_totals.per_day(
        db, goal.org_id, rule, date(year, 1, 1), date(year, 12, 31), goal.forening_id
    ):
        months[day.month - 1] += amount
    return tuple(months)


async def count_series(
    db: Database, org_id: int, timezone: str, today: date
) -> list[tuple[StoredGoal, tuple[tuple[date, float], ...]]]:
    """The count goals that have started, each with its running total per day: what the chart draws."""
    found = []
    for goal in await goals.list_goals(db, org_id):
        spec = goal.spec
        if spec.kind is GoalKind.COUNT and count_rule(spec.metric or "") and spec.period_start <= today:
            found.append((goal, await daily_cumulative(db, goal, timezone, today)))
    return found
